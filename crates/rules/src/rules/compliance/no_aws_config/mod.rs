//! ## What it does
//! Flags a project with no AWS Config recorder
//! (`aws_config_configuration_recorder`).
//!
//! ## Why is this bad?
//! There is no history of configuration changes and no continuous
//! compliance evaluation: who opened that port, and when?
//!
//! ## Example
//! A stack with no Config recorder.
//!
//! ## Use instead
//! An `aws_config_configuration_recorder`, a delivery channel to an S3
//! bucket (with the bucket policy Config needs) and a recorder status.
//!
//! ## References
//! - Roadmap §6 phase 4 item 19
//! - <https://docs.aws.amazon.com/config/latest/developerguide/how-does-config-work.html>

use crate::helpers::{absence, any_of, project_anchor};

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR191",
    slug: "no-aws-config",
    title: "No AWS Config recorder",
    severity: Severity::Low,
    phase: Phase::Four,
    coverage_row: 19,
    spec_section: "6 (phase 4)",
    risk: "No configuration history or compliance auditing.",
    remediation: "Add an AWS Config recorder with a delivery channel to S3.",
    effort: "1 hour",
    fixer: Some(&fix::FIXER),
    prices: &[
        "aws_config_config_rule",
        "aws_config_configuration_recorder",
        "aws_s3_bucket",
    ],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    if any_of(p, &["aws_config_configuration_recorder"])
        || !p.resources().any(|r| r.resource.ty.starts_with("aws_"))
    {
        return Vec::new();
    }
    vec![absence(
        Finding::new(
            &META,
            project_anchor(p),
            "no AWS Config recorder records configuration changes",
        ),
        p,
    )]
}
