//! What a fix run was asked for, and the configuration's values it needs.

use crate::config::Config;
use crate::phase::Phase;

/// What a fix run was asked for.
#[derive(Debug, Clone)]
pub struct FixOptions {
    /// Phases to apply; empty means all.
    pub phases: Vec<Phase>,
    /// Rules (ids or slugs) whose fixers to apply; empty means all.
    pub rules: Vec<String>,
    /// Tag keys every resource must carry (`required-tags` of the config).
    pub required_tags: Vec<String>,
    /// The app's health check path (`health-path` of the config).
    pub health_path: Option<String>,
}

impl Default for FixOptions {
    /// Every phase, every rule, the default configuration.
    fn default() -> Self {
        FixOptions::new(Vec::new(), Vec::new(), &Config::default())
    }
}

impl FixOptions {
    /// Phases and rules as chosen, the rest from the configuration.
    pub fn new(phases: Vec<Phase>, rules: Vec<String>, config: &Config) -> Self {
        FixOptions {
            phases,
            rules,
            required_tags: config.required_tags.clone(),
            health_path: config.health_path.clone(),
        }
    }
}
