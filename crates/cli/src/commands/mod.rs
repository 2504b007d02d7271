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

use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use tfready_engine::Loaded;

use crate::args::ProjectArgs;

/// Loads the project the arguments name; on failure prints why and gives
/// the exit code. `files` counts the files read, for a progress display.
pub fn load(args: &ProjectArgs, files: Option<Arc<AtomicUsize>>) -> Result<Loaded, u8> {
    tfready_engine::load(&args.target(), files).map_err(|e| {
        crate::output::error(&e);
        crate::exit::INPUT
    })
}
