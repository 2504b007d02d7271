//! ## What it does
//! Flags RDS instances that keep automated backups for fewer than 7 days
//! (or not at all: `backup_retention_period = 0`).
//!
//! ## Why is this bad?
//! Point-in-time recovery only reaches back as far as the retention: a
//! problem found after a long weekend cannot be undone.
//!
//! ## Example
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   backup_retention_period = 1
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   backup_retention_period = 7
//! }
//! ```
//!
//! ## References
//! - Hygiene the roadmap's RDS module assumes (§3.1, §4.2)
//! - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html>

use super::rds_hygiene::each_db;

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR913",
    slug: "rds-backup-retention",
    title: "RDS automated backups kept less than 7 days",
    severity: Severity::Medium,
    phase: Phase::Three,
    coverage_row: 0,
    spec_section: "3.1, 4.2",
    risk: "Point-in-time recovery cannot reach back far enough; 0 disables backups.",
    remediation: "Set backup_retention_period to 7 or more.",
    effort: "5 minutes",
    fixer: Some(&super::rds_deletion_protection::fix::FIXER),
    prices: &[],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    each_db(cx, &META, "backup_retention_period", |db| {
        if db.attr("replicate_source_db").is_some() {
            return None;
        }
        // Unset: AWS keeps 1 day for instances created through the API.
        let days = match db.eval("backup_retention_period") {
            None => 1.0,
            Some(v) => v.as_f64()?,
        };
        (days < 7.0).then(|| format!("keeps automated backups for {days} day(s)"))
    })
}
