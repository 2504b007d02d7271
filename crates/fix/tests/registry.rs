//! The link between rules and fixers is written once, on the rule
//! (`RuleMeta::fixer`): every name resolves, every fixer closes something,
//! and `fix` on a fixable rule's bad fixture leaves no finding of that rule
//! and a second run changes nothing.

use std::path::{Path, PathBuf};

use tfready_fix::{apply, plan, FixOptions, FIXERS};
use tfready_model::{LoadOptions, Project};
use tfready_rules::{audit, Config, RULES};

#[test]
fn every_rule_names_a_fixer_that_exists_and_every_fixer_is_named() {
    for r in RULES {
        if let Some(f) = r.meta.fixer {
            assert!(
                FIXERS.iter().any(|x| x.id == f),
                "{} names fixer {f}, which does not exist",
                r.meta.id
            );
        }
    }
    for f in FIXERS {
        assert!(f.rules().next().is_some(), "no rule names fixer {}", f.id);
        for need in f.needs {
            assert!(
                FIXERS.iter().any(|x| x.id == *need),
                "{} needs {need}",
                f.id
            );
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rules/tests/fixtures")
}

/// Bad fixtures too small for their fix (the corpus test covers these on
/// whole stacks), and what the fix cannot do yet. Each must still fail here,
/// so the list shrinks when a fixture or a fixer grows.
const NOT_ON_THE_FIXTURE: &[(&str, &str)] = &[
    (
        "TFR031",
        "TLS moves to a load balancer, which needs a VPC and subnets",
    ),
    ("TFR041", "a load balancer needs the VPC and public subnets"),
    (
        "TFR061",
        "ElastiCache needs the VPC, private subnets and the app's group",
    ),
    ("TFR192", "network ACLs need subnets to attach to"),
    (
        "TFR091",
        "an Auto Scaling group needs a target group, public subnets and the app's security group",
    ),
    (
        "TFR942",
        "a redirect needs port 443 open on the load balancer's groups, which the fixture lacks",
    ),
    (
        "TFR071",
        "not written yet: a CLOUDFRONT-scope web ACL for a distribution",
    ),
];

#[test]
fn fixing_a_rules_bad_fixture_leaves_no_finding_of_it() {
    let mut failures = Vec::new();
    for r in RULES.iter().filter(|r| r.meta.fixable()) {
        let bad = fixtures().join(r.meta.id).join("bad");
        if !bad.is_dir() {
            continue;
        }
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(&bad, tmp.path());
        let opts = FixOptions {
            rules: vec![r.meta.id.to_string()],
            ..FixOptions::default()
        };
        let before = Project::load(tmp.path(), &LoadOptions::default()).unwrap();
        let fix = plan(&before, &opts);
        apply(tmp.path(), &fix.changes).unwrap();
        let after = Project::load(tmp.path(), &LoadOptions::default()).unwrap();
        let left: Vec<String> = audit(&after, &Config::default())
            .findings
            .iter()
            .filter(|f| f.rule.id == r.meta.id)
            .map(|f| format!("{} {}", f.location, f.message))
            .collect();
        let excused = NOT_ON_THE_FIXTURE.iter().any(|(id, _)| *id == r.meta.id);
        if !left.is_empty() && !excused {
            failures.push(format!(
                "{}: {left:?}\n  next steps: {:?}",
                r.meta.id, fix.next_steps
            ));
        }
        if left.is_empty() && excused {
            failures.push(format!(
                "{}: now fixed on its fixture; drop it from NOT_ON_THE_FIXTURE",
                r.meta.id
            ));
        }
        if !plan(&after, &opts).changes.is_empty() {
            failures.push(format!("{}: a second run changes something", r.meta.id));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
