//! ## What it does
//! Flags secret-named arguments (`password`, `auth_token`, `secret_string`,
//! ...) given a literal string that looks like a secret: in a resource, in
//! the `provider "aws"` block (`access_key`, `secret_key`, `token`), and
//! `NAME=value` assignments of secret-named variables in inline user data.
//! A value shaped like a setting (`"none"`, `"client_secret_basic"`: one
//! lowercase word) is not a secret, whatever the argument's name.
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

use tfready_model::secrets::{is_literal_secret, script_secrets};
use tfready_model::REDACTED;

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
    prices: &[],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn finding(r: &str, at: tfready_model::Location, what: String) -> Finding {
    Finding::new(&META, at, what).value(REDACTED).resource(r)
}

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in cx.project.resources() {
        for a in r.resource.block.body.attributes() {
            let key = a.key.as_str();
            let literal = a.value.as_str().is_some_and(|v| is_literal_secret(key, v));
            if literal {
                let Some(attr) = r.attr(a.key.as_str()) else {
                    continue;
                };
                out.push(finding(
                    &r.address(),
                    attr.location(),
                    format!(
                        "`{}` of {} is a literal secret",
                        a.key.as_str(),
                        r.address()
                    ),
                ));
            }
        }
        // Inline user data assigning a secret-named shell variable.
        if let Some(ud) = r.attr("user_data") {
            if ud.source_text().contains("<<") {
                for (name, _) in script_secrets(ud.source_text()) {
                    out.push(finding(
                        &r.address(),
                        ud.location(),
                        format!(
                            "the user data of {} sets {name} to a literal secret",
                            r.address()
                        ),
                    ));
                }
            }
        }
    }
    // Credentials written into the provider block.
    for m in cx.project.modules.iter() {
        for pr in m.providers.iter().filter(|p| p.name == "aws") {
            for key in ["access_key", "secret_key", "token"] {
                let Some(a) = pr.block.body.get_attribute(key) else {
                    continue;
                };
                if a.value.as_str().is_some_and(|v| !v.trim().is_empty()) {
                    let range =
                        tfready_model::ast::Span::span(&a.value).unwrap_or(pr.span.range.clone());
                    out.push(finding(
                        "provider.aws",
                        cx.project.location(pr.file, &range),
                        format!("`{key}` of provider \"aws\" is a literal credential"),
                    ));
                }
            }
        }
    }
    out
}
