//! The roadmap's phases: what rules and fixers are grouped by.

use serde::Serialize;

/// The spec's implementation phases (§6), and its quick wins (§7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Phase {
    #[serde(rename = "1")]
    One,
    #[serde(rename = "2")]
    Two,
    #[serde(rename = "3")]
    Three,
    #[serde(rename = "4")]
    Four,
    #[serde(rename = "quick-win")]
    QuickWin,
}

impl Phase {
    pub const ALL: [Phase; 5] = [
        Phase::One,
        Phase::Two,
        Phase::Three,
        Phase::Four,
        Phase::QuickWin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::One => "1",
            Phase::Two => "2",
            Phase::Three => "3",
            Phase::Four => "4",
            Phase::QuickWin => "quick-win",
        }
    }

    /// The spec's heading for the phase.
    pub fn title(self) -> &'static str {
        match self {
            Phase::One => "Phase 1: Critical (do immediately)",
            Phase::Two => "Phase 2: High priority (before production)",
            Phase::Three => "Phase 3: Production hardening (for scale)",
            Phase::Four => "Phase 4: Optimization (nice to have)",
            Phase::QuickWin => "Quick wins (free or minimal cost)",
        }
    }
}
