//! ## What it does
//! Flags WAFv2 web ACLs that no `aws_wafv2_web_acl_logging_configuration`
//! points at (`resource_arn`).
//!
//! ## Why is this bad?
//! Without logs the WAF is a black box: you cannot tell what it blocked,
//! tune a rule that blocks real users, or investigate an attack.
//!
//! ## Example
//! ```hcl
//! resource "aws_wafv2_web_acl" "web" {
//!   scope = "REGIONAL"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_wafv2_web_acl_logging_configuration" "web" {
//!   resource_arn            = aws_wafv2_web_acl.web.arn
//!   log_destination_configs = [aws_cloudwatch_log_group.waf.arn]
//! }
//! ```
//!
//! ## References
//! - Roadmap §2.2 WAF (logging configuration)
//! - <https://docs.aws.amazon.com/waf/latest/developerguide/logging.html>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR963",
    slug: "waf-no-logging",
    title: "WAF web ACL without logging",
    severity: Severity::Low,
    phase: Phase::Two,
    coverage_row: 0,
    spec_section: "2.2",
    risk: "Blocked and allowed requests leave no trace: false positives cannot be tuned and attacks cannot be investigated.",
    remediation: "Add an aws_wafv2_web_acl_logging_configuration sending the ACL's logs to a log group named aws-waf-logs-*.",
    effort: "30 minutes",
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
        .resources_of("aws_wafv2_web_acl")
        .filter(|acl| {
            !cx.referenced_by(
                &["aws_wafv2_web_acl_logging_configuration"],
                &["resource_arn"],
                acl,
            )
        })
        .map(|acl| Finding::on_resource(&META, &acl, None, "keeps no logs"))
        .collect()
}
