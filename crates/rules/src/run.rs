//! Running the rules over a project: in parallel, deduplicated, sorted,
//! with config overrides and suppressions (inline and config) applied.

use rayon::prelude::*;
use serde::Serialize;
use tfready_model::Project;

use crate::config::Config;
use crate::ctx::Ctx;
use crate::finding::Finding;
use crate::meta::{RuleMeta, Severity};
use crate::registry::RULES;
use crate::suppress::{collect, today};

/// A finding switched off on purpose, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Suppressed {
    #[serde(flatten)]
    pub finding: Finding,
    pub reason: String,
    /// `inline`, `config`, `baseline` or `diff-base`.
    pub by: &'static str,
}

#[derive(Debug, Default)]
pub struct AuditResult {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
}

/// Report order: by file, line, column, rule, message.
fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

fn selected(config: &Config, m: &RuleMeta) -> bool {
    config.select.is_empty()
        || config
            .select
            .iter()
            .any(|s| s.eq_ignore_ascii_case(m.id) || s.eq_ignore_ascii_case(m.slug))
}

/// The findings of the rules `keep` accepts, sorted and deduplicated (the
/// same module code instantiated twice gives the same finding twice).
fn run_rules(
    project: &Project,
    config: &Config,
    keep: impl Fn(&RuleMeta) -> bool + Sync,
) -> Vec<Finding> {
    let cx = Ctx::new(project, config);
    let per_rule: Vec<Vec<Finding>> = RULES
        .par_iter()
        .filter(|r| selected(config, r.meta) && keep(r.meta))
        .map(|r| (r.check)(&cx))
        .collect();
    // The shared indexes (ingress, references) go before the findings are
    // gathered, so the two never add up.
    drop(cx);
    // One buffer of the final size, each rule's freed as it is moved in:
    // the findings are never held twice over.
    let mut findings = Vec::with_capacity(per_rule.iter().map(Vec::len).sum());
    for found in per_rule {
        findings.extend(found);
    }
    sort(&mut findings);
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
    findings
}

pub fn audit(project: &Project, config: &Config) -> AuditResult {
    audit_with(project, config, Vec::new())
}

/// [`audit`] plus findings from elsewhere (the validator), which get the
/// same severity overrides and suppressions.
pub fn audit_with(project: &Project, config: &Config, extra: Vec<Finding>) -> AuditResult {
    let mut findings = run_rules(project, config, |_| true);
    findings.extend(extra);
    sort(&mut findings);
    finish(project, config, findings)
}

/// Like [`audit`], but environment-dependent rules run once per environment
/// (`per_env` holds the project loaded for each) and each of their findings
/// lists the environments it fires in.
pub fn audit_environments(
    base: &Project,
    per_env: &[(String, Project)],
    config: &Config,
    extra: Vec<Finding>,
) -> AuditResult {
    let mut findings = run_rules(base, config, |m| !m.per_environment);
    findings.extend(extra);
    let mut env_findings: Vec<Finding> = Vec::new();
    // A finding of one environment that another already has, by (rule, place).
    let mut seen: std::collections::HashMap<(&'static str, tfready_model::Location), usize> =
        std::collections::HashMap::new();
    for (env, project) in per_env {
        for mut f in run_rules(project, config, |m| m.per_environment) {
            match seen.entry((f.rule.id, f.location.clone())) {
                std::collections::hash_map::Entry::Occupied(at) => {
                    env_findings[*at.get()].environments.push(env.clone());
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(env_findings.len());
                    f.environments.push(env.clone());
                    env_findings.push(f);
                }
            }
        }
    }
    findings.extend(env_findings);
    sort(&mut findings);
    finish(base, config, findings)
}

/// Applies severity overrides and takes the suppressed findings out, in
/// place: the (possibly very long) list is not copied.
fn finish(project: &Project, config: &Config, mut findings: Vec<Finding>) -> AuditResult {
    // Before suppressions: a comment on the module call covers what the
    // downloaded module does.
    crate::downloaded::anchor(project, &mut findings);
    let today = today();
    let inline: Vec<_> = collect(project)
        .into_iter()
        .filter(|s| s.problem(&today).is_none())
        .collect();
    let is = |f: &Finding, rule: &str| {
        rule.eq_ignore_ascii_case(f.rule.id) || rule.eq_ignore_ascii_case(f.rule.slug)
    };
    // Why a finding is suppressed, and by what; none when it stands.
    let suppression = |f: &Finding| -> Option<(String, &'static str)> {
        if let Some(s) = inline.iter().find(|s| s.covers(f)) {
            let reason = match &s.until {
                Some(d) => format!("{} (until {d}; {})", s.reason, s.location),
                None => format!("{} ({})", s.reason, s.location),
            };
            return Some((reason, "inline"));
        }
        config
            .ignore
            .iter()
            .find(|i| {
                is(f, &i.rule)
                    && (i.paths.is_empty()
                        || i.paths
                            .iter()
                            .any(|p| f.location.file.starts_with(p.trim_start_matches("./"))))
            })
            .map(|i| (i.reason.clone(), "config"))
    };
    for f in &mut findings {
        if let Some((_, s)) = config.severity.iter().find(|(k, _)| is(f, k)) {
            f.severity = Severity::parse(s).unwrap_or(f.severity);
        }
    }
    // Each finding's suppression is worked out once: kept in step with the
    // findings taken out.
    let mut why = Vec::new();
    let taken: Vec<Finding> = findings
        .extract_if(.., |f| suppression(f).map(|s| why.push(s)).is_some())
        .collect();
    let suppressed = taken
        .into_iter()
        .zip(why)
        .map(|(finding, (reason, by))| Suppressed {
            finding,
            reason,
            by,
        })
        .collect();
    AuditResult {
        findings,
        suppressed,
    }
}
