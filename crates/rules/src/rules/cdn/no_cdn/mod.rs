//! ## What it does
//! Flags a web application served without a CloudFront distribution in
//! front: an internet-facing load balancer or a Route 53 name for the app,
//! and no `aws_cloudfront_distribution`.
//!
//! ## Why is this bad?
//! Every request, static assets included, crosses to the origin region:
//! slower pages far away, more origin load, no edge caching or shielding.
//!
//! ## Example
//! An ALB aliased from Route 53 and no distribution.
//!
//! ## Use instead
//! A CloudFront distribution with cache policies (long caching for
//! `/assets/*`, none for `/api/*`), HTTPS only, `TLSv1.2_2021`, and an ACM
//! certificate in us-east-1.
//!
//! ## References
//! - Roadmap §3.2 CloudFront CDN
//! - <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/controlling-the-cache-key.html>

use crate::helpers::{absence, any_of};

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR111",
    slug: "no-cdn",
    title: "Web application without a CDN",
    severity: Severity::Low,
    phase: Phase::Four,
    coverage_row: 11,
    spec_section: "3.2",
    risk: "Slower pages for distant users and all load on the origin; no edge caching.",
    remediation: "Put a CloudFront distribution with cache policies in front of the load balancer.",
    effort: "2 hours",
    fixer: Some(&fix::FIXER),
    prices: &[
        "aws_cloudfront_distribution",
        "aws_cloudwatch_log_group",
        "aws_wafv2_web_acl",
    ],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    if any_of(p, &["aws_cloudfront_distribution"]) {
        return Vec::new();
    }
    let served = p.resources().find(|r| match r.kind() {
        "aws_lb" => r.eval("internal").and_then(|v| v.as_bool()) != Some(true),
        "aws_route53_record" => matches!(
            r.eval("type").and_then(|v| v.as_string()).as_deref(),
            Some("A" | "AAAA")
        ),
        _ => false,
    });
    served
        .map(|r| {
            absence(
                Finding::new(
                    &META,
                    r.location(),
                    format!("{} serves the app with no CDN in front", r.address()),
                )
                .resource(r.address()),
                p,
            )
        })
        .into_iter()
        .collect()
}
