//! Running the rules over a project: in parallel, deduplicated, sorted,
//! with config and inline suppressions applied.

use rayon::prelude::*;
use serde::Serialize;
use tfready_model::Project;

use crate::config::Config;
use crate::finding::Finding;
use crate::meta::Severity;
use crate::registry::{Ctx, RULES};

/// A finding switched off on purpose, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Suppressed {
    #[serde(flatten)]
    pub finding: Finding,
    pub reason: String,
    /// `inline` or `config`.
    pub by: &'static str,
}

#[derive(Debug, Default)]
pub struct AuditResult {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
}

pub fn audit(project: &Project, config: &Config) -> AuditResult {
    let cx = Ctx { project, config };
    let selected = |id: &str, slug: &str| {
        config.select.is_empty()
            || config
                .select
                .iter()
                .any(|s| s.eq_ignore_ascii_case(id) || s.eq_ignore_ascii_case(slug))
    };
    let mut findings: Vec<Finding> = RULES
        .par_iter()
        .filter(|r| selected(r.meta.id, r.meta.slug))
        .flat_map_iter(|r| (r.check)(&cx))
        .collect();
    // The same module code instantiated twice gives the same finding twice.
    findings.sort_by_key(Finding::sort_key);
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());

    let mut result = AuditResult::default();
    for mut f in findings {
        if let Some(s) = config
            .severity
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(f.rule.id) || k.eq_ignore_ascii_case(f.rule.slug))
        {
            f.severity = Severity::parse(s.1).unwrap_or(f.severity);
        }
        let ignored = config.ignore.iter().find(|i| {
            (i.rule.eq_ignore_ascii_case(f.rule.id) || i.rule.eq_ignore_ascii_case(f.rule.slug))
                && (i.paths.is_empty()
                    || i.paths
                        .iter()
                        .any(|p| f.location.file.starts_with(p.trim_start_matches("./"))))
        });
        match ignored {
            Some(i) => result.suppressed.push(Suppressed {
                finding: f,
                reason: i.reason.clone(),
                by: "config",
            }),
            None => result.findings.push(f),
        }
    }
    result
}
