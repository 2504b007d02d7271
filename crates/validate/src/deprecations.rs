//! Deprecated and removed AWS provider arguments. The embedded schema has no
//! deprecation data (the cdktf bindings drop it), so the ones that matter in
//! practice are listed here, each with where the provider says so.

use serde::Serialize;

/// An argument or nested block the provider deprecates: still accepted, and
/// `terraform plan` prints a warning (or the docs mark it deprecated).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Deprecation {
    pub resource_type: &'static str,
    /// Dotted path from the resource body: `datasources`,
    /// `default_cache_behavior.forwarded_values`.
    pub path: &'static str,
    /// What to use instead.
    pub replacement: &'static str,
    /// The provider page (upgrade guide, docs, changelog) that deprecates it.
    pub source: &'static str,
}

const S3_REFACTOR: &str = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-4-upgrade#s3-bucket-refactor";
const GUARDDUTY: &str = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/guardduty_detector#datasources";
const IAM_ROLE: &str =
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role";
const CLOUDFRONT: &str = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#cache-behavior-arguments";

const fn dep(
    resource_type: &'static str,
    path: &'static str,
    replacement: &'static str,
    source: &'static str,
) -> Deprecation {
    Deprecation {
        resource_type,
        path,
        replacement,
        source,
    }
}

/// Deprecated arguments and blocks, by resource type and path.
pub static DEPRECATIONS: &[Deprecation] = &[
    dep("aws_guardduty_detector", "datasources", "aws_guardduty_detector_feature resources (GuardDuty replaced data sources with features in March 2023)", GUARDDUTY),
    dep("aws_s3_bucket", "acceleration_status", "the aws_s3_bucket_accelerate_configuration resource", S3_REFACTOR),
    dep("aws_s3_bucket", "acl", "the aws_s3_bucket_acl resource", S3_REFACTOR),
    dep("aws_s3_bucket", "grant", "the aws_s3_bucket_acl resource", S3_REFACTOR),
    dep("aws_s3_bucket", "cors_rule", "the aws_s3_bucket_cors_configuration resource", S3_REFACTOR),
    dep("aws_s3_bucket", "lifecycle_rule", "the aws_s3_bucket_lifecycle_configuration resource", S3_REFACTOR),
    dep("aws_s3_bucket", "logging", "the aws_s3_bucket_logging resource", S3_REFACTOR),
    dep("aws_s3_bucket", "object_lock_configuration", "the object_lock_enabled argument and the aws_s3_bucket_object_lock_configuration resource", S3_REFACTOR),
    dep("aws_s3_bucket", "policy", "the aws_s3_bucket_policy resource", S3_REFACTOR),
    dep("aws_s3_bucket", "replication_configuration", "the aws_s3_bucket_replication_configuration resource", S3_REFACTOR),
    dep("aws_s3_bucket", "request_payer", "the aws_s3_bucket_request_payment_configuration resource", S3_REFACTOR),
    dep("aws_s3_bucket", "server_side_encryption_configuration", "the aws_s3_bucket_server_side_encryption_configuration resource", S3_REFACTOR),
    dep("aws_s3_bucket", "versioning", "the aws_s3_bucket_versioning resource", S3_REFACTOR),
    dep("aws_s3_bucket", "website", "the aws_s3_bucket_website_configuration resource", S3_REFACTOR),
    dep("aws_iam_role", "inline_policy", "aws_iam_role_policy resources (and aws_iam_role_policies_exclusive for exclusive management)", IAM_ROLE),
    dep("aws_iam_role", "managed_policy_arns", "aws_iam_role_policy_attachment resources (and aws_iam_role_policy_attachments_exclusive for exclusive management)", IAM_ROLE),
    dep("aws_cloudfront_distribution", "default_cache_behavior.forwarded_values", "cache_policy_id and origin_request_policy_id (aws_cloudfront_cache_policy / aws_cloudfront_origin_request_policy or AWS managed policies)", CLOUDFRONT),
    dep("aws_cloudfront_distribution", "ordered_cache_behavior.forwarded_values", "cache_policy_id and origin_request_policy_id (aws_cloudfront_cache_policy / aws_cloudfront_origin_request_policy or AWS managed policies)", CLOUDFRONT),
];

/// An argument a provider major version removed, and what replaced it: the
/// schema already rejects it, this only makes the fix precise.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Removal {
    pub resource_type: &'static str,
    pub argument: &'static str,
    pub replacement: &'static str,
    pub source: &'static str,
}

const fn rem(
    resource_type: &'static str,
    argument: &'static str,
    replacement: &'static str,
    source: &'static str,
) -> Removal {
    Removal {
        resource_type,
        argument,
        replacement,
        source,
    }
}

const V5_ELASTICACHE: &str = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-5-upgrade#resourceaws_elasticache_replication_group";
const V5_DB_INSTANCE: &str = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-5-upgrade#resourceaws_db_instance";
const V6_EIP: &str = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-6-upgrade#resourceaws_eip";

/// Removed arguments with a known replacement.
pub static REMOVALS: &[Removal] = &[
    rem(
        "aws_elasticache_replication_group",
        "replication_group_description",
        "description",
        V5_ELASTICACHE,
    ),
    rem(
        "aws_elasticache_replication_group",
        "number_cache_clusters",
        "num_cache_clusters",
        V5_ELASTICACHE,
    ),
    rem(
        "aws_elasticache_replication_group",
        "availability_zones",
        "preferred_cache_cluster_azs",
        V5_ELASTICACHE,
    ),
    rem("aws_db_instance", "name", "db_name", V5_DB_INSTANCE),
    rem("aws_eip", "vpc", "domain = \"vpc\"", V6_EIP),
];

pub(crate) fn deprecation(resource_type: &str, path: &str) -> Option<&'static Deprecation> {
    DEPRECATIONS
        .iter()
        .find(|d| d.resource_type == resource_type && d.path == path)
}

pub(crate) fn removal(resource_type: &str, argument: &str) -> Option<&'static Removal> {
    REMOVALS
        .iter()
        .find(|r| r.resource_type == resource_type && r.argument == argument)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every deprecated path exists in the embedded schema, and every
    /// removed argument is absent while its replacement exists.
    #[test]
    fn table_matches_the_schema() {
        let aws = tfready_schema::provider();
        for d in DEPRECATIONS {
            let mut schema = aws.resource(d.resource_type).expect(d.resource_type);
            let parts: Vec<&str> = d.path.split('.').collect();
            for (i, part) in parts.iter().enumerate() {
                if i + 1 == parts.len() {
                    assert!(
                        schema.member(part).is_some(),
                        "{}.{}",
                        d.resource_type,
                        d.path
                    );
                } else {
                    schema = schema.block(part).expect(part);
                }
            }
            assert!(d.source.starts_with("https://"));
        }
        for r in REMOVALS {
            let schema = aws.resource(r.resource_type).expect(r.resource_type);
            assert!(
                schema.member(r.argument).is_none(),
                "{} still has {}",
                r.resource_type,
                r.argument
            );
            let new = r.replacement.split_whitespace().next().unwrap();
            assert!(
                schema.member(new).is_some(),
                "{} lacks {}",
                r.resource_type,
                new
            );
        }
    }
}
