//! ## What it does
//! Flags secret values (passwords, tokens, keys: variables marked
//! `sensitive` or named like a secret) set in plain text in `*.tfvars`,
//! `*.auto.tfvars` or `*.tfvars.json` files. The finding points at the
//! variable's declaration and names the file that sets it; the value itself
//! is never shown.
//!
//! ## Why is this bad?
//! Variable files get committed, copied and shared. A secret in one has no
//! rotation, no audit trail, and leaks with the repository.
//!
//! ## Example
//! ```hcl
//! # terraform.tfvars
//! db_password = "hunter2"
//! ```
//!
//! ## Use instead
//! Let RDS manage the master password in Secrets Manager
//! (`manage_master_user_password = true`), or keep the secret in Secrets
//! Manager and read it with a data source; mark the variable `sensitive`.
//!
//! ## References
//! - Roadmap §1.2 AWS Secrets Manager
//! - <https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output>

use tfready_model::{VarOrigin, REDACTED};

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR021",
    slug: "secret-in-tfvars",
    title: "Secret set in plain text in a variables file",
    severity: Severity::Critical,
    phase: Phase::One,
    coverage_row: 2,
    spec_section: "1.2",
    risk: "Secrets in plain-text files leak with the repository, cannot be rotated and leave no audit trail.",
    remediation: "Move the secret to AWS Secrets Manager (RDS: manage_master_user_password) and remove it from the tfvars file.",
    effort: "1-2 hours",
    fixer: Some(&fix::FIXER),
    prices: &["aws_secretsmanager_secret"],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    let root = p.root_module();
    let mut out = Vec::new();
    for a in &p.tfvars {
        let VarOrigin::File(at) = &a.origin else {
            continue;
        };
        if !a.value.is_sensitive() || a.value.as_str().is_some_and(|s| s.trim().is_empty()) {
            continue;
        }
        let finding = match root.variables.get(&a.name) {
            Some(v) => Finding::new(
                &META,
                p.location(v.file, &v.span.range),
                format!(
                    "var.{} is set in plain text in {}:{}",
                    a.name, at.file, at.line
                ),
            )
            .related(at.clone(), format!("{} = {REDACTED}", a.name)),
            None => Finding::new(
                &META,
                at.clone(),
                format!("{} is set in plain text", a.name),
            ),
        };
        out.push(finding.value(REDACTED).resource(format!("var.{}", a.name)));
    }
    out
}
