//! Opens the authorize URL: a `--browser` command or `$BROWSER` (split into words like a shell, no shell
//! run, URL appended), else the system opener. Never waits for the browser to exit: it may stay open for
//! hours, or return at once and hand the URL to a running instance.

use crate::ports::Browser;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
        Opener::System => open_system(url),
        Opener::Command(cmd) => {
            let words =
                shell_words::split(cmd).map_err(|e| format!("cannot parse {cmd:?}: {e}"))?;
            let (program, args) = words.split_first().ok_or("the browser command is empty")?;
            let mut command = Command::new(program);
            command.args(args).arg(url);
            let child =
                spawn(&mut command).map_err(|e| format!("cannot start {program:?}: {e}"))?;
            // Reap it whenever it exits, without making the login wait for it.
            std::thread::spawn(move || reap(child));
            Ok(())
        }
    }
}

/// How long a system launcher gets to fail (then the next one is tried), as the `open` crate does.
const LAUNCHER_FAILURE_WINDOW: Duration = Duration::from_millis(250);

/// The desktop's handlers in the `open` crate's order (xdg-open, gio, …), started here rather than by the
/// crate so their environment can be cleaned: the first one that starts and does not fail at once wins.
fn open_system(url: &str) -> Result<(), String> {
    let mut why = "no system opener found".to_string();
    for mut command in open::commands(url) {
        let program = command.get_program().to_string_lossy().into_owned();
        let mut child = match spawn(&mut command) {
            Ok(child) => child,
            Err(e) => {
                why = format!("cannot start {program:?}: {e}");
                continue;
            }
        };
        let until = Instant::now() + LAUNCHER_FAILURE_WINDOW;
        let failed = loop {
            match child.try_wait() {
                Ok(Some(status)) => break !status.success(),
                Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(10)),
                _ => break false,
            }
        };
        if failed {
            why = format!("{program:?} failed");
            continue;
        }
        std::thread::spawn(move || reap(child));
        return Ok(());
    }
    Err(why)
}

/// Starts a browser or launcher detached from the terminal's signals, with no stdio and without
/// oauthctl's variables: `OAUTHCTL_CLIENT_SECRET` would otherwise sit in the environment of a browser
/// that lives for hours, readable by it and everything it starts. No `OAUTHCTL_*` variable is of any use
/// to a browser, so none is passed on.
fn spawn(command: &mut Command) -> std::io::Result<Child> {
    command.env_remove("OAUTHCTL_CLIENT_SECRET");
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("OAUTHCTL_") {
            command.env_remove(name);
        }
    }
    #[cfg(unix)]
    {
        // Its own process group: a Ctrl-C that ends the login must not close the browser too.
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
}

fn reap(mut child: Child) {
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_child_environment_drops_the_client_secret() {
        let mut command = Command::new("true");
        let _ = spawn(&mut command).map(reap);
        let removed: Vec<_> = command
            .get_envs()
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| k.to_string_lossy().into_owned())
            .collect();
        assert!(
            removed.iter().any(|k| k == "OAUTHCTL_CLIENT_SECRET"),
            "{removed:?}"
        );
    }
}
