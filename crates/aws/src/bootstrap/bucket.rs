//! The state bucket: who owns it, where it is, creating it.

use super::*;

pub(super) enum BucketState {
    Missing,
    /// Owned by the caller's account; the string says how that was established.
    Ours(String),
}

/// HeadBucket with ExpectedBucketOwner, then ListBuckets to confirm ownership (some
/// endpoints, emulators among them, do not enforce ExpectedBucketOwner).
pub(super) async fn bucket_state(
    aws: &Aws,
    s3: &aws_sdk_s3::Client,
    bucket: &str,
) -> Result<BucketState, AwsError> {
    let account = &aws.caller.account;
    let target = bucket_target(bucket);
    let head = s3
        .head_bucket()
        .bucket(bucket)
        .expected_bucket_owner(account)
        .send()
        .await;
    match head {
        Ok(out) => {
            if let Some(region) = out.bucket_region() {
                check_region(aws, bucket, region)?;
            }
            match listed_as_ours(aws, s3, bucket).await {
                Ok(true) => Ok(BucketState::Ours(
                    "HeadBucket with ExpectedBucketOwner and ListBuckets agree".to_string(),
                )),
                Ok(false) => Err(owned_elsewhere(
                    bucket,
                    account,
                    "HeadBucket answered, but the bucket is not among the caller account's \
                     buckets (ListBuckets)",
                )),
                // ListBuckets is not allowed: HeadBucket's ExpectedBucketOwner check is
                // what AWS enforces, so it is enough.
                Err(e) if e.kind == ErrorKind::AccessDenied => Ok(BucketState::Ours(
                    "HeadBucket with ExpectedBucketOwner; ListBuckets not allowed".to_string(),
                )),
                Err(e) => Err(e),
            }
        }
        Err(err) => {
            let status = err.raw_response().map(|r| r.status().as_u16());
            match status {
                Some(404) => Ok(BucketState::Missing),
                Some(301) => {
                    let region = err
                        .raw_response()
                        .and_then(|r| r.headers().get("x-amz-bucket-region"))
                        .unwrap_or("another region")
                        .to_string();
                    check_region(aws, bucket, &region)?;
                    Err(aws.ctx.error("s3:HeadBucket", &target, &err))
                }
                Some(403) => match listed_as_ours(aws, s3, bucket).await {
                    Ok(true) => Err(aws.ctx.error("s3:HeadBucket", &target, &err)),
                    Ok(false) => Err(owned_elsewhere(
                        bucket,
                        account,
                        &format!(
                            "HeadBucket with ExpectedBucketOwner={account} answered 403 and the \
                             bucket is not among the account's buckets"
                        ),
                    )),
                    Err(_) => Err(owned_elsewhere(
                        bucket,
                        account,
                        &format!(
                            "HeadBucket with ExpectedBucketOwner={account} answered 403 (or the \
                             caller lacks s3:ListBucket on it)"
                        ),
                    )),
                },
                _ => Err(aws.ctx.error("s3:HeadBucket", &target, &err)),
            }
        }
    }
}

pub(super) fn owned_elsewhere(bucket: &str, account: &str, evidence: &str) -> AwsError {
    AwsError::refused(
        "s3:HeadBucket",
        &bucket_target(bucket),
        format!("bucket {bucket} exists but is not owned by account {account}: {evidence}"),
        "bucket names are global: choose another name (e.g. one that ends with the account id); \
         tfready never changes a bucket another account owns"
            .to_string(),
    )
}

pub(super) fn check_region(aws: &Aws, bucket: &str, region: &str) -> Result<(), AwsError> {
    if region == aws.region {
        return Ok(());
    }
    Err(AwsError::refused(
        "s3:HeadBucket",
        &bucket_target(bucket),
        format!("bucket {bucket} is in {region}, not {}", aws.region),
        format!("run with --region {region}: the backend's region must be the bucket's"),
    ))
}

pub(super) async fn listed_as_ours(
    aws: &Aws,
    s3: &aws_sdk_s3::Client,
    bucket: &str,
) -> Result<bool, AwsError> {
    let mut token: Option<String> = None;
    loop {
        let out = s3
            .list_buckets()
            .prefix(bucket)
            .set_continuation_token(token.clone())
            .send()
            .await
            .map_err(|e| {
                aws.ctx.error(
                    "s3:ListAllMyBuckets",
                    &format!("account {}", aws.caller.account),
                    &e,
                )
            })?;
        if out.buckets().iter().any(|b| b.name() == Some(bucket)) {
            return Ok(true);
        }
        match out.continuation_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => return Ok(false),
        }
    }
}

pub(super) async fn create_bucket(
    aws: &Aws,
    s3: &aws_sdk_s3::Client,
    bucket: &str,
) -> Result<bool, AwsError> {
    let mut req = s3.create_bucket().bucket(bucket);
    if aws.region != "us-east-1" {
        req = req.create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::from(aws.region.as_str()))
                .build(),
        );
    }
    match req.send().await {
        Ok(_) => Ok(true),
        Err(err) => match err.as_service_error() {
            Some(e) if e.is_bucket_already_owned_by_you() => Ok(false),
            Some(e) if e.is_bucket_already_exists() => Err(owned_elsewhere(
                bucket,
                &aws.caller.account,
                "CreateBucket answered BucketAlreadyExists",
            )),
            _ => Err(aws
                .ctx
                .error("s3:CreateBucket", &bucket_target(bucket), &err)),
        },
    }
}
