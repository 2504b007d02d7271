//! Shared by the emulator tests: the endpoint (required), unique names, a fresh
//! emulator account per test, and an inventory to prove nothing was deleted.
#![allow(dead_code)]

pub mod faults;
pub mod seed;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use tfready_aws::Aws;

pub const REGION: &str = "us-east-1";

/// The emulator's endpoint. Missing means the tests were not started through
/// scripts/with-moto.sh: that is a failure, not a reason to skip.
pub fn endpoint() -> String {
    match std::env::var("AWS_ENDPOINT_URL") {
        Ok(e) if !e.is_empty() => e,
        _ => panic!(
            "AWS_ENDPOINT_URL is not set. These tests run against the moto AWS emulator; run \
             them as:\n    scripts/with-moto.sh cargo test -p tfready-aws\n(the script \
             installs moto into .venv, starts it on a free port and sets AWS_ENDPOINT_URL)"
        ),
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn seed() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    nanos
        ^ (u64::from(std::process::id()) << 32)
        ^ COUNTER
            .fetch_add(1, Ordering::SeqCst)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// A name no other test (or run against the same emulator) uses: `prefix-<hex>`.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{:012x}", seed() & 0xffff_ffff_ffff)
}

/// A fresh 12-digit account id (moto keeps every account apart).
pub fn fresh_account() -> String {
    format!("{:012}", 100_000_000_000 + seed() % 800_000_000_000)
}

async fn load(creds: Credentials, endpoint: &str, max_attempts: u32) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .credentials_provider(creds)
        .region(Region::new(REGION))
        .endpoint_url(endpoint)
        .http_client(tfready_aws::https_client())
        .retry_config(RetryConfig::standard().with_max_attempts(max_attempts))
        .load()
        .await
}

/// An SDK configuration whose calls land in `account` of the emulator: moto maps
/// the credentials STS AssumeRole hands out to the role's account.
pub async fn config_for(account: &str) -> SdkConfig {
    config_with_attempts(account, 2).await
}

/// [`config_for`] with `max_attempts` attempts per call (standard retry mode).
pub async fn config_with_attempts(account: &str, max_attempts: u32) -> SdkConfig {
    let ep = endpoint();
    let base = load(
        Credentials::new("testing", "testing", None, None, "test"),
        &ep,
        max_attempts,
    )
    .await;
    let sts = aws_sdk_sts::Client::new(&base);
    let out = sts
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/tfready-test"))
        .role_session_name("tfready-test")
        .send()
        .await
        .expect("sts:AssumeRole into a fresh emulator account");
    let c = out.credentials().expect("credentials");
    let creds = Credentials::new(
        c.access_key_id(),
        c.secret_access_key(),
        Some(c.session_token().to_string()),
        None,
        "assumed",
    );
    load(creds, &ep, max_attempts).await
}

/// A connection through the library for `account`.
pub async fn connect(account: &str) -> (Aws, SdkConfig) {
    connect_with_attempts(account, 2).await
}

/// [`connect`] with `max_attempts` attempts per call.
pub async fn connect_with_attempts(account: &str, max_attempts: u32) -> (Aws, SdkConfig) {
    let cfg = config_with_attempts(account, max_attempts).await;
    let aws = Aws::from_sdk_config(cfg.clone())
        .await
        .expect("connect to the emulator");
    assert_eq!(
        aws.caller().account,
        account,
        "moto put us in the wrong account"
    );
    (aws, cfg)
}

pub fn s3(cfg: &SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(cfg)
            .force_path_style(true)
            .build(),
    )
}

/// What exists in an account, with enough detail to see a deletion or a weakening.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Inventory {
    /// bucket -> (object keys, versioning, encryption, policy statement count)
    pub buckets: BTreeMap<String, (Vec<String>, String, String, usize)>,
    pub tables: Vec<String>,
    pub secrets: Vec<String>,
    pub roles: Vec<String>,
    pub alarms: Vec<String>,
    pub security_groups: Vec<String>,
    pub load_balancers: Vec<String>,
    pub flow_logs: Vec<String>,
}

pub async fn inventory(cfg: &SdkConfig) -> Inventory {
    let s3c = s3(cfg);
    let mut inv = Inventory::default();
    let buckets = s3c.list_buckets().send().await.expect("ListBuckets");
    for b in buckets.buckets() {
        let name = b.name().unwrap().to_string();
        let objects = s3c
            .list_objects_v2()
            .bucket(&name)
            .send()
            .await
            .expect("ListObjectsV2");
        let keys = objects
            .contents()
            .iter()
            .filter_map(|o| o.key().map(str::to_string))
            .collect();
        let versioning = s3c
            .get_bucket_versioning()
            .bucket(&name)
            .send()
            .await
            .expect("GetBucketVersioning")
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default();
        let encryption = match s3c.get_bucket_encryption().bucket(&name).send().await {
            Ok(e) => e
                .server_side_encryption_configuration()
                .and_then(|c| c.rules().first())
                .and_then(|r| r.apply_server_side_encryption_by_default())
                .map(|d| d.sse_algorithm().as_str().to_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        let statements = match s3c.get_bucket_policy().bucket(&name).send().await {
            Ok(p) => serde_json::from_str::<serde_json::Value>(p.policy().unwrap()).unwrap()
                ["Statement"]
                .as_array()
                .map(|a| a.len())
                .unwrap_or(1),
            Err(_) => 0,
        };
        inv.buckets
            .insert(name, (keys, versioning, encryption, statements));
    }
    let ddb = aws_sdk_dynamodb::Client::new(cfg);
    inv.tables = ddb
        .list_tables()
        .send()
        .await
        .expect("ListTables")
        .table_names()
        .to_vec();
    let sm = aws_sdk_secretsmanager::Client::new(cfg);
    inv.secrets = sm
        .list_secrets()
        .send()
        .await
        .expect("ListSecrets")
        .secret_list()
        .iter()
        .filter_map(|s| s.name().map(str::to_string))
        .collect();
    let iam = aws_sdk_iam::Client::new(cfg);
    inv.roles = iam
        .list_roles()
        .send()
        .await
        .expect("ListRoles")
        .roles()
        .iter()
        .map(|r| r.role_name().to_string())
        .collect();
    let cw = aws_sdk_cloudwatch::Client::new(cfg);
    inv.alarms = cw
        .describe_alarms()
        .send()
        .await
        .expect("DescribeAlarms")
        .metric_alarms()
        .iter()
        .filter_map(|a| a.alarm_name().map(str::to_string))
        .collect();
    let ec2 = aws_sdk_ec2::Client::new(cfg);
    inv.security_groups = ec2
        .describe_security_groups()
        .send()
        .await
        .expect("DescribeSecurityGroups")
        .security_groups()
        .iter()
        .map(|g| {
            format!(
                "{} {}",
                g.group_id().unwrap_or("?"),
                g.ip_permissions().len()
            )
        })
        .collect();
    inv.flow_logs = ec2
        .describe_flow_logs()
        .send()
        .await
        .expect("DescribeFlowLogs")
        .flow_logs()
        .iter()
        .filter_map(|f| f.flow_log_id().map(str::to_string))
        .collect();
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(cfg);
    inv.load_balancers = elb
        .describe_load_balancers()
        .send()
        .await
        .expect("DescribeLoadBalancers")
        .load_balancers()
        .iter()
        .filter_map(|l| l.load_balancer_name().map(str::to_string))
        .collect();
    for v in [
        &mut inv.tables,
        &mut inv.secrets,
        &mut inv.roles,
        &mut inv.alarms,
        &mut inv.security_groups,
        &mut inv.load_balancers,
        &mut inv.flow_logs,
    ] {
        v.sort();
    }
    inv
}

/// Everything in `before` is still in `after`: no bucket, object, policy statement,
/// table or other resource is gone, and no bucket lost versioning or encryption.
pub fn assert_nothing_deleted(before: &Inventory, after: &Inventory) {
    for (bucket, (keys, versioning, encryption, statements)) in &before.buckets {
        let (k2, v2, e2, s2) = after
            .buckets
            .get(bucket)
            .unwrap_or_else(|| panic!("bucket {bucket} was deleted"));
        for k in keys {
            assert!(k2.contains(k), "object {k} in {bucket} was deleted");
        }
        if versioning == "Enabled" {
            assert_eq!(v2, "Enabled", "versioning of {bucket} was weakened");
        }
        if !encryption.is_empty() {
            assert!(!e2.is_empty(), "encryption of {bucket} was removed");
            if encryption.starts_with("aws:kms") {
                assert!(
                    e2.starts_with("aws:kms"),
                    "KMS encryption of {bucket} was weakened"
                );
            }
        }
        assert!(
            s2 >= statements,
            "a policy statement of {bucket} was removed"
        );
    }
    let kept = |what: &str, a: &[String], b: &[String]| {
        for x in a {
            assert!(b.contains(x), "{what} {x} was deleted");
        }
    };
    kept("table", &before.tables, &after.tables);
    kept("secret", &before.secrets, &after.secrets);
    kept("role", &before.roles, &after.roles);
    kept("alarm", &before.alarms, &after.alarms);
    kept(
        "load balancer",
        &before.load_balancers,
        &after.load_balancers,
    );
    kept("flow log", &before.flow_logs, &after.flow_logs);
    let ids = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|s| s.split(' ').next().unwrap().to_string())
            .collect()
    };
    kept(
        "security group",
        &ids(&before.security_groups),
        &ids(&after.security_groups),
    );
}
