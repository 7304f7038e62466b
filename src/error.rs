//! One error type for the whole tool, and the one place that maps it to the contract's exit codes.
//!
//! Every failure a user can meet is classified by what they can do about it (fix their flags, talk to the
//! provider, check the network, log in again, distrust the provider), because scripts branch on the exit
//! code. Messages never carry secret values: callers build them from names and public facts only.

use crate::oauth::error::{Category, Error as CoreError};
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
    /// A security check failed (state, RFC 9207 `iss`, discovery issuer, ID token, userinfo `sub`): exit 6.
    Security,
    /// The user pressed Ctrl-C while the login waited: exit 130, what a shell reports for SIGINT (128 + 2).
    Cancelled,
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
            Kind::Cancelled => 130,
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
    pub fn cancelled(message: impl Into<String>) -> Self {
        Self::new(Kind::Cancelled, message)
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

/// The `invalid_client` hint when the secret sent came from `OAUTHCTL_CLIENT_SECRET`: a variable exported
/// for another client is the likely cause, and nothing on the command line shows it.
pub const ENV_SECRET_HINT: &str = "the client secret came from OAUTHCTL_CLIENT_SECRET: check it (unset it for a public client), the client id, and --auth-method";

impl Error {
    /// Names `OAUTHCTL_CLIENT_SECRET` in the hint of an `invalid_client` refusal when the secret sent was
    /// that variable's; any other error is returned as it is.
    pub fn blame_env_secret(core: CoreError, from_env: bool) -> Error {
        let invalid_client =
            matches!(&core, CoreError::Provider { error, .. } if error == "invalid_client");
        let err = Error::from(core);
        if invalid_client && from_env {
            err.with_hint(ENV_SECRET_HINT)
        } else {
            err
        }
    }
}

/// Shortens provider-controlled text before it goes into a message; lives in the core, which needs it too.
pub use crate::oauth::error::sanitize;

/// The one mapping from the core's errors to what the user sees: the message, the hint naming the flag or
/// variable that fixes it, and the exit code. The core stays free of CLI vocabulary; this is where it
/// enters.
impl From<CoreError> for Error {
    fn from(e: CoreError) -> Self {
        let kind = match e.category() {
            Category::Security => Kind::Security,
            Category::Provider => Kind::OAuth,
            Category::Usage => Kind::Usage,
            Category::Broken => Kind::Other,
        };
        let message = match &e {
            CoreError::ReservedParam(k) => {
                format!("--param {k}=… is set by oauthctl itself and cannot be overridden")
            }
            CoreError::IssuerNotUrl { issuer, reason } => {
                format!("--issuer {issuer:?} is not a URL: {reason}")
            }
            CoreError::IssuerScheme { issuer } => format!(
                "--issuer {issuer:?} must be an https:// URL (http:// for local test providers)"
            ),
            CoreError::UnsupportedResponseMode(mode) => format!(
                "--param response_mode={mode} cannot complete: oauthctl reads the redirect's query string only"
            ),
            CoreError::ReservedTokenParam(k) => {
                format!("--token-param {k}=… is set by oauthctl itself and cannot be overridden")
            }
            other => other.to_string(),
        };
        let hint = match &e {
            CoreError::StateMissing => {
                Some("the provider must echo the state parameter it was sent")
            }
            CoreError::StateMismatch => {
                Some("run `oauthctl login` again and complete it in the browser window it opens")
            }
            CoreError::MetadataIssuerMismatch { .. } => {
                Some("pass --issuer exactly as the provider spells it (trailing slash included)")
            }
            CoreError::MissingClientSecret(_) => Some(
                "set OAUTHCTL_CLIENT_SECRET, or log in with --client-secret-file PATH or --client-secret -",
            ),
            CoreError::Provider { error, .. } => match error.as_str() {
                "invalid_client" => Some(
                    "check the client id and its credential (secret, key or certificate), and which --auth-method the provider wants for this client",
                ),
                "invalid_scope" => Some("ask for scopes the client is registered for (--scope)"),
                "unauthorized_client" => {
                    Some("the client is not allowed this grant type; check its registration")
                }
                _ => None,
            },
            _ => None,
        };
        let err = Error::new(kind, message);
        match hint {
            Some(h) => err.with_hint(h),
            None => err,
        }
    }
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
            Kind::Cancelled,
        ]
        .iter()
        .map(|k| k.exit_code())
        .collect();
        assert_eq!(codes, vec![1, 2, 3, 4, 5, 6, 130]);
    }

    /// Scripts learn the codes from the README's table and `--help`: every code is in both.
    #[test]
    fn every_exit_code_is_documented() {
        use clap::CommandFactory;
        let readme = include_str!("../README.md");
        let help = crate::cli::Cli::command()
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        for kind in [
            Kind::Other,
            Kind::Usage,
            Kind::OAuth,
            Kind::Network,
            Kind::LoginNeeded,
            Kind::Security,
            Kind::Cancelled,
        ] {
            let code = kind.exit_code();
            assert!(
                readme.contains(&format!("\n| {code} | ")),
                "README lacks {code}"
            );
            assert!(
                help.contains(&format!(" {code} ")),
                "--help lacks {code}: {help}"
            );
        }
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

    /// The edge mapping keeps today's messages, hints and exit codes word for word.
    #[test]
    fn core_errors_map_to_the_messages_users_know() {
        use crate::oauth::error::{BodyInfo, Endpoint, IdTokenError};
        use crate::oauth::types::AuthMethod;
        let body = BodyInfo {
            status: 200,
            bytes: 0,
            content_type: None,
        };
        let cases: Vec<(CoreError, Kind, &str, Option<&str>)> = vec![
            (
                CoreError::ReservedParam("state".into()),
                Kind::Usage,
                "--param state=… is set by oauthctl itself and cannot be overridden",
                None,
            ),
            (
                CoreError::DuplicateParam("code"),
                Kind::Security,
                "the redirect carries `code` twice; refusing an ambiguous callback",
                None,
            ),
            (
                CoreError::StateMissing,
                Kind::Security,
                "the redirect has no `state`; refusing it (possible CSRF)",
                Some("the provider must echo the state parameter it was sent"),
            ),
            (
                CoreError::StateMismatch,
                Kind::Security,
                "the redirect's `state` does not match the one sent; refusing it (possible CSRF)",
                Some("run `oauthctl login` again and complete it in the browser window it opens"),
            ),
            (
                CoreError::Authorization {
                    error: "access_denied".into(),
                    description: Some("no".into()),
                },
                Kind::OAuth,
                "authorization failed: access_denied (no)",
                None,
            ),
            (
                CoreError::IssMismatch {
                    got: "https://evil.test".into(),
                    want: "https://idp.test".into(),
                },
                Kind::Security,
                "the redirect's `iss` is \"https://evil.test\", expected \"https://idp.test\" (RFC 9207 mix-up defence)",
                None,
            ),
            (
                CoreError::IssMissing,
                Kind::Security,
                "the redirect lacks `iss` although the provider's metadata promises it (RFC 9207)",
                None,
            ),
            (
                CoreError::NoCode,
                Kind::Other,
                "the redirect carries neither `code` nor `error`",
                None,
            ),
            (
                CoreError::IssuerNotUrl {
                    issuer: "x".into(),
                    reason: url::ParseError::RelativeUrlWithoutBase,
                },
                Kind::Usage,
                "--issuer \"x\" is not a URL: relative URL without a base",
                None,
            ),
            (
                CoreError::IssuerScheme {
                    issuer: "ftp://x".into(),
                },
                Kind::Usage,
                "--issuer \"ftp://x\" must be an https:// URL (http:// for local test providers)",
                None,
            ),
            (
                CoreError::IssuerHasQuery,
                Kind::Usage,
                "an issuer URL has no query or fragment",
                None,
            ),
            (
                CoreError::MetadataNotJson(body.clone()),
                Kind::Other,
                "the discovery document is not JSON (HTTP 200 with 0 bytes of no content type)",
                None,
            ),
            (
                CoreError::MetadataNotObject,
                Kind::Other,
                "the discovery document is not a JSON object",
                None,
            ),
            (
                CoreError::MetadataNoIssuer,
                Kind::Other,
                "the discovery document has no `issuer`",
                None,
            ),
            (
                CoreError::MetadataIssuerMismatch {
                    claimed: "https://a".into(),
                    asked: "https://b".into(),
                },
                Kind::Security,
                "the discovery document names issuer \"https://a\", not \"https://b\" as asked",
                Some("pass --issuer exactly as the provider spells it (trailing slash included)"),
            ),
            (
                CoreError::MetadataBadUrl("jwks_uri"),
                Kind::Other,
                "the discovery document's jwks_uri is not a URL",
                None,
            ),
            (
                CoreError::MissingClientSecret(AuthMethod::ClientSecretBasic),
                Kind::Usage,
                "auth method client_secret_basic needs a client secret",
                Some(
                    "set OAUTHCTL_CLIENT_SECRET, or log in with --client-secret-file PATH or --client-secret -",
                ),
            ),
            (
                CoreError::Provider {
                    endpoint: Endpoint::Token,
                    error: "invalid_client".into(),
                    description: None,
                    status: 401,
                },
                Kind::OAuth,
                "the token endpoint refused: invalid_client [HTTP 401]",
                Some(
                    "check the client id and its credential (secret, key or certificate), and which --auth-method the provider wants for this client",
                ),
            ),
            (
                CoreError::Provider {
                    endpoint: Endpoint::Token,
                    error: "invalid_scope".into(),
                    description: None,
                    status: 400,
                },
                Kind::OAuth,
                "the token endpoint refused: invalid_scope [HTTP 400]",
                Some("ask for scopes the client is registered for (--scope)"),
            ),
            (
                CoreError::Provider {
                    endpoint: Endpoint::Userinfo,
                    error: "unauthorized_client".into(),
                    description: Some("d".into()),
                    status: 400,
                },
                Kind::OAuth,
                "the userinfo endpoint refused: unauthorized_client (d) [HTTP 400]",
                Some("the client is not allowed this grant type; check its registration"),
            ),
            (
                CoreError::Provider {
                    endpoint: Endpoint::Token,
                    error: "invalid_grant".into(),
                    description: None,
                    status: 400,
                },
                Kind::OAuth,
                "the token endpoint refused: invalid_grant [HTTP 400]",
                None,
            ),
            (
                CoreError::NotUtf8(body.clone()),
                Kind::Other,
                "the token response is not valid UTF-8 (HTTP 200 with 0 bytes of no content type)",
                None,
            ),
            (
                CoreError::NotJson(body.clone()),
                Kind::Other,
                "the token response is not JSON (HTTP 200 with 0 bytes of no content type)",
                None,
            ),
            (
                CoreError::TokenEndpointFailed(body),
                Kind::Other,
                "the token endpoint failed without an OAuth error (HTTP 200 with 0 bytes of no content type)",
                None,
            ),
            (
                CoreError::NotObject,
                Kind::Other,
                "the token response is JSON but not an object",
                None,
            ),
            (
                CoreError::MissingAccessToken,
                Kind::Other,
                "the token response has no `access_token`",
                None,
            ),
            (
                CoreError::UnsupportedTokenType("MAC".into()),
                Kind::Other,
                "unsupported token_type \"MAC\": oauthctl handles Bearer tokens only",
                None,
            ),
            (
                CoreError::BadExpiresIn("\"soon\"".into()),
                Kind::Other,
                "the token response's expires_in \"soon\" is not a number of seconds",
                None,
            ),
            (
                CoreError::NotAString("scope"),
                Kind::Other,
                "the token response's `scope` is not a string",
                None,
            ),
            (
                CoreError::JwksNotJson,
                Kind::Other,
                "the provider's JWKS is not JSON",
                None,
            ),
            (
                CoreError::JwksNoKeys,
                Kind::Other,
                "the provider's JWKS has no `keys` array",
                None,
            ),
            (
                CoreError::IdToken(IdTokenError::Expired),
                Kind::Security,
                "the ID token is invalid: it has expired",
                None,
            ),
            (
                CoreError::BadTokenChars("access_token"),
                Kind::Other,
                "the token response's `access_token` contains characters outside printable ASCII; refusing it (RFC 6750 §2.1)",
                None,
            ),
            (
                CoreError::MetadataInsecureEndpoint {
                    name: "token_endpoint",
                    url: "http://x/t".into(),
                },
                Kind::Security,
                "the discovery document's token_endpoint \"http://x/t\" is not https:// (plain http only on loopback); refusing to send credentials there",
                None,
            ),
            (
                CoreError::UnsupportedResponseMode("form_post".into()),
                Kind::Usage,
                "--param response_mode=form_post cannot complete: oauthctl reads the redirect's query string only",
                None,
            ),
            (
                CoreError::ReservedTokenParam("grant_type".into()),
                Kind::Usage,
                "--token-param grant_type=… is set by oauthctl itself and cannot be overridden",
                None,
            ),
        ];
        for (core, kind, message, hint) in cases {
            let shown = format!("{core:?}");
            let e = Error::from(core);
            assert_eq!(e.kind, kind, "{shown}");
            assert_eq!(e.message, message, "{shown}");
            assert_eq!(e.hint.as_deref(), hint, "{shown}");
        }
    }

    #[test]
    fn id_token_refusals_keep_their_wording() {
        use crate::oauth::error::IdTokenError as E;
        use jsonwebtoken::Algorithm;
        for (why, text) in [
            (
                E::MalformedHeader,
                "its header is malformed or names an unsupported algorithm (`none` included)",
            ),
            (
                E::AlgorithmNotAllowed(Algorithm::HS256),
                "algorithm HS256 is not accepted for ID tokens",
            ),
            (
                E::AlgMismatch,
                "its algorithm differs from the one its key is for",
            ),
            (
                E::AlgorithmDoesNotFitKey,
                "its algorithm does not fit its key",
            ),
            (E::UnusableKey("x".into()), "unusable key: x"),
            (E::BadSignature, "bad signature"),
            (
                E::WrongIssuer {
                    expected: "https://i".into(),
                },
                "`iss` is not \"https://i\"",
            ),
            (
                E::WrongAudience {
                    client_id: "c".into(),
                },
                "`aud` does not contain \"c\"",
            ),
            (
                E::MissingClaim("sub".into()),
                "the required claim `sub` is missing",
            ),
            (E::IatMissing, "`iat` is missing"),
            (E::IssuedInFuture, "it was issued in the future (`iat`)"),
            (
                E::AzpMismatch("o".into()),
                "`azp` is \"o\", not this client",
            ),
            (E::SeveralAudiencesNoAzp, "several audiences but no `azp`"),
            (
                E::NonceMismatch,
                "its `nonce` is not the one sent (possible replay)",
            ),
            (E::NonceMissing, "it has no `nonce` although one was sent"),
            (
                E::SubMismatch,
                "its `sub` differs from the original login's",
            ),
            (
                E::AtHashMismatch,
                "`at_hash` does not match the access token",
            ),
            (E::Undecodable("InvalidToken".into()), "InvalidToken"),
            (
                E::KeyTooWeak { bits: 1024 },
                "its key is too weak (a 1024-bit RSA key; at least 2048 bits are required)",
            ),
            (E::NotYetValid, "it is not valid yet (`nbf`)"),
            (
                E::CriticalHeader,
                "its header marks extensions as critical (`crit`) that oauthctl does not understand",
            ),
        ] {
            let e = Error::from(CoreError::IdToken(why));
            assert_eq!(e.kind, Kind::Security);
            assert_eq!(e.message, format!("the ID token is invalid: {text}"));
            assert_eq!(e.hint, None);
        }
    }
}
