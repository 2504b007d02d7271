//! ## What it does
//! Flags an S3 backend that does not encrypt the state or does not lock it
//! (neither `use_lockfile = true` nor a `dynamodb_table`).
//!
//! ## Why is this bad?
//! Without encryption the secrets in the state sit unencrypted in the
//! bucket. Without locking two `apply` runs can interleave and corrupt the
//! state.
//!
//! ## Example
//! ```hcl
//! terraform {
//!   backend "s3" {
//!     bucket = "my-state"
//!     key    = "prod/terraform.tfstate"
//!     region = "eu-west-1"
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! terraform {
//!   backend "s3" {
//!     bucket       = "my-state"
//!     key          = "prod/terraform.tfstate"
//!     region       = "eu-west-1"
//!     encrypt      = true
//!     use_lockfile = true
//!   }
//! }
//! ```
//!
//! ## References
//! - Roadmap §1.1, §7 quick win 6
//! - <https://developer.hashicorp.com/terraform/language/backend/s3#state-locking>

use tfready_model::ast::Span as _;

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR012",
    slug: "state-backend-unprotected",
    title: "S3 state backend without encryption or locking",
    severity: Severity::High,
    phase: Phase::One,
    coverage_row: 1,
    spec_section: "1.1",
    risk:
        "Unencrypted state exposes its secrets; unlocked state can be corrupted by concurrent runs.",
    remediation: "Set `encrypt = true` and `use_lockfile = true` on the S3 backend.",
    effort: "10 minutes",
    fixer: Some(&super::local_state::fix::FIXER),
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
    let Some((tf, backend)) = p.root_module().backend() else {
        return Vec::new();
    };
    if backend.labels.first().map(|l| l.as_str()) != Some("s3") {
        return Vec::new();
    }
    let loc = p.location(tf.file, &backend.span().unwrap_or(tf.span.range.clone()));
    let truthy = |name: &str| {
        backend
            .body
            .get_attribute(name)
            .and_then(|a| a.value.as_bool())
            == Some(true)
    };
    let mut out = Vec::new();
    if !truthy("encrypt") {
        out.push(Finding::new(
            &META,
            loc.clone(),
            "the S3 backend does not set `encrypt = true`",
        ));
    }
    if !truthy("use_lockfile") && !backend.body.has_attribute("dynamodb_table") {
        out.push(Finding::new(&META, loc, "the S3 backend does not lock the state (no `use_lockfile = true`, no `dynamodb_table`)"));
    }
    out
}
