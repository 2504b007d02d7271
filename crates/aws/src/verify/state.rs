//! Remote state: the bucket and the lock table.

use aws_sdk_s3::types::BucketVersioningStatus;

use super::{skip, Outcome, Status, VerifyTarget};
use crate::bootstrap::{
    describe_lock_table, pab_off, read_encryption, read_policy, read_public_access_block,
    read_versioning,
};
use crate::client::Aws;
use crate::error::ErrorKind;
use crate::policy;

pub(crate) async fn bucket(aws: &Aws, target: &VerifyTarget) -> Outcome {
    let Some(bucket) = target.state_bucket.as_deref() else {
        return skip("no state bucket given (no S3 backend block, no --state-bucket)");
    };
    let s3 = aws.s3();
    let head = s3
        .head_bucket()
        .bucket(bucket)
        .expected_bucket_owner(&aws.caller.account)
        .send()
        .await;
    if let Err(err) = head {
        let status = err.raw_response().map(|r| r.status().as_u16());
        return match status {
            Some(404) => Ok((
                Status::Fail,
                vec![format!(
                    "bucket {bucket} does not exist (s3:HeadBucket: 404)"
                )],
            )),
            Some(403) => Ok((
                Status::Fail,
                vec![format!(
                    "bucket {bucket}: s3:HeadBucket with ExpectedBucketOwner={} answered 403: \
                     another account owns it, or the caller lacks s3:ListBucket on it",
                    aws.caller.account
                )],
            )),
            _ => Err(aws
                .ctx
                .error("s3:HeadBucket", &format!("bucket {bucket}"), &err)),
        };
    }
    let mut ok = true;
    let mut evidence = vec![format!(
        "bucket {bucket} exists in account {}",
        aws.caller.account
    )];
    match read_versioning(aws, &s3, bucket).await? {
        Some(BucketVersioningStatus::Enabled) => evidence.push("versioning: Enabled".into()),
        Some(other) => {
            ok = false;
            evidence.push(format!("versioning: {} (must be Enabled)", other.as_str()));
        }
        None => {
            ok = false;
            evidence.push("versioning: never enabled (must be Enabled)".into());
        }
    }
    match read_encryption(aws, &s3, bucket).await? {
        Some(enc) => evidence.push(format!(
            "default encryption: {}{}",
            enc.algorithm,
            enc.kms_key
                .map(|k| format!(" with key {k}"))
                .unwrap_or_default()
        )),
        None => {
            ok = false;
            evidence.push("default encryption: none".into());
        }
    }
    let pab = read_public_access_block(aws, &s3, bucket).await?;
    let off = pab_off(pab.as_ref());
    if off.is_empty() {
        evidence.push("public access block: all four settings on".into());
    } else {
        ok = false;
        evidence.push(format!("public access block: {} off", off.join(", ")));
    }
    match read_policy(aws, &s3, bucket).await? {
        Some(p) if policy::has_tls_deny(&p) => {
            evidence.push("bucket policy denies requests without TLS".into())
        }
        _ => evidence.push(
            "bucket policy does not deny requests without TLS (recommended; `tfready \
             bootstrap-state` adds it)"
                .into(),
        ),
    }
    Ok((if ok { Status::Pass } else { Status::Fail }, evidence))
}

pub(crate) async fn lock_table(aws: &Aws, target: &VerifyTarget) -> Outcome {
    let Some(table) = target.lock_table.as_deref() else {
        return skip("no lock table in use (S3 native locking with use_lockfile needs none)");
    };
    match describe_lock_table(aws, table).await {
        Ok(Some(line)) => {
            let active = line.ends_with("ACTIVE");
            Ok((if active { Status::Pass } else { Status::Fail }, vec![line]))
        }
        Ok(None) => Ok((
            Status::Fail,
            vec![format!(
                "table {table} does not exist (dynamodb:DescribeTable)"
            )],
        )),
        Err(e) if e.kind == ErrorKind::Refused => Ok((Status::Fail, vec![e.detail])),
        Err(e) => Err(e),
    }
}
