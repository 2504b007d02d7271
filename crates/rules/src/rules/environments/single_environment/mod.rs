//! ## What it does
//! Flags a project hard-wired to one environment: no per-environment
//! variable files (`environments/*.tfvars` or several `*.tfvars`), and no
//! workspace-based switching.
//!
//! ## Why is this bad?
//! Dev and staging either do not exist or drift from prod by hand; changes
//! are tested in production.
//!
//! ## Example
//! A single `terraform.tfvars` with `environment = "prod"`.
//!
//! ## Use instead
//! `environments/dev.tfvars`, `environments/staging.tfvars` and
//! `environments/prod.tfvars` with the sizes of each, applied with
//! `terraform apply -var-file=environments/prod.tfvars`.
//!
//! ## References
//! - Roadmap §4.4 Multi-Environment Support, §7 quick win 7

use tfready_model::ast::Span as _;

use crate::helpers::project_anchor;

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR161",
    slug: "single-environment",
    title: "One environment hard-wired, no per-environment variables",
    severity: Severity::Low,
    phase: Phase::QuickWin,
    coverage_row: 16,
    spec_section: "4.4, 7.7",
    risk: "No dev/staging parity: changes are tried in production first.",
    remediation: "Add environments/{dev,staging,prod}.tfvars with the sizes of each environment.",
    effort: "30 minutes",
    fixer: Some(&fix::FIXER),
    prices: &[],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    if p.env_layout().has_environments() {
        return Vec::new();
    }
    let at = p
        .root_module()
        .variables
        .get(p.env_var().unwrap_or("environment"))
        .map(|v| p.location(v.file, &v.block.span().unwrap_or(v.span.range.clone())))
        .unwrap_or_else(|| project_anchor(p));
    vec![Finding::new(
        &META,
        at,
        "the project has one set of variable values; there are no per-environment tfvars files",
    )]
}
