//! The shipped production example (`examples/huron-pmo-production`, what
//! `fix` makes of `examples/huron-pmo`): no finding in any environment,
//! nothing `validate` rejects, the phase 2-4 compute wired from the root,
//! its cost equal to fix's "after" figure, and a README whose phase table
//! is `cost`'s.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn production() -> PathBuf {
    repo().join("examples/huron-pmo-production")
}

fn tfready(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}{}",
            stdout(o),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn every_environment_audits_clean_and_validate_finds_nothing() {
    for env in ["prod", "staging", "dev"] {
        let out = tfready(&[
            "audit",
            path(&production()),
            "--env",
            env,
            "--format",
            "json",
        ]);
        let doc = json(&out);
        let open: Vec<String> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["suppressed"] != true)
            .map(|f| format!("{} {}", f["rule_id"], f["message"]))
            .collect();
        assert!(open.is_empty(), "--env {env}: {open:#?}");
    }
    let out = tfready(&["validate", path(&production()), "--format", "json"]);
    let doc = json(&out);
    assert_eq!(doc["findings"].as_array().map(Vec::len), Some(0), "{doc}");
}

#[test]
fn the_auto_scaling_group_cloudfront_and_the_replica_are_wired_from_the_root() {
    let main = std::fs::read_to_string(production().join("main.tf")).unwrap();
    for (module, resource) in [
        ("asg", "resource \"aws_autoscaling_group\""),
        ("cloudfront", "resource \"aws_cloudfront_distribution\""),
        ("read_replica", "replicate_source_db"),
    ] {
        assert!(
            main.contains(&format!(
                "module \"{module}\" {{\n  source = \"./modules/{module}\""
            )),
            "main.tf does not call modules/{module}"
        );
        let text = std::fs::read_to_string(production().join(format!("modules/{module}/main.tf")))
            .unwrap();
        assert!(text.contains(resource), "modules/{module} lacks {resource}");
    }
}

/// The "after" figure `fix` prints for the embedded example.
fn fix_after() -> String {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("stack");
    copy_dir(&repo().join("examples/huron-pmo"), &dir);
    let out = tfready(&["fix", path(&dir), "--phase", "all", "--allow-dirty"]);
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.starts_with("Monthly cost"))
        .unwrap_or_else(|| panic!("no cost line:\n{text}"));
    let after = line.split(" before, ").nth(1).expect("before, after");
    after
        .split_whitespace()
        .next()
        .unwrap()
        .trim_start_matches('$')
        .to_string()
}

#[test]
fn its_cost_is_what_fix_says_after_and_no_phase_adds_to_it() {
    let out = tfready(&[
        "cost",
        path(&production()),
        "--env",
        "prod",
        "--format",
        "json",
    ]);
    let doc = json(&out);
    let total = doc["estimate"]["total_usd"].as_f64().unwrap();
    let production_total = doc["phases"]["production"]["monthly_usd"].as_f64().unwrap();
    assert_eq!(format!("{total:.2}"), fix_after());
    assert_eq!(format!("{production_total:.2}"), format!("{total:.2}"));
    let readme = std::fs::read_to_string(production().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("**${total:.2}**")),
        "README lacks ${total:.2}"
    );
}

#[test]
fn the_readme_phase_table_is_costs() {
    let out = tfready(&[
        "cost",
        path(&repo().join("examples/huron-pmo")),
        "--env",
        "prod",
    ]);
    let text = stdout(&out);
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("PHASE "))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(table.len() >= 7, "{text}");
    let readme = std::fs::read_to_string(production().join("README.md")).unwrap();
    for line in table {
        assert!(readme.contains(line), "README lacks {line:?}");
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
