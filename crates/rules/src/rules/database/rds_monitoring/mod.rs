//! ## What it does
//! Flags RDS instances without Performance Insights, enhanced monitoring
//! (`monitoring_interval` > 0) or log exports to CloudWatch
//! (`enabled_cloudwatch_logs_exports`). Aurora cluster instances
//! (`aws_rds_cluster_instance`) are checked for Performance Insights and
//! enhanced monitoring; their logs are exported by the cluster, which is
//! checked for exports.
//!
//! ## Why is this bad?
//! Slow queries, lock contention and OS-level pressure cannot be seen, and
//! database logs stay inside the instance.
//!
//! ## Example
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   engine = "postgres"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   engine                          = "postgres"
//!   performance_insights_enabled    = true
//!   monitoring_interval             = 60
//!   monitoring_role_arn             = aws_iam_role.rds_monitoring.arn
//!   enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
//! }
//! ```
//!
//! ## References
//! - Roadmap §4.2 RDS Enhancements
//! - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.html>

use crate::helpers::is_true;

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR141",
    slug: "rds-monitoring",
    title: "RDS without Performance Insights, enhanced monitoring or log exports",
    severity: Severity::Medium,
    phase: Phase::Two,
    coverage_row: 14,
    spec_section: "4.2",
    risk: "Database performance problems and errors cannot be diagnosed.",
    remediation: "Enable Performance Insights, enhanced monitoring (with its IAM role) and CloudWatch log exports.",
    effort: "30 minutes",
    fixer: Some(&fix::FIXER),
    prices: &["aws_cloudwatch_log_group", "aws_db_instance"],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for db in cx
        .project
        .resources_of("aws_db_instance")
        .chain(cx.project.resources_of("aws_rds_cluster_instance"))
        .chain(cx.project.resources_of("aws_rds_cluster"))
    {
        let ty = db.resource.ty.as_str();
        let mut missing = Vec::new();
        if ty != "aws_rds_cluster"
            && !is_true(&db, "performance_insights_enabled")
            && !is_true(&db, "database_insights_mode")
        {
            missing.push("Performance Insights");
        }
        // A value known only at apply (an interval chosen from a role ARN)
        // is not reported.
        let interval = db.eval("monitoring_interval");
        if ty != "aws_rds_cluster"
            && !interval.as_ref().is_some_and(|v| v.is_unknown())
            && interval.and_then(|v| v.as_f64()).unwrap_or(0.0) <= 0.0
        {
            missing.push("enhanced monitoring");
        }
        let exports = db.eval("enabled_cloudwatch_logs_exports");
        if ty != "aws_rds_cluster_instance"
            && !exports.as_ref().is_some_and(|v| v.is_unknown())
            && exports.and_then(|v| v.length()).unwrap_or(0) == 0
        {
            missing.push("log exports");
        }
        if !missing.is_empty() {
            out.push(
                Finding::new(
                    &META,
                    db.location(),
                    format!("{} has no {}", db.address(), missing.join(", no ")),
                )
                .resource(db.address()),
            );
        }
    }
    out
}
