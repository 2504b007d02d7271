//! The price list: a flat list of priced items, each identified by a stable `key` and a `region`.
//!
//! The shipped list lives in `data/prices.toml` and is compiled into the binary. A user file
//! (`--prices FILE`) has the same format; load it with [`PriceList::from_path`] and either use it on
//! its own or lay it over the shipped list with [`PriceList::overlay`].
//!
//! Every entry is validated on load: it must name its `source` and `as_of` date, its `usd` must be a
//! finite number `>= 0`, its `unit` must be one of [`Unit::ALL`], and no `(key, region)` pair may
//! appear twice. Errors name the file, the line of the offending entry and its key.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

mod file;

use file::*;

/// Hours in a billing month, as AWS's own calculators use it: 365 days × 24 h / 12 months.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// The shipped price list, verbatim.
pub const EMBEDDED_PRICES: &str = include_str!("../../data/prices.toml");

const EMBEDDED_ORIGIN: &str = "<embedded data/prices.toml>";

/// What a price is charged per.
///
/// Request-based units share the base unit [`Unit::Request`] and differ only in how many requests
/// one priced unit covers ([`Unit::per`]); every other unit is its own base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub enum Unit {
    /// One resource running for one hour.
    #[serde(rename = "hour")]
    Hour,
    /// One load balancer capacity unit for one hour.
    #[serde(rename = "LCU-hour")]
    LcuHour,
    /// One GB stored (or provisioned) for a month.
    #[serde(rename = "GB-month")]
    GbMonth,
    /// One GB transferred, processed, ingested or scanned.
    #[serde(rename = "GB")]
    Gb,
    /// One provisioned IOPS for a month.
    #[serde(rename = "IOPS-month")]
    IopsMonth,
    /// One MiB/s of provisioned throughput for a month.
    #[serde(rename = "MiBps-month")]
    MibpsMonth,
    /// One vCPU for a month.
    #[serde(rename = "vCPU-month")]
    VcpuMonth,
    /// One resource (secret, key, alarm, metric, dashboard, hosted zone, web ACL, ...) for a month.
    #[serde(rename = "month")]
    Month,
    /// A single request, event or recorded item.
    #[serde(rename = "request")]
    Request,
    /// 1,000 requests.
    #[serde(rename = "1k-requests")]
    Requests1k,
    /// 10,000 requests.
    #[serde(rename = "10k-requests")]
    Requests10k,
    /// 100,000 requests.
    #[serde(rename = "100k-requests")]
    Requests100k,
    /// 1,000,000 requests.
    #[serde(rename = "million-requests")]
    RequestsMillion,
}

impl Unit {
    /// Every unit a price file may use.
    pub const ALL: [Unit; 13] = [
        Unit::Hour,
        Unit::LcuHour,
        Unit::GbMonth,
        Unit::Gb,
        Unit::IopsMonth,
        Unit::MibpsMonth,
        Unit::VcpuMonth,
        Unit::Month,
        Unit::Request,
        Unit::Requests1k,
        Unit::Requests10k,
        Unit::Requests100k,
        Unit::RequestsMillion,
    ];

    /// The spelling used in price files.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Hour => "hour",
            Unit::LcuHour => "LCU-hour",
            Unit::GbMonth => "GB-month",
            Unit::Gb => "GB",
            Unit::IopsMonth => "IOPS-month",
            Unit::MibpsMonth => "MiBps-month",
            Unit::VcpuMonth => "vCPU-month",
            Unit::Month => "month",
            Unit::Request => "request",
            Unit::Requests1k => "1k-requests",
            Unit::Requests10k => "10k-requests",
            Unit::Requests100k => "100k-requests",
            Unit::RequestsMillion => "million-requests",
        }
    }

    /// Parses the spelling used in price files.
    pub fn parse(text: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|unit| unit.as_str() == text)
    }

    /// The unit quantities are counted in: [`Unit::Request`] for every request-based unit, the unit
    /// itself otherwise.
    pub fn base(self) -> Unit {
        match self {
            Unit::Request
            | Unit::Requests1k
            | Unit::Requests10k
            | Unit::Requests100k
            | Unit::RequestsMillion => Unit::Request,
            other => other,
        }
    }

    /// How many base units one priced unit covers (1,000,000 for `million-requests`, 1 for `hour`).
    pub fn per(self) -> f64 {
        match self {
            Unit::Requests1k => 1e3,
            Unit::Requests10k => 1e4,
            Unit::Requests100k => 1e5,
            Unit::RequestsMillion => 1e6,
            _ => 1.0,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A monthly free allowance, counted in the base unit of the price (see [`Unit::base`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FreeTier {
    pub quantity: f64,
    pub unit: Unit,
}

/// One step of graduated pricing. `up_to` is a cumulative bound in base units, counted after the
/// free tier; `None` means "and everything above".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tier {
    pub up_to: Option<f64>,
    pub usd: f64,
}

/// One priced item in one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Price {
    /// Stable lookup key, identical across regions, e.g. `ec2.instance.t3.medium`.
    pub key: String,
    /// AWS service, e.g. `ec2`.
    pub service: String,
    /// Human-readable description.
    pub item: String,
    /// AWS region code, e.g. `us-east-1`.
    pub region: String,
    /// What [`Price::usd`] is charged per.
    pub unit: Unit,
    /// USD per unit; the first tier's price when [`Price::tiers`] is not empty.
    pub usd: f64,
    /// The AWS pricing page the figure belongs to.
    pub source: String,
    /// Date (YYYY-MM-DD) the figure was valid or published.
    pub as_of: String,
    /// Monthly free allowance, if any.
    pub free_tier: Option<FreeTier>,
    /// Graduated tiers; empty for a flat price.
    pub tiers: Vec<Tier>,
    /// Caveats, e.g. "not re-verified".
    pub note: Option<String>,
    /// Pages that confirmed the figure when the list was compiled.
    pub verified_via: Vec<String>,
}

impl Price {
    /// The free allowance in base units (0 when there is none).
    pub fn free_quantity(&self) -> f64 {
        self.free_tier.map_or(0.0, |free| free.quantity)
    }

    /// The part of `quantity` (in base units) left to pay for after the free tier.
    /// Negative, NaN and infinite quantities count as 0.
    pub fn billable(&self, quantity: f64) -> f64 {
        let quantity = if quantity.is_finite() && quantity > 0.0 {
            quantity
        } else {
            0.0
        };
        (quantity - self.free_quantity()).max(0.0)
    }

    /// The cost in USD of `quantity` for one month, after the free tier and along the tiers.
    ///
    /// `quantity` is counted in the base unit of [`Price::unit`]: hours for `hour`, GB for
    /// `GB-month` (GB stored over the month) and `GB`, resources for `month`, and single requests
    /// for every request-based unit (50,000 API calls at `10k-requests` is `monthly(50_000.0)`).
    pub fn monthly(&self, quantity: f64) -> f64 {
        let billable = self.billable(quantity);
        let per = self.unit.per();
        if self.tiers.is_empty() {
            return billable / per * self.usd;
        }
        let mut cost = 0.0;
        let mut lower = 0.0;
        for tier in &self.tiers {
            let upper = tier.up_to.unwrap_or(f64::INFINITY);
            if billable > lower {
                cost += (billable.min(upper) - lower) / per * tier.usd;
            }
            if billable <= upper {
                break;
            }
            lower = upper;
        }
        cost
    }

    /// Whether the figure was confirmed against a page when the list was compiled.
    pub fn is_verified(&self) -> bool {
        !self.verified_via.is_empty()
    }
}

/// One thing wrong with a price file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line of the entry's `key` (or `None` for a file-level problem).
    pub line: Option<usize>,
    pub key: Option<String>,
    pub region: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        match (&self.key, &self.region) {
            (Some(key), Some(region)) => write!(f, "`{key}` ({region}): ")?,
            (Some(key), None) => write!(f, "`{key}`: ")?,
            _ => {}
        }
        f.write_str(&self.message)
    }
}

/// Why a price file could not be used.
#[derive(Debug)]
pub enum PriceError {
    /// The file could not be read.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not have the expected shape; `message` is toml's own
    /// (it gives the line and column).
    Parse { origin: String, message: String },
    /// The file parsed but some entries break the rules.
    Invalid {
        origin: String,
        problems: Vec<Problem>,
    },
}

impl fmt::Display for PriceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PriceError::Io { path, source } => {
                write!(f, "cannot read price file {}: {source}", path.display())
            }
            PriceError::Parse { origin, message } => {
                write!(f, "invalid price file {origin}: {}", message.trim_end())
            }
            PriceError::Invalid { origin, problems } => {
                let count = problems.len();
                let plural = if count == 1 { "" } else { "s" };
                write!(f, "invalid price file {origin}: {count} problem{plural}")?;
                for problem in problems {
                    write!(f, "\n  {origin}: {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for PriceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PriceError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A validated price list with an index by `(region, key)`.
#[derive(Debug, Clone)]
pub struct PriceList {
    origin: String,
    hours_per_month: f64,
    prices: Vec<Price>,
    /// region -> key -> position in `prices`
    index: HashMap<String, HashMap<String, usize>>,
}

impl PriceList {
    /// The shipped price list, parsed once.
    ///
    /// # Panics
    /// If the embedded file is invalid, which the crate's tests rule out.
    pub fn embedded() -> &'static PriceList {
        static EMBEDDED: OnceLock<PriceList> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            PriceList::parse_embedded()
                .unwrap_or_else(|error| panic!("the shipped price list is invalid: {error}"))
        })
    }

    /// Parses the shipped price list afresh (for tests and tools; use [`PriceList::embedded`]).
    pub fn parse_embedded() -> Result<PriceList, PriceError> {
        PriceList::from_toml_str(EMBEDDED_PRICES, EMBEDDED_ORIGIN)
    }

    /// Loads a user price file (`--prices FILE`). Errors name the file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<PriceList, PriceError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| PriceError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        PriceList::from_toml_str(&text, &path.display().to_string())
    }

    /// Parses and validates price-file text; `origin` names it in errors (a path, usually).
    pub fn from_toml_str(text: &str, origin: &str) -> Result<PriceList, PriceError> {
        let raw: RawFile = toml::from_str(text).map_err(|error| PriceError::Parse {
            origin: origin.to_string(),
            message: error.to_string(),
        })?;

        let mut problems = Vec::new();
        let file_problem = |message: String| Problem {
            line: None,
            key: None,
            region: None,
            message,
        };
        if let Some(version) = raw.schema_version {
            if version != 1 {
                problems.push(file_problem(format!(
                    "unsupported schema_version {version} (expected 1)"
                )));
            }
        }
        if let Some(currency) = &raw.currency {
            if currency != "USD" {
                problems.push(file_problem(format!(
                    "unsupported currency `{currency}` (only USD)"
                )));
            }
        }
        let hours_per_month = raw.hours_per_month.unwrap_or(HOURS_PER_MONTH);
        if !(hours_per_month.is_finite() && hours_per_month > 0.0) {
            problems.push(file_problem(format!(
                "hours_per_month must be > 0 (got {hours_per_month})"
            )));
        }
        let declared_regions: Option<BTreeSet<String>> =
            raw.regions.map(|regions| regions.into_iter().collect());

        let mut prices = Vec::with_capacity(raw.price.len());
        let mut first_seen: HashMap<(String, String), usize> = HashMap::new();
        for raw_price in raw.price {
            let line = line_of(text, raw_price.key.span().start);
            let price = raw_price.into_price();
            let mut messages = entry_problems(&price);
            if let Some(regions) = &declared_regions {
                if !regions.contains(&price.region) {
                    messages.push(format!(
                        "region `{}` is not listed in `regions`",
                        price.region
                    ));
                }
            }
            match first_seen.get(&(price.key.clone(), price.region.clone())) {
                Some(first) => messages.push(format!(
                    "duplicate entry for this key and region (first defined at line {first})"
                )),
                None => {
                    first_seen.insert((price.key.clone(), price.region.clone()), line);
                }
            }
            problems.extend(messages.into_iter().map(|message| Problem {
                line: Some(line),
                key: Some(price.key.clone()),
                region: Some(price.region.clone()),
                message,
            }));
            prices.push(price);
        }

        if !problems.is_empty() {
            return Err(PriceError::Invalid {
                origin: origin.to_string(),
                problems,
            });
        }
        Ok(PriceList::build(origin, hours_per_month, prices))
    }

    /// A list of prices made elsewhere (AWS's price list, the cache), checked by the same rules
    /// as a price file's entries.
    pub fn from_prices(origin: &str, prices: Vec<Price>) -> Result<PriceList, PriceError> {
        let problems: Vec<Problem> = prices
            .iter()
            .flat_map(|price| {
                entry_problems(price).into_iter().map(|message| Problem {
                    line: None,
                    key: Some(price.key.clone()),
                    region: Some(price.region.clone()),
                    message,
                })
            })
            .collect();
        if !problems.is_empty() {
            return Err(PriceError::Invalid {
                origin: origin.to_string(),
                problems,
            });
        }
        Ok(PriceList::build(origin, HOURS_PER_MONTH, prices))
    }

    /// A list of checked prices, indexed.
    fn build(origin: &str, hours_per_month: f64, prices: Vec<Price>) -> PriceList {
        let mut list = PriceList {
            origin: origin.to_string(),
            hours_per_month,
            prices: Vec::new(),
            index: HashMap::new(),
        };
        for price in prices {
            list.insert(price);
        }
        list
    }

    /// The list in the price-file format [`PriceList::from_toml_str`] reads back.
    pub fn to_toml(&self) -> String {
        use std::fmt::Write as _;
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let mut out = format!(
            "schema_version = 1\ncurrency = \"USD\"\nhours_per_month = {}\n",
            self.hours_per_month
        );
        for p in &self.prices {
            let _ = write!(
                out,
                "\n[[price]]\nkey = {}\nservice = {}\nitem = {}\nregion = {}\nunit = {}\nusd = {:?}\nsource = {}\nas_of = {}\n",
                q(&p.key),
                q(&p.service),
                q(&p.item),
                q(&p.region),
                q(p.unit.as_str()),
                p.usd,
                q(&p.source),
                q(&p.as_of)
            );
            if let Some(free) = p.free_tier {
                let _ = writeln!(
                    out,
                    "free_tier = {{ quantity = {:?}, unit = {} }}",
                    free.quantity,
                    q(free.unit.as_str())
                );
            }
            if !p.tiers.is_empty() {
                let tiers: Vec<String> = p
                    .tiers
                    .iter()
                    .map(|t| match t.up_to {
                        Some(up_to) => format!("{{ up_to = {up_to:?}, usd = {:?} }}", t.usd),
                        None => format!("{{ usd = {:?} }}", t.usd),
                    })
                    .collect();
                let _ = writeln!(out, "tiers = [{}]", tiers.join(", "));
            }
            if let Some(note) = &p.note {
                let _ = writeln!(out, "note = {}", q(note));
            }
        }
        out
    }

    /// The price of `key` in `region`, or `None` when the list has no such price.
    pub fn lookup(&self, key: &str, region: &str) -> Option<&Price> {
        let position = *self.index.get(region)?.get(key)?;
        self.prices.get(position)
    }

    /// Every price, in file order (overlaid additions last).
    pub fn prices(&self) -> &[Price] {
        &self.prices
    }

    pub fn len(&self) -> usize {
        self.prices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.prices.is_empty()
    }

    /// Where the list came from (a path, or `<embedded data/prices.toml>`).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Hours used to turn hourly prices into monthly ones (730 unless the file says otherwise).
    pub fn hours_per_month(&self) -> f64 {
        self.hours_per_month
    }

    /// The regions that have at least one price, sorted.
    pub fn regions(&self) -> Vec<&str> {
        let mut regions: Vec<&str> = self.index.keys().map(String::as_str).collect();
        regions.sort_unstable();
        regions
    }

    /// The keys priced in `region`, sorted (empty for an unknown region).
    pub fn keys(&self, region: &str) -> Vec<&str> {
        let mut keys: Vec<&str> = self
            .index
            .get(region)
            .map(|keys| keys.keys().map(String::as_str).collect())
            .unwrap_or_default();
        keys.sort_unstable();
        keys
    }

    /// Checks that every region prices the same keys. On failure, lists each `(region, key)` that
    /// is missing, as `"region: key"`.
    pub fn region_parity(&self) -> Result<(), Vec<String>> {
        let all_keys: BTreeSet<&str> = self.prices.iter().map(|price| price.key.as_str()).collect();
        let mut missing = Vec::new();
        for region in self.regions() {
            let keys = &self.index[region];
            for key in &all_keys {
                if !keys.contains_key(*key) {
                    missing.push(format!("{region}: {key}"));
                }
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(missing)
        }
    }

    /// Lays `overrides` over this list: an entry with the same `(key, region)` replaces the existing
    /// one, any other entry is added.
    pub fn overlay(&mut self, overrides: PriceList) {
        for price in overrides.prices {
            self.insert(price);
        }
        self.origin = format!("{} + {}", self.origin, overrides.origin);
    }

    fn insert(&mut self, price: Price) {
        let keys = self.index.entry(price.region.clone()).or_default();
        match keys.get(&price.key) {
            Some(&position) => self.prices[position] = price,
            None => {
                keys.insert(price.key.clone(), self.prices.len());
                self.prices.push(price);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded() -> &'static PriceList {
        PriceList::embedded()
    }

    fn price(key: &str, region: &str) -> &'static Price {
        embedded()
            .lookup(key, region)
            .unwrap_or_else(|| panic!("no price for {key} in {region}"))
    }

    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-9,
            "expected {expected}, got {actual}"
        );
    }

    #[test]
    fn t3_medium_for_a_month_in_us_east_1() {
        // 730 h x $0.0416/h
        close(
            price("ec2.instance.t3.medium", "us-east-1").monthly(HOURS_PER_MONTH),
            30.368,
        );
        close(embedded().hours_per_month(), 730.0);
    }

    #[test]
    fn ten_standard_alarms_are_free_fifteen_are_not() {
        let alarm = price("cloudwatch.alarm.standard", "us-east-1");
        close(alarm.monthly(10.0), 0.0);
        // (15 - 10 free) x $0.10
        close(alarm.monthly(15.0), 0.50);
    }

    #[test]
    fn hundred_gb_gp3() {
        // 100 GB x $0.08
        close(price("ebs.volume.gp3", "us-east-1").monthly(100.0), 8.0);
        // eu-west-1: 100 GB x $0.088
        close(price("ebs.volume.gp3", "eu-west-1").monthly(100.0), 8.8);
    }

    #[test]
    fn gp3_iops_and_throughput_above_the_baseline() {
        // (4,000 - 3,000) IOPS x $0.005 ; (250 - 125) MiB/s x $0.04
        close(
            price("ebs.volume.gp3.iops", "us-east-1").monthly(4000.0),
            5.0,
        );
        close(
            price("ebs.volume.gp3.iops", "us-east-1").monthly(3000.0),
            0.0,
        );
        close(
            price("ebs.volume.gp3.throughput", "us-east-1").monthly(250.0),
            5.0,
        );
    }

    #[test]
    fn a_secret_for_a_month_plus_fifty_thousand_calls() {
        let secret = price("secretsmanager.secret", "us-east-1").monthly(1.0);
        // 50,000 calls / 10,000 x $0.05
        let calls = price("secretsmanager.api-calls", "us-east-1").monthly(50_000.0);
        close(secret, 0.40);
        close(calls, 0.25);
        close(secret + calls, 0.65);
    }

    #[test]
    fn kms_key_and_requests_beyond_the_free_tier() {
        close(
            price("kms.key.customer-managed", "eu-west-1").monthly(1.0),
            1.0,
        );
        let requests = price("kms.requests", "us-east-1");
        close(requests.monthly(20_000.0), 0.0);
        // (25,000 - 20,000) / 10,000 x $0.03
        close(requests.monthly(25_000.0), 0.015);
    }

    #[test]
    fn graduated_tiers_after_the_free_tier() {
        let metrics = price("cloudwatch.metric.custom", "us-east-1");
        // 10 free, then 10,000 x $0.30 + 10,000 x $0.10
        close(metrics.monthly(20_010.0), 4_000.0);
        close(metrics.monthly(10.0), 0.0);
        close(metrics.monthly(110.0), 30.0);

        let egress = price("data-transfer.internet-out", "us-east-1");
        close(egress.monthly(100.0), 0.0);
        // 100 GB free, then 1,024 GB x $0.09
        close(egress.monthly(1_124.0), 92.16);
        // 100 GB free, 10,240 GB x $0.09 + 1,000 GB x $0.085
        close(egress.monthly(100.0 + 10_240.0 + 1_000.0), 921.6 + 85.0);
    }

    #[test]
    fn request_units_are_counted_in_single_requests() {
        // 3,000,000 publishes, 1,000,000 free: 2 x $0.50
        close(price("sns.publish", "us-east-1").monthly(3_000_000.0), 1.0);
        // 11,000 emails, 1,000 free: 10,000 / 100,000 x $2
        close(
            price("sns.delivery.email", "us-east-1").monthly(11_000.0),
            0.2,
        );
        // 2,000 PUTs: 2 x $0.005
        close(
            price("s3.standard.put-requests", "us-east-1").monthly(2_000.0),
            0.01,
        );
    }

    #[test]
    fn nonsense_quantities_cost_nothing() {
        let p = price("ec2.instance.t3.micro", "us-east-1");
        close(p.monthly(-5.0), 0.0);
        close(p.monthly(f64::NAN), 0.0);
        close(p.monthly(f64::INFINITY), 0.0);
    }

    #[test]
    fn a_missing_price_is_none_not_zero() {
        assert!(embedded()
            .lookup("ec2.instance.t3.gigantic", "us-east-1")
            .is_none());
        assert!(embedded()
            .lookup("ec2.instance.t3.medium", "ap-south-7")
            .is_none());
        // A genuinely free item is an explicit zero, which is different from a missing one.
        let acm = price("acm.certificate.public", "us-east-1");
        assert_eq!(acm.usd, 0.0);
        assert!(acm.source.contains("aws.amazon.com"));
    }

    #[test]
    fn multi_az_instances_cost_twice_single_az() {
        let list = embedded();
        let mut checked = 0;
        for price in list.prices() {
            if let Some(stem) = price
                .key
                .strip_prefix("rds.instance.")
                .and_then(|k| k.strip_suffix(".single-az"))
            {
                let multi = list
                    .lookup(&format!("rds.instance.{stem}.multi-az"), &price.region)
                    .expect("every single-az class has a multi-az twin");
                close(multi.usd, 2.0 * price.usd);
                checked += 1;
            }
        }
        assert!(checked >= 2 * 2 * 11, "checked {checked}");
    }

    #[test]
    fn embedded_is_parsed_once() {
        assert!(std::ptr::eq(PriceList::embedded(), PriceList::embedded()));
    }

    #[test]
    fn units_round_trip() {
        for unit in Unit::ALL {
            assert_eq!(Unit::parse(unit.as_str()), Some(unit));
            assert_eq!(unit.base().per(), 1.0);
        }
        assert_eq!(Unit::parse("hours"), None);
        assert_eq!(Unit::RequestsMillion.base(), Unit::Request);
    }

    #[test]
    fn dates() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("2024-1-01"));
        assert!(!is_date("yesterday"));
    }

    const ONE: &str = r#"
[[price]]
key = "ec2.instance.t3.micro"
service = "ec2"
item = "t3.micro"
region = "us-east-1"
unit = "hour"
usd = 0.5
source = "https://example.com/pricing"
as_of = "2026-01-01"
"#;

    #[test]
    fn overlay_replaces_and_adds() {
        let mut list = PriceList::parse_embedded().unwrap();
        let before = list.len();
        let user = PriceList::from_toml_str(
            &format!("{ONE}{}", ONE.replace("us-east-1", "ap-southeast-2")),
            "mine.toml",
        )
        .unwrap();
        list.overlay(user);
        assert_eq!(list.len(), before + 1);
        close(
            list.lookup("ec2.instance.t3.micro", "us-east-1")
                .unwrap()
                .usd,
            0.5,
        );
        close(
            list.lookup("ec2.instance.t3.micro", "ap-southeast-2")
                .unwrap()
                .usd,
            0.5,
        );
        close(
            list.lookup("ec2.instance.t3.micro", "eu-west-1")
                .unwrap()
                .usd,
            0.0114,
        );
        assert!(list.origin().ends_with("+ mine.toml"));
        assert!(list.region_parity().is_err());
    }

    #[test]
    fn a_user_file_may_be_minimal() {
        let list = PriceList::from_toml_str(ONE, "mine.toml").unwrap();
        assert_eq!(list.len(), 1);
        close(list.hours_per_month(), 730.0);
        assert_eq!(list.regions(), vec!["us-east-1"]);
        assert_eq!(list.keys("us-east-1"), vec!["ec2.instance.t3.micro"]);
        assert!(list.keys("eu-west-1").is_empty());
    }

    fn invalid(text: &str) -> Vec<Problem> {
        match PriceList::from_toml_str(text, "user.toml") {
            Err(PriceError::Invalid { problems, .. }) => problems,
            other => panic!("expected validation problems, got {other:?}"),
        }
    }

    #[test]
    fn duplicates_are_rejected_with_both_lines() {
        let problems = invalid(&format!("{ONE}{ONE}"));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(13));
        assert_eq!(problems[0].key.as_deref(), Some("ec2.instance.t3.micro"));
        assert!(
            problems[0].message.contains("first defined at line 3"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn negative_prices_missing_source_and_bad_dates_are_rejected() {
        let text = ONE
            .replace("usd = 0.5", "usd = -1")
            .replace("source = \"https://example.com/pricing\"\n", "")
            .replace("2026-01-01", "Jan 2026");
        let problems = invalid(&text);
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 3, "{messages:?}");
        assert!(problems.iter().all(|p| p.line == Some(3)));
        assert!(
            messages.iter().any(|m| m.contains("usd must be")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("missing `source`")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.contains("as_of")), "{messages:?}");
    }

    #[test]
    fn tiers_and_free_tiers_are_checked() {
        let text = ONE.replace(
            "as_of = \"2026-01-01\"",
            "as_of = \"2026-01-01\"\nfree_tier = { quantity = 5, unit = \"GB\" }\ntiers = [{ up_to = 10, usd = 0.4 }, { up_to = 5, usd = 0.1 }, { usd = 0.05 }]",
        );
        let messages: Vec<String> = invalid(&text).iter().map(ToString::to_string).collect();
        assert!(
            messages.iter().any(|m| m.contains("free_tier unit `GB`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("first tier")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("tier 2 up_to")),
            "{messages:?}"
        );
    }

    #[test]
    fn unknown_units_and_fields_are_parse_errors_with_a_line() {
        for (needle, replacement) in [
            ("unit = \"hour\"", "unit = \"hours\""),
            ("usd = 0.5", "usd = 0.5\nprice_usd = 1"),
        ] {
            let text = ONE.replace(needle, replacement);
            match PriceList::from_toml_str(&text, "user.toml") {
                Err(error @ PriceError::Parse { .. }) => {
                    let message = error.to_string();
                    assert!(message.contains("user.toml"), "{message}");
                    assert!(message.contains("line"), "{message}");
                }
                other => panic!("expected a parse error, got {other:?}"),
            }
        }
    }

    #[test]
    fn from_path_names_the_file_and_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prices.toml");
        std::fs::write(&path, ONE.replace("usd = 0.5", "usd = -0.5")).unwrap();
        let message = PriceList::from_path(&path).unwrap_err().to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains("line 3"), "{message}");
        assert!(message.contains("ec2.instance.t3.micro"), "{message}");

        let missing = dir.path().join("nope.toml");
        let error = PriceList::from_path(&missing).unwrap_err();
        assert!(matches!(error, PriceError::Io { .. }));
        assert!(error.to_string().contains("nope.toml"));

        std::fs::write(&path, "[[price]\nkey = ").unwrap();
        let message = PriceList::from_path(&path).unwrap_err().to_string();
        assert!(
            message.contains(&path.display().to_string()) && message.contains("line 1"),
            "{message}"
        );
    }
}
