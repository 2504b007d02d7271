//! `tfready cost --compare OTHER`: what changes, line by line, between two estimates.

use serde::{Deserialize, Serialize};

use crate::estimate::{Estimate, LineItem, Status};

/// How a line changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Changed,
    Unchanged,
}

/// One address in either estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonLine {
    pub address: String,
    pub resource_type: String,
    /// `None` when absent on that side or its price is missing.
    pub before_usd: Option<f64>,
    pub after_usd: Option<f64>,
    /// Priced parts after minus before (0 for an absent side).
    pub delta_usd: f64,
    pub change: Change,
}

/// Two estimates side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub before_project: String,
    pub after_project: String,
    pub before_total_usd: f64,
    pub after_total_usd: f64,
    pub delta_usd: f64,
    /// False when either side misses a price.
    pub complete: bool,
    /// Every address of either side: `before`'s order, then what only `after` has.
    pub lines: Vec<ComparisonLine>,
}

fn figure(item: &LineItem) -> Option<f64> {
    match item.status {
        Status::Missing => None,
        _ => Some(item.priced_usd()),
    }
}

/// Compares `before` with `after` by resource address.
pub fn compare(before: &Estimate, after: &Estimate) -> Comparison {
    let mut lines = Vec::new();
    for b in &before.items {
        let a = after.item(&b.address);
        let before_usd = figure(b);
        let after_usd = a.and_then(figure);
        let delta = a.map_or(0.0, LineItem::priced_usd) - b.priced_usd();
        let change = match a {
            None => Change::Removed,
            Some(a) if (a.priced_usd() - b.priced_usd()).abs() < 1e-9 && a.status == b.status => {
                Change::Unchanged
            }
            Some(_) => Change::Changed,
        };
        lines.push(ComparisonLine {
            address: b.address.clone(),
            resource_type: b.resource_type.clone(),
            before_usd,
            after_usd,
            delta_usd: delta,
            change,
        });
    }
    for a in &after.items {
        if before.item(&a.address).is_none() {
            lines.push(ComparisonLine {
                address: a.address.clone(),
                resource_type: a.resource_type.clone(),
                before_usd: None,
                after_usd: figure(a),
                delta_usd: a.priced_usd(),
                change: Change::Added,
            });
        }
    }
    Comparison {
        before_project: before.project.clone(),
        after_project: after.project.clone(),
        before_total_usd: before.total_usd,
        after_total_usd: after.total_usd,
        delta_usd: after.total_usd - before.total_usd,
        complete: before.complete && after.complete,
        lines,
    }
}
