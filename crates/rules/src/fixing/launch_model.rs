//! The instance an Auto Scaling group is launched like and, when it can,
//! takes over: read by the group's fixer, by the boot-time secrets fixer
//! (which edits the user data the group launches with) and by the fix run
//! (which reports what the group retires).

use tfready_model::{Presence, Project, ResourceRef};

/// The instance an Auto Scaling group can take over: the stack's only
/// `aws_instance`, not counted, declared in the root or in a module the root
/// calls once (the only shapes whose references fix can rewrite safely).
pub fn replaced_instance(project: &Project) -> Option<ResourceRef<'_>> {
    let mut all = project
        .resources_of("aws_instance")
        .filter(|r| r.presence() != Presence::No);
    let r = all.next()?;
    if all.next().is_some() {
        return None;
    }
    retirable(project, &r).then_some(r)
}

/// The instance the group is launched like: the one it replaces, else the
/// stack's first (several, or counted: they stay, and the user retires them).
pub fn model_instance(project: &Project) -> Option<ResourceRef<'_>> {
    replaced_instance(project).or_else(|| {
        project
            .resources_of("aws_instance")
            .find(|r| r.presence() != Presence::No)
    })
}

fn retirable(project: &Project, r: &ResourceRef<'_>) -> bool {
    let body = &r.resource.block.body;
    if body.has_attribute("count") || body.has_attribute("for_each") {
        return false;
    }
    match r.instance.parent {
        None => true,
        Some((0, idx)) => {
            let call = &project.root_module().calls[idx];
            let once = !call.block.body.has_attribute("count")
                && !call.block.body.has_attribute("for_each")
                && project.modules[1..].iter().all(|m| {
                    m.calls
                        .iter()
                        .all(|c| c.source != tfready_model::ModuleSource::Local(r.instance.module))
                });
            once
        }
        Some(_) => false,
    }
}
