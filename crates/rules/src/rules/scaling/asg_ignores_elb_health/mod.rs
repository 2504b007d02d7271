//! ## What it does
//! Flags Auto Scaling groups registered with a load balancer
//! (`target_group_arns` or `load_balancers`) whose `health_check_type` is not
//! `"ELB"` (the default is `"EC2"`).
//!
//! ## Why is this bad?
//! With EC2 health checks the group only replaces instances whose VM fails;
//! an app that crashed or hangs keeps its instance in the group forever.
//!
//! ## Example
//! ```hcl
//! resource "aws_autoscaling_group" "web" {
//!   target_group_arns = [aws_lb_target_group.web.arn]
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_autoscaling_group" "web" {
//!   target_group_arns         = [aws_lb_target_group.web.arn]
//!   health_check_type         = "ELB"
//!   health_check_grace_period = 300
//! }
//! ```
//!
//! ## References
//! - Roadmap §2.4 Auto Scaling Group (health_check_type = "ELB")
//! - <https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-health-checks.html>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR945",
    slug: "asg-ignores-elb-health",
    title: "Auto Scaling group behind a load balancer that ignores its health checks",
    severity: Severity::Medium,
    phase: Phase::Three,
    coverage_row: 0,
    spec_section: "2.4",
    risk: "An instance whose app has died but whose VM still runs stays in service: the load balancer marks it unhealthy, the group never replaces it.",
    remediation: "Set health_check_type = \"ELB\" (with a health_check_grace_period that covers the boot).",
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
        .resources_of("aws_autoscaling_group")
        .filter(|g| g.attr("target_group_arns").is_some() || g.attr("load_balancers").is_some())
        .filter(|g| match g.eval("health_check_type") {
            Some(v) if v.is_unknown() => false,
            Some(v) => v.as_string().as_deref() != Some("ELB"),
            None => true,
        })
        .map(|g| {
            let at = g.attr("health_check_type").map_or_else(|| g.location(), |a| a.location());
            Finding::new(&META, at, format!("{} sits behind a load balancer but replaces instances on EC2 health checks only", g.address()))
                .resource(g.address())
        })
        .collect()
}
