//! What a rule's fixer edits a stack with. A fixer lives beside its rule
//! (`rules/<area>/<slug>/fix.rs`, named by the rule's `RuleMeta::fixer`);
//! this module holds what fixers share: the editing context ([`FixCx`]),
//! format-preserving HCL edits, the wiring of new modules to the stack's
//! resources, the embedded templates, and the steps every fix ends with.
//! `tfready_fix` chooses which fixers run and writes their changes.

pub mod boot_secrets;
pub mod cx;
pub mod fixer;
pub mod hcl;
pub(crate) mod ingress;
pub mod launch_model;
pub mod options;
pub(crate) mod prelude;
pub mod provider_pin;
pub mod provider_tags;
pub(crate) mod second_subnet;
pub(crate) mod shared;
pub mod stack;
pub mod templates;
pub mod wiring;
pub mod workspace;

pub use cx::FixCx;
pub use fixer::Fixer;
pub use options::FixOptions;
