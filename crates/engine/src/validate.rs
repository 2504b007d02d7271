//! `validate` as a run: the validator's problems as findings, with the
//! audit's suppressions, severities and formats; and the usage errors they
//! reveal.

use tfready_model::{Project, VarOrigin};
use tfready_rules::{audit_with, validator, AuditResult, Config, Finding};

use crate::load::Loaded;

/// The validator's checks only (the rules are the audit's), warnings
/// included, with the config's suppressions and severities applied.
pub fn validate(loaded: &Loaded) -> AuditResult {
    let config = Config {
        select: validator::metas()
            .iter()
            .map(|m| m.id.to_string())
            .collect(),
        ..loaded.config.clone()
    };
    audit_with(
        &loaded.project,
        &config,
        validator::findings(&loaded.project, true),
    )
}

/// A value given on the command line (`--var`, `--env`) that the variable's
/// own validation rejects: a usage error, as in `terraform plan` (the
/// finding is in the report too).
pub fn rejected_flag(project: &Project, findings: &[Finding]) -> Option<String> {
    findings
        .iter()
        .filter(|f| f.rule.slug == "variable-validation")
        .find_map(|f| {
            // Root variables only: `var.NAME`, not `module.x.var.NAME`.
            let name = f.resource.as_deref()?.strip_prefix("var.")?;
            let flag = project
                .tfvars
                .iter()
                .rev()
                .find(|a| a.name == name)
                .and_then(|a| match &a.origin {
                    VarOrigin::Flag(flag) => Some(flag.clone()),
                    _ => None,
                })?;
            Some(project.scrub(&format!(
                "{flag}: rejected by the variable's validation: {}",
                f.message
            )))
        })
}
