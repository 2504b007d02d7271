//! ## What it does
//! Flags instances without `iam_instance_profile`, and launch templates
//! without an `iam_instance_profile` block.
//!
//! ## Why is this bad?
//! Without a role Session Manager cannot manage the instance (SSH stays
//! the only way in) and the app has no temporary credentials, so someone
//! copies access keys onto it.
//!
//! ## Example
//! ```hcl
//! resource "aws_instance" "app" {
//!   ami           = "ami-123"
//!   instance_type = "t3.small"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_instance" "app" {
//!   ami                  = "ami-123"
//!   instance_type        = "t3.small"
//!   iam_instance_profile = aws_iam_instance_profile.app.name
//! }
//! ```
//!
//! ## References
//! - Roadmap §4.3 Session Manager (the instance role needs AmazonSSMManagedInstanceCore)
//! - <https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR923",
    slug: "instance-without-role",
    title: "Instance without an IAM role",
    severity: Severity::Low,
    phase: Phase::Three,
    coverage_row: 0,
    spec_section: "4.3",
    risk: "Session Manager cannot reach the instance and the app has no credentials of its own: keys end up in files or user data.",
    remediation: "Give the instance an instance profile (iam_instance_profile) with AmazonSSMManagedInstanceCore and what the app needs.",
    effort: "15 minutes",
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
    let mut out = Vec::new();
    for r in cx.project.resources_of("aws_instance") {
        if r.attr("iam_instance_profile").is_none() {
            out.push(
                Finding::new(
                    &META,
                    r.location(),
                    format!("{} runs without an IAM role", r.address()),
                )
                .resource(r.address()),
            );
        }
    }
    for r in cx.project.resources_of("aws_launch_template") {
        // An EKS managed node group's template must not name a profile:
        // EKS gives its nodes the group's role.
        let eks_nodes = cx.referenced_by(
            &["aws_eks_node_group"],
            &["launch_template.id", "launch_template.name"],
            &r,
        );
        if r.blocks("iam_instance_profile").is_empty() && !eks_nodes {
            out.push(
                Finding::new(
                    &META,
                    r.location(),
                    format!("{} launches instances without an IAM role", r.address()),
                )
                .resource(r.address()),
            );
        }
    }
    out
}
