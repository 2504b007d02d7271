//! ## What it does
//! Flags RDS instances with `publicly_accessible = true` (the default is false).
//!
//! ## Why is this bad?
//! A public database has a public endpoint; its only guard is the security
//! group, and a single permissive rule exposes it to password guessing and
//! exploits.
//!
//! ## Example
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   publicly_accessible = true
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   publicly_accessible = false
//! }
//! ```
//!
//! ## References
//! - Hygiene the roadmap's RDS module assumes (§4.2: private subnets)
//! - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html>

use crate::helpers::is_true;

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR915",
    slug: "rds-publicly-accessible",
    title: "Database reachable from the internet",
    severity: Severity::High,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "4.2",
    risk: "The database gets a public DNS name and address: one security group rule away from the internet, and scanned for weak passwords.",
    remediation: "Set publicly_accessible = false and reach the database from the VPC (the app, Session Manager port forwarding).",
    effort: "15 minutes",
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
    cx.project
        .resources_of("aws_db_instance")
        .filter(|db| is_true(db, "publicly_accessible"))
        .map(|db| {
            let at = db
                .attr("publicly_accessible")
                .map_or_else(|| db.location(), |a| a.location());
            Finding::new(
                &META,
                at,
                format!(
                    "{} has a public endpoint (publicly_accessible = true)",
                    db.address()
                ),
            )
            .resource(db.address())
        })
        .collect()
}
