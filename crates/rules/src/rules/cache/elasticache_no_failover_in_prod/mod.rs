//! ## What it does
//! Flags ElastiCache replication groups without
//! `automatic_failover_enabled = true` in production (evaluated per
//! environment).
//!
//! ## Why is this bad?
//! Without failover a replica is a copy no one uses in an outage: the
//! primary's failure takes the cache down.
//!
//! ## Example
//! ```hcl
//! resource "aws_elasticache_replication_group" "sessions" {
//!   num_cache_clusters = 1
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_elasticache_replication_group" "sessions" {
//!   num_cache_clusters         = 2
//!   automatic_failover_enabled = true
//!   multi_az_enabled           = true
//! }
//! ```
//!
//! ## References
//! - Roadmap §2.1 ElastiCache Redis (Multi-AZ in prod)
//! - <https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html>

use crate::helpers::{environment, is_prod, is_true};

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR952",
    slug: "elasticache-no-failover-in-prod",
    title: "Production Redis without automatic failover",
    severity: Severity::Medium,
    phase: Phase::Three,
    coverage_row: 0,
    spec_section: "2.1",
    risk: "When the primary node fails, the cache is down until someone promotes a replica or AWS replaces the node: sessions and queues stop.",
    remediation: "Set automatic_failover_enabled = true and multi_az_enabled = true, with at least two cache clusters (num_cache_clusters >= 2), in prod.",
    effort: "30 minutes",
    fixer: None,
    prices: &[],
    per_environment: true,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    if !is_prod(environment(cx.project).as_deref()) {
        return Vec::new();
    }
    cx.project
        .resources_of("aws_elasticache_replication_group")
        .filter(|r| {
            let v = r.eval("automatic_failover_enabled");
            !v.as_ref().is_some_and(|v| v.is_unknown()) && !is_true(r, "automatic_failover_enabled")
        })
        .map(|r| {
            Finding::new(
                &META,
                r.location(),
                format!("{} does not fail over automatically in prod", r.address()),
            )
            .resource(r.address())
        })
        .collect()
}
