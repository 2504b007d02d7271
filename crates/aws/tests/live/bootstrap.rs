//! bootstrap-state against the moto emulator (scripts/with-moto.sh).

use crate::common::*;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
};
use aws_sdk_s3::types::{
    BucketVersioningStatus, PublicAccessBlockConfiguration, ServerSideEncryption,
    ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration, ServerSideEncryptionRule,
    VersioningConfiguration,
};
use serde_json::Value;
use tfready_aws::blocking::Session;
use tfready_aws::{apply, plan_bootstrap, Action, AwsOptions, BootstrapRequest, ErrorKind};

fn request(bucket: &str, table: Option<&str>, kms: Option<&str>) -> BootstrapRequest {
    BootstrapRequest {
        bucket: bucket.to_string(),
        lock_table: table.map(str::to_string),
        kms_key: kms.map(str::to_string),
    }
}

fn actions(plan: &tfready_aws::Plan) -> Vec<Action> {
    plan.steps.iter().map(|s| s.action.clone()).collect()
}

/// The CLI's path: a blocking session from the standard chain (the environment
/// with-moto.sh sets), plan, apply, and again: the second run changes nothing.
/// Then every setting is read back with separate SDK calls.
#[test]
fn bootstrap_twice_second_run_reports_no_changes() {
    let bucket = unique("tfready-state");
    let table = unique("tfready-locks");
    let session = Session::connect(&AwsOptions {
        endpoint_url: Some(endpoint()),
        ..Default::default()
    })
    .expect("connect through the standard chain");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let cfg = rt.block_on(async {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(endpoint())
            .http_client(tfready_aws::https_client())
            .load()
            .await
    });
    let before = rt.block_on(inventory(&cfg));

    let req = request(&bucket, Some(&table), None);
    let first = session.plan_bootstrap(&req).unwrap();
    assert_eq!(
        actions(&first),
        vec![
            Action::CreateBucket,
            Action::EnableVersioning,
            Action::SetEncryption { kms_key: None },
            Action::BlockPublicAccess,
            Action::RequireTls,
            Action::CreateLockTable,
        ]
    );
    assert!(first.existing.is_empty());
    for s in &first.steps {
        assert!(
            !s.what.is_empty() && !s.why.is_empty() && s.call.contains(':'),
            "{s:?}"
        );
    }
    let report = session.apply(&first).unwrap();
    assert_eq!(report.changed.len(), 6, "{report:?}");
    assert!(!report.nothing_changed());

    let second = session.plan_bootstrap(&req).unwrap();
    assert!(
        second.is_empty(),
        "second plan should be empty: {second:#?}"
    );
    assert_eq!(second.existing.len(), 6, "{:#?}", second.existing);
    let again = session.apply(&second).unwrap();
    assert!(again.nothing_changed(), "{again:?}");
    assert_eq!(again.existed, second.existing);

    // Read back independently.
    rt.block_on(async {
        let s3c = s3(&cfg);
        let v = s3c
            .get_bucket_versioning()
            .bucket(&bucket)
            .send()
            .await
            .unwrap();
        assert_eq!(v.status(), Some(&BucketVersioningStatus::Enabled));
        let e = s3c
            .get_bucket_encryption()
            .bucket(&bucket)
            .send()
            .await
            .unwrap();
        let rule = &e.server_side_encryption_configuration().unwrap().rules()[0];
        assert_eq!(
            rule.apply_server_side_encryption_by_default()
                .unwrap()
                .sse_algorithm(),
            &ServerSideEncryption::Aes256
        );
        let p = s3c
            .get_public_access_block()
            .bucket(&bucket)
            .send()
            .await
            .unwrap();
        let c = p.public_access_block_configuration().unwrap();
        assert_eq!(
            (
                c.block_public_acls(),
                c.ignore_public_acls(),
                c.block_public_policy(),
                c.restrict_public_buckets()
            ),
            (Some(true), Some(true), Some(true), Some(true))
        );
        let policy = s3c
            .get_bucket_policy()
            .bucket(&bucket)
            .send()
            .await
            .unwrap();
        let doc: Value = serde_json::from_str(policy.policy().unwrap()).unwrap();
        let st = &doc["Statement"][0];
        assert_eq!(st["Effect"], "Deny");
        assert_eq!(st["Principal"], "*");
        assert_eq!(st["Action"], "s3:*");
        assert_eq!(st["Condition"]["Bool"]["aws:SecureTransport"], "false");
        assert_eq!(
            st["Resource"],
            serde_json::json!([
                format!("arn:aws:s3:::{bucket}"),
                format!("arn:aws:s3:::{bucket}/*")
            ])
        );
        let ddb = aws_sdk_dynamodb::Client::new(&cfg);
        let t = ddb
            .describe_table()
            .table_name(&table)
            .send()
            .await
            .unwrap();
        let t = t.table().unwrap();
        assert_eq!(t.key_schema().len(), 1);
        assert_eq!(t.key_schema()[0].attribute_name(), "LockID");
        assert_eq!(t.key_schema()[0].key_type(), &KeyType::Hash);
        assert_eq!(
            t.attribute_definitions()[0].attribute_type(),
            &ScalarAttributeType::S
        );
        assert_eq!(
            t.billing_mode_summary().and_then(|b| b.billing_mode()),
            Some(&BillingMode::PayPerRequest)
        );
    });
    let after = rt.block_on(inventory(&cfg));
    assert_nothing_deleted(&before, &after);
}

#[tokio::test]
async fn kms_key_sets_sse_kms_with_bucket_key() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let bucket = unique("tfready-kms");
    let key = format!("arn:aws:kms:us-east-1:{account}:key/00000000-1111-2222-3333-444444444444");
    let plan = plan_bootstrap(&aws, &request(&bucket, None, Some(&key)))
        .await
        .unwrap();
    assert!(plan.steps.iter().any(|s| s.action
        == Action::SetEncryption {
            kms_key: Some(key.clone())
        }));
    apply(&aws, &plan).await.unwrap();
    let e = s3(&cfg)
        .get_bucket_encryption()
        .bucket(&bucket)
        .send()
        .await
        .unwrap();
    let rule = &e.server_side_encryption_configuration().unwrap().rules()[0];
    let d = rule.apply_server_side_encryption_by_default().unwrap();
    assert_eq!(d.sse_algorithm(), &ServerSideEncryption::AwsKms);
    assert_eq!(d.kms_master_key_id(), Some(key.as_str()));
    assert_eq!(rule.bucket_key_enabled(), Some(true));
    assert!(plan_bootstrap(&aws, &request(&bucket, None, Some(&key)))
        .await
        .unwrap()
        .is_empty());
}

/// An existing bucket with an object, versioning suspended, one public access
/// flag off and a policy of its own: the plan says what it adds, applying adds
/// exactly that, and the object and the existing statement are still there.
#[tokio::test]
async fn existing_bucket_is_completed_after_saying_so() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let bucket = unique("tfready-existing");
    let s3c = s3(&cfg);
    s3c.create_bucket().bucket(&bucket).send().await.unwrap();
    s3c.put_object()
        .bucket(&bucket)
        .key("prod/terraform.tfstate")
        .body(b"{\"version\":4}".to_vec().into())
        .send()
        .await
        .unwrap();
    s3c.put_bucket_versioning()
        .bucket(&bucket)
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::Suspended)
                .build(),
        )
        .send()
        .await
        .unwrap();
    s3c.put_bucket_encryption()
        .bucket(&bucket)
        .server_side_encryption_configuration(
            ServerSideEncryptionConfiguration::builder()
                .rules(
                    ServerSideEncryptionRule::builder()
                        .apply_server_side_encryption_by_default(
                            ServerSideEncryptionByDefault::builder()
                                .sse_algorithm(ServerSideEncryption::Aes256)
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    s3c.put_public_access_block()
        .bucket(&bucket)
        .public_access_block_configuration(
            PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .ignore_public_acls(true)
                .block_public_policy(true)
                .restrict_public_buckets(false)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let own = serde_json::json!({
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
        .bucket(&bucket)
        .policy(own.to_string())
        .send()
        .await
        .unwrap();
    let before = inventory(&cfg).await;

    let plan = plan_bootstrap(&aws, &request(&bucket, None, None))
        .await
        .unwrap();
    assert_eq!(
        actions(&plan),
        vec![
            Action::EnableVersioning,
            Action::BlockPublicAccess,
            Action::RequireTls
        ]
    );
    assert!(plan.changes_existing());
    assert!(
        plan.steps[0].why.contains("Suspended"),
        "{:?}",
        plan.steps[0]
    );
    assert!(
        plan.steps[1].why.contains("RestrictPublicBuckets off"),
        "{:?}",
        plan.steps[1]
    );
    assert!(plan.steps[2].why.contains("other statements are kept"));
    assert!(plan
        .existing
        .iter()
        .any(|l| l.contains("default encryption: AES256")));

    let report = apply(&aws, &plan).await.unwrap();
    assert_eq!(report.changed.len(), 3);
    let after = inventory(&cfg).await;
    assert_nothing_deleted(&before, &after);
    let policy = s3c
        .get_bucket_policy()
        .bucket(&bucket)
        .send()
        .await
        .unwrap();
    let doc: Value = serde_json::from_str(policy.policy().unwrap()).unwrap();
    let sids: Vec<&str> = doc["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Sid"].as_str().unwrap())
        .collect();
    assert_eq!(sids, ["TeamReads", "DenyInsecureTransport"]);
    assert_eq!(after.buckets[&bucket].1, "Enabled");
    assert!(plan_bootstrap(&aws, &request(&bucket, None, None))
        .await
        .unwrap()
        .is_empty());
}

/// A bucket with SSE-KMS is not switched to SSE-S3 when no key is asked for.
#[tokio::test]
async fn existing_kms_encryption_is_never_weakened() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let bucket = unique("tfready-keepkms");
    let s3c = s3(&cfg);
    s3c.create_bucket().bucket(&bucket).send().await.unwrap();
    s3c.put_bucket_encryption()
        .bucket(&bucket)
        .server_side_encryption_configuration(
            ServerSideEncryptionConfiguration::builder()
                .rules(
                    ServerSideEncryptionRule::builder()
                        .apply_server_side_encryption_by_default(
                            ServerSideEncryptionByDefault::builder()
                                .sse_algorithm(ServerSideEncryption::AwsKms)
                                .kms_master_key_id("alias/state")
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let before = inventory(&cfg).await;
    let plan = plan_bootstrap(&aws, &request(&bucket, None, None))
        .await
        .unwrap();
    assert!(!actions(&plan)
        .iter()
        .any(|a| matches!(a, Action::SetEncryption { .. })));
    assert!(
        plan.existing.iter().any(|l| l.contains("kept")),
        "{:?}",
        plan.existing
    );
    apply(&aws, &plan).await.unwrap();
    let after = inventory(&cfg).await;
    assert_nothing_deleted(&before, &after);
    assert_eq!(after.buckets[&bucket].2, "aws:kms");
}

/// A bucket of another account (seeded with that account's credentials) is refused,
/// and nothing in either account changes.
#[tokio::test]
async fn bucket_owned_by_another_account_is_refused() {
    let owner = fresh_account();
    let caller = fresh_account();
    let owner_cfg = config_for(&owner).await;
    let bucket = unique("tfready-theirs");
    let their = s3(&owner_cfg);
    their.create_bucket().bucket(&bucket).send().await.unwrap();
    their
        .put_object()
        .bucket(&bucket)
        .key("state")
        .body(b"x".to_vec().into())
        .send()
        .await
        .unwrap();
    let owner_before = inventory(&owner_cfg).await;

    let (aws, cfg) = connect(&caller).await;
    let caller_before = inventory(&cfg).await;
    let err = plan_bootstrap(&aws, &request(&bucket, Some(&unique("locks")), None))
        .await
        .expect_err("another account's bucket must be refused");
    assert_eq!(err.kind, ErrorKind::Refused, "{err}");
    let text = err.to_string();
    assert!(text.contains(&bucket), "{text}");
    assert!(
        text.contains(&format!("not owned by account {caller}")),
        "{text}"
    );
    assert!(text.contains("choose another name"), "{text}");

    assert_eq!(inventory(&owner_cfg).await, owner_before);
    assert_eq!(inventory(&cfg).await, caller_before);
}

/// A table of that name with another key is refused, not changed.
#[tokio::test]
async fn lock_table_with_another_key_is_refused() {
    let account = fresh_account();
    let (aws, cfg) = connect(&account).await;
    let table = unique("tfready-otherkey");
    let ddb = aws_sdk_dynamodb::Client::new(&cfg);
    ddb.create_table()
        .table_name(&table)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(ScalarAttributeType::N)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .unwrap();
    let before = inventory(&cfg).await;
    let err = plan_bootstrap(&aws, &request(&unique("tfready-b"), Some(&table), None))
        .await
        .expect_err("a table with another key must be refused");
    assert_eq!(err.kind, ErrorKind::Refused);
    assert!(err.to_string().contains("LockID"), "{err}");
    assert_eq!(inventory(&cfg).await, before);
}

/// A plan made for one account is not applied with another account's credentials.
#[tokio::test]
async fn plan_from_another_account_is_not_applied() {
    let (a, _) = connect(&fresh_account()).await;
    let (b, cfg_b) = connect(&fresh_account()).await;
    let plan = plan_bootstrap(&a, &request(&unique("tfready-x"), None, None))
        .await
        .unwrap();
    let before = inventory(&cfg_b).await;
    let err = apply(&b, &plan).await.expect_err("must refuse");
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(inventory(&cfg_b).await, before);
}

/// Bucket names are checked before any call.
#[tokio::test]
async fn invalid_bucket_name_is_rejected_before_any_call() {
    let (aws, _) = connect(&fresh_account()).await;
    let err = plan_bootstrap(&aws, &request("Not_A_Bucket", None, None))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
}
