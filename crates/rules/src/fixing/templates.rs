//! The remediation templates, embedded at build time from the rule
//! folders (see build.rs), with the manifest that lists them.

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The manifest: every template's phase, coverage rows and pricing inputs.
pub fn manifest() -> &'static str {
    include_str!(concat!(env!("OUT_DIR"), "/manifest.toml"))
}

/// The templates as a directory on disk (what cost prices and tests
/// validate): the embedded copy, written once under the temp directory.
/// Each file is replaced atomically, so runs in parallel never read half
/// a file.
pub fn templates_dir() -> std::io::Result<std::path::PathBuf> {
    // Once a process: a recursive run prices every root with the same copy.
    static WRITTEN: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    if let Some(dir) = WRITTEN.get() {
        return Ok(dir.clone());
    }
    let dir = write_templates()?;
    Ok(WRITTEN.get_or_init(|| dir).clone())
}

fn write_templates() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "tfready-templates-{}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        fingerprint()
    ));
    for (path, text) in FILES {
        let p = dir.join(path);
        if std::fs::read_to_string(&p).ok().as_deref() != Some(*text) {
            tfready_model::files::write_atomic(&p, text)?;
        }
    }
    Ok(dir)
}

/// A hash of the embedded files: two builds with other templates never
/// share a directory (a stale file of one would be priced by the other).
fn fingerprint() -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    FILES.hash(&mut h);
    h.finish()
}
