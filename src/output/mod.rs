//! Where output goes: data on stdout (one JSON document with `-o json`), messages and progress on stderr,
//! colour only when stderr is a terminal (or CLICOLOR_FORCE says so) and NO_COLOR / --no-color are absent.
//!
//! Both streams are plain `Write` sinks so in-process tests can read exactly what a command printed; a
//! closed pipe (`| head`, a vanished terminal) is never an error worth dying for, so write errors are
//! ignored.

pub mod docs;
pub mod spinner;

use crate::error::Error;
use colored::Colorize;
use serde::Serialize;
use std::cell::RefCell;
use std::io::{IsTerminal, Write};

/// Pretty JSON of provider data for a terminal. serde_json escapes C0 controls inside strings but leaves
/// C1, bidi and zero-width characters raw: each line goes through the one sanitizer's escaping, which keeps
/// the pretty-printer's own line breaks.
pub fn terminal_json(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_default()
        .lines()
        .map(crate::oauth::error::escape_unsafe)
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a coloured piece of data means: green, yellow, red, dim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Good,
    Warn,
    Bad,
    Dim,
}

/// Colour on a terminal, or anywhere when forced (`CLICOLOR_FORCE`); never with `NO_COLOR` / `--no-color`,
/// which win over the force (no-color.org: a user's "no" beats a tool's default and a session-wide "yes").
pub fn wants_color(no_color: bool, force_color: bool, terminal: bool) -> bool {
    !no_color && (force_color || terminal)
}

pub struct Output {
    pub json: bool,
    color: bool,
    /// Colour for data on stdout (status), decided by stdout being a terminal.
    data_color: bool,
    stdout: RefCell<Box<dyn Write>>,
    stderr: RefCell<Box<dyn Write>>,
}

impl Output {
    /// The process's own stdout and stderr; colour per [`wants_color`].
    pub fn new(json: bool, no_color: bool, force_color: bool) -> Self {
        let color = wants_color(no_color, force_color, std::io::stderr().is_terminal());
        if color {
            colored::control::set_override(true);
        }
        let mut out = Self::with_sinks(
            json,
            color,
            Box::new(std::io::stdout()),
            Box::new(std::io::stderr()),
        );
        out.data_color = !no_color && std::io::stdout().is_terminal();
        out
    }

    /// Any sinks (tests hand in buffers).
    pub fn with_sinks(
        json: bool,
        color: bool,
        stdout: Box<dyn Write>,
        stderr: Box<dyn Write>,
    ) -> Self {
        Output {
            json,
            color,
            data_color: color,
            stdout: RefCell::new(stdout),
            stderr: RefCell::new(stderr),
        }
    }

    fn line(&self, text: &str) {
        let _ = writeln!(self.stderr.borrow_mut(), "{text}");
    }

    fn label(&self, text: &str, paint: fn(&str) -> colored::ColoredString) -> String {
        if self.color {
            paint(text).to_string()
        } else {
            text.to_string()
        }
    }

    /// Whether stderr takes colour (a worker's buffered output is built the same way).
    pub fn color(&self) -> bool {
        self.color
    }

    /// `text` in `tone` for stderr, when stderr takes colour.
    pub fn mark(&self, text: &str, tone: Tone) -> String {
        self.label(
            text,
            match tone {
                Tone::Good => |t: &str| t.green(),
                Tone::Warn => |t: &str| t.yellow(),
                Tone::Bad => |t: &str| t.red().bold(),
                Tone::Dim => |t: &str| t.dimmed(),
            },
        )
    }

    /// Text already formatted for stderr (a worker's buffered messages), as it is.
    pub fn raw(&self, text: &str) {
        let _ = write!(self.stderr.borrow_mut(), "{text}");
    }

    /// Redraws the one progress line of a terminal in place (no newline; see [`spinner`]); an empty
    /// `text` clears it, so the next line starts on a clean row.
    pub fn progress(&self, text: &str) {
        let mut err = self.stderr.borrow_mut();
        let _ = write!(err, "\r\x1b[K{text}");
        let _ = err.flush();
    }

    /// Progress and results for people, on stderr.
    pub fn info(&self, msg: &str) {
        self.line(msg);
    }

    pub fn success(&self, msg: &str) {
        self.line(&format!("{} {msg}", self.label("✓", |t| t.green())));
    }

    pub fn warn(&self, msg: &str) {
        self.line(&format!(
            "{} {msg}",
            self.label("warning:", |t| t.yellow().bold())
        ));
    }

    /// `text` in `tone` for a line on stderr, when stderr takes colour. Plain SGR codes like
    /// [`Output::paint_data`], so the choice is this output's alone (not `colored`'s process-wide switch).
    pub fn paint_message(&self, text: &str, tone: Tone) -> String {
        if !self.color {
            return text.to_string();
        }
        let code = match tone {
            Tone::Good => "32",
            Tone::Warn => "1;33",
            Tone::Bad => "1;31",
            Tone::Dim => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }

    /// `text` in `tone` when stdout is a terminal that takes colour, else as it is. Plain SGR codes
    /// rather than `colored`, whose global switch follows stderr.
    pub fn paint_data(&self, text: &str, tone: Tone) -> String {
        if !self.data_color || self.json {
            return text.to_string();
        }
        let code = match tone {
            Tone::Good => "32",
            Tone::Warn => "33",
            Tone::Bad => "31",
            Tone::Dim => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }

    /// A next step for the person, on stderr, styled like the `hint:` of an error.
    pub fn hint(&self, msg: &str) {
        self.line(&format!(
            "{} {msg}",
            self.label("hint:", |t| t.cyan().bold())
        ));
    }

    /// Data on stdout: the JSON document in JSON mode, else `human` (when there is one).
    pub fn data(&self, json: &impl Serialize, human: Option<&str>) {
        let text = if self.json {
            Some(serde_json::to_string_pretty(json).unwrap_or_default())
        } else {
            human.map(str::to_string)
        };
        if let Some(text) = text {
            let _ = writeln!(self.stdout.borrow_mut(), "{text}");
        }
    }

    /// The one place an error becomes text: `error: …` and, where one exists, `hint: …`.
    pub fn report(&self, err: &Error) {
        self.line(&format!(
            "{} {}",
            self.label("error:", |t| t.red().bold()),
            err.message
        ));
        if let Some(hint) = &err.hint {
            self.line(&format!(
                "{} {hint}",
                self.label("hint:", |t| t.cyan().bold())
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::wants_color;

    #[test]
    fn clicolor_force_colours_a_pipe_and_no_color_wins_over_it() {
        assert!(!wants_color(false, false, false), "a pipe, nothing forced");
        assert!(wants_color(false, false, true), "a terminal");
        assert!(wants_color(false, true, false), "CLICOLOR_FORCE on a pipe");
        assert!(
            !wants_color(true, true, false),
            "NO_COLOR beats CLICOLOR_FORCE"
        );
        assert!(!wants_color(true, true, true), "NO_COLOR beats a terminal");
    }
}
