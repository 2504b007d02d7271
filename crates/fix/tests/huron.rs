//! `fix` on the embedded example: what it leaves behind passes audit (no
//! critical or high) and validate (no error), a second run changes nothing,
//! every comment survives, each phase alone validates, and the committed
//! `examples/huron-pmo-production` is exactly what it writes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tfready_fix::{apply, plan, FixOptions};
use tfready_model::{LoadOptions, Project};
use tfready_rules::{audit, Config, Phase, Severity};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
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

fn load(dir: &Path) -> Project {
    Project::load(dir, &LoadOptions::default()).unwrap()
}

/// Fixes a fresh copy of the example; returns the directory.
fn fixed_copy(opts: &FixOptions) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("examples/huron-pmo"), dir.path());
    let fix = plan(&load(dir.path()), opts);
    assert!(!fix.changes.is_empty());
    apply(dir.path(), &fix.changes).unwrap();
    dir
}

fn validation_errors(p: &Project) -> Vec<String> {
    tfready_validate::validate(p)
        .into_iter()
        .filter(|x| x.severity == tfready_validate::Severity::Error)
        .map(|x| format!("{} {}: {}", x.location, x.code, x.message))
        .collect()
}

/// Every file under `dir` (relative paths), skipping tfready's backups.
fn files(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel.starts_with(".tfready") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(rel);
            }
        }
    }
    out
}

#[test]
fn all_phases_leave_no_critical_or_high_finding_and_no_validation_error() {
    let dir = fixed_copy(&FixOptions::default());
    let p = load(dir.path());
    assert!(
        p.diagnostics
            .iter()
            .all(|d| d.severity != tfready_model::DiagSeverity::Error),
        "{:?}",
        p.diagnostics
    );
    let result = audit(&p, &Config::default());
    let serious: Vec<String> = result
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::High)
        .map(|f| format!("{} {} {}", f.rule.id, f.location, f.message))
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");
    assert_eq!(validation_errors(&p), Vec::<String>::new());

    // A second run changes nothing.
    let again = plan(&p, &FixOptions::default());
    assert!(
        again.changes.is_empty(),
        "{:?}",
        again.changes.iter().map(|c| &c.path).collect::<Vec<_>>()
    );
}

#[test]
fn every_comment_of_the_original_files_is_still_there() {
    let original = repo().join("examples/huron-pmo");
    let dir = fixed_copy(&FixOptions::default());
    for rel in files(&original) {
        let before = std::fs::read_to_string(original.join(&rel)).unwrap();
        let after = std::fs::read_to_string(dir.path().join(&rel)).unwrap();
        let is_tf = rel.ends_with(".tf") || rel.ends_with(".tfvars") || rel.ends_with(".example");
        for line in before
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with('#') || l.starts_with("//"))
        {
            if !is_tf && !line.starts_with("# ") {
                continue; // shebangs and the like in scripts are checked below
            }
            assert!(after.contains(line), "{rel}: comment {line:?} lost");
        }
        if !is_tf {
            // Scripts keep every line (commented out where the fix replaced
            // it; escaped as `$${` where the template would render it).
            let unescaped = after.replace("$${", "${");
            for line in before.lines().map(str::trim).filter(|l| !l.is_empty()) {
                assert!(unescaped.contains(line), "{rel}: line {line:?} lost");
            }
        }
    }
}

#[test]
fn each_phase_on_its_own_leaves_a_stack_that_validates() {
    for phase in [
        Phase::One,
        Phase::Two,
        Phase::Three,
        Phase::Four,
        Phase::QuickWin,
    ] {
        let dir = fixed_copy(&FixOptions {
            phases: vec![phase],
            ..Default::default()
        });
        let p = load(dir.path());
        assert_eq!(
            validation_errors(&p),
            Vec::<String>::new(),
            "phase {}",
            phase.as_str()
        );
        assert!(
            plan(
                &p,
                &FixOptions {
                    phases: vec![phase],
                    ..Default::default()
                }
            )
            .changes
            .is_empty(),
            "phase {} is idempotent",
            phase.as_str()
        );
    }
}

#[test]
fn the_secret_is_nowhere_in_the_fixed_stack() {
    let dir = fixed_copy(&FixOptions::default());
    for rel in files(dir.path()) {
        let text = std::fs::read_to_string(dir.path().join(&rel)).unwrap_or_default();
        assert!(!text.contains("Hur0nPMO-prod-2024!"), "{rel}");
    }
}

/// The one file of the production example that `fix` does not write.
const HAND_WRITTEN: &str = "README.md";

#[test]
fn the_committed_production_example_is_what_fix_writes() {
    let dir = fixed_copy(&FixOptions::default());
    let committed = repo().join("examples/huron-pmo-production");
    // Its README is written by hand: it says what the fixed stack is.
    let readme = std::fs::read_to_string(committed.join(HAND_WRITTEN)).ok();
    if std::env::var_os("TFREADY_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        for rel in files(dir.path()) {
            let target = committed.join(&rel);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(dir.path().join(&rel), target).unwrap();
        }
        if let Some(text) = &readme {
            std::fs::write(committed.join(HAND_WRITTEN), text).unwrap();
        }
    }
    let want = files(dir.path());
    let have = files(&committed);
    assert_eq!(
        want, have,
        "file lists differ: regenerate with TFREADY_BLESS=1 cargo test -p tfready-fix --test huron"
    );
    for rel in want.into_iter().filter(|r| r != HAND_WRITTEN) {
        let a = std::fs::read_to_string(dir.path().join(&rel)).unwrap();
        let b = std::fs::read_to_string(committed.join(&rel)).unwrap();
        assert!(
            a == b,
            "{rel} differs: regenerate with TFREADY_BLESS=1 cargo test -p tfready-fix --test huron"
        );
    }
}

#[test]
fn every_template_module_validates_on_its_own() {
    let modules = tfready_fix::templates_dir().unwrap().join("modules");
    for e in std::fs::read_dir(&modules).unwrap() {
        let dir = e.unwrap().path();
        let p = Project::load(&dir, &LoadOptions::default()).unwrap();
        let errors = validation_errors(&p);
        assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());
    }
}
