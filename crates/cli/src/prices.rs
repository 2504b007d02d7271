//! The price list a command prices with: the embedded list, the cache of
//! earlier live answers, a user file, and (for `cost`, unless offline) AWS's
//! Price List API. Which applies when is decided here.

use std::collections::BTreeSet;
use std::path::Path;

use tfready_aws::{AwsOptions, ProductQuery};
use tfready_cost::cache::{today, PriceCache};
use tfready_cost::catalog::Query;
use tfready_cost::sources::{gather, Fetch, Gathered};
use tfready_cost::PriceList;

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
