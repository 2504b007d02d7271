//! The remediation templates, embedded at build time (see build.rs).

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The templates as a directory on disk: the repository's own when it is
/// there, else the embedded copy written once under the temp directory.
pub fn templates_dir() -> std::io::Result<std::path::PathBuf> {
    let source = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates");
    if source.join("manifest.toml").is_file() {
        return Ok(source);
    }
    let dir = std::env::temp_dir().join(format!("tfready-templates-{}", env!("CARGO_PKG_VERSION")));
    for (path, text) in FILES {
        let p = dir.join(path);
        if std::fs::read_to_string(&p).ok().as_deref() != Some(*text) {
            std::fs::create_dir_all(p.parent().expect("file has a parent"))?;
            std::fs::write(&p, text)?;
        }
    }
    Ok(dir)
}
