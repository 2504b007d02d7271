//! ## What it does
//! Flags a stack with nothing watching it: instances, databases and load
//! balancers in a project with no `aws_cloudwatch_metric_alarm`, or alarms
//! that notify no one (no `alarm_actions`).
//!
//! ## Why is this bad?
//! Nobody learns of a full disk, a CPU pinned at 100% or a failing status
//! check until users do.
//!
//! ## Example
//! A project with an `aws_instance` and an `aws_db_instance` and no alarm.
//!
//! ## Use instead
//! ```hcl
//! resource "aws_sns_topic" "alerts" { name = "alerts" }
//!
//! resource "aws_cloudwatch_metric_alarm" "cpu_high" {
//!   alarm_name          = "app-cpu-high"
//!   namespace           = "AWS/EC2"
//!   metric_name         = "CPUUtilization"
//!   comparison_operator = "GreaterThanThreshold"
//!   threshold           = 80
//!   evaluation_periods  = 2
//!   period              = 300
//!   statistic           = "Average"
//!   alarm_actions       = [aws_sns_topic.alerts.arn]
//! }
//! ```
//!
//! ## References
//! - Roadmap §1.5 CloudWatch Monitoring & Alarms, §7 quick win 4
//! - <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html>

use crate::helpers::absence;

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR051",
    slug: "no-monitoring",
    title: "No CloudWatch alarms, or alarms that notify no one",
    severity: Severity::High,
    phase: Phase::One,
    coverage_row: 5,
    spec_section: "1.5, 7.4",
    risk: "Failures are found by users, not by the team: no visibility, no alerts.",
    remediation: "Add a monitoring module: SNS topic with an email subscription, CPU/status/storage/latency alarms for EC2 (or the ASG), RDS and the ALB, log groups with retention, a dashboard.",
    effort: "2-3 hours",
    fixer: Some(&fix::FIXER),
    prices: &["aws_cloudwatch_dashboard", "aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm", "aws_instance", "aws_kms_key", "aws_sns_topic"],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

const WATCHED: &[(&str, &str)] = &[
    ("aws_instance", "instance"),
    ("aws_autoscaling_group", "Auto Scaling group"),
    ("aws_db_instance", "database"),
    ("aws_rds_cluster", "database cluster"),
    ("aws_lb", "load balancer"),
    ("aws_elasticache_replication_group", "cache"),
];

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    let alarms: Vec<_> = p.resources_of("aws_cloudwatch_metric_alarm").collect();
    if alarms.is_empty() {
        return p
            .resources()
            .filter_map(|r| WATCHED.iter().find(|(t, _)| *t == r.resource.ty).map(|(_, what)| (r, *what)))
            .map(|(r, what)| {
                let f = Finding::new(
                    &META,
                    r.location(),
                    format!("no CloudWatch alarm watches this {what} ({}), and no one is alerted when it fails", r.address()),
                );
                absence(f.resource(r.address()), p)
            })
            .collect();
    }
    alarms
        .into_iter()
        .filter(|a| a.attr("alarm_actions").is_none())
        .map(|a| {
            Finding::new(
                &META,
                a.location(),
                format!(
                    "{} has no alarm_actions: it changes state and notifies no one",
                    a.address()
                ),
            )
            .resource(a.address())
        })
        .collect()
}
