//! ## What it does
//! Flags a project that manages workloads but no `aws_guardduty_detector`.
//!
//! ## Why is this bad?
//! Compromised instances, credential misuse and crypto-mining go unnoticed:
//! nothing analyses CloudTrail, VPC flow or DNS logs for threats.
//!
//! ## Example
//! A stack with instances and a database and no detector.
//!
//! ## Use instead
//! ```hcl
//! resource "aws_guardduty_detector" "main" {
//!   enable = true
//! }
//! resource "aws_guardduty_detector_feature" "s3" {
//!   detector_id = aws_guardduty_detector.main.id
//!   name        = "S3_DATA_EVENTS"
//!   status      = "ENABLED"
//! }
//! ```
//! with findings sent to SNS through an EventBridge rule.
//!
//! ## References
//! - Roadmap §3.3 GuardDuty
//! - <https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-features-activation-model.html>

use crate::helpers::{absence, any_of, project_anchor};

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR121",
    slug: "no-guardduty",
    title: "No GuardDuty threat detection",
    severity: Severity::Medium,
    phase: Phase::Three,
    coverage_row: 12,
    spec_section: "3.3",
    risk: "Compromise, credential misuse and crypto-mining go unnoticed.",
    remediation: "Enable a GuardDuty detector with its feature resources and send findings to SNS via EventBridge.",
    effort: "30 minutes",
    fixer: Some(&fix::FIXER),
    prices: &["aws_guardduty_detector", "aws_sns_topic"],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    let workloads = any_of(
        p,
        &[
            "aws_instance",
            "aws_db_instance",
            "aws_autoscaling_group",
            "aws_lb",
            "aws_ecs_service",
            "aws_eks_cluster",
            "aws_lambda_function",
        ],
    );
    // A detector with `enable = false` watches nothing.
    let watching = p
        .resources_of("aws_guardduty_detector")
        .any(|d| d.eval("enable").and_then(|v| v.as_bool()) != Some(false));
    if !workloads || watching {
        return Vec::new();
    }
    vec![absence(
        Finding::new(
            &META,
            project_anchor(p),
            "no GuardDuty detector watches this account",
        ),
        p,
    )]
}
