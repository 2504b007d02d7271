//! ## What it does
//! Flags CloudWatch log groups without `retention_in_days` (kept forever).
//!
//! ## Why is this bad?
//! Logs accumulate and are billed forever; retention is also a compliance
//! decision that should be explicit.
//!
//! ## Example
//! ```hcl
//! resource "aws_cloudwatch_log_group" "app" {
//!   name = "/app"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_cloudwatch_log_group" "app" {
//!   name              = "/app"
//!   retention_in_days = var.environment == "prod" ? 30 : 7
//! }
//! ```
//!
//! ## References
//! - Roadmap §1.5 (log groups with retention)
//! - <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html>

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR931",
    slug: "log-group-no-retention",
    title: "Log group kept forever (no retention)",
    severity: Severity::Low,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "1.5",
    risk: "Log storage grows and is billed forever; retention is not a conscious choice.",
    remediation: "Set retention_in_days (e.g. 30 in prod, 7 elsewhere).",
    effort: "5 minutes",
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
    cx.project
        .resources_of("aws_cloudwatch_log_group")
        .filter(|g| match g.eval("retention_in_days") {
            None => true,
            Some(v) => v.as_f64() == Some(0.0),
        })
        .map(|g| {
            Finding::new(
                &META,
                g.location(),
                format!("{} keeps logs forever", g.address()),
            )
            .resource(g.address())
        })
        .collect()
}
