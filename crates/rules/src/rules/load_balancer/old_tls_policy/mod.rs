//! ## What it does
//! Flags HTTPS/TLS listeners whose `ssl_policy` is unset (the default
//! `ELBSecurityPolicy-2016-08` allows TLS 1.0) or still negotiates TLS 1.0
//! or 1.1. TLS 1.3 policies pass, and so do the TLS 1.2-only ones
//! (`ELBSecurityPolicy-TLS-1-2-*`, `ELBSecurityPolicy-FS-1-2-*`). Those are
//! not outdated, though TLS 1.3 is faster.
//!
//! ## Why is this bad?
//! Old protocol versions and weak ciphers stay negotiable; compliance
//! scans fail.
//!
//! ## Example
//! ```hcl
//! resource "aws_lb_listener" "https" {
//!   protocol   = "HTTPS"
//!   ssl_policy = "ELBSecurityPolicy-2016-08"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_lb_listener" "https" {
//!   protocol   = "HTTPS"
//!   ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
//! }
//! ```
//!
//! ## References
//! - Roadmap §1.4
//! - <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR943",
    slug: "old-tls-policy",
    title: "HTTPS listener with an outdated TLS policy",
    severity: Severity::Medium,
    phase: Phase::Two,
    coverage_row: 0,
    spec_section: "1.4",
    risk: "Old TLS versions and weak ciphers remain negotiable.",
    remediation:
        "Use ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\" (or a newer TLS 1.3 policy).",
    effort: "5 minutes",
    fixer: Some(&super::alb_keeps_invalid_headers::fix::FIXER),
    prices: &[],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

/// ELB policies whose lowest protocol is TLS 1.2 (AWS's policy table).
fn tls12_only(name: &str) -> bool {
    name.starts_with("ELBSecurityPolicy-FS-1-2-") || name.starts_with("ELBSecurityPolicy-TLS-1-2-")
}

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    cx.project
        .resources_of("aws_lb_listener")
        .filter(|r| {
            matches!(
                r.eval("protocol").and_then(|v| v.as_string()).as_deref(),
                Some("HTTPS" | "TLS")
            )
        })
        .filter_map(|r| {
            let policy = r.eval("ssl_policy");
            let name = match &policy {
                Some(v) if v.is_unknown() => return None,
                Some(v) => v.as_string().unwrap_or_default(),
                None => "ELBSecurityPolicy-2016-08 (the default)".to_string(),
            };
            // Policies that negotiate TLS 1.2 at the lowest (forward-secret
            // ciphers): not outdated, only without TLS 1.3.
            if name.contains("TLS13") || tls12_only(&name) {
                return None;
            }
            let at = r
                .attr("ssl_policy")
                .map_or_else(|| r.location(), |a| a.location());
            Some(
                Finding::new(
                    &META,
                    at,
                    format!(
                        "{} uses {name}, which still negotiates TLS 1.0 or 1.1",
                        r.address()
                    ),
                )
                .value(name)
                .resource(r.address()),
            )
        })
        .collect()
}
