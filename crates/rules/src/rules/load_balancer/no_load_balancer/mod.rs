//! ## What it does
//! Flags traffic sent straight to one instance: a Route 53 record whose
//! `records` resolve to an Elastic IP or an instance's IP (followed through
//! variables, module inputs and outputs), or an Elastic IP on an instance,
//! in a project with no load balancer.
//!
//! ## Why is this bad?
//! The instance is a single point of failure, TLS terminates on it, its
//! application ports face the internet, there are no health checks and it
//! cannot scale out.
//!
//! ## Example
//! ```hcl
//! resource "aws_route53_record" "app" {
//!   type    = "A"
//!   records = [aws_eip.app.public_ip]
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_route53_record" "app" {
//!   type = "A"
//!   alias {
//!     name                   = aws_lb.app.dns_name
//!     zone_id                = aws_lb.app.zone_id
//!     evaluate_target_health = true
//!   }
//! }
//! ```
//! with an ALB terminating TLS (ACM certificate, TLS 1.3 policy) and
//! redirecting HTTP to HTTPS.
//!
//! ## References
//! - Roadmap §1.4 Application Load Balancer
//! - <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/introduction.html>

use tfready_model::ResourceMode;

use crate::helpers::any_of;

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR041",
    slug: "no-load-balancer",
    title: "Traffic goes straight to an instance, with no load balancer",
    severity: Severity::High,
    phase: Phase::Two,
    coverage_row: 4,
    spec_section: "1.4",
    risk: "Single point of failure; no TLS termination at the edge, no health checks, app ports exposed, no scaling.",
    remediation: "Put an ALB in front (HTTPS listener with a TLS 1.3 policy, HTTP->HTTPS redirect, health checks) and alias the DNS record to it.",
    effort: "2-3 hours",
    fixer: Some(&fix::FIXER),
    prices: &["aws_lb", "aws_s3_bucket"],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

const LOAD_BALANCERS: &[&str] = &[
    "aws_lb",
    "aws_elb",
    "aws_cloudfront_distribution",
    "aws_apigatewayv2_api",
];

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    if any_of(p, LOAD_BALANCERS) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for r in p.resources_of("aws_route53_record") {
        let Some(records) = r.attr("records") else {
            continue;
        };
        let target = p
            .origins(r.instance.id, records.expr())
            .into_iter()
            .find(|o| {
                o.mode == ResourceMode::Managed
                    && (o.ty == "aws_eip"
                        || (o.ty == "aws_instance"
                            && matches!(
                                o.attr.as_deref(),
                                Some("public_ip" | "private_ip" | "public_dns")
                            )))
            });
        if let Some(t) = target {
            out.push(
                Finding::new(&META, records.location(), format!("{} points at {}.{} directly; nothing balances or health-checks the traffic", r.address(), t.ty, t.name))
                    .value(records.source_text())
                    .resource(r.address()),
            );
        }
    }
    if out.is_empty() {
        for eip in p.resources_of("aws_eip") {
            if eip.attr("instance").is_some() {
                out.push(
                    Finding::new(
                        &META,
                        eip.location(),
                        format!(
                            "{} gives one instance a public address with no load balancer in front",
                            eip.address()
                        ),
                    )
                    .resource(eip.address()),
                );
            }
        }
    }
    out
}
