//! ## What it does
//! Flags AWS providers without `default_tags` carrying the full cost
//! allocation tag set (by default: Project, Environment, Owner, CostCenter,
//! ManagedBy, Application; set `required-tags` in `.tfready.toml`).
//!
//! ## Why is this bad?
//! Untagged resources cannot be attributed in billing, charged back or
//! found by owner; per-resource `tags` drift and miss new resources.
//!
//! ## Example
//! ```hcl
//! provider "aws" {
//!   region = "eu-west-1"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! provider "aws" {
//!   region = "eu-west-1"
//!   default_tags {
//!     tags = {
//!       Project     = "Storefront"
//!       Environment = var.environment
//!       Owner       = "Platform"
//!       CostCenter  = "Engineering"
//!       ManagedBy   = "Terraform"
//!       Application = "checkout"
//!     }
//!   }
//! }
//! ```
//!
//! ## References
//! - Roadmap §4.5 Enhanced Tagging, §7 quick win 5
//! - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block>

use tfready_model::{Evaluator, InstanceEnv};

use crate::helpers::project_anchor;

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR171",
    slug: "missing-default-tags",
    title: "Provider without the cost-allocation tag set in default_tags",
    severity: Severity::Low,
    phase: Phase::QuickWin,
    coverage_row: 17,
    spec_section: "4.5, 7.5",
    risk: "Costs cannot be attributed or charged back; resources cannot be found by owner.",
    remediation: "Add provider default_tags with Project, Environment, Owner, CostCenter, ManagedBy and Application.",
    effort: "15 minutes",
    fixer: Some(&fix::FIXER),
    prices: &[],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let p = cx.project;
    let root = p.root_module();
    let providers: Vec<_> = root
        .providers
        .iter()
        .filter(|pr| pr.name == "aws")
        .collect();
    if providers.is_empty() {
        if p.resources().any(|r| r.resource.ty.starts_with("aws_")) {
            return vec![Finding::new(
                &META,
                project_anchor(p),
                "no provider \"aws\" block, so no default_tags",
            )];
        }
        return Vec::new();
    }
    let env = InstanceEnv {
        project: p,
        instance: &p.instances[0],
    };
    let mut out = Vec::new();
    for pr in providers {
        let tags = pr
            .block
            .body
            .get_blocks("default_tags")
            .next()
            .and_then(|b| b.body.get_attribute("tags"))
            .map(|a| Evaluator::new(&env).eval(&a.value));
        let loc = p.location(pr.file, &pr.span.range);
        let keys: Vec<String> = match &tags {
            Some(v) if v.is_unknown() => continue, // cannot tell
            Some(v) => v
                .as_map()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let missing: Vec<&str> = cx
            .config
            .required_tags
            .iter()
            .map(String::as_str)
            .filter(|k| !keys.iter().any(|have| have == k))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let what = if tags.is_none() {
            "has no default_tags; missing"
        } else {
            "default_tags lack"
        };
        out.push(Finding::new(
            &META,
            loc,
            format!("provider \"aws\" {what}: {}", missing.join(", ")),
        ));
    }
    out
}
