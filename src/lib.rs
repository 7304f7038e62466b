//! oauthctl: a command-line OAuth 2.0 / OpenID Connect client.
//!
//! Layers: `oauth` is the protocol core (no I/O), `tokens` the token life cycle (load, refresh under the
//! lock, ID-token verification), `commands` orchestrate one verb each, `ports` are the traits through
//! which all of them reach the outside world and `adapters` implement those ports. `run` is the single
//! place where a command's outcome becomes an exit code.

pub mod adapters;
pub mod cli;
pub mod commands;
pub mod config;
pub mod context;
pub mod env;
pub mod error;
pub mod oauth;
pub mod output;
pub mod ports;
pub mod tokens;

#[cfg(test)]
mod testkit;

use cli::{Cli, Command, OutputFormat};
use context::Ctx;
use std::process::ExitCode;

/// Runs a parsed command line and returns the process exit code of the contract.
pub fn run(cli: Cli) -> ExitCode {
    let env = env::Env::capture();
    let out = output::Output::new(
        cli.global.output == OutputFormat::Json,
        cli.global.no_color || env.no_color,
        env.clicolor_force,
    );
    if let Command::Completions { shell } = cli.command {
        commands::completions::run(shell);
        return ExitCode::SUCCESS;
    }
    if let Command::Man { dir } = &cli.command {
        return match commands::completions::man(dir.as_deref()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => fail(&out, &err),
        };
    }
    let paths = match Ctx::paths(&cli.global) {
        Ok(paths) => paths,
        Err(err) => return fail(&out, &err),
    };
    let ctx = Ctx::real(cli.global, env, out, &paths);
    match commands::execute(&ctx, &cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(&ctx.out, &err),
    }
}

fn fail(out: &output::Output, err: &error::Error) -> ExitCode {
    out.report(err);
    ExitCode::from(err.kind.exit_code())
}
