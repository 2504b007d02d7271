//! ## What it does
//! Flags `aws_acm_certificate` resources without
//! `lifecycle { create_before_destroy = true }`.
//!
//! ## Why is this bad?
//! Terraform destroys before it creates by default; a certificate in use
//! by a load balancer or CloudFront cannot be deleted, so the apply fails
//! half-way, or leaves HTTPS without a certificate.
//!
//! ## Example
//! ```hcl
//! resource "aws_acm_certificate" "app" {
//!   domain_name       = "app.example.com"
//!   validation_method = "DNS"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_acm_certificate" "app" {
//!   domain_name       = "app.example.com"
//!   validation_method = "DNS"
//!
//!   lifecycle {
//!     create_before_destroy = true
//!   }
//! }
//! ```
//!
//! ## References
//! - Roadmap §1.3 ACM Certificate Management
//! - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/acm_certificate>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR947",
    slug: "acm-no-create-before-destroy",
    title: "ACM certificate replaced by destroying it first",
    severity: Severity::Low,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "1.3",
    risk: "A change that replaces the certificate (a new name) deletes the one in use first: the deletion fails while a listener uses it, or HTTPS breaks until the new one is issued.",
    remediation: "Add lifecycle { create_before_destroy = true } to the certificate.",
    effort: "5 minutes",
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
        .resources_of("aws_acm_certificate")
        .filter(|c| {
            !c.resource.block.body.get_blocks("lifecycle").any(|l| {
                l.body
                    .get_attribute("create_before_destroy")
                    .and_then(|a| a.value.as_bool())
                    == Some(true)
            })
        })
        .map(|c| {
            Finding::new(
                &META,
                c.location(),
                format!("{} is destroyed before its replacement exists", c.address()),
            )
            .resource(c.address())
        })
        .collect()
}
