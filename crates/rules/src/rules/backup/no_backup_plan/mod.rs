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

use crate::helpers::absence;

use super::super::*;

pub(crate) mod fix;

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
    fixer: Some(&fix::FIXER),
    prices: &["aws_backup_plan"],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

const DATA: &[&str] = &[
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_instance",
    "aws_ebs_volume",
    "aws_efs_file_system",
    "aws_dynamodb_table",
];

/// Whether some backup selection takes in `r`: by reference in
/// `resources`, by a wildcard, or by a tag `r` carries. A selection whose
/// resource list or tags are known only at apply is taken to cover it.
fn covered(cx: &Ctx<'_>, r: &tfready_model::ResourceRef<'_>) -> bool {
    if cx.referenced_by(&["aws_backup_selection"], &["resources"], r) {
        return true;
    }
    let tags = r.eval("tags");
    cx.project.resources_of("aws_backup_selection").any(|sel| {
        let by_resources = match sel.eval("resources") {
            // The whole list unknown (a variable without a value); elements
            // unknown are references, which `referenced_by` followed.
            Some(v) if v.is_unknown() => true,
            Some(v) => v.as_list().is_some_and(|l| {
                l.iter()
                    .any(|x| x.as_string().is_some_and(|s| s == "*" || s.ends_with(":*")))
            }),
            None => false,
        };
        let by_tag = sel.blocks("selection_tag").iter().any(|t| {
            let (Some(k), Some(v)) = (
                t.eval("key").and_then(|k| k.as_string()),
                t.eval("value").and_then(|v| v.as_string()),
            ) else {
                return true;
            };
            match &tags {
                Some(all) if !all.is_wholly_known() => true,
                Some(all) => all
                    .as_map()
                    .and_then(|m| m.get(&k).and_then(|x| x.as_string()))
                    .is_some_and(|x| x == v),
                None => false,
            }
        });
        // Condition blocks select by tags too: taken to cover.
        by_resources || by_tag || !sel.blocks("condition").is_empty()
    })
}

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    p.resources()
        .filter(|r| DATA.contains(&r.resource.ty.as_str()))
        .filter(|r| !covered(cx, r))
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
