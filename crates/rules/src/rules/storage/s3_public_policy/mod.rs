//! ## What it does
//! Flags `aws_s3_bucket_policy` documents with an `Allow` statement whose
//! principal is everyone (`"*"` or `{"AWS": "*"}`) and that has no
//! `Condition`. A policy known only at apply is not judged.
//!
//! ## Why is this bad?
//! A wildcard principal without a condition grants the statement's actions
//! to every AWS account and anonymous caller.
//!
//! ## Example
//! ```hcl
//! resource "aws_s3_bucket_policy" "site" {
//!   policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject" }] })
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! Principal = { Service = "cloudfront.amazonaws.com" } with a Condition on aws:SourceArn
//! ```
//!
//! ## References
//! - Hygiene the roadmap's S3 usage assumes (§1.1)
//! - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-policy-language-overview.html>

use crate::helpers::policy_open_to_everyone;

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR905",
    slug: "s3-public-policy",
    title: "S3 bucket policy open to everyone",
    severity: Severity::High,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "1.1",
    risk: "Anyone on the internet can do what the policy allows on the bucket: read every object, or worse.",
    remediation: "Name the principals (an account, a role, CloudFront's service principal with an aws:SourceArn condition) instead of \"*\".",
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
        .resources_of("aws_s3_bucket_policy")
        .filter(|p| policy_open_to_everyone(p, "policy"))
        .map(|p| {
            Finding::on_resource(
                &META,
                &p,
                Some("policy"),
                "allows everyone (Principal \"*\", no condition)",
            )
        })
        .collect()
}
