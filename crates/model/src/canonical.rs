//! Canonical paths, resolved once a run: a recursive run resolves the same
//! roots and shared modules hundreds of times (a 300-root run spent 9% of
//! its time in `realpath`, a `readlink` per component per call). Only
//! successes are kept: a directory created later (by `fix`) is resolved
//! when first asked for; the tree is not expected to gain symlinks while
//! tfready runs.

use std::collections::HashMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

fn memo() -> &'static Mutex<HashMap<PathBuf, PathBuf>> {
    static MEMO: OnceLock<Mutex<HashMap<PathBuf, PathBuf>>> = OnceLock::new();
    MEMO.get_or_init(Default::default)
}

/// `path.canonicalize()`, remembered.
pub fn canonical(path: &Path) -> io::Result<PathBuf> {
    let lock = || memo().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(hit) = lock().get(path) {
        return Ok(hit.clone());
    }
    // Resolved outside the lock: other threads go on meanwhile.
    let resolved = path.canonicalize()?;
    lock().insert(path.to_path_buf(), resolved.clone());
    Ok(resolved)
}

/// [`canonical`] of `base.join(rel)` where `base` is canonical already (a
/// module's directory and a call's relative source): the `.`s and the
/// leading `..`s of `rel` are resolved by hand first, which is exact
/// there (no part of `base` is a symlink), so that every root calling
/// `../../modules/x` shares one entry. A `..` after a name of `rel` (that
/// name could be a symlink) is left to the system.
pub fn canonical_join(base: &Path, rel: &Path) -> io::Result<PathBuf> {
    let mut key = base.to_path_buf();
    let mut named = false;
    for c in rel.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if !named => {
                key.pop();
            }
            Component::Normal(name) => {
                key.push(name);
                named = true;
            }
            _ => return canonical(&base.join(rel)),
        }
    }
    canonical(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_resolve_as_the_system_does() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("live/dev/app")).unwrap();
        std::fs::create_dir_all(base.join("modules/real")).unwrap();
        let app = base.join("live/dev/app");
        for rel in ["../../../modules/real", "./../../../modules/./real", "."] {
            assert_eq!(
                canonical_join(&app, Path::new(rel)).unwrap(),
                app.join(rel).canonicalize().unwrap(),
                "{rel}"
            );
        }
        assert!(canonical_join(&app, Path::new("../../../modules/none")).is_err());
        #[cfg(unix)]
        {
            // Through a symlink, and `..` after it (which leaves the link's
            // target, not the link's directory).
            std::os::unix::fs::symlink(base.join("modules/real"), base.join("live/link")).unwrap();
            for rel in ["../../link", "../../link/../../modules/real"] {
                assert_eq!(
                    canonical_join(&app, Path::new(rel)).unwrap(),
                    app.join(rel).canonicalize().unwrap(),
                    "{rel}"
                );
            }
        }
        // Not created yet is not remembered as missing.
        let later = base.join("modules/later");
        assert!(canonical(&later).is_err());
        std::fs::create_dir(&later).unwrap();
        assert_eq!(canonical(&later).unwrap(), later);
    }
}
