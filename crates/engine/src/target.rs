//! What a run reads: the project's path and how to load it (environment,
//! variables, config file), and what the roots of one recursive run share.

use std::path::PathBuf;
use std::sync::Arc;

use tfready_model::{LoadOptions, ParseCache};
use tfready_rules::Config;

/// A project to load, as the command line names it.
#[derive(Clone, Default)]
pub struct Target {
    /// The root module's directory, or a plan file (`terraform show -json`).
    pub path: PathBuf,
    /// `--env`: the environment to load; else the config file's.
    pub env: Option<String>,
    /// `--var-file`, in order (later wins).
    pub var_files: Vec<PathBuf>,
    /// `--var NAME=VALUE`, in order (later wins, and wins over files).
    pub vars: Vec<String>,
    /// `--config`: the config file; else the nearest `.tfready.toml`.
    pub config: Option<PathBuf>,
    /// Set for each root of a recursive run.
    pub shared: Option<SharedLoad>,
}

/// What the roots of one recursive run share: files parsed once for all
/// of them, and how far their module sources may reach.
#[derive(Clone, Default)]
pub struct SharedLoad {
    pub cache: Arc<ParseCache>,
    pub boundary: PathBuf,
}

impl Target {
    /// The same target at another path (`--diff-base`, `--compare`).
    pub fn at(&self, path: PathBuf) -> Target {
        Target {
            path,
            ..self.clone()
        }
    }

    /// How the model loads it in environment `env`, within the config's
    /// limits.
    pub(crate) fn options(&self, env: Option<String>, config: &Config) -> LoadOptions {
        let mut options = LoadOptions {
            env,
            var_files: self.var_files.clone(),
            vars: self.vars.clone(),
            cache: self.shared.as_ref().map(|s| s.cache.clone()),
            boundary: self.shared.as_ref().map(|s| s.boundary.clone()),
            ..LoadOptions::default()
        };
        config.limits.apply(&mut options.limits);
        options
    }
}
