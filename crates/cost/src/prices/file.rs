//! The price file's shape as serde reads it, and the rules every entry is
//! checked against (for files, the cache and AWS's answers alike).

use super::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub(super) schema_version: Option<u32>,
    pub(super) currency: Option<String>,
    pub(super) hours_per_month: Option<f64>,
    pub(super) regions: Option<Vec<String>>,
    #[serde(default)]
    pub(super) price: Vec<RawPrice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrice {
    pub(super) key: toml::Spanned<String>,
    pub(super) service: String,
    pub(super) item: String,
    pub(super) region: String,
    pub(super) unit: Unit,
    pub(super) usd: f64,
    // Optional here so that a missing one is reported with the entry's key and line.
    pub(super) source: Option<String>,
    pub(super) as_of: Option<String>,
    pub(super) free_tier: Option<RawFreeTier>,
    #[serde(default)]
    pub(super) tiers: Vec<RawTier>,
    pub(super) note: Option<String>,
    #[serde(default)]
    pub(super) verified_via: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFreeTier {
    pub(super) quantity: f64,
    pub(super) unit: Unit,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTier {
    pub(super) up_to: Option<f64>,
    pub(super) usd: f64,
}

impl RawPrice {
    pub(super) fn into_price(self) -> Price {
        Price {
            key: self.key.into_inner(),
            service: self.service,
            item: self.item,
            region: self.region,
            unit: self.unit,
            usd: self.usd,
            source: self.source.unwrap_or_default(),
            as_of: self.as_of.unwrap_or_default(),
            free_tier: self.free_tier.map(|free| FreeTier {
                quantity: free.quantity,
                unit: free.unit,
            }),
            tiers: self
                .tiers
                .into_iter()
                .map(|tier| Tier {
                    up_to: tier.up_to,
                    usd: tier.usd,
                })
                .collect(),
            note: self.note.filter(|note| !note.trim().is_empty()),
            verified_via: self.verified_via,
        }
    }
}

pub(super) fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
        + 1
}

pub(super) fn is_url(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() > "https://".len()
        && !text.contains(char::is_whitespace)
}

/// `YYYY-MM-DD` with a plausible month and day.
pub(super) fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = &text[range];
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 2000 && (1..=days_in_month).contains(&day)
}

pub(super) fn is_non_negative(value: f64) -> bool {
    value.is_finite() && value >= 0.0
}

/// Everything wrong with one entry, as messages (empty when it is fine).
pub(super) fn entry_problems(price: &Price) -> Vec<String> {
    let mut problems = Vec::new();
    let key_ok = !price.key.is_empty()
        && !price.key.starts_with('.')
        && !price.key.ends_with('.')
        && price.key.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
        });
    if !key_ok {
        problems.push(
            "key must be non-empty lowercase ASCII letters, digits, `.`, `-` or `_`".to_string(),
        );
    }
    let region_ok = !price.region.is_empty()
        && price
            .region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !region_ok {
        problems.push(format!(
            "region `{}` is not an AWS region code",
            price.region
        ));
    }
    if price.service.trim().is_empty() {
        problems.push("missing `service`".to_string());
    }
    if !is_non_negative(price.usd) {
        problems.push(format!(
            "usd must be a finite number >= 0 (got {})",
            price.usd
        ));
    }
    if price.source.trim().is_empty() {
        problems.push("missing `source` (the AWS pricing page of the figure)".to_string());
    } else if !is_url(&price.source) {
        problems.push(format!(
            "`source` must be an http(s) URL (got `{}`)",
            price.source
        ));
    }
    if price.as_of.trim().is_empty() {
        problems.push("missing `as_of` (the date the figure was valid, YYYY-MM-DD)".to_string());
    } else if !is_date(&price.as_of) {
        problems.push(format!(
            "`as_of` must be a date YYYY-MM-DD (got `{}`)",
            price.as_of
        ));
    }
    if let Some(free) = price.free_tier {
        if !is_non_negative(free.quantity) {
            problems.push(format!(
                "free_tier quantity must be a finite number >= 0 (got {})",
                free.quantity
            ));
        }
        if free.unit != price.unit.base() {
            problems.push(format!(
                "free_tier unit `{}` does not match the price unit `{}` (expected `{}`)",
                free.unit,
                price.unit,
                price.unit.base()
            ));
        }
    }
    if let Some(first) = price.tiers.first() {
        if first.usd != price.usd {
            problems.push(format!(
                "the first tier's usd ({}) must equal the entry's usd ({})",
                first.usd, price.usd
            ));
        }
        let mut previous = 0.0;
        for (position, tier) in price.tiers.iter().enumerate() {
            let last = position + 1 == price.tiers.len();
            if !is_non_negative(tier.usd) {
                problems.push(format!(
                    "tier {} usd must be a finite number >= 0 (got {})",
                    position + 1,
                    tier.usd
                ));
            }
            match (tier.up_to, last) {
                (Some(up_to), false) => {
                    if !(up_to.is_finite() && up_to > previous) {
                        problems.push(format!(
                            "tier {} up_to ({up_to}) must be greater than the previous bound ({previous})",
                            position + 1
                        ));
                    }
                    previous = up_to;
                }
                (None, false) => problems.push(format!(
                    "tier {} needs an up_to (only the last tier may omit it)",
                    position + 1
                )),
                (Some(_), true) => problems
                    .push("the last tier must omit up_to (it covers everything above)".to_string()),
                (None, true) => {}
            }
        }
    }
    for url in &price.verified_via {
        if !is_url(url) {
            problems.push(format!("verified_via entry `{url}` is not an http(s) URL"));
        }
    }
    problems
}
