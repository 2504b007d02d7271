//! Pricing a whole project: its region, a line per resource, the totals and notes, and the
//! spec's explanations of the current figures.

use tfready_model::{Evaluator, InstanceEnv, Project};

use crate::estimate::{Estimate, LineItem, MissingPrice, DEFAULT_REGION};
use crate::estimator::Estimator;
use crate::prices::PriceList;
use crate::usage::Usage;

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
    let items = crate::pricers::items(&mut estimator, project, "", true);
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
        environment: project.environment(),
        prices_origin: prices.origin().to_string(),
        usage_origin: usage.origin().map(str::to_string),
        complete: missing.is_empty(),
        missing,
        total_usd,
        items,
        notes,
    }
}
