//! `fix` on arbitrary valid HCL: every file it writes parses again, and a
//! second run over its output changes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tfready_fix::{apply, plan, FixOptions};
use tfready_model::{LoadOptions, Project};

mod common;

fuzz_target!(|data: &[u8]| {
    if common::skipped(data) {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if tfready_model::hcl_edit::parser::parse_body(text).is_err() {
        return;
    }
    let dir = common::scratch();
    common::write(dir.path(), "main.tf", text.as_bytes());
    let opts = FixOptions::default();
    let Ok(project) = Project::load(dir.path(), &LoadOptions::default()) else {
        return;
    };
    if project
        .diagnostics
        .iter()
        .any(|d| d.severity == tfready_model::DiagSeverity::Error)
    {
        // Input tfready itself reports as broken: fix may decline it.
        return;
    }
    let first = plan(&project, &opts);
    apply(dir.path(), &first.changes).expect("fix writes its changes");
    for change in &first.changes {
        let written = std::fs::read_to_string(dir.path().join(&change.path)).expect("written file");
        if change.path.ends_with(".tf") {
            if let Err(e) = tfready_model::hcl_edit::parser::parse_body(&written) {
                panic!("fix wrote {} that does not parse: {e}\n{written}", change.path);
            }
        }
    }
    let again = Project::load(dir.path(), &LoadOptions::default()).expect("reload");
    let second = plan(&again, &opts);
    assert!(
        second.changes.is_empty(),
        "a second run changes {:?}",
        second.changes.iter().map(|c| &c.path).collect::<Vec<_>>()
    );
});
