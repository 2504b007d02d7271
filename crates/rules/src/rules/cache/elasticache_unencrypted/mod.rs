//! ## What it does
//! Flags ElastiCache replication groups without
//! `at_rest_encryption_enabled = true` or `transit_encryption_enabled = true`
//! (a false or unset value; the Redis default depends on the engine version,
//! so only an explicit true counts), and groups encrypted in transit with
//! neither `auth_token` nor `user_group_ids` (no authentication).
//!
//! ## Why is this bad?
//! Redis holds sessions, tokens and queued jobs; unencrypted, its backups
//! and its traffic give them away.
//!
//! ## Example
//! ```hcl
//! resource "aws_elasticache_replication_group" "sessions" {
//!   at_rest_encryption_enabled = false
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_elasticache_replication_group" "sessions" {
//!   at_rest_encryption_enabled = true
//!   transit_encryption_enabled = true
//!   auth_token                 = data.aws_secretsmanager_secret_version.redis.secret_string
//! }
//! ```
//!
//! ## References
//! - Roadmap §2.1 ElastiCache Redis
//! - <https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/encryption.html>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR951",
    slug: "elasticache-unencrypted",
    title: "ElastiCache without encryption or authentication",
    severity: Severity::High,
    phase: Phase::Two,
    coverage_row: 0,
    spec_section: "2.1",
    risk: "Session data and tokens sit unencrypted on disk and in backups, or cross the network in clear text to anyone in the VPC.",
    remediation: "Set at_rest_encryption_enabled = true and transit_encryption_enabled = true (with an auth token); both need a new replication group.",
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
    let mut out = Vec::new();
    for r in cx.project.resources_of("aws_elasticache_replication_group") {
        let missing: Vec<&str> = [
            ("at_rest_encryption_enabled", "at rest"),
            ("transit_encryption_enabled", "in transit"),
        ]
        .iter()
        .filter(|(k, _)| match r.eval(k) {
            Some(v) if v.is_unknown() => false,
            Some(v) => v.as_bool() != Some(true),
            None => true,
        })
        .map(|(_, what)| *what)
        .collect();
        // In transit without an auth token (or RBAC user group), anyone in
        // the VPC who reaches the port can use the cache.
        let transit = r
            .eval("transit_encryption_enabled")
            .and_then(|v| v.as_bool())
            == Some(true);
        if transit && r.attr("auth_token").is_none() && r.attr("user_group_ids").is_none() {
            out.push(
                Finding::new(
                    &META,
                    r.location(),
                    format!(
                        "{} takes connections without an auth token or user group",
                        r.address()
                    ),
                )
                .resource(r.address()),
            );
        }
        if !missing.is_empty() {
            out.push(
                Finding::new(
                    &META,
                    r.location(),
                    format!("{} is not encrypted {}", r.address(), missing.join(" nor ")),
                )
                .resource(r.address()),
            );
        }
    }
    out
}
