//! The price list a command prices with: the embedded list, the cache of
//! earlier live answers, a user file, and (for `cost`, unless offline) AWS's
//! Price List API. Which applies when is decided here.

use std::collections::BTreeSet;
use std::path::Path;

use tfready_aws::{AwsOptions, ProductQuery};
use tfready_cost::cache::{today, PriceCache};
use tfready_cost::catalog::Query;
use tfready_cost::sources::{from_offer_products, gather, Fetch, Gathered};
use tfready_cost::{offers, PriceList};

/// How `cost` may reach AWS for prices.
#[derive(Debug, Clone, Default)]
pub struct Live {
    pub offline: bool,
    /// Ask even when no credentials are seen (an instance or container role).
    pub force: bool,
    /// Ask again for prices the cache holds fresh (`prices update`).
    pub refetch: bool,
    pub aws: AwsOptions,
}

impl Live {
    /// Why live prices are not asked for, or `None` when they are.
    pub fn refused(&self) -> Option<String> {
        let env = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
        if self.offline || env("TFREADY_OFFLINE") {
            return Some("offline (--offline or TFREADY_OFFLINE)".into());
        }
        if self.force || self.aws.endpoint_url.is_some() || self.aws.profile.is_some() {
            return None;
        }
        let chain = [
            "AWS_ACCESS_KEY_ID",
            "AWS_PROFILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_PRICING",
        ];
        let files = std::env::var_os("HOME").is_some_and(|h| {
            let aws = Path::new(&h).join(".aws");
            aws.join("credentials").exists() || aws.join("config").exists()
        });
        if chain.iter().any(|k| env(k)) || files {
            return None;
        }
        Some(
            "no AWS credentials configured (pass --live to use an instance or container role)"
                .into(),
        )
    }
}

struct SdkFetch<'a>(&'a AwsOptions);

impl Fetch for SdkFetch<'_> {
    fn get_products(&self, queries: &[Query]) -> Vec<Result<Vec<String>, String>> {
        let asked: Vec<ProductQuery> = queries
            .iter()
            .map(|q| ProductQuery {
                service_code: q.service_code.to_string(),
                filters: q.api_filters(),
            })
            .collect();
        match tfready_aws::blocking::get_products(self.0, &asked) {
            Ok(answers) => answers
                .into_iter()
                .map(|a| a.map_err(|e| e.to_string()))
                .collect(),
            Err(e) => queries.iter().map(|_| Err(e.to_string())).collect(),
        }
    }
}

/// The embedded list with the cache's prices for `region` laid over it:
/// what every command but `cost` prices with (they never call out).
pub fn offline(project: &tfready_model::Project) -> PriceList {
    let region = tfready_cost::project_region(project)
        .unwrap_or_else(|| tfready_cost::DEFAULT_REGION.to_string());
    let mut prices = PriceList::embedded().clone();
    let cache = PriceCache::user();
    gather(
        &mut prices,
        &region,
        &BTreeSet::new(),
        cache.as_ref(),
        None,
        &today(),
        false,
    );
    prices
}

/// Lays the cache and, when `live` allows, AWS's answers for `keys` over
/// `prices`. Returns what happened, for the notes.
pub fn refresh(
    prices: &mut PriceList,
    region: &str,
    keys: &BTreeSet<String>,
    live: &Live,
) -> (Gathered, Option<String>) {
    let cache = PriceCache::user();
    let refused = live.refused();
    let fetch = SdkFetch(&live.aws);
    let fetch: Option<&dyn Fetch> = match refused {
        None => Some(&fetch),
        Some(_) => None,
    };
    let g = gather(
        prices,
        region,
        keys,
        cache.as_ref(),
        fetch,
        &today(),
        live.refetch,
    );
    (g, refused)
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
        offers::parse_offer_file(&text)
    } else {
        offers::parse_offer_csv(&text)
    }
    .map_err(|e| format!("{}: {e}", path.display()))?;
    let published = publication_date(&text).unwrap_or_else(today);
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
