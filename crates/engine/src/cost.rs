//! Pricing a loaded target: its estimate with prices from where the user
//! allows, and the per-phase table of what closing the gaps adds, from the
//! remediation modules `fix` writes and its in-place changes.

use std::collections::BTreeSet;
use std::path::Path;

use tfready_cost::sources::{describe, needed_keys, user_file, Gathered};
use tfready_cost::{
    estimate, phases, Estimate, LineItem, MissingPrice, PhaseTable, PriceList, Usage,
};

use crate::load::Loaded;

/// The stack today and after each phase, priced with `prices` and `usage`.
pub fn phase_table(
    loaded: &Loaded,
    prices: &PriceList,
    usage: &Usage,
) -> Result<PhaseTable, String> {
    let dir = tfready_fix::templates_dir().map_err(|e| e.to_string())?;
    let done = tfready_fix::in_place(&loaded.project, &loaded.config);
    let mut table =
        phases(&loaded.project, prices, usage, &dir, &done).map_err(|e| e.to_string())?;
    if loaded.plan.is_some() {
        plan_names_in_estimate(loaded, &mut table.current);
        for phase in &mut table.phases {
            for item in phase.modules.iter_mut().flat_map(|m| m.items.iter_mut()) {
                plan_names_in_item(loaded, item);
            }
            for item in &mut phase.adjustments {
                plan_names_in_item(loaded, item);
            }
            for note in &mut phase.notes {
                *note = loaded.remap_text(note);
            }
        }
        for item in table
            .other_modules
            .iter_mut()
            .flat_map(|m| m.items.iter_mut())
        {
            plan_names_in_item(loaded, item);
        }
        for note in &mut table.notes {
            *note = loaded.remap_text(note);
        }
    }
    Ok(table)
}

/// The addresses of a plan's converted stack in an estimate (its lines,
/// missing prices and notes) put back as the plan names them, and its
/// lines on the plan file's; nothing to do for a directory.
pub fn plan_names_in_estimate(loaded: &Loaded, est: &mut Estimate) {
    if loaded.plan.is_none() {
        return;
    }
    for item in &mut est.items {
        plan_names_in_item(loaded, item);
    }
    for missing in &mut est.missing {
        plan_names_in_missing(loaded, missing);
    }
    for note in &mut est.notes {
        *note = loaded.remap_text(note);
    }
}

fn plan_names_in_item(loaded: &Loaded, item: &mut LineItem) {
    if let Some(at) = loaded
        .plan
        .as_ref()
        .and_then(|p| p.location_of(&item.address))
    {
        item.location = at;
    }
    item.address = loaded.remap_text(&item.address);
    item.formula = loaded.remap_text(&item.formula);
    for text in &mut item.assumptions {
        *text = loaded.remap_text(text);
    }
    for missing in &mut item.missing {
        plan_names_in_missing(loaded, missing);
    }
}

fn plan_names_in_missing(loaded: &Loaded, missing: &mut MissingPrice) {
    missing.address = loaded.remap_text(&missing.address);
    missing.reason = loaded.remap_text(&missing.reason);
}

/// Lays the cache's prices and, when allowed, AWS's answers for `keys` in
/// `region` over `prices`; says what happened, and why live prices were
/// not asked when they were not.
pub type Refresh<'a> =
    &'a dyn Fn(&mut PriceList, &str, &BTreeSet<String>) -> (Gathered, Option<String>);

/// Where `cost` gets prices beyond the embedded list.
pub struct PriceSources<'a> {
    pub refresh: Refresh<'a>,
    /// `--prices FILE`: laid over everything else.
    pub user_file: Option<&'a Path>,
}

/// The loaded stack priced: the keys it needs are found with the embedded
/// list, then refreshed and overlaid (see [`PriceSources`]); the estimate
/// says where its prices came from, and its lines carry the plan's
/// addresses when the target was a plan. Also returns the prices, for
/// pricing the other side of a comparison alike.
pub fn estimate_stack(
    loaded: &Loaded,
    usage: &Usage,
    sources: &PriceSources<'_>,
) -> Result<(Estimate, PriceList), String> {
    let project = &loaded.project;
    let mut prices = PriceList::embedded().clone();
    let first = estimate(project, &prices, usage);
    let keys = needed_keys(&first);
    let region = first.region.clone();
    let (got, refused) = (sources.refresh)(&mut prices, &region, &keys);
    let mut notes = got.notes;
    if let Some(e) = got.error {
        notes.push(format!(
            "Live prices could not be had ({e}): the cache and the embedded list were used."
        ));
    }
    if !got.absent.is_empty() {
        notes.push(format!(
            "AWS's price list has no product for {} in {region}.",
            got.absent.join(", ")
        ));
    }
    if let Some(p) = sources.user_file {
        prices.overlay(user_file(p, &region, &keys)?);
    }
    let unpriced: BTreeSet<&String> = keys
        .iter()
        .filter(|k| prices.lookup(k, &region).is_none())
        .collect();
    if let (Some(why), false) = (refused, unpriced.is_empty()) {
        notes.push(format!(
            "{} price(s) missing in {region} and live prices not asked: {why}. Run `tfready prices update --region {region}` with AWS credentials, or pass --prices with AWS's offer file.",
            unpriced.len()
        ));
    }
    // The list the keys were found with, unchanged (no cache, no live
    // answers, no user file): the first estimate is the estimate. Else it
    // goes before the second is made, so the two are never held together.
    let mut est = if prices.prices() == PriceList::embedded().prices() {
        first
    } else {
        drop(first);
        estimate(project, &prices, usage)
    };
    est.prices_origin = describe(&prices, &est);
    est.notes.extend(notes);
    plan_names_in_estimate(loaded, &mut est);
    Ok((est, prices))
}
