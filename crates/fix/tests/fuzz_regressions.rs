//! Inputs the `fix_converges` fuzz target (fuzz/, scripts/fuzz.sh) once
//! failed on, one file each under tests/fixtures/fuzz/: fix writes files
//! that parse, and a second run changes nothing.

use std::path::PathBuf;

use tfready_fix::{apply, plan, FixOptions};
use tfready_model::{LoadOptions, Project};

#[test]
fn every_fuzz_regression_converges() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    for case in cases {
        let work = tempfile::tempdir().unwrap();
        std::fs::copy(&case, work.path().join("main.tf")).unwrap();
        let opts = FixOptions::default();
        let first = plan(
            &Project::load(work.path(), &LoadOptions::default()).unwrap(),
            &opts,
        );
        apply(work.path(), &first.changes).unwrap();
        for c in first.changes.iter().filter(|c| c.path.ends_with(".tf")) {
            let text = std::fs::read_to_string(work.path().join(&c.path)).unwrap();
            assert!(
                tfready_model::hcl_edit::parser::parse_body(&text).is_ok(),
                "{}: {} does not parse",
                case.display(),
                c.path
            );
        }
        let second = plan(
            &Project::load(work.path(), &LoadOptions::default()).unwrap(),
            &opts,
        );
        let changed: Vec<_> = second.changes.iter().map(|c| &c.path).collect();
        assert!(
            changed.is_empty(),
            "{}: second run changes {changed:?}",
            case.display()
        );
    }
}
