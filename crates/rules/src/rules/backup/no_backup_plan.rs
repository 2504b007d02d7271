//! ## What it does
//! Flags databases and instances in a project with no AWS Backup plan and
//! selection (`aws_backup_plan` + `aws_backup_selection`).
//!
//! ## Why is this bad?
//! RDS automated backups live and die with the instance's settings, EBS
//! volumes have none; there is no central retention, no cold storage, and
//! restores are untested.
//!
//! ## Example
//! An `aws_db_instance` and an `aws_instance` with no backup plan.
//!
//! ## Use instead
//! A backup vault, daily and weekly rules with a lifecycle AWS accepts
//! (`delete_after` at least 90 days after `cold_storage_after`), and a
//! selection covering the database and the instances.
//!
//! ## References
//! - Roadmap §3.1 AWS Backup
//! - <https://docs.aws.amazon.com/aws-backup/latest/devguide/plan-options-and-configuration.html>

use crate::helpers::{absence, any_of};

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR101",
    slug: "no-backup-plan",
    title: "No AWS Backup plan covers the data",
    severity: Severity::Medium,
    phase: Phase::Three,
    coverage_row: 10,
    spec_section: "3.1",
    risk: "No central, tested, retained backups of the database and instances.",
    remediation:
        "Add a backup vault, daily and weekly rules and a selection covering RDS and the instances.",
    effort: "1 hour",
    fixer: Some("backup"),
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("no_backup_plan.rs"),
};

const DATA: &[&str] = &[
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_instance",
    "aws_ebs_volume",
    "aws_efs_file_system",
    "aws_dynamodb_table",
];

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    if any_of(p, &["aws_backup_selection"]) {
        return Vec::new();
    }
    p.resources()
        .filter(|r| DATA.contains(&r.resource.ty.as_str()))
        .map(|r| {
            absence(
                Finding::new(
                    &META,
                    r.location(),
                    format!("no AWS Backup plan covers {}", r.address()),
                )
                .resource(r.address()),
                p,
            )
        })
        .collect()
}
