//! Writing a fix: a unified diff to review, or the files written atomically
//! (temporary file + rename, so each file is either old or new), with what
//! they replaced kept under `.tfready/backup/`. Nothing is ever deleted.

use std::path::{Path, PathBuf};

use similar::TextDiff;

use tfready_rules::fixing::workspace::Change;

/// Unified diff of every change (new files diff against /dev/null).
pub fn diff(changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        let before = c.before.as_deref().unwrap_or("");
        let old = if c.before.is_some() {
            format!("a/{}", c.path)
        } else {
            "/dev/null".to_string()
        };
        let text = TextDiff::from_lines(before, &c.after)
            .unified_diff()
            .context_radius(3)
            .header(&old, &format!("b/{}", c.path))
            .to_string();
        out.push_str(&text);
    }
    out
}

/// Whether the project's files have uncommitted changes in git; `None`
/// when it is not in a git work tree (or git is not installed).
pub fn git_dirty(root: &Path) -> Option<bool> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["status", "--porcelain", "--", "."])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(!out.stdout.is_empty())
}

#[derive(Debug)]
pub struct Applied {
    pub written: Vec<String>,
    /// Where the replaced files were copied, if any file was replaced.
    pub backup: Option<PathBuf>,
}

#[derive(Debug)]
pub struct ApplyError {
    pub path: String,
    pub message: String,
    /// Files already written before the failure (each complete).
    pub written: Vec<String>,
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)?;
        if !self.written.is_empty() {
            write!(
                f,
                " ({} file(s) were already written, each complete; run the fix again to finish)",
                self.written.len()
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ApplyError {}

pub use tfready_model::files::write_atomic;

/// Applies the changes under `root`, keeping a copy of every replaced file.
pub fn apply(root: &Path, changes: &[Change]) -> Result<Applied, ApplyError> {
    apply_with(root, changes, &mut |p, t| write_atomic(p, t))
}

/// [`apply`] with the file writer given, so tests can make writes fail.
pub fn apply_with(
    root: &Path,
    changes: &[Change],
    write: &mut dyn FnMut(&Path, &str) -> std::io::Result<()>,
) -> Result<Applied, ApplyError> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let backup_dir = root.join(".tfready").join("backup").join(stamp.to_string());
    let mut backup = None;
    let mut written = Vec::new();
    for c in changes {
        let target = root.join(&c.path);
        let fail = |message: String, written: &Vec<String>| ApplyError {
            path: c.path.clone(),
            message,
            written: written.clone(),
        };
        if let Some(before) = &c.before {
            let copy = backup_dir.join(&c.path);
            write_atomic(&copy, before).map_err(|e| {
                fail(
                    format!("cannot keep a backup copy in {}: {e}", copy.display()),
                    &written,
                )
            })?;
            backup = Some(backup_dir.clone());
        }
        write(&target, &c.after).map_err(|e| fail(format!("cannot write: {e}"), &written))?;
        written.push(c.path.clone());
    }
    Ok(Applied { written, backup })
}
