//! What `fix` does to the bill: the stack priced before and after its
//! changes, with the embedded and cached prices and the default usage
//! (`fix` never calls out for prices).

use std::path::Path;

use tfready_cost::{estimate, sources, Estimate, Usage};
use tfready_fix::Change;
use tfready_model::Project;

use crate::target::Target;

/// `project` priced as `fix` prices it.
pub fn priced(project: &Project) -> Estimate {
    estimate(project, &sources::offline(project), &Usage::defaults())
}

/// The stack before and after `changes`: after, from the files as they now
/// are when the changes are `written`, else from a scratch copy of the
/// stack with them applied. `None` when the stack after does not load.
pub fn cost_before_after(
    before: &Project,
    target: &Target,
    changes: &[Change],
    written: bool,
) -> Option<(Estimate, Estimate)> {
    if written {
        let after = load_at(target, &target.path)?;
        return Some((priced(before), priced(&after)));
    }
    let scratch = std::env::temp_dir().join(format!("tfready-fix-cost-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    copy_tree(&before.root, &scratch).ok()?;
    let after = tfready_fix::apply(&scratch, changes)
        .ok()
        .and_then(|_| load_at(target, &scratch));
    let _ = std::fs::remove_dir_all(&scratch);
    Some((priced(before), priced(&after?)))
}

/// The target's stack as it is at `path` (its variables and environment).
fn load_at(target: &Target, path: &Path) -> Option<Project> {
    let options = target.options(target.env.clone(), &Default::default());
    Project::load(path, &options).ok()
}

/// Copies a project (without .git, .terraform or tfready's backups).
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let name = e.file_name();
        if [".git", ".terraform", ".tfready"]
            .iter()
            .any(|n| name == *n)
        {
            continue;
        }
        let ty = e.file_type()?;
        if ty.is_dir() {
            copy_tree(&e.path(), &to.join(&name))?;
        } else if ty.is_file() {
            std::fs::copy(e.path(), to.join(&name))?;
        }
    }
    Ok(())
}
