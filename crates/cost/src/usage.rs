//! Usage: the quantities a price list cannot know (GB stored, requests, log volume), in the spirit
//! of infracost's usage file.
//!
//! A usage file (`tfready-usage.toml`) has two tables, both optional:
//!
//! ```toml
//! # Defaults for every resource of a type
//! [resource_type_default_usage.aws_s3_bucket]
//! storage_gb = 50
//!
//! # One resource, by its address (module instances included)
//! [resource_usage."module.s3.aws_s3_bucket.artifacts"]
//! storage_gb = 120
//! ```
//!
//! A value is looked up in the resource's own table, then its type's table, then tfready's
//! documented default ([`USAGE_DEFAULTS`], also in `USAGE.md`). Every line item says which one it
//! used. [`write_usage`] writes a file that lists every usage-based resource of a project with the
//! default values filled in.

use std::collections::BTreeMap;
use std::fmt;
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tfready_model::Project;

/// One usage quantity tfready knows, with its default and what it means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UsageDefault {
    /// Resource type (`aws_s3_bucket`), or `stack` for stack-wide quantities.
    pub resource_type: &'static str,
    pub key: &'static str,
    pub value: f64,
    /// What the number counts, in which unit, per month.
    pub description: &'static str,
    /// Why this default.
    pub rationale: &'static str,
}

macro_rules! usage {
    ($ty:literal, $key:literal, $value:expr, $description:literal, $rationale:literal) => {
        UsageDefault {
            resource_type: $ty,
            key: $key,
            value: $value,
            description: $description,
            rationale: $rationale,
        }
    };
}

/// Every usage quantity and its default. Keep in step with `USAGE.md` (a test checks it).
pub const USAGE_DEFAULTS: &[UsageDefault] = &[
    usage!("stack", "internet_data_transfer_out_gb", 50.0,
        "GB/month sent from the stack's servers and load balancers to the internet",
        "a small internal web app; the first 100 GB/month are free account-wide"),
    usage!("aws_instance", "monthly_hours", 730.0,
        "hours/month the instance runs", "always on (730 h = 365 days x 24 h / 12)"),
    usage!("aws_autoscaling_group", "monthly_hours", 730.0,
        "hours/month each instance runs", "always on; scaling above desired capacity is not modelled"),
    usage!("aws_db_instance", "backup_storage_gb", 0.0,
        "GB/month of automated backups beyond the free allowance (100% of provisioned storage)",
        "7-day retention of a small database stays inside the free allowance"),
    usage!("aws_db_instance", "enhanced_monitoring_gb_at_60s", 0.35,
        "GB/month of Enhanced Monitoring OS metrics sent to CloudWatch Logs at a 60 s interval (scaled by 60 / monitoring_interval)",
        "one RDSOSMetrics record of about 8 KB per sample: 43,800 samples/month at 60 s"),
    usage!("aws_lb", "lcu_per_hour", 0.5,
        "average load balancer capacity units used per hour",
        "a small app: well under the 25 new connections/s, 3,000 active connections or 1 GB/h that make one LCU"),
    usage!("aws_nat_gateway", "data_processed_gb", 10.0,
        "GB/month processed by the NAT gateway", "package updates and API calls from private subnets"),
    usage!("aws_s3_bucket", "storage_gb", 10.0,
        "GB stored (S3 Standard), average over the month", "build artifacts and uploads of a small app"),
    usage!("aws_s3_bucket", "put_requests", 10000.0,
        "PUT/COPY/POST/LIST requests per month", "deploys and uploads"),
    usage!("aws_s3_bucket", "get_requests", 100000.0,
        "GET/SELECT requests per month", "downloads and state reads"),
    usage!("aws_dynamodb_table", "write_request_units", 10000.0,
        "on-demand write request units per month", "a state-lock table: a few writes per plan/apply"),
    usage!("aws_dynamodb_table", "read_request_units", 10000.0,
        "on-demand read request units per month", "a state-lock table"),
    usage!("aws_dynamodb_table", "storage_gb", 0.1,
        "GB stored", "small tables; the first 25 GB are free account-wide"),
    usage!("aws_secretsmanager_secret", "api_calls", 10000.0,
        "GetSecretValue and other API calls per month", "an app that caches the secret and re-reads it every few minutes"),
    usage!("aws_kms_key", "requests", 10000.0,
        "KMS API requests per month using the key", "encryption of logs and topics of a small stack; 20,000/month are free account-wide"),
    usage!("aws_cloudwatch_log_group", "ingestion_gb", 1.0,
        "GB/month ingested into the log group", "application and system logs of one or two servers"),
    usage!("aws_cloudwatch_log_group", "storage_gb", -1.0,
        "GB stored, average over the month (-1: ingestion_gb x retention in months, 12 months when logs never expire)",
        "steady state of the retention window; stored logs are compressed, so this is an upper bound"),
    usage!("aws_sns_topic", "publishes", 1000.0,
        "messages published per month", "alarm notifications; the first million are free"),
    usage!("aws_wafv2_web_acl", "requests", 1000000.0,
        "web requests inspected per month", "about 0.4 requests/s on average"),
    usage!("aws_route53_zone", "queries", 1000000.0,
        "standard DNS queries per month (alias queries to AWS resources are free)", "a small public site"),
    usage!("aws_guardduty_detector", "cloudtrail_management_events", 100000.0,
        "CloudTrail management events analysed per month", "a small account"),
    usage!("aws_guardduty_detector", "vpc_flow_dns_gb", 5.0,
        "GB/month of VPC flow logs and DNS query logs analysed", "one or two servers and a database"),
    usage!("aws_guardduty_detector", "s3_data_events", 100000.0,
        "S3 data events analysed per month (S3 protection)", "a few buckets with light traffic"),
    usage!("aws_backup_plan", "rds_backup_gb", 20.0,
        "GB of RDS backups kept by the plan", "one full copy of a 20 GB database; incremental changes are small"),
    usage!("aws_backup_plan", "ebs_backup_gb", 30.0,
        "GB of EBS backups (warm storage) kept by the plan", "one full copy of a 30 GB root volume; incremental changes are small"),
    usage!("aws_cloudfront_distribution", "data_transfer_out_gb", 50.0,
        "GB/month delivered to viewers in North America and Europe", "a small app; the first 1 TB/month is free"),
    usage!("aws_cloudfront_distribution", "https_requests", 1000000.0,
        "HTTPS requests per month", "a small app; the first 10 million/month are free"),
    usage!("aws_flow_log", "monthly_gb", 5.0,
        "GB/month of flow log records delivered", "a small VPC with one or two servers"),
    usage!("aws_config_configuration_recorder", "configuration_items", 1000.0,
        "configuration items recorded per month", "a stack of ~50 resources changing a few times a week"),
    usage!("aws_config_config_rule", "evaluations", 1000.0,
        "rule evaluations per month", "a rule evaluated on change for ~50 resources"),
    usage!("aws_elasticache_replication_group", "snapshot_storage_gb", 0.0,
        "GB/month of snapshots beyond the free one per cluster", "retention of a day or two stays free"),
];

/// The tfready default of a usage quantity.
pub fn default_for(resource_type: &str, key: &str) -> Option<&'static UsageDefault> {
    USAGE_DEFAULTS
        .iter()
        .find(|d| d.resource_type == resource_type && d.key == key)
}

/// Where a usage value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UsageSource {
    /// `[resource_usage."ADDRESS"]` of the usage file.
    Resource,
    /// `[resource_type_default_usage.TYPE]` of the usage file.
    TypeDefault,
    /// tfready's documented default.
    Default,
}

/// A usage value and its origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UsageValue {
    pub value: f64,
    pub source: UsageSource,
}

/// Why a usage file could not be used.
#[derive(Debug)]
pub enum UsageError {
    Io {
        path: String,
        source: std::io::Error,
    },
    Parse {
        origin: String,
        message: String,
    },
    Invalid {
        origin: String,
        problems: Vec<String>,
    },
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::Io { path, source } => write!(f, "cannot read usage file {path}: {source}"),
            UsageError::Parse { origin, message } => {
                write!(f, "invalid usage file {origin}: {}", message.trim_end())
            }
            UsageError::Invalid { origin, problems } => {
                write!(f, "invalid usage file {origin}:")?;
                for problem in problems {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for UsageError {}

/// Usage values from a usage file, over tfready's defaults.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    origin: Option<String>,
    by_type: BTreeMap<String, BTreeMap<String, f64>>,
    by_address: BTreeMap<String, BTreeMap<String, f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUsage {
    version: Option<u32>,
    #[serde(default)]
    resource_type_default_usage: BTreeMap<String, BTreeMap<String, f64>>,
    #[serde(default)]
    resource_usage: BTreeMap<String, BTreeMap<String, f64>>,
}

impl Usage {
    /// No usage file: tfready's defaults only.
    pub fn defaults() -> Usage {
        Usage::default()
    }

    /// Loads `tfready-usage.toml` (or any file in that format).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Usage, UsageError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| UsageError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Usage::from_toml_str(&text, &path.display().to_string())
    }

    /// Parses usage-file text; `origin` names it in errors. Unknown quantities and negative or
    /// non-finite values are errors (a typo would otherwise silently fall back to a default).
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Usage, UsageError> {
        let raw: RawUsage = toml::from_str(text).map_err(|error| UsageError::Parse {
            origin: origin.to_string(),
            message: error.to_string(),
        })?;
        let mut problems = Vec::new();
        if let Some(version) = raw.version {
            if version != 1 {
                problems.push(format!("unsupported version {version} (expected 1)"));
            }
        }
        let known = |ty: &str, key: &str| default_for(ty, key).is_some();
        for (ty, values) in &raw.resource_type_default_usage {
            for (key, value) in values {
                if !known(ty, key) {
                    problems.push(format!(
                        "[resource_type_default_usage.{ty}] `{key}`: unknown usage quantity{}",
                        hint(ty)
                    ));
                }
                check_value(&mut problems, &format!("{ty}.{key}"), *value, key);
            }
        }
        for (address, values) in &raw.resource_usage {
            let ty = resource_type_of(address);
            for (key, value) in values {
                if !ty.is_some_and(|ty| known(ty, key)) {
                    problems.push(format!(
                        "[resource_usage.\"{address}\"] `{key}`: unknown usage quantity{}",
                        ty.map(hint).unwrap_or_default()
                    ));
                }
                check_value(&mut problems, &format!("{address}.{key}"), *value, key);
            }
        }
        if !problems.is_empty() {
            return Err(UsageError::Invalid {
                origin: origin.to_string(),
                problems,
            });
        }
        Ok(Usage {
            origin: Some(origin.to_string()),
            by_type: raw.resource_type_default_usage,
            by_address: raw.resource_usage,
        })
    }

    /// Where the values came from: the file, or `None` for tfready's defaults only.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    /// The value of `key` for the resource at `address` of type `resource_type`.
    /// `None` only for a quantity tfready does not know (a programming error in a pricer).
    pub fn get(&self, address: &str, resource_type: &str, key: &str) -> Option<UsageValue> {
        let resource_type = tfready_model::canonical_type(resource_type);
        if let Some(value) = self.by_address.get(address).and_then(|v| v.get(key)) {
            return Some(UsageValue {
                value: *value,
                source: UsageSource::Resource,
            });
        }
        if let Some(value) = self.by_type.get(resource_type).and_then(|v| v.get(key)) {
            return Some(UsageValue {
                value: *value,
                source: UsageSource::TypeDefault,
            });
        }
        default_for(resource_type, key).map(|d| UsageValue {
            value: d.value,
            source: UsageSource::Default,
        })
    }
}

fn check_value(problems: &mut Vec<String>, what: &str, value: f64, key: &str) {
    // `storage_gb = -1` means "derive from ingestion and retention" for log groups.
    let derived = key == "storage_gb" && value == -1.0;
    if !value.is_finite() || (value < 0.0 && !derived) {
        problems.push(format!(
            "{what}: must be a finite number >= 0 (got {value})"
        ));
    }
}

fn hint(ty: &str) -> String {
    let keys: Vec<&str> = USAGE_DEFAULTS
        .iter()
        .filter(|d| d.resource_type == ty)
        .map(|d| d.key)
        .collect();
    if keys.is_empty() {
        format!(" (tfready has no usage quantities for `{ty}`)")
    } else {
        format!(" (known for {ty}: {})", keys.join(", "))
    }
}

/// `module.x["a"].aws_s3_bucket.b` -> `aws_s3_bucket`; `stack` for the stack-wide table.
fn resource_type_of(address: &str) -> Option<&str> {
    if address == "stack" {
        return Some("stack");
    }
    // The type is the second-to-last dot-separated part outside brackets and quotes.
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    for (i, c) in address.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                parts.push(&address[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&address[start..]);
    let ty = parts.len().checked_sub(2).map(|i| parts[i])?;
    Some(ty.split('[').next().unwrap_or(ty))
}

/// The usage-based resource types tfready prices.
pub fn usage_based_types() -> Vec<&'static str> {
    let mut types: Vec<&'static str> = USAGE_DEFAULTS.iter().map(|d| d.resource_type).collect();
    types.dedup();
    types
}

/// A usage file for `project`: every usage-based resource found (in every module instance that
/// may exist), each with tfready's default values and what they mean, ready to edit.
pub fn write_usage(project: &Project) -> String {
    let mut out = String::new();
    out.push_str(
        "# tfready usage file: the quantities a price list cannot know.\n\
         # Generated by `tfready cost --write-usage`; edit the numbers, keep the keys.\n\
         # Lookup order for each value: [resource_usage.\"ADDRESS\"], then\n\
         # [resource_type_default_usage.TYPE], then tfready's default (shown here).\n\
         # All quantities are per month. See crates/cost/USAGE.md for the defaults' rationale.\n\
         version = 1\n",
    );
    let types = usage_based_types();
    let mut found: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut any_traffic = false;
    for r in project.resources() {
        let ty = r.kind();
        if matches!(
            ty,
            "aws_instance" | "aws_autoscaling_group" | "aws_lb" | "aws_nat_gateway"
        ) {
            any_traffic = true;
        }
        if let Some(ty) = types.iter().find(|t| **t == ty) {
            found.entry(ty).or_default().push(r.address());
        }
    }
    if any_traffic {
        found.entry("stack").or_default().push("stack".to_string());
    }
    for (ty, addresses) in &found {
        let mut addresses = addresses.clone();
        addresses.sort();
        addresses.dedup();
        for address in addresses {
            let _ = writeln!(out, "\n[resource_usage.\"{address}\"]");
            for d in USAGE_DEFAULTS.iter().filter(|d| d.resource_type == *ty) {
                let _ = writeln!(out, "# {} ({})", d.description, d.rationale);
                let _ = writeln!(out, "{} = {}", d.key, format_value(d.value));
            }
        }
    }
    if found.is_empty() {
        out.push_str("\n# No usage-based resources found: every cost of this stack is fixed.\n");
    }
    out
}

fn format_value(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_address_types() {
        assert_eq!(
            resource_type_of("module.s3.aws_s3_bucket.artifacts"),
            Some("aws_s3_bucket")
        );
        assert_eq!(
            resource_type_of("module.a[\"x.y\"].aws_kms_key.k"),
            Some("aws_kms_key")
        );
        assert_eq!(resource_type_of("aws_lb.this"), Some("aws_lb"));
        assert_eq!(resource_type_of("stack"), Some("stack"));
    }

    #[test]
    fn lookup_order_resource_then_type_then_default() {
        let usage = Usage::from_toml_str(
            r#"
            [resource_type_default_usage.aws_s3_bucket]
            storage_gb = 50
            [resource_usage."aws_s3_bucket.b"]
            storage_gb = 120
            "#,
            "test",
        )
        .unwrap();
        let get = |a: &str, k: &str| usage.get(a, "aws_s3_bucket", k).unwrap();
        assert_eq!(get("aws_s3_bucket.b", "storage_gb").value, 120.0);
        assert_eq!(
            get("aws_s3_bucket.b", "storage_gb").source,
            UsageSource::Resource
        );
        assert_eq!(get("aws_s3_bucket.c", "storage_gb").value, 50.0);
        assert_eq!(
            get("aws_s3_bucket.c", "storage_gb").source,
            UsageSource::TypeDefault
        );
        assert_eq!(get("aws_s3_bucket.c", "get_requests").value, 100000.0);
        assert_eq!(
            get("aws_s3_bucket.c", "get_requests").source,
            UsageSource::Default
        );
    }

    #[test]
    fn unknown_keys_and_negative_values_are_errors() {
        let error = Usage::from_toml_str(
            "[resource_usage.\"aws_s3_bucket.b\"]\nstorage_gbs = 1\nget_requests = -5\n",
            "u.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("`storage_gbs`: unknown usage quantity"),
            "{error}"
        );
        assert!(
            error.contains("known for aws_s3_bucket: storage_gb"),
            "{error}"
        );
        assert!(error.contains("must be a finite number >= 0"), "{error}");
    }

    #[test]
    fn usage_md_documents_every_default() {
        let doc = include_str!("../USAGE.md");
        for d in USAGE_DEFAULTS {
            let row = format!(
                "| `{}` | `{}` | {} |",
                d.resource_type,
                d.key,
                format_value(d.value)
            );
            assert!(doc.contains(&row), "USAGE.md lacks {row}");
        }
    }

    #[test]
    fn every_default_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for d in USAGE_DEFAULTS {
            assert!(
                seen.insert((d.resource_type, d.key)),
                "{} {}",
                d.resource_type,
                d.key
            );
        }
        // usage_based_types relies on the table being grouped by type.
        let types = usage_based_types();
        let unique: std::collections::HashSet<_> = types.iter().collect();
        assert_eq!(
            types.len(),
            unique.len(),
            "USAGE_DEFAULTS must be grouped by type"
        );
    }
}
