//! Shared by the S3 hygiene rules: buckets lacking a companion resource.

use crate::finding::Finding;
use crate::helpers::referenced_by;
use crate::meta::RuleMeta;
use crate::registry::Ctx;

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
        .filter(|b| b.blocks(inline).is_empty() && !referenced_by(cx, &[companion], &["bucket"], b))
        .map(|b| {
            Finding::new(meta, b.location(), format!("{} has no {what}", b.address()))
                .resource(b.address())
        })
        .collect()
}
