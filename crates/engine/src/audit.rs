//! The audit of a loaded target: the validator's errors and the rules, the
//! environment-dependent rules in each environment of the stack; and the
//! audit of the same target at a git revision (`--diff-base`).

use tfready_rules::{audit_environments, audit_with, AuditResult};

use crate::load::{load, Loaded};
use crate::target::Target;

/// The audit of `loaded`: the validator's errors when `validate` is set,
/// and the rules. When the run has no environment, the rules that depend
/// on one are evaluated in each environment that has a variables file,
/// from the files read once. `stage` names each step for a progress display.
pub fn audit(
    loaded: &Loaded,
    target: &Target,
    validate: bool,
    stage: &dyn Fn(&'static str),
) -> Result<AuditResult, String> {
    let Loaded {
        project, config, ..
    } = loaded;
    let extra = if validate {
        stage("validating");
        tfready_rules::validator::findings(project, false)
    } else {
        Vec::new()
    };
    stage("auditing");
    if loaded.environment.is_some() {
        return Ok(audit_with(project, config, extra));
    }
    let envs: Vec<String> = project.env_layout().names().map(str::to_string).collect();
    if envs.is_empty() {
        return Ok(audit_with(project, config, extra));
    }
    let mut per_env = Vec::new();
    for e in envs {
        let p = project
            .for_env(&target.options(Some(e.clone()), config))
            .map_err(|err| err.to_string())?;
        per_env.push((e, p));
    }
    Ok(audit_environments(project, &per_env, config, extra))
}

/// The audit of `target` as it is at git revision `rev`, its findings on
/// the plan's addresses when it is a plan; `None` when it did not exist
/// there (every finding is then new).
pub fn audit_at(
    target: &Target,
    rev: &str,
    validate: bool,
    stage: &dyn Fn(&'static str),
) -> Result<Option<AuditResult>, String> {
    let exported = crate::git_ref::export(&target.path, rev)?;
    let Some(path) = exported.project.clone() else {
        return Ok(None);
    };
    let base_target = target.at(path);
    let base = load(&base_target, None)?;
    let mut result = audit(&base, &base_target, validate, stage)?;
    base.remap(&mut result.findings);
    Ok(Some(result))
}
