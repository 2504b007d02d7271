//! ## What it does
//! Flags S3 buckets without a public access block
//! (`aws_s3_bucket_public_access_block`), and public access blocks that
//! leave any of their four settings off (unset means off).
//!
//! ## Why is this bad?
//! One permissive bucket policy or ACL makes the data public; the block is
//! the guard that refuses it.
//!
//! ## Example
//! ```hcl
//! resource "aws_s3_bucket" "b" { bucket = "artifacts" }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_s3_bucket_public_access_block" "b" {
//!   bucket                  = aws_s3_bucket.b.id
//!   block_public_acls       = true
//!   block_public_policy     = true
//!   ignore_public_acls      = true
//!   restrict_public_buckets = true
//! }
//! ```
//!
//! ## References
//! - Hygiene the roadmap's S3 usage assumes (§1.1)
//! - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>

use super::s3_bucket::buckets_without;

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR903",
    slug: "s3-no-public-access-block",
    title: "S3 bucket without a public access block",
    severity: Severity::Medium,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "1.1",
    risk: "A permissive policy or ACL can make the bucket's data public.",
    remediation: "Add aws_s3_bucket_public_access_block with all four settings true.",
    effort: "10 minutes",
    fixer: Some(&super::s3_no_encryption_config::fix::FIXER),
    prices: &[],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

/// The four settings; each defaults to false.
const SETTINGS: &[&str] = &[
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = buckets_without(
        cx,
        &META,
        "aws_s3_bucket_public_access_block",
        "public_access_block",
        "public access block",
    );
    out.extend(super::s3_bucket::weak_companions(
        cx,
        &META,
        "aws_s3_bucket_public_access_block",
        |c| {
            let off: Vec<&str> = SETTINGS
                .iter()
                .copied()
                .filter(|k| match c.eval(k) {
                    Some(v) if v.is_unknown() => false,
                    Some(v) => v.as_bool() != Some(true),
                    None => true,
                })
                .collect();
            (!off.is_empty()).then(|| {
                format!(
                    "leaves {} off: it blocks less than it seems",
                    off.join(", ")
                )
            })
        },
    ));
    out
}
