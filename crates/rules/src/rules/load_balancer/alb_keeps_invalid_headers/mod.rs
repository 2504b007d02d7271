//! ## What it does
//! Flags application load balancers that do not drop invalid HTTP header
//! fields (`drop_invalid_header_fields = true`).
//!
//! ## Why is this bad?
//! Malformed headers pass to the app, enabling HTTP request smuggling and
//! header injection against backends that parse them differently.
//!
//! ## Example
//! ```hcl
//! resource "aws_lb" "app" {
//!   load_balancer_type = "application"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_lb" "app" {
//!   load_balancer_type         = "application"
//!   drop_invalid_header_fields = true
//! }
//! ```
//!
//! ## References
//! - Roadmap §1.4 (the ALB module sets it)
//! - <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes>

use crate::helpers::is_true;

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR941",
    slug: "alb-keeps-invalid-headers",
    title: "Load balancer passes invalid HTTP headers",
    severity: Severity::Medium,
    phase: Phase::Two,
    coverage_row: 0,
    spec_section: "1.4",
    risk: "Request smuggling and header injection against the app.",
    remediation: "Set drop_invalid_header_fields = true.",
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
        .resources_of("aws_lb")
        .filter(|r| {
            r.eval("load_balancer_type")
                .and_then(|v| v.as_string())
                .is_none_or(|t| t == "application")
        })
        .filter(|r| {
            !is_true(r, "drop_invalid_header_fields")
                && !r
                    .eval("drop_invalid_header_fields")
                    .is_some_and(|v| v.is_unknown())
        })
        .map(|r| {
            Finding::new(
                &META,
                r.location(),
                format!("{} does not drop invalid header fields", r.address()),
            )
            .resource(r.address())
        })
        .collect()
}
