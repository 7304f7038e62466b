//! The row that shows a login is still waiting, on a terminal: redrawn in place with a spinner and the
//! time left. Elsewhere (a pipe, a CI log) the caller prints one plain line instead and the spinner
//! stays silent, since a log full of carriage returns helps nobody. Only stderr: stdout stays data (one JSON document with `-o json`).
//!
//! A message printed while the spinner runs goes through [`Spinner::say`], which clears the row first,
//! so the spinner never garbles another line; dropping the spinner clears the row for what follows.

use super::Output;
use std::time::{Duration, Instant};

const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/// How often the row is redrawn; the wait loop ticks faster than this.
const FRAME_TIME: Duration = Duration::from_millis(100);

pub struct Spinner<'a> {
    out: &'a Output,
    /// What is waited for, e.g. "Waiting for the redirect".
    what: String,
    deadline: Instant,
    /// A terminal: redraw in place. Otherwise silent.
    live: bool,
    frame: usize,
    drawn: Option<Instant>,
}

impl<'a> Spinner<'a> {
    /// Starts showing the wait until `deadline` (only when `live`).
    pub fn start(out: &'a Output, live: bool, what: &str, deadline: Instant) -> Spinner<'a> {
        let mut spinner = Spinner {
            out,
            what: what.to_string(),
            deadline,
            live,
            frame: 0,
            drawn: None,
        };
        spinner.tick();
        spinner
    }

    /// Redraws the row when a frame is due.
    pub fn tick(&mut self) {
        if !self.live || self.drawn.is_some_and(|t| t.elapsed() < FRAME_TIME) {
            return;
        }
        let left = self.deadline.saturating_duration_since(Instant::now());
        self.out.progress(&format!(
            "{} {}… {} left (Ctrl-C to cancel)",
            FRAMES[self.frame % FRAMES.len()],
            self.what,
            clock(left)
        ));
        self.frame += 1;
        self.drawn = Some(Instant::now());
    }

    /// Prints a message line without tearing the spinner's row; the row comes back on the next tick.
    pub fn say(&mut self, print: impl FnOnce(&Output)) {
        self.clear();
        print(self.out);
    }

    fn clear(&mut self) {
        if self.live && self.drawn.take().is_some() {
            self.out.progress("");
        }
    }
}

impl Drop for Spinner<'_> {
    fn drop(&mut self) {
        self.clear();
    }
}

/// `m:ss` (or `h:mm:ss` for waits of an hour or more), rounded up so it reaches 0:00 only at the end.
fn clock(left: Duration) -> String {
    let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);

    impl Write for Buf {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn output() -> (Output, Buf, Buf) {
        let (stdout, stderr) = (Buf::default(), Buf::default());
        let out = Output::with_sinks(
            true,
            false,
            Box::new(stdout.clone()),
            Box::new(stderr.clone()),
        );
        (out, stdout, stderr)
    }

    fn text(b: &Buf) -> String {
        String::from_utf8(b.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn the_time_left_reads_as_a_clock() {
        assert_eq!(clock(Duration::from_secs(300)), "5:00");
        assert_eq!(clock(Duration::from_millis(59_001)), "1:00");
        assert_eq!(clock(Duration::from_secs(3)), "0:03");
        assert_eq!(clock(Duration::ZERO), "0:00");
        assert_eq!(clock(Duration::from_secs(86_400)), "24:00:00");
    }

    #[test]
    fn on_a_terminal_the_row_is_redrawn_with_the_time_left_and_cleared_for_messages() {
        let (out, stdout, stderr) = output();
        let deadline = Instant::now() + Duration::from_secs(125);
        {
            let mut s = Spinner::start(&out, true, "Waiting", deadline);
            s.say(|o| o.warn("a message"));
            s.tick();
        }
        let err = text(&stderr);
        assert!(
            err.starts_with("\r\x1b[K⠋ Waiting… 2:05 left (Ctrl-C to cancel)"),
            "{err:?}"
        );
        // The row is cleared before the message, so the message starts a clean row.
        assert!(
            err.contains("left (Ctrl-C to cancel)\r\x1b[Kwarning: a message\n"),
            "{err:?}"
        );
        // Dropping the spinner clears its row.
        assert!(err.ends_with("\r\x1b[K"), "{err:?}");
        assert_eq!(text(&stdout), "", "the spinner never writes to stdout");
    }

    #[test]
    fn off_a_terminal_it_writes_no_control_characters() {
        let (out, stdout, stderr) = output();
        let deadline = Instant::now() + Duration::from_secs(300);
        {
            let mut s = Spinner::start(&out, false, "Waiting", deadline);
            s.tick();
            s.say(|o| o.info("between"));
        }
        assert_eq!(text(&stderr), "between\n");
        assert_eq!(text(&stdout), "");
    }
}
