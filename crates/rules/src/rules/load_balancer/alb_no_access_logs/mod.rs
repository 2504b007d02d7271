//! ## What it does
//! Flags internet-facing application load balancers without an
//! `access_logs` block that has `enabled = true`.
//!
//! ## Why is this bad?
//! Access logs are the only per-request record of what reached the
//! application through the load balancer.
//!
//! ## Example
//! ```hcl
//! resource "aws_lb" "web" {
//!   load_balancer_type = "application"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_lb" "web" {
//!   access_logs {
//!     bucket  = aws_s3_bucket.lb_logs.id
//!     enabled = true
//!   }
//! }
//! ```
//!
//! ## References
//! - Roadmap §1.4 Application Load Balancer (access logs)
//! - <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR948",
    slug: "alb-no-access-logs",
    title: "Load balancer without access logs",
    severity: Severity::Low,
    phase: Phase::Two,
    coverage_row: 0,
    spec_section: "1.4",
    risk: "After an incident there is no record of who requested what: no client addresses, paths, status codes or latencies to investigate with.",
    remediation: "Add access_logs { bucket = ..., enabled = true } with a bucket whose policy lets the region's ELB account write.",
    effort: "30 minutes",
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
        .resources_of("aws_lb")
        .filter(|lb| lb.eval("internal").and_then(|v| v.as_bool()) != Some(true))
        .filter(|lb| {
            lb.eval("load_balancer_type")
                .and_then(|v| v.as_string())
                .is_none_or(|t| t == "application")
        })
        .filter(|lb| {
            !lb.blocks("access_logs")
                .iter()
                .any(|b| match b.eval("enabled") {
                    Some(v) => v.is_unknown() || v.as_bool() == Some(true),
                    None => false,
                })
        })
        .map(|lb| Finding::on_resource(&META, &lb, None, "keeps no access logs"))
        .collect()
}
