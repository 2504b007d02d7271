//! A baseline: the findings a team has accepted for now, so that CI fails on
//! new ones only (`audit --write-baseline FILE`, then `--baseline FILE`).
//!
//! A finding is known by its rule, its file and what it is about (the
//! resource's address, else its message), not by its line: editing a file
//! above a finding does not make it new. A baseline holds no value, only
//! these keys, so it can be committed.

use serde::{Deserialize, Serialize};

use crate::{AuditResult, Finding, Suppressed};

pub const BASELINE_VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Accepted {
    pub rule_id: String,
    pub file: String,
    /// The resource's address, or the finding's message when it has none.
    pub subject: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Accepted>,
}

fn key(f: &Finding) -> Accepted {
    Accepted {
        rule_id: f.rule.id.to_string(),
        file: f.location.file.clone(),
        subject: f.resource.clone().unwrap_or_else(|| f.message.clone()),
    }
}

impl Baseline {
    /// Every finding of `result`, as accepted.
    pub fn of(result: &AuditResult) -> Baseline {
        let mut findings: Vec<Accepted> = result.findings.iter().map(key).collect();
        findings.sort();
        findings.dedup();
        Baseline {
            version: BASELINE_VERSION,
            findings,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("serializable") + "\n"
    }

    /// Reads a baseline file's text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Baseline, String> {
        let b: Baseline = serde_json::from_str(text)
            .map_err(|e| format!("{origin}: not a tfready baseline: {e}"))?;
        if b.version != BASELINE_VERSION {
            return Err(format!(
                "{origin}: baseline version {} (this tfready reads {BASELINE_VERSION})",
                b.version
            ));
        }
        Ok(b)
    }

    /// Moves the findings the baseline accepts to `suppressed`, marked
    /// `by` with `reason`: what is left is new.
    pub fn apply(&self, result: &mut AuditResult, by: &'static str, reason: &str) {
        let (known, new): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut result.findings)
            .into_iter()
            .partition(|f| self.findings.binary_search(&key(f)).is_ok());
        result.findings = new;
        result
            .suppressed
            .extend(known.into_iter().map(|finding| Suppressed {
                finding,
                reason: reason.to_string(),
                by,
            }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfready_model::Location;

    fn finding(id: &'static str, line: usize, resource: Option<&str>) -> Finding {
        let meta: &'static crate::RuleMeta = crate::find_meta(id).expect("rule");
        let mut f = Finding::new(
            meta,
            Location {
                file: "main.tf".into(),
                line,
                column: 1,
                end_line: line,
                end_column: 2,
            },
            "message",
        );
        f.resource = resource.map(str::to_string);
        f
    }

    #[test]
    fn only_new_findings_are_left_and_lines_do_not_matter() {
        let before = AuditResult {
            findings: vec![
                finding("TFR011", 3, None),
                finding("TFR131", 10, Some("aws_security_group.web")),
            ],
            suppressed: Vec::new(),
        };
        let baseline = Baseline::parse(&Baseline::of(&before).to_json(), "b.json").unwrap();
        let mut after = AuditResult {
            findings: vec![
                finding("TFR011", 5, None),
                finding("TFR131", 14, Some("aws_security_group.web")),
                finding("TFR131", 30, Some("aws_security_group.db")),
            ],
            suppressed: Vec::new(),
        };
        baseline.apply(&mut after, "baseline", "accepted in b.json");
        assert_eq!(after.findings.len(), 1);
        assert_eq!(
            after.findings[0].resource.as_deref(),
            Some("aws_security_group.db")
        );
        assert_eq!(after.suppressed.len(), 2);
        assert!(after.suppressed.iter().all(|s| s.by == "baseline"));
        assert!(Baseline::parse("{}", "x").is_err());
    }
}
