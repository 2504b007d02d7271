//! A project laid out differently from the example (one directory, other
//! names, `dynamic` blocks, standalone rule resources, secrets in JSON
//! tfvars, another region) gets the same classes of findings.

use std::collections::BTreeSet;
use std::path::PathBuf;

use tfready_model::{LoadOptions, Project};
use tfready_rules::{audit, Config};

fn rows(dir: &str) -> (BTreeSet<u8>, Vec<String>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    let p = Project::load(&root, &LoadOptions::default()).unwrap();
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let r = audit(&p, &Config::default());
    let text = r
        .findings
        .iter()
        .map(|f| format!("{} {} {}", f.rule.id, f.location, f.message))
        .collect();
    (
        r.findings
            .iter()
            .map(|f| f.rule.coverage_row)
            .filter(|&r| r > 0)
            .collect(),
        text,
    )
}

#[test]
fn a_flat_project_gets_the_same_classes_of_findings_as_the_example() {
    let (example, _) = rows("../../examples/huron-pmo");
    let (flat, text) = rows("tests/fixtures-layout/flat");
    let missing: Vec<_> = example.difference(&flat).collect();
    // Row 18 (Multi-AZ in prod) applies to the flat project only: the
    // example already sets it per environment.
    assert!(
        missing.is_empty(),
        "rows found in the example but not in the flat layout: {missing:?}\n{}",
        text.join("\n")
    );
    assert!(flat.contains(&18), "{}", text.join("\n"));
    let all = text.join("\n");
    for want in [
        "TFR021 inputs.tf:20-22 var.orders_db_pass is set in plain text in secrets.auto.tfvars.json:3",
        "allows port 8080 from ::/0",
        "allows port 9000 from ::/0",
        "allows SSH (port 22) from 0.0.0.0/0",
        "points at aws_instance.shop directly",
        "is single-AZ in production",
    ] {
        assert!(all.contains(want), "missing {want:?} in\n{all}");
    }
    assert!(!all.contains("layout-fixture-secret-9"));
}

#[test]
fn what_remote_modules_may_create_is_not_analysed_never_absent() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures-layout/remote");
    let p = Project::load(&root, &LoadOptions::default()).unwrap();
    assert_eq!(p.diagnostics[0].code, "module-remote");
    assert!(p.diagnostics[0].message.contains("not analysed"));
    let r = audit(
        &p,
        &Config {
            select: vec!["no-guardduty".into(), "no-backup-plan".into()],
            ..Config::default()
        },
    );
    assert_eq!(r.findings.len(), 2);
    for f in &r.findings {
        assert_eq!(f.severity, tfready_rules::Severity::Info, "{}", f.message);
        assert!(
            f.message
                .contains("not found in the analysed code; 1 module call(s)"),
            "{}",
            f.message
        );
    }
}
