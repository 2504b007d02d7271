//! ## What it does
//! Flags TLS certificates managed by hand: certbot / Let's Encrypt steps in
//! instance user data or in outputs that tell an operator to SSH in, and
//! DNS names served with no `aws_acm_certificate` anywhere in the project.
//!
//! ## Why is this bad?
//! Let's Encrypt certificates expire every 90 days. Renewal by hand needs
//! SSH access and someone to remember; when it is missed the site goes
//! down. The certificate is tied to one instance, so it cannot move behind
//! a load balancer.
//!
//! ## Example
//! ```hcl
//! user_data = <<-EOT
//!   certbot --nginx -d app.example.com
//! EOT
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_acm_certificate" "app" {
//!   domain_name               = "app.example.com"
//!   subject_alternative_names = ["*.example.com"]
//!   validation_method         = "DNS"
//! }
//! ```
//! with `aws_route53_record` validation records and an
//! `aws_acm_certificate_validation`.
//!
//! ## References
//! - Roadmap §1.3 ACM Certificate Management, §7 quick win 2
//! - <https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html>

use crate::helpers::{
    any_of, has_unanalysed_modules, longest_matching_run, mentions, user_data_running, MANUAL_TLS,
};

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR031",
    slug: "manual-tls-certificate",
    title: "TLS certificate managed by hand instead of ACM",
    severity: Severity::High,
    phase: Phase::One,
    coverage_row: 3,
    spec_section: "1.3, 7.2",
    risk: "Manual renewal every 90 days over SSH; a missed renewal takes the site down.",
    remediation:
        "Issue the certificate with ACM, validated through Route 53 DNS records; it renews itself.",
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
    let mut out = Vec::new();
    // Outputs that walk an operator through it.
    for m in p.modules.iter() {
        for o in m.outputs.values() {
            let loc = p.location(o.file, &o.span.range);
            let text = &p.files[o.file].text[o.span.range.clone()];
            // Prose, not a script: any line that is not a comment.
            let documents = text
                .lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .any(|l| mentions(l, MANUAL_TLS));
            if !documents {
                continue;
            }
            let steps = longest_matching_run(p, &loc, |l| {
                mentions(l, MANUAL_TLS) || mentions(l, &["ssh "])
            })
            .unwrap_or(loc);
            out.push(
                Finding::new(
                    &META,
                    steps,
                    format!(
                        "output \"{}\" documents manual Let's Encrypt certificate steps over SSH",
                        o.name
                    ),
                )
                .resource(format!("output.{}", o.name)),
            );
        }
    }
    // User data that runs certbot.
    for (r, attr, from) in user_data_running(p, MANUAL_TLS) {
        out.push(
            Finding::new(
                &META,
                attr.location(),
                format!(
                    "user data of {} obtains a certificate with certbot{from}",
                    r.address()
                ),
            )
            .resource(r.address()),
        );
    }
    // A served name and no ACM certificate at all.
    if out.is_empty() && !any_of(p, &["aws_acm_certificate"]) && !has_unanalysed_modules(p) {
        if let Some(r) = p.resources_of("aws_route53_record").find(|r| {
            r.blocks("alias").is_empty()
                && matches!(
                    r.eval("type").and_then(|t| t.as_string()).as_deref(),
                    Some("A" | "AAAA" | "CNAME")
                )
        }) {
            out.push(
                Finding::new(
                    &META,
                    r.location(),
                    format!(
                        "{} serves a DNS name but the project has no aws_acm_certificate",
                        r.address()
                    ),
                )
                .resource(r.address()),
            );
        }
    }
    out
}
