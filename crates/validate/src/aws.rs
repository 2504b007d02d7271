//! AWS apply-time constraints: configurations the provider accepts at plan
//! but the AWS APIs reject at apply. Each check names its source document.
//! Values come from the model; when the outcome depends on an unknown value
//! the problem is a warning ("would fail if ..."), and nothing is reported
//! when nothing can be decided.

use std::collections::BTreeSet;

use tfready_model::{
    BlockRef, InstanceId, Location, Presence, Project, Resource, ResourceMode, ResourceRef, Value,
};

use crate::trace::{eval, region_of, trace};
use crate::{Ctx, Problem, Severity};

const BACKUP_SOURCE: &str =
    "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html";
const CLOUDFRONT_SOURCE: &str = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html#https-requirements-certificate-issuer";
const ELASTICACHE_SOURCE: &str = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#num_cache_clusters";
const ELASTICACHE_AUTH_SOURCE: &str = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#auth_token";
const WAF_SOURCE: &str =
    "https://docs.aws.amazon.com/waf/latest/APIReference/API_GeoMatchStatement.html";
const LOGS_KMS_SOURCE: &str =
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html";
const ALB_LOGS_SOURCE: &str = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html#attach-bucket-policy";
const RDS_SOURCE: &str = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#manage_master_user_password";

pub(crate) fn run(cx: &Ctx<'_>, out: &mut Vec<Problem>) {
    let project = cx.project;
    for r in project.resources() {
        match r.kind() {
            "aws_backup_plan" => backup(&r, out),
            "aws_cloudfront_distribution" => cloudfront(cx, &r, out),
            "aws_elasticache_replication_group" => elasticache(&r, out),
            "aws_wafv2_web_acl" | "aws_wafv2_rule_group" => waf(&r, out),
            "aws_cloudwatch_log_group" => logs_kms(cx, &r, out),
            "aws_lb" => alb_logs(cx, &r, out),
            "aws_db_instance" | "aws_rds_cluster" => {
                rds_password(&r, out);
                rds_retention(&r, out);
            }
            _ => {}
        }
    }
}

/// An error when it is certain, else a warning.
fn emit(
    r: &ResourceRef<'_>,
    certain: bool,
    code: &'static str,
    location: Location,
    message: String,
    fix: String,
    source: &'static str,
) -> Problem {
    let severity = if certain && r.presence() == Presence::Yes {
        Severity::Error
    } else {
        Severity::Warning
    };
    Problem::new(severity, code, location, message, fix)
        .source(source)
        .address(r.address())
}

fn known_num(v: &Option<Value>) -> Option<f64> {
    v.as_ref().and_then(Value::as_f64)
}

fn is_set(v: &Option<Value>) -> bool {
    v.as_ref().is_some_and(|v| !v.is_null())
}

// ---------------------------------------------------------------------------
// AWS Backup
// ---------------------------------------------------------------------------

fn backup(r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    for rule in r.blocks("rule") {
        let name = rule
            .eval("rule_name")
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "?".to_string());
        let mut lifecycles = rule.blocks("lifecycle");
        for copy in rule.blocks("copy_action") {
            lifecycles.extend(copy.blocks("lifecycle"));
        }
        for lc in lifecycles {
            let cold = lc.eval("cold_storage_after");
            let delete = lc.eval("delete_after");
            if !is_set(&cold) || !is_set(&delete) {
                continue;
            }
            let location = lc
                .attr("delete_after")
                .map_or_else(|| lc.location(), |a| a.location());
            let head = format!("Error in rule {name} : Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays");
            match (known_num(&cold), known_num(&delete)) {
                (Some(c), _) if c <= 0.0 => {}
                (Some(c), Some(d)) => {
                    if d < c + 90.0 {
                        let message = format!("{head} (delete_after = {}, cold_storage_after = {}): recovery points must stay 90 days in cold storage.", fmt(d), fmt(c));
                        let fix = format!("Set delete_after to at least {} (cold_storage_after + 90), or remove cold_storage_after.", fmt(c + 90.0));
                        out.push(emit(
                            r,
                            true,
                            "aws-backup-lifecycle",
                            location,
                            message,
                            fix,
                            BACKUP_SOURCE,
                        ));
                    }
                }
                (Some(c), None) => {
                    let message = format!("{head}: would fail if delete_after (known after apply) is less than {} (cold_storage_after + 90).", fmt(c + 90.0));
                    let fix = format!("Make sure delete_after is at least {}.", fmt(c + 90.0));
                    out.push(emit(
                        r,
                        false,
                        "aws-backup-lifecycle",
                        location,
                        message,
                        fix,
                        BACKUP_SOURCE,
                    ));
                }
                (None, Some(d)) => {
                    let message = format!("{head}: would fail if cold_storage_after (not known before apply) is more than {} (delete_after - 90).", fmt(d - 90.0));
                    let fix = format!("Make sure cold_storage_after is at most {}.", fmt(d - 90.0));
                    out.push(emit(
                        r,
                        false,
                        "aws-backup-lifecycle",
                        location,
                        message,
                        fix,
                        BACKUP_SOURCE,
                    ));
                }
                (None, None) => {}
            }
        }
    }
}

fn fmt(n: f64) -> String {
    tfready_model::Value::Number(n).to_string()
}

// ---------------------------------------------------------------------------
// CloudFront viewer certificate in us-east-1
// ---------------------------------------------------------------------------

fn cloudfront(cx: &Ctx<'_>, r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    let project = cx.project;
    for vc in r.blocks("viewer_certificate") {
        let Some(a) = vc.attr("acm_certificate_arn") else {
            continue;
        };
        let value = a.value();
        if value.is_null() {
            continue;
        }
        let location = a.location();
        let head = "InvalidViewerCertificate: The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain.";
        let fix = "Create the certificate in us-east-1: an aws_acm_certificate with region = \"us-east-1\" (provider 6), or with provider = aws.us_east_1 (a provider block with that region).";
        if let Some(arn) = value.as_str() {
            if let Some(region) = arn.split(':').nth(3).filter(|_| arn.starts_with("arn:")) {
                if region != "us-east-1" {
                    let message = format!("{head} The certificate {arn} is in {region}.");
                    out.push(emit(
                        r,
                        true,
                        "aws-cloudfront-certificate-region",
                        location,
                        message,
                        fix.to_string(),
                        CLOUDFRONT_SOURCE,
                    ));
                }
            }
            continue;
        }
        let traced = trace(cx, r.instance.id, a.expr());
        let certs: Vec<_> = traced
            .resources
            .iter()
            .filter(|o| {
                o.resource.mode == ResourceMode::Managed
                    && matches!(
                        o.resource.ty.as_str(),
                        "aws_acm_certificate" | "aws_acm_certificate_validation"
                    )
            })
            .collect();
        if certs.is_empty() {
            if let Some(var) = traced.root_vars.first() {
                let message = format!("{head} The certificate comes from var.{var}: CloudFront only accepts ACM certificates issued in us-east-1 (N. Virginia), whatever the stack's region; apply fails if var.{var} is a certificate in another region.");
                let fix = format!("Pass an ACM certificate created in us-east-1 as var.{var} (e.g. from an aws_acm_certificate with region = \"us-east-1\").");
                out.push(emit(
                    r,
                    false,
                    "aws-cloudfront-certificate-region",
                    location,
                    message,
                    fix,
                    CLOUDFRONT_SOURCE,
                ));
            }
            continue;
        }
        for c in certs {
            let region = region_of(project, c.instance, c.resource);
            let cert = cert_address(project, c.instance, c.resource);
            match region.value.as_str() {
                Some("us-east-1") if !region.from_input => {}
                Some("us-east-1") => {
                    let message = format!("{head} {cert} is created by {}, whose region comes from an input (\"us-east-1\" now): apply fails if the stack is deployed to another region.", region.described);
                    out.push(emit(
                        r,
                        false,
                        "aws-cloudfront-certificate-region",
                        location.clone(),
                        message,
                        fix.to_string(),
                        CLOUDFRONT_SOURCE,
                    ));
                }
                Some(other) => {
                    let message = format!(
                        "{head} {cert} is created by {} in {other}.",
                        region.described
                    );
                    out.push(emit(
                        r,
                        !traced.uncertain,
                        "aws-cloudfront-certificate-region",
                        location.clone(),
                        message,
                        fix.to_string(),
                        CLOUDFRONT_SOURCE,
                    ));
                }
                None => {
                    let message = format!("{head} {cert} is created by {}, whose region is not known before apply: apply fails unless it is us-east-1.", region.described);
                    out.push(emit(
                        r,
                        false,
                        "aws-cloudfront-certificate-region",
                        location.clone(),
                        message,
                        fix.to_string(),
                        CLOUDFRONT_SOURCE,
                    ));
                }
            }
        }
    }
}

fn cert_address(project: &Project, inst: InstanceId, res: &Resource) -> String {
    let i = &project.instances[inst];
    if i.address.is_empty() {
        res.address()
    } else {
        format!("{}.{}", i.address, res.address())
    }
}

// ---------------------------------------------------------------------------
// ElastiCache replication group
// ---------------------------------------------------------------------------

fn elasticache(r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    let failover = r.eval("automatic_failover_enabled");
    let multi_az = r.eval("multi_az_enabled");
    let replicas = r.eval("replicas_per_node_group");
    let clusters = r.eval("num_cache_clusters");
    // Nodes per shard: primary + replicas. Without either argument AWS
    // creates a single node.
    let (nodes, nodes_attr): (Option<f64>, &str) = if is_set(&replicas) {
        (
            known_num(&replicas).map(|n| n + 1.0),
            "replicas_per_node_group",
        )
    } else if is_set(&clusters) {
        (known_num(&clusters), "num_cache_clusters")
    } else {
        (Some(1.0), "num_cache_clusters")
    };
    let location = |name: &str| r.attr(name).map_or_else(|| r.location(), |a| a.location());
    for (flag, name) in [
        (&failover, "automatic_failover_enabled"),
        (&multi_az, "multi_az_enabled"),
    ] {
        if !is_set(flag) {
            continue;
        }
        let on = flag.as_ref().and_then(Value::as_bool);
        if on == Some(false) {
            continue;
        }
        let fix = format!("Set num_cache_clusters to at least 2 (a primary and a replica) when {name} is true, e.g. num_cache_clusters = var.environment == \"prod\" ? 2 : 1 with {name} = var.environment == \"prod\".");
        match (on, nodes) {
            (Some(true), Some(n)) if n < 2.0 => {
                let message = format!("{name} = true requires at least 2 cache clusters (a primary and a read replica), but {nodes_attr} gives {} node(s): CreateReplicationGroup fails.", fmt(n));
                out.push(emit(
                    r,
                    true,
                    "aws-elasticache-failover",
                    location(name),
                    message,
                    fix,
                    ELASTICACHE_SOURCE,
                ));
            }
            (Some(true), None) => {
                let message = format!("{name} = true requires at least 2 cache clusters: would fail if {nodes_attr} (not known before apply) is less than 2.");
                out.push(emit(
                    r,
                    false,
                    "aws-elasticache-failover",
                    location(nodes_attr),
                    message,
                    fix,
                    ELASTICACHE_SOURCE,
                ));
            }
            (None, Some(n)) if n < 2.0 => {
                let message = format!("{name} would fail if true (not known before apply): {nodes_attr} gives {} node(s), and failover needs at least 2.", fmt(n));
                out.push(emit(
                    r,
                    false,
                    "aws-elasticache-failover",
                    location(name),
                    message,
                    fix,
                    ELASTICACHE_SOURCE,
                ));
            }
            _ => {}
        }
    }
    if multi_az.as_ref().and_then(Value::as_bool) == Some(true) {
        let af = failover.as_ref().and_then(Value::as_bool);
        if !is_set(&failover) || af == Some(false) {
            let message =
                "multi_az_enabled = true requires automatic_failover_enabled = true.".to_string();
            let fix = "Set automatic_failover_enabled = true with multi_az_enabled.".to_string();
            out.push(emit(
                r,
                true,
                "aws-elasticache-failover",
                location("multi_az_enabled"),
                message,
                fix,
                ELASTICACHE_SOURCE,
            ));
        }
    }
    // auth_token needs in-transit encryption.
    if let Some(token) = r.attr("auth_token") {
        let tv = token.value();
        if tv.is_null() {
            return;
        }
        let transit = r.eval("transit_encryption_enabled");
        let on = transit.as_ref().and_then(Value::as_bool);
        let fix = "Set transit_encryption_enabled = true (AUTH requires TLS), or drop auth_token."
            .to_string();
        let message = "auth_token can be specified only if transit_encryption_enabled = true: ElastiCache supports AUTH tokens only with encryption in transit.".to_string();
        if !is_set(&transit) || on == Some(false) {
            out.push(emit(
                r,
                !tv.is_unknown(),
                "aws-elasticache-auth-token",
                token.location(),
                message,
                fix,
                ELASTICACHE_AUTH_SOURCE,
            ));
        } else if on.is_none() {
            let message = "auth_token would fail if transit_encryption_enabled (not known before apply) is false: AUTH tokens need encryption in transit.".to_string();
            out.push(emit(
                r,
                false,
                "aws-elasticache-auth-token",
                token.location(),
                message,
                fix,
                ELASTICACHE_AUTH_SOURCE,
            ));
        }
    }
}

// ---------------------------------------------------------------------------
// WAFv2 geo match
// ---------------------------------------------------------------------------

fn waf(r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    visit_geo(r, &r.body(), 0, out);
}

fn visit_geo(r: &ResourceRef<'_>, block: &BlockRef<'_>, depth: usize, out: &mut Vec<Problem>) {
    if depth > 32 {
        return;
    }
    let mut names = BTreeSet::new();
    for b in block.body.blocks() {
        let name = if b.ident.as_str() == "dynamic" {
            match b.labels.first() {
                Some(l) => l.as_str().to_string(),
                None => continue,
            }
        } else {
            b.ident.as_str().to_string()
        };
        names.insert(name);
    }
    for name in names {
        for child in block.blocks(&name) {
            if name == "geo_match_statement" {
                geo(r, &child, out);
            } else {
                visit_geo(r, &child, depth + 1, out);
            }
        }
    }
}

fn geo(r: &ResourceRef<'_>, stmt: &BlockRef<'_>, out: &mut Vec<Problem>) {
    let attr = stmt.attr("country_codes");
    let value = attr.as_ref().map(|a| a.value());
    let empty = match &value {
        None => true,
        Some(v) if v.is_null() => true,
        Some(v) => v.length() == Some(0),
    };
    if !empty {
        return;
    }
    let (location, shown) = match &attr {
        Some(a) => (
            a.location(),
            a.origin().unwrap_or_else(|| a.source_text().to_string()),
        ),
        None => (stmt.location(), "no country_codes".to_string()),
    };
    let message = format!("GeoMatchStatement.CountryCodes must contain at least 1 country code, but {shown} is empty: AWS WAF rejects the rule (WAFInvalidParameterException) when the web ACL is created or updated.");
    let fix = "Give country_codes at least one ISO 3166 code, or add the rule only when the list is non-empty (dynamic \"rule\" with for_each = length(var.blocked_countries) > 0 ? [1] : []).".to_string();
    out.push(emit(
        r,
        true,
        "aws-wafv2-geo-match",
        location,
        message,
        fix,
        WAF_SOURCE,
    ));
}

// ---------------------------------------------------------------------------
// KMS key policy for CloudWatch Logs
// ---------------------------------------------------------------------------

#[derive(PartialEq, Eq)]
enum Policy {
    /// No policy at all: the default key policy applies.
    Absent,
    Allows,
    Denies,
    Unknown,
}

fn logs_kms(cx: &Ctx<'_>, r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    let project = cx.project;
    let Some(a) = r.attr("kms_key_id") else {
        return;
    };
    if a.value().is_null() {
        return;
    }
    let traced = trace(cx, r.instance.id, a.expr());
    for key in traced
        .resources
        .iter()
        .filter(|o| o.resource.mode == ResourceMode::Managed && o.resource.ty == "aws_kms_key")
    {
        let key_ref = ResourceRef {
            project,
            instance: &project.instances[key.instance],
            resource: key.resource,
        };
        let key_addr = key_ref.address();
        let state = key_policy(cx, key.instance, key.resource, allows_logs);
        let certain = !traced.uncertain && key_ref.presence() == Presence::Yes;
        let fix = format!("Give {key_addr} a key policy that allows the logs.<region>.amazonaws.com service principal kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe* (condition on kms:EncryptionContext:aws:logs:arn), besides the account root.");
        let head = "AccessDeniedException: The specified KMS key does not exist or is not allowed to be used with Arn 'arn:aws:logs:<region>:<account>:log-group:...'";
        match state {
            Policy::Absent => {
                let message = format!("{head}: {key_addr} has no key policy, and the default key policy does not let CloudWatch Logs (logs.<region>.amazonaws.com) use the key, so creating the log group fails.");
                out.push(emit(
                    r,
                    certain,
                    "aws-kms-logs-key-policy",
                    a.location(),
                    message,
                    fix,
                    LOGS_KMS_SOURCE,
                ));
            }
            Policy::Denies => {
                let message = format!("{head}: the key policy of {key_addr} does not allow the logs.<region>.amazonaws.com service principal, so creating the log group fails.");
                out.push(emit(
                    r,
                    certain,
                    "aws-kms-logs-key-policy",
                    a.location(),
                    message,
                    fix,
                    LOGS_KMS_SOURCE,
                ));
            }
            Policy::Allows | Policy::Unknown => {}
        }
    }
}

/// The key policy of a KMS key: its `policy` argument or an
/// `aws_kms_key_policy` for it in the same module instance.
fn key_policy(
    cx: &Ctx<'_>,
    inst: InstanceId,
    key: &Resource,
    allows: impl Fn(&str) -> bool,
) -> Policy {
    let project = cx.project;
    let instance = &project.instances[inst];
    let module = &project.modules[instance.module];
    let policy_expr = key.attr("policy").map(|a| &a.value).or_else(|| {
        module
            .managed()
            .filter(|p| p.ty == "aws_kms_key_policy")
            .filter(|p| {
                p.attr("key_id").is_some_and(|k| {
                    trace(cx, inst, &k.value)
                        .resources
                        .iter()
                        .any(|o| o.instance == inst && std::ptr::eq(o.resource, key))
                })
            })
            .find_map(|p| p.attr("policy").map(|a| &a.value))
    });
    let Some(expr) = policy_expr else {
        return Policy::Absent;
    };
    judge_policy(cx, inst, expr, key.file, allows)
}

/// Whether a policy (known JSON, or failing that its source text and the
/// source of the policy documents it references) passes `allows`.
fn judge_policy(
    cx: &Ctx<'_>,
    inst: InstanceId,
    expr: &tfready_model::ast::Expression,
    file: tfready_model::FileId,
    allows: impl Fn(&str) -> bool,
) -> Policy {
    let project = cx.project;
    use tfready_model::ast::Span as _;
    let instance = &project.instances[inst];
    let value = eval(project, instance, expr);
    if let Some(text) = value.as_str() {
        return if allows(text) {
            Policy::Allows
        } else {
            Policy::Denies
        };
    }
    // Not known: read the source, and that of the policy documents (and
    // other resources) it is built from.
    let mut text = String::new();
    if let Some(r) = expr.span() {
        text.push_str(project.files[file].text.get(r).unwrap_or(""));
    }
    let traced = trace(cx, inst, expr);
    for o in &traced.resources {
        text.push_str(
            project.files[o.resource.file]
                .text
                .get(o.resource.span.range.clone())
                .unwrap_or(""),
        );
    }
    if allows(&text) {
        Policy::Allows
    } else if traced.root_vars.is_empty() && !text.contains("file(") {
        // Every statement is written out in the configuration.
        Policy::Denies
    } else {
        Policy::Unknown
    }
}

/// A `logs.<region>.amazonaws.com` (or `logs.amazonaws.com`) principal.
fn allows_logs(text: &str) -> bool {
    text.match_indices("logs.").any(|(i, _)| {
        let rest = &text[i..];
        let end = rest
            .find(['"', '\'', ' ', '\n'])
            .unwrap_or(rest.len())
            .min(80);
        rest[..end].contains("amazonaws.com")
    })
}

// ---------------------------------------------------------------------------
// ALB access logs bucket policy
// ---------------------------------------------------------------------------

/// Elastic Load Balancing account IDs per region (for bucket policies
/// written with the regional account as principal).
const ELB_ACCOUNTS: &[&str] = &[
    "127311923021",
    "033677994240",
    "027434742980",
    "797873946194",
    "098369216593",
    "754344448648",
    "589379963580",
    "718504428378",
    "383597477331",
    "600734575887",
    "114774131450",
    "783225319266",
    "582318560864",
    "985666609251",
    "054676820928",
    "156460612806",
    "652711504416",
    "635631232127",
    "009996457667",
    "897822967062",
    "076674570225",
    "507241528517",
];

fn allows_elb(text: &str) -> bool {
    text.contains("logdelivery.elasticloadbalancing.amazonaws.com")
        || text.contains("aws_elb_service_account")
        || ELB_ACCOUNTS.iter().any(|a| text.contains(a))
}

/// Keys identifying the S3 bucket an expression names: `res:` the bucket
/// resources it comes from, `name:` its known name, and `text:` the
/// expression of those resources' `bucket` argument.
fn bucket_keys(
    cx: &Ctx<'_>,
    inst: InstanceId,
    expr: &tfready_model::ast::Expression,
) -> BTreeSet<String> {
    let project = cx.project;
    use tfready_model::ast::Span as _;
    let mut keys = BTreeSet::new();
    if let Some(name) = eval(project, &project.instances[inst], expr).as_str() {
        keys.insert(format!("name:{name}"));
    }
    for o in trace(cx, inst, expr).resources {
        if o.resource.mode != ResourceMode::Managed || o.resource.ty != "aws_s3_bucket" {
            continue;
        }
        keys.insert(format!("res:{}:{}", o.instance, o.resource.address()));
        if let Some(a) = o.resource.attr("bucket") {
            if let Some(name) = eval(project, &project.instances[o.instance], &a.value).as_str() {
                keys.insert(format!("name:{name}"));
            }
            if let Some(text) = a
                .value
                .span()
                .and_then(|r| project.files[o.resource.file].text.get(r))
            {
                keys.insert(format!("text:{}:{}", o.instance, text.trim()));
            }
        }
    }
    keys
}

fn alb_logs(cx: &Ctx<'_>, r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    let project = cx.project;
    // Network and gateway load balancers deliver logs differently.
    if let Some(kind) = r.eval("load_balancer_type") {
        if kind.as_str().is_some_and(|k| k != "application") {
            return;
        }
    }
    for logs in r.blocks("access_logs") {
        let Some(enabled) = logs.eval("enabled") else {
            continue;
        };
        let on = enabled.as_bool();
        if on == Some(false) || enabled.is_null() {
            continue;
        }
        let Some(bucket) = logs.attr("bucket") else {
            continue;
        };
        let bucket_value = bucket.value();
        if bucket_value.as_str() == Some("") {
            continue;
        }
        let traced = trace(cx, r.instance.id, bucket.expr());
        let buckets: Vec<_> = traced
            .resources
            .iter()
            .filter(|o| {
                o.resource.mode == ResourceMode::Managed && o.resource.ty == "aws_s3_bucket"
            })
            .collect();
        // What identifies the bucket: the bucket resources it comes from,
        // its name when known, and its expression as written (a bucket whose
        // `bucket` argument is the same local or variable is the same bucket).
        let mut keys = bucket_keys(cx, r.instance.id, bucket.expr());
        keys.insert(format!(
            "text:{}:{}",
            r.instance.id,
            bucket.source_text().trim()
        ));
        let mut found: Option<Policy> = None;
        for p in project.resources_of("aws_s3_bucket_policy") {
            let Some(pb) = p.attr("bucket") else { continue };
            let theirs = bucket_keys(cx, p.instance.id, pb.expr());
            if keys.is_disjoint(&theirs) {
                continue;
            }
            let state = match p.attr("policy") {
                Some(pa) => judge_policy(cx, p.instance.id, pa.expr(), p.resource.file, allows_elb),
                None => Policy::Absent,
            };
            if state == Policy::Allows || state == Policy::Unknown {
                found = Some(state);
                break;
            }
            found.get_or_insert(state);
        }
        let shown = match bucket_value.as_str() {
            Some(name) => format!("\"{name}\""),
            None => match buckets.first() {
                Some(b) => cert_address(project, b.instance, b.resource),
                None => bucket.source_text().to_string(),
            },
        };
        let condition = if on == Some(true) {
            ""
        } else {
            " (if access logs end up enabled)"
        };
        let message = match found {
            Some(Policy::Allows) | Some(Policy::Unknown) => continue,
            Some(_) => format!("Access logs are enabled with bucket {shown}, but its aws_s3_bucket_policy does not grant ELB log delivery (logdelivery.elasticloadbalancing.amazonaws.com or the regional ELB account): apply fails with \"InvalidConfigurationRequest: Access Denied for bucket\"{condition}."),
            None => format!("Access logs are enabled with bucket {shown}, but no aws_s3_bucket_policy in this configuration grants ELB log delivery to it (logdelivery.elasticloadbalancing.amazonaws.com or the regional ELB account): unless its policy is managed elsewhere, apply fails with \"InvalidConfigurationRequest: Access Denied for bucket\"{condition}."),
        };
        let fix = "Add an aws_s3_bucket_policy on the bucket allowing s3:PutObject on <bucket>/<prefix>/AWSLogs/<account-id>/* to the logdelivery.elasticloadbalancing.amazonaws.com service principal.".to_string();
        let location = bucket.location();
        let p = Problem::new(
            Severity::Warning,
            "aws-alb-access-logs-bucket-policy",
            location,
            message,
            fix,
        )
        .source(ALB_LOGS_SOURCE)
        .address(r.address());
        out.push(p);
    }
}

// ---------------------------------------------------------------------------
// RDS managed master password
// ---------------------------------------------------------------------------

fn rds_password(r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    let Some(manage) = r.attr("manage_master_user_password") else {
        return;
    };
    // aws_db_instance: password; aws_rds_cluster: master_password.
    let password = [
        "password",
        "password_wo",
        "master_password",
        "master_password_wo",
    ]
    .iter()
    .find_map(|name| r.attr(name));
    let Some(password) = password else {
        return;
    };
    let pv = password.value();
    if pv.is_null() {
        return;
    }
    let mv = manage.value();
    let arg = password.attr.key.as_str();
    let fix = format!("Remove `{arg}` and let RDS keep the master password in Secrets Manager (read it from master_user_secret), or set manage_master_user_password = false.");
    match mv.as_bool() {
        Some(true) => {
            let message = format!("Conflicting configuration arguments: \"manage_master_user_password\": conflicts with {arg}. RDS cannot manage the master password in Secrets Manager when one is given.");
            out.push(emit(
                r,
                !pv.is_unknown(),
                "aws-rds-managed-password",
                manage.location(),
                message,
                fix,
                RDS_SOURCE,
            ));
        }
        None if !mv.is_null() => {
            let message = format!("\"manage_master_user_password\" would conflict with {arg} if true (not known before apply).");
            out.push(emit(
                r,
                false,
                "aws-rds-managed-password",
                manage.location(),
                message,
                fix,
                RDS_SOURCE,
            ));
        }
        _ => {}
    }
}

/// Automated backups are kept 0 to 35 days (1 to 35 for Aurora clusters).
fn rds_retention(r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    let Some(attr) = r.attr("backup_retention_period") else {
        return;
    };
    let v = attr.value();
    let Some(days) = v.as_f64() else { return };
    let min = if r.resource.ty == "aws_rds_cluster" {
        1.0
    } else {
        0.0
    };
    if (min..=35.0).contains(&days) {
        return;
    }
    out.push(emit(
        r,
        true,
        "aws-rds-backup-retention-range",
        attr.location(),
        format!(
            "InvalidParameterValue: backup_retention_period {days} is outside {min}-35: RDS keeps automated backups for at most 35 days."
        ),
        "Use a value from 7 to 35, and AWS Backup (or manual snapshots) for longer retention.".to_string(),
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
    ));
}
