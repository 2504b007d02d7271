//! Every rule against its fixtures (`fixtures/` in the rule's folder): each
//! `good*` directory gives no finding of the rule, each `bad*` directory
//! gives exactly its snapshot (`snapshots/` in the rule's folder).

use std::path::{Path, PathBuf};

use tfready_model::{LoadOptions, Project};
use tfready_rules::{audit, rule_folder, Config, RULES};

fn folder(id: &str) -> PathBuf {
    let folder = rule_folder(id).unwrap_or_else(|| panic!("{id} has no folder"));
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(folder)
}

fn findings_for(dir: &Path, rule: &str) -> String {
    let project = Project::load(dir, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    assert!(
        project.diagnostics.is_empty(),
        "{}: {:#?}",
        dir.display(),
        project.diagnostics
    );
    let config = Config {
        select: vec![rule.to_string()],
        ..Config::default()
    };
    let result = audit(&project, &config);
    let text: Vec<String> = result
        .findings
        .iter()
        .map(|f| {
            let value = f
                .value
                .as_deref()
                .map(|v| format!(" [value: {v}]"))
                .unwrap_or_default();
            format!(
                "{} {} {}: {}{value}",
                f.location, f.severity, f.rule.id, f.message
            )
        })
        .collect();
    project.scrub(&text.join("\n"))
}

#[test]
fn every_rule_passes_its_good_fixtures_and_fails_its_bad_ones() {
    for rule in RULES {
        let id = rule.meta.id;
        let dir = folder(id).join("fixtures");
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("{id}: no fixtures at {}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        cases.sort();
        for case in cases {
            let name = case.file_name().unwrap().to_string_lossy().to_string();
            let out = findings_for(&case, id);
            if name.starts_with("good") {
                assert!(
                    out.is_empty(),
                    "{id}/{name} should have no finding, got:\n{out}"
                );
            } else {
                assert!(!out.is_empty(), "{id}/{name} should have findings");
                insta::with_settings!({ snapshot_path => folder(id).join("snapshots") }, {
                    insta::assert_snapshot!(format!("{id}-{name}"), out);
                });
            }
        }
    }
}
