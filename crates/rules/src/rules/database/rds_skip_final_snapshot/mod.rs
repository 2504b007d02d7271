//! ## What it does
//! Flags production RDS instances with `skip_final_snapshot = true`.
//! Evaluated per environment.
//!
//! ## Why is this bad?
//! Deleting or replacing the instance throws its data away with no last
//! snapshot to restore from.
//!
//! ## Example
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   skip_final_snapshot = true
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   skip_final_snapshot       = var.environment != "prod"
//!   final_snapshot_identifier = "${var.project_name}-final"
//! }
//! ```
//!
//! ## References
//! - Hygiene the roadmap's RDS module assumes (§4.2, §8.3)
//! - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#skip_final_snapshot-1>

use super::rds_hygiene::each_db;
use crate::helpers::{environment, is_prod, is_true};

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR914",
    slug: "rds-skip-final-snapshot",
    title: "Production database deleted without a final snapshot",
    severity: Severity::Medium,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "4.2, 8.3",
    risk: "Deleting or replacing the database loses its data for good.",
    remediation: "Set skip_final_snapshot = false in prod with a final_snapshot_identifier.",
    effort: "5 minutes",
    fixer: Some(&super::rds_deletion_protection::fix::FIXER),
    prices: &["aws_db_instance"],
    per_environment: true,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    if !is_prod(environment(cx.project).as_deref()) {
        return Vec::new();
    }
    each_db(cx, &META, "skip_final_snapshot", |db| {
        // RDS takes no final snapshot of a read replica: the source keeps the data.
        (db.attr("replicate_source_db").is_none() && is_true(db, "skip_final_snapshot"))
            .then(|| "skips the final snapshot in prod".into())
    })
}
