//! A fixer: what `tfready fix` runs to close a rule's gap. Each lives in
//! its rule's folder (`fix.rs`) and is named by `RuleMeta::fixer`.

use super::cx::FixCx;
use crate::phase::Phase;

/// A remediation: what `tfready fix` runs to close the gaps of the rules
/// that name it (`RuleMeta::fixer`).
pub struct Fixer {
    pub id: &'static str,
    pub title: &'static str,
    pub phase: Phase,
    /// Where it runs among all fixers (lowest first): a fix reads what the
    /// ones before it wrote (every per-environment value needs the
    /// environment variable the environments fix declares, so it is first).
    pub order: u16,
    /// Fixers that must run first (they run even if their phase is not
    /// selected: an ALB needs its certificate).
    pub needs: &'static [&'static str],
    /// Rules whose fixes bring the gap this fixer closes (a new load
    /// balancer needs a WAF): it runs when they found one too.
    pub also_when: &'static [&'static str],
    pub run: fn(&mut FixCx<'_>),
}

impl std::fmt::Debug for Fixer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}
