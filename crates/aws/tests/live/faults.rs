//! bootstrap-state against moto with injected faults (scripts/moto/server.py's
//! Faults middleware): a permissions error on one call, throttling, an answer lost
//! on the way back, and the server stopping mid-run. Each time the error names the
//! call, the resource and the cause, nothing is deleted or weakened, and once the
//! fault is gone a rerun completes the job.
//!
//! The rules on the shared server are scoped to each test's own bucket or table,
//! so these tests run in parallel with the others; the server stop gets a moto of
//! its own.

use crate::common::faults::{Faults, OwnMoto};
use crate::common::*;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_s3::types::BucketVersioningStatus;
use serde_json::{json, Value};
use tfready_aws::blocking::Session;
use tfready_aws::{apply, plan_bootstrap, Action, AwsOptions, BootstrapRequest, ErrorKind, Plan};

fn request(bucket: &str, table: Option<&str>) -> BootstrapRequest {
    BootstrapRequest {
        bucket: bucket.to_string(),
        lock_table: table.map(str::to_string),
        kms_key: None,
    }
}

fn actions(plan: &Plan) -> Vec<Action> {
    plan.steps.iter().map(|s| s.action.clone()).collect()
}

const SSE_S3: Action = Action::SetEncryption { kms_key: None };

/// An error fit for a terminal: one line, no Debug dump of SDK types.
fn assert_readable(text: &str) {
    assert!(!text.contains('\n'), "more than one line: {text}");
    for dump in ["ServiceError", "DispatchFailure", "Some(", "{ ", "raw:"] {
        assert!(!text.contains(dump), "Debug output ({dump}) in: {text}");
    }
}

/// The bucket's settings, read with the test's own client (the fault rules must be
/// cleared first when they match these reads).
#[derive(Debug, PartialEq)]
struct Settings {
    versioning: Option<BucketVersioningStatus>,
    encryption: Option<String>,
    public_access_block: Option<[Option<bool>; 4]>,
    policy_sids: Vec<String>,
    objects: Vec<String>,
}

async fn settings(cfg: &SdkConfig, bucket: &str) -> Settings {
    let s3c = s3(cfg);
    let versioning = s3c
        .get_bucket_versioning()
        .bucket(bucket)
        .send()
        .await
        .expect("GetBucketVersioning")
        .status()
        .cloned();
    let encryption = s3c
        .get_bucket_encryption()
        .bucket(bucket)
        .send()
        .await
        .ok()
        .and_then(|e| {
            e.server_side_encryption_configuration()
                .and_then(|c| c.rules().first())
                .and_then(|r| r.apply_server_side_encryption_by_default())
                .map(|d| d.sse_algorithm().as_str().to_string())
        });
    let public_access_block = s3c
        .get_public_access_block()
        .bucket(bucket)
        .send()
        .await
        .ok()
        .and_then(|p| {
            p.public_access_block_configuration().map(|c| {
                [
                    c.block_public_acls(),
                    c.ignore_public_acls(),
                    c.block_public_policy(),
                    c.restrict_public_buckets(),
                ]
            })
        });
    let policy_sids = match s3c.get_bucket_policy().bucket(bucket).send().await {
        Ok(p) => {
            let doc: Value = serde_json::from_str(p.policy().unwrap()).unwrap();
            doc["Statement"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["Sid"].as_str().unwrap_or("").to_string())
                .collect()
        }
        Err(_) => Vec::new(),
    };
    let objects = s3c
        .list_objects_v2()
        .bucket(bucket)
        .send()
        .await
        .expect("ListObjectsV2")
        .contents()
        .iter()
        .filter_map(|o| o.key().map(str::to_string))
        .collect();
    Settings {
        versioning,
        encryption,
        public_access_block,
        policy_sids,
        objects,
    }
}

async fn tables(cfg: &SdkConfig) -> Vec<String> {
    aws_sdk_dynamodb::Client::new(cfg)
        .list_tables()
        .send()
        .await
        .expect("ListTables")
        .table_names()
        .to_vec()
}

const ALL_ON: Option<[Option<bool>; 4]> = Some([Some(true); 4]);

/// Everything bootstrap-state sets is in place, and a new plan has nothing to do.
async fn assert_bootstrapped(aws: &tfready_aws::Aws, cfg: &SdkConfig, req: &BootstrapRequest) {
    let plan = plan_bootstrap(aws, req).await.unwrap();
    assert!(plan.is_empty(), "nothing should be left to do: {plan:#?}");
    let s = settings(cfg, &req.bucket).await;
    assert_eq!(s.versioning, Some(BucketVersioningStatus::Enabled), "{s:?}");
    assert_eq!(s.encryption.as_deref(), Some("AES256"), "{s:?}");
    assert_eq!(s.public_access_block, ALL_ON, "{s:?}");
    assert!(
        s.policy_sids
            .iter()
            .any(|sid| sid == "DenyInsecureTransport"),
        "{s:?}"
    );
    if let Some(table) = &req.lock_table {
        assert!(tables(cfg).await.contains(table), "no table {table}");
    }
}

/// A bucket made before bootstrap-state: a state file and a policy statement of
/// its own, nothing else.
async fn existing_bucket(cfg: &SdkConfig, account: &str, bucket: &str) {
    let s3c = s3(cfg);
    s3c.create_bucket().bucket(bucket).send().await.unwrap();
    s3c.put_object()
        .bucket(bucket)
        .key("prod/terraform.tfstate")
        .body(b"{\"version\":4}".to_vec().into())
        .send()
        .await
        .unwrap();
    let own = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "TeamReads",
            "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
            "Action": "s3:GetObject",
            "Resource": format!("arn:aws:s3:::{bucket}/*")
        }]
    });
    s3c.put_bucket_policy()
        .bucket(bucket)
        .policy(own.to_string())
        .send()
        .await
        .unwrap();
}

/// One call is denied mid-apply: apply stops there with an error naming the call,
/// the bucket and the permission, and saying what was done; what was done stays,
/// nothing after the failed step is attempted, and a rerun without the fault takes
/// exactly the remaining steps.
#[tokio::test]
async fn access_denied_on_one_call_stops_apply_and_a_rerun_completes() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let bucket = unique("tfready-denied");
    let table = unique("tfready-denied-locks");
    let req = request(&bucket, Some(&table));
    let mut faults = Faults::new(&endpoint());
    let rule = faults.add(json!({
        "service": "s3", "action": "PutBucketEncryption", "resource": bucket,
        "error": "AccessDenied",
    }));

    let plan = plan_bootstrap(&aws, &req).await.unwrap();
    let err = apply(&aws, &plan)
        .await
        .expect_err("PutBucketEncryption is denied");
    assert_eq!(err.kind, ErrorKind::AccessDenied, "{err}");
    assert_eq!(err.call, "s3:PutEncryptionConfiguration");
    assert_eq!(err.code.as_deref(), Some("AccessDenied"));
    let text = err.to_string();
    assert_readable(&text);
    assert!(
        text.starts_with(&format!(
            "s3:PutEncryptionConfiguration on bucket {bucket} failed: AccessDenied: Access Denied"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "the caller needs s3:PutEncryptionConfiguration on bucket {bucket}; see the IAM \
             policy in crates/aws/IAM.md"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Completed before the failure and kept: create bucket {bucket} in us-east-1; turn \
             on versioning on bucket {bucket}."
        )),
        "{text}"
    );
    assert!(text.contains("run bootstrap-state again"), "{text}");
    assert_eq!(faults.hits(rule), 1, "denied calls are not retried");

    // Run again while the permission is still missing: the same error, no change.
    let again = plan_bootstrap(&aws, &req).await.unwrap();
    assert_eq!(
        actions(&again),
        [
            SSE_S3,
            Action::BlockPublicAccess,
            Action::RequireTls,
            Action::CreateLockTable
        ]
    );
    assert!(again.existing.contains(&"versioning: Enabled".to_string()));
    let err = apply(&aws, &again).await.expect_err("still denied");
    assert_eq!(err.kind, ErrorKind::AccessDenied, "{err}");
    assert_eq!(faults.hits(rule), 2);

    // The permission is granted: what was done is still there, nothing after the
    // failed step was done.
    faults.clear();
    let s = settings(&cfg, &bucket).await;
    assert_eq!(s.versioning, Some(BucketVersioningStatus::Enabled), "{s:?}");
    assert_eq!(s.encryption, None, "{s:?}");
    assert_eq!(s.public_access_block, None, "{s:?}");
    assert!(s.policy_sids.is_empty(), "{s:?}");
    assert!(tables(&cfg).await.is_empty());

    let before = inventory(&cfg).await;
    let rerun = plan_bootstrap(&aws, &req).await.unwrap();
    assert_eq!(actions(&rerun), actions(&again));
    let report = apply(&aws, &rerun).await.unwrap();
    assert_eq!(report.changed.len(), 4, "{report:#?}");
    assert!(report.already_done.is_empty(), "{report:#?}");
    assert_bootstrapped(&aws, &cfg, &req).await;
    assert_nothing_deleted(&before, &inventory(&cfg).await);
}

/// DynamoDB (AWS JSON protocol) denies CreateTable after the bucket is done: the
/// bucket keeps every setting and the rerun only creates the table.
#[tokio::test]
async fn access_denied_on_create_table_keeps_the_bucket_and_a_rerun_creates_it() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let bucket = unique("tfready-tabledenied");
    let table = unique("tfready-tabledenied-locks");
    let req = request(&bucket, Some(&table));
    let mut faults = Faults::new(&endpoint());
    faults.add(json!({
        "service": "dynamodb", "action": "CreateTable", "resource": table,
        "error": "AccessDenied",
    }));

    let plan = plan_bootstrap(&aws, &req).await.unwrap();
    let err = apply(&aws, &plan).await.expect_err("CreateTable is denied");
    assert_eq!(err.kind, ErrorKind::AccessDenied, "{err}");
    let text = err.to_string();
    assert_readable(&text);
    assert!(
        text.starts_with(&format!(
            "dynamodb:CreateTable on table {table} failed: AccessDeniedException: "
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "the caller needs dynamodb:CreateTable on table {table}"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("add a bucket policy statement to {bucket}")),
        "the completed steps are listed: {text}"
    );

    faults.clear();
    let s = settings(&cfg, &bucket).await;
    assert_eq!(s.versioning, Some(BucketVersioningStatus::Enabled), "{s:?}");
    assert_eq!(s.encryption.as_deref(), Some("AES256"), "{s:?}");
    assert_eq!(s.public_access_block, ALL_ON, "{s:?}");
    assert_eq!(s.policy_sids, ["DenyInsecureTransport"], "{s:?}");
    assert!(tables(&cfg).await.is_empty());

    let before = inventory(&cfg).await;
    let rerun = plan_bootstrap(&aws, &req).await.unwrap();
    assert_eq!(actions(&rerun), [Action::CreateLockTable]);
    let report = apply(&aws, &rerun).await.unwrap();
    assert_eq!(report.changed.len(), 1, "{report:#?}");
    assert_bootstrapped(&aws, &cfg, &req).await;
    assert_nothing_deleted(&before, &inventory(&cfg).await);
}

/// A read denied while planning: the plan fails with the call and the bucket,
/// and the account is exactly as it was (planning only reads).
#[tokio::test]
async fn access_denied_while_planning_changes_nothing() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let bucket = unique("tfready-plandenied");
    existing_bucket(&cfg, &account, &bucket).await;
    let req = request(&bucket, None);
    let mut faults = Faults::new(&endpoint());
    let rule = faults.add(json!({
        "action": "GetPublicAccessBlock", "resource": bucket, "error": "AccessDenied",
    }));
    let before = inventory(&cfg).await;

    let err = plan_bootstrap(&aws, &req)
        .await
        .expect_err("GetPublicAccessBlock is denied");
    assert_eq!(err.kind, ErrorKind::AccessDenied, "{err}");
    let text = err.to_string();
    assert_readable(&text);
    assert!(
        text.starts_with(&format!(
            "s3:GetBucketPublicAccessBlock on bucket {bucket} failed: AccessDenied"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "the caller needs s3:GetBucketPublicAccessBlock on bucket {bucket}"
        )),
        "{text}"
    );
    assert!(text.contains("nothing was changed"), "{text}");
    assert_eq!(faults.hits(rule), 1);

    faults.clear();
    assert_eq!(inventory(&cfg).await, before);
    let plan = plan_bootstrap(&aws, &req).await.unwrap();
    apply(&aws, &plan).await.unwrap();
    assert_bootstrapped(&aws, &cfg, &req).await;
    let s = settings(&cfg, &bucket).await;
    assert_eq!(s.policy_sids, ["TeamReads", "DenyInsecureTransport"]);
    assert_eq!(s.objects, ["prod/terraform.tfstate"]);
}

/// A few throttling answers (S3 SlowDown, DynamoDB ThrottlingException) are
/// absorbed by the SDK's retries with backoff: apply succeeds in one run.
#[tokio::test]
async fn brief_throttling_is_absorbed_by_retries() {
    let account = fresh_account();
    let (aws, cfg) = connect_with_attempts(&account, 3).await;
    let bucket = unique("tfready-slowdown");
    let table = unique("tfready-slowdown-locks");
    let req = request(&bucket, Some(&table));
    let mut faults = Faults::new(&endpoint());
    let s3_rule = faults.add(json!({
        "service": "s3", "action": "PutBucketVersioning", "resource": bucket,
        "error": "Throttling", "times": 2,
    }));
    let ddb_rule = faults.add(json!({
        "service": "dynamodb", "action": "CreateTable", "resource": table,
        "error": "Throttling", "times": 2,
    }));

    let plan = plan_bootstrap(&aws, &req).await.unwrap();
    let report = apply(&aws, &plan)
        .await
        .expect("two throttles per call fit in three attempts");
    assert_eq!(report.changed.len(), 6, "{report:#?}");
    assert_eq!(faults.hits(s3_rule), 2, "both throttles were answered");
    assert_eq!(faults.hits(ddb_rule), 2, "both throttles were answered");
    faults.clear();
    assert_bootstrapped(&aws, &cfg, &req).await;
}

/// Throttling that outlasts every attempt on the policy read just before the
/// policy is merged: a clear error, and the bucket's own policy is not replaced
/// (a failed read is never taken for "no policy"). The rerun merges it.
#[tokio::test]
async fn persistent_throttling_fails_clearly_and_never_replaces_the_policy() {
    let account = fresh_account();
    let (aws, cfg) = connect_with_attempts(&account, 3).await;
    let bucket = unique("tfready-throttled");
    existing_bucket(&cfg, &account, &bucket).await;
    let before = inventory(&cfg).await;
    let req = request(&bucket, None);
    let mut faults = Faults::new(&endpoint());
    // Planning reads the policy once; every read after that is throttled.
    let rule = faults.add(json!({
        "service": "s3", "action": "GetBucketPolicy", "resource": bucket,
        "error": "Throttling", "skip": 1,
    }));

    let plan = plan_bootstrap(&aws, &req).await.unwrap();
    assert_eq!(actions(&plan).last(), Some(&Action::RequireTls));
    let err = apply(&aws, &plan).await.expect_err("throttled throughout");
    assert_eq!(err.kind, ErrorKind::Throttled, "{err}");
    let text = err.to_string();
    assert_readable(&text);
    assert!(
        text.starts_with(&format!(
            "s3:GetBucketPolicy on bucket {bucket} failed: SlowDown: Please reduce your \
             request rate."
        )),
        "{text}"
    );
    assert!(
        text.contains("still throttled after 3 attempts with backoff: run again later, or raise --max-attempts"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Completed before the failure and kept: turn on versioning on bucket {bucket}"
        )),
        "{text}"
    );
    assert_eq!(faults.hits(rule), 3, "one try and two retries");

    faults.clear();
    let s = settings(&cfg, &bucket).await;
    assert_eq!(
        s.policy_sids,
        ["TeamReads"],
        "the policy was replaced: {s:?}"
    );
    assert_eq!(s.objects, ["prod/terraform.tfstate"]);
    assert_eq!(s.versioning, Some(BucketVersioningStatus::Enabled), "{s:?}");
    assert_eq!(s.public_access_block, ALL_ON, "{s:?}");
    assert_nothing_deleted(&before, &inventory(&cfg).await);

    let rerun = plan_bootstrap(&aws, &req).await.unwrap();
    assert_eq!(actions(&rerun), [Action::RequireTls]);
    apply(&aws, &rerun).await.unwrap();
    assert_bootstrapped(&aws, &cfg, &req).await;
    let s = settings(&cfg, &bucket).await;
    assert_eq!(s.policy_sids, ["TeamReads", "DenyInsecureTransport"]);
}

/// CreateBucket and CreateTable take effect but their answers are lost (the
/// connection closes): the SDK retries, the retry finds the bucket or table
/// already there and owned by the caller, and apply goes on to the end.
#[tokio::test]
async fn lost_answers_to_creates_are_retried_safely() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let bucket = unique("tfready-lost");
    let table = unique("tfready-lost-locks");
    let req = request(&bucket, Some(&table));
    let mut faults = Faults::new(&endpoint());
    let bucket_rule = faults.add(json!({
        "action": "CreateBucket", "resource": bucket, "error": "lose-answer", "times": 1,
    }));
    let table_rule = faults.add(json!({
        "action": "CreateTable", "resource": table, "error": "lose-answer", "times": 1,
    }));

    let plan = plan_bootstrap(&aws, &req).await.unwrap();
    let report = apply(&aws, &plan).await.expect("the retries succeed");
    assert_eq!(faults.hits(bucket_rule), 1);
    assert_eq!(faults.hits(table_rule), 1);
    // Each step once: done now, or found done by the retry of a lost answer.
    let mut taken: Vec<&String> = report.changed.iter().chain(&report.already_done).collect();
    let mut planned: Vec<&String> = plan.steps.iter().map(|s| &s.what).collect();
    taken.sort();
    planned.sort();
    assert_eq!(taken, planned, "{report:#?}");
    faults.clear();
    assert_bootstrapped(&aws, &cfg, &req).await;
}

/// The server stops mid-run (a moto of this test's own: it closes the connection
/// of PutPublicAccessBlock and refuses new ones). Through the CLI's path (a
/// blocking session from AwsOptions): the error names the call, the bucket and
/// the endpoint and says what was done; once the server is back, with its state,
/// the bucket has kept what was done and a rerun completes the job.
#[test]
fn server_stopped_mid_run_fails_clearly_and_a_rerun_completes() {
    let moto = OwnMoto::start();
    let bucket = unique("tfready-outage");
    let table = unique("tfready-outage-locks");
    let req = request(&bucket, Some(&table));
    let mut faults = Faults::new(&moto.endpoint);
    let rule = faults.add(json!({
        "service": "s3", "action": "PutPublicAccessBlock", "resource": bucket,
        "error": "stop", "times": 1,
    }));
    let options = AwsOptions {
        endpoint_url: Some(moto.endpoint.clone()),
        region: Some(REGION.to_string()),
        max_attempts: Some(2),
        ..Default::default()
    };
    let session = Session::connect(&options).expect("connect to the test's own moto");

    let plan = session.plan_bootstrap(&req).unwrap();
    let err = session.apply(&plan).expect_err("the server stopped");
    assert!(!moto.listening(), "the server should refuse connections");
    assert_eq!(err.kind, ErrorKind::Unreachable, "{err}");
    let text = err.to_string();
    assert_readable(&text);
    assert!(
        text.starts_with(&format!(
            "s3:PutBucketPublicAccessBlock on bucket {bucket} failed: could not reach the \
             endpoint {}",
            moto.endpoint
        )),
        "{text}"
    );
    assert!(text.contains("AWS_ENDPOINT_URL"), "{text}");
    assert!(
        text.contains(&format!(
            "Completed before the failure and kept: create bucket {bucket} in us-east-1; turn \
             on versioning on bucket {bucket}; set default encryption of bucket {bucket} to \
             SSE-S3 (AES256)."
        )),
        "{text}"
    );

    moto.resume();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let cfg = rt.block_on(async {
        aws_config::defaults(BehaviorVersion::latest())
            .endpoint_url(&moto.endpoint)
            .region(aws_config::Region::new(REGION))
            .http_client(tfready_aws::https_client())
            .load()
            .await
    });
    let s = rt.block_on(settings(&cfg, &bucket));
    assert_eq!(s.versioning, Some(BucketVersioningStatus::Enabled), "{s:?}");
    assert_eq!(s.encryption.as_deref(), Some("AES256"), "{s:?}");
    assert_eq!(s.public_access_block, None, "{s:?}");
    assert!(s.policy_sids.is_empty(), "{s:?}");
    assert!(rt.block_on(tables(&cfg)).is_empty());
    let before = rt.block_on(inventory(&cfg));

    // A new process would connect again: so does the rerun.
    let session = Session::connect(&options).expect("the server is back");
    let rerun = session.plan_bootstrap(&req).unwrap();
    assert_eq!(
        actions(&rerun),
        [
            Action::BlockPublicAccess,
            Action::RequireTls,
            Action::CreateLockTable
        ]
    );
    let report = session.apply(&rerun).unwrap();
    assert_eq!(report.changed.len(), 3, "{report:#?}");
    assert_eq!(faults.hits(rule), 1);
    assert!(session.plan_bootstrap(&req).unwrap().is_empty());
    let s = rt.block_on(settings(&cfg, &bucket));
    assert_eq!(s.public_access_block, ALL_ON, "{s:?}");
    assert_eq!(s.policy_sids, ["DenyInsecureTransport"], "{s:?}");
    assert!(rt.block_on(tables(&cfg)).contains(&table));
    assert_nothing_deleted(&before, &rt.block_on(inventory(&cfg)));
}
