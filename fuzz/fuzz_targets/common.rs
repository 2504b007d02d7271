#![allow(dead_code)] // each target uses part of it
//! What every target shares: a scratch project directory (on tmpfs when
//! there is one) and the whole pipeline a user runs over a project.

use std::path::Path;

use tfready_model::{LoadOptions, Project};

pub fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(d) = tempfile::tempdir_in(shm) {
            return d;
        }
    }
    tempfile::tempdir().expect("a temporary directory")
}

pub fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, bytes).expect("write");
}

/// Load, audit and validate, as `tfready audit` does; none may panic.
pub fn audit_and_validate(root: &Path) -> Option<Project> {
    let project = Project::load(root, &LoadOptions::default()).ok()?;
    let _ = tfready_rules::audit(&project, &tfready_rules::Config::default());
    let _ = tfready_validate::validate(&project);
    Some(project)
}

/// Deeply nested input hits hcl-edit's exponential backtracking,
/// which the loader bounds by time (crates/model/src/bounded.rs, tested by
/// a hostile case); fuzzing it would only stall the fuzzer.
pub fn skipped(data: &[u8]) -> bool {
    tfready_model::needs_time_bound(&String::from_utf8_lossy(data))
}
