//! One file a subcommand.

pub mod audit;
pub mod completions;
pub mod rules;
