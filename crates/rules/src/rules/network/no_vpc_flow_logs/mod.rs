//! ## What it does
//! Flags VPCs with no `aws_flow_log` attached.
//!
//! ## Why is this bad?
//! Without flow logs there is no record of who talked to what: security
//! investigations and network troubleshooting start blind.
//!
//! ## Example
//! ```hcl
//! resource "aws_vpc" "main" {
//!   cidr_block = "10.20.0.0/16"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_flow_log" "vpc" {
//!   vpc_id          = aws_vpc.main.id
//!   traffic_type    = "ALL"
//!   log_destination = aws_cloudwatch_log_group.flow.arn
//!   iam_role_arn    = aws_iam_role.flow.arn
//! }
//! ```
//!
//! ## References
//! - Roadmap §2.3 VPC Flow Logs, §7 quick win 3
//! - <https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html>

use crate::helpers::absence;

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR081",
    slug: "no-vpc-flow-logs",
    title: "VPC without flow logs",
    severity: Severity::Medium,
    phase: Phase::Two,
    coverage_row: 8,
    spec_section: "2.3, 7.3",
    risk: "No network traffic record for security investigations, compliance or troubleshooting.",
    remediation:
        "Add an aws_flow_log to CloudWatch Logs with retention and a least-privilege role.",
    effort: "30 minutes",
    fixer: Some(&fix::FIXER),
    prices: &["aws_cloudwatch_log_group", "aws_flow_log"],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    p.resources_of("aws_vpc")
        .filter(|vpc| !cx.referenced_by(&["aws_flow_log"], &["vpc_id"], vpc))
        .map(|vpc| {
            absence(
                Finding::new(
                    &META,
                    vpc.location(),
                    format!("{} has no flow log", vpc.address()),
                )
                .resource(vpc.address()),
                p,
            )
        })
        .collect()
}
