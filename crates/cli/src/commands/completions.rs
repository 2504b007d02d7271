//! `tfready completions SHELL`.

use clap::CommandFactory;

use crate::args::{Cli, CompletionsArgs};
use crate::exit;

pub fn run(args: &CompletionsArgs) -> u8 {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "tfready", &mut std::io::stdout());
    exit::OK
}
