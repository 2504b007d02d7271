//! ## What it does
//! Flags S3 buckets without versioning (`aws_s3_bucket_versioning`).
//!
//! ## Why is this bad?
//! An overwrite or a delete is final: no way back from a bad deploy, a
//! script gone wrong or ransomware.
//!
//! ## Example
//! ```hcl
//! resource "aws_s3_bucket" "b" { bucket = "artifacts" }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_s3_bucket_versioning" "b" {
//!   bucket = aws_s3_bucket.b.id
//!   versioning_configuration { status = "Enabled" }
//! }
//! ```
//!
//! ## References
//! - Hygiene the roadmap's S3 usage assumes (§1.1)
//! - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html>

use super::s3_bucket::buckets_without;

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR902",
    slug: "s3-no-versioning",
    title: "S3 bucket without versioning",
    severity: Severity::Medium,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "1.1",
    risk: "Overwritten or deleted objects cannot be recovered.",
    remediation:
        "Add aws_s3_bucket_versioning with status Enabled (and a lifecycle rule for old versions).",
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

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = buckets_without(
        cx,
        &META,
        "aws_s3_bucket_versioning",
        "versioning",
        "versioning",
    );
    // A versioning resource that suspends or disables it protects nothing.
    out.extend(super::s3_bucket::weak_companions(
        cx,
        &META,
        "aws_s3_bucket_versioning",
        |c| {
            let status = c
                .blocks("versioning_configuration")
                .first()
                .and_then(|b| b.eval("status"))?;
            let s = status.as_string()?;
            (s != "Enabled")
                .then(|| format!("sets versioning to {s:?}: new writes keep no old version"))
        },
    ));
    // The legacy inline block, switched off.
    for b in cx.project.resources_of("aws_s3_bucket") {
        if let Some(v) = b.blocks("versioning").first() {
            if v.eval("enabled").and_then(|e| e.as_bool()) == Some(false) {
                out.push(
                    Finding::new(
                        &META,
                        v.location(),
                        format!("{} has versioning switched off", b.address()),
                    )
                    .resource(b.address()),
                );
            }
        }
    }
    out
}
