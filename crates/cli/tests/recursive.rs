//! `--recursive`: every root module under PATH (not the modules they call,
//! not `.terraform/`), one report whose JSON, SARIF and JUnit carry each
//! finding's root, and the worst exit code.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn tfready(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Two environment roots calling one shared module; a stray copy under
/// `.terraform/` that must not count.
fn monorepo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "modules/store/main.tf",
        "variable \"name\" {\n  type = string\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\n",
    );
    for env in ["dev", "prod"] {
        write(
            root,
            &format!("live/{env}/main.tf"),
            &format!("module \"store\" {{\n  source = \"../../modules/store\"\n  name   = \"store-{env}\"\n}}\n"),
        );
    }
    write(
        root,
        "live/prod/extra.tf",
        "resource \"aws_s3_bucket\" \"x\" {\n  bucket        = \"x\"\n  no_such_thing = 1\n}\n",
    );
    write(
        root,
        ".terraform/modules/copy/main.tf",
        "resource \"aws_s3_bucket\" \"y\" {\n  nope = 1\n}\n",
    );
    dir
}

#[test]
fn audit_runs_on_each_root_and_json_names_it() {
    let dir = monorepo();
    let out = tfready(
        &["audit", ".", "--recursive", "--format", "json"],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let roots: Vec<&str> = doc["roots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["root"].as_str().unwrap())
        .collect();
    assert_eq!(roots, ["live/dev", "live/prod"]);
    for r in doc["roots"].as_array().unwrap() {
        assert_eq!(r["command"], "audit");
        assert!(!r["findings"].as_array().unwrap().is_empty());
    }
}

#[test]
fn compact_json_keeps_each_roots_document_and_names_it() {
    let dir = monorepo();
    let run = |extra: &[&str]| -> Value {
        let mut args = vec!["audit", ".", "-r", "--format", "json"];
        args.extend(extra);
        let out = tfready(&args, dir.path());
        assert_eq!(out.status.code(), Some(1));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (full, compact) = (run(&[]), run(&["--compact"]));
    assert_eq!(compact["compact"], true);
    let (full, compact) = (
        full["roots"].as_array().unwrap(),
        compact["roots"].as_array().unwrap(),
    );
    assert_eq!(full.len(), compact.len());
    for (f, c) in full.iter().zip(compact) {
        assert_eq!(f["root"], c["root"]);
        assert_eq!(f["summary"], c["summary"]);
        let ids = |doc: &Value| -> Vec<Value> {
            doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["rule_id"].clone())
                .collect()
        };
        assert_eq!(ids(f), ids(c));
        for id in ids(c) {
            assert!(c["rules"][id.as_str().unwrap()]["title"].is_string());
        }
    }
}

#[test]
fn validate_sarif_is_one_run_with_paths_under_path() {
    let dir = monorepo();
    let out = tfready(&["validate", ".", "-r", "--format", "sarif"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["runs"].as_array().unwrap().len(), 1);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(
        results.len(),
        1,
        "only live/prod's unknown argument: {results:#?}"
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "live/prod/extra.tf"
    );
    assert_eq!(results[0]["properties"]["root"], "live/prod");
}

#[test]
fn terminal_and_junit_cover_every_root_and_the_worst_code_wins() {
    let dir = monorepo();
    let out = tfready(&["validate", ".", "--recursive"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("==> live/dev <==") && text.contains("==> live/prod <=="),
        "{text}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "prod fails, dev passes: the run fails"
    );
    let out = tfready(&["audit", ".", "-r", "--format", "junit"], dir.path());
    let xml = String::from_utf8_lossy(&out.stdout);
    assert_eq!(xml.matches("<testsuites").count(), 1, "{xml}");
    assert!(xml.contains("<testsuite name=\"live/dev: "), "{xml}");
}

#[test]
fn recursive_is_refused_where_it_means_nothing() {
    let dir = monorepo();
    let out = tfready(&["fix", ".", "--recursive", "--phase", "all"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let empty = tempfile::tempdir().unwrap();
    let out = tfready(&["audit", ".", "--recursive"], empty.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn shared_modules_beside_the_roots_are_analysed_under_each_root() {
    // modules/store is outside both roots but inside PATH: each root's
    // instance of it is audited, reported at its path under PATH.
    let dir = monorepo();
    let out = tfready(&["audit", ".", "-r", "--format", "sarif"], dir.path());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &doc["runs"][0];
    let mut in_module: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "modules/store/main.tf"
        })
        .map(|r| r["properties"]["root"].as_str().unwrap())
        .collect();
    in_module.dedup();
    assert_eq!(in_module, ["live/dev", "live/prod"]);
    let notes = run["invocations"][0]["toolExecutionNotifications"].to_string();
    assert!(!notes.contains("module-outside-root"), "{notes}");
    // One rule registry, the scanned directory as the source root.
    let ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(ids.len(), unique.len());
    let base = run["originalUriBaseIds"]["SRCROOT"]["uri"]
        .as_str()
        .unwrap();
    let canonical = dir.path().canonicalize().unwrap();
    assert_eq!(base, format!("file://{}/", canonical.display()));
}

#[test]
fn a_root_that_cannot_be_read_is_named_and_the_others_still_report() {
    let dir = monorepo();
    write(
        dir.path(),
        "live/broken/main.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n",
    );
    write(
        dir.path(),
        "live/misconfigured/main.tf",
        "resource \"aws_s3_bucket\" \"c\" {}\n",
    );
    write(
        dir.path(),
        "live/misconfigured/.tfready.toml",
        "fail_on = [\n",
    );
    let out = tfready(&["audit", ".", "-r", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(2), "input errors win");
    // A root's error on stderr says which root it is.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("live/misconfigured: error: "), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let roots = doc["roots"].as_array().unwrap();
    let names: Vec<&str> = roots.iter().map(|r| r["root"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["live/broken", "live/dev", "live/misconfigured", "live/prod"]
    );
    assert!(roots[0]["diagnostics"].to_string().contains("parse-error"));
    assert_eq!(roots[2]["error"], "no report (see stderr)");
    assert!(!roots[1]["findings"].as_array().unwrap().is_empty());
}
