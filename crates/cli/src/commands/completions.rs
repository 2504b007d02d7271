//! `tfready completions SHELL` and `tfready man`: what shells and `man` read, made from the same definition as `--help`.

use clap::CommandFactory;

use crate::args::{Cli, CompletionsArgs};
use crate::exit;

pub fn run(args: &CompletionsArgs) -> u8 {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "tfready", &mut std::io::stdout());
    exit::OK
}

/// `tfready man`: the man page, from the same definition as `--help`.
pub fn man() -> u8 {
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut out) {
        crate::output::error(&format!("cannot render the man page: {e}"));
        return exit::INPUT;
    }
    crate::output::print(&String::from_utf8_lossy(&out));
    exit::OK
}
