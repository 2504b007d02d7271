//! The estimate: one line item per resource (per module instance), priced from the price list
//! and the usage, with the formula and assumptions behind each figure.

use serde::{Deserialize, Serialize};

use crate::prices::Unit;
use crate::usage::UsageSource;

/// Region used when the root module's `provider "aws"` sets none (the AWS CLI's own fallback is
/// unset, so this is an assumption, stated in the estimate's notes).
pub const DEFAULT_REGION: &str = "us-east-1";

/// What a line item's figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every component was priced.
    Priced,
    /// The resource costs nothing by itself (VPC, subnets, IAM, listeners, ...).
    Free,
    /// At least one price or value is missing: the figure is unknown, never $0.
    Missing,
}

/// One priced quantity of a line item: `730 h × $0.0416/hour = $30.37`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// What is charged, e.g. `t3.medium instance`.
    pub label: String,
    /// Price-list key, e.g. `ec2.instance.t3.medium`.
    pub price_key: String,
    /// Quantity in the price's base unit (hours, GB, requests, resources).
    pub quantity: f64,
    /// The price's unit as the price list spells it (`hour`, `million-requests`, ...).
    pub unit: String,
    /// USD per unit (first tier for graduated prices).
    pub usd_per_unit: f64,
    /// What this quantity adds to the month, after free tiers and volume tiers shared across
    /// the stack.
    pub monthly_usd: f64,
    /// The computation with its numbers.
    pub formula: String,
    /// The usage quantity the figure came from, if any: `key` and where its value came from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub usage: Option<UsageRef>,
}

/// A usage quantity behind a component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageRef {
    pub key: String,
    pub value: f64,
    pub source: UsageSource,
}

/// A price or value that could not be found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissingPrice {
    pub address: String,
    /// The price-list key looked up, when the problem is a missing price.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub price_key: Option<String>,
    pub region: String,
    pub reason: String,
}

/// One resource (in one module instance) and what it costs per month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    /// `module.db.aws_db_instance.main`.
    pub address: String,
    pub resource_type: String,
    /// `modules/rds/main.tf:19`.
    pub location: String,
    /// `yes`, or `maybe` when its `count`/`for_each` depends on values known only at apply.
    pub presence: String,
    /// How many resource instances the line covers (its `count`/`for_each`).
    pub count: f64,
    pub status: Status,
    /// `None` when a price or value is missing (`status: missing`), never a silent 0.
    pub monthly_usd: Option<f64>,
    /// The whole computation: the components' formulas joined with ` + `.
    pub formula: String,
    pub components: Vec<Component>,
    pub assumptions: Vec<String>,
    pub price_keys: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub missing: Vec<MissingPrice>,
}

impl LineItem {
    /// The part of the item that could be priced (equal to `monthly_usd` when complete).
    pub fn priced_usd(&self) -> f64 {
        self.components
            .iter()
            .map(|c| c.monthly_usd)
            .fold(0.0, |a: f64, b| a + b)
    }
}

/// The monthly cost of a project in one environment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The project root as given.
    pub project: String,
    pub region: String,
    /// `var.environment` of the root module, when known.
    pub environment: Option<String>,
    pub prices_origin: String,
    /// The usage file, or `None` for tfready's defaults.
    pub usage_origin: Option<String>,
    pub items: Vec<LineItem>,
    /// Sum of every priced line (and of the priced parts of incomplete lines).
    pub total_usd: f64,
    /// False when some price is missing: the real total is then higher than `total_usd`.
    pub complete: bool,
    pub missing: Vec<MissingPrice>,
    /// Estimate-wide notes: region fallback, comparison with the spec's figure, ...
    pub notes: Vec<String>,
}

impl Estimate {
    pub fn item(&self, address: &str) -> Option<&LineItem> {
        self.items.iter().find(|i| i.address == address)
    }

    /// [`Estimate::item`] for many addresses: the first line of each.
    pub fn by_address(&self) -> std::collections::HashMap<&str, &LineItem> {
        let mut index = std::collections::HashMap::with_capacity(self.items.len());
        for i in &self.items {
            index.entry(i.address.as_str()).or_insert(i);
        }
        index
    }

    /// Sum of the lines of one resource type.
    pub fn total_of(&self, resource_type: &str) -> f64 {
        self.items
            .iter()
            .filter(|i| i.resource_type == resource_type)
            .map(LineItem::priced_usd)
            .fold(0.0, |a: f64, b| a + b)
    }
}

// ------------------------------------------------------------------------------------------------
// Number formatting

/// `$30.37`, `$0.0075` for amounts under a cent, `$0.00` for zero.
pub fn usd(amount: f64) -> String {
    let sign = if amount < 0.0 && amount.abs() >= 0.00005 {
        "-"
    } else {
        ""
    };
    let amount = amount.abs();
    if (0.00005..0.01).contains(&amount) {
        format!("{sign}${amount:.4}")
    } else {
        format!("{sign}${}", thousands(&format!("{amount:.2}")))
    }
}

/// `+$19.35` or `-$3.65`: a change.
pub fn signed_usd(amount: f64) -> String {
    let text = usd(amount);
    if text.starts_with('-') {
        text
    } else {
        format!("+{text}")
    }
}

/// `1,000,000`, `730`, `0.35`.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        thousands(&format!("{}", value as i64))
    } else {
        let text = format!("{value:.4}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        thousands(text)
    }
}

fn thousands(text: &str) -> String {
    let (sign, rest) = text
        .strip_prefix('-')
        .map_or(("", text), |rest| ("-", rest));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(frac) => format!("{sign}{grouped}.{frac}"),
        None => format!("{sign}{grouped}"),
    }
}

pub(crate) fn quantity_text(quantity: f64, unit: Unit) -> String {
    let q = number(quantity);
    match unit.base() {
        Unit::Hour => format!("{q} h"),
        Unit::LcuHour => format!("{q} LCU-h"),
        Unit::GbMonth => format!("{q} GB-month"),
        Unit::Gb => format!("{q} GB"),
        Unit::IopsMonth => format!("{q} IOPS"),
        Unit::MibpsMonth => format!("{q} MiB/s"),
        Unit::VcpuMonth => format!("{q} vCPU"),
        Unit::Month => q,
        _ => format!("{q} requests"),
    }
}

pub(crate) fn unit_price_text(usd_per_unit: f64, unit: Unit) -> String {
    let price = format!("${}", number_price(usd_per_unit));
    match unit {
        Unit::Hour => format!("{price}/h"),
        Unit::LcuHour => format!("{price}/LCU-h"),
        Unit::GbMonth => format!("{price}/GB-month"),
        Unit::Gb => format!("{price}/GB"),
        Unit::IopsMonth => format!("{price}/IOPS-month"),
        Unit::MibpsMonth => format!("{price}/MiBps-month"),
        Unit::VcpuMonth => format!("{price}/vCPU-month"),
        Unit::Month => format!("{price}/month"),
        Unit::Request => format!("{price}/request"),
        Unit::Requests1k => format!("{price} per 1,000"),
        Unit::Requests10k => format!("{price} per 10,000"),
        Unit::Requests100k => format!("{price} per 100,000"),
        Unit::RequestsMillion => format!("{price} per million"),
    }
}

fn number_price(value: f64) -> String {
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0');
    let text = text
        .strip_suffix('.')
        .map_or(text.to_string(), |t| format!("{t}.00"));
    // keep at least two decimals: $0.40, $5.00
    match text.split_once('.') {
        Some((int, frac)) if frac.len() < 2 => format!("{int}.{frac:0<2}"),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_numbers() {
        assert_eq!(usd(30.368), "$30.37");
        assert_eq!(usd(0.0075), "$0.0075");
        assert_eq!(usd(0.0), "$0.00");
        assert_eq!(usd(1234.5), "$1,234.50");
        assert_eq!(usd(-3.65), "-$3.65");
        assert_eq!(usd(-0.0), "$0.00");
        assert_eq!(number(1_000_000.0), "1,000,000");
        assert_eq!(number(0.35), "0.35");
        assert_eq!(number(1460.0), "1,460");
        assert_eq!(number_price(0.0416), "0.0416");
        assert_eq!(number_price(0.4), "0.40");
        assert_eq!(number_price(5.0), "5.00");
        assert_eq!(
            unit_price_text(0.4, Unit::RequestsMillion),
            "$0.40 per million"
        );
    }
}
