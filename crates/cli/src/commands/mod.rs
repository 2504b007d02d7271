//! One file a subcommand.

pub mod audit;
pub mod completions;
pub mod cost;
pub mod fix;
pub mod init;
pub mod live;
pub mod prices;
pub mod recursive;
pub mod roadmap;
pub mod rules;
pub mod validate;
