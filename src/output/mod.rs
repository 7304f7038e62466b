//! Where output goes: data on stdout (one JSON document with `-o json`), messages and progress on stderr,
//! colour only when stderr is a terminal and NO_COLOR / --no-color are absent.
//!
//! Both streams are plain `Write` sinks so in-process tests can read exactly what a command printed; a
//! closed pipe (`| head`, a vanished terminal) is never an error worth dying for, so write errors are
//! ignored.

pub mod docs;

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

pub struct Output {
    pub json: bool,
    color: bool,
    stdout: RefCell<Box<dyn Write>>,
    stderr: RefCell<Box<dyn Write>>,
}

impl Output {
    /// The process's own stdout and stderr; colour only on a terminal and unless `no_color`.
    pub fn new(json: bool, no_color: bool) -> Self {
        let color = !no_color && std::io::stderr().is_terminal();
        if color {
            colored::control::set_override(true);
        }
        Self::with_sinks(
            json,
            color,
            Box::new(std::io::stdout()),
            Box::new(std::io::stderr()),
        )
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
