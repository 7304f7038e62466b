//! oauthctl: a command-line OAuth 2.0 / OpenID Connect client.
//!
//! Layers: `oauth` is the protocol core (no I/O), `adapters` talk to the outside world, `commands`
//! orchestrate one verb each. `run` is the single place where a command's outcome becomes an exit code.

pub mod adapters;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod oauth;
pub mod output;

use cli::{Cli, Command, OutputFormat};
use commands::Ctx;
use std::process::ExitCode;

/// Runs a parsed command line and returns the process exit code of the contract.
pub fn run(cli: Cli) -> ExitCode {
    let out = output::Output::new(cli.global.output == OutputFormat::Json, cli.global.no_color);
    match dispatch(cli, out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            output::report(&err);
            ExitCode::from(err.kind.exit_code())
        }
    }
}

fn dispatch(cli: Cli, out: output::Output) -> error::Result<()> {
    if let Command::Completions { shell } = cli.command {
        commands::completions::run(shell);
        return Ok(());
    }
    let ctx = Ctx::new(cli.global, out)?;
    match &cli.command {
        Command::Login(args) => commands::login::run(&ctx, args),
        Command::Token(cmd) => commands::token::run(&ctx, cmd),
        Command::Userinfo => commands::userinfo::run(&ctx),
        Command::Logout => commands::logout::run(&ctx),
        Command::Status => commands::status::run(&ctx),
        Command::Completions { .. } => unreachable!("handled above"),
    }
}
