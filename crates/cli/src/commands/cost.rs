//! `tfready cost`: the monthly estimate, resource by resource, and the
//! per-phase table beside the roadmap's figures.

use tfready_cost::{
    compare, estimate, phases, render_comparison, render_markdown, render_phases, render_table,
    write_usage, PriceList, Usage,
};

use crate::args::{CostArgs, ProjectArgs};
use crate::commands::audit::load;
use crate::exit;
use crate::output::{error, print};

pub fn run(args: &CostArgs) -> u8 {
    let (project, config) = match load(&args.project) {
        Ok(x) => x,
        Err(code) => return code,
    };
    if args.write_usage {
        print(&write_usage(&project));
        return exit::OK;
    }
    let mut prices = PriceList::embedded().clone();
    if let Some(p) = &args.prices {
        match PriceList::from_path(p) {
            Ok(user) => prices.overlay(user),
            Err(e) => {
                error(&e.to_string());
                return exit::INPUT;
            }
        }
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
    let mut est = estimate(&project, &prices, &usage);
    for item in &mut est.items {
        item.address = crate::plan::remap_address(&item.address);
    }
    if let Some(other) = &args.compare {
        let other_args = ProjectArgs {
            path: other.clone(),
            ..args.project.clone()
        };
        let (other_project, _) = match load(&other_args) {
            Ok(x) => x,
            Err(code) => return code,
        };
        let after = estimate(&other_project, &prices, &usage);
        let cmp = compare(&est, &after);
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
        match tfready_fix::templates_dir()
            .map_err(|e| e.to_string())
            .and_then(|dir| {
                let done = tfready_fix::in_place(&project, &config);
                phases(&project, &prices, &usage, &dir, &done).map_err(|e| e.to_string())
            }) {
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
