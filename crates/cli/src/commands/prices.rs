//! `tfready prices update`: fills the price cache from AWS's Price List API,
//! so later runs (and `--offline` ones) price from today's figures.

use std::collections::BTreeSet;

use tfready_cost::{estimate, project_region, PriceList, Usage, DEFAULT_REGION};
use tfready_model::{LoadOptions, Project};

use crate::args::PricesUpdateArgs;
use crate::exit;
use crate::output::{error, print};
use crate::prices::{refresh, Live};

pub fn update(args: &PricesUpdateArgs) -> u8 {
    // The project is optional: without one, the embedded list's keys.
    let project = Project::load(&args.path, &LoadOptions::default()).ok();
    let mut regions = args.regions.clone();
    if regions.is_empty() {
        regions.push(
            project
                .as_ref()
                .and_then(project_region)
                .unwrap_or_else(|| DEFAULT_REGION.to_string()),
        );
    }
    let embedded = PriceList::embedded();
    let mut keys: BTreeSet<String> = embedded.prices().iter().map(|p| p.key.clone()).collect();
    if let Some(p) = &project {
        let est = estimate(p, embedded, &Usage::defaults());
        keys.extend(tfready_cost::sources::needed_keys(&est));
    }
    let live = Live {
        offline: false,
        force: true,
        refetch: true,
        aws: tfready_aws::AwsOptions {
            profile: args.profile.clone(),
            endpoint_url: args.endpoint_url.clone(),
            ..Default::default()
        },
    };
    if let Some(why) = live.refused() {
        error(&format!("prices update asks AWS, and this run is {why}"));
        return exit::INPUT;
    }
    let mut failed = false;
    for region in &regions {
        let mut prices = PriceList::embedded().clone();
        let (got, _) = refresh(&mut prices, region, &keys, &live);
        let mut line = format!(
            "{region}: {} price(s) fetched, {} without a product",
            got.fetched,
            got.absent.len()
        );
        if let Some(e) = &got.error {
            line.push_str(&format!("; {e}"));
            failed = true;
        }
        print(&format!("{line}\n"));
        for n in got.notes {
            error(&n);
        }
    }
    if failed {
        exit::INPUT
    } else {
        exit::OK
    }
}
