//! Pricing a loaded target: the per-phase table of what closing the gaps
//! adds, from the remediation modules `fix` writes and its in-place changes.

use tfready_cost::{phases, PhaseTable, PriceList, Usage};

use crate::load::Loaded;

/// The stack today and after each phase, priced with `prices` and `usage`.
pub fn phase_table(
    loaded: &Loaded,
    prices: &PriceList,
    usage: &Usage,
) -> Result<PhaseTable, String> {
    let dir = tfready_fix::templates_dir().map_err(|e| e.to_string())?;
    let done = tfready_fix::in_place(&loaded.project, &loaded.config);
    phases(&loaded.project, prices, usage, &dir, &done).map_err(|e| e.to_string())
}
