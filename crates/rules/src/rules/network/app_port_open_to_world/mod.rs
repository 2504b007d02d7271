//! ## What it does
//! Flags security group ingress that opens application ports (anything but
//! 80, 443 and SSH, which has its own rule) to the whole internet,
//! `0.0.0.0/0` or `::/0`. Inline `ingress` blocks (static or `dynamic`),
//! `aws_security_group_rule` and `aws_vpc_security_group_ingress_rule` are
//! all checked.
//!
//! ## Why is this bad?
//! Development servers and internal APIs (`3000`, `8080`, ...) answer
//! anyone on the internet, bypassing TLS, the load balancer and any WAF.
//!
//! ## Example
//! ```hcl
//! ingress {
//!   from_port   = 3000
//!   to_port     = 3000
//!   protocol    = "tcp"
//!   cidr_blocks = ["0.0.0.0/0"]
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! ingress {
//!   from_port       = 80
//!   to_port         = 80
//!   protocol        = "tcp"
//!   security_groups = [aws_security_group.alb.id]
//! }
//! ```
//!
//! ## References
//! - Roadmap §4.1 Security Group Hardening, §1.4
//! - <https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>

use crate::helpers::presence_note;
use crate::ingress::NOT_APP_PORTS;

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR131",
    slug: "app-port-open-to-world",
    title: "Application port open to the internet",
    severity: Severity::High,
    phase: Phase::One,
    coverage_row: 13,
    spec_section: "4.1",
    risk: "Internal services answer anyone on the internet, bypassing TLS, the load balancer and the WAF.",
    remediation: "Allow the app ports only from the load balancer's security group.",
    effort: "15 minutes",
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
    let mut out = Vec::new();
    for i in cx.ingress() {
        // ICMP has no ports to serve an application on.
        let only_other = i.icmp
            || !i.all_ports
                && match (i.from_port, i.to_port) {
                    (Some(f), Some(t)) => NOT_APP_PORTS.iter().any(|p| f == *p && t == *p),
                    _ => true, // unknown ports: cannot tell
                };
        if only_other {
            continue;
        }
        for (attr, cidr) in i.world_sources() {
            let what = i
                .description()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            let via = attr
                .origin()
                .map(|o| format!(" via {o}"))
                .unwrap_or_default();
            out.push(
                Finding::new(
                    &META,
                    i.block.location(),
                    format!(
                        "{} allows {}{what} from {cidr}{via}{}",
                        i.resource().address(),
                        i.ports(),
                        presence_note(i.resource())
                    ),
                )
                .value(attr.value().to_string())
                .resource(i.resource().address()),
            );
        }
    }
    out
}
