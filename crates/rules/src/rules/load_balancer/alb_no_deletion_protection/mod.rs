//! ## What it does
//! Flags internet-facing application and network load balancers without
//! `enable_deletion_protection = true` (the default is false), in
//! production (evaluated per environment: elsewhere stacks are torn down on
//! purpose).
//!
//! ## Why is this bad?
//! The load balancer's DNS name is what DNS aliases and clients point at;
//! deleting it by mistake is an outage until everything is re-pointed.
//!
//! ## Example
//! ```hcl
//! resource "aws_lb" "web" {
//!   internal = false
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_lb" "web" {
//!   enable_deletion_protection = true
//! }
//! ```
//!
//! ## References
//! - Hygiene the roadmap's ALB module assumes (§1.4)
//! - <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#deletion-protection>

use crate::helpers::{environment, is_prod, is_true};

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR944",
    slug: "alb-no-deletion-protection",
    title: "Production load balancer without deletion protection",
    severity: Severity::Low,
    phase: Phase::Two,
    coverage_row: 0,
    spec_section: "1.4",
    risk: "A destroy or a replacing plan deletes the load balancer, and its DNS name with it: every client and alias pointing at it breaks.",
    remediation: "Set enable_deletion_protection = true on the load balancer.",
    effort: "5 minutes",
    fixer: Some(&fix::FIXER),
    prices: &[],
    per_environment: true,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    // Outside production a load balancer is torn down on purpose.
    if !is_prod(environment(cx.project).as_deref()) {
        return Vec::new();
    }
    cx.project
        .resources_of("aws_lb")
        .filter(|lb| lb.eval("internal").and_then(|v| v.as_bool()) != Some(true))
        .filter(|lb| {
            let v = lb.eval("enable_deletion_protection");
            !v.as_ref().is_some_and(|v| v.is_unknown())
                && !is_true(lb, "enable_deletion_protection")
        })
        .map(|lb| {
            Finding::new(
                &META,
                lb.location(),
                format!(
                    "{} can be deleted by one plan (no enable_deletion_protection)",
                    lb.address()
                ),
            )
            .resource(lb.address())
        })
        .collect()
}
