//! ## What it does
//! Reports `tfready:ignore` comments that do not suppress anything: no
//! reason given, an unknown rule, an invalid or past `until=` date.
//!
//! ## Why is this bad?
//! A suppression without a reason cannot be reviewed; an expired one hides
//! nothing any more and its finding is back; a typo in the rule id
//! suppresses nothing.
//!
//! ## Example
//! ```hcl
//! # tfready:ignore ssh-open
//! resource "aws_security_group" "bastion" {}
//! ```
//!
//! ## Use instead
//! ```hcl
//! # tfready:ignore ssh-open until=2026-12-31 bastion for the migration, OPS-42
//! resource "aws_security_group" "bastion" {}
//! ```
//!
//! ## References
//! - README, "Suppressing findings"

use crate::suppress::{collect, today};

use super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR999",
    slug: "invalid-suppression",
    title: "Suppression comment that does not apply",
    severity: Severity::Low,
    phase: Phase::QuickWin,
    coverage_row: 0,
    spec_section: "-",
    risk: "Unexplained or stale suppressions hide risk from review, or hide nothing at all.",
    remediation: "Give the suppression a reason, a valid rule and (optionally) a future until= date, or delete it.",
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
    let today = today();
    collect(cx.project)
        .into_iter()
        .filter_map(|s| {
            s.problem(&today)
                .map(|p| Finding::new(&META, s.location.clone(), p))
        })
        .collect()
}
