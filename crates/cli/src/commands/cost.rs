//! `tfready cost`: the monthly estimate, resource by resource, and the
//! per-phase table beside the roadmap's figures.

use std::collections::BTreeSet;
use tfready_cost::sources::{describe, needed_keys};
use tfready_cost::{
    compare, estimate, render_comparison, render_markdown, render_phases, render_table,
    write_usage, PriceList, Usage,
};

use tfready_model::Project;

use crate::args::{CostArgs, ProjectArgs};
use crate::commands::load;
use crate::exit;
use crate::output::{error, print};

pub fn run(args: &CostArgs) -> u8 {
    let loaded = match load(&args.project, None) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let project = &loaded.project;
    if args.write_usage {
        print(&write_usage(project));
        return exit::OK;
    }
    let usage = match &args.usage {
        Some(p) => match Usage::from_path(p) {
            Ok(u) => u,
            Err(e) => {
                error(&e.to_string());
                return exit::INPUT;
            }
        },
        None => Usage::defaults(),
    };
    let prices = match price_list(args, project, &usage) {
        Ok(p) => p,
        Err(e) => {
            error(&e);
            return exit::INPUT;
        }
    };
    let mut est = estimate(project, &prices.0, &usage);
    est.prices_origin = describe(&prices.0, &est);
    est.notes.extend(prices.1);
    let prices = prices.0;
    for item in &mut est.items {
        item.address = loaded.remap_address(&item.address);
    }
    // The base of a pull request: exported from git, compared before → after.
    let exported = match &args.diff_base {
        Some(rev) => match tfready_engine::git_ref::export(&args.project.path, rev) {
            Ok(e) => Some((rev, e)),
            Err(e) => {
                error(&e);
                return exit::INPUT;
            }
        },
        None => None,
    };
    if let Some((rev, e)) = &exported {
        if e.project.is_none() {
            error(&format!(
                "--diff-base {rev}: {} did not exist there",
                args.project.path.display()
            ));
            return exit::INPUT;
        }
    }
    let other = args
        .compare
        .clone()
        .or_else(|| exported.as_ref().and_then(|(_, e)| e.project.clone()));
    if let Some(other) = &other {
        let other_args = ProjectArgs {
            path: other.clone(),
            ..args.project.clone()
        };
        let other = match load(&other_args, None) {
            Ok(x) => x,
            Err(code) => return code,
        };
        let other_est = estimate(&other.project, &prices, &usage);
        // --compare OTHER: this tree before, OTHER after; --diff-base: the
        // base before, this tree after.
        let cmp = if exported.is_some() {
            compare(&other_est, &est)
        } else {
            compare(&est, &other_est)
        };
        let text = match args.format.as_str() {
            "json" => serde_json::to_string_pretty(&cmp).expect("serializable") + "\n",
            _ => render_comparison(&cmp),
        };
        print(&project.scrub(&text));
        return exit::OK;
    }
    let table = if args.no_phases {
        None
    } else {
        match tfready_engine::phase_table(&loaded, &prices, &usage) {
            Ok(t) => Some(t),
            Err(e) => {
                error(&format!("per-phase table: {e}"));
                None
            }
        }
    };
    let text = match args.format.as_str() {
        "json" => {
            serde_json::to_string_pretty(&serde_json::json!({ "estimate": est, "phases": table }))
                .expect("serializable")
                + "\n"
        }
        "markdown" => render_markdown(&est, table.as_ref()),
        _ => {
            let mut t = render_table(&est);
            if let Some(table) = &table {
                t.push('\n');
                t.push_str(&render_phases(table));
            }
            t
        }
    };
    print(&project.scrub(&text));
    exit::OK
}

/// The prices `cost` uses, and notes on where they came from: the embedded
/// list, the cache and AWS's answers (see [`crate::prices`]), then the
/// user's file over them all.
fn price_list(
    args: &CostArgs,
    project: &Project,
    usage: &Usage,
) -> Result<(PriceList, Vec<String>), String> {
    let mut prices = PriceList::embedded().clone();
    let first = estimate(project, &prices, usage);
    let keys = needed_keys(&first);
    let region = first.region.clone();
    let live = crate::prices::Live {
        offline: args.offline,
        force: args.live,
        refetch: false,
        aws: tfready_aws::AwsOptions {
            profile: args.profile.clone(),
            endpoint_url: args.endpoint_url.clone(),
            ..Default::default()
        },
    };
    let (got, refused) = crate::prices::refresh(&mut prices, &region, &keys, &live);
    let mut notes = got.notes;
    if let Some(e) = got.error {
        notes.push(format!(
            "Live prices could not be had ({e}): the cache and the embedded list were used."
        ));
    }
    if !got.absent.is_empty() {
        notes.push(format!(
            "AWS's price list has no product for {} in {region}.",
            got.absent.join(", ")
        ));
    }
    if let Some(p) = &args.prices {
        prices.overlay(crate::prices::user_file(p, &region, &keys)?);
    }
    let unpriced: BTreeSet<&String> = keys
        .iter()
        .filter(|k| prices.lookup(k, &region).is_none())
        .collect();
    if let (Some(why), false) = (refused, unpriced.is_empty()) {
        notes.push(format!(
            "{} price(s) missing in {region} and live prices not asked: {why}. Run `tfready prices update --region {region}` with AWS credentials, or pass --prices with AWS's offer file.",
            unpriced.len()
        ));
    }
    Ok((prices, notes))
}
