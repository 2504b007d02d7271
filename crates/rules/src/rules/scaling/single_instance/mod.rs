//! ## What it does
//! Flags a lone `aws_instance` serving the application (it has an Elastic
//! IP, a public IP, or sits in a load balancer target group) in a project
//! with no Auto Scaling group.
//!
//! ## Why is this bad?
//! One instance is one point of failure: a host failure, a bad deploy or an
//! AZ outage takes the application down, and load cannot be spread.
//!
//! ## Example
//! ```hcl
//! resource "aws_instance" "app" { instance_type = "m6i.large" }
//! resource "aws_eip" "app" { instance = aws_instance.app.id }
//! ```
//!
//! ## Use instead
//! A launch template (encrypted gp3, IMDSv2) and an `aws_autoscaling_group`
//! behind the ALB with ELB health checks, rolling instance refresh, at least
//! two instances in prod and scaling policies.
//!
//! ## References
//! - Roadmap §2.4 Auto Scaling Group
//! - <https://docs.aws.amazon.com/autoscaling/ec2/userguide/what-is-amazon-ec2-auto-scaling.html>

use crate::helpers::{any_of, is_true};

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR091",
    slug: "single-instance",
    title: "The application runs on a single instance, with no Auto Scaling group",
    severity: Severity::Medium,
    phase: Phase::Three,
    coverage_row: 9,
    spec_section: "2.4",
    risk: "Single point of failure: one host or AZ failure, or one bad deploy, is an outage.",
    remediation: "Run the app in an Auto Scaling group (min 2 in prod) behind the ALB, from a launch template.",
    effort: "2-3 hours",
    fixer: Some(&fix::FIXER),
    prices: &["aws_autoscaling_group", "aws_cloudwatch_metric_alarm", "aws_lb", "aws_s3_bucket"],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    if any_of(p, &["aws_autoscaling_group"]) {
        return Vec::new();
    }
    p.resources_of("aws_instance")
        .filter(|i| {
            is_true(i, "associate_public_ip_address")
                || cx.referenced_by(&["aws_eip", "aws_eip_association"], &["instance"], i)
                || cx.referenced_by(&["aws_lb_target_group_attachment"], &["target_id"], i)
        })
        .map(|i| {
            Finding::new(
                &META,
                i.location(),
                format!("{} serves the application alone", i.address()),
            )
            .resource(i.address())
        })
        .collect()
}
