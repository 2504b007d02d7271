//! ## What it does
//! Flags secret-named arguments (`password`, `auth_token`, `secret_string`,
//! ...) given a literal string in a resource.
//!
//! ## Why is this bad?
//! The secret is in the repository and in every copy of it, and changing it
//! means a commit.
//!
//! ## Example
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   password = "hunter2"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_db_instance" "db" {
//!   manage_master_user_password = true
//! }
//! ```
//!
//! ## References
//! - Roadmap §1.2

use tfready_model::{secrets::looks_secret, REDACTED};

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR023",
    slug: "hardcoded-secret",
    title: "Secret written literally in the code",
    severity: Severity::Critical,
    phase: Phase::One,
    coverage_row: 2,
    spec_section: "1.2",
    risk: "The secret is in version control and every clone of it.",
    remediation: "Use a managed secret (Secrets Manager, RDS-managed password) or a sensitive variable set outside the repository.",
    effort: "1 hour",
    fixer: None,
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("hardcoded_secret.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in cx.project.resources() {
        for a in r.resource.block.body.attributes() {
            let literal = a.value.as_str().is_some_and(|s| !s.trim().is_empty());
            if literal && looks_secret(a.key.as_str()) {
                let attr = r.attr(a.key.as_str()).expect("attribute exists");
                out.push(
                    Finding::new(
                        &META,
                        attr.location(),
                        format!(
                            "`{}` of {} is a literal secret",
                            a.key.as_str(),
                            r.address()
                        ),
                    )
                    .value(REDACTED)
                    .resource(r.address()),
                );
            }
        }
    }
    out
}
