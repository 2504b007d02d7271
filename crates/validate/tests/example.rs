//! The Huron PMO example must validate without errors.

use std::path::PathBuf;

use tfready_validate::{validate, Severity};

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/huron-pmo")
}

#[test]
fn huron_pmo_has_no_errors() {
    let project =
        tfready_model::Project::load(&example(), &Default::default()).expect("example loads");
    let problems = validate(&project);
    for p in &problems {
        eprintln!("{} {} [{}] {}", p.location, p.severity, p.code, p.message);
    }
    let errors: Vec<_> = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
