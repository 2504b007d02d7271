//! `--diff-base REF`: the project as it is at a git revision, exported to a
//! temporary directory (`git archive`), so a pull request's findings and
//! cost can be set against its base.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A tree exported from git, removed when dropped.
pub struct Exported {
    dir: PathBuf,
    /// The project's directory inside it (`None`: it did not exist at REF).
    pub project: Option<PathBuf>,
}

impl Drop for Exported {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    Ok(out.stdout)
}

/// The repository holding `project` at `rev`, in a temporary directory.
pub fn export(project: &Path, rev: &str) -> Result<Exported, String> {
    let project = project
        .canonicalize()
        .map_err(|e| format!("{}: {e}", project.display()))?;
    let top = git(&project, &["rev-parse", "--show-toplevel"])
        .map_err(|e| format!("--diff-base needs a git repository: {e}"))?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let rel = project
        .strip_prefix(top.canonicalize().unwrap_or(top.clone()))
        .map(Path::to_path_buf)
        .unwrap_or_default();
    git(
        &top,
        &["rev-parse", "--verify", &format!("{rev}^{{commit}}")],
    )
    .map_err(|e| format!("--diff-base {rev}: not a commit: {e}"))?;
    let dir = std::env::temp_dir().join(format!(
        "tfready-base-{}-{}",
        std::process::id(),
        rev.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut exported = Exported { dir, project: None };
    let tar = git(&top, &["archive", "--format=tar", rev])?;
    let mut untar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(&exported.dir)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    {
        use std::io::Write;
        let mut stdin = untar.stdin.take().ok_or("tar has no stdin")?;
        stdin.write_all(&tar).map_err(|e| format!("tar: {e}"))?;
    }
    let status = untar.wait().map_err(|e| format!("tar: {e}"))?;
    if !status.success() {
        return Err(format!("tar could not unpack {rev}"));
    }
    let at = exported.dir.join(&rel);
    exported.project = at.is_dir().then_some(at);
    Ok(exported)
}
