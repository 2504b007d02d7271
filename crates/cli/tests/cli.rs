//! The binary as users run it: the README's commands, exit codes, broken
//! input, colour, and secrets that must never be printed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const SECRET: &str = "Hur0nPMO-prod-2024!";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example() -> PathBuf {
    repo().join("examples/huron-pmo")
}

fn tfready(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", text(o)))
}

/// Findings as (rule id, file, line, end line, message).
fn findings(doc: &Value) -> Vec<(String, String, u64, u64, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["location"]["file"].as_str().unwrap().to_string(),
                f["location"]["line"].as_u64().unwrap(),
                f["location"]["end_line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
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

#[test]
fn audit_of_the_example_finds_the_spec_gaps_at_the_spec_lines() {
    let out = tfready(&["audit", example().to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let doc = json(&out);
    assert_eq!(doc["schema_version"], 1);
    let f = findings(&doc);
    let has = |rule: &str, file: &str, pred: &dyn Fn(u64, u64, &str) -> bool| {
        f.iter()
            .any(|(r, fl, l, e, m)| r == rule && fl == file && pred(*l, *e, m))
    };
    assert!(
        has("TFR011", "main.tf", &|l, e, _| (l, e) == (16, 18)),
        "state: {f:#?}"
    );
    assert!(
        has("TFR021", "variables.tf", &|l, e, m| (l, e) == (126, 130)
            && m.contains("terraform.tfvars")),
        "secret: {f:#?}"
    );
    for port in ["port 4000", "port 5173", "SSH (port 22)"] {
        let rule = if port.starts_with("SSH") {
            "TFR151"
        } else {
            "TFR131"
        };
        assert!(
            has(rule, "modules/vpc/main.tf", &|l, e, m| l >= 146
                && e <= 180
                && m.contains(port)
                && m.contains("0.0.0.0/0")),
            "{port}: {f:#?}"
        );
    }
    assert!(
        has("TFR031", "outputs.tf", &|l, e, _| (l, e) == (189, 192)),
        "certificate: {f:#?}"
    );
    assert!(
        has("TFR041", "modules/route53/main.tf", &|l, e, _| (l, e)
            == (24, 24)),
        "load balancer: {f:#?}"
    );
    assert!(f.iter().any(|(r, ..)| r == "TFR051"), "monitoring: {f:#?}");
    // Each finding carries what the issue asks for.
    let first = &doc["findings"][0];
    for key in [
        "rule_id",
        "severity",
        "phase",
        "title",
        "location",
        "message",
        "risk",
        "remediation",
        "effort",
    ] {
        assert!(!first[key].is_null(), "finding lacks {key}: {first}");
    }
}

#[test]
fn the_password_in_tfvars_appears_in_no_output() {
    let ex = example();
    let ex = ex.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["audit", ex],
        vec!["audit", ex, "--color", "always"],
        vec!["audit", ex, "--format", "json"],
        vec!["audit", ex, "--quiet"],
        vec!["audit", ex, "--env", "prod"],
        vec!["audit", ex, "--var", "environment=dev"],
        vec!["rules"],
        vec!["rules", "--markdown"],
        vec!["explain", "secret-in-tfvars"],
        vec!["validate", ex],
        vec!["validate", ex, "--format", "sarif"],
        vec!["cost", ex, "--format", "json"],
        vec!["cost", ex, "--write-usage"],
        vec!["fix", ex, "--phase", "all", "--diff"],
        vec!["fix", ex, "--phase", "all", "--dry-run"],
    ];
    for args in runs {
        let out = tfready(&args);
        assert!(!text(&out).contains(SECRET), "{args:?} printed the secret");
    }
}

#[test]
fn a_broken_file_is_named_and_the_rest_is_still_audited() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example(), dir.path());
    std::fs::write(
        dir.path().join("broken.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  tags = {\n",
    )
    .unwrap();
    let out = tfready(&["audit", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "input errors exit 2: {}",
        text(&out)
    );
    let doc = json(&out);
    let diags = doc["diagnostics"].as_array().unwrap();
    let broken = diags
        .iter()
        .find(|d| d["location"]["file"] == "broken.tf")
        .expect("broken.tf reported");
    assert_eq!(broken["code"], "parse-error");
    assert!(
        broken["location"]["line"].as_u64().unwrap() >= 3,
        "{broken}"
    );
    let f = findings(&doc);
    assert!(
        f.iter().any(|(r, ..)| r == "TFR011"),
        "other files still audited"
    );
    assert!(f
        .iter()
        .any(|(r, fl, ..)| r == "TFR131" && fl == "modules/vpc/main.tf"));

    // The terminal report names it too.
    let out = tfready(&["audit", dir.path().to_str().unwrap()]);
    assert!(text(&out).contains("broken.tf:"), "{}", text(&out));
}

#[test]
fn bad_paths_are_clear_errors_with_exit_2() {
    let out = tfready(&["audit", "/definitely/not/here"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("/definitely/not/here: no such file or directory"),
        "{}",
        text(&out)
    );

    let dir = tempfile::tempdir().unwrap();
    let out = tfready(&["audit", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("no .tf or .tf.json files"),
        "{}",
        text(&out)
    );

    std::fs::write(
        dir.path().join("main.tf"),
        b"resource \"a\" \"b\" { x = \"\xff\xfe\" }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ok.tf"),
        "terraform {\n  backend \"local\" {}\n}\n",
    )
    .unwrap();
    let out = tfready(&["audit", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(
        t.contains("main.tf") && t.contains("not valid UTF-8"),
        "{t}"
    );
    assert!(t.contains("TFR011"), "the valid file is still audited: {t}");

    let out = tfready(&["audit", "--fail-on", "bogus"]);
    assert_eq!(out.status.code(), Some(2), "usage errors exit 2");
}

#[test]
fn exit_codes_follow_fail_on() {
    let good = repo().join("crates/rules/src/rules/state/local_state/fixtures/good");
    let out = tfready(&["audit", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let bad = repo().join("crates/rules/src/rules/access/ssh_key_pair/fixtures/bad");
    let only = ["--select", "ssh-key-pair"];
    let audit = |extra: &[&str]| {
        tfready(&[&["audit", bad.to_str().unwrap()], &only[..], extra].concat())
            .status
            .code()
    };
    assert_eq!(
        audit(&[]),
        Some(0),
        "a low finding is below the default fail-on (high)"
    );
    assert_eq!(audit(&["--fail-on", "low"]), Some(1));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let ex = example();
    let plain = tfready(&["audit", ex.to_str().unwrap()]);
    assert!(
        !text(&plain).contains('\u{1b}'),
        "not a terminal: no colour"
    );
    let forced = tfready(&["audit", ex.to_str().unwrap(), "--color", "always"]);
    assert!(text(&forced).contains('\u{1b}'));
    let out = Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(["audit", ex.to_str().unwrap()])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!text(&out).contains('\u{1b}'), "NO_COLOR wins");
}

#[test]
fn quiet_prints_only_the_summary() {
    let out = tfready(&["audit", example().to_str().unwrap(), "--quiet"]);
    let t = text(&out);
    assert_eq!(t.lines().count(), 1, "{t}");
    assert!(t.contains("findings") && t.contains("critical"), "{t}");
}

#[test]
fn rules_explain_and_completions() {
    let out = tfready(&["rules"]);
    assert!(text(&out).contains("TFR011") && text(&out).contains("local-state"));
    let out = tfready(&["explain", "tfr131"]);
    assert_eq!(out.status.code(), Some(0));
    // For a terminal: no Markdown table, emphasis or fences.
    let t = text(&out);
    assert!(t.contains("What it does\n------------"), "{t}");
    assert!(
        !t.contains("|---|") && !t.contains("**") && !t.contains("```"),
        "{t}"
    );
    let md = tfready(&["explain", "tfr131", "--markdown"]);
    assert!(text(&md).contains("### What it does"));
    assert_eq!(tfready(&["explain", "nope"]).status.code(), Some(2));
    let out = tfready(&["completions", "bash"]);
    assert!(text(&out).contains("tfready"));
    let md = tfready(&["rules", "--markdown"]);
    let committed = std::fs::read_to_string(repo().join("docs/rules.md")).unwrap();
    assert_eq!(String::from_utf8_lossy(&md.stdout), committed);
}

#[test]
fn environment_rules_say_where_they_fire_without_env_and_obey_env() {
    let dir = repo().join("crates/cli/tests/fixtures/envs");
    let d = dir.to_str().unwrap();
    let doc = json(&tfready(&[
        "audit",
        d,
        "--format",
        "json",
        "--select",
        "rds-not-multi-az-in-prod",
    ]));
    let f = &doc["findings"][0];
    assert_eq!(f["rule_id"], "TFR181", "{doc}");
    assert_eq!(f["environments"], serde_json::json!(["prod"]));
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1);

    let dev = json(&tfready(&[
        "audit", d, "--format", "json", "--select", "TFR181", "--env", "dev",
    ]));
    assert!(dev["findings"].as_array().unwrap().is_empty(), "{dev}");
    let prod = json(&tfready(&[
        "audit",
        d,
        "--format",
        "json",
        "--select",
        "TFR181",
        "--var-file",
        "environments/prod.tfvars",
    ]));
    assert_eq!(prod["findings"].as_array().unwrap().len(), 1, "{prod}");
}

#[test]
fn every_format_renders_and_keeps_the_exit_code() {
    let ex = example();
    for (format, start) in [
        ("sarif", "{"),
        ("junit", "<?xml"),
        ("markdown", "# Infrastructure"),
        ("json", "{"),
    ] {
        let out = tfready(&["audit", ex.to_str().unwrap(), "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(
            String::from_utf8_lossy(&out.stdout).starts_with(start),
            "{format}"
        );
    }
}

#[test]
fn config_file_is_found_upwards_and_bad_config_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("stack");
    copy_dir(&example(), &project);
    std::fs::write(
        dir.path().join(".tfready.toml"),
        "fail-on = \"critical\"\n[severity]\nlocal-state = \"low\"\nTFR021 = \"low\"\n",
    )
    .unwrap();
    let out = tfready(&["audit", project.to_str().unwrap(), "--format", "json"]);
    let doc = json(&out);
    assert_eq!(doc["fail_on"], "critical");
    assert_eq!(
        out.status.code(),
        Some(0),
        "no critical left after the overrides: {}",
        text(&out)
    );
    std::fs::write(dir.path().join(".tfready.toml"), "colour = true\n").unwrap();
    let out = tfready(&["audit", project.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("unknown field `colour`"),
        "{}",
        text(&out)
    );
}

#[test]
fn validate_cost_and_fix_from_the_command_line() {
    let ex = example();
    let ex = ex.to_str().unwrap();
    let v = tfready(&["validate", ex, "--format", "json"]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    assert_eq!(json(&v)["summary"]["total"], 0);

    let c = tfready(&["cost", ex, "--env", "prod", "--format", "json"]);
    assert_eq!(c.status.code(), Some(0), "{}", text(&c));
    let doc = json(&c);
    let total = doc["estimate"]["total_usd"].as_f64().unwrap();
    assert!((total - 68.52).abs() < 0.01, "{total}");
    assert!(
        doc["phases"]["rows"].is_array() || doc["phases"].is_object(),
        "{}",
        doc["phases"]
    );

    // --diff writes nothing and shows no secret.
    let before = std::fs::read_to_string(example().join("main.tf")).unwrap();
    let d = tfready(&["fix", ex, "--phase", "1", "--diff"]);
    assert_eq!(d.status.code(), Some(0), "{}", text(&d));
    let diff = String::from_utf8_lossy(&d.stdout);
    assert!(
        diff.contains("+++ b/main.tf") && diff.contains("backend \"s3\""),
        "{diff}"
    );
    assert!(!diff.contains(SECRET));
    assert_eq!(
        std::fs::read_to_string(example().join("main.tf")).unwrap(),
        before
    );
}

#[test]
fn fix_refuses_a_dirty_git_tree_unless_allowed_and_converges() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example(), dir.path());
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(dir.path())
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@t")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@t")
            .output()
            .unwrap()
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "stack"]);
    std::fs::write(dir.path().join("notes.tf"), "# work in progress\n").unwrap();
    let d = dir.path().to_str().unwrap();
    let out = tfready(&["fix", d, "--phase", "quick-win"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("uncommitted changes"), "{}", text(&out));
    assert!(!dir.path().join("environments").exists(), "nothing written");

    let out = tfready(&["fix", d, "--phase", "quick-win", "--allow-dirty"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(dir.path().join("environments/prod.tfvars").is_file());
    let again = tfready(&["fix", d, "--phase", "quick-win", "--allow-dirty"]);
    assert!(
        text(&again).contains("Nothing to change"),
        "{}",
        text(&again)
    );
}

#[test]
fn sentinel_secrets_appear_in_no_output_of_any_command_or_format() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &repo().join("crates/cli/tests/fixtures/sentinel"),
        dir.path(),
    );
    let d = dir.path().to_str().unwrap();
    let var = "cli_secret=SENTINEL-flag-3";
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["terminal", "json", "sarif", "junit", "markdown"] {
        runs.push(vec!["audit", d, "--format", format, "--var", var]);
        runs.push(vec!["validate", d, "--format", format, "--var", var]);
    }
    runs.push(vec![
        "audit",
        d,
        "--format",
        "json",
        "--compact",
        "--var",
        var,
    ]);
    runs.push(vec!["audit", d, "--color", "always", "--var", var]);
    runs.push(vec!["cost", d, "--var", var]);
    runs.push(vec!["cost", d, "--format", "json", "--var", var]);
    runs.push(vec!["cost", d, "--write-usage", "--var", var]);
    runs.push(vec!["fix", d, "--phase", "all", "--diff", "--var", var]);
    runs.push(vec!["fix", d, "--phase", "all", "--dry-run", "--var", var]);
    // A plan file: its sensitive values are secrets too.
    let plan = repo().join("crates/cli/tests/fixtures/plan/plan.json");
    let plan = plan.to_str().unwrap();
    for format in ["terminal", "json", "sarif", "junit", "markdown"] {
        runs.push(vec!["audit", plan, "--format", format]);
        runs.push(vec!["validate", plan, "--format", format]);
    }
    runs.push(vec!["cost", plan, "--format", "json"]);
    for args in &runs {
        let out = tfready(args);
        let t = text(&out);
        assert!(
            !t.contains("SENTINEL"),
            "{args:?} printed a secret:\n{}",
            t.lines()
                .filter(|l| l.contains("SENTINEL"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    // Input errors name files, never values.
    std::fs::write(
        dir.path().join("broken.tf"),
        "resource \"x\" \"y\" {\n  password = \"SENTINEL-broken-6\n",
    )
    .unwrap();
    let out = tfready(&["audit", d, "--var", var]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!text(&out).contains("SENTINEL"), "{}", text(&out));
}

#[test]
fn limits_come_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "terraform {\n  backend \"local\" {}\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("big.tf"),
        format!("locals {{\n  a = \"{}\"\n}}\n", "x".repeat(200)),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".tfready.toml"),
        "[limits]\nmax-file-bytes = 100\n",
    )
    .unwrap();
    let out = tfready(&["audit", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("[too-large] big.tf") && text(&out).contains("100-byte limit"),
        "{}",
        text(&out)
    );
    std::fs::write(
        dir.path().join(".tfready.toml"),
        "[limits]\nmax-files = 1\n",
    )
    .unwrap();
    let out = tfready(&["audit", dir.path().to_str().unwrap()]);
    assert!(
        text(&out).contains("unknown field `max-files`"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_typo_in_a_rule_or_environment_is_an_error_not_a_silent_pass() {
    let ex = example();
    let ex = ex.to_str().unwrap();
    let o = tfready(&["audit", ex, "--select", "nosuch"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("--select nosuch: no such rule"),
        "{}",
        text(&o)
    );

    let o = tfready(&["fix", ex, "--rule", "nosuch", "--diff"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = tfready(&["fix", ex, "--rule", "rds-storage-unencrypted", "--diff"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));

    let envs = repo().join("crates/fix/tests/corpus/modules-foreach");
    let envs = envs.to_str().unwrap();
    let o = tfready(&["audit", envs, "--env", "prdo", "-q"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("prod in envs/prod.tfvars"),
        "{}",
        text(&o)
    );
    let o = tfready(&["audit", envs, "--env", "prod", "-q"]);
    assert_ne!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn json_names_the_command_that_wrote_it() {
    let ex = example();
    let ex = ex.to_str().unwrap();
    for command in ["audit", "validate"] {
        let o = tfready(&[command, ex, "--format", "json"]);
        assert_eq!(json(&o)["command"], command);
    }
}

#[test]
fn verify_exercise_changes_nothing_without_yes_off_a_terminal() {
    // stdin is not a terminal here: without --yes nothing is exercised and
    // no AWS call is made (the endpoint below does not exist).
    let ex = example();
    let o = Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args([
            "verify",
            ex.to_str().unwrap(),
            "--exercise",
            "scaling,restore",
        ])
        .args(["--endpoint-url", "http://127.0.0.1:9"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("pass --yes"), "{}", text(&o));
    // An unknown mode is a usage error.
    let o = tfready(&["verify", ex.to_str().unwrap(), "--exercise", "chaos"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn concise_is_one_line_a_finding() {
    let ex = example();
    let ex = ex.to_str().unwrap();
    let o = tfready(&["audit", ex, "--format", "concise"]);
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    let all = json(&tfready(&["audit", ex, "--format", "json"]));
    let count = all["findings"].as_array().unwrap().len();
    assert_eq!(out.lines().count(), count, "{out}");
    for line in out.lines() {
        // file:line:col: ID [severity] slug: message
        let (place, rest) = line.split_once(": ").unwrap();
        assert_eq!(place.split(':').count(), 3, "{line}");
        assert!(rest.starts_with("TFR") || rest.starts_with("TFV"), "{line}");
        assert!(rest.contains(" [") && rest.contains("] "), "{line}");
    }
    assert!(!out.contains(SECRET));
}

#[test]
fn skip_and_output_file() {
    let ex = example();
    let ex = ex.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    let o = tfready(&[
        "audit",
        ex,
        "--format",
        "json",
        "--skip",
        "local-state",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(o.stdout.is_empty(), "the report went to stdout");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"TFR011"), "{ids:?}");
    assert!(!ids.is_empty());
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // Unknown ids are errors, not silent passes.
    let o = tfready(&["audit", ex, "--skip", "nosuch"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = tfready(&["fix", ex, "--rule", "nosuch", "--diff"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("fixable: "), "{}", text(&o));
}

#[test]
fn a_baseline_lets_only_new_findings_fail() {
    let dir = tempfile::tempdir().unwrap();
    let stack = dir.path().join("stack");
    copy_dir(&example(), &stack);
    let s = stack.to_str().unwrap();
    let baseline = dir.path().join("baseline.json");
    let b = baseline.to_str().unwrap();
    let o = tfready(&["audit", s, "--write-baseline", b]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let written = std::fs::read_to_string(&baseline).unwrap();
    assert!(!written.contains(SECRET), "a secret in the baseline");
    let o = tfready(&["audit", s, "--baseline", b]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // A new SSH opening above the old findings moves their lines: only it
    // is new.
    let main = stack.join("main.tf");
    let old = std::fs::read_to_string(&main).unwrap();
    std::fs::write(
        &main,
        format!("resource \"aws_security_group\" \"extra\" {{\n  ingress {{\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }}\n}}\n{old}"),
    )
    .unwrap();
    let o = tfready(&["audit", s, "--baseline", b, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let v = json(&o);
    let new: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(new, vec!["aws_security_group.extra"], "{new:?}");
    // A broken baseline is an input error.
    std::fs::write(&baseline, "{").unwrap();
    assert_eq!(
        tfready(&["audit", s, "--baseline", b]).status.code(),
        Some(2)
    );
}

#[test]
fn fix_asks_before_writing_every_phase_and_says_how_to_roll_back() {
    let dir = tempfile::tempdir().unwrap();
    let stack = dir.path().join("stack");
    copy_dir(&example(), &stack);
    let s = stack.to_str().unwrap();
    let before = std::fs::read_to_string(stack.join("main.tf")).unwrap();
    // No --phase, no --rule, no terminal: nothing written without --yes.
    let o = Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(["fix", s])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--yes"), "{}", text(&o));
    assert_eq!(
        std::fs::read_to_string(stack.join("main.tf")).unwrap(),
        before
    );
    // With --yes, outside git: the rollback names the backup, not git.
    let o = tfready(&["fix", s, "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("not a git work tree") && out.contains("cp -R"),
        "{out}"
    );
    assert!(!out.contains("git checkout"), "{out}");
    assert!(!out.contains(SECRET));
}

#[test]
fn a_diff_with_redacted_secrets_says_it_is_for_review() {
    let ex = example();
    let o = tfready(&["fix", ex.to_str().unwrap(), "--phase", "all", "--diff"]);
    assert_eq!(o.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(!stdout.contains(SECRET));
    // The example's tfvars hold the database password: redacted in the diff.
    assert!(stdout.contains("(sensitive value)"), "{stdout}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("for review"),
        "{}",
        text(&o)
    );
}

/// Runs git in `dir` as a throwaway author; fails the test if git does.
fn git_in(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn diff_base_reports_only_what_a_change_adds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| git_in(d, args);
    let sg = |name: &str| {
        format!("resource \"aws_security_group\" \"{name}\" {{\n  ingress {{\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }}\n}}\n")
    };
    std::fs::create_dir(d.join("infra")).unwrap();
    std::fs::write(d.join("infra/main.tf"), sg("old")).unwrap();
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "base"]);
    std::fs::write(
        d.join("infra/main.tf"),
        format!("{}{}", sg("new"), sg("old")),
    )
    .unwrap();
    git(&["commit", "-qam", "change"]);
    let infra = d.join("infra");
    let o = tfready(&[
        "audit",
        infra.to_str().unwrap(),
        "--diff-base",
        "HEAD~1",
        "--select",
        "ssh-open",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let v = json(&o);
    let new: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    assert_eq!(new, vec!["aws_security_group.new"]);
    assert_eq!(v["suppressed"][0]["suppressed_by"], "diff-base");
    // Against itself, nothing is new.
    let o = tfready(&[
        "audit",
        infra.to_str().unwrap(),
        "--diff-base",
        "HEAD",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Not a revision: an input error.
    let o = tfready(&["audit", infra.to_str().unwrap(), "--diff-base", "nosuch"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn cost_diff_base_sets_a_change_against_its_base() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| git_in(d, args);
    let instance = |name: &str| {
        format!("resource \"aws_instance\" \"{name}\" {{\n  ami           = \"ami-12345678\"\n  instance_type = \"t3.medium\"\n}}\n")
    };
    let provider = "provider \"aws\" {\n  region = \"us-east-1\"\n}\n";
    std::fs::write(d.join("main.tf"), format!("{provider}{}", instance("a"))).unwrap();
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "base"]);
    std::fs::write(
        d.join("main.tf"),
        format!("{provider}{}{}", instance("a"), instance("b")),
    )
    .unwrap();
    git(&["commit", "-qam", "change"]);
    let o = tfready(&[
        "cost",
        d.to_str().unwrap(),
        "--diff-base",
        "HEAD~1",
        "--format",
        "json",
        "--offline",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v = json(&o);
    let out = v.to_string();
    assert!(out.contains("aws_instance.b"), "{out}");
    let delta = v["delta_usd"].as_f64().unwrap();
    assert!(delta > 25.0, "one more t3.medium: {delta}");
    // Before is the base (one instance), after this tree (two).
    assert!(v["after_total_usd"].as_f64() > v["before_total_usd"].as_f64());
}

#[test]
fn the_terminal_report_is_short_and_keeps_every_finding() {
    let ex = example();
    let ex = ex.to_str().unwrap();
    let o = tfready(&["audit", ex, "--color", "never"]);
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    // 439 lines before the report grouped findings under one frame a
    // resource and said a rule's risk and fix once.
    assert!(out.lines().count() <= 219, "{} lines", out.lines().count());
    // The summary comes first.
    assert!(out.lines().next().unwrap().contains("30 findings"), "{out}");
    // Every finding is there, with its rule and message.
    let v = json(&tfready(&["audit", ex, "--format", "json"]));
    for f in v["findings"].as_array().unwrap() {
        let msg = f["message"].as_str().unwrap();
        let head = format!(
            "{} {}",
            f["rule_id"].as_str().unwrap(),
            f["slug"].as_str().unwrap()
        );
        assert!(
            out.lines().any(|l| l.contains(&head) && l.contains(msg)),
            "missing: {head}: {msg}"
        );
    }
    // Wrapped to the terminal's width when COLUMNS says it.
    let o = Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(["audit", ex, "--color", "never"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let wrapped = String::from_utf8_lossy(&o.stdout).to_string();
    let long = wrapped
        .lines()
        // Code and the one-line summary (a path) are not wrapped.
        .filter(|l| !l.contains(" | ") && !l.contains(" findings: ") && l.chars().count() > 80)
        .count();
    assert_eq!(long, 0, "{wrapped}");
}

#[test]
fn a_value_on_the_command_line_that_its_validation_rejects_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "variable \"environment\" {\n  type = string\n  validation {\n    condition     = contains([\"dev\", \"prod\"], var.environment)\n    error_message = \"environment must be dev or prod.\"\n  }\n}\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    for command in ["validate", "audit"] {
        let o = tfready(&[command, d, "--var", "environment=bogus"]);
        assert_eq!(o.status.code(), Some(2), "{command}: {}", text(&o));
        assert!(
            text(&o).contains("--var environment: rejected by the variable's validation")
                && text(&o).contains("environment must be dev or prod."),
            "{command}: {}",
            text(&o)
        );
        let o = tfready(&[command, d, "--var", "environment=prod", "-q"]);
        assert_ne!(o.status.code(), Some(2), "{command}: {}", text(&o));
    }
}
