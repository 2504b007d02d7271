//! Where each price comes from, in order of trust: AWS's price list asked
//! live ([`Fetch`]), the on-disk cache of earlier answers, a bulk offer file
//! the user passes (`--prices FILE`), and the embedded list (dated, the
//! offline default). [`gather`] lays them over each other for the keys an
//! estimate needs; [`describe`] says which source priced how many keys, and
//! how fresh each is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::cache::PriceCache;
use crate::catalog::{self, Query};
use crate::estimate::Estimate;
use crate::offers::{parse_price_list_entry, Product};
use crate::prices::{Price, PriceList};

/// The note prefix of prices read from the live API (kept in the cache).
pub const LIVE_NOTE: &str = "AWS Price List API";

/// Asks AWS's price list. One answer per query: its `PriceList` documents, or
/// why it could not be had.
pub trait Fetch {
    fn get_products(&self, queries: &[Query]) -> Vec<Result<Vec<String>, String>>;
}

/// Every price key an estimate charged or looked for.
pub fn needed_keys(estimate: &Estimate) -> BTreeSet<String> {
    estimate
        .items
        .iter()
        .flat_map(|i| i.price_keys.iter().cloned())
        .collect()
}

/// What [`gather`] did, for the user.
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    pub fetched: usize,
    pub absent: Vec<String>,
    /// Why live prices could not be had (first error), if they were asked.
    pub error: Option<String>,
    pub notes: Vec<String>,
}

/// Lays the cache's prices for `region` over `prices`, then (with `fetch`)
/// asks AWS for each of `keys` the cache holds no fresh answer for (every
/// one with `ask_fresh`), stores
/// the answers in the cache and lays them over too.
pub fn gather(
    prices: &mut PriceList,
    region: &str,
    keys: &BTreeSet<String>,
    cache: Option<&PriceCache>,
    fetch: Option<&dyn Fetch>,
    today: &str,
    ask_fresh: bool,
) -> Gathered {
    let mut out = Gathered::default();
    let cached = match cache.map(|c| c.load(region)).transpose() {
        Ok(c) => c.unwrap_or_default(),
        Err(e) => {
            out.notes.push(format!("price cache ignored: {e}"));
            Default::default()
        }
    };
    if !cached.prices.is_empty() {
        if let Ok(list) = PriceList::from_prices("cache", cached.prices.clone()) {
            prices.overlay(list);
        }
    }
    let Some(fetch) = fetch else { return out };
    let queries: Vec<Query> = keys
        .iter()
        .filter(|k| ask_fresh || !cached.is_fresh(k, today))
        .filter_map(|k| catalog::query(k, region))
        .collect();
    if queries.is_empty() {
        return out;
    }
    let mut fetched = Vec::new();
    for (q, answer) in queries.iter().zip(fetch.get_products(&queries)) {
        match answer {
            Ok(docs) => {
                let products: Vec<Product> = docs
                    .iter()
                    .filter_map(|d| parse_price_list_entry(d).ok())
                    .collect();
                match q.price(&products, LIVE_NOTE, today) {
                    Some(p) => fetched.push(p),
                    None => out.absent.push(q.key.clone()),
                }
            }
            Err(e) => {
                out.error.get_or_insert(e);
            }
        }
    }
    out.fetched = fetched.len();
    if let Some(cache) = cache {
        if let Err(e) = cache.store(region, &fetched, &out.absent, today) {
            out.notes.push(format!(
                "could not write the price cache in {}: {e}",
                cache.dir().display()
            ));
        }
    }
    if let Ok(list) = PriceList::from_prices(LIVE_NOTE, fetched) {
        prices.overlay(list);
    }
    out
}

/// Prices for `keys` in `region` from a bulk offer file's products.
pub fn from_offer_products(
    products: &[Product],
    region: &str,
    keys: &BTreeSet<String>,
    origin: &str,
    as_of: &str,
) -> Vec<Price> {
    keys.iter()
        .filter_map(|k| catalog::query(k, region))
        .filter_map(|q| q.price(products, &format!("offer file {origin}"), as_of))
        .collect()
}

/// Which source priced the estimate's keys: `AWS Price List API, fetched
/// 2026-12-03 (7 prices); embedded list, as of 2025-06-01 (2 prices)`.
pub fn describe(prices: &PriceList, estimate: &Estimate) -> String {
    let mut by_source: BTreeMap<String, (usize, BTreeSet<String>)> = BTreeMap::new();
    for key in needed_keys(estimate) {
        let Some(p) = prices.lookup(&key, &estimate.region) else {
            continue;
        };
        let note = p.note.as_deref().unwrap_or("");
        let source = if note.starts_with(LIVE_NOTE) {
            format!("{LIVE_NOTE}, fetched")
        } else if let Some(rest) = note.strip_prefix("offer file ") {
            format!(
                "offer file {}, published",
                rest.split(", SKU").next().unwrap_or(rest)
            )
        } else if PriceList::embedded().lookup(&key, &estimate.region) == Some(p) {
            "embedded list, as of".to_string()
        } else {
            "price file, as of".to_string()
        };
        let entry = by_source.entry(source).or_default();
        entry.0 += 1;
        entry.1.insert(p.as_of.clone());
    }
    if by_source.is_empty() {
        return prices.origin().to_string();
    }
    by_source
        .into_iter()
        .map(|(source, (n, dates))| {
            let dates: Vec<String> = dates.into_iter().collect();
            let when = match dates.as_slice() {
                [one] => one.clone(),
                [first, .., last] => format!("{first} to {last}"),
                [] => String::new(),
            };
            let plural = if n == 1 { "" } else { "s" };
            format!("{source} {when} ({n} price{plural})")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The embedded list with the cache's prices for `region` laid over it:
/// what every command but `cost` prices with (they never call out).
pub fn offline(project: &tfready_model::Project) -> PriceList {
    let region =
        crate::project_region(project).unwrap_or_else(|| crate::DEFAULT_REGION.to_string());
    let mut prices = PriceList::embedded().clone();
    let cache = PriceCache::user();
    gather(
        &mut prices,
        &region,
        &BTreeSet::new(),
        cache.as_ref(),
        None,
        &crate::cache::today(),
        false,
    );
    prices
}

/// A user price file: tfready's TOML, AWS's bulk offer file (`.json`) or its
/// CSV export (`.csv`), the latter two read for `keys` in `region`.
pub fn user_file(path: &Path, region: &str, keys: &BTreeSet<String>) -> Result<PriceList, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext != "json" && ext != "csv" {
        return PriceList::from_path(path).map_err(|e| e.to_string());
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read price file {}: {e}", path.display()))?;
    let products = if ext == "json" {
        crate::offers::parse_offer_file(&text)
    } else {
        crate::offers::parse_offer_csv(&text)
    }
    .map_err(|e| format!("{}: {e}", path.display()))?;
    let published = publication_date(&text).unwrap_or_else(crate::cache::today);
    let origin = path.display().to_string();
    let prices = from_offer_products(&products, region, keys, &origin, &published);
    PriceList::from_prices(&origin, prices).map_err(|e| e.to_string())
}

/// `publicationDate` of an offer file (JSON or CSV), as `YYYY-MM-DD`.
fn publication_date(text: &str) -> Option<String> {
    let at = text.find("ublication")?;
    let rest = &text[at..text.len().min(at + 80)];
    let start = rest.find(|c: char| c.is_ascii_digit())?;
    let date = rest.get(start..start + 10)?;
    (date.len() == 10 && date.as_bytes()[4] == b'-').then(|| date.to_string())
}
