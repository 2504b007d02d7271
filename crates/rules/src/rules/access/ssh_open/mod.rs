//! ## What it does
//! Flags security group ingress that allows SSH (port 22, or a range or
//! protocol covering it). Open to `0.0.0.0/0` / `::/0` it is high severity,
//! also when the CIDR comes from a variable whose default is the world;
//! restricted to some CIDRs it is medium: Session Manager needs no open
//! port at all.
//!
//! ## Why is this bad?
//! An open port 22 is scanned and brute-forced within minutes; SSH keys
//! have to be distributed, rotated and revoked by hand, and sessions leave
//! no audit trail.
//!
//! ## Example
//! ```hcl
//! ingress {
//!   from_port   = 22
//!   to_port     = 22
//!   protocol    = "tcp"
//!   cidr_blocks = var.ssh_allowed_cidr # default ["0.0.0.0/0"]
//! }
//! ```
//!
//! ## Use instead
//! Remove the ingress and connect with `aws ssm start-session --target
//! <instance-id>`; attach `AmazonSSMManagedInstanceCore` to the instance
//! role.
//!
//! ## References
//! - Roadmap §4.3 Session Manager, §7 quick win 1
//! - <https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html>

use tfready_model::{plain_var_ref, Value};

use crate::helpers::presence_note;
use crate::ingress::{Ingress, WORLD_V4, WORLD_V6};

use super::super::*;

pub(crate) mod fix;

pub const META: RuleMeta = RuleMeta {
    id: "TFR151",
    slug: "ssh-open",
    title: "SSH open in a security group",
    severity: Severity::High,
    phase: Phase::Three,
    coverage_row: 15,
    spec_section: "4.3, 7.1",
    risk: "Port 22 is brute-forced from the internet; keys are managed by hand and sessions are not audited.",
    remediation: "Remove the SSH ingress and use Session Manager (the SSM managed instance policy on the instance role).",
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
        if i.covers(22.0) != Some(true) {
            continue;
        }
        let world = i.world_sources();
        let note = presence_note(i.resource());
        if let Some((attr, cidr)) = world.first() {
            let via = attr
                .origin()
                .map(|o| format!(" via {o}"))
                .unwrap_or_default();
            out.push(
                Finding::new(
                    &META,
                    i.block.location(),
                    format!(
                        "{} allows SSH ({}) from {cidr}{via}{note}",
                        i.resource().address(),
                        i.ports()
                    ),
                )
                .value(attr.value().to_string())
                .resource(i.resource().address()),
            );
        } else if let Some((_, value)) = i
            .sources
            .iter()
            .find(|(_, v)| v.is_wholly_known() && v.length() != Some(0) && cidr_shaped(v))
        {
            let mut f = Finding::new(
                &META,
                i.block.location(),
                format!(
                    "{} allows SSH ({}) from {value}{note}",
                    i.resource().address(),
                    i.ports()
                ),
            )
            .value(value.to_string())
            .resource(i.resource().address());
            match world_default(i) {
                Some(default) => f.message.push_str(&format!("; the variable's default is {default}, so other environments open it to the world")),
                None => f.severity = Severity::Medium,
            }
            out.push(f);
        }
        // Another security group, a prefix list, or a CIDR known only at
        // apply (an operator's own /32): not the internet, not reported.
    }
    out
}

/// A CIDR, or a list of them (not a security group id, not null).
fn cidr_shaped(v: &Value) -> bool {
    match v.as_string() {
        Some(s) => s.contains('/'),
        None => v
            .as_list()
            .is_some_and(|l| !l.is_empty() && l.iter().all(cidr_shaped)),
    }
}

/// The root default of the variable feeding the sources, when it is the world.
fn world_default(i: &Ingress<'_>) -> Option<Value> {
    let p = i.resource().project;
    for (attr, _) in &i.sources {
        let mut inst = i.resource().instance;
        let mut expr = &attr.value;
        while let Some(name) = plain_var_ref(expr) {
            match inst.parent {
                Some((parent, call)) => {
                    let call = &p.modules[p.instances[parent].module].calls[call];
                    let Some(a) = call.block.body.get_attribute(name) else {
                        // Not passed: the module's own default applies.
                        return module_default(p, inst.module, name);
                    };
                    expr = &a.value;
                    inst = &p.instances[parent];
                }
                None => return module_default(p, inst.module, name),
            }
        }
    }
    None
}

fn module_default(p: &tfready_model::Project, module: usize, name: &str) -> Option<Value> {
    let d = p.modules[module].variables.get(name)?.default.as_ref()?;
    let v = tfready_model::Evaluator::new(&tfready_model::LiteralEnv).eval(d);
    let s = v.to_string();
    (s.contains(WORLD_V4) || s.contains(WORLD_V6)).then_some(v)
}
