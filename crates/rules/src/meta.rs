//! What every rule declares about itself.

use serde::Serialize;

use crate::fixing::fixer::Fixer;
pub use crate::phase::Phase;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str() == s.to_ascii_lowercase())
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's fixed description. Ids never change once published; slugs are
/// the readable alias accepted wherever an id is.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleMeta {
    /// `TFR` + the coverage row (two digits) + a sequence digit; hygiene
    /// rules beyond the coverage table use `TFR9xx`.
    pub id: &'static str,
    pub slug: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub phase: Phase,
    /// Row of `coverage.md`, 0 for hygiene rules.
    pub coverage_row: u8,
    /// Section(s) of the roadmap this rule implements.
    pub spec_section: &'static str,
    pub risk: &'static str,
    pub remediation: &'static str,
    /// The spec's effort estimate for closing the gap.
    pub effort: &'static str,
    /// The `tfready fix` fixer that closes it: its own (`fix.rs` in the
    /// rule's folder) or the one a sibling rule's folder holds, or `None`.
    /// Whether the rule is fixable follows from this and nothing else.
    /// Serialised as the fixer's id.
    #[serde(serialize_with = "fixer_id")]
    pub fixer: Option<&'static Fixer>,
    /// The resource types whose monthly cost closing the gap with the fixer
    /// adds or changes (`tfready cost` prices each). A test in the fix crate
    /// runs the fixer on the rule's bad fixture and prices both sides.
    #[serde(skip)]
    pub prices: &'static [&'static str],
    /// Whether the verdict depends on the environment (prod vs dev): such
    /// rules are evaluated per environment when none is chosen.
    pub per_environment: bool,
}

fn fixer_id<S: serde::Serializer>(f: &Option<&'static Fixer>, s: S) -> Result<S::Ok, S::Error> {
    f.map(|f| f.id).serialize(s)
}

impl RuleMeta {
    /// Whether `tfready fix` can close the rule's findings.
    pub const fn fixable(&self) -> bool {
        self.fixer.is_some()
    }
}
