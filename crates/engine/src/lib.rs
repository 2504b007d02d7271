//! What a tfready run does, as a library: the binary parses arguments,
//! calls these, and prints.
//!
//! - [`load`]: a [`Target`] (a root module or a plan file, with its
//!   environment, variables and config) loaded once into a [`Loaded`].
//! - [`audit`]: the validator's errors and the rules, the environment-
//!   dependent ones in each environment of the stack, from that one load;
//!   [`audit_at`] the same at a git revision (`--diff-base`).
//! - [`validate`]: the validator's checks as findings; [`rejected_flag`].
//! - [`estimate_stack`]: the stack priced, prices from where the user
//!   allows ([`PriceSources`]); [`phase_table`]: what each phase of the roadmap adds to the bill;
//!   [`cost_before_after`]: what `fix`'s changes do to it.
//!
//! Errors are the input's (a config file, a plan, an environment, a git
//! revision): a message naming the file, for exit code 2.
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod audit;
mod cost;
mod fix;
pub mod git_ref;
mod load;
pub mod plan;
mod target;
mod validate;

pub use audit::{audit, audit_at};
pub use cost::{estimate_stack, phase_table, plan_names_in_estimate, PriceSources};
pub use fix::{cost_before_after, priced};
pub use load::{load, Loaded};
pub use target::{SharedLoad, Target};
pub use validate::{rejected_flag, validate};
