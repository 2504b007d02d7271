//! ## What it does
//! Flags RDS instances that are not Multi-AZ in production. Evaluated per
//! environment: `multi_az = var.environment == "prod"` passes.
//!
//! ## Why is this bad?
//! A single-AZ database is down for the whole of an AZ outage, a host
//! failure or most maintenance; failover to a standby takes a minute or two.
//!
//! ## Example
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   multi_az = false
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   multi_az = var.environment == "prod"
//! }
//! ```
//!
//! ## References
//! - Roadmap §4.2, §6 phase 3 item 15
//! - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html>

use crate::helpers::{environment, is_prod};

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR181",
    slug: "rds-not-multi-az-in-prod",
    title: "Production database is not Multi-AZ",
    severity: Severity::High,
    phase: Phase::Three,
    coverage_row: 18,
    spec_section: "4.2, 3.3",
    risk: "The database is down for an AZ outage, a host failure or maintenance.",
    remediation: "Set multi_az per environment: true in prod.",
    effort: "15 minutes",
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
    let env = environment(cx.project);
    if !is_prod(env.as_deref()) {
        return Vec::new();
    }
    cx.project
        .resources_of("aws_db_instance")
        .filter(|db| db.attr("replicate_source_db").is_none())
        .filter(|db| {
            db.eval("multi_az").and_then(|v| v.as_bool()) != Some(true)
                && !db.eval("multi_az").is_some_and(|v| v.is_unknown())
        })
        .map(|db| {
            let at = db
                .attr("multi_az")
                .map_or_else(|| db.location(), |a| a.location());
            Finding::new(
                &META,
                at,
                format!(
                    "{} is single-AZ in {}",
                    db.address(),
                    env.as_deref().unwrap_or("prod")
                ),
            )
            .resource(db.address())
        })
        .collect()
}
