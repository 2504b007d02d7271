//! ## What it does
//! Flags instances and launch templates that set `key_name`: an SSH key
//! pair the team has to distribute and rotate.
//!
//! ## Why is this bad?
//! Private keys get copied to laptops and CI, are rarely rotated and are
//! hard to revoke; whoever holds one has a root shell.
//!
//! ## Example
//! ```hcl
//! resource "aws_instance" "app" {
//!   key_name = "deploy"
//! }
//! ```
//!
//! ## Use instead
//! Drop `key_name` and use Session Manager, with the
//! `AmazonSSMManagedInstanceCore` policy on the instance role.
//!
//! ## References
//! - Roadmap §4.3 Session Manager, §7 quick win 1

use super::super::*;
use crate::helpers::launchers;

pub const META: RuleMeta = RuleMeta {
    id: "TFR152",
    slug: "ssh-key-pair",
    title: "Instance uses an SSH key pair",
    severity: Severity::Low,
    phase: Phase::Three,
    coverage_row: 15,
    spec_section: "4.3",
    risk: "Long-lived private keys are copied around, rarely rotated and hard to revoke.",
    remediation: "Connect with Session Manager and drop key_name at the instance's next replacement (removing it replaces an aws_instance, so tfready fix does not); on launch templates, remove it now.",
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
    launchers(cx.project)
        .filter_map(|r| {
            let attr = r.attr("key_name")?;
            let v = attr.value();
            if v.is_null() || v.as_str() == Some("") {
                return None;
            }
            Some(
                Finding::new(
                    &META,
                    attr.location(),
                    format!("{} logs in with the SSH key pair {v}", r.address()),
                )
                .value(v.to_string())
                .resource(r.address()),
            )
        })
        .collect()
}
