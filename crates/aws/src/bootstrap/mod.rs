//! `bootstrap-state`: the S3 bucket (and optionally the DynamoDB lock table) that
//! holds Terraform state, created or completed with read-only planning first.
//!
//! [`plan_bootstrap`] reads the current state with read-only calls and returns the
//! steps it would take; [`apply`] takes them. Applying re-reads each setting just
//! before changing it, so a setting that appeared in the meantime is left alone.
//! Nothing is ever deleted, and no setting is ever weakened: an existing KMS
//! default encryption is kept when SSE-S3 is asked for, a bucket policy is only
//! ever added to, and public access block flags are only ever turned on.

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType, TableStatus,
};
use aws_sdk_s3::types::{
    BucketLocationConstraint, BucketVersioningStatus, CreateBucketConfiguration,
    PublicAccessBlockConfiguration, ServerSideEncryption, ServerSideEncryptionByDefault,
    ServerSideEncryptionConfiguration, ServerSideEncryptionRule, VersioningConfiguration,
};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use serde::{Deserialize, Serialize};

use crate::client::Aws;
use crate::error::{AwsError, ErrorKind};
use crate::policy;

mod bucket;
mod lock_table;
mod names;
mod s3;

use bucket::*;
pub(crate) use lock_table::describe_lock_table;
use lock_table::*;
use names::*;
pub(crate) use s3::*;

/// What to bootstrap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BootstrapRequest {
    /// The state bucket's name.
    pub bucket: String,
    /// A DynamoDB lock table, for teams on Terraform older than 1.11 (newer ones
    /// lock with `use_lockfile = true` in the bucket itself).
    pub lock_table: Option<String>,
    /// A KMS key ARN (or id or alias) for default encryption; else SSE-S3 (AES256).
    pub kms_key: Option<String>,
}

/// One change the plan would make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// What will change: "turn on versioning on bucket X".
    pub what: String,
    /// Why: what the current state is and why it matters.
    pub why: String,
    /// The API call, as an IAM action: "s3:PutBucketVersioning".
    pub call: String,
    /// What [`apply`] does for this step.
    pub action: Action,
}

/// The change behind a [`Step`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Action {
    CreateBucket,
    EnableVersioning,
    /// Default encryption: SSE-S3 when `kms_key` is `None`, else SSE-KMS with that key.
    SetEncryption {
        kms_key: Option<String>,
    },
    /// Turn on all four public access block settings.
    BlockPublicAccess,
    /// Add the statement that denies requests without TLS to the bucket policy
    /// (creating the policy if there is none); other statements are kept.
    RequireTls,
    CreateLockTable,
}

/// What bootstrap would do, from read-only calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub account: String,
    pub region: String,
    pub bucket: String,
    pub lock_table: Option<String>,
    pub kms_key: Option<String>,
    /// What is already in place, one line each.
    pub existing: Vec<String>,
    /// The changes, in the order [`apply`] makes them. Empty: nothing to change.
    pub steps: Vec<Step>,
}

impl Plan {
    /// True when everything is already in place.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// True when the plan only completes an existing bucket or table (the case in
    /// which the CLI should say what it will change and ask before applying).
    pub fn changes_existing(&self) -> bool {
        let creates_bucket = self
            .steps
            .iter()
            .any(|s| matches!(s.action, Action::CreateBucket));
        !creates_bucket
            && self
                .steps
                .iter()
                .any(|s| !matches!(s.action, Action::CreateLockTable))
    }
}

/// What bootstrap found and did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BootstrapReport {
    pub account: String,
    pub region: String,
    pub bucket: String,
    pub lock_table: Option<String>,
    /// What was in place before, one line each.
    pub existed: Vec<String>,
    /// What was created or changed, one line each, in order.
    pub changed: Vec<String>,
    /// Planned steps found already done when applying (someone else did them, or
    /// the SDK retried a call whose first answer was lost, e.g. CreateTable).
    pub already_done: Vec<String>,
}

impl BootstrapReport {
    /// True when nothing was created or changed.
    pub fn nothing_changed(&self) -> bool {
        self.changed.is_empty()
    }
}

const SSE_NOT_FOUND: &str = "ServerSideEncryptionConfigurationNotFoundError";
const PAB_NOT_FOUND: &str = "NoSuchPublicAccessBlockConfiguration";
const POLICY_NOT_FOUND: &str = "NoSuchBucketPolicy";

/// Reads the current state with read-only calls and plans what to create or add.
///
/// Refuses (an [`ErrorKind::Refused`] error) a bucket owned by another account, a
/// bucket in another region, and a lock table whose key is not Terraform's.
pub async fn plan_bootstrap(aws: &Aws, request: &BootstrapRequest) -> Result<Plan, AwsError> {
    validate_bucket_name(&request.bucket)?;
    if let Some(t) = &request.lock_table {
        validate_table_name(t)?;
    }
    read_plan(aws, request).await.map_err(|mut e| {
        e.hint
            .push_str("; nothing was changed (planning only reads)");
        e
    })
}

async fn read_plan(aws: &Aws, request: &BootstrapRequest) -> Result<Plan, AwsError> {
    let bucket = request.bucket.as_str();
    let mut plan = Plan {
        account: aws.caller.account.clone(),
        region: aws.region.clone(),
        bucket: bucket.to_string(),
        lock_table: request.lock_table.clone(),
        kms_key: request.kms_key.clone(),
        existing: Vec::new(),
        steps: Vec::new(),
    };
    let s3 = aws.s3();
    match bucket_state(aws, &s3, bucket).await? {
        BucketState::Missing => {
            plan.steps.push(Step {
                what: format!("create bucket {bucket} in {}", aws.region),
                why: "no bucket of that name exists".to_string(),
                call: "s3:CreateBucket".to_string(),
                action: Action::CreateBucket,
            });
            plan.steps.push(versioning_step(bucket, "a new bucket"));
            plan.steps
                .push(encryption_step(bucket, &request.kms_key, "a new bucket"));
            plan.steps.push(public_access_step(bucket, "a new bucket"));
            plan.steps
                .push(tls_step(bucket, "a new bucket has no policy"));
        }
        BucketState::Ours(how) => {
            plan.existing.push(format!(
                "bucket {bucket} exists in {}, owned by account {} ({how})",
                aws.region, aws.caller.account
            ));
            match read_versioning(aws, &s3, bucket).await? {
                Some(BucketVersioningStatus::Enabled) => {
                    plan.existing.push("versioning: Enabled".to_string())
                }
                other => {
                    let now = match other {
                        Some(s) => format!("versioning is {}", s.as_str()),
                        None => "versioning was never turned on".to_string(),
                    };
                    plan.steps.push(versioning_step(bucket, &now));
                }
            }
            let enc = read_encryption(aws, &s3, bucket).await?;
            match encryption_decision(enc.as_ref(), request.kms_key.as_deref()) {
                EncryptionDecision::Keep(line) => plan.existing.push(line),
                EncryptionDecision::Change(why) => {
                    plan.steps
                        .push(encryption_step(bucket, &request.kms_key, &why))
                }
            }
            let pab = read_public_access_block(aws, &s3, bucket).await?;
            let off = pab_off(pab.as_ref());
            if off.is_empty() {
                plan.existing
                    .push("public access block: all four settings on".to_string());
            } else {
                plan.steps.push(public_access_step(
                    bucket,
                    &format!("{} off", off.join(", ")),
                ));
            }
            let doc = read_policy(aws, &s3, bucket).await?;
            match &doc {
                Some(text) if policy::has_tls_deny(text) => plan
                    .existing
                    .push("bucket policy denies requests without TLS".to_string()),
                Some(_) => plan.steps.push(tls_step(
                    bucket,
                    "the bucket policy has no statement denying requests without TLS \
                     (its other statements are kept)",
                )),
                None => plan
                    .steps
                    .push(tls_step(bucket, "the bucket has no policy")),
            }
        }
    }
    if let Some(table) = &request.lock_table {
        match describe_lock_table(aws, table).await? {
            None => plan.steps.push(Step {
                what: format!(
                    "create DynamoDB table {table} (LockID string hash key, on-demand billing)"
                ),
                why: "no table of that name exists; it locks state for Terraform older than 1.11"
                    .to_string(),
                call: "dynamodb:CreateTable".to_string(),
                action: Action::CreateLockTable,
            }),
            Some(line) => plan.existing.push(line),
        }
    }
    Ok(plan)
}

/// Takes the plan's steps, in order. Each step re-reads its setting first and
/// changes it only if it is still missing. The plan must come from the same
/// account and region.
///
/// The first failed call stops it (a read that fails is never taken for a missing
/// setting): the steps before it stay done, and the error's hint lists them and
/// says to run again, which plans and takes only the remaining steps.
pub async fn apply(aws: &Aws, plan: &Plan) -> Result<BootstrapReport, AwsError> {
    if plan.account != aws.caller.account || plan.region != aws.region {
        return Err(AwsError::invalid(
            format!(
                "the plan was made for account {} in {}, but the credentials are for account {} \
                 in {}",
                plan.account, plan.region, aws.caller.account, aws.region
            ),
            "plan again with the credentials and region you apply with".to_string(),
        ));
    }
    let s3 = aws.s3();
    let mut report = BootstrapReport {
        account: plan.account.clone(),
        region: plan.region.clone(),
        bucket: plan.bucket.clone(),
        lock_table: plan.lock_table.clone(),
        existed: plan.existing.clone(),
        changed: Vec::new(),
        already_done: Vec::new(),
    };
    for (i, step) in plan.steps.iter().enumerate() {
        match take_step(aws, &s3, plan, step).await {
            Ok(true) => report.changed.push(step.what.clone()),
            Ok(false) => report.already_done.push(step.what.clone()),
            Err(e) => return Err(stopped_at(e, &plan.steps[..i])),
        }
    }
    Ok(report)
}

/// Says, in the hint of an error that stopped [`apply`], which steps were done
/// before it (they stay) and that a rerun finishes the job.
fn stopped_at(mut e: AwsError, done: &[Step]) -> AwsError {
    if done.is_empty() {
        e.hint
            .push_str(". No step was completed; once this is fixed, run bootstrap-state again");
    } else {
        let done: Vec<&str> = done.iter().map(|s| s.what.as_str()).collect();
        e.hint.push_str(&format!(
            ". Completed before the failure and kept: {}. Once this is fixed, run \
             bootstrap-state again: it re-reads each setting and takes the remaining steps",
            done.join("; ")
        ));
    }
    e
}

/// One step of [`apply`]: re-reads the setting, changes it if still needed.
/// `Ok(false)`: it was already in place.
async fn take_step(
    aws: &Aws,
    s3: &aws_sdk_s3::Client,
    plan: &Plan,
    step: &Step,
) -> Result<bool, AwsError> {
    let bucket = plan.bucket.as_str();
    let done = match &step.action {
        Action::CreateBucket => create_bucket(aws, s3, bucket).await?,
        Action::EnableVersioning => {
            if read_versioning(aws, s3, bucket).await? == Some(BucketVersioningStatus::Enabled) {
                false
            } else {
                s3.put_bucket_versioning()
                    .bucket(bucket)
                    .expected_bucket_owner(&aws.caller.account)
                    .versioning_configuration(
                        VersioningConfiguration::builder()
                            .status(BucketVersioningStatus::Enabled)
                            .build(),
                    )
                    .send()
                    .await
                    .map_err(|e| {
                        aws.ctx
                            .error("s3:PutBucketVersioning", &bucket_target(bucket), &e)
                    })?;
                true
            }
        }
        Action::SetEncryption { kms_key } => {
            let current = read_encryption(aws, s3, bucket).await?;
            match encryption_decision(current.as_ref(), kms_key.as_deref()) {
                EncryptionDecision::Keep(_) => false,
                EncryptionDecision::Change(_) => {
                    put_encryption(aws, s3, bucket, kms_key.as_deref()).await?;
                    true
                }
            }
        }
        Action::BlockPublicAccess => {
            let current = read_public_access_block(aws, s3, bucket).await?;
            if pab_off(current.as_ref()).is_empty() {
                false
            } else {
                s3.put_public_access_block()
                    .bucket(bucket)
                    .expected_bucket_owner(&aws.caller.account)
                    .public_access_block_configuration(
                        PublicAccessBlockConfiguration::builder()
                            .block_public_acls(true)
                            .ignore_public_acls(true)
                            .block_public_policy(true)
                            .restrict_public_buckets(true)
                            .build(),
                    )
                    .send()
                    .await
                    .map_err(|e| {
                        aws.ctx
                            .error("s3:PutBucketPublicAccessBlock", &bucket_target(bucket), &e)
                    })?;
                true
            }
        }
        Action::RequireTls => {
            let current = read_policy(aws, s3, bucket).await?;
            if current.as_deref().is_some_and(policy::has_tls_deny) {
                false
            } else {
                let merged =
                    policy::with_tls_deny(current.as_deref(), &aws.caller.partition, bucket)
                        .map_err(|why| {
                            AwsError::refused(
                        "s3:PutBucketPolicy",
                        &bucket_target(bucket),
                        format!("the current policy of bucket {bucket} cannot be read: {why}"),
                        "add the TLS-only statement by hand (see `tfready bootstrap-state` \
                         docs); tfready will not replace a policy it cannot merge into"
                            .to_string(),
                    )
                        })?;
                s3.put_bucket_policy()
                    .bucket(bucket)
                    .expected_bucket_owner(&aws.caller.account)
                    .policy(merged)
                    .send()
                    .await
                    .map_err(|e| {
                        aws.ctx
                            .error("s3:PutBucketPolicy", &bucket_target(bucket), &e)
                    })?;
                true
            }
        }
        Action::CreateLockTable => {
            let table = plan.lock_table.as_deref().ok_or_else(|| {
                AwsError::invalid(
                    "the plan creates a lock table but names none".to_string(),
                    "plan again".to_string(),
                )
            })?;
            create_lock_table(aws, table).await?
        }
    };
    Ok(done)
}

fn versioning_step(bucket: &str, now: &str) -> Step {
    Step {
        what: format!("turn on versioning on bucket {bucket}"),
        why: format!("{now}; versions let you recover an overwritten or corrupted state file"),
        call: "s3:PutBucketVersioning".to_string(),
        action: Action::EnableVersioning,
    }
}

fn encryption_step(bucket: &str, kms_key: &Option<String>, now: &str) -> Step {
    let what = match kms_key {
        Some(k) => format!("set default encryption of bucket {bucket} to SSE-KMS with key {k}"),
        None => format!("set default encryption of bucket {bucket} to SSE-S3 (AES256)"),
    };
    Step {
        what,
        why: format!("{now}; state files hold secrets and must be encrypted at rest"),
        call: "s3:PutEncryptionConfiguration".to_string(),
        action: Action::SetEncryption {
            kms_key: kms_key.clone(),
        },
    }
}

fn public_access_step(bucket: &str, now: &str) -> Step {
    Step {
        what: format!("turn on all four public access block settings of bucket {bucket}"),
        why: format!("{now}; a state bucket must never be public"),
        call: "s3:PutBucketPublicAccessBlock".to_string(),
        action: Action::BlockPublicAccess,
    }
}

fn tls_step(bucket: &str, now: &str) -> Step {
    Step {
        what: format!(
            "add a bucket policy statement to {bucket} that denies requests without TLS \
             (aws:SecureTransport = false)"
        ),
        why: format!("{now}; state must not travel in clear text"),
        call: "s3:PutBucketPolicy".to_string(),
        action: Action::RequireTls,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names() {
        assert!(validate_bucket_name("tf-state-123456789012").is_ok());
        assert!(validate_bucket_name("ab").is_err());
        assert!(validate_bucket_name("Tf-State").is_err());
        assert!(validate_bucket_name("-tf").is_err());
        assert!(validate_bucket_name("a..b").is_err());
        assert!(validate_table_name("tf-locks_1.x").is_ok());
        assert!(validate_table_name("tf locks").is_err());
    }

    #[test]
    fn encryption_is_never_weakened() {
        let kms = Encryption {
            algorithm: "aws:kms".into(),
            kms_key: Some("arn:aws:kms:us-east-1:1:key/abc".into()),
        };
        assert!(matches!(
            encryption_decision(Some(&kms), None),
            EncryptionDecision::Keep(_)
        ));
        assert!(matches!(
            encryption_decision(Some(&kms), Some("abc")),
            EncryptionDecision::Keep(_)
        ));
        let sse = Encryption {
            algorithm: "AES256".into(),
            kms_key: None,
        };
        assert!(matches!(
            encryption_decision(Some(&sse), None),
            EncryptionDecision::Keep(_)
        ));
        assert!(matches!(
            encryption_decision(Some(&sse), Some("abc")),
            EncryptionDecision::Change(_)
        ));
        assert!(matches!(
            encryption_decision(None, None),
            EncryptionDecision::Change(_)
        ));
    }

    #[test]
    fn public_access_flags_off() {
        assert_eq!(pab_off(None).len(), 4);
        let pab = [
            ("BlockPublicAcls", true),
            ("IgnorePublicAcls", false),
            ("BlockPublicPolicy", true),
            ("RestrictPublicBuckets", true),
        ];
        assert_eq!(pab_off(Some(&pab)), vec!["IgnorePublicAcls"]);
    }
}
