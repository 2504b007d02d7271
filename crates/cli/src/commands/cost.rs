//! `tfready cost`: the monthly estimate, resource by resource, and the
//! per-phase table beside the roadmap's figures.

use tfready_cost::{
    compare, estimate, render_comparison, render_markdown, render_phases, render_table,
    write_usage, Usage,
};
use tfready_engine::{estimate_stack, PriceSources};

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
    let sources = PriceSources {
        refresh: &|prices, region, keys| crate::prices::refresh(prices, region, keys, &live),
        user_file: args.prices.as_deref(),
    };
    let (est, prices) = match estimate_stack(&loaded, &usage, &sources) {
        Ok(x) => x,
        Err(e) => {
            error(&e);
            return exit::INPUT;
        }
    };
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
        let mut other_est = estimate(&other.project, &prices, &usage);
        tfready_engine::plan_names_in_estimate(&other, &mut other_est);
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
