//! tfready's pricing engine: what a Terraform AWS stack costs per month, offline.
//!
//! - [`PriceList`]: the shipped price list (`data/prices.toml`, every figure with its AWS pricing
//!   page and date), overlaid by a user file with [`PriceList::overlay`] (`--prices FILE`).
//! - [`Usage`]: quantities a price list cannot know (GB stored, requests, log volume) from a
//!   `tfready-usage.toml` over documented defaults ([`USAGE_DEFAULTS`], `USAGE.md`);
//!   [`write_usage`] writes one for a project (`--write-usage`).
//! - [`estimate`]: one [`LineItem`] per resource and module instance, with its monthly figure,
//!   the formula with the numbers, the assumptions and the price keys. A price that is missing, or
//!   a value known only at apply, makes the line `status: missing` with `monthly_usd: None`: never
//!   a silent $0. Free resources (VPC, subnets, IAM, ...) are listed as free.
//! - [`phases`]: the current stack and each roadmap phase (spec §5), priced from the remediation
//!   modules of the rules' templates (`tfready_rules::fixing::templates`) plus the phase's changes to
//!   existing resources, beside the spec's ranges ([`spec`]).
//! - [`compare`]: two estimates side by side (`--compare OTHER`).
//! - Renderers return strings: [`render_table`], [`render_phases`], [`render_markdown`],
//!   [`render_comparison`]; every result type is serde-serializable for `--format json`.
//!
//! ```no_run
//! use tfready_cost::{estimate, render_table, PriceList, Usage};
//! use tfready_model::{LoadOptions, Project};
//!
//! let options = LoadOptions { env: Some("prod".into()), ..Default::default() };
//! let project = Project::load("examples/huron-pmo".as_ref(), &options).unwrap();
//! let mut prices = PriceList::embedded().clone();
//! // --prices FILE: prices.overlay(PriceList::from_path("my-prices.toml")?);
//! let usage = Usage::defaults(); // --usage FILE: Usage::from_path("tfready-usage.toml")?
//! let estimate = estimate(&project, &prices, &usage);
//! print!("{}", render_table(&estimate));
//! let templates = tfready_rules::fixing::templates::templates_dir().unwrap();
//! let table = tfready_cost::phases(&project, &prices, &usage, &templates, &Default::default()).unwrap();
//! print!("{}", tfready_cost::render_phases(&table));
//! # let _ = &mut prices;
//! ```
//!
//! The price list on its own:
//!
//! ```
//! use tfready_cost::{PriceList, HOURS_PER_MONTH};
//!
//! let prices = PriceList::embedded();
//! let t3 = prices.lookup("ec2.instance.t3.medium", "us-east-1").expect("priced");
//! let monthly = t3.monthly(HOURS_PER_MONTH);
//! assert!((monthly - 30.368).abs() < 1e-9);
//! assert!(prices.lookup("ec2.instance.t3.medium", "mars-north-1").is_none());
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod cache;
pub mod catalog;
pub mod compare;
pub mod estimate;
mod estimator;
mod manifest;
pub mod offers;
pub mod phases;
mod pricers;
pub mod prices;
pub mod render;
pub mod sources;
pub mod spec;
mod stack;
pub mod usage;

pub use compare::{compare, Change, Comparison, ComparisonLine};
pub use estimate::{Component, Estimate, LineItem, MissingPrice, Status, UsageRef, DEFAULT_REGION};
pub use estimator::Estimator;
pub use phases::{
    phases, phases_with, Manifest, ManifestModule, ModuleCost, PhaseError, PhaseRow, PhaseTable,
    TotalRow,
};
pub use pricers::{vcpus_of_class, FREE_TYPES};
pub use prices::{
    FreeTier, Price, PriceError, PriceList, Problem, Tier, Unit, EMBEDDED_PRICES, HOURS_PER_MONTH,
};
pub use render::{render_comparison, render_markdown, render_phases, render_table};
pub use spec::{SpecPhase, SpecRange, SpecRow};
pub use stack::{estimate, project_region};
pub use usage::{
    write_usage, Usage, UsageDefault, UsageError, UsageSource, UsageValue, USAGE_DEFAULTS,
};
