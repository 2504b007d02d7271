//! ## What it does
//! Flags HTTP and HTTPS target groups with no `health_check` block, or one
//! without `path` (the default is `/`). TCP and other protocols are not
//! checked.
//!
//! ## Why is this bad?
//! The root page often answers without the application working (a static
//! index, a redirect to a login page); a health path checks what matters.
//!
//! ## Example
//! ```hcl
//! resource "aws_lb_target_group" "web" {
//!   protocol = "HTTP"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_lb_target_group" "web" {
//!   protocol = "HTTP"
//!   health_check {
//!     path    = "/healthz"
//!     matcher = "200"
//!   }
//! }
//! ```
//!
//! ## References
//! - Roadmap §1.4 Application Load Balancer (health checks)
//! - <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR949",
    slug: "target-group-no-health-check-path",
    title: "Target group checking the root page, not a health path",
    severity: Severity::Low,
    phase: Phase::Two,
    coverage_row: 0,
    spec_section: "1.4",
    risk: "The load balancer keeps sending traffic to targets whose app is broken as long as \"/\" answers (a static page, a redirect, a cached response).",
    remediation: "Add health_check { path = <the app's own health endpoint>, matcher = \"200\" }.",
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
        .resources_of("aws_lb_target_group")
        .filter(|tg| {
            matches!(
                tg.eval("protocol").and_then(|v| v.as_string()).as_deref(),
                Some("HTTP" | "HTTPS")
            )
        })
        .filter(|tg| {
            tg.blocks("health_check")
                .iter()
                .all(|h| h.attr("path").is_none())
        })
        .map(|tg| {
            Finding::new(
                &META,
                tg.location(),
                format!(
                    "{} health-checks \"/\" (no health_check path)",
                    tg.address()
                ),
            )
            .resource(tg.address())
        })
        .collect()
}
