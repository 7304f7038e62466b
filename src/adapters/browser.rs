//! Opens the authorize URL: a `--browser` command or `$BROWSER` (split into words like a shell, no shell
//! run, URL appended), else the system opener. Never waits for the browser to exit: it may stay open for
//! hours, or return at once and hand the URL to a running instance.

use crate::ports::Browser;
use std::process::{Command, Stdio};

/// Starts real browsers (the [`Browser`] port).
pub struct SystemBrowser;

impl Browser for SystemBrowser {
    fn open(&self, opener: &Opener, url: &str) -> Result<(), String> {
        open(opener, url)
    }
}

pub enum Opener {
    /// A command line; the URL becomes its last argument.
    Command(String),
    /// The desktop's default handler, via the `open` crate.
    System,
    /// Print only (`--no-browser`).
    None,
}

/// Starts the browser; an `Err` says why it could not, so the caller can fall back to printing the URL.
fn open(opener: &Opener, url: &str) -> Result<(), String> {
    match opener {
        Opener::None => Ok(()),
        Opener::System => open::that_detached(url).map_err(|e| e.to_string()),
        Opener::Command(cmd) => {
            let words =
                shell_words::split(cmd).map_err(|e| format!("cannot parse {cmd:?}: {e}"))?;
            let (program, args) = words.split_first().ok_or("the browser command is empty")?;
            let mut child = Command::new(program)
                .args(args)
                .arg(url)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("cannot start {program:?}: {e}"))?;
            // Reap it whenever it exits, without making the login wait for it.
            std::thread::spawn(move || child.wait());
            Ok(())
        }
    }
}
