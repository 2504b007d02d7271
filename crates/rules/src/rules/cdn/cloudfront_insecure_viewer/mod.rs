//! ## What it does
//! Flags CloudFront distributions with a cache behaviour whose
//! `viewer_protocol_policy` is `allow-all`, or whose viewer certificate
//! allows a protocol below TLS 1.2 (`minimum_protocol_version` SSLv3,
//! TLSv1, TLSv1_2016 or TLSv1.1_2016).
//!
//! ## Why is this bad?
//! `allow-all` serves content over plain HTTP; old TLS versions stay
//! negotiable for anyone who asks for them.
//!
//! ## Example
//! ```hcl
//! default_cache_behavior {
//!   viewer_protocol_policy = "allow-all"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! default_cache_behavior {
//!   viewer_protocol_policy = "redirect-to-https"
//! }
//! ```
//!
//! ## References
//! - Roadmap §3.2 CloudFront CDN
//! - <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html>

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR946",
    slug: "cloudfront-insecure-viewer",
    title: "CloudFront serving viewers over HTTP or old TLS",
    severity: Severity::Medium,
    phase: Phase::Four,
    coverage_row: 0,
    spec_section: "3.2",
    risk: "Pages, cookies and tokens cross the internet in clear text, or over TLS versions with known weaknesses.",
    remediation: "Set viewer_protocol_policy = \"redirect-to-https\" (or \"https-only\") on every cache behaviour and minimum_protocol_version = \"TLSv1.2_2021\".",
    effort: "10 minutes",
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
    const OLD: &[&str] = &["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"];
    let mut out = Vec::new();
    for d in cx.project.resources_of("aws_cloudfront_distribution") {
        for kind in ["default_cache_behavior", "ordered_cache_behavior"] {
            for b in d.blocks(kind) {
                if b.eval("viewer_protocol_policy")
                    .and_then(|v| v.as_string())
                    .as_deref()
                    == Some("allow-all")
                {
                    out.push(
                        Finding::new(
                            &META,
                            b.location(),
                            format!(
                                "{} serves viewers over plain HTTP ({kind} allow-all)",
                                d.address()
                            ),
                        )
                        .resource(d.address()),
                    );
                }
            }
        }
        for c in d.blocks("viewer_certificate") {
            if let Some(v) = c
                .eval("minimum_protocol_version")
                .and_then(|v| v.as_string())
            {
                if OLD.contains(&v.as_str()) {
                    out.push(
                        Finding::new(
                            &META,
                            c.location(),
                            format!("{} accepts viewers on {v}", d.address()),
                        )
                        .value(v.clone())
                        .resource(d.address()),
                    );
                }
            }
        }
    }
    out
}
