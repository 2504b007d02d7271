//! The list of every rule. Adding a rule: write `rules/<area>/<slug>.rs`,
//! add it here, add fixtures under `tests/fixtures/<ID>/{bad,good}/`, and
//! regenerate `docs/rules.md` (`cargo run -p tfready -- rules --markdown`).

use tfready_model::Project;

use crate::config::Config;
use crate::finding::Finding;
use crate::meta::RuleMeta;
use crate::rules::*;

/// What a check sees.
pub struct Ctx<'p> {
    pub project: &'p Project,
    pub config: &'p Config,
}

pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: fn(&Ctx<'_>) -> Vec<Finding>,
    /// The rule's source file; its `//!` comment is the rule's documentation.
    pub source: &'static str,
}

impl Rule {
    /// The rule's documentation: its source file's `//!` comment.
    pub fn docs(&self) -> String {
        self.source
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| {
                l.trim_start_matches("//!")
                    .strip_prefix(' ')
                    .unwrap_or(l.trim_start_matches("//!"))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

pub static RULES: &[Rule] = &[
    state::local_state::RULE,
    state::insecure_backend::RULE,
    secrets::secret_in_tfvars::RULE,
    secrets::secret_not_sensitive::RULE,
    secrets::hardcoded_secret::RULE,
    tls::manual_certificate::RULE,
    load_balancer::direct_to_instance::RULE,
    monitoring::no_alarms::RULE,
    network::app_port_open::RULE,
    access::ssh_open::RULE,
    access::ssh_key_pair::RULE,
];

/// A rule by id (`TFR011`) or slug (`local-state`), case-insensitively.
pub fn find_rule(id_or_slug: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| {
        r.meta.id.eq_ignore_ascii_case(id_or_slug) || r.meta.slug.eq_ignore_ascii_case(id_or_slug)
    })
}
