//! ## What it does
//! Flags a root module whose state is kept on local disk: no `backend`
//! block (and no `cloud` block), or `backend "local"`.
//!
//! ## Why is this bad?
//! The state file holds every secret Terraform knows (database passwords,
//! keys) in plain text. On one laptop it cannot be shared, locked or
//! recovered: two concurrent `apply` runs corrupt it, and losing the file
//! leaves the infrastructure unmanageable.
//!
//! ## Example
//! ```hcl
//! terraform {
//!   backend "local" {
//!     path = "terraform.tfstate"
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! terraform {
//!   backend "s3" {
//!     bucket       = "storefront-terraform-state-123456789012"
//!     key          = "prod/terraform.tfstate"
//!     region       = "eu-west-1"
//!     encrypt      = true
//!     use_lockfile = true # S3 native locking, Terraform >= 1.10
//!   }
//! }
//! ```
//! Create the bucket with `tfready bootstrap-state`, then run
//! `terraform init -migrate-state`.
//!
//! ## References
//! - Roadmap §1.1 Terraform State Management, §7 quick win 6
//! - <https://developer.hashicorp.com/terraform/language/backend/s3>

use tfready_model::{ast::Span as _, Location};

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR011",
    slug: "local-state",
    title: "Terraform state is stored locally",
    severity: Severity::Critical,
    phase: Phase::One,
    coverage_row: 1,
    spec_section: "1.1, 7.6",
    risk: "State holds secrets in plain text, cannot be shared or locked, and is lost with the disk it is on.",
    remediation: "Use an S3 backend with encryption and S3 native locking (use_lockfile); create the bucket with `tfready bootstrap-state` and migrate with `terraform init -migrate-state`.",
    effort: "30 minutes",
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
    if root.cloud().is_some() {
        return Vec::new();
    }
    match root.backend() {
        Some((tf, backend)) => {
            let kind = backend.labels.first().map(|l| l.as_str()).unwrap_or("");
            if kind != "local" {
                return Vec::new();
            }
            let range = backend.span().unwrap_or(tf.span.range.clone());
            let path = backend
                .body
                .get_attribute("path")
                .and_then(|a| a.value.as_str().map(str::to_string))
                .unwrap_or_else(|| "terraform.tfstate".into());
            vec![Finding::new(
                &META,
                p.location(tf.file, &range),
                format!("state is kept in the local file {path:?}"),
            )
            .value("backend \"local\"")]
        }
        None => {
            let loc = match root.terraform.first() {
                Some(tf) => p.location(tf.file, &tf.span.range),
                None => root
                    .files
                    .first()
                    .map(|&f| Location::file_only(p.files[f].display.clone()))
                    .unwrap_or_else(|| Location::file_only("main.tf")),
            };
            vec![Finding::new(
                &META,
                loc,
                "no backend is configured, so state is kept in a local terraform.tfstate",
            )]
        }
    }
}
