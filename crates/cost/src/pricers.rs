//! One pricer per resource type. Each reads the resource's configuration (evaluated in its module
//! instance), takes the quantities a price list cannot know from the usage, and charges price-list
//! keys through [`Estimator::charge`]. A value known only at apply, or a price the list does not
//! have, makes the line `missing`, never $0.

use std::collections::{HashMap, HashSet};

use tfready_model::{BlockRef, InstanceId, Project, ResourceMode, ResourceRef, Value};

use crate::estimate::{number, resource_count, DbFacts, Draft, Estimator};

/// Resource types that cost nothing by themselves, with the reason shown on their line.
pub const FREE_TYPES: &[(&str, &str)] = &[
    ("aws_vpc", "VPCs are free"),
    ("aws_subnet", "subnets are free"),
    ("aws_security_group", "security groups are free"),
    ("aws_security_group_rule", "security group rules are free"),
    (
        "aws_vpc_security_group_ingress_rule",
        "security group rules are free",
    ),
    (
        "aws_vpc_security_group_egress_rule",
        "security group rules are free",
    ),
    ("aws_default_security_group", "security groups are free"),
    ("aws_default_vpc", "VPCs are free"),
    ("aws_default_subnet", "subnets are free"),
    ("aws_default_route_table", "route tables are free"),
    ("aws_default_network_acl", "network ACLs are free"),
    ("aws_network_acl", "network ACLs are free"),
    ("aws_network_acl_rule", "network ACLs are free"),
    ("aws_network_acl_association", "network ACLs are free"),
    ("aws_route_table", "route tables are free"),
    ("aws_route", "routes are free"),
    ("aws_route_table_association", "route tables are free"),
    ("aws_main_route_table_association", "route tables are free"),
    (
        "aws_internet_gateway",
        "internet gateways are free (data transfer is priced on the stack line)",
    ),
    (
        "aws_egress_only_internet_gateway",
        "egress-only internet gateways are free",
    ),
    ("aws_vpc_dhcp_options", "DHCP option sets are free"),
    (
        "aws_vpc_dhcp_options_association",
        "DHCP option sets are free",
    ),
    (
        "aws_eip_association",
        "the address is priced on its aws_eip line",
    ),
    ("aws_key_pair", "key pairs are free"),
    ("aws_iam_role", "IAM is free"),
    ("aws_iam_policy", "IAM is free"),
    ("aws_iam_role_policy", "IAM is free"),
    ("aws_iam_role_policy_attachment", "IAM is free"),
    ("aws_iam_policy_attachment", "IAM is free"),
    ("aws_iam_instance_profile", "IAM is free"),
    ("aws_iam_user", "IAM is free"),
    ("aws_iam_group", "IAM is free"),
    ("aws_iam_user_policy", "IAM is free"),
    ("aws_iam_user_policy_attachment", "IAM is free"),
    ("aws_iam_group_policy_attachment", "IAM is free"),
    ("aws_iam_service_linked_role", "IAM is free"),
    ("aws_iam_openid_connect_provider", "IAM is free"),
    (
        "aws_lb_listener",
        "listeners are included in the load balancer's hours and LCUs",
    ),
    (
        "aws_lb_listener_rule",
        "listener rules are included in the load balancer's LCUs",
    ),
    ("aws_lb_listener_certificate", "free"),
    ("aws_lb_target_group", "target groups are free"),
    ("aws_lb_target_group_attachment", "target groups are free"),
    ("aws_autoscaling_attachment", "free"),
    (
        "aws_autoscaling_policy",
        "scaling policies are free (their alarms are priced)",
    ),
    ("aws_autoscaling_lifecycle_hook", "free"),
    ("aws_autoscaling_notification", "free"),
    (
        "aws_launch_template",
        "not billed itself: its instances are priced on the Auto Scaling group that launches them",
    ),
    (
        "aws_launch_configuration",
        "not billed itself: its instances are priced on the Auto Scaling group that launches them",
    ),
    (
        "aws_route53_record",
        "records are free (queries are priced on the hosted zone)",
    ),
    ("aws_route53_zone_association", "free"),
    ("aws_acm_certificate_validation", "free"),
    ("aws_db_subnet_group", "subnet groups are free"),
    ("aws_db_parameter_group", "parameter groups are free"),
    ("aws_db_option_group", "option groups are free"),
    ("aws_db_instance_role_association", "free"),
    ("aws_elasticache_subnet_group", "subnet groups are free"),
    (
        "aws_elasticache_parameter_group",
        "parameter groups are free",
    ),
    ("aws_elasticache_user", "free"),
    ("aws_elasticache_user_group", "free"),
    (
        "aws_s3_bucket_versioning",
        "bucket configuration is free (old versions count in storage_gb)",
    ),
    (
        "aws_s3_bucket_server_side_encryption_configuration",
        "SSE-S3 encryption is free",
    ),
    ("aws_s3_bucket_public_access_block", "free"),
    ("aws_s3_bucket_policy", "free"),
    ("aws_s3_bucket_acl", "free"),
    ("aws_s3_bucket_ownership_controls", "free"),
    (
        "aws_s3_bucket_lifecycle_configuration",
        "free (transitions are not modelled)",
    ),
    (
        "aws_s3_bucket_logging",
        "free (log objects count in the target bucket's storage)",
    ),
    ("aws_s3_bucket_notification", "free"),
    ("aws_s3_bucket_cors_configuration", "free"),
    ("aws_s3_bucket_website_configuration", "free"),
    ("aws_s3_account_public_access_block", "free"),
    (
        "aws_sns_topic_subscription",
        "deliveries are priced on the topic's line",
    ),
    ("aws_sns_topic_policy", "free"),
    ("aws_kms_alias", "aliases are free"),
    (
        "aws_secretsmanager_secret_version",
        "versions are free (the secret is priced)",
    ),
    ("aws_secretsmanager_secret_policy", "free"),
    (
        "aws_secretsmanager_secret_rotation",
        "rotation itself is free (its Lambda function is not modelled)",
    ),
    ("aws_cloudwatch_log_resource_policy", "free"),
    ("aws_cloudwatch_log_subscription_filter", "free"),
    (
        "aws_cloudwatch_event_rule",
        "rules on AWS service events of the default bus are free",
    ),
    ("aws_cloudwatch_event_target", "free"),
    (
        "aws_wafv2_web_acl_association",
        "free (the web ACL is priced)",
    ),
    (
        "aws_wafv2_web_acl_logging_configuration",
        "free (the log group is priced)",
    ),
    ("aws_wafv2_ip_set", "IP sets are free"),
    (
        "aws_guardduty_detector_feature",
        "priced on the detector's line",
    ),
    ("aws_guardduty_publishing_destination", "free"),
    (
        "aws_backup_vault",
        "vaults are free: backup storage is priced on the aws_backup_plan line",
    ),
    (
        "aws_backup_selection",
        "free: backup storage is priced on the aws_backup_plan line",
    ),
    ("aws_backup_vault_policy", "free"),
    ("aws_backup_vault_notifications", "free"),
    ("aws_backup_vault_lock_configuration", "free"),
    (
        "aws_config_delivery_channel",
        "free (delivered objects count in the bucket's storage)",
    ),
    (
        "aws_config_configuration_recorder_status",
        "priced on the recorder's line",
    ),
    ("aws_cloudfront_origin_access_control", "free"),
    ("aws_cloudfront_origin_access_identity", "free"),
    ("aws_cloudfront_cache_policy", "free"),
    ("aws_cloudfront_origin_request_policy", "free"),
    ("aws_cloudfront_response_headers_policy", "free"),
    ("aws_ssm_parameter", "standard parameters are free"),
    ("aws_ssm_document", "Systems Manager documents are free"),
    ("aws_vpc_endpoint_route_table_association", "free"),
    ("aws_flow_log_role", "free"),
    ("aws_ebs_encryption_by_default", "free"),
    ("aws_volume_attachment", "free (the volume is priced)"),
];

/// Providers whose resources are not AWS bills (random ids, local files, ...).
const NON_AWS_PREFIXES: &[&str] = &[
    "random_",
    "null_",
    "tls_",
    "time_",
    "local_",
    "terraform_data",
    "archive_",
    "http",
];

/// Facts about other resources that some lines need: which instance has an Elastic IP, which
/// log groups receive flow logs, which subscriptions a topic has.
pub(crate) struct Context {
    /// (module instance, aws_instance name) with an aws_eip.
    eip_instances: HashSet<(InstanceId, String)>,
    /// (module instance, log group name) fed by an aws_flow_log.
    flow_log_groups: HashSet<(InstanceId, String)>,
    /// (module instance, topic name) -> (protocol, subscriptions).
    subscriptions: HashMap<(InstanceId, String), Vec<(String, f64)>>,
    /// (module instance, detector name) -> enabled features.
    guardduty_features: HashMap<(InstanceId, String), Vec<String>>,
}

impl Context {
    pub(crate) fn new(project: &Project) -> Context {
        let mut context = Context {
            eip_instances: HashSet::new(),
            flow_log_groups: HashSet::new(),
            subscriptions: HashMap::new(),
            guardduty_features: HashMap::new(),
        };
        for r in project.resources() {
            let id = r.instance.id;
            match r.resource.ty.as_str() {
                "aws_eip" | "aws_eip_association" => {
                    for name in refs(&r, "instance", "aws_instance") {
                        context.eip_instances.insert((id, name));
                    }
                }
                "aws_flow_log" => {
                    for attr in ["log_destination", "log_group_name"] {
                        for name in refs(&r, attr, "aws_cloudwatch_log_group") {
                            context.flow_log_groups.insert((id, name));
                        }
                    }
                }
                "aws_sns_topic_subscription" => {
                    let topics = refs(&r, "topic_arn", "aws_sns_topic");
                    for body in each_instance(&r) {
                        let protocol = string(&body, "protocol").known().unwrap_or_default();
                        for name in &topics {
                            context
                                .subscriptions
                                .entry((id, name.clone()))
                                .or_default()
                                .push((protocol.clone(), 1.0));
                        }
                    }
                }
                "aws_guardduty_detector_feature" => {
                    let detectors = refs(&r, "detector_id", "aws_guardduty_detector");
                    for body in each_instance(&r) {
                        let status = string(&body, "status").known().unwrap_or_default();
                        let name = string(&body, "name").known().unwrap_or_default();
                        if status == "ENABLED" {
                            for detector in &detectors {
                                context
                                    .guardduty_features
                                    .entry((id, detector.clone()))
                                    .or_default()
                                    .push(name.clone());
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        context
    }
}

/// The resource's body once per resource instance, with `count.index` or `each.key`/`each.value`
/// bound, when its `count`/`for_each` is known; else once with them unknown.
fn each_instance<'p>(r: &ResourceRef<'p>) -> Vec<BlockRef<'p>> {
    let body = &r.resource.block.body;
    let base = r.body();
    let with = |key: Value, each_value: Value| {
        let mut b = base.clone();
        b.bindings = std::sync::Arc::new(tfready_model::Scope::instance(key, each_value));
        b
    };
    if let Some(attr) = body.get_attribute("count") {
        if let Some(n) = base.eval_expr(&attr.value).as_f64() {
            return (0..n.max(0.0) as usize)
                .map(|i| with(Value::Number(i as f64), Value::Unknown))
                .collect();
        }
    } else if let Some(attr) = body.get_attribute("for_each") {
        match base.eval_expr(&attr.value).unmark().0 {
            Value::Map(map) => {
                return map
                    .iter()
                    .map(|(k, v)| with(Value::String(k.clone()), v.clone()))
                    .collect()
            }
            Value::List(items) => {
                return items.iter().map(|v| with(v.clone(), v.clone())).collect()
            }
            _ => {}
        }
    }
    vec![base]
}

/// A configuration value.
pub(crate) enum Got<T> {
    Set(T),
    /// Not set, or `null`.
    Unset,
    /// Known only at apply; the source text.
    Unknown(String),
}

impl<T> Got<T> {
    pub fn known(self) -> Option<T> {
        match self {
            Got::Set(v) => Some(v),
            _ => None,
        }
    }
}

fn read(b: &BlockRef<'_>, name: &str) -> Got<Value> {
    let Some(attr) = b.attr(name) else {
        return Got::Unset;
    };
    let value = attr.value();
    if value.is_null() {
        Got::Unset
    } else if !value.is_wholly_known() {
        Got::Unknown(attr.source_text().to_string())
    } else {
        Got::Set(value)
    }
}

pub(crate) fn string(b: &BlockRef<'_>, name: &str) -> Got<String> {
    match read(b, name) {
        Got::Set(v) => match v.as_string() {
            Some(s) => Got::Set(s),
            None => Got::Unknown(format!("{v}")),
        },
        Got::Unset => Got::Unset,
        Got::Unknown(s) => Got::Unknown(s),
    }
}

pub(crate) fn num(b: &BlockRef<'_>, name: &str) -> Got<f64> {
    match read(b, name) {
        Got::Set(v) => match v.as_f64() {
            Some(n) => Got::Set(n),
            None => Got::Unknown(format!("{v}")),
        },
        Got::Unset => Got::Unset,
        Got::Unknown(s) => Got::Unknown(s),
    }
}

pub(crate) fn boolean(b: &BlockRef<'_>, name: &str) -> Got<bool> {
    match read(b, name) {
        Got::Set(v) => match v.as_bool() {
            Some(x) => Got::Set(x),
            None => Got::Unknown(format!("{v}")),
        },
        Got::Unset => Got::Unset,
        Got::Unknown(s) => Got::Unknown(s),
    }
}

/// Names of `ty` resources the attribute's expression refers to (`aws_instance.app.id` -> `app`).
fn refs(r: &ResourceRef<'_>, attr: &str, ty: &str) -> Vec<String> {
    r.attr(attr)
        .map(|a| names_after(a.source_text(), ty))
        .unwrap_or_default()
}

/// Names of `ty` resources referred to anywhere in `text`.
pub(crate) fn names_after(text: &str, ty: &str) -> Vec<String> {
    let needle = format!("{ty}.");
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let before_ok = rest[..at]
            .chars()
            .last()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        let after = &rest[at + needle.len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if before_ok && !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
        rest = &rest[at + needle.len()..];
    }
    names
}

/// A sibling resource of `r` (same module instance) by type and name.
fn sibling<'p>(r: &ResourceRef<'p>, ty: &str, name: &str) -> Option<ResourceRef<'p>> {
    let resource = r.module().resource(ResourceMode::Managed, ty, name)?;
    Some(ResourceRef {
        project: r.project,
        instance: r.instance,
        resource,
    })
}

/// `2 × 730 h` or `730 h`.
fn times(n: f64, text: String) -> String {
    if n == 1.0 {
        text
    } else {
        format!("{} × {text}", number(n))
    }
}

/// Dispatches on the resource type.
pub(crate) fn price(
    est: &mut Estimator<'_>,
    context: &Context,
    r: &ResourceRef<'_>,
    d: &mut Draft,
) {
    let ty = r.kind();
    if let Some((_, why)) = FREE_TYPES.iter().find(|(t, _)| *t == ty) {
        d.free = Some((*why).to_string());
        return;
    }
    if NON_AWS_PREFIXES.iter().any(|p| ty.starts_with(p)) {
        d.free = Some("not an AWS resource".to_string());
        return;
    }
    let n = resource_count(r, d);
    d.count = n;
    if n == 0.0 {
        d.free = Some("count is 0".to_string());
        return;
    }
    if ty == "aws_rds_cluster" || ty == "aws_rds_cluster_instance" {
        est.saw_aurora = true;
    }
    match ty {
        "aws_instance" => instance(est, context, r, d, n),
        "aws_ebs_volume" => ebs_volume(est, r, d, n),
        "aws_eip" => eip(est, r, d, n),
        "aws_db_instance" => db_instance(est, r, d, n),
        "aws_rds_cluster_instance" => cluster_instance(est, r, d, n),
        "aws_lb" => load_balancer(est, r, d, n),
        "aws_nat_gateway" => nat_gateway(est, r, d, n),
        "aws_elasticache_replication_group" => elasticache_group(est, r, d, n),
        "aws_elasticache_cluster" => elasticache_cluster(est, r, d, n),
        "aws_s3_bucket" => s3_bucket(est, d, n),
        "aws_dynamodb_table" => dynamodb_table(est, r, d, n),
        "aws_secretsmanager_secret" => secret(est, r, d, n),
        "aws_kms_key" => kms_key(est, r, d, n),
        "aws_cloudwatch_metric_alarm" => alarm(est, r, d, n),
        "aws_cloudwatch_log_group" => log_group(est, context, r, d, n),
        "aws_cloudwatch_log_metric_filter" => {
            let q = n;
            est.charge(
                d,
                "cloudwatch.metric.custom",
                "custom metric",
                q,
                None,
                None,
            );
        }
        "aws_cloudwatch_dashboard" => {
            est.charge(d, "cloudwatch.dashboard", "dashboard", n, None, None);
        }
        "aws_sns_topic" => sns_topic(est, context, r, d, n),
        "aws_wafv2_web_acl" => web_acl(est, r, d, n),
        "aws_route53_zone" => route53_zone(est, d, n),
        "aws_acm_certificate" => acm_certificate(est, r, d, n),
        "aws_guardduty_detector" => guardduty(est, context, r, d, n),
        "aws_backup_plan" => backup_plan(est, d, n),
        "aws_cloudfront_distribution" => cloudfront(est, r, d, n),
        "aws_flow_log" => flow_log(est, r, d, n),
        "aws_config_configuration_recorder" => config_recorder(est, r, d, n),
        "aws_config_config_rule" => {
            let u = est.usage(d, "evaluations");
            est.charge(
                d,
                "config.rule-evaluation",
                "rule evaluations",
                u.value * n,
                None,
                Some(u),
            );
        }
        "aws_autoscaling_group" => autoscaling_group(est, r, d, n),
        "aws_vpc_endpoint" => vpc_endpoint(r, d),
        _ => {
            d.unknown(format!("tfready has no price model for {ty}"));
        }
    }
}

/// Internet data transfer out of the stack (a stack-wide line).
pub(crate) fn price_stack(est: &mut Estimator<'_>, d: &mut Draft) {
    let u = est.usage(d, "internet_data_transfer_out_gb");
    est.charge(
        d,
        "data-transfer.internet-out",
        "internet data transfer out",
        u.value,
        None,
        Some(u),
    );
}

// ------------------------------------------------------------------------------------------------
// EC2

struct Volume {
    kind: String,
    size_gb: f64,
    iops: Option<f64>,
    throughput: Option<f64>,
}

/// Reads a volume block (`root_block_device`, `ebs_block_device`, launch template `ebs`).
fn volume_of(
    b: &BlockRef<'_>,
    d: &mut Draft,
    size_attr: &str,
    label: &str,
    root: bool,
) -> Option<Volume> {
    let size = match num(b, size_attr) {
        Got::Set(s) => s,
        Got::Unset if root => {
            d.assume(format!(
                "{label}: size not set, the AMI's default assumed: 8 GB (AMI-agnostic default; many AMIs use 8 GB)"
            ));
            8.0
        }
        Got::Unset => {
            d.assume(format!(
                "{label}: size not set (from a snapshot): not priced"
            ));
            return None;
        }
        Got::Unknown(src) => {
            d.unknown(format!("{label}: size `{src}` is known only at apply"));
            return None;
        }
    };
    let kind = match string(b, "volume_type") {
        Got::Set(t) => t,
        Got::Unset => {
            d.assume(format!(
                "{label}: volume_type not set: gp2 assumed (the AMI's block device mapping decides)"
            ));
            "gp2".to_string()
        }
        Got::Unknown(src) => {
            d.unknown(format!(
                "{label}: volume_type `{src}` is known only at apply"
            ));
            return None;
        }
    };
    Some(Volume {
        kind,
        size_gb: size,
        iops: num(b, "iops").known(),
        throughput: num(b, "throughput").known(),
    })
}

/// Charges one kind of EBS volume, `n` of them.
fn charge_volume(est: &mut Estimator<'_>, d: &mut Draft, label: &str, v: &Volume, n: f64) {
    let kind = v.kind.as_str();
    est.charge(
        d,
        &format!("ebs.volume.{kind}"),
        format!("{label} ({kind})"),
        v.size_gb * n,
        Some(times(n, format!("{} GB", number(v.size_gb)))),
        None,
    );
    match kind {
        "gp3" => {
            // The price's free tier is the baseline every volume includes.
            if let Some(iops) = v.iops.filter(|i| *i > 3000.0) {
                est.charge_each(
                    d,
                    "ebs.volume.gp3.iops",
                    format!("{label} IOPS above the 3,000 baseline"),
                    iops,
                    n,
                    Some(times(n, format!("{} IOPS", number(iops)))),
                );
            }
            if let Some(tp) = v.throughput.filter(|t| *t > 125.0) {
                est.charge_each(
                    d,
                    "ebs.volume.gp3.throughput",
                    format!("{label} throughput above the 125 MiB/s baseline"),
                    tp,
                    n,
                    Some(times(n, format!("{} MiB/s", number(tp)))),
                );
            }
        }
        "io1" => {
            if let Some(iops) = v.iops {
                est.charge(
                    d,
                    "ebs.volume.io1.iops",
                    format!("{label} provisioned IOPS"),
                    iops * n,
                    Some(times(n, format!("{} IOPS", number(iops)))),
                    None,
                );
            }
        }
        _ => {}
    }
}

fn instance(
    est: &mut Estimator<'_>,
    context: &Context,
    r: &ResourceRef<'_>,
    d: &mut Draft,
    n: f64,
) {
    let body = r.body();
    let hours = est.usage(d, "monthly_hours");
    // An instance launched from a template takes what it does not set from it.
    let template = launch_template_names(&body)
        .first()
        .and_then(|name| sibling(r, "aws_launch_template", name));
    let mut instance_type = string(&body, "instance_type");
    if let (Got::Unset, Some(t)) = (&instance_type, &template) {
        instance_type = string(&t.body(), "instance_type");
        d.assume(format!("instance type from {}", t.resource.address()));
    }
    match instance_type {
        Got::Set(ty) => {
            est.charge(
                d,
                &format!("ec2.instance.{ty}"),
                format!("{ty} instance"),
                n * hours.value,
                Some(times(n, format!("{} h", number(hours.value)))),
                Some(hours),
            );
            if ty.starts_with("t3") || ty.starts_with("t4g") || ty.starts_with("t3a") {
                d.assume("burstable: CPU above the baseline under unlimited credits (the T3/T4g default) is extra, not modelled");
            }
        }
        Got::Unset if template.is_some() => {
            d.unknown("neither the instance nor its launch template sets instance_type".into())
        }
        Got::Unset => d.unknown("instance_type is not set".to_string()),
        Got::Unknown(src) => d.unknown(format!("instance_type `{src}` is known only at apply")),
    }
    match (body.blocks("root_block_device").first(), &template) {
        (Some(root), _) => {
            if let Some(v) = volume_of(root, d, "volume_size", "root volume", true) {
                charge_volume(est, d, "root volume", &v, n);
            }
        }
        (None, Some(t)) => template_volumes(est, d, &t.body(), n),
        (None, None) => {
            d.assume("no root_block_device: the AMI's root volume assumed, 8 GB gp2 (AMI-agnostic default)");
            let v = Volume {
                kind: "gp2".into(),
                size_gb: 8.0,
                iops: None,
                throughput: None,
            };
            charge_volume(est, d, "root volume", &v, n);
        }
    }
    for (i, block) in body.blocks("ebs_block_device").iter().enumerate() {
        let label = format!("EBS volume {}", i + 1);
        if let Some(v) = volume_of(block, d, "volume_size", &label, false) {
            charge_volume(est, d, &label, &v, n);
        }
    }
    let has_eip = context
        .eip_instances
        .contains(&(r.instance.id, r.resource.name.clone()));
    match boolean(&body, "associate_public_ip_address") {
        Got::Set(true) if !has_eip => {
            est.charge(
                d,
                "vpc.public-ipv4.in-use",
                "public IPv4 address",
                n * 730.0,
                Some(times(n, "730 h".to_string())),
                None,
            );
        }
        _ if has_eip => d.assume(
            "its public IPv4 address is the Elastic IP, priced on the aws_eip line",
        ),
        Got::Unset => d.assume(
            "no public IPv4 charged: associate_public_ip_address not set (a subnet with map_public_ip_on_launch would add $3.65/month)",
        ),
        _ => {}
    }
    if matches!(boolean(&body, "monitoring"), Got::Set(true)) {
        d.assume("detailed monitoring: 7 EC2 metrics at the custom-metric rate");
        est.charge(
            d,
            "cloudwatch.metric.custom",
            "detailed monitoring metrics",
            7.0 * n,
            Some(times(n, "7 metrics".to_string())),
            None,
        );
    }
}

/// The `aws_launch_template` names a resource's `launch_template { id/name }`
/// blocks refer to.
fn launch_template_names(body: &BlockRef<'_>) -> Vec<String> {
    let mut names = Vec::new();
    for b in body.blocks("launch_template") {
        for attr in ["id", "name"] {
            if let Some(a) = b.attr(attr) {
                names.extend(names_after(a.source_text(), "aws_launch_template"));
            }
        }
    }
    names
}

/// Charges the volumes a launch template maps, for `instances` instances:
/// the AMI's root volume (8 GB gp2) when it maps none.
fn template_volumes(est: &mut Estimator<'_>, d: &mut Draft, tb: &BlockRef<'_>, instances: f64) {
    let mappings = tb.blocks("block_device_mappings");
    let mut priced_root = false;
    for (i, mapping) in mappings.iter().enumerate() {
        for ebs in mapping.blocks("ebs") {
            let label = if i == 0 {
                "root volume".to_string()
            } else {
                format!("volume {}", i + 1)
            };
            if let Some(v) = volume_of(&ebs, d, "volume_size", &label, i == 0) {
                charge_volume(est, d, &label, &v, instances);
                priced_root |= i == 0;
            }
        }
    }
    if mappings.is_empty() {
        d.assume("the launch template maps no volumes: the AMI's root volume assumed, 8 GB gp2");
        let v = Volume {
            kind: "gp2".into(),
            size_gb: 8.0,
            iops: None,
            throughput: None,
        };
        charge_volume(est, d, "root volume", &v, instances);
    } else if !priced_root {
        d.assume("the root volume mapping could not be priced");
    }
}

/// An Aurora instance: its class's hours for its engine. The cluster's
/// storage and I/O are billed by use, on the cluster.
fn cluster_instance(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let body = r.body();
    let engine = match string(&body, "engine") {
        Got::Set(e) => e,
        Got::Unset => "aurora-mysql".to_string(),
        Got::Unknown(src) => {
            d.unknown(format!("engine `{src}` is known only at apply"));
            return;
        }
    };
    match string(&body, "instance_class") {
        Got::Set(class) if class == "db.serverless" => {
            d.unknown("Aurora Serverless v2 is billed per ACU-hour used: not priced".into())
        }
        Got::Set(class) => est.charge(
            d,
            &format!("rds.instance.{engine}.{class}.single-az"),
            format!("{class} {engine}"),
            n * 730.0,
            Some(times(n, "730 h".to_string())),
            None,
        ),
        Got::Unset => d.unknown("instance_class is not set".into()),
        Got::Unknown(src) => d.unknown(format!("instance_class `{src}` is known only at apply")),
    }
}

fn ebs_volume(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let body = r.body();
    let kind = match string(&body, "type") {
        Got::Set(t) => t,
        Got::Unset => {
            d.assume("type not set: gp3 (the provider's default for new volumes is decided by AWS; gp2 was the old default)");
            "gp3".to_string()
        }
        Got::Unknown(src) => {
            d.unknown(format!("type `{src}` is known only at apply"));
            return;
        }
    };
    let size = match num(&body, "size") {
        Got::Set(s) => s,
        other => {
            let why = match other {
                Got::Unknown(src) => format!("size `{src}` is known only at apply"),
                _ => "size not set (the snapshot decides it)".to_string(),
            };
            d.unknown(why);
            return;
        }
    };
    let v = Volume {
        kind,
        size_gb: size,
        iops: num(&body, "iops").known(),
        throughput: num(&body, "throughput").known(),
    };
    charge_volume(est, d, "volume", &v, n);
}

fn eip(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    if r.attr("instance").is_some() {
        d.assume(
            "attached to an instance: billed as an in-use public IPv4 address since 2024-02-01",
        );
    } else {
        d.assume("public IPv4 addresses cost the same attached or idle since 2024-02-01");
    }
    est.charge(
        d,
        "vpc.public-ipv4.in-use",
        "public IPv4 address",
        n * 730.0,
        Some(times(n, "730 h".to_string())),
        None,
    );
}

fn autoscaling_group(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let body = r.body();
    let capacity = match num(&body, "desired_capacity") {
        Got::Set(c) => {
            d.assume(format!(
                "desired_capacity {} instances run all month",
                number(c)
            ));
            Some(c)
        }
        _ => match num(&body, "min_size") {
            Got::Set(c) => {
                d.assume(format!(
                    "desired_capacity not set: min_size {} instances run all month",
                    number(c)
                ));
                Some(c)
            }
            Got::Unknown(src) => {
                d.unknown(format!("min_size `{src}` is known only at apply"));
                None
            }
            Got::Unset => {
                d.unknown("neither desired_capacity nor min_size is set".into());
                None
            }
        },
    };
    let Some(capacity) = capacity else { return };
    let instances = capacity * n;
    if instances == 0.0 {
        d.assume("no instances at rest (capacity 0)");
        return;
    }
    // The launch template: `launch_template { id/name = aws_launch_template.X... }`, or inside a
    // mixed instances policy.
    let mut template_names = launch_template_names(&body);
    let mut override_type = None;
    for policy in body.blocks("mixed_instances_policy") {
        for lt in policy.blocks("launch_template") {
            for spec in lt.blocks("launch_template_specification") {
                for attr in ["launch_template_id", "launch_template_name"] {
                    if let Some(a) = spec.attr(attr) {
                        template_names.extend(names_after(a.source_text(), "aws_launch_template"));
                    }
                }
            }
            if let Some(first) = lt.blocks("override").first() {
                override_type = string(first, "instance_type").known();
            }
        }
    }
    let Some(template) = template_names
        .first()
        .and_then(|name| sibling(r, "aws_launch_template", name))
    else {
        d.unknown("its launch template is not an aws_launch_template of the same module: instance type unknown".into(),
        );
        return;
    };
    let tb = template.body();
    d.assume(format!("instances from {}", template.resource.address()));
    let hours = est.usage(d, "monthly_hours");
    let instance_type = match override_type {
        Some(t) => Got::Set(t),
        None => string(&tb, "instance_type"),
    };
    match instance_type {
        Got::Set(ty) => {
            est.charge(
                d,
                &format!("ec2.instance.{ty}"),
                format!("{ty} instances"),
                instances * hours.value,
                Some(times(instances, format!("{} h", number(hours.value)))),
                Some(hours),
            );
        }
        Got::Unset => d.unknown("the launch template sets no instance_type".into()),
        Got::Unknown(src) => d.unknown(format!(
            "the launch template's instance_type `{src}` is known only at apply"
        )),
    }
    template_volumes(est, d, &tb, instances);
    let public = tb
        .blocks("network_interfaces")
        .iter()
        .any(|ni| matches!(boolean(ni, "associate_public_ip_address"), Got::Set(true)));
    if public {
        est.charge(
            d,
            "vpc.public-ipv4.in-use",
            "public IPv4 addresses",
            instances * 730.0,
            Some(times(instances, "730 h".to_string())),
            None,
        );
    }
}

// ------------------------------------------------------------------------------------------------
// RDS

/// vCPUs of an RDS (or EC2) class by its size: micro to large have 2, xlarge 4, Nxlarge 4N.
pub fn vcpus_of_class(class: &str) -> Option<f64> {
    let size = class.rsplit('.').next()?;
    match size {
        "micro" | "small" | "medium" | "large" => Some(2.0),
        "xlarge" => Some(4.0),
        _ => size
            .strip_suffix("xlarge")
            .and_then(|n| n.parse::<f64>().ok())
            .map(|n| n * 4.0),
    }
}

fn db_instance(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let body = r.body();
    let replica = r.attr("replicate_source_db").is_some();
    // A read replica inherits engine and storage from its source: a sibling resource, else a
    // database priced earlier (the current stack, when a phase's module adds the replica).
    let source: Option<DbFacts> = if replica {
        let by_ref = refs(r, "replicate_source_db", "aws_db_instance")
            .first()
            .and_then(|name| sibling(r, "aws_db_instance", name))
            .map(|s| {
                let b = s.body();
                DbFacts {
                    identifier: None,
                    address: s.address(),
                    engine: string(&b, "engine").known().unwrap_or_default(),
                    storage_gb: num(&b, "allocated_storage").known(),
                    storage_type: string(&b, "storage_type").known(),
                }
            });
        by_ref.or_else(|| {
            let wanted = string(&body, "replicate_source_db").known();
            let named = wanted.as_ref().and_then(|w| {
                est.databases.iter().find(|db| {
                    db.identifier
                        .as_ref()
                        .is_some_and(|id| w == id || w.ends_with(&format!(":{id}")))
                })
            });
            match (named, est.databases.as_slice()) {
                (Some(db), _) => Some(db.clone()),
                (None, [only]) => {
                    d.assume(format!(
                        "read replica of {} (the only database priced before it)",
                        only.address
                    ));
                    Some(only.clone())
                }
                _ => None,
            }
        })
    } else {
        None
    };
    let engine = match string(&body, "engine") {
        Got::Set(e) => Some(e),
        Got::Unset => match source.as_ref().filter(|s| !s.engine.is_empty()) {
            Some(src) => {
                d.assume(format!("read replica: engine {} of its source", src.engine));
                Some(src.engine.clone())
            }
            None => {
                d.unknown("engine is not set".into());
                None
            }
        },
        Got::Unknown(src) => {
            d.unknown(format!("engine `{src}` is known only at apply"));
            None
        }
    };
    let multi_az = match boolean(&body, "multi_az") {
        Got::Set(m) => m,
        Got::Unset => false,
        Got::Unknown(src) => {
            d.assume(format!(
                "multi_az `{src}` is known only at apply: priced as Single-AZ"
            ));
            false
        }
    };
    let az = if multi_az { "multi-az" } else { "single-az" };
    let az_label = if multi_az { "Multi-AZ" } else { "Single-AZ" };
    if multi_az {
        d.assume("Multi-AZ: a standby in another zone doubles the instance and storage price");
    }
    let class = string(&body, "instance_class");
    if let Some(engine) = &engine {
        match &class {
            Got::Set(class) => est.charge(
                d,
                &format!("rds.instance.{engine}.{class}.{az}"),
                format!("{class} {engine} {az_label}"),
                n * 730.0,
                Some(times(n, "730 h".to_string())),
                None,
            ),
            Got::Unset => d.unknown("instance_class is not set".into()),
            Got::Unknown(src) => {
                d.unknown(format!("instance_class `{src}` is known only at apply"))
            }
        }
    }
    let inherited = source
        .as_ref()
        .filter(|_| r.attr("allocated_storage").is_none());
    let storage_type = match string(&body, "storage_type") {
        Got::Set(t) => Some(t),
        Got::Unset => match inherited.and_then(|s| s.storage_type.clone()) {
            Some(t) => Some(t),
            None => {
                let t = if r.attr("iops").is_some() {
                    "io1"
                } else {
                    "gp2"
                };
                d.assume(format!(
                    "storage_type not set: {t} (the provider's default)"
                ));
                Some(t.to_string())
            }
        },
        Got::Unknown(src) => {
            d.unknown(format!("storage_type `{src}` is known only at apply"));
            None
        }
    };
    let storage = match num(&body, "allocated_storage") {
        Got::Set(gb) => Got::Set(gb),
        Got::Unset => match inherited.and_then(|s| s.storage_gb) {
            Some(gb) => {
                d.assume(format!(
                    "read replica: storage of its source, {} GB",
                    number(gb)
                ));
                Got::Set(gb)
            }
            None => Got::Unset,
        },
        other => other,
    };
    match storage {
        Got::Set(gb) => {
            if let Some(t) = &storage_type {
                est.charge(
                    d,
                    &format!("rds.storage.{t}.{az}"),
                    format!("{t} storage {az_label}"),
                    gb * n,
                    Some(times(n, format!("{} GB", number(gb)))),
                    None,
                );
            }
            if r.attr("max_allocated_storage").is_some() {
                d.assume(format!(
                    "storage autoscaling may grow it beyond {} GB: priced at the allocated size",
                    number(gb)
                ));
            }
        }
        Got::Unset => d.unknown("allocated_storage is not set".into()),
        Got::Unknown(src) => d.unknown(format!("allocated_storage `{src}` is known only at apply")),
    }
    if let Some(engine) = &engine {
        if engine.starts_with("aurora") {
            est.saw_aurora = true;
        }
        est.databases.push(DbFacts {
            identifier: string(&body, "identifier").known(),
            address: d.address.clone(),
            engine: engine.clone(),
            storage_gb: num(&body, "allocated_storage").known(),
            storage_type: storage_type.clone(),
        });
    }
    let backup = est.usage(d, "backup_storage_gb");
    if backup.value > 0.0 {
        est.charge(
            d,
            "rds.backup-storage",
            "backup storage beyond the free allowance",
            backup.value * n,
            None,
            Some(backup),
        );
    } else {
        d.assume("automated backups within the free allowance (100% of provisioned storage)");
    }
    // Performance Insights
    if matches!(
        boolean(&body, "performance_insights_enabled"),
        Got::Set(true)
    ) {
        let retention = num(&body, "performance_insights_retention_period")
            .known()
            .unwrap_or(7.0);
        if retention <= 7.0 {
            d.assume("Performance Insights with 7-day retention: free tier");
            est.charge(
                d,
                "rds.performance-insights.free-tier",
                "Performance Insights (7 days)",
                0.0,
                Some("free tier".to_string()),
                None,
            );
        } else if let Got::Set(class) = &class {
            match vcpus_of_class(class) {
                Some(vcpus) => {
                    let copies = if multi_az { 2.0 } else { 1.0 };
                    let months = (retention / 31.0).round().max(1.0);
                    let billed = vcpus * copies * n;
                    est.charge(
                        d,
                        "rds.performance-insights.retention.first-month",
                        "Performance Insights long-term retention, first month",
                        billed,
                        Some(format!(
                            "{} vCPU{}",
                            number(billed),
                            if multi_az { " (both instances)" } else { "" }
                        )),
                        None,
                    );
                    if months > 1.0 {
                        est.charge(
                            d,
                            "rds.performance-insights.retention.additional-month",
                            format!(
                                "Performance Insights retention, {} more months",
                                number(months - 1.0)
                            ),
                            billed * (months - 1.0),
                            Some(format!(
                                "{} vCPU × {} months",
                                number(billed),
                                number(months - 1.0)
                            )),
                            None,
                        );
                    }
                }
                None => d.unknown(format!("vCPUs of {class} are not known to tfready")),
            }
        }
    }
    // Enhanced Monitoring: OS metrics into CloudWatch Logs (RDSOSMetrics, 30-day retention).
    if let Got::Set(interval) = num(&body, "monitoring_interval") {
        if interval > 0.0 {
            let per60 = est.usage(d, "enhanced_monitoring_gb_at_60s");
            let gb = per60.value * 60.0 / interval * n;
            est.charge(
                d,
                "cloudwatch.logs.ingestion",
                format!(
                    "Enhanced Monitoring every {} s, logs ingested",
                    number(interval)
                ),
                gb,
                Some(format!(
                    "{} GB × 60/{} s{}",
                    number(per60.value),
                    number(interval),
                    if n == 1.0 {
                        String::new()
                    } else {
                        format!(" × {}", number(n))
                    }
                )),
                Some(per60),
            );
            est.charge(
                d,
                "cloudwatch.logs.storage",
                "Enhanced Monitoring logs stored (RDSOSMetrics, 30-day retention)",
                gb,
                None,
                None,
            );
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Networking

fn load_balancer(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let kind = match string(&r.body(), "load_balancer_type") {
        Got::Set(k) => k,
        Got::Unset => "application".to_string(),
        Got::Unknown(src) => {
            d.unknown(format!("load_balancer_type `{src}` is known only at apply"));
            return;
        }
    };
    if kind != "application" {
        d.unknown(format!("{kind} load balancers are not in the price list"));
        return;
    }
    est.charge(
        d,
        "elb.alb.hour",
        "Application Load Balancer",
        n * 730.0,
        Some(times(n, "730 h".to_string())),
        None,
    );
    let lcu = est.usage(d, "lcu_per_hour");
    est.charge(
        d,
        "elb.alb.lcu",
        "load balancer capacity units",
        lcu.value * 730.0 * n,
        Some(times(n, format!("{} LCU × 730 h", number(lcu.value)))),
        Some(lcu),
    );
}

fn nat_gateway(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    est.charge(
        d,
        "vpc.nat-gateway.hour",
        "NAT gateway",
        n * 730.0,
        Some(times(n, "730 h".to_string())),
        None,
    );
    let gb = est.usage(d, "data_processed_gb");
    est.charge(
        d,
        "vpc.nat-gateway.data-processed",
        "data processed",
        gb.value * n,
        None,
        Some(gb),
    );
    if !matches!(string(&r.body(), "connectivity_type"), Got::Set(t) if t == "private") {
        d.assume("its public IPv4 address is priced on its aws_eip line");
    }
}

fn vpc_endpoint(r: &ResourceRef<'_>, d: &mut Draft) {
    match string(&r.body(), "vpc_endpoint_type") {
        Got::Set(t) if t == "Gateway" => {
            d.free = Some("gateway endpoints (S3, DynamoDB) are free".to_string());
        }
        Got::Unset => {
            d.free = Some("gateway endpoints (the default type) are free".to_string());
        }
        _ => {
            d.unknown("interface endpoints are not in the price list".into());
        }
    }
}

// ------------------------------------------------------------------------------------------------
// ElastiCache

fn elasticache_engine(b: &BlockRef<'_>, d: &mut Draft) -> String {
    match string(b, "engine") {
        Got::Set(e) => e,
        _ => {
            d.assume("engine not set: redis");
            "redis".to_string()
        }
    }
}

fn elasticache_group(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let body = r.body();
    let engine = elasticache_engine(&body, d);
    let nodes = match (
        num(&body, "num_cache_clusters"),
        num(&body, "num_node_groups"),
        num(&body, "replicas_per_node_group"),
    ) {
        (Got::Set(c), _, _) => Some((c, format!("{} nodes (num_cache_clusters)", number(c)))),
        (_, Got::Set(groups), replicas) => {
            let replicas = replicas.known().unwrap_or(0.0);
            Some((
                groups * (replicas + 1.0),
                format!(
                    "{} shards × {} nodes",
                    number(groups),
                    number(replicas + 1.0)
                ),
            ))
        }
        (Got::Unknown(src), _, _) | (_, Got::Unknown(src), _) => {
            d.unknown(format!("node count `{src}` is known only at apply"));
            None
        }
        _ => {
            d.assume("num_cache_clusters not set: 1 node");
            Some((1.0, "1 node".to_string()))
        }
    };
    let Some((nodes, nodes_text)) = nodes else {
        return;
    };
    node_charge(est, &body, d, &engine, nodes * n, nodes_text);
}

fn elasticache_cluster(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let body = r.body();
    if r.attr("replication_group_id").is_some() {
        d.free = Some("member of a replication group, priced on the group's line".to_string());
        return;
    }
    let engine = elasticache_engine(&body, d);
    let nodes = match num(&body, "num_cache_nodes") {
        Got::Set(c) => c,
        _ => 1.0,
    };
    node_charge(
        est,
        &body,
        d,
        &engine,
        nodes * n,
        format!("{} nodes", number(nodes)),
    );
}

fn node_charge(
    est: &mut Estimator<'_>,
    body: &BlockRef<'_>,
    d: &mut Draft,
    engine: &str,
    nodes: f64,
    nodes_text: String,
) {
    match string(body, "node_type") {
        Got::Set(node_type) => {
            est.charge(
                d,
                &format!("elasticache.node.{engine}.{node_type}"),
                format!("{node_type} {engine} nodes"),
                nodes * 730.0,
                Some(format!("{nodes_text} × 730 h")),
                None,
            );
        }
        Got::Unset => d.unknown("node_type is not set".into()),
        Got::Unknown(src) => d.unknown(format!("node_type `{src}` is known only at apply")),
    }
    if d.resource_type == "aws_elasticache_replication_group" {
        let gb = est.usage(d, "snapshot_storage_gb");
        if gb.value > 0.0 {
            est.charge(
                d,
                "elasticache.backup-storage",
                "snapshot storage",
                gb.value,
                None,
                Some(gb),
            );
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Storage and data

fn s3_bucket(est: &mut Estimator<'_>, d: &mut Draft, n: f64) {
    let storage = est.usage(d, "storage_gb");
    est.charge(
        d,
        "s3.standard.storage",
        "S3 Standard storage",
        storage.value * n,
        None,
        Some(storage),
    );
    let put = est.usage(d, "put_requests");
    est.charge(
        d,
        "s3.standard.put-requests",
        "PUT requests",
        put.value * n,
        None,
        Some(put),
    );
    let get = est.usage(d, "get_requests");
    est.charge(
        d,
        "s3.standard.get-requests",
        "GET requests",
        get.value * n,
        None,
        Some(get),
    );
}

fn dynamodb_table(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    match string(&r.body(), "billing_mode") {
        Got::Set(m) if m == "PAY_PER_REQUEST" => {}
        Got::Set(_) | Got::Unset => {
            d.unknown("provisioned capacity (billing_mode PROVISIONED, the default) is not in the price list; PAY_PER_REQUEST is".into(),
            );
            return;
        }
        Got::Unknown(src) => {
            d.unknown(format!("billing_mode `{src}` is known only at apply"));
            return;
        }
    }
    let w = est.usage(d, "write_request_units");
    est.charge(
        d,
        "dynamodb.on-demand.write-request-units",
        "write request units",
        w.value * n,
        None,
        Some(w),
    );
    let rd = est.usage(d, "read_request_units");
    est.charge(
        d,
        "dynamodb.on-demand.read-request-units",
        "read request units",
        rd.value * n,
        None,
        Some(rd),
    );
    let s = est.usage(d, "storage_gb");
    est.charge(
        d,
        "dynamodb.storage.standard",
        "storage",
        s.value * n,
        None,
        Some(s),
    );
}

fn secret(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let replicas = r.blocks("replica").len() as f64;
    let secrets = n * (1.0 + replicas);
    if replicas > 0.0 {
        d.assume("each replica region bills the secret again");
    }
    d.assume("new secrets have a 30-day free trial (not modelled)");
    est.charge(d, "secretsmanager.secret", "secret", secrets, None, None);
    let calls = est.usage(d, "api_calls");
    est.charge(
        d,
        "secretsmanager.api-calls",
        "API calls",
        calls.value * n,
        None,
        Some(calls),
    );
}

fn kms_key(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    est.charge(
        d,
        "kms.key.customer-managed",
        "customer managed key",
        n,
        None,
        None,
    );
    if matches!(boolean(&r.body(), "enable_key_rotation"), Got::Set(true)) {
        d.assume("rotation adds $1/month per key after each of its first two yearly rotations (not in this month's figure)");
    }
    let requests = est.usage(d, "requests");
    est.charge(
        d,
        "kms.requests",
        "requests",
        requests.value * n,
        None,
        Some(requests),
    );
}

// ------------------------------------------------------------------------------------------------
// Monitoring

fn alarm(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let body = r.body();
    let queries = body.blocks("metric_query");
    let metrics = if queries.is_empty() {
        1.0
    } else {
        let m = queries
            .iter()
            .filter(|q| !q.blocks("metric").is_empty())
            .count() as f64;
        d.assume(format!(
            "metric math alarm: billed per metric it reads ({})",
            number(m)
        ));
        m.max(1.0)
    };
    let high_res = matches!(num(&body, "period"), Got::Set(p) if p < 60.0)
        || queries.iter().any(|q| {
            q.blocks("metric")
                .iter()
                .any(|m| matches!(num(m, "period"), Got::Set(p) if p < 60.0))
        });
    let q = metrics * n;
    if high_res {
        est.charge(
            d,
            "cloudwatch.alarm.high-resolution",
            "high-resolution alarm metrics",
            q,
            None,
            None,
        );
    } else {
        est.charge(
            d,
            "cloudwatch.alarm.standard",
            "alarm metrics",
            q,
            None,
            None,
        );
    }
}

fn log_group(
    est: &mut Estimator<'_>,
    context: &Context,
    r: &ResourceRef<'_>,
    d: &mut Draft,
    n: f64,
) {
    let body = r.body();
    let fed_by_flow_log = context
        .flow_log_groups
        .contains(&(r.instance.id, r.resource.name.clone()));
    let ingestion = est.usage(d, "ingestion_gb");
    let ingest_gb = if fed_by_flow_log {
        let flow = est
            .usage
            .get(&d.address, "aws_flow_log", "monthly_gb")
            .map_or(0.0, |u| u.value);
        d.assume("receives VPC flow logs: their ingestion is priced on the aws_flow_log line, only storage here");
        flow
    } else {
        est.charge(
            d,
            "cloudwatch.logs.ingestion",
            "logs ingested",
            ingestion.value * n,
            None,
            Some(ingestion.clone()),
        );
        ingestion.value
    };
    let stored = est.usage(d, "storage_gb");
    let (gb, text) = if stored.value >= 0.0 {
        (stored.value, None)
    } else {
        let (months, why) = match num(&body, "retention_in_days") {
            Got::Set(days) if days > 0.0 => {
                ((days / 30.0).min(12.0), format!("{} days", number(days)))
            }
            Got::Set(_) | Got::Unset => {
                d.assume("no retention: logs never expire, storage after a year (12 months of logs) assumed");
                (12.0, "never expires: 12 months".to_string())
            }
            Got::Unknown(src) => {
                d.assume(format!(
                    "retention `{src}` is known only at apply: 1 month assumed"
                ));
                (1.0, "1 month".to_string())
            }
        };
        (
            ingest_gb * months,
            Some(format!(
                "{} GB/month × {} months ({why})",
                number(ingest_gb),
                number((months * 100.0).round() / 100.0)
            )),
        )
    };
    est.charge(
        d,
        "cloudwatch.logs.storage",
        "logs stored",
        gb * n,
        text.map(|t| times(n, t)),
        (stored.value >= 0.0).then_some(stored),
    );
}

fn sns_topic(
    est: &mut Estimator<'_>,
    context: &Context,
    r: &ResourceRef<'_>,
    d: &mut Draft,
    n: f64,
) {
    let publishes = est.usage(d, "publishes");
    est.charge(
        d,
        "sns.publish",
        "publishes",
        publishes.value * n,
        None,
        Some(publishes.clone()),
    );
    let subs = context
        .subscriptions
        .get(&(r.instance.id, r.resource.name.clone()))
        .cloned()
        .unwrap_or_default();
    for (protocol, count) in subs {
        let deliveries = publishes.value * count * n;
        let text = Some(format!(
            "{} publishes × {} subscriptions",
            number(publishes.value),
            number(count * n)
        ));
        match protocol.as_str() {
            "email" | "email-json" => est.charge(
                d,
                "sns.delivery.email",
                "email deliveries",
                deliveries,
                text,
                None,
            ),
            "https" | "http" => est.charge(
                d,
                "sns.delivery.https",
                "HTTP(S) deliveries",
                deliveries,
                text,
                None,
            ),
            "sqs" | "lambda" | "firehose" => d.assume(format!("{protocol} deliveries are free")),
            other => d.unknown(format!(
                "{} deliveries are not in the price list",
                if other.is_empty() {
                    "unknown protocol"
                } else {
                    other
                }
            )),
        }
    }
}

fn route53_zone(est: &mut Estimator<'_>, d: &mut Draft, n: f64) {
    est.charge(d, "route53.hosted-zone", "hosted zone", n, None, None);
    let queries = est.usage(d, "queries");
    est.charge(
        d,
        "route53.queries.standard",
        "standard queries",
        queries.value * n,
        None,
        Some(queries),
    );
}

fn acm_certificate(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    if r.attr("certificate_authority_arn").is_some() {
        d.unknown("private certificates are not in the price list".into());
        return;
    }
    est.charge(
        d,
        "acm.certificate.public",
        "public certificate",
        n,
        None,
        None,
    );
}

// ------------------------------------------------------------------------------------------------
// Security

fn web_acl(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    est.charge(d, "waf.web-acl", "web ACL", n, None, None);
    let rules = r.blocks("rule");
    let mut bot_control = None;
    let mut atp = false;
    let mut acfp = false;
    let mut dynamic_unknown = false;
    for rule in &rules {
        // Only the block's own scope: a `dynamic` iterator, not `each`.
        if rule
            .bindings
            .vars
            .iter()
            .any(|(n, v)| n.ends_with(".value") && v.is_unknown())
        {
            dynamic_unknown = true;
        }
        for statement in rule.blocks("statement") {
            for managed in statement.blocks("managed_rule_group_statement") {
                let name = string(&managed, "name").known().unwrap_or_default();
                match name.as_str() {
                    "AWSManagedRulesBotControlRuleSet" => {
                        let targeted = managed
                            .blocks("managed_rule_group_configs")
                            .iter()
                            .flat_map(|c| c.blocks("aws_managed_rules_bot_control_rule_set"))
                            .any(|c| matches!(string(&c, "inspection_level"), Got::Set(l) if l == "TARGETED"));
                        bot_control = Some(targeted);
                    }
                    "AWSManagedRulesATPRuleSet" => atp = true,
                    "AWSManagedRulesACFPRuleSet" => acfp = true,
                    _ => {}
                }
            }
        }
    }
    if dynamic_unknown {
        d.assume("a dynamic rule over a collection known only at apply is counted once");
    }
    let count = rules.len() as f64;
    d.assume(format!(
        "{} rules counted from the configuration (dynamic rules included); a managed rule group is one rule",
        number(count)
    ));
    est.charge(
        d,
        "waf.rule",
        "rules",
        count * n,
        Some(times(n, format!("{} rules", number(count)))),
        None,
    );
    let requests = est.usage(d, "requests");
    est.charge(
        d,
        "waf.requests",
        "requests inspected",
        requests.value * n,
        None,
        Some(requests.clone()),
    );
    if let Some(targeted) = bot_control {
        est.charge(
            d,
            "waf.bot-control.common.subscription",
            "Bot Control subscription",
            n,
            None,
            None,
        );
        if targeted {
            est.charge(
                d,
                "waf.bot-control.targeted.requests",
                "Bot Control (targeted) requests",
                requests.value * n,
                None,
                None,
            );
        } else {
            est.charge(
                d,
                "waf.bot-control.common.requests",
                "Bot Control requests",
                requests.value * n,
                None,
                None,
            );
        }
    }
    if atp {
        est.charge(
            d,
            "waf.atp.subscription",
            "Account Takeover Prevention subscription",
            n,
            None,
            None,
        );
        d.assume("ATP login attempts are extra (not modelled)");
    }
    if acfp {
        est.charge(
            d,
            "waf.acfp.subscription",
            "Account Creation Fraud Prevention subscription",
            n,
            None,
            None,
        );
        d.assume("ACFP creation attempts are extra (not modelled)");
    }
}

fn guardduty(
    est: &mut Estimator<'_>,
    context: &Context,
    r: &ResourceRef<'_>,
    d: &mut Draft,
    n: f64,
) {
    let body = r.body();
    if matches!(boolean(&body, "enable"), Got::Set(false)) {
        d.free = Some("detector disabled".to_string());
        return;
    }
    d.assume("30-day free trial per account and region not modelled");
    let events = est.usage(d, "cloudtrail_management_events");
    est.charge(
        d,
        "guardduty.cloudtrail-management-events",
        "CloudTrail management events",
        events.value * n,
        None,
        Some(events),
    );
    let logs = est.usage(d, "vpc_flow_dns_gb");
    est.charge(
        d,
        "guardduty.vpc-flow-dns-logs",
        "VPC flow and DNS logs analysed",
        logs.value * n,
        None,
        Some(logs),
    );
    let mut features = context
        .guardduty_features
        .get(&(r.instance.id, r.resource.name.clone()))
        .cloned()
        .unwrap_or_default();
    // The older `datasources` block.
    for ds in body.blocks("datasources") {
        for s3 in ds.blocks("s3_logs") {
            if matches!(boolean(&s3, "enable"), Got::Set(true)) {
                features.push("S3_DATA_EVENTS".to_string());
            }
        }
    }
    features.sort();
    features.dedup();
    for feature in features {
        match feature.as_str() {
            "S3_DATA_EVENTS" => {
                let s3 = est.usage(d, "s3_data_events");
                est.charge(
                    d,
                    "guardduty.s3-data-events",
                    "S3 data events analysed",
                    s3.value * n,
                    None,
                    Some(s3),
                );
            }
            "EBS_MALWARE_PROTECTION" => {
                d.assume("EBS malware protection is billed per GB scanned, only when a finding triggers a scan: $0 at rest");
            }
            "RDS_LOGIN_EVENTS" if !est.saw_aurora => d.assume(
                "RDS Protection monitors Aurora logins only (AWS GuardDuty docs) and no Aurora cluster was priced: $0",
            ),
            "LAMBDA_NETWORK_LOGS" => d.assume(
                "Lambda Protection is billed per GB of Lambda network logs: no Lambda functions are priced here, $0",
            ),
            other => d.unknown(format!(
                "GuardDuty protection plan {other} (enabled) is not in the price list"
            )),
        }
    }
}

fn backup_plan(est: &mut Estimator<'_>, d: &mut Draft, n: f64) {
    d.assume("backup storage from usage (warm tier); cold-storage lifecycle not modelled");
    let rds = est.usage(d, "rds_backup_gb");
    est.charge(
        d,
        "backup.rds.storage",
        "RDS backups stored",
        rds.value * n,
        None,
        Some(rds),
    );
    let ebs = est.usage(d, "ebs_backup_gb");
    est.charge(
        d,
        "backup.ebs.warm-storage",
        "EBS backups stored",
        ebs.value * n,
        None,
        Some(ebs),
    );
}

fn cloudfront(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let class = string(&r.body(), "price_class")
        .known()
        .unwrap_or_else(|| "PriceClass_All".into());
    d.assume(format!(
        "{class}: viewers assumed in North America and Europe (pay-as-you-go, not a flat-rate plan)"
    ));
    let gb = est.usage(d, "data_transfer_out_gb");
    est.charge(
        d,
        "cloudfront.data-transfer-out.na-eu",
        "data transfer to viewers",
        gb.value * n,
        None,
        Some(gb),
    );
    let requests = est.usage(d, "https_requests");
    est.charge(
        d,
        "cloudfront.https-requests.north-america",
        "HTTPS requests",
        requests.value * n,
        None,
        Some(requests),
    );
}

fn flow_log(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    match string(&r.body(), "log_destination_type") {
        Got::Set(t) if t == "cloud-watch-logs" => {}
        Got::Unset => {}
        Got::Set(t) => {
            d.unknown(format!(
                "flow logs delivered to {t} are not in the price list"
            ));
            return;
        }
        Got::Unknown(src) => {
            d.unknown(format!(
                "log_destination_type `{src}` is known only at apply"
            ));
            return;
        }
    }
    let gb = est.usage(d, "monthly_gb");
    est.charge(
        d,
        "vpc.flow-logs.cloudwatch-logs",
        "flow logs delivered to CloudWatch Logs (vended)",
        gb.value * n,
        None,
        Some(gb),
    );
    d.assume("storage is priced on the receiving log group's line");
}

fn config_recorder(est: &mut Estimator<'_>, r: &ResourceRef<'_>, d: &mut Draft, n: f64) {
    let periodic = r
        .blocks("recording_mode")
        .iter()
        .any(|m| matches!(string(m, "recording_frequency"), Got::Set(f) if f == "DAILY"));
    let items = est.usage(d, "configuration_items");
    if periodic {
        est.charge(
            d,
            "config.configuration-item.periodic",
            "configuration items (daily)",
            items.value * n,
            None,
            Some(items),
        );
    } else {
        est.charge(
            d,
            "config.configuration-item.continuous",
            "configuration items (continuous)",
            items.value * n,
            None,
            Some(items),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_in_source_text() {
        assert_eq!(
            names_after("aws_instance.app.id", "aws_instance"),
            vec!["app"]
        );
        assert_eq!(
            names_after(
                "[aws_sns_topic.a.arn, aws_sns_topic.b.arn]",
                "aws_sns_topic"
            ),
            vec!["a", "b"]
        );
        assert!(names_after("data.aws_instance.x.id", "aws_instance").is_empty());
        assert!(names_after("var.instance_id", "aws_instance").is_empty());
    }

    #[test]
    fn vcpus_by_size() {
        assert_eq!(vcpus_of_class("db.t3.micro"), Some(2.0));
        assert_eq!(vcpus_of_class("db.r6g.xlarge"), Some(4.0));
        assert_eq!(vcpus_of_class("db.m5.4xlarge"), Some(16.0));
        assert_eq!(vcpus_of_class("db.m5.weird"), None);
    }
}
