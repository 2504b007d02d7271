//! ## What it does
//! Flags internet-facing application load balancers with no WAFv2 web ACL
//! associated (`aws_wafv2_web_acl_association`), and CloudFront
//! distributions without `web_acl_id`.
//!
//! ## Why is this bad?
//! Nothing filters SQL injection, XSS, known bad inputs or floods of
//! requests before they reach the application.
//!
//! ## Example
//! ```hcl
//! resource "aws_lb" "app" {
//!   internal = false
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_wafv2_web_acl_association" "app" {
//!   resource_arn = aws_lb.app.arn
//!   web_acl_arn  = aws_wafv2_web_acl.app.arn
//! }
//! ```
//! with a rate limit that exempts the health check and the AWS managed rule
//! groups (common, known bad inputs, SQLi, IP reputation).
//!
//! ## References
//! - Roadmap §2.2 WAF
//! - <https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html>

use crate::helpers::absence;

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR071",
    slug: "no-waf",
    title: "Internet-facing load balancer or CDN without a WAF",
    severity: Severity::Medium,
    phase: Phase::Two,
    coverage_row: 7,
    spec_section: "2.2",
    risk: "No protection against common web attacks, bad bots or request floods.",
    remediation: "Associate a WAFv2 web ACL with a rate limit and the AWS managed rule groups.",
    effort: "1-2 hours",
    fixer: Some(&fix::FIXER),
    prices: &["aws_cloudwatch_log_group", "aws_wafv2_web_acl"],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    let mut out = Vec::new();
    for r in p.resources() {
        let unprotected = match r.kind() {
            "aws_lb" => {
                let internal = r.eval("internal").and_then(|v| v.as_bool()) == Some(true);
                let kind = r
                    .eval("load_balancer_type")
                    .and_then(|v| v.as_string())
                    .unwrap_or_else(|| "application".into());
                !internal
                    && kind == "application"
                    && !cx.referenced_by(&["aws_wafv2_web_acl_association"], &["resource_arn"], &r)
            }
            "aws_cloudfront_distribution" => r.attr("web_acl_id").is_none(),
            _ => false,
        };
        if unprotected {
            out.push(absence(
                Finding::new(
                    &META,
                    r.location(),
                    format!("{} faces the internet with no WAF web ACL", r.address()),
                )
                .resource(r.address()),
                p,
            ));
        }
    }
    out
}
