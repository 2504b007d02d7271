//! ## What it does
//! Flags S3 buckets without an explicit default encryption configuration
//! (`aws_s3_bucket_server_side_encryption_configuration`).
//!
//! ## Why is this bad?
//! AWS applies SSE-S3 to new objects by default since 2023, but without an
//! explicit configuration the choice is invisible in code, cannot be moved
//! to KMS for audit and key control, and older buckets may differ.
//!
//! ## Example
//! ```hcl
//! resource "aws_s3_bucket" "b" { bucket = "artifacts" }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
//!   bucket = aws_s3_bucket.b.id
//!   rule {
//!     apply_server_side_encryption_by_default { sse_algorithm = "AES256" }
//!   }
//! }
//! ```
//!
//! ## References
//! - Hygiene the roadmap's S3 usage assumes (§1.1)
//! - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html>

use super::s3_bucket::buckets_without;

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR901",
    slug: "s3-no-encryption-config",
    title: "S3 bucket without an explicit encryption configuration",
    severity: Severity::Low,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "1.1",
    risk: "Encryption at rest is implicit and cannot be audited or moved to KMS.",
    remediation: "Add aws_s3_bucket_server_side_encryption_configuration (AES256 or aws:kms).",
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
    buckets_without(
        cx,
        &META,
        "aws_s3_bucket_server_side_encryption_configuration",
        "server_side_encryption_configuration",
        "explicit default encryption",
    )
}
