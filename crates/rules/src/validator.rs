//! The validator's checks (`tfready_validate`) as rules: each has a rule
//! description under its own stable id (`TFV011`), so suppressions, config,
//! `--select` and SARIF name them as they name the audit's rules, and its
//! problems become findings.

use std::sync::OnceLock;

use tfready_model::Project;
use tfready_validate::{checks, validate, Severity as CheckSeverity};

use crate::finding::Finding;
use crate::meta::{Phase, RuleMeta, Severity};

/// One rule description per validator check, in the validator's order.
pub fn metas() -> &'static [&'static RuleMeta] {
    static METAS: OnceLock<Vec<&'static RuleMeta>> = OnceLock::new();
    METAS.get_or_init(|| {
        checks()
            .iter()
            .map(|c| {
                let error = c.severity == CheckSeverity::Error;
                let meta = RuleMeta {
                    id: c.id,
                    slug: c.code,
                    title: c.description,
                    severity: if error {
                        Severity::High
                    } else {
                        Severity::Medium
                    },
                    phase: Phase::One,
                    coverage_row: 0,
                    spec_section: "validate",
                    risk: if error {
                        "terraform plan or apply fails."
                    } else {
                        "Deprecated, or fails depending on values known only at apply."
                    },
                    remediation: "Apply the fix the finding names.",
                    effort: "minutes",
                    fixer: None,
                    prices: &[],
                    per_environment: false,
                };
                // Built once for the process; rule metadata is `'static`.
                &*Box::leak(Box::new(meta))
            })
            .collect()
    })
}

/// The validator's problems with `project` as findings: errors, and the
/// warnings too when `warnings` is set (they become `medium`).
pub fn findings(project: &Project, warnings: bool) -> Vec<Finding> {
    validate(project)
        .into_iter()
        .filter(|p| warnings || p.severity == CheckSeverity::Error)
        .filter_map(|p| {
            let meta = metas().iter().find(|m| m.slug == p.code)?;
            let mut f = Finding::new(
                meta,
                p.location.clone(),
                format!("{} (fix: {})", p.message, p.fix),
            );
            if p.severity == CheckSeverity::Warning {
                f.severity = Severity::Medium;
            }
            f.resource = p.address.clone();
            Some(f)
        })
        .collect()
}
