//! The estimate: one line item per resource (per module instance), priced from the price list
//! and the usage, with the formula and assumptions behind each figure.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tfready_model::{Evaluator, InstanceEnv, Presence, Project, ResourceRef, Value};

use crate::prices::{PriceList, Unit};
use crate::usage::{Usage, UsageSource};

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
    /// `module.rds.aws_db_instance.coherent_db`.
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

/// Prices projects one after another with shared account-wide free tiers and volume tiers: the
/// 10 free alarms are used by the first alarms priced, whatever project they belong to. The
/// phase table prices the current stack first, then each phase's modules, so a phase's figure
/// is what it adds.
pub struct Estimator<'a> {
    pub(crate) prices: &'a PriceList,
    pub(crate) usage: &'a Usage,
    pub(crate) region: String,
    /// Base quantity already charged, per price key.
    pool: HashMap<String, f64>,
    /// Databases priced so far, for read replicas whose source is in another project.
    pub(crate) databases: Vec<DbFacts>,
    /// Whether an Aurora cluster was seen (GuardDuty RDS Protection bills Aurora only).
    pub(crate) saw_aurora: bool,
}

/// What a read replica inherits from its source.
#[derive(Debug, Clone)]
pub(crate) struct DbFacts {
    pub identifier: Option<String>,
    pub address: String,
    pub engine: String,
    pub storage_gb: Option<f64>,
    pub storage_type: Option<String>,
}

impl<'a> Estimator<'a> {
    pub fn new(prices: &'a PriceList, usage: &'a Usage, region: impl Into<String>) -> Self {
        Estimator {
            prices,
            usage,
            region: region.into(),
            pool: HashMap::new(),
            databases: Vec::new(),
            saw_aurora: false,
        }
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    /// Prices every managed resource of `project`. `address_prefix` (e.g. `module.alb.`) is put
    /// before every address, for a module priced as a standalone root. The `stack` line (internet
    /// data transfer) is added when `with_stack_line` is set and the project serves traffic.
    pub fn items(
        &mut self,
        project: &Project,
        address_prefix: &str,
        with_stack_line: bool,
    ) -> Vec<LineItem> {
        let context = crate::pricers::Context::new(project);
        let mut items = Vec::new();
        let mut serves_traffic = false;
        for r in project.resources() {
            if matches!(
                r.kind(),
                "aws_instance" | "aws_autoscaling_group" | "aws_lb" | "aws_nat_gateway"
            ) {
                serves_traffic = true;
            }
            let mut draft = Draft::new(&r, address_prefix);
            crate::pricers::price(self, &context, &r, &mut draft);
            items.push(draft.finish(&self.region));
        }
        if with_stack_line && serves_traffic {
            let mut draft = Draft::stack(&project.display_root);
            crate::pricers::price_stack(self, &mut draft);
            items.push(draft.finish(&self.region));
        }
        items
    }

    /// Charges `quantity` (base units) of `key` to `draft`, after what earlier lines used of the
    /// shared free tier and volume tiers. `amount` is how the quantity is written in the formula
    /// (e.g. `2 × 730 h`); `None` writes the quantity with its unit.
    pub(crate) fn charge(
        &mut self,
        draft: &mut Draft,
        key: &str,
        label: impl Into<String>,
        quantity: f64,
        amount: Option<String>,
        usage: Option<UsageRef>,
    ) {
        self.charge_inner(draft, key, label.into(), quantity, 0.0, amount, usage);
    }

    /// Charges `quantity` for each of `copies` resources, with the price's free tier applied to
    /// each one (gp3's 3,000 IOPS baseline is per volume), outside the shared pool.
    pub(crate) fn charge_each(
        &mut self,
        draft: &mut Draft,
        key: &str,
        label: impl Into<String>,
        quantity: f64,
        copies: f64,
        amount: Option<String>,
    ) {
        self.charge_inner(draft, key, label.into(), quantity, copies, amount, None);
    }

    /// `copies == 0` charges through the shared pool; otherwise `copies` × the price of
    /// `quantity` alone.
    #[allow(clippy::too_many_arguments)]
    fn charge_inner(
        &mut self,
        draft: &mut Draft,
        key: &str,
        label: String,
        quantity: f64,
        copies: f64,
        amount: Option<String>,
        usage: Option<UsageRef>,
    ) {
        let Some(price) = self.prices.lookup(key, &self.region) else {
            draft.missing.push(MissingPrice {
                address: draft.address.clone(),
                price_key: Some(key.to_string()),
                region: self.region.clone(),
                reason: format!("{label}: the price list has no `{key}` in {}", self.region),
            });
            draft.price_keys.push(key.to_string());
            return;
        };
        let quantity = if quantity.is_finite() && quantity > 0.0 {
            quantity
        } else {
            0.0
        };
        let (used, cost) = if copies > 0.0 {
            (0.0, copies * price.monthly(quantity))
        } else {
            let used = self.pool.get(key).copied().unwrap_or(0.0);
            let cost = (price.monthly(used + quantity) - price.monthly(used)).max(0.0);
            self.pool.insert(key.to_string(), used + quantity);
            (used, cost)
        };
        let shown = if copies > 0.0 {
            quantity * copies
        } else {
            quantity
        };

        let amount = amount.unwrap_or_else(|| quantity_text(shown, price.unit));
        let mut formula = format!(
            "{label}: {amount} × {} = {}",
            unit_price_text(price.usd, price.unit),
            usd(cost)
        );
        let flat = shown / price.unit.per() * price.usd;
        if (flat - cost).abs() > 1e-9 {
            let mut why = Vec::new();
            if let Some(free) = price.free_tier {
                why.push(format!(
                    "first {} free {}",
                    quantity_text(free.quantity, price.unit),
                    if copies > 0.0 {
                        "for each"
                    } else {
                        "per month account-wide"
                    }
                ));
            }
            if !price.tiers.is_empty() {
                why.push("volume tiers".to_string());
            }
            if used > 0.0 {
                why.push(format!(
                    "{} already counted on earlier lines",
                    quantity_text(used, price.unit)
                ));
            }
            formula.push_str(&format!(" ({})", why.join("; ")));
        }
        draft.price_keys.push(key.to_string());
        draft.components.push(Component {
            label,
            price_key: key.to_string(),
            quantity: shown,
            unit: price.unit.as_str().to_string(),
            usd_per_unit: price.usd,
            monthly_usd: cost,
            formula,
            usage,
        });
    }

    /// A usage value for the draft's resource (tfready's default when the file has none).
    pub(crate) fn usage(&self, draft: &Draft, key: &str) -> UsageRef {
        let value = self
            .usage
            .get(&draft.address, &draft.resource_type, key)
            .unwrap_or_else(|| panic!("no usage default for {} {key}", draft.resource_type));
        UsageRef {
            key: key.to_string(),
            value: value.value,
            source: value.source,
        }
    }
}

/// A line item being built.
pub(crate) struct Draft {
    pub address: String,
    pub resource_type: String,
    pub location: String,
    pub presence: Presence,
    pub count: f64,
    pub components: Vec<Component>,
    pub assumptions: Vec<String>,
    pub price_keys: Vec<String>,
    pub missing: Vec<MissingPrice>,
    /// Set by pricers of resources that cost nothing by themselves: the reason.
    pub free: Option<String>,
}

impl Draft {
    fn new(r: &ResourceRef<'_>, prefix: &str) -> Draft {
        let location = r.location();
        Draft {
            address: format!("{prefix}{}", r.address()),
            resource_type: r.resource.ty.clone(),
            location: format!("{}:{}", location.file, location.line),
            presence: r.presence(),
            count: 1.0,
            components: Vec::new(),
            assumptions: Vec::new(),
            price_keys: Vec::new(),
            missing: Vec::new(),
            free: None,
        }
    }

    fn stack(root: &str) -> Draft {
        Draft {
            address: "stack".to_string(),
            resource_type: "stack".to_string(),
            location: root.to_string(),
            presence: Presence::Yes,
            count: 1.0,
            components: Vec::new(),
            assumptions: Vec::new(),
            price_keys: Vec::new(),
            missing: Vec::new(),
            free: None,
        }
    }

    /// Records a value that cannot be known before apply (or a resource tfready cannot price) as
    /// missing.
    pub fn unknown(&mut self, what: String) {
        self.missing.push(MissingPrice {
            address: self.address.clone(),
            price_key: None,
            region: String::new(),
            reason: what,
        });
    }

    /// A draft for computations whose result is thrown away (counting another resource).
    pub fn scratch() -> Draft {
        Draft::stack("")
    }

    pub fn assume(&mut self, text: impl Into<String>) {
        let text = text.into();
        if !self.assumptions.contains(&text) {
            self.assumptions.push(text);
        }
    }

    pub(crate) fn finish(mut self, region: &str) -> LineItem {
        for missing in &mut self.missing {
            if missing.region.is_empty() {
                missing.region = region.to_string();
            }
        }
        for component in &self.components {
            if let Some(usage) = &component.usage {
                let text = format!(
                    "usage {} = {} ({})",
                    usage.key,
                    number(usage.value),
                    match usage.source {
                        UsageSource::Resource => "from the usage file",
                        UsageSource::TypeDefault => "usage file default for the type",
                        UsageSource::Default => "tfready default; set it in tfready-usage.toml",
                    }
                );
                if !self.assumptions.contains(&text) {
                    self.assumptions.push(text);
                }
            }
        }
        if self.presence == Presence::Maybe {
            self.assumptions.insert(
                0,
                "may not exist (its count depends on values known only at apply): counted as present"
                    .to_string(),
            );
        }
        self.price_keys.dedup();
        let priced: f64 = self
            .components
            .iter()
            .map(|c| c.monthly_usd)
            .fold(0.0, |a: f64, b| a + b);
        let status = if !self.missing.is_empty() {
            Status::Missing
        } else if self.components.is_empty() {
            Status::Free
        } else {
            Status::Priced
        };
        let mut formula: Vec<String> = self.components.iter().map(|c| c.formula.clone()).collect();
        if let Some(free) = &self.free {
            if self.components.is_empty() {
                formula.push(format!("free: {free}"));
            }
        }
        for missing in &self.missing {
            formula.push(format!("price: missing ({})", missing.reason));
        }
        if formula.is_empty() {
            formula.push("free".to_string());
        }
        LineItem {
            address: self.address,
            resource_type: self.resource_type,
            location: self.location,
            presence: match self.presence {
                Presence::Maybe => "maybe",
                _ => "yes",
            }
            .to_string(),
            count: self.count,
            status,
            monthly_usd: (status != Status::Missing).then_some(priced),
            formula: formula.join(" + "),
            components: self.components,
            assumptions: self.assumptions,
            price_keys: self.price_keys,
            missing: self.missing,
        }
    }
}

/// The region of the root module's default `provider "aws"` (no `alias`), evaluated in the root
/// instance; `None` when it is not set or not known before apply.
pub fn project_region(project: &Project) -> Option<String> {
    let instance = project.instances.first()?;
    let env = InstanceEnv { project, instance };
    let provider = project
        .root_module()
        .providers
        .iter()
        .filter(|p| p.name == "aws")
        .find(|p| p.block.body.get_attribute("alias").is_none())?;
    let attr = provider.block.body.get_attribute("region")?;
    Evaluator::new(&env)
        .eval(&attr.value)
        .as_str()
        .map(str::to_string)
}

/// `var.environment` of the root module, when set and known.
pub fn project_environment(project: &Project) -> Option<String> {
    project.environment()
}

/// Prices every managed resource of `project` in its region (the root `provider "aws"` block's
/// `region`, else us-east-1) with `prices` and `usage`.
pub fn estimate(project: &Project, prices: &PriceList, usage: &Usage) -> Estimate {
    let mut notes = Vec::new();
    let region = match project_region(project) {
        Some(region) => region,
        None => {
            notes.push(format!(
                "The root module's provider \"aws\" sets no region known before apply: priced in {DEFAULT_REGION}."
            ));
            DEFAULT_REGION.to_string()
        }
    };
    if prices.keys(&region).is_empty() {
        notes.push(format!(
            "The price list has no figures for {region} (it has {}): every price is missing. Pass --prices with figures for {region}.",
            prices.regions().join(", ")
        ));
    }
    let mut estimator = Estimator::new(prices, usage, region);
    let items = estimator.items(project, "", true);
    let mut estimate = assemble(project, prices, usage, &estimator.region, items, notes);
    crate::spec::explain_current(&mut estimate);
    estimate
}

pub(crate) fn assemble(
    project: &Project,
    prices: &PriceList,
    usage: &Usage,
    region: &str,
    items: Vec<LineItem>,
    notes: Vec<String>,
) -> Estimate {
    let missing: Vec<MissingPrice> = items.iter().flat_map(|i| i.missing.clone()).collect();
    let total_usd = items
        .iter()
        .map(LineItem::priced_usd)
        .fold(0.0, |a: f64, b| a + b);
    let mut notes = notes;
    let unresolved: Vec<&str> = project
        .unresolved_calls()
        .map(|c| c.name.as_str())
        .collect();
    if !unresolved.is_empty() {
        notes.push(format!(
            "Modules from remote sources are not analysed and not priced: {}.",
            unresolved.join(", ")
        ));
    }
    Estimate {
        project: project.display_root.clone(),
        region: region.to_string(),
        environment: project_environment(project),
        prices_origin: prices.origin().to_string(),
        usage_origin: usage.origin().map(str::to_string),
        complete: missing.is_empty(),
        missing,
        total_usd,
        items,
        notes,
    }
}

/// The `count`/`for_each` of a resource in its module instance: how many resource instances one
/// line covers. Unknown counts are 1 with an assumption.
pub(crate) fn resource_count(r: &ResourceRef<'_>, draft: &mut Draft) -> f64 {
    let body = &r.resource.block.body;
    if let Some(attr) = body.get_attribute("count") {
        return match r.body().eval_expr(&attr.value).as_f64() {
            Some(n) if n >= 0.0 => n.floor(),
            _ => {
                draft.assume("count is known only at apply: priced as 1");
                1.0
            }
        };
    }
    if let Some(attr) = body.get_attribute("for_each") {
        let value = r.body().eval_expr(&attr.value);
        return match value.unmark().0 {
            Value::List(items) => items.len() as f64,
            Value::Map(map) => map.len() as f64,
            _ => {
                draft.assume("for_each is known only at apply: priced as 1");
                1.0
            }
        };
    }
    1.0
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

fn quantity_text(quantity: f64, unit: Unit) -> String {
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

fn unit_price_text(usd_per_unit: f64, unit: Unit) -> String {
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
