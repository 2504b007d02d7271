//! ## What it does
//! Flags buckets whose canned ACL grants the public or every AWS account
//! access: `public-read`, `public-read-write` or `authenticated-read`, on
//! `aws_s3_bucket` (legacy `acl`) or `aws_s3_bucket_acl`.
//!
//! ## Why is this bad?
//! A public ACL serves every object to anyone who guesses the bucket name;
//! `public-read-write` also lets them write, and `authenticated-read` means
//! any AWS account at all.
//!
//! ## Example
//! ```hcl
//! resource "aws_s3_bucket_acl" "site" {
//!   bucket = aws_s3_bucket.site.id
//!   acl    = "public-read"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_s3_bucket_acl" "site" {
//!   bucket = aws_s3_bucket.site.id
//!   acl    = "private"
//! }
//! ```
//!
//! ## References
//! - Hygiene the roadmap's S3 usage assumes (§1.1)
//! - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR904",
    slug: "s3-public-acl",
    title: "S3 bucket made public by its ACL",
    severity: Severity::High,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "1.1",
    risk: "Anyone on the internet can list or read (or write) the bucket's objects.",
    remediation: "Use the private ACL (or none: BucketOwnerEnforced ownership), a public access block, and CloudFront with origin access control for public content.",
    effort: "15 minutes",
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
    const PUBLIC: &[&str] = &["public-read", "public-read-write", "authenticated-read"];
    ["aws_s3_bucket", "aws_s3_bucket_acl"]
        .iter()
        .flat_map(|t| cx.project.resources_of(t))
        .filter_map(|r| {
            let acl = r.eval("acl")?.as_string()?;
            PUBLIC.contains(&acl.as_str()).then(|| {
                let at = r.attr("acl").map_or_else(|| r.location(), |a| a.location());
                Finding::new(
                    &META,
                    at,
                    format!("{} grants {acl} through its ACL", r.address()),
                )
                .value(acl.clone())
                .resource(r.address())
            })
        })
        .collect()
}
