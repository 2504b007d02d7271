//! `tfready fix`: the Terraform that closes each gap. Each rule's fixer
//! lives beside the rule (`tfready_rules::fixing`); this crate chooses which
//! fixers run for a stack and writes their changes. Remediation modules are
//! real `.tf` files (validated by tfready's own validator in tests); wiring
//! them into a stack edits the user's files through hcl-edit, so comments,
//! order and layout survive.
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod apply;
mod plan;

pub use apply::{apply, apply_with, diff, git_dirty, write_atomic, Applied, ApplyError};
pub use plan::{backend_changes, in_place, plan, FixPlan};
pub use tfready_rules::fixers;
pub use tfready_rules::fixing::hcl::hcl_string;
pub use tfready_rules::fixing::templates::{templates_dir, FILES};
pub use tfready_rules::fixing::workspace::Change;
pub use tfready_rules::fixing::{FixOptions, Fixer};
