//! Remediation for tfready: the modules under `templates/` are real
//! Terraform, validated by tfready's own validator in tests.

use std::path::PathBuf;

/// The directory holding the remediation templates (`modules/`,
/// `environments/`, `snippets/`, `manifest.toml`).
pub fn templates_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates")
}
