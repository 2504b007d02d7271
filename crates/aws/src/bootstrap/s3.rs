//! The bucket's settings, read (shared with `verify`) and put.

use super::*;

pub(crate) async fn read_versioning(
    aws: &Aws,
    s3: &aws_sdk_s3::Client,
    bucket: &str,
) -> Result<Option<BucketVersioningStatus>, AwsError> {
    let out = s3
        .get_bucket_versioning()
        .bucket(bucket)
        .expected_bucket_owner(&aws.caller.account)
        .send()
        .await
        .map_err(|e| {
            aws.ctx
                .error("s3:GetBucketVersioning", &bucket_target(bucket), &e)
        })?;
    Ok(out.status().cloned())
}

/// The default encryption: (algorithm, KMS key id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Encryption {
    pub algorithm: String,
    pub kms_key: Option<String>,
}

pub(crate) async fn read_encryption(
    aws: &Aws,
    s3: &aws_sdk_s3::Client,
    bucket: &str,
) -> Result<Option<Encryption>, AwsError> {
    match s3
        .get_bucket_encryption()
        .bucket(bucket)
        .expected_bucket_owner(&aws.caller.account)
        .send()
        .await
    {
        Ok(out) => {
            let rule = out
                .server_side_encryption_configuration()
                .and_then(|c| c.rules().first())
                .and_then(|r| r.apply_server_side_encryption_by_default());
            Ok(rule.map(|d| Encryption {
                algorithm: d.sse_algorithm().as_str().to_string(),
                kms_key: d.kms_master_key_id().map(str::to_string),
            }))
        }
        Err(err) if err.code() == Some(SSE_NOT_FOUND) => Ok(None),
        Err(err) => Err(aws.ctx.error(
            "s3:GetEncryptionConfiguration",
            &bucket_target(bucket),
            &err,
        )),
    }
}

pub(super) enum EncryptionDecision {
    Keep(String),
    Change(String),
}

pub(super) fn encryption_decision(
    current: Option<&Encryption>,
    wanted_kms: Option<&str>,
) -> EncryptionDecision {
    let Some(cur) = current else {
        return EncryptionDecision::Change("the bucket has no default encryption".to_string());
    };
    let is_kms = cur.algorithm.starts_with("aws:kms");
    match (wanted_kms, is_kms) {
        (None, false) => {
            EncryptionDecision::Keep(format!("default encryption: {} (SSE-S3)", cur.algorithm))
        }
        (None, true) => EncryptionDecision::Keep(format!(
            "default encryption: {} with key {} (kept: stronger than the SSE-S3 asked for)",
            cur.algorithm,
            cur.kms_key.as_deref().unwrap_or("aws/s3")
        )),
        (Some(k), false) => EncryptionDecision::Change(format!(
            "default encryption is {} (SSE-S3) and --kms-key asks for {k}",
            cur.algorithm
        )),
        (Some(k), true) => {
            let have = cur.kms_key.as_deref().unwrap_or("aws/s3");
            if key_matches(have, k) {
                EncryptionDecision::Keep(format!(
                    "default encryption: {} with key {have}",
                    cur.algorithm
                ))
            } else {
                EncryptionDecision::Keep(format!(
                    "default encryption: {} with key {have} (kept, not changed to {k}: \
                     switching keys changes who can read new state; do it by hand if you mean to)",
                    cur.algorithm
                ))
            }
        }
    }
}

/// A key given as an ARN and the same key given as a bare id match.
pub(super) fn key_matches(have: &str, want: &str) -> bool {
    have == want || have.ends_with(&format!("/{want}")) || want.ends_with(&format!("/{have}"))
}

pub(super) async fn put_encryption(
    aws: &Aws,
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    kms_key: Option<&str>,
) -> Result<(), AwsError> {
    let default = match kms_key {
        Some(k) => ServerSideEncryptionByDefault::builder()
            .sse_algorithm(ServerSideEncryption::AwsKms)
            .kms_master_key_id(k),
        None => {
            ServerSideEncryptionByDefault::builder().sse_algorithm(ServerSideEncryption::Aes256)
        }
    }
    .build()
    .map_err(|e| AwsError::invalid(e.to_string(), "report this as a bug".to_string()))?;
    let rule = ServerSideEncryptionRule::builder()
        .apply_server_side_encryption_by_default(default)
        .bucket_key_enabled(kms_key.is_some())
        .build();
    let conf = ServerSideEncryptionConfiguration::builder()
        .rules(rule)
        .build()
        .map_err(|e| AwsError::invalid(e.to_string(), "report this as a bug".to_string()))?;
    s3.put_bucket_encryption()
        .bucket(bucket)
        .expected_bucket_owner(&aws.caller.account)
        .server_side_encryption_configuration(conf)
        .send()
        .await
        .map_err(|e| {
            aws.ctx
                .error("s3:PutEncryptionConfiguration", &bucket_target(bucket), &e)
        })?;
    Ok(())
}

/// The four flags, in the API's order.
pub(crate) type PublicAccessBlock = [(&'static str, bool); 4];

pub(crate) async fn read_public_access_block(
    aws: &Aws,
    s3: &aws_sdk_s3::Client,
    bucket: &str,
) -> Result<Option<PublicAccessBlock>, AwsError> {
    match s3
        .get_public_access_block()
        .bucket(bucket)
        .expected_bucket_owner(&aws.caller.account)
        .send()
        .await
    {
        Ok(out) => Ok(out.public_access_block_configuration().map(|c| {
            [
                ("BlockPublicAcls", c.block_public_acls().unwrap_or(false)),
                ("IgnorePublicAcls", c.ignore_public_acls().unwrap_or(false)),
                (
                    "BlockPublicPolicy",
                    c.block_public_policy().unwrap_or(false),
                ),
                (
                    "RestrictPublicBuckets",
                    c.restrict_public_buckets().unwrap_or(false),
                ),
            ]
        })),
        Err(err) if err.code() == Some(PAB_NOT_FOUND) => Ok(None),
        Err(err) => Err(aws.ctx.error(
            "s3:GetBucketPublicAccessBlock",
            &bucket_target(bucket),
            &err,
        )),
    }
}

/// The names of the flags that are off (all four when there is no configuration).
pub(crate) fn pab_off(pab: Option<&PublicAccessBlock>) -> Vec<&'static str> {
    match pab {
        None => vec![
            "BlockPublicAcls",
            "IgnorePublicAcls",
            "BlockPublicPolicy",
            "RestrictPublicBuckets",
        ],
        Some(flags) => flags
            .iter()
            .filter(|(_, on)| !on)
            .map(|(n, _)| *n)
            .collect(),
    }
}

pub(crate) async fn read_policy(
    aws: &Aws,
    s3: &aws_sdk_s3::Client,
    bucket: &str,
) -> Result<Option<String>, AwsError> {
    match s3
        .get_bucket_policy()
        .bucket(bucket)
        .expected_bucket_owner(&aws.caller.account)
        .send()
        .await
    {
        Ok(out) => Ok(out.policy().map(str::to_string)),
        Err(err) if err.code() == Some(POLICY_NOT_FOUND) => Ok(None),
        Err(err) => Err(aws
            .ctx
            .error("s3:GetBucketPolicy", &bucket_target(bucket), &err)),
    }
}
