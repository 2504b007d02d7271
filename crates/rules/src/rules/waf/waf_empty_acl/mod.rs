//! ## What it does
//! Flags WAFv2 web ACLs with no `rule` block (static or `dynamic`) whose
//! default action is `allow`.
//!
//! ## Why is this bad?
//! An ACL without rules applies its default action to everything; with
//! `allow` it blocks nothing.
//!
//! ## Example
//! ```hcl
//! resource "aws_wafv2_web_acl" "web" {
//!   default_action {
//!     allow {}
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! rule {
//!   name     = "common"
//!   priority = 1
//!   override_action {
//!     none {}
//!   }
//!   statement {
//!     managed_rule_group_statement {
//!       vendor_name = "AWS"
//!       name        = "AWSManagedRulesCommonRuleSet"
//!     }
//!   }
//! }
//! ```
//!
//! ## References
//! - Roadmap §2.2 WAF
//! - <https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR965",
    slug: "waf-empty-acl",
    title: "WAF web ACL with no rules",
    severity: Severity::Medium,
    phase: Phase::Two,
    coverage_row: 0,
    spec_section: "2.2",
    risk: "The ACL lets every request through: it costs money and shows up as protection while protecting nothing.",
    remediation: "Add rules: the AWS managed rule groups (common rule set, known bad inputs, IP reputation) and a rate limit.",
    effort: "1 hour",
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
            let body = &acl.resource.block.body;
            let rules = body.get_blocks("rule").next().is_some()
                || body
                    .get_blocks("dynamic")
                    .any(|d| d.labels.first().is_some_and(|l| l.as_str() == "rule"))
                || acl.attr("rule_json").is_some();
            let allows = acl
                .blocks("default_action")
                .iter()
                .any(|d| !d.blocks("allow").is_empty());
            !rules && allows
        })
        .map(|acl| {
            Finding::new(
                &META,
                acl.location(),
                format!("{} has no rules and allows every request", acl.address()),
            )
            .resource(acl.address())
        })
        .collect()
}
