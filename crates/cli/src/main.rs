//! The `tfready` binary: parses arguments, runs a command, prints, exits.
//! Everything else lives in the library crates.

mod args;
mod commands;
mod output;
mod prices;
mod progress;
mod report;
mod verify_report;

use std::process::ExitCode;

use args::PerRoot;
use clap::Parser;

// A run allocates millions of small syntax-tree nodes: mimalloc is faster
// at that than the system allocator and returns less memory to the kernel
// only to fault it back in.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes are part of the interface: documented in the README and stable.
pub mod exit {
    /// Nothing at or above `--fail-on`.
    pub const OK: u8 = 0;
    /// Findings at or above `--fail-on` (or validation errors).
    pub const FINDINGS: u8 = 1;
    /// Bad usage or bad input (missing path, unparsable file, bad config).
    pub const INPUT: u8 = 2;
}

/// mimalloc's `purge_delay` option (its index in mimalloc 3's `mi_option_e`).
#[cfg(feature = "mimalloc")]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Memory freed while loading (hcl-edit's trees, converted and dropped
    // file by file) goes back to the OS at once rather than after a second,
    // so the rules' working set reuses it instead of adding to the peak.
    // MIMALLOC_PURGE_DELAY in the environment still wins (for tuning).
    #[cfg(feature = "mimalloc")]
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: set once, before any other thread exists.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    }
    let cli = args::Cli::parse();
    let code = match cli.command {
        args::Command::Audit(a) if a.project.recursive => commands::recursive::run(
            &a.project.path,
            a.output.merge_name(),
            a.output.output.as_deref(),
            &|root, shared| commands::audit::run(&a.for_root(root, shared)),
        ),
        args::Command::Validate(a) if a.project.recursive => commands::recursive::run(
            &a.project.path,
            a.output.merge_name(),
            a.output.output.as_deref(),
            &|root, shared| commands::validate::run(&a.for_root(root, shared)),
        ),
        args::Command::Cost(a) if a.project.recursive => {
            commands::recursive::run(&a.project.path, &a.format, None, &|root, shared| {
                commands::cost::run(&a.for_root(root, shared))
            })
        }
        args::Command::Fix(a) if a.project.recursive => not_recursive("fix"),
        args::Command::Verify(a) if a.project.recursive => not_recursive("verify"),
        args::Command::Audit(a) => commands::audit::run(&a),
        args::Command::Validate(a) => commands::validate::run(&a),
        args::Command::Fix(a) => commands::fix::run(&a),
        args::Command::Cost(a) => commands::cost::run(&a),
        args::Command::BootstrapState(a) => commands::live::bootstrap(&a),
        args::Command::Verify(a) => commands::live::verify(&a),
        args::Command::Rules(a) => commands::rules::run(&a),
        args::Command::Explain(a) => commands::rules::explain(&a),
        args::Command::Completions(a) => commands::completions::run(&a),
        args::Command::Init(a) => commands::init::run(&a),
        args::Command::Man => commands::completions::man(),
        args::Command::Prices(args::PricesCommand::Update(a)) => commands::prices::update(&a),
    };
    ExitCode::from(code)
}

/// `--recursive` on a command that writes or talks to one account.
fn not_recursive(command: &str) -> u8 {
    output::error(&format!(
        "--recursive is for audit, validate and cost; run `tfready {command}` on one root at a time"
    ));
    exit::INPUT
}

#[cfg(all(test, feature = "mimalloc"))]
mod tests {
    #[test]
    fn purge_delay_index_names_the_option_we_set() {
        // mimalloc 3 defaults `purge_delay` to 1000 ms: any other value at
        // this index means an upgrade moved the option and `main` would
        // tune the wrong one.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reads an option.
            let value = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
            assert_eq!(value, 1000);
        }
    }
}
