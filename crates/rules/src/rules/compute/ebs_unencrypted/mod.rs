//! ## What it does
//! Flags EBS volumes that are not encrypted: `root_block_device` and
//! `ebs_block_device` of instances and launch configurations,
//! `block_device_mappings` of launch templates, and `aws_ebs_volume`.
//!
//! ## Why is this bad?
//! Disks and their snapshots hold application data, logs and often secrets
//! (a `.env` written by user data) unencrypted.
//!
//! ## Example
//! ```hcl
//! root_block_device {
//!   volume_type = "gp3"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! root_block_device {
//!   volume_type = "gp3"
//!   encrypted   = true
//! }
//! ```
//!
//! ## References
//! - Hygiene the roadmap's launch template assumes (§2.4)
//! - <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html>

use tfready_model::{BlockRef, ResourceRef};

use super::super::*;

pub const META: RuleMeta = RuleMeta {
    id: "TFR922",
    slug: "ebs-unencrypted",
    title: "EBS volume not encrypted",
    severity: Severity::Medium,
    phase: Phase::One,
    coverage_row: 0,
    spec_section: "2.4",
    risk: "Disk contents and snapshots are unencrypted at rest.",
    remediation: "Set encrypted = true on launch templates and new volumes, and enable EBS encryption by default for the account; an existing instance's volume is encrypted only by replacing it (snapshot, encrypted copy, new instance), so tfready fix does not edit it.",
    effort: "15 minutes",
    fixer: None,
    prices: &[],
    per_environment: false,
};

pub const RULE: Rule = Rule {
    meta: &META,
    check,
    source: include_str!("mod.rs"),
};

fn unencrypted(b: &BlockRef<'_>) -> bool {
    match b.eval("encrypted") {
        Some(v) => v.as_bool() == Some(false),
        None => true,
    }
}

fn check(cx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let finding = |r: &ResourceRef<'_>, b: &BlockRef<'_>, what: &str| {
        Finding::new(&META, b.location(), format!("{} {what}", r.address())).resource(r.address())
    };
    for r in cx.project.resources() {
        match r.resource.ty.as_str() {
            "aws_instance" => {
                let roots = r.blocks("root_block_device");
                if roots.is_empty() {
                    // The AMI's default root volume: encrypted only if the account default says so.
                    out.push(finding(
                        &r,
                        &r.body(),
                        "root volume (the AMI's default) is not declared encrypted",
                    ));
                }
                for b in roots.iter().filter(|b| unencrypted(b)) {
                    out.push(finding(&r, b, "root volume is not encrypted"));
                }
                for b in r
                    .blocks("ebs_block_device")
                    .iter()
                    .filter(|b| unencrypted(b))
                {
                    out.push(finding(&r, b, "EBS volume is not encrypted"));
                }
            }
            "aws_launch_configuration" => {
                for kind in ["root_block_device", "ebs_block_device"] {
                    for b in r.blocks(kind).iter().filter(|b| unencrypted(b)) {
                        out.push(finding(&r, b, "volume is not encrypted"));
                    }
                }
            }
            "aws_launch_template" => {
                for m in r.blocks("block_device_mappings") {
                    for b in m.blocks("ebs").iter().filter(|b| unencrypted(b)) {
                        out.push(finding(&r, b, "volume is not encrypted"));
                    }
                }
            }
            "aws_ebs_volume" if unencrypted(&r.body()) => {
                out.push(finding(&r, &r.body(), "volume is not encrypted"));
            }
            _ => {}
        }
    }
    out
}
