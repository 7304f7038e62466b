//! Commands: each file orchestrates the core, the token life cycle (`crate::tokens`) and the ports for
//! one user-facing verb. `execute` is where a parsed command meets its implementation.

pub mod completions;
pub mod discover;
pub mod introspect;
pub mod login;
pub mod logout;
pub mod profile;
pub mod revoke;
pub mod secret_endpoint;
pub mod smoke;
pub mod status;
pub mod token;
pub mod userinfo;

use crate::cli::Command;
use crate::context::Ctx;
use crate::error::Result;

/// Runs one command (all but `completions` and `man`, which need no context).
pub fn execute(ctx: &Ctx, command: &Command) -> Result<()> {
    match command {
        Command::Login(args) => login::run(ctx, args),
        Command::Token(cmd) => token::run(ctx, cmd),
        Command::Userinfo => userinfo::run(ctx),
        Command::Logout => logout::run(ctx),
        Command::Profile(cmd) => profile::run(ctx, cmd),
        Command::Status => status::run(ctx),
        Command::Smoke(args) => smoke::run(ctx, args),
        Command::Discover(args) => discover::run(ctx, args),
        Command::Completions { shell } => {
            completions::run(*shell);
            Ok(())
        }
        Command::Man { dir } => completions::man(dir.as_deref()),
    }
}

#[cfg(test)]
mod discover_tests;
#[cfg(test)]
mod dpop_tests;
#[cfg(test)]
mod mtls_tests;
#[cfg(test)]
mod revoke_tests;
#[cfg(test)]
mod settings_tests;
#[cfg(test)]
mod snapshots;
#[cfg(test)]
mod tests;
