//! Opens the authorize URL: a `--browser` command, or `$BROWSER` (a colon-separated list of commands,
//! tried in turn), else the system opener. A command is split into words like a shell would (no shell is
//! run); `%s` in it is replaced by the URL (`%%` is a literal `%`), else the URL is appended as the last
//! argument: the URL is always exactly one argument.
//!
//! The login does not wait for the browser to exit: it may stay open for hours, or return at once and
//! hand the URL to a running instance. But a command that fails at once (a wrapper whose browser is
//! missing, a typo inside `sh -c`) would otherwise leave the person waiting for a page that never
//! opened: each command gets 200 ms to fail, and one that exits non-zero in it counts as not started
//! (the next `$BROWSER` entry is tried; the caller warns and prints the URL). A `--browser` command is
//! watched while the login already waits for the redirect, and its failure reported from there.

use crate::ports::{Browser, LateFailure};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts real browsers (the [`Browser`] port).
pub struct SystemBrowser;

impl Browser for SystemBrowser {
    fn open(&self, opener: &Opener, url: &str) -> Result<LateFailure, String> {
        match opener {
            // Watched while the login waits: see `start_watched`.
            Opener::Command(cmd) => start_watched(cmd, url).map(Some),
            _ => open(opener, url).map(|()| None),
        }
    }
}

pub enum Opener {
    /// A command line (`--browser`); the URL replaces `%s`, or becomes its last argument.
    Command(String),
    /// `$BROWSER`: commands separated by `:`, tried in turn until one starts.
    List(String),
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
        Opener::Command(cmd) => start_command(cmd, url),
        Opener::List(list) => {
            let mut failures = Vec::new();
            for cmd in list.split(':').filter(|c| !c.trim().is_empty()) {
                match start_command(cmd, url) {
                    Ok(()) => return Ok(()),
                    Err(why) => failures.push(why),
                }
            }
            if failures.is_empty() {
                return Err("$BROWSER names no command".into());
            }
            Err(failures.join("; "))
        }
    }
}

/// How long a browser command gets to fail before it counts as started. Openers that hand the URL to a
/// running browser exit within it (with 0); a browser that starts keeps running past it. Short, because
/// the login waits for it: a command that cannot run (not found, bad arguments) fails in milliseconds,
/// and a scripted browser finishing the whole login in less time must not wait a second for oauthctl.
const COMMAND_FAILURE_WINDOW: Duration = Duration::from_millis(200);

/// Starts one browser command on `url`.
fn spawn_command(cmd: &str, url: &str) -> Result<(Child, String), String> {
    let words = shell_words::split(cmd).map_err(|e| format!("cannot parse {cmd:?}: {e}"))?;
    let (program, args) = words.split_first().ok_or("the browser command is empty")?;
    let (args, substituted) = with_url(args, url);
    let mut command = Command::new(program);
    command.args(args);
    if !substituted {
        command.arg(url);
    }
    let child = spawn(&mut command).map_err(|e| format!("cannot start {program:?}: {e}"))?;
    Ok((child, program.clone()))
}

/// `--browser CMD`: started, and watched for [`COMMAND_FAILURE_WINDOW`] on a thread of its own, so that
/// the login waits for the redirect meanwhile. A scripted browser completes the whole login within the
/// window, and waits for the callback's answer before it exits: a login that first waited out the window
/// kept it (and itself) waiting the full 200 ms.
fn start_watched(cmd: &str, url: &str) -> Result<std::sync::mpsc::Receiver<String>, String> {
    let (mut child, program) = spawn_command(cmd, url)?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let until = Instant::now() + COMMAND_FAILURE_WINDOW;
        loop {
            match child.try_wait() {
                Ok(Some(status)) if status.success() => return,
                Ok(Some(status)) => {
                    let _ = tx.send(format!("{program:?} {}", failure(status)));
                    return;
                }
                Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(10)),
                _ => return reap(child),
            }
        }
    });
    Ok(rx)
}

/// Runs one browser command of `$BROWSER` on `url` and watches it for [`COMMAND_FAILURE_WINDOW`]: the
/// next command is tried only when this one fails, so this wait cannot run beside the login's.
fn start_command(cmd: &str, url: &str) -> Result<(), String> {
    let (mut child, program) = spawn_command(cmd, url)?;
    let until = Instant::now() + COMMAND_FAILURE_WINDOW;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("{program:?} {}", failure(status))),
            Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(10)),
            // Still running (or not observable): it started. Reap it whenever it exits, without making
            // the login wait for it.
            _ => {
                std::thread::spawn(move || reap(child));
                return Ok(());
            }
        }
    }
}

/// The `$BROWSER` convention: `%s` in an argument becomes the URL and `%%` a `%`. Returns the arguments
/// and whether any `%s` was found (then the URL is not appended).
fn with_url(args: &[String], url: &str) -> (Vec<String>, bool) {
    let mut substituted = false;
    let args = args
        .iter()
        .map(|arg| {
            let mut out = String::with_capacity(arg.len());
            let mut chars = arg.chars().peekable();
            while let Some(c) = chars.next() {
                match (c, chars.peek()) {
                    ('%', Some('s')) => {
                        chars.next();
                        out.push_str(url);
                        substituted = true;
                    }
                    ('%', Some('%')) => {
                        chars.next();
                        out.push('%');
                    }
                    _ => out.push(c),
                }
            }
            out
        })
        .collect();
    (args, substituted)
}

/// "exited with status N", or the signal that ended it.
fn failure(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("was killed by signal {signal}");
        }
    }
    match status.code() {
        Some(code) => format!("exited with status {code}"),
        None => "failed".to_string(),
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

    const URL: &str = "http://127.0.0.1:9/authorize?a=1&b=%20";

    /// A command that writes its argument count and arguments into a file, and the file.
    fn recorder() -> (tempfile::TempDir, String, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("args");
        let cmd = format!(
            "sh -c 'printf \"%%s|\" \"$#\" \"$@\" > \"$0\"' '{}'",
            file.display()
        );
        (dir, cmd, file)
    }

    fn recorded(file: &std::path::Path) -> String {
        std::fs::read_to_string(file).unwrap()
    }

    #[test]
    fn the_url_is_appended_as_one_argument() {
        let (_dir, cmd, file) = recorder();
        open(&Opener::Command(cmd), URL).unwrap();
        assert_eq!(recorded(&file), format!("1|{URL}|"));
    }

    #[test]
    fn percent_s_is_replaced_by_the_url_instead_of_appending_it() {
        let (_dir, cmd, file) = recorder();
        open(&Opener::Command(format!("{cmd} --app=%s 100%%")), URL).unwrap();
        assert_eq!(recorded(&file), format!("2|--app={URL}|100%|"));
    }

    #[test]
    fn a_command_that_exits_non_zero_at_once_is_a_failure() {
        let why = open(&Opener::Command("sh -c 'exit 3'".into()), URL).unwrap_err();
        assert_eq!(why, "\"sh\" exited with status 3");
        assert!(open(&Opener::Command("true".into()), URL).is_ok());
        let why = open(&Opener::Command("no-such-browser-here".into()), URL).unwrap_err();
        assert!(
            why.starts_with("cannot start \"no-such-browser-here\""),
            "{why}"
        );
    }

    #[test]
    fn a_browser_that_keeps_running_is_started_without_waiting_for_it() {
        let started = Instant::now();
        open(&Opener::Command("sh -c 'sleep 5'".into()), URL).unwrap();
        let took = started.elapsed();
        assert!(
            took >= COMMAND_FAILURE_WINDOW && took < Duration::from_secs(3),
            "{took:?}"
        );
    }

    #[test]
    fn browser_var_entries_are_tried_in_turn_until_one_starts() {
        let (_dir, cmd, file) = recorder();
        open(
            &Opener::List(format!("no-such-browser-here:false:{cmd} %s")),
            URL,
        )
        .unwrap();
        assert_eq!(recorded(&file), format!("1|{URL}|"));
        let why = open(&Opener::List("false::no-such-browser-here".into()), URL).unwrap_err();
        assert!(
            why.starts_with(
                "\"false\" exited with status 1; cannot start \"no-such-browser-here\""
            ),
            "{why}"
        );
        assert!(open(&Opener::List(" : ".into()), URL).is_err());
    }

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
