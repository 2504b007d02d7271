//! ## What it does
//! Flags VPCs whose subnets rely on the default network ACL only (no
//! `aws_network_acl` in the VPC).
//!
//! ## Why is this bad?
//! Security groups are the only layer: one mistaken rule exposes the
//! instance; a subnet-level deny (e.g. the DB port from outside the VPC)
//! would have stopped it.
//!
//! ## Example
//! A VPC with subnets and no network ACL.
//!
//! ## Use instead
//! `aws_network_acl` for public and private subnets: 80/443 and ephemeral
//! ports in on public ones; the database port only from the VPC CIDR on
//! private ones.
//!
//! ## References
//! - Roadmap §6 phase 4 item 20
//! - <https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html>

use crate::helpers::absence;

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR192",
    slug: "no-network-acls",
    title: "VPC relies on the default network ACL",
    severity: Severity::Info,
    phase: Phase::Four,
    coverage_row: 19,
    spec_section: "6 (phase 4)",
    risk: "Security groups are the only network layer; one mistake exposes a port.",
    remediation: "Add network ACLs for the public and private subnets.",
    effort: "1 hour",
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
    p.resources_of("aws_vpc")
        .filter(|vpc| !cx.referenced_by(&["aws_network_acl"], &["vpc_id"], vpc))
        .map(|vpc| {
            absence(
                Finding::new(
                    &META,
                    vpc.location(),
                    format!("{} has only the default network ACL", vpc.address()),
                )
                .resource(vpc.address()),
                p,
            )
        })
        .collect()
}
