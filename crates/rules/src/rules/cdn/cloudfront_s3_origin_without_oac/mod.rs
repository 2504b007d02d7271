//! ## What it does
//! Flags CloudFront origins whose `domain_name` is an S3 bucket endpoint
//! (`.s3.` or `.s3-`) with neither `origin_access_control_id` nor an
//! `s3_origin_config` origin access identity.
//!
//! ## Why is this bad?
//! Without origin access control, CloudFront reads the bucket anonymously,
//! so the bucket has to be public.
//!
//! ## Example
//! ```hcl
//! origin {
//!   domain_name = aws_s3_bucket.site.bucket_regional_domain_name
//!   origin_id   = "site"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! origin {
//!   domain_name              = aws_s3_bucket.site.bucket_regional_domain_name
//!   origin_id                = "site"
//!   origin_access_control_id = aws_cloudfront_origin_access_control.site.id
//! }
//! ```
//!
//! ## References
//! - Roadmap §3.2 CloudFront CDN
//! - <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR964",
    slug: "cloudfront-s3-origin-without-oac",
    title: "CloudFront S3 origin reachable without CloudFront",
    severity: Severity::Medium,
    phase: Phase::Four,
    coverage_row: 0,
    spec_section: "3.2",
    risk: "The bucket must be readable without CloudFront for CloudFront to read it: its objects can be fetched directly, past the CDN, its WAF and its caching.",
    remediation: "Add an aws_cloudfront_origin_access_control and set origin_access_control_id on the origin; let the bucket policy allow only cloudfront.amazonaws.com for this distribution.",
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
    let mut out = Vec::new();
    for d in cx.project.resources_of("aws_cloudfront_distribution") {
        for o in d.blocks("origin") {
            let s3 = match o.attr("domain_name") {
                Some(a) => {
                    let text = a.source_text().to_string();
                    let v = a.value().as_string().unwrap_or_default();
                    text.contains("bucket_regional_domain_name")
                        || text.contains("bucket_domain_name")
                        || v.contains(".s3.")
                        || v.contains(".s3-")
                }
                None => false,
            };
            let oac = o.attr("origin_access_control_id").is_some();
            let oai = o
                .blocks("s3_origin_config")
                .iter()
                .any(|c| c.attr("origin_access_identity").is_some());
            if s3 && !oac && !oai {
                out.push(
                    Finding::new(
                        &META,
                        o.location(),
                        format!(
                            "{} reads an S3 origin without origin access control",
                            d.address()
                        ),
                    )
                    .resource(d.address()),
                );
            }
        }
    }
    out
}
