//! ## What it does
//! Flags symmetric customer managed KMS keys (`customer_master_key_spec`
//! unset or `SYMMETRIC_DEFAULT`) without `enable_key_rotation = true`.
//! Asymmetric and HMAC keys cannot rotate automatically and are not flagged.
//!
//! ## Why is this bad?
//! Rotation limits how much data one key version protects; compliance
//! frameworks (CIS, PCI) require it for customer managed keys.
//!
//! ## Example
//! ```hcl
//! resource "aws_kms_key" "data" {
//!   description = "data"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_kms_key" "data" {
//!   description         = "data"
//!   enable_key_rotation = true
//! }
//! ```
//!
//! ## References
//! - Hygiene for the keys the roadmap's modules create (§4.2)
//! - <https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html>

use crate::helpers::is_true;

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR961",
    slug: "kms-key-no-rotation",
    title: "KMS key without automatic rotation",
    severity: Severity::Medium,
    phase: Phase::Three,
    coverage_row: 0,
    spec_section: "4.2",
    risk: "The same key material protects data for years: a leaked or broken key exposes everything it ever encrypted.",
    remediation: "Set enable_key_rotation = true on symmetric keys (yearly by default, rotation_period_in_days to change it).",
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
        .resources_of("aws_kms_key")
        .filter(|k| {
            k.eval("customer_master_key_spec")
                .and_then(|v| v.as_string())
                .is_none_or(|s| s == "SYMMETRIC_DEFAULT")
        })
        .filter(|k| {
            let v = k.eval("enable_key_rotation");
            !v.as_ref().is_some_and(|v| v.is_unknown()) && !is_true(k, "enable_key_rotation")
        })
        .map(|k| {
            Finding::on_resource(
                &META,
                &k,
                Some("enable_key_rotation"),
                "never rotates its key material",
            )
        })
        .collect()
}
