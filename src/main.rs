//! The `oauthctl` binary: parse the command line, run it, exit with the contract's code. Everything else
//! lives in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match oauthctl::cli::Cli::parse_args(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version itself (exit 0) and usage errors with its own wording (exit 2).
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    oauthctl::run(cli)
}
