//! Where output goes: data on stdout (one JSON document with `-o json`), messages and progress on stderr,
//! colour only when stderr is a terminal and NO_COLOR / --no-color are absent.

use crate::error::Error;
use colored::Colorize;
use serde_json::Value;
use std::io::{IsTerminal, Write};

pub struct Output {
    pub json: bool,
}

impl Output {
    pub fn new(json: bool, no_color: bool) -> Self {
        let color = !no_color
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stderr().is_terminal();
        colored::control::set_override(color);
        Output { json }
    }

    /// Progress and results for people, on stderr.
    pub fn info(&self, msg: &str) {
        eprintln!("{msg}");
    }

    pub fn success(&self, msg: &str) {
        eprintln!("{} {msg}", "✓".green());
    }

    pub fn warn(&self, msg: &str) {
        eprintln!("{} {msg}", "warning:".yellow().bold());
    }

    /// Data on stdout: the JSON document in JSON mode, else `human` (when there is one).
    pub fn data(&self, json: &Value, human: Option<&str>) {
        let mut out = std::io::stdout().lock();
        let text = if self.json {
            Some(serde_json::to_string_pretty(json).unwrap_or_default())
        } else {
            human.map(str::to_string)
        };
        if let Some(text) = text {
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = writeln!(out, "{text}");
        }
    }
}

/// The one place an error becomes text: `error: …` and, where one exists, `hint: …`.
pub fn report(err: &Error) {
    eprintln!("{} {}", "error:".red().bold(), err.message);
    if let Some(hint) = &err.hint {
        eprintln!("{} {hint}", "hint:".cyan().bold());
    }
}
