//! ## What it does
//! Flags instances, launch templates and launch configurations that do not require IMDSv2
//! (`metadata_options { http_tokens = "required" }`).
//!
//! ## Why is this bad?
//! With IMDSv1 a server-side request forgery in the app reads the instance
//! role's credentials from `169.254.169.254` in one GET.
//!
//! ## Example
//! ```hcl
//! resource "aws_instance" "app" {
//!   ami = "ami-123"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_instance" "app" {
//!   ami = "ami-123"
//!   metadata_options {
//!     http_tokens   = "required"
//!     http_endpoint = "enabled"
//!   }
//! }
//! ```
//!
//! ## References
//! - Hygiene the roadmap's launch template assumes (§2.4)
//! - <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html>

use super::super::*;
use crate::helpers::launchers;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR921",
    slug: "imdsv2-not-required",
    title: "Instance metadata does not require IMDSv2",
    severity: Severity::Medium,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "2.4",
    risk: "An SSRF in the app can read the instance role's credentials.",
    remediation: "Set metadata_options { http_tokens = \"required\" }.",
    effort: "10 minutes",
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
    launchers(cx.project)
        .filter_map(|r| {
            let blocks = r.blocks("metadata_options");
            let tokens = blocks.first().and_then(|b| b.eval("http_tokens"));
            match tokens {
                Some(v) if v.is_unknown() || v.as_str() == Some("required") => None,
                _ => {
                    let at = blocks
                        .first()
                        .map_or_else(|| r.location(), |b| b.location());
                    Some(
                        Finding::new(
                            &META,
                            at,
                            format!(
                                "{} allows IMDSv1 (http_tokens is not \"required\")",
                                r.address()
                            ),
                        )
                        .resource(r.address()),
                    )
                }
            }
        })
        .collect()
}
