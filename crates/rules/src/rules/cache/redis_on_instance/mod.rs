//! ## What it does
//! Flags Redis run on an application instance: user data (inline or a
//! script it reads with `templatefile`) that starts Redis in a container or
//! installs `redis-server`.
//!
//! ## Why is this bad?
//! The cache and its sessions vanish when the instance restarts, it cannot
//! fail over, nothing backs it up, and it competes with the app for memory.
//!
//! ## Example
//! ```hcl
//! user_data = <<-EOT
//!   docker run -d --name redis -p 6379:6379 redis:7
//! EOT
//! ```
//!
//! ## Use instead
//! An `aws_elasticache_replication_group` with encryption at rest and in
//! transit, an auth token, Multi-AZ failover in prod and snapshots, reachable
//! only from the app's security group.
//!
//! ## References
//! - Roadmap §2.1 ElastiCache Redis
//! - <https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/WhatIs.html>

use crate::helpers::{user_data_running, RUNS_REDIS};

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR061",
    slug: "redis-on-instance",
    title: "Redis runs on the application instance",
    severity: Severity::Medium,
    phase: Phase::Two,
    coverage_row: 6,
    spec_section: "2.1",
    risk: "Cache data is lost on restart; no failover, no backups; competes with the app for memory.",
    remediation: "Use an ElastiCache replication group (encrypted, auth token, Multi-AZ in prod) reachable only from the app.",
    effort: "1-2 hours",
    fixer: Some(&fix::FIXER),
    prices: &["aws_cloudwatch_log_group", "aws_elasticache_replication_group", "aws_secretsmanager_secret"],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    user_data_running(cx.project, RUNS_REDIS)
        .into_iter()
        .map(|(r, attr, from)| {
            Finding::new(
                &META,
                attr.location(),
                format!(
                    "user data of {} runs Redis on the instance{from}",
                    r.address()
                ),
            )
            .resource(r.address())
        })
        .collect()
}
