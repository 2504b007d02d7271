//! Loading a target once: its config, its environment, and the project
//! (a plan file is read as the stack it plans).

use std::path::Path;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use tfready_model::Project;
use tfready_rules::Config;

use crate::plan::{self, Plan};
use crate::target::Target;

/// A loaded target.
pub struct Loaded {
    pub project: Project,
    pub config: Config,
    /// The plan file the project was read from, when it was one: it puts
    /// findings and cost lines back on the plan's addresses.
    pub plan: Option<Plan>,
    /// The environment of the run: `--env`, else the config file's.
    pub environment: Option<String>,
}

impl Loaded {
    /// Findings put back on the plan's addresses and lines (when the
    /// target was a plan; otherwise unchanged).
    pub fn remap(&self, findings: &mut Vec<tfready_rules::Finding>) {
        if let Some(plan) = &self.plan {
            plan.remap(findings);
        }
    }

    /// A text (a note, a missing price's reason) with every address in it
    /// as the plan names it.
    pub fn remap_text(&self, text: &str) -> String {
        match &self.plan {
            Some(plan) => plan.remap_text(text),
            None => text.to_string(),
        }
    }
}

/// Loads `target`: its config file, then the project in the run's
/// environment. `files` counts the files read, for a progress display.
/// An error is the input's (exit code 2), with the file it concerns.
pub fn load(target: &Target, files: Option<Arc<AtomicUsize>>) -> Result<Loaded, String> {
    let is_plan = plan::is_plan(&target.path);
    let config_dir = if is_plan {
        target.path.parent().unwrap_or(Path::new("")).to_path_buf()
    } else {
        target.path.clone()
    };
    let config = Config::discover(
        &config_dir,
        target.config.as_deref(),
        &tfready_rules::is_rule,
    )
    .map_err(|e| e.to_string())?;
    let environment = target.env.clone().or_else(|| config.environment.clone());
    if let Some(e) = &environment {
        known_environment(&target.path, e)?;
    }
    let mut options = target.options(environment.clone(), &config);
    options.progress = files;
    let plan = if is_plan {
        let mut plan = plan::convert(&target.path)?;
        let cache = options.cache.get_or_insert_with(Default::default);
        for (path, text, body) in plan.take_built() {
            cache.give(path, text, body);
        }
        Some(plan)
    } else {
        None
    };
    let path = plan.as_ref().map_or(target.path.as_path(), Plan::dir);
    let mut project = Project::load(path, &options).map_err(|e| e.to_string())?;
    if let Some(plan) = &plan {
        project.display_root = target.path.display().to_string();
        project.files_root = Some(plan.files_root().to_path_buf());
    }
    Ok(Loaded {
        project,
        config,
        plan,
        environment,
    })
}

/// An environment the stack has no variables file for, in a stack that
/// keeps one per environment, is a typo: say so instead of loading nothing.
fn known_environment(path: &Path, env: &str) -> Result<(), String> {
    let layout = tfready_model::environments::layout(path, std::iter::empty());
    if layout.files.is_empty() || layout.file(env).is_some() {
        return Ok(());
    }
    Err(format!(
        "environment {env:?}: the stack has no variables file for it (it has: {})",
        layout
            .files
            .iter()
            .map(|(n, f)| format!("{n} in {f}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}
