//! The terminal a login waits in (the [`Console`] port): Ctrl-C caught as a flag the wait loop polls, so
//! the login ends with its own error line and exit code rather than dying mid-line; stdin read line by
//! line on a thread of its own, so a redirect URL pasted over SSH can finish the login; echo off while it
//! is read, so the pasted code stays off the screen; and, when the wait ends, whatever is still pending
//! on the terminal discarded, so a half-pasted URL is never run by the shell (its `&` would start jobs).
//!
//! Nothing here runs before `login` starts its wait: the other commands never touch the terminal.

use crate::ports::{Console, WaitSession};
use std::io::{BufRead, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, sync_channel};

/// The longest line kept; a pasted redirect is a few hundred bytes, and a pipe must not make oauthctl
/// buffer without bound. Longer lines are dropped whole.
pub const MAX_LINE_BYTES: usize = 16 * 1024;

/// Set by the SIGINT handler; the only thing an async-signal handler may safely do here.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// The process's own terminal.
pub struct Terminal;

impl Console for Terminal {
    fn stdin_is_terminal(&self) -> bool {
        std::io::stdin().is_terminal() && in_foreground(libc::STDIN_FILENO)
    }

    fn stderr_is_terminal(&self) -> bool {
        std::io::stderr().is_terminal()
    }

    fn wait_session(&self, read_stdin: bool) -> Box<dyn WaitSession> {
        Box::new(Session::start(read_stdin))
    }
}

/// A background job that reads or reconfigures its terminal is stopped by the shell (SIGTTIN/SIGTTOU).
fn in_foreground(fd: libc::c_int) -> bool {
    // SAFETY: plain queries on a descriptor and the calling process.
    unsafe { libc::tcgetpgrp(fd) == libc::getpgrp() }
}

struct Session {
    lines: Option<Receiver<String>>,
    old_sigint: libc::sigaction,
    /// The terminal settings to restore (echo was turned off), when stdin is a terminal being read.
    saved: Option<libc::termios>,
}

impl Session {
    fn start(read_stdin: bool) -> Session {
        INTERRUPTED.store(false, Ordering::SeqCst);
        // SAFETY: sigaction with a handler that only stores to an atomic; the old action is kept to be
        // restored when the wait ends.
        let old_sigint = unsafe {
            let mut new: libc::sigaction = std::mem::zeroed();
            new.sa_sigaction = on_sigint as *const () as libc::sighandler_t;
            new.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut new.sa_mask);
            let mut old: libc::sigaction = std::mem::zeroed();
            libc::sigaction(libc::SIGINT, &new, &mut old);
            old
        };
        let saved = (read_stdin && std::io::stdin().is_terminal())
            .then(|| echo_off(libc::STDIN_FILENO))
            .flatten();
        let lines = read_stdin.then(|| {
            let (tx, rx) = sync_channel(16);
            std::thread::spawn(move || {
                let mut stdin = std::io::stdin().lock();
                while let Ok(Some(line)) = read_line(&mut stdin, MAX_LINE_BYTES) {
                    if let Some(line) = line
                        && tx.send(line).is_err()
                    {
                        break;
                    }
                }
            });
            rx
        });
        Session {
            lines,
            old_sigint,
            saved,
        }
    }
}

impl WaitSession for Session {
    fn line(&mut self) -> Option<String> {
        let rx = self.lines.as_ref()?;
        match rx.try_recv() {
            Ok(line) => Some(line),
            Err(TryRecvError::Empty) => None,
            // stdin ended (a pipe was closed): the listener alone goes on.
            Err(TryRecvError::Disconnected) => {
                self.lines = None;
                None
            }
        }
    }

    fn interrupted(&self) -> bool {
        INTERRUPTED.load(Ordering::SeqCst)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Some(saved) = &self.saved {
            discard_pending_input(libc::STDIN_FILENO);
            // SAFETY: restores the settings read from the same descriptor.
            unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, saved) };
        }
        // SAFETY: puts back the action that was in place before the wait.
        unsafe { libc::sigaction(libc::SIGINT, &self.old_sigint, std::ptr::null_mut()) };
    }
}

/// Turns echo off (line editing stays on: Enter ends a line, Ctrl-C still signals) and returns the
/// settings to restore.
fn echo_off(fd: libc::c_int) -> Option<libc::termios> {
    // SAFETY: termios is plain data filled by tcgetattr before it is read.
    unsafe {
        let mut saved: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(fd, &mut saved) != 0 {
            return None;
        }
        let mut quiet = saved;
        // ECHONL off too: the Enter that ends a paste would leave the spinner's row behind; what the
        // paste led to is printed on that row instead.
        quiet.c_lflag &= !(libc::ECHO | libc::ECHOE | libc::ECHOK | libc::ECHONL);
        (libc::tcsetattr(fd, libc::TCSANOW, &quiet) == 0).then_some(saved)
    }
}

/// Drops input the terminal received but nobody read: a half-pasted URL would otherwise go to the shell.
pub fn discard_pending_input(fd: libc::c_int) {
    // SAFETY: tcflush on a descriptor; fails harmlessly on a non-terminal.
    unsafe { libc::tcflush(fd, libc::TCIFLUSH) };
}

/// Reads one line of at most `cap` bytes (without its line end); `Ok(None)` at the end of input,
/// `Ok(Some(None))` for a line that was too long or not UTF-8 (dropped whole, never half-used).
fn read_line(reader: &mut impl BufRead, cap: usize) -> std::io::Result<Option<Option<String>>> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            if line.is_empty() && !too_long {
                return Ok(None);
            }
            break;
        }
        let (chunk, end) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        if line.len() + chunk.len() > cap {
            too_long = true;
            line.clear();
        } else if !too_long {
            line.extend_from_slice(chunk);
        }
        let used = end.unwrap_or(buf.len());
        reader.consume(used);
        if end.is_some() {
            break;
        }
    }
    if too_long {
        return Ok(Some(None));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(String::from_utf8(line).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], cap: usize) -> Vec<Option<String>> {
        let mut reader = std::io::BufReader::with_capacity(4, input);
        let mut out = Vec::new();
        while let Some(line) = read_line(&mut reader, cap).unwrap() {
            out.push(line);
        }
        out
    }

    #[test]
    fn lines_are_read_whole_and_overlong_ones_dropped() {
        let got = lines(b"code=a&state=b\r\n\nx\n0123456789abcdefXYZ\nlast", 16);
        let want: Vec<Option<String>> = vec![
            Some("code=a&state=b".into()),
            Some(String::new()),
            Some("x".into()),
            None,
            Some("last".into()),
        ];
        assert_eq!(got, want);
        assert_eq!(
            lines(b"code=a&state=b\n", 64),
            [Some("code=a&state=b".into())]
        );
        assert_eq!(lines(b"\xff\n", 64), [None]);
    }

    /// A line typed into the terminal but not ended is gone after the discard: the shell never sees it.
    #[test]
    fn pending_terminal_input_is_discarded() {
        // SAFETY: a fresh pseudo-terminal pair owned by this test.
        unsafe {
            let (mut master, mut slave) = (0, 0);
            let ok = libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            );
            assert_eq!(ok, 0, "openpty");
            // Raw mode: what arrived is readable at once, so "nothing to read" means it was discarded.
            let mut raw: libc::termios = std::mem::zeroed();
            libc::tcgetattr(slave, &mut raw);
            libc::cfmakeraw(&mut raw);
            raw.c_cc[libc::VMIN] = 0;
            raw.c_cc[libc::VTIME] = 0;
            libc::tcsetattr(slave, libc::TCSANOW, &raw);
            let typed = b"http://127.0.0.1:8400/callback?code=c&state=s";
            libc::write(master, typed.as_ptr().cast(), typed.len());
            std::thread::sleep(std::time::Duration::from_millis(50));
            discard_pending_input(slave);
            libc::write(master, b"x".as_ptr().cast(), 1);
            std::thread::sleep(std::time::Duration::from_millis(50));
            let mut buf = [0u8; 128];
            let n = libc::read(slave, buf.as_mut_ptr().cast(), buf.len());
            libc::close(master);
            libc::close(slave);
            assert_eq!(&buf[..n.max(0) as usize], b"x");
        }
    }
}
