//! `oauthctl completions SHELL`: generated from the clap definition, the same scripts as in completions/.

use crate::cli::Cli;
use clap::CommandFactory;

pub fn render(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "oauthctl", &mut out);
    out
}

pub fn run(shell: clap_complete::Shell) {
    use std::io::Write;
    let _ = std::io::stdout().write_all(&render(shell));
}
