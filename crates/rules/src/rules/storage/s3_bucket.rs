//! Shared by the S3 hygiene rules: buckets lacking a companion resource.

use crate::finding::Finding;

use crate::ctx::Ctx;
use crate::meta::RuleMeta;

/// Buckets with neither a `companion` resource pointing at them (through
/// `bucket`) nor the legacy inline block `inline`.
pub fn buckets_without(
    cx: &Ctx<'_>,
    meta: &'static RuleMeta,
    companion: &str,
    inline: &str,
    what: &str,
) -> Vec<Finding> {
    let p = cx.project;
    p.resources_of("aws_s3_bucket")
        .filter(|b| b.blocks(inline).is_empty() && !cx.referenced_by(&[companion], &["bucket"], b))
        .map(|b| {
            Finding::new(meta, b.location(), format!("{} has no {what}", b.address()))
                .resource(b.address())
        })
        .collect()
}

/// Companion resources that exist but do not protect: each gives a finding
/// at its own place, saying what `weak` found lacking.
pub fn weak_companions(
    cx: &Ctx<'_>,
    meta: &'static RuleMeta,
    companion: &str,
    weak: impl Fn(&tfready_model::ResourceRef<'_>) -> Option<String>,
) -> Vec<Finding> {
    cx.project
        .resources_of(companion)
        .filter_map(|c| {
            let why = weak(&c)?;
            Some(
                Finding::new(meta, c.location(), format!("{} {why}", c.address()))
                    .resource(c.address()),
            )
        })
        .collect()
}
