//! ## What it does
//! Flags RDS instances and clusters whose storage is not encrypted
//! (`storage_encrypted` unset or false).
//!
//! ## Why is this bad?
//! Data, snapshots and replicas sit unencrypted; encryption cannot be turned
//! on later without a snapshot-and-restore migration.
//!
//! ## Example
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   storage_encrypted = false
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   storage_encrypted = true
//! }
//! ```
//!
//! ## References
//! - Hygiene the roadmap's RDS module assumes (§1.2, §4.2)
//! - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html>

use super::rds_hygiene::each_db;
use crate::helpers::is_true;

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR911",
    slug: "rds-storage-unencrypted",
    title: "RDS storage not encrypted",
    severity: Severity::High,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "4.2",
    risk: "Database files, snapshots and replicas are unencrypted at rest.",
    remediation:
        "Set storage_encrypted = true (existing instances: snapshot, copy encrypted, restore).",
    effort: "1 hour",
    fixer: None,
    prices: &[],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    each_db(cx, &META, "storage_encrypted", |db| {
        let v = db.eval("storage_encrypted");
        if v.as_ref().is_some_and(|v| v.is_unknown())
            || is_true(db, "storage_encrypted")
            || db.resource.ty == "aws_rds_cluster"
                && db.attr("storage_encrypted").is_none()
                && db
                    .eval("engine_mode")
                    .and_then(|m| m.as_string())
                    .as_deref()
                    == Some("serverless")
        {
            // An Aurora cluster defaults to unencrypted, except in the
            // (v1) serverless engine mode (provider docs, storage_encrypted).
            return None;
        }
        Some("stores data unencrypted".into())
    })
}
