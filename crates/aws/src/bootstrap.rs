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
use serde_json::{json, Value};

use crate::client::Aws;
use crate::error::{AwsError, ErrorKind};
use crate::policy;

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

fn bucket_target(bucket: &str) -> String {
    format!("bucket {bucket}")
}

fn validate_bucket_name(bucket: &str) -> Result<(), AwsError> {
    let ok_chars = bucket
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
    let ok_ends = bucket
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && bucket
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if (3..=63).contains(&bucket.len()) && ok_chars && ok_ends && !bucket.contains("..") {
        Ok(())
    } else {
        Err(AwsError::invalid(
            format!("{bucket:?} is not a valid S3 bucket name"),
            "use 3-63 lowercase letters, digits, hyphens and dots, starting and ending with a \
             letter or digit"
                .to_string(),
        ))
    }
}

fn validate_table_name(table: &str) -> Result<(), AwsError> {
    let ok = (3..=255).contains(&table.len())
        && table
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(AwsError::invalid(
            format!("{table:?} is not a valid DynamoDB table name"),
            "use 3-255 letters, digits, underscores, hyphens and dots".to_string(),
        ))
    }
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

enum BucketState {
    Missing,
    /// Owned by the caller's account; the string says how that was established.
    Ours(String),
}

/// HeadBucket with ExpectedBucketOwner, then ListBuckets to confirm ownership (some
/// endpoints, emulators among them, do not enforce ExpectedBucketOwner).
async fn bucket_state(
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

fn owned_elsewhere(bucket: &str, account: &str, evidence: &str) -> AwsError {
    AwsError::refused(
        "s3:HeadBucket",
        &bucket_target(bucket),
        format!("bucket {bucket} exists but is not owned by account {account}: {evidence}"),
        "bucket names are global: choose another name (e.g. one that ends with the account id); \
         tfready never changes a bucket another account owns"
            .to_string(),
    )
}

fn check_region(aws: &Aws, bucket: &str, region: &str) -> Result<(), AwsError> {
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

async fn listed_as_ours(
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

async fn create_bucket(aws: &Aws, s3: &aws_sdk_s3::Client, bucket: &str) -> Result<bool, AwsError> {
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

enum EncryptionDecision {
    Keep(String),
    Change(String),
}

fn encryption_decision(
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
fn key_matches(have: &str, want: &str) -> bool {
    have == want || have.ends_with(&format!("/{want}")) || want.ends_with(&format!("/{have}"))
}

async fn put_encryption(
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

/// `None` when the table does not exist; else a line saying what it is. A table
/// whose key is not a `LockID` string hash key is refused.
pub(crate) async fn describe_lock_table(
    aws: &Aws,
    table: &str,
) -> Result<Option<String>, AwsError> {
    let ddb = aws_sdk_dynamodb::Client::new(&aws.config);
    let out = match ddb.describe_table().table_name(table).send().await {
        Ok(out) => out,
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_resource_not_found_exception()) =>
        {
            return Ok(None)
        }
        Err(err) => {
            return Err(aws
                .ctx
                .error("dynamodb:DescribeTable", &format!("table {table}"), &err))
        }
    };
    let Some(t) = out.table() else {
        return Ok(None);
    };
    let key: Vec<String> = t
        .key_schema()
        .iter()
        .map(|k| format!("{} {}", k.attribute_name(), k.key_type().as_str()))
        .collect();
    let lock_id_type = t
        .attribute_definitions()
        .iter()
        .find(|a| a.attribute_name() == "LockID")
        .map(|a| a.attribute_type().as_str().to_string());
    let is_terraform_key = key == ["LockID HASH"] && lock_id_type.as_deref() == Some("S");
    if !is_terraform_key {
        return Err(AwsError::refused(
            "dynamodb:DescribeTable",
            &format!("table {table}"),
            format!(
                "table {table} exists with key [{}], not Terraform's LockID string hash key",
                key.join(", ")
            ),
            "choose another --lock-table name; tfready never changes or deletes an existing \
             table"
                .to_string(),
        ));
    }
    let billing = t
        .billing_mode_summary()
        .and_then(|b| b.billing_mode())
        .map(|b| b.as_str().to_string())
        .unwrap_or_else(|| "PROVISIONED".to_string());
    let status = t
        .table_status()
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    Ok(Some(format!(
        "lock table {table}: LockID string hash key, {billing}, {status}"
    )))
}

async fn create_lock_table(aws: &Aws, table: &str) -> Result<bool, AwsError> {
    if describe_lock_table(aws, table).await?.is_some() {
        return Ok(false);
    }
    let ddb = aws_sdk_dynamodb::Client::new(&aws.config);
    let target = format!("table {table}");
    let bug = |e: aws_sdk_dynamodb::error::BuildError| {
        AwsError::invalid(e.to_string(), "report this as a bug".to_string())
    };
    let created = ddb
        .create_table()
        .table_name(table)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("LockID")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .map_err(bug)?,
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("LockID")
                .key_type(KeyType::Hash)
                .build()
                .map_err(bug)?,
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await;
    match created {
        Ok(_) => {}
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_resource_in_use_exception()) =>
        {
            // Created by someone else since the plan: make sure it is Terraform's.
            describe_lock_table(aws, table).await?;
            return Ok(false);
        }
        Err(err) => return Err(aws.ctx.error("dynamodb:CreateTable", &target, &err)),
    }
    // Terraform cannot lock until the table is ACTIVE.
    for _ in 0..60 {
        let out = ddb
            .describe_table()
            .table_name(table)
            .send()
            .await
            .map_err(|e| aws.ctx.error("dynamodb:DescribeTable", &target, &e))?;
        if out.table().and_then(|t| t.table_status()) == Some(&TableStatus::Active) {
            return Ok(true);
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
    Err(AwsError {
        kind: ErrorKind::Service,
        call: "dynamodb:DescribeTable",
        target,
        code: None,
        detail: "the table was created but is not ACTIVE after two minutes".to_string(),
        hint: "check it in the DynamoDB console, then run bootstrap-state again".to_string(),
    })
}

/// The TLS-only statement this crate adds, for documentation and tests.
pub fn tls_statement(partition: &str, bucket: &str) -> Value {
    json!({
        "Sid": policy::TLS_SID,
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [
            format!("arn:{partition}:s3:::{bucket}"),
            format!("arn:{partition}:s3:::{bucket}/*"),
        ],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    })
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
