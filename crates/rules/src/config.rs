//! `.tfready.toml`: which rules run, severities, the environment, the tag
//! keys every resource must carry, the app's health path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::meta::Severity;

pub const CONFIG_FILE: &str = ".tfready.toml";

/// The spec's tag set (§4.5, coverage row 17).
pub const DEFAULT_REQUIRED_TAGS: &[&str] = &[
    "Project",
    "Environment",
    "Owner",
    "CostCenter",
    "ManagedBy",
    "Application",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Only these rules (ids or slugs) run; empty means all.
    #[serde(default)]
    pub select: Vec<String>,
    /// These rules never run.
    #[serde(default)]
    pub ignore: Vec<IgnoreRule>,
    /// Severity overrides: `TFR131 = "medium"`.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    /// Environment used when `--env` is not given.
    pub environment: Option<String>,
    /// Tag keys required on the provider's `default_tags`.
    #[serde(default = "default_tags")]
    pub required_tags: Vec<String>,
    /// The app's health check path (ALB target group, WAF exemption); when
    /// unset, `fix` uses the stack's own target group's, else AWS's `/`.
    pub health_path: Option<String>,
    /// Severity at which `audit` exits 1.
    pub fail_on: Option<String>,
    /// Bounds on the work one run may do (see the README's "Limits").
    #[serde(default)]
    pub limits: LimitsConfig,
    /// Where the config was read from, if anywhere.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// `[limits]`: each unset key keeps tfready's default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LimitsConfig {
    pub max_file_bytes: Option<u64>,
    pub max_module_depth: Option<usize>,
    pub max_nesting: Option<usize>,
    pub max_expansion: Option<usize>,
    pub max_parse_seconds: Option<f64>,
}

impl LimitsConfig {
    pub fn apply(&self, limits: &mut tfready_model::Limits) {
        if let Some(v) = self.max_file_bytes {
            limits.max_file_bytes = v;
        }
        if let Some(v) = self.max_module_depth {
            limits.max_module_depth = v;
        }
        if let Some(v) = self.max_nesting {
            limits.max_nesting = v;
        }
        if let Some(v) = self.max_expansion {
            limits.max_expansion = v;
        }
        if let Some(v) = self.max_parse_seconds {
            limits.max_parse_seconds = v;
        }
    }
}

/// A rule switched off for the whole project (or some paths), with a reason.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreRule {
    pub rule: String,
    pub reason: String,
    /// Path prefixes (relative to the project root) it applies to; empty
    /// means everywhere.
    #[serde(default)]
    pub paths: Vec<String>,
}

fn default_tags() -> Vec<String> {
    DEFAULT_REQUIRED_TAGS
        .iter()
        .map(|s| s.to_string())
        .collect()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            environment: None,
            required_tags: default_tags(),
            health_path: None,
            fail_on: None,
            limits: LimitsConfig::default(),
            path: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// The config file for a project: `explicit` if given, else the first
    /// `.tfready.toml` found walking up from `start`. `is_rule` says which
    /// ids and slugs name a rule (`tfready_rules::is_rule`).
    pub fn discover(
        start: &Path,
        explicit: Option<&Path>,
        is_rule: &dyn Fn(&str) -> bool,
    ) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => {
                let start = tfready_model::canonical(start).unwrap_or_else(|_| start.to_path_buf());
                start
                    .ancestors()
                    .map(|d| d.join(CONFIG_FILE))
                    .find(|p| p.is_file())
            }
        };
        match path {
            None => Ok(Config::default()),
            Some(p) => {
                let text = std::fs::read_to_string(&p).map_err(|e| ConfigError {
                    path: p.display().to_string(),
                    message: format!("cannot read: {e}"),
                })?;
                let mut c = Config::parse(&text, &p.display().to_string(), is_rule)?;
                c.path = Some(p);
                Ok(c)
            }
        }
    }

    /// Reads a config file's text; a rule it names must be one `is_rule`
    /// knows.
    pub fn parse(
        text: &str,
        path: &str,
        is_rule: &dyn Fn(&str) -> bool,
    ) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError {
            path: path.to_string(),
            message,
        };
        let c: Config =
            toml::from_str(text).map_err(|e| err(e.to_string().trim_end().to_string()))?;
        for id in c
            .select
            .iter()
            .chain(c.ignore.iter().map(|i| &i.rule))
            .chain(c.severity.keys())
        {
            if !is_rule(id) {
                return Err(err(format!("unknown rule {id:?} (see `tfready rules`)")));
            }
        }
        for (id, s) in &c.severity {
            if Severity::parse(s).is_none() {
                return Err(err(format!(
                    "severity.{id}: {s:?} is not one of critical, high, medium, low, info"
                )));
            }
        }
        if let Some(s) = &c.fail_on {
            if Severity::parse(s).is_none() {
                return Err(err(format!(
                    "fail-on: {s:?} is not one of critical, high, medium, low, info"
                )));
            }
        }
        for i in &c.ignore {
            if i.reason.trim().is_empty() {
                return Err(err(format!("ignore: rule {:?} needs a reason", i.rule)));
            }
        }
        Ok(c)
    }
}
