//! One pricer per resource type. Each reads the resource's configuration (evaluated in its module
//! instance), takes the quantities a price list cannot know from the usage, and charges price-list
//! keys through [`Estimator::charge`]. A value known only at apply, or a price the list does not
//! have, makes the line `missing`, never $0.
//!
//! A pricer's arguments: `est`, the estimator (prices, usage, tiers shared by the lines so far);
//! `r`, the resource; `draft`, its line being written; `copies`, how many resource instances the
//! line covers (its `count` or `for_each`).

use std::collections::{HashMap, HashSet};

use tfready_model::ast::Expression;
use tfready_model::{
    named_resources, BlockRef, InstanceId, Project, ResourceMode, ResourceRef, Value,
};

use crate::estimate::{number, LineItem};
use crate::estimator::{resource_count, DbFacts, Draft, Estimator};

mod compute;
mod database;
mod elasticache;
mod monitoring;
mod network;
mod security;
mod storage;

use compute::*;
pub use database::vcpus_of_class;
use database::*;
use elasticache::*;
use monitoring::*;
use network::*;
use security::*;
use storage::*;

/// Prices every managed resource of `project`. `address_prefix` (e.g. `module.alb.`) is put
/// before every address, for a module priced as a standalone root. The `stack` line (internet
/// data transfer) is added when `with_stack_line` is set and the project serves traffic.
pub(crate) fn items(
    est: &mut Estimator<'_>,
    project: &Project,
    address_prefix: &str,
    with_stack_line: bool,
) -> Vec<LineItem> {
    let context = Context::new(project);
    let mut items = Vec::new();
    let mut serves_traffic = false;
    for r in project.resources() {
        if matches!(
            r.kind(),
            "aws_instance" | "aws_autoscaling_group" | "aws_lb" | "aws_nat_gateway"
        ) {
            serves_traffic = true;
        }
        let mut draft = Draft::new(&r, address_prefix);
        price(est, &context, &r, &mut draft);
        items.push(draft.finish(&est.region));
    }
    if with_stack_line && serves_traffic {
        let mut draft = Draft::stack(&project.display_root);
        price_stack(est, &mut draft);
        items.push(draft.finish(&est.region));
    }
    items
}

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
pub(crate) enum Setting<T> {
    Set(T),
    /// Not set, or `null`.
    Unset,
    /// Known only at apply; the source text.
    Unknown(String),
}

impl<T> Setting<T> {
    pub fn known(self) -> Option<T> {
        match self {
            Setting::Set(v) => Some(v),
            _ => None,
        }
    }
}

fn read(b: &BlockRef<'_>, name: &str) -> Setting<Value> {
    let Some(attr) = b.attr(name) else {
        return Setting::Unset;
    };
    let value = attr.value();
    if value.is_null() {
        Setting::Unset
    } else if !value.is_wholly_known() {
        Setting::Unknown(attr.source_text().to_string())
    } else {
        Setting::Set(value)
    }
}

/// `name` read as a `T`: a set value of another type is as good as unknown
/// (its text is kept for the line's note).
fn typed<T>(b: &BlockRef<'_>, name: &str, as_t: impl Fn(&Value) -> Option<T>) -> Setting<T> {
    match read(b, name) {
        Setting::Set(v) => as_t(&v).map_or_else(|| Setting::Unknown(format!("{v}")), Setting::Set),
        Setting::Unset => Setting::Unset,
        Setting::Unknown(s) => Setting::Unknown(s),
    }
}

pub(crate) fn string(b: &BlockRef<'_>, name: &str) -> Setting<String> {
    typed(b, name, Value::as_string)
}

pub(crate) fn num(b: &BlockRef<'_>, name: &str) -> Setting<f64> {
    typed(b, name, Value::as_f64)
}

pub(crate) fn boolean(b: &BlockRef<'_>, name: &str) -> Setting<bool> {
    typed(b, name, Value::as_bool)
}

/// Names of `ty` resources the attribute's expression names itself (`aws_instance.app.id` ->
/// `app`), in order.
fn refs(r: &ResourceRef<'_>, attr: &str, ty: &str) -> Vec<String> {
    r.attr(attr)
        .map(|a| names_of(a.expr(), ty))
        .unwrap_or_default()
}

/// Names of managed `ty` resources `expr` names itself, in order, once each.
pub(crate) fn names_of(expr: &Expression, ty: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (mode, t, name, _) in named_resources(expr) {
        if mode == ResourceMode::Managed && t == ty && !names.contains(&name) {
            names.push(name);
        }
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
    draft: &mut Draft,
) {
    let ty = r.kind();
    if let Some((_, why)) = FREE_TYPES.iter().find(|(t, _)| *t == ty) {
        draft.free = Some((*why).to_string());
        return;
    }
    if NON_AWS_PREFIXES.iter().any(|p| ty.starts_with(p)) {
        draft.free = Some("not an AWS resource".to_string());
        return;
    }
    let copies = resource_count(r, draft);
    draft.count = copies;
    if copies == 0.0 {
        draft.free = Some("count is 0".to_string());
        return;
    }
    if ty == "aws_rds_cluster" || ty == "aws_rds_cluster_instance" {
        est.saw_aurora = true;
    }
    match ty {
        "aws_instance" => instance(est, context, r, draft, copies),
        "aws_ebs_volume" => ebs_volume(est, r, draft, copies),
        "aws_eip" => eip(est, r, draft, copies),
        "aws_db_instance" => db_instance(est, r, draft, copies),
        "aws_rds_cluster_instance" => cluster_instance(est, r, draft, copies),
        "aws_lb" => load_balancer(est, r, draft, copies),
        "aws_nat_gateway" => nat_gateway(est, r, draft, copies),
        "aws_elasticache_replication_group" => elasticache_group(est, r, draft, copies),
        "aws_elasticache_cluster" => elasticache_cluster(est, r, draft, copies),
        "aws_s3_bucket" => s3_bucket(est, draft, copies),
        "aws_dynamodb_table" => dynamodb_table(est, r, draft, copies),
        "aws_secretsmanager_secret" => secret(est, r, draft, copies),
        "aws_kms_key" => kms_key(est, r, draft, copies),
        "aws_cloudwatch_metric_alarm" => alarm(est, r, draft, copies),
        "aws_cloudwatch_log_group" => log_group(est, context, r, draft, copies),
        "aws_cloudwatch_log_metric_filter" => {
            let q = copies;
            est.charge(
                draft,
                "cloudwatch.metric.custom",
                "custom metric",
                q,
                None,
                None,
            );
        }
        "aws_cloudwatch_dashboard" => {
            est.charge(
                draft,
                "cloudwatch.dashboard",
                "dashboard",
                copies,
                None,
                None,
            );
        }
        "aws_sns_topic" => sns_topic(est, context, r, draft, copies),
        "aws_wafv2_web_acl" => web_acl(est, r, draft, copies),
        "aws_route53_zone" => route53_zone(est, draft, copies),
        "aws_acm_certificate" => acm_certificate(est, r, draft, copies),
        "aws_guardduty_detector" => guardduty(est, context, r, draft, copies),
        "aws_backup_plan" => backup_plan(est, draft, copies),
        "aws_cloudfront_distribution" => cloudfront(est, r, draft, copies),
        "aws_flow_log" => flow_log(est, r, draft, copies),
        "aws_config_configuration_recorder" => config_recorder(est, r, draft, copies),
        "aws_config_config_rule" => {
            est.charge_usage(
                draft,
                "evaluations",
                "config.rule-evaluation",
                "rule evaluations",
                copies,
            );
        }
        "aws_autoscaling_group" => autoscaling_group(est, r, draft, copies),
        "aws_vpc_endpoint" => vpc_endpoint(r, draft),
        _ => {
            draft.unknown(format!("tfready has no price model for {ty}"));
        }
    }
}

/// Internet data transfer out of the stack (a stack-wide line).
pub(crate) fn price_stack(est: &mut Estimator<'_>, draft: &mut Draft) {
    let u = est.usage(draft, "internet_data_transfer_out_gb");
    est.charge(
        draft,
        "data-transfer.internet-out",
        "internet data transfer out",
        u.value,
        None,
        Some(u),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_named_by_an_expression() {
        let names = |src: &str, ty: &str| {
            names_of(
                &tfready_model::ast::parse_expr(src).expect("expression"),
                ty,
            )
        };
        assert_eq!(names("aws_instance.app.id", "aws_instance"), vec!["app"]);
        assert_eq!(
            names(
                "[aws_sns_topic.a.arn, aws_sns_topic.b.arn, aws_sns_topic.a.id]",
                "aws_sns_topic"
            ),
            vec!["a", "b"]
        );
        assert_eq!(
            names("\"${aws_instance.web[0].id}-x\"", "aws_instance"),
            vec!["web"]
        );
        assert!(names("data.aws_instance.x.id", "aws_instance").is_empty());
        assert!(names("var.instance_id", "aws_instance").is_empty());
        assert!(names("aws_instance_x.y.id", "aws_instance").is_empty());
    }

    #[test]
    fn vcpus_by_size() {
        assert_eq!(vcpus_of_class("db.t3.micro"), Some(2.0));
        assert_eq!(vcpus_of_class("db.r6g.xlarge"), Some(4.0));
        assert_eq!(vcpus_of_class("db.m5.4xlarge"), Some(16.0));
        assert_eq!(vcpus_of_class("db.m5.weird"), None);
    }
}
