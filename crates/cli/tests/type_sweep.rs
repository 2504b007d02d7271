//! Every resource type tfready names anywhere (a pricer, a rule, a fixer, a
//! validation, a remediation template) and every alias of one, as a minimal
//! block, through `audit` in every format, `validate`, `cost` and
//! `fix --diff`: whatever the block lacks, no command panics.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `aws_*` names quoted in the sources and declared in the templates.
fn named_types() -> BTreeSet<String> {
    let mut types = BTreeSet::new();
    let mut files = Vec::new();
    for dir in [
        "crates/cost/src",
        "crates/rules/src",
        "crates/fix/src",
        "crates/validate/src",
    ] {
        collect(&repo().join(dir), &mut files);
    }
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for (i, _) in text.match_indices("\"aws_") {
            let name: String = text[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if text[i + 1 + name.len()..].starts_with('"') && name.len() > 4 {
                types.insert(name);
            }
        }
    }
    for (alias, canonical) in tfready_model::TYPE_ALIASES {
        types.insert(alias.to_string());
        types.insert(canonical.to_string());
    }
    types
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("rs" | "tf")) {
            out.push(p);
        }
    }
}

fn stack(types: &[&String]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut tf = String::from("provider \"aws\" { region = \"ap-southeast-2\" }\n");
    for t in types {
        tf.push_str(&format!("resource \"{t}\" \"t\" {{}}\n"));
    }
    std::fs::write(dir.path().join("main.tf"), tf).expect("write");
    dir
}

/// Runs tfready; fails on a panic (exit 101 or a panic message), whatever
/// else the command thinks of the block.
fn no_panic(dir: &Path, args: &[&str], what: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(args)
        .arg(dir)
        .env("TFREADY_OFFLINE", "1")
        .env("TFREADY_CACHE_DIR", dir.join(".cache"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code().is_some_and(|c| c <= 2) && !stderr.contains("panicked"),
        "{what}: tfready {args:?} exited {:?}\n{stderr}",
        out.status.code()
    );
}

#[test]
fn every_named_type_and_alias_goes_through_every_command() {
    let types = named_types();
    assert!(types.len() > 100, "found only {} types", types.len());
    assert!(types.contains("aws_alb") && types.contains("aws_db_instance"));
    let all: Vec<&String> = types.iter().collect();
    let dir = stack(&all);
    for format in ["terminal", "json", "sarif", "junit", "markdown"] {
        no_panic(dir.path(), &["audit", "--format", format], "all types");
    }
    no_panic(dir.path(), &["validate"], "all types");
    for format in ["terminal", "json", "markdown"] {
        no_panic(dir.path(), &["cost", "--format", format], "all types");
    }
    no_panic(
        dir.path(),
        &["fix", "--diff", "--phase", "all"],
        "all types",
    );
    // One type a stack: a block is not hidden behind another's finding.
    for t in &all {
        let dir = stack(&[t]);
        no_panic(dir.path(), &["audit", "--format", "json"], t);
        no_panic(dir.path(), &["cost", "--format", "json"], t);
        no_panic(dir.path(), &["fix", "--diff", "--phase", "all"], t);
    }
}
