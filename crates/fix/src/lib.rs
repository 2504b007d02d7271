//! `tfready fix`: the Terraform that closes each gap. Remediation modules
//! are real `.tf` files under `templates/` (validated by tfready's own
//! validator in tests); wiring them into a stack edits the user's files
//! through hcl-edit, so comments, order and layout survive.
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod apply;
mod cx;
mod fixers;
mod hcl;
mod stack;
mod templates;
mod wiring;
mod workspace;

pub use apply::{apply, apply_with, diff, git_dirty, write_atomic, Applied, ApplyError};
pub use fixers::{backend_changes, in_place, plan, FixOptions, FixPlan, Fixer, FIXERS};
pub use hcl::hcl_string;
pub use templates::{templates_dir, FILES};
pub use workspace::Change;
