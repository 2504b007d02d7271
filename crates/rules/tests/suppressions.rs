//! Suppressions: inline comments (with reasons, on blocks, attributes and
//! module calls, with expiry) and config ignores.

use std::path::PathBuf;

use tfready_model::{LoadOptions, Project};
use tfready_rules::{audit, Config};

fn project() -> Project {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures-suppress/inline");
    Project::load(&dir, &LoadOptions::default()).unwrap()
}

fn select(rules: &[&str]) -> Config {
    Config {
        select: rules.iter().map(|s| s.to_string()).collect(),
        ..Config::default()
    }
}

#[test]
fn inline_suppressions_cover_their_block_and_module_calls_with_reasons() {
    let p = project();
    let r = audit(&p, &select(&["app-port-open-to-world", "ssh-open"]));
    let active: Vec<String> = r
        .findings
        .iter()
        .map(|f| format!("{} {}", f.rule.id, f.location))
        .collect();
    let suppressed: Vec<String> = r
        .suppressed
        .iter()
        .map(|s| {
            format!(
                "{} {} {}: {}",
                s.by, s.finding.rule.id, s.finding.location, s.reason
            )
        })
        .collect();
    // 5173 is not under the comment; the expired suppression no longer applies.
    assert_eq!(
        active,
        ["TFR131 main.tf:10-15", "TFR151 main.tf:26-31"],
        "{active:?}"
    );
    assert_eq!(suppressed.len(), 2, "{suppressed:?}");
    assert!(
        suppressed[0].starts_with(
            "inline TFR131 main.tf:4-9: demo port, closed after the launch (JIRA-7) (main.tf:3)"
        ),
        "{suppressed:?}"
    );
    assert!(
        suppressed[1].starts_with(
            "inline TFR151 modules/net/main.tf:3-8: bastion module is reached through the VPN only"
        ),
        "{suppressed:?}"
    );
}

#[test]
fn expired_suppressions_are_reported() {
    let p = project();
    let r = audit(&p, &select(&["invalid-suppression"]));
    let msgs: Vec<&str> = r.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(msgs, ["the suppression of ssh-open expired on 2001-01-01"]);
}

#[test]
fn config_ignores_carry_their_reason_and_can_be_limited_to_paths() {
    let p = project();
    let config = Config::parse(
        "select = [\"ssh-open\"]\n[[ignore]]\nrule = \"TFR151\"\nreason = \"accepted risk, OPS-1\"\npaths = [\"main.tf\"]\n",
        ".tfready.toml",
        &tfready_rules::is_rule,
    )
    .unwrap();
    let r = audit(&p, &config);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    let by: Vec<(&str, &str)> = r
        .suppressed
        .iter()
        .map(|s| (s.by, s.reason.as_str()))
        .collect();
    assert!(by.contains(&("config", "accepted risk, OPS-1")), "{by:?}");
}

#[test]
fn invalid_config_names_the_key() {
    for (text, want) in [
        ("selectt = []", "unknown field `selectt`"),
        ("select = [\"TFR000\"]", "unknown rule \"TFR000\""),
        ("[severity]\nTFR011 = \"huge\"", "severity.TFR011"),
        (
            "[[ignore]]\nrule = \"TFR011\"\nreason = \"\"",
            "needs a reason",
        ),
        ("fail-on = 3", "fail-on"),
    ] {
        let e = Config::parse(text, ".tfready.toml", &tfready_rules::is_rule)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(".tfready.toml: ") && e.contains(want),
            "{text:?} -> {e}"
        );
    }
}
