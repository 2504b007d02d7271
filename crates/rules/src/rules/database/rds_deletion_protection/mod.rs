//! ## What it does
//! Flags production RDS instances without `deletion_protection = true`.
//! Evaluated per environment.
//!
//! ## Why is this bad?
//! One wrong `terraform destroy` or a replacement in a plan deletes the
//! production database.
//!
//! ## Example
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   deletion_protection = false
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   deletion_protection = var.environment == "prod"
//! }
//! ```
//!
//! ## References
//! - Hygiene the roadmap's RDS module assumes (§4.2)
//! - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html>

use super::rds_hygiene::each_db;
use crate::helpers::{environment, is_prod, is_true};

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR912",
    slug: "rds-deletion-protection",
    title: "Production database without deletion protection",
    severity: Severity::Medium,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "4.2",
    risk: "A destroy or a replacing plan deletes the production database.",
    remediation: "Set deletion_protection = true in prod.",
    effort: "5 minutes",
    fixer: Some(&fix::FIXER),
    prices: &["aws_db_instance"],
    per_environment: true,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let env = environment(cx.project);
    if !is_prod(env.as_deref()) {
        return Vec::new();
    }
    each_db(cx, &META, "deletion_protection", |db| {
        let v = db.eval("deletion_protection");
        (!is_true(db, "deletion_protection") && !v.is_some_and(|v| v.is_unknown()))
            .then(|| "can be deleted in prod (no deletion_protection)".into())
    })
}
