//! ## What it does
//! Flags CloudWatch metric alarms with `actions_enabled = false`.
//!
//! ## Why is this bad?
//! Such an alarm goes into ALARM without sending its SNS notification or
//! running its actions; it looks like monitoring and is not.
//!
//! ## Example
//! ```hcl
//! resource "aws_cloudwatch_metric_alarm" "cpu" {
//!   actions_enabled = false
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_cloudwatch_metric_alarm" "cpu" {
//!   alarm_actions = [aws_sns_topic.alerts.arn]
//! }
//! ```
//!
//! ## References
//! - Roadmap §1.5 CloudWatch Monitoring & Alarms
//! - <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR932",
    slug: "alarm-actions-disabled",
    title: "Alarm whose actions are switched off",
    severity: Severity::Medium,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "1.5",
    risk: "The alarm changes state but notifies no one: the outage it watches for goes unnoticed.",
    remediation: "Remove actions_enabled = false (the default is true), or delete the alarm if it is not wanted.",
    effort: "5 minutes",
    fixer: None,
    prices: &[],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    cx.project
        .resources_of("aws_cloudwatch_metric_alarm")
        .filter(|a| a.eval("actions_enabled").and_then(|v| v.as_bool()) == Some(false))
        .map(|a| {
            Finding::on_resource(
                &META,
                &a,
                Some("actions_enabled"),
                "has its actions switched off",
            )
        })
        .collect()
}
