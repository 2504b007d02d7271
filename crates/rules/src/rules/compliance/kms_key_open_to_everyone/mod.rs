//! ## What it does
//! Flags `aws_kms_key` policies with an `Allow` statement for every
//! principal (`"*"` or `{"AWS": "*"}`) without a `Condition`. A key with no
//! policy gets the account's default policy and is not flagged.
//!
//! ## Why is this bad?
//! The key policy is the root of access to a KMS key; a wildcard principal
//! hands it to every account.
//!
//! ## Example
//! ```hcl
//! policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:*", Resource = "*" }] })
//! ```
//!
//! ## Use instead
//! ```hcl
//! Principal = { AWS = "arn:aws:iam::123456789012:root" }
//! ```
//!
//! ## References
//! - Hygiene for the keys the roadmap's modules create (§4.2)
//! - <https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html>

use crate::helpers::policy_open_to_everyone;

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR962",
    slug: "kms-key-open-to-everyone",
    title: "KMS key policy open to every principal",
    severity: Severity::High,
    phase: Phase::Three,
    coverage_row: 0,
    spec_section: "4.2",
    risk: "Any AWS account can use the key as the policy allows: decrypt what it protects, or encrypt with it.",
    remediation: "Name the principals in the key policy (the account root, the roles that use the key) instead of \"*\", or add a condition (kms:CallerAccount, aws:PrincipalOrgID).",
    effort: "30 minutes",
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
        .filter(|k| policy_open_to_everyone(k, "policy"))
        .map(|k| {
            Finding::on_resource(
                &META,
                &k,
                Some("policy"),
                "lets every principal use it (Principal \"*\", no condition)",
            )
        })
        .collect()
}
