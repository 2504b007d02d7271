//! ALB access logs bucket policy.

use super::*;

/// Elastic Load Balancing account IDs per region (for bucket policies
/// written with the regional account as principal).
pub(super) const ELB_ACCOUNTS: &[&str] = &[
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

pub(super) fn allows_elb(text: &str) -> bool {
    text.contains("logdelivery.elasticloadbalancing.amazonaws.com")
        || text.contains("aws_elb_service_account")
        || ELB_ACCOUNTS.iter().any(|a| text.contains(a))
}

/// Keys identifying the S3 bucket an expression names: `res:` the bucket
/// resources it comes from, `name:` its known name, and `text:` the
/// expression of those resources' `bucket` argument.
pub(super) fn bucket_keys(
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
    for o in cx.project.value_sources(inst, expr).resources {
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

pub(super) fn alb_logs(cx: &Ctx<'_>, r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
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
        let traced = cx.project.value_sources(r.instance.id, bucket.expr());
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
