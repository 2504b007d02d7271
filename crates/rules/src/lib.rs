//! The production-readiness rules. One folder a rule under
//! `rules/<area>/<slug>/`, holding its metadata, check and docs (`mod.rs`,
//! the docs in its `//!` comment), its fixtures, and its fixer (`fix.rs`)
//! with the templates it writes. The registry ([`RULES`]) is built from the
//! folders; what fixers share is [`fixing`].
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod baseline;
mod config;
mod ctx;
mod docs;
pub mod downloaded;
mod finding;
pub mod fixing;
pub mod helpers;
pub mod ingress;
mod meta;
mod phase;
mod refs;
mod registry;
mod rule;
mod rules;
mod run;
pub mod shell;
mod suppress;
pub mod validator;

pub use baseline::{Accepted, Baseline, BASELINE_VERSION};
pub use config::{Config, ConfigError, IgnoreRule, LimitsConfig};
pub use config::{CONFIG_FILE, DEFAULT_REQUIRED_TAGS};
pub use ctx::Ctx;
pub use docs::{decisions_markdown, explain, rules_markdown, DOC_HEADINGS};
pub use finding::{Finding, Related};
pub use meta::{Phase, RuleMeta, Severity};
pub use registry::{
    all_metas, find_fixer, find_meta, find_rule, fixers, is_rule, rule_folder, RULES,
};
pub use rule::Rule;
pub use run::{audit, audit_environments, audit_with, AuditResult, Suppressed};
pub use suppress::{Suppression, MARKER};
