//! AWS apply-time constraints: configurations the provider accepts at plan
//! but the AWS APIs reject at apply. Each check names its source document.
//! Values come from the model; when the outcome depends on an unknown value
//! the problem is a warning ("would fail if ..."), and nothing is reported
//! when nothing can be decided.

use std::collections::BTreeSet;

use tfready_model::{
    BlockRef, InstanceId, Location, Presence, Project, Resource, ResourceMode, ResourceRef, Value,
};

use crate::trace::{eval, region_of};
use crate::{Ctx, Problem, Severity};

mod alb_logs;
mod backup;
mod cloudfront;
mod elasticache;
mod logs_kms;
mod rds;
mod waf;

use alb_logs::*;
use backup::*;
use cloudfront::*;
use elasticache::*;
use logs_kms::*;
use rds::*;
use waf::*;

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

/// A count as written in messages: whole numbers without a fraction.
fn count(n: f64) -> String {
    tfready_model::Value::Number(n).to_string()
}

fn known_num(v: &Option<Value>) -> Option<f64> {
    v.as_ref().and_then(Value::as_f64)
}

fn is_set(v: &Option<Value>) -> bool {
    v.as_ref().is_some_and(|v| !v.is_null())
}
