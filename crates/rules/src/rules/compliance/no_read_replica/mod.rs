//! ## What it does
//! Notes production databases with no read replica and no cross-region
//! copy of their backups: the roadmap's phase 4 read-scaling and disaster
//! recovery items.
//!
//! ## Why is this bad?
//! Reads cannot be scaled out, and a regional outage has no documented
//! way back.
//!
//! ## Example
//! One `aws_db_instance` and nothing replicating it.
//!
//! ## Use instead
//! An optional `aws_db_instance` with `replicate_source_db`, and a written
//! multi-region DR plan (cross-region backup copies, restore runbook).
//!
//! ## References
//! - Roadmap §6 phase 4 items 17-18
//! - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html>

use crate::helpers::{environment, is_prod};

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR193",
    slug: "no-read-replica",
    title: "Production database without a read replica or DR copy",
    severity: Severity::Info,
    phase: Phase::Four,
    coverage_row: 19,
    spec_section: "6 (phase 4)",
    risk: "No read scaling and no cross-region recovery path.",
    remediation: "Add a read replica option and document a multi-region DR plan.",
    effort: "2-4 hours",
    fixer: Some(&fix::FIXER),
    prices: &["aws_cloudwatch_metric_alarm", "aws_db_instance"],
    per_environment: true,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    if !is_prod(environment(p).as_deref()) {
        return Vec::new();
    }
    let dbs: Vec<_> = p.resources_of("aws_db_instance").collect();
    let replicated = dbs.iter().any(|d| d.attr("replicate_source_db").is_some())
        || p.resources()
            .any(|r| r.resource.ty == "aws_db_instance_automated_backups_replication");
    if replicated {
        return Vec::new();
    }
    dbs.iter()
        .map(|db| {
            Finding::new(
                &META,
                db.location(),
                format!(
                    "{} has no read replica and no cross-region backup copy",
                    db.address()
                ),
            )
            .resource(db.address())
        })
        .collect()
}
