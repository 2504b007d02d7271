//! Per-phase deltas in the shape of spec §5: the current stack, then what each phase adds.
//!
//! A phase's figure is the sum of its remediation modules (the real Terraform `tfready fix`
//! writes, each loaded as a standalone root project with the manifest's `pricing_inputs`), plus the
//! changes the phase makes to existing resources:
//!
//! - Phase 2: Enhanced Monitoring (60 s) and Performance Insights (7-day, free) on each RDS
//!   instance that lacks them (spec §4.2, coverage row 14);
//! - Phase 3: Multi-AZ for each prod RDS instance not already Multi-AZ (coverage row 18), and,
//!   when the phase brings an Auto Scaling group, the lone `aws_instance` servers (and their
//!   Elastic IPs) it replaces are taken off (coverage row 9).
//!
//! Prices are charged in order (current stack, phase 1, 2, 3, 4) through one [`Estimator`], so
//! account-wide free tiers (10 alarms, 5 GB of logs, ...) go to what came first and each phase
//! shows what it adds.
//!
//! The manifest (`manifest.toml` in the templates directory) lists the modules:
//!
//! ```toml
//! [[template]]
//! name = "alb"                 # directory modules/alb unless `path = "..."`
//! kind = "module"              # "module" is priced; "snippet" / "environment" change the stack
//! phase = "2"                  # "1"-"4", or "quick-win"
//! rows = [4]                   # coverage rows
//! standalone = true            # loads as a root on its own
//! [template.pricing_inputs]    # variable values that make it loadable standalone
//! vpc_id = "vpc-0123"
//! [template.stack_inputs]      # values the priced stack decides: TYPE.ATTRIBUTE
//! instance_type = "aws_instance.instance_type"
//! ```
//!
//! `[[module]]` lists and `[template.NAME]` tables (name from the key) are accepted too. The
//! stack's environment replaces an `environment` pricing input, so dev prices dev sizes; a stack
//! input the stack does not set stays unset, so its line's price is missing, not guessed.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tfready_model::{LoadOptions, Project};

use crate::estimate::{usd, Component, Estimate, LineItem, Status, DEFAULT_REGION};
use crate::estimator::{Draft, Estimator};
pub use crate::manifest::{Manifest, ManifestModule, PhaseError};
use crate::prices::PriceList;
use crate::spec::{self, SpecRange, SpecRow};
use crate::stack::{assemble, project_region};
use crate::usage::Usage;

/// One remediation module, priced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleCost {
    pub name: String,
    pub phase: String,
    pub rows: Vec<u32>,
    /// The coverage table's cost for those rows.
    pub spec_rows: Vec<SpecRow>,
    /// Sum of the module's priced lines.
    pub monthly_usd: f64,
    /// False when a price is missing or the module did not load.
    pub complete: bool,
    pub items: Vec<LineItem>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub load_error: Option<String>,
}

/// One phase: what it adds to the month, beside the spec's range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseRow {
    pub phase: u8,
    pub name: String,
    /// The spec's "Components" column.
    pub components: String,
    pub priority: String,
    /// What the phase adds (modules + changes to existing resources).
    pub delta_usd: f64,
    /// Running total after this phase.
    pub cumulative_usd: f64,
    pub complete: bool,
    pub spec: SpecRange,
    pub modules: Vec<ModuleCost>,
    /// Changes to existing resources (negative lines take off what a module replaces).
    pub adjustments: Vec<LineItem>,
    pub notes: Vec<String>,
}

/// A total row of spec §5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TotalRow {
    pub name: String,
    /// What it adds up.
    pub definition: String,
    pub monthly_usd: f64,
    pub complete: bool,
    pub spec: SpecRange,
}

/// The current stack and each phase, in the shape of spec §5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseTable {
    pub project: String,
    pub region: String,
    pub environment: Option<String>,
    pub current: Estimate,
    pub current_spec: SpecRange,
    pub phases: Vec<PhaseRow>,
    pub recommended: TotalRow,
    pub production: TotalRow,
    /// Modules without a phase 1-4 (quick wins), priced but not in the totals.
    pub other_modules: Vec<ModuleCost>,
    pub templates: String,
    pub notes: Vec<String>,
}

/// Prices the current stack and each phase of the roadmap. `templates_dir` holds `manifest.toml`
/// and the modules (`tfready_rules::fixing::templates::templates_dir()`).
///
/// `in_place` names the templates whose gap the stack has already closed
/// (what `tfready_fix::in_place` finds): their cost is in the current
/// figure, so no phase adds it again.
pub fn phases(
    project: &Project,
    prices: &PriceList,
    usage: &Usage,
    templates_dir: &Path,
    in_place: &std::collections::BTreeSet<String>,
) -> Result<PhaseTable, PhaseError> {
    let manifest = Manifest::from_path(&templates_dir.join("manifest.toml"))?;
    Ok(phases_with(
        project,
        prices,
        usage,
        &manifest,
        templates_dir,
        in_place,
    ))
}

/// [`phases`] with a manifest already read.
pub fn phases_with(
    project: &Project,
    prices: &PriceList,
    usage: &Usage,
    manifest: &Manifest,
    templates_dir: &Path,
    in_place: &std::collections::BTreeSet<String>,
) -> PhaseTable {
    let environment = project.environment();
    let mut notes = Vec::new();
    let region = project_region(project).unwrap_or_else(|| {
        notes.push(format!(
            "No region known before apply: priced in {DEFAULT_REGION}."
        ));
        DEFAULT_REGION.to_string()
    });
    let mut est = Estimator::new(prices, usage, region.clone());
    let items = crate::pricers::items(&mut est, project, "", true);
    let mut current = assemble(project, prices, usage, &region, items, notes.clone());
    spec::explain_current(&mut current);

    let prod = environment
        .as_deref()
        .is_some_and(tfready_model::environments::is_prod);
    let mut rows = Vec::new();
    let mut cumulative = current.total_usd;
    for spec_phase in spec::spec_phases() {
        let mut modules = Vec::new();
        let mut phase_notes = Vec::new();
        let mut phase_modules: Vec<&ManifestModule> = manifest
            .modules
            .iter()
            .filter(|m| m.phase == Some(spec_phase.phase) && m.priced_as_addition())
            .collect();
        for m in manifest
            .modules
            .iter()
            .filter(|m| m.phase == Some(spec_phase.phase) && !m.priced_as_addition())
        {
            phase_notes.push(format!(
                "{} ({}): changes the existing stack, not priced as an addition; the phase's changes to existing resources are priced as changes.",
                m.name, m.kind
            ));
        }
        phase_modules.sort_by(|a, b| a.name.cmp(&b.name));
        phase_modules.retain(|m| {
            let there = in_place.contains(&m.name);
            if there {
                phase_notes.push(format!(
                    "{}: the stack has it already (priced in the current figure).",
                    m.name
                ));
            }
            !there
        });
        for module in &phase_modules {
            modules.push(price_module(
                &mut est,
                module,
                project,
                environment.as_deref(),
            ));
        }
        let mut adjustments = Vec::new();
        match spec_phase.phase {
            2 => rds_monitoring(&mut est, project, &mut adjustments, &mut phase_notes),
            3 => {
                if prod {
                    multi_az(
                        &mut est,
                        project,
                        &current,
                        &mut adjustments,
                        &mut phase_notes,
                    );
                } else {
                    phase_notes.push(format!(
                        "Multi-AZ RDS applies to prod only; environment is {}.",
                        environment.as_deref().unwrap_or("unknown")
                    ));
                }
                let brings_asg = modules.iter().any(|m| {
                    m.items
                        .iter()
                        .any(|i| i.resource_type == "aws_autoscaling_group")
                });
                if brings_asg {
                    replace_instances(project, &current, &mut adjustments, &mut phase_notes);
                }
            }
            _ => {}
        }
        if modules.is_empty() && in_place.is_empty() {
            phase_notes.push(format!(
                "No module of the templates manifest is in phase {}.",
                spec_phase.phase
            ));
        }
        let delta: f64 = modules
            .iter()
            .map(|m| m.monthly_usd)
            .fold(0.0, |a: f64, b| a + b)
            + adjustments
                .iter()
                .map(LineItem::priced_usd)
                .fold(0.0, |a: f64, b| a + b);
        let complete = modules.iter().all(|m| m.complete)
            && adjustments.iter().all(|a| a.status != Status::Missing);
        cumulative += delta;
        phase_notes.push(format!(
            "tfready: {}/month, {} ({}).",
            crate::estimate::signed_usd(delta),
            spec_phase.range.position(delta),
            spec_phase.range.text
        ));
        rows.push(PhaseRow {
            phase: spec_phase.phase,
            name: spec_phase.name,
            components: spec_phase.components,
            priority: spec_phase.priority,
            delta_usd: delta,
            cumulative_usd: cumulative,
            complete,
            spec: spec_phase.range,
            modules,
            adjustments,
            notes: phase_notes,
        });
    }
    let mut other_modules = Vec::new();
    let mut others: Vec<&ManifestModule> = manifest
        .modules
        .iter()
        .filter(|m| m.phase.is_none() && m.priced_as_addition())
        .collect();
    others.sort_by(|a, b| a.name.cmp(&b.name));
    for module in others {
        other_modules.push(price_module(
            &mut est,
            module,
            project,
            environment.as_deref(),
        ));
    }

    let through = |n: usize| -> (f64, bool) {
        let delta: f64 = rows
            .iter()
            .take(n)
            .map(|r| r.delta_usd)
            .fold(0.0, |a: f64, b| a + b);
        let complete = current.complete && rows.iter().take(n).all(|r| r.complete);
        (current.total_usd + delta, complete)
    };
    let (recommended_usd, recommended_complete) = through(3);
    let (production_usd, production_complete) = through(4);
    notes.push(
        "Totals: recommended = current + phases 1-3; production = recommended + phase 4. The spec's own totals ($135-165, $165-195) are not the sums of its rows (current + phases 1-3 there gives $137-192).".to_string(),
    );
    PhaseTable {
        project: project.display_root.clone(),
        region,
        environment,
        current_spec: spec::spec_current(),
        current,
        recommended: TotalRow {
            name: "TOTAL (Recommended)".into(),
            definition: "current + phases 1-3".into(),
            monthly_usd: recommended_usd,
            complete: recommended_complete,
            spec: spec::spec_total_recommended(),
        },
        production: TotalRow {
            name: "TOTAL (Production)".into(),
            definition: "current + phases 1-4".into(),
            monthly_usd: production_usd,
            complete: production_complete,
            spec: spec::spec_total_production(),
        },
        phases: rows,
        other_modules,
        templates: templates_dir.display().to_string(),
        notes,
    }
}

/// The remediation templates, parsed once a run however many stacks (a
/// recursive run's roots) or environments are priced.
fn template_cache() -> std::sync::Arc<tfready_model::ParseCache> {
    static CACHE: std::sync::OnceLock<std::sync::Arc<tfready_model::ParseCache>> =
        std::sync::OnceLock::new();
    CACHE.get_or_init(Default::default).clone()
}

/// A template module loaded with `options`: loaded and evaluated once a
/// run for each (module, environment), however many stacks are priced (a
/// recursive run prices its templates once per root).
fn template_project(dir: &Path, options: &LoadOptions) -> Result<std::sync::Arc<Project>, String> {
    type Loaded = Result<std::sync::Arc<Project>, String>;
    /// (module directory, environment, `--var`s).
    type Key = (std::path::PathBuf, Option<String>, Vec<String>);
    static LOADED: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<Key, Loaded>>> =
        std::sync::OnceLock::new();
    let key = (dir.to_path_buf(), options.env.clone(), options.vars.clone());
    let loaded = LOADED.get_or_init(Default::default);
    if let Some(hit) = loaded.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return hit.clone();
    }
    let project = Project::load(dir, options)
        .map(std::sync::Arc::new)
        .map_err(|e| e.to_string());
    loaded
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(key)
        .or_insert(project)
        .clone()
}

/// `TYPE.ATTRIBUTE` of the stack: the attribute's value on the first
/// resource of that type that sets it to a known string.
fn stack_value(stack: &Project, from: &str) -> Option<String> {
    let (ty, attr) = from.split_once('.')?;
    stack
        .resources_of(ty)
        .filter(|r| r.presence() != tfready_model::Presence::No)
        .find_map(|r| r.eval(attr).and_then(|v| v.as_string()))
}

fn price_module(
    est: &mut Estimator<'_>,
    module: &ManifestModule,
    stack: &Project,
    environment: Option<&str>,
) -> ModuleCost {
    let spec_rows = module
        .rows
        .iter()
        .filter_map(|r| spec::spec_row(*r))
        .collect();
    // The stack's environment wins over the manifest's placeholder one (prod sizes).
    let mut vars: Vec<String> = module
        .pricing_inputs
        .iter()
        .filter(|v| environment.is_none() || !v.starts_with("environment="))
        .cloned()
        .collect();
    // Sizes come from the stack; one it does not know stays unset, so its
    // line says the price is missing rather than pricing a guess.
    for (input, from) in &module.stack_inputs {
        if let Some(value) = stack_value(stack, from) {
            vars.push(format!("{input}={}", tfready_model::hcl_string(&value)));
        }
    }
    let options = LoadOptions {
        env: environment.map(str::to_string),
        vars,
        cache: Some(template_cache()),
        ..Default::default()
    };
    match template_project(&module.dir, &options) {
        Ok(project) => {
            let items =
                crate::pricers::items(est, &project, &format!("module.{}.", module.name), false);
            let monthly_usd = items
                .iter()
                .map(LineItem::priced_usd)
                .fold(0.0, |a: f64, b| a + b);
            let complete = items.iter().all(|i| i.status != Status::Missing);
            ModuleCost {
                name: module.name.clone(),
                phase: module.phase_text.clone(),
                rows: module.rows.clone(),
                spec_rows,
                monthly_usd,
                complete,
                items,
                load_error: None,
            }
        }
        Err(error) => ModuleCost {
            name: module.name.clone(),
            phase: module.phase_text.clone(),
            rows: module.rows.clone(),
            spec_rows,
            monthly_usd: 0.0,
            complete: false,
            items: Vec::new(),
            load_error: Some(format!("{}: {error}", module.dir.display())),
        },
    }
}

fn adjustment_draft(address: String, resource_type: &str, location: String) -> Draft {
    let mut draft = Draft::scratch();
    draft.address = address;
    draft.resource_type = resource_type.to_string();
    draft.location = location;
    draft
}

/// Phase 2: Enhanced Monitoring every 60 s and Performance Insights (7-day, free) on each RDS
/// instance that has neither.
fn rds_monitoring(
    est: &mut Estimator<'_>,
    project: &Project,
    adjustments: &mut Vec<LineItem>,
    notes: &mut Vec<String>,
) {
    // A replica is the roadmap's phase 4 addition, priced as it is.
    for r in project
        .resources_of("aws_db_instance")
        .filter(|r| r.attr("replicate_source_db").is_none())
    {
        let interval = r
            .eval("monitoring_interval")
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let pi = r
            .eval("performance_insights_enabled")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if interval > 0.0 && pi {
            notes.push(format!(
                "{}: already has Enhanced Monitoring and Performance Insights.",
                r.address()
            ));
            continue;
        }
        let location = r.location();
        let mut d = adjustment_draft(
            format!("{} (+ RDS monitoring)", r.address()),
            "aws_db_instance",
            format!("{}:{}", location.file, location.line),
        );
        d.resource_type = "aws_db_instance".into();
        let mut scratch = Draft::scratch();
        let n = crate::estimator::resource_count(&r, &mut scratch);
        if interval <= 0.0 {
            let per60 = est.usage(&d, "enhanced_monitoring_gb_at_60s");
            let gb = per60.value * n;
            est.charge(
                &mut d,
                "cloudwatch.logs.ingestion",
                "Enhanced Monitoring every 60 s, logs ingested",
                gb,
                None,
                Some(per60),
            );
            est.charge(
                &mut d,
                "cloudwatch.logs.storage",
                "Enhanced Monitoring logs stored (30-day retention)",
                gb,
                None,
                None,
            );
        }
        if !pi {
            est.charge(
                &mut d,
                "rds.performance-insights.free-tier",
                "Performance Insights (7 days)",
                0.0,
                Some("free tier".to_string()),
                None,
            );
        }
        d.assume("spec §4.2: monitoring_interval = 60 and Performance Insights with the free 7-day retention");
        adjustments.push(d.finish(est.region()));
    }
}

/// Phase 3: Multi-AZ for prod RDS instances that are Single-AZ: the Multi-AZ price in place of
/// the Single-AZ one, for the instance and its storage.
fn multi_az(
    est: &mut Estimator<'_>,
    project: &Project,
    current: &Estimate,
    adjustments: &mut Vec<LineItem>,
    notes: &mut Vec<String>,
) {
    let lines = current.by_address();
    // A replica stays Single-AZ: it is the redundancy itself.
    for r in project
        .resources_of("aws_db_instance")
        .filter(|r| r.attr("replicate_source_db").is_none())
    {
        let address = r.address();
        let Some(&item) = lines.get(address.as_str()) else {
            continue;
        };
        let single: Vec<&Component> = item
            .components
            .iter()
            .filter(|c| c.price_key.starts_with("rds.") && c.price_key.ends_with(".single-az"))
            .collect();
        if single.is_empty() {
            notes.push(format!(
                "{address}: already Multi-AZ in prod, nothing to add."
            ));
            continue;
        }
        let mut d = adjustment_draft(
            format!("{address} (Multi-AZ)"),
            "aws_db_instance",
            item.location.clone(),
        );
        for c in single {
            let key = c.price_key.replace(".single-az", ".multi-az");
            est.charge(
                &mut d,
                &key,
                format!("{} as Multi-AZ", c.label),
                c.quantity,
                None,
                None,
            );
            d.components.push(negated(c, "instead of"));
        }
        d.assume(
            "spec §4.2/§6 Phase 3: Multi-AZ in prod bills a standby instance and doubles storage",
        );
        adjustments.push(d.finish(est.region()));
    }
}

/// Phase 3: the Auto Scaling group replaces the lone servers: their lines (and the Elastic IPs
/// attached to them) come off.
fn replace_instances(
    project: &Project,
    current: &Estimate,
    adjustments: &mut Vec<LineItem>,
    notes: &mut Vec<String>,
) {
    let mut replaced = Vec::new();
    let lines = current.by_address();
    for r in project.resources() {
        let ty = r.resource.ty.as_str();
        let attached_eip = ty == "aws_eip" && r.attr("instance").is_some();
        if ty != "aws_instance" && !attached_eip {
            continue;
        }
        let Some(&item) = lines.get(r.address().as_str()) else {
            continue;
        };
        let mut line = item.clone();
        line.address = format!("{} (replaced by the Auto Scaling group)", item.address);
        line.components = item
            .components
            .iter()
            .map(|c| negated(c, "removed:"))
            .collect();
        line.formula = line
            .components
            .iter()
            .map(|c| c.formula.clone())
            .collect::<Vec<_>>()
            .join(" + ");
        line.monthly_usd = item.monthly_usd.map(|v| -v);
        line.assumptions = vec![if attached_eip {
            "the app is reached through the load balancer: the Elastic IP of the replaced server is released".to_string()
        } else {
            "spec §2.4: the Auto Scaling group's instances replace this server".to_string()
        }];
        replaced.push(item.address.clone());
        adjustments.push(line);
    }
    if !replaced.is_empty() {
        notes.push(format!(
            "Replaced by the Auto Scaling group: {}.",
            replaced.join(", ")
        ));
    }
}

fn negated(c: &Component, word: &str) -> Component {
    let mut n = c.clone();
    n.monthly_usd = -c.monthly_usd;
    n.formula = format!("- {} ({word} {})", usd(c.monthly_usd), c.formula);
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_manifest_shapes() {
        let a = Manifest::from_toml_str(
            r#"
            [[module]]
            name = "alb"
            phase = 2
            rows = [4]
            [module.pricing_inputs]
            vpc_id = "vpc-1"
            subnet_ids = ["a", "b"]
            enabled = true
            "#,
            Path::new("/t"),
        )
        .unwrap();
        let b = Manifest::from_toml_str(
            r#"
            [modules.alb]
            phase = "Phase 2"
            rows = ["4"]
            pricing_inputs = { vpc_id = "vpc-1", subnet_ids = ["a", "b"], enabled = true }
            "#,
            Path::new("/t"),
        )
        .unwrap();
        for m in [&a.modules[0], &b.modules[0]] {
            assert_eq!(m.name, "alb");
            assert_eq!(m.phase, Some(2));
            assert_eq!(m.rows, vec![4]);
            assert_eq!(m.dir, Path::new("/t/modules/alb"));
            let mut inputs = m.pricing_inputs.clone();
            inputs.sort();
            assert_eq!(
                inputs,
                vec![
                    "enabled=true",
                    "subnet_ids=[\"a\", \"b\"]",
                    "vpc_id=\"vpc-1\""
                ]
            );
        }
        let q = Manifest::from_toml_str(
            "[[module]]\nname = \"tags\"\nphase = \"quick win\"\n",
            Path::new("/t"),
        )
        .unwrap();
        assert_eq!(q.modules[0].phase, None);
    }
}
