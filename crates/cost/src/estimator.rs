//! The charging machinery pricers use: an [`Estimator`] charges price keys to a [`Draft`] line,
//! with free tiers and volume tiers shared across the lines and projects it prices.

use std::collections::HashMap;

use tfready_model::{Presence, ResourceRef, Value};

use crate::estimate::*;
use crate::prices::PriceList;
use crate::usage::{Usage, UsageSource};

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

    /// Charges `copies` × the usage figure `usage_key` (from the user's usage file or tfready's
    /// default, said on the line) at price `key`.
    pub(crate) fn charge_usage(
        &mut self,
        draft: &mut Draft,
        usage_key: &str,
        key: &str,
        label: &str,
        copies: f64,
    ) {
        let usage = self.usage(draft, usage_key);
        self.charge(draft, key, label, usage.value * copies, None, Some(usage));
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
    /// The line of resource `r`, its address behind `prefix`.
    pub(crate) fn new(r: &ResourceRef<'_>, prefix: &str) -> Draft {
        let location = r.location();
        Draft::empty(
            format!("{prefix}{}", r.address()),
            r.resource.ty.clone(),
            format!("{}:{}", location.file, location.line),
            r.presence(),
        )
    }

    /// The stack's own line (internet data transfer), at its root.
    pub(crate) fn stack(root: &str) -> Draft {
        Draft::empty("stack".into(), "stack".into(), root.into(), Presence::Yes)
    }

    fn empty(
        address: String,
        resource_type: String,
        location: String,
        presence: Presence,
    ) -> Draft {
        Draft {
            address,
            resource_type,
            location,
            presence,
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
