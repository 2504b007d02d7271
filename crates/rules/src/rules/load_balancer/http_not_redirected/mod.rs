//! ## What it does
//! Flags HTTP (port 80) load balancer listeners that serve traffic instead
//! of redirecting to HTTPS.
//!
//! ## Why is this bad?
//! Sessions, cookies and credentials cross the internet in clear text, and
//! users who type the bare domain never reach TLS.
//!
//! ## Example
//! ```hcl
//! resource "aws_lb_listener" "http" {
//!   port     = 80
//!   protocol = "HTTP"
//!   default_action {
//!     type             = "forward"
//!     target_group_arn = aws_lb_target_group.app.arn
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! default_action {
//!   type = "redirect"
//!   redirect {
//!     port        = "443"
//!     protocol    = "HTTPS"
//!     status_code = "HTTP_301"
//!   }
//! }
//! ```
//!
//! ## References
//! - Roadmap §1.4
//! - <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR942",
    slug: "http-not-redirected",
    title: "HTTP listener not redirected to HTTPS",
    severity: Severity::Medium,
    phase: Phase::Two,
    coverage_row: 0,
    spec_section: "1.4",
    risk: "Traffic, cookies and credentials travel unencrypted.",
    remediation: "Make the HTTP listener's default action a 301 redirect to HTTPS.",
    effort: "10 minutes",
    fixer: Some(&super::alb_keeps_invalid_headers::fix::FIXER),
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
        .resources_of("aws_lb_listener")
        .filter(|r| r.eval("protocol").and_then(|v| v.as_string()).as_deref() == Some("HTTP"))
        .filter(|r| {
            r.blocks("default_action").iter().any(|a| {
                let ty = a.eval("type").and_then(|v| v.as_string());
                let to_https = a.blocks("redirect").iter().any(|rd| {
                    rd.eval("protocol").and_then(|v| v.as_string()).as_deref() == Some("HTTPS")
                });
                ty.as_deref() != Some("redirect") || !to_https
            })
        })
        .map(|r| {
            Finding::new(
                &META,
                r.location(),
                format!(
                    "{} serves plain HTTP instead of redirecting to HTTPS",
                    r.address()
                ),
            )
            .resource(r.address())
        })
        .collect()
}
