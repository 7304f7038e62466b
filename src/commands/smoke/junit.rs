//! `smoke --junit PATH`: the report as JUnit XML, the format CI systems show test results from: one
//! `<testsuite>` per profile, one `<testcase>` per check. Written by hand (a few lines); the escaping is
//! the part that matters: details carry provider text, and XML 1.0 forbids most control characters even
//! as character references, so those are written as visible `\u{…}` escapes instead.

use crate::output::docs::SmokeReport;
use std::fmt::Write;

pub fn render(report: &SmokeReport) -> String {
    let secs = |ms: u64| format!("{:.3}", ms as f64 / 1000.0);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total_ms: u64 = report
        .profiles
        .iter()
        .flat_map(|p| &p.checks)
        .map(|c| c.ms)
        .sum();
    let _ = writeln!(
        xml,
        "<testsuites name=\"oauthctl smoke\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{}\">",
        report.passed + report.failed + report.skipped,
        report.failed,
        report.skipped,
        secs(total_ms)
    );
    for p in &report.profiles {
        let count = |s: &str| p.checks.iter().filter(|c| c.status == s).count();
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{}\">",
            escape(&p.profile),
            p.checks.len(),
            count("fail"),
            count("skip"),
            secs(p.checks.iter().map(|c| c.ms).sum())
        );
        for c in &p.checks {
            let open = format!(
                "    <testcase name=\"{}\" classname=\"oauthctl.smoke.{}\" time=\"{}\"",
                escape(c.name),
                escape(&p.profile),
                secs(c.ms)
            );
            let _ = match c.status {
                "fail" => writeln!(
                    xml,
                    "{open}>\n      <failure message=\"{}\" type=\"exit {}\"/>\n    </testcase>",
                    escape(&c.detail),
                    c.code.unwrap_or(1)
                ),
                "skip" => writeln!(
                    xml,
                    "{open}>\n      <skipped message=\"{}\"/>\n    </testcase>",
                    escape(&c.detail)
                ),
                _ => writeln!(xml, "{open}/>"),
            };
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

/// Text for an attribute value: markup characters as entities, whitespace other than a space as
/// character references (an attribute would fold it to a space), and what XML 1.0 cannot carry at all
/// (C0 controls, U+FFFE, U+FFFF) or should not (DEL, C1) as a visible `\u{…}`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                let _ = write!(out, "\\u{{{:04x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_what_xml_forbids() {
        assert_eq!(
            escape("a<b>&\"c'\u{1b}[2J\u{0}\n\u{85}\u{FFFF}é"),
            "a&lt;b&gt;&amp;&quot;c&apos;\\u{001b}[2J\\u{0000}&#10;\\u{0085}\\u{ffff}é"
        );
    }
}
