//! One error type for the whole tool, and the one place that maps it to the contract's exit codes.
//!
//! Every failure a user can meet is classified by what they can do about it (fix their flags, talk to the
//! provider, check the network, log in again, distrust the provider), because scripts branch on the exit
//! code. Messages never carry secret values: callers build them from names and public facts only.

use std::fmt;

/// What kind of failure happened; each kind is one exit code of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Anything not covered below (broken responses, I/O, store trouble): exit 1.
    Other,
    /// Bad flags or a missing setting: exit 2.
    Usage,
    /// The provider answered with an OAuth `error`: exit 3.
    OAuth,
    /// Network, TLS, timeouts (including the login timeout and the refresh lock wait): exit 4.
    Network,
    /// No usable stored token: a login is needed: exit 5.
    LoginNeeded,
    /// A security check failed (state, ID token, issuer, PKCE downgrade): exit 6.
    Security,
}

impl Kind {
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Other => 1,
            Kind::Usage => 2,
            Kind::OAuth => 3,
            Kind::Network => 4,
            Kind::LoginNeeded => 5,
            Kind::Security => 6,
        }
    }
}

/// A user-facing failure: one line of message, an optional next step.
#[derive(Debug)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        // Newlines would break the one-line contract and let a provider forge extra output lines.
        let message = message.into().replace(['\n', '\r'], " ");
        Error {
            kind,
            message,
            hint: None,
        }
    }
    pub fn other(message: impl Into<String>) -> Self {
        Self::new(Kind::Other, message)
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }
    pub fn oauth(message: impl Into<String>) -> Self {
        Self::new(Kind::OAuth, message)
    }
    pub fn network(message: impl Into<String>) -> Self {
        Self::new(Kind::Network, message)
    }
    pub fn login_needed(message: impl Into<String>) -> Self {
        Self::new(Kind::LoginNeeded, message)
    }
    pub fn security(message: impl Into<String>) -> Self {
        Self::new(Kind::Security, message)
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into().replace(['\n', '\r'], " "));
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Shortens provider-controlled text before it goes into a message, and drops control characters so a
/// hostile provider cannot paint the terminal.
pub fn sanitize(text: &str, max_chars: usize) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| !c.is_control())
        .take(max_chars)
        .collect();
    if text.chars().count() > max_chars {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_contract() {
        let codes: Vec<u8> = [
            Kind::Other,
            Kind::Usage,
            Kind::OAuth,
            Kind::Network,
            Kind::LoginNeeded,
            Kind::Security,
        ]
        .iter()
        .map(|k| k.exit_code())
        .collect();
        assert_eq!(codes, vec![1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn messages_stay_on_one_line() {
        let e = Error::oauth("bad\nerror: forged").with_hint("a\r\nb");
        assert_eq!(e.message, "bad error: forged");
        assert_eq!(e.hint.as_deref(), Some("a  b"));
    }

    #[test]
    fn sanitize_drops_control_characters_and_truncates() {
        assert_eq!(sanitize("a\x1b[31mb", 10), "a[31mb");
        assert_eq!(sanitize("abcdef", 3), "abc…");
    }
}
