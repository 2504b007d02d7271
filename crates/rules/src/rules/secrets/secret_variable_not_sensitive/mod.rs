//! ## What it does
//! Flags variables whose name says they hold a secret (`*password*`,
//! `*token*`, `*secret*`, `*api_key*`, ...) but that are not declared
//! `sensitive = true`.
//!
//! ## Why is this bad?
//! Terraform prints non-sensitive values in plans and logs, where CI keeps
//! them forever.
//!
//! ## Example
//! ```hcl
//! variable "db_password" {
//!   type = string
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! variable "db_password" {
//!   type      = string
//!   sensitive = true
//! }
//! ```
//!
//! ## References
//! - Roadmap §1.2
//! - <https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output>

use tfready_model::secrets::looks_secret;

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR022",
    slug: "secret-variable-not-sensitive",
    title: "Secret variable not marked sensitive",
    severity: Severity::High,
    phase: Phase::One,
    coverage_row: 2,
    spec_section: "1.2",
    risk: "The value is printed in plans and CI logs.",
    remediation: "Add `sensitive = true` to the variable.",
    effort: "5 minutes",
    fixer: Some(&super::secret_in_tfvars::fix::FIXER),
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
    let mut out = Vec::new();
    for m in p.modules.iter() {
        for v in m.variables.values() {
            if !v.sensitive && looks_secret(&v.name) {
                out.push(
                    Finding::new(
                        &META,
                        p.location(v.file, &v.span.range),
                        format!("var.{} holds a secret but is not `sensitive`", v.name),
                    )
                    .resource(format!("var.{}", v.name)),
                );
            }
        }
    }
    out
}
