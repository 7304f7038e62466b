//! The errors the protocol core owns: what went wrong, as data a caller can match on, not prose written
//! for one particular front end.
//!
//! The core knows nothing of flags, environment variables or exit codes; the CLI maps these variants to
//! its messages, hints and exit codes in one place (`crate::error`). Every string a provider controls is
//! passed through [`sanitize`] before it is stored, so no variant can carry control characters into a
//! terminal. No variant ever holds a secret (client secret, code, verifier, token).

use super::http::HttpResponse;
use super::types::AuthMethod;
use jsonwebtoken::Algorithm;
use std::fmt;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Characters that must never reach a terminal from a provider: controls (C0, DEL, C1) can move the
/// cursor or forge lines, bidi overrides and isolates (U+202A–202E, U+2066–2069, U+200E/200F, U+061C) can
/// make text read differently from what it is, and zero-width ones (U+200B–200D, U+2060, U+FEFF) can hide
/// a difference between two strings that look the same.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'
                | '\u{FEFF}'
        )
}

/// Shortens provider-controlled text before it is kept in an error, and drops every [`is_unsafe_char`]
/// so a hostile provider cannot paint the terminal, forge extra output lines or disguise text.
pub fn sanitize(text: &str, max_chars: usize) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| !is_unsafe_char(*c))
        .take(max_chars)
        .collect();
    if text.chars().count() > max_chars {
        out.push('…');
    }
    out
}

/// Provider-controlled text shown whole as data (`token show`, `status`): every [`is_unsafe_char`] is
/// escaped as `\u{…}` rather than dropped, so the user sees that something was there.
pub fn escape_unsafe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{{{:04x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Who is at fault, which is what a front end needs to decide how to report an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// A security check failed: the response may be forged or mixed up.
    Security,
    /// The provider answered with an OAuth `error`.
    Provider,
    /// The caller asked for something the protocol cannot do as asked.
    Usage,
    /// A response the core cannot use (not JSON, missing members, wrong types).
    Broken,
}

/// The endpoint whose OAuth error body is reported, so the message can say who refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Token,
    Userinfo,
    DeviceAuthorization,
    Revocation,
    Introspection,
    PushedAuthorization,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Endpoint::Token => "token",
            Endpoint::Userinfo => "userinfo",
            Endpoint::DeviceAuthorization => "device authorization",
            Endpoint::Revocation => "revocation",
            Endpoint::Introspection => "introspection",
            Endpoint::PushedAuthorization => "pushed authorization request",
        })
    }
}

/// The public facts about a response body the core could not use. The body itself is never kept: it may
/// hold anything, secrets included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyInfo {
    pub status: u16,
    pub bytes: usize,
    /// Sanitized.
    pub content_type: Option<String>,
}

impl BodyInfo {
    pub fn of(resp: &HttpResponse) -> BodyInfo {
        BodyInfo {
            status: resp.status,
            bytes: resp.body.len(),
            content_type: resp.content_type.as_deref().map(|c| sanitize(c, 60)),
        }
    }
}

impl fmt::Display for BodyInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} with {} bytes of {}",
            self.status,
            self.bytes,
            self.content_type.as_deref().unwrap_or("no content type")
        )
    }
}

/// " (description)" when there is one: the shape OAuth error messages take.
fn paren(description: &Option<String>) -> String {
    description
        .as_deref()
        .map(|d| format!(" ({d})"))
        .unwrap_or_default()
}

/// Every way the core can refuse an input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    // The front channel (authorize.rs).
    /// An extra authorize parameter would replace one the core sets itself.
    #[error("the authorize parameter `{0}` is set by oauthctl itself and cannot be overridden")]
    ReservedParam(String),
    #[error("the redirect carries `{0}` twice; refusing an ambiguous callback")]
    DuplicateParam(&'static str),
    #[error("the redirect has no `state`; refusing it (possible CSRF)")]
    StateMissing,
    #[error("the redirect's `state` does not match the one sent; refusing it (possible CSRF)")]
    StateMismatch,
    /// The redirect carried `error=` (with our state): the provider or the user declined.
    #[error("authorization failed: {error}{}", paren(description))]
    Authorization {
        error: String,
        description: Option<String>,
    },
    /// RFC 9207: the redirect names another issuer (`got` sanitized).
    #[error("the redirect's `iss` is {got:?}, expected {want:?} (RFC 9207 mix-up defence)")]
    IssMismatch { got: String, want: String },
    #[error("the redirect lacks `iss` although the provider's metadata promises it (RFC 9207)")]
    IssMissing,
    #[error("the redirect carries neither `code` nor `error`")]
    NoCode,

    // Discovery (discovery.rs).
    #[error("the issuer {issuer:?} is not a URL: {reason}")]
    IssuerNotUrl {
        issuer: String,
        reason: url::ParseError,
    },
    #[error("the issuer {issuer:?} must be an https:// URL (http:// for local test providers)")]
    IssuerScheme { issuer: String },
    #[error("an issuer URL has no query or fragment")]
    IssuerHasQuery,
    #[error("the discovery document is not JSON ({0})")]
    MetadataNotJson(BodyInfo),
    #[error("the discovery document is not a JSON object")]
    MetadataNotObject,
    #[error("the discovery document has no `issuer`")]
    MetadataNoIssuer,
    /// The metadata names another issuer than the one asked for (`claimed` sanitized): a mix-up.
    #[error("the discovery document names issuer {claimed:?}, not {asked:?} as asked")]
    MetadataIssuerMismatch { claimed: String, asked: String },
    #[error("the discovery document's {0} is not a URL")]
    MetadataBadUrl(&'static str),

    // The back channel (token.rs).
    #[error("auth method {} needs a client secret", .0.as_str())]
    MissingClientSecret(AuthMethod),
    /// `private_key_jwt` without a key, `client_secret_jwt` without a secret.
    #[error("auth method {} needs a key to sign its client assertion with", .0.as_str())]
    MissingAssertionKey(AuthMethod),
    /// An OAuth error body (`error` and `description` sanitized), at whatever HTTP status it came.
    #[error(
        "the {endpoint} endpoint refused: {error}{} [HTTP {status}]",
        paren(description)
    )]
    Provider {
        endpoint: Endpoint,
        error: String,
        description: Option<String>,
        status: u16,
    },
    #[error("the token response is not valid UTF-8 ({0})")]
    NotUtf8(BodyInfo),
    #[error("the token response is not JSON ({0})")]
    NotJson(BodyInfo),
    /// A non-2xx token response that is JSON but no OAuth error.
    #[error("the token endpoint failed without an OAuth error ({0})")]
    TokenEndpointFailed(BodyInfo),
    #[error("the token response is JSON but not an object")]
    NotObject,
    /// A non-2xx answer without an OAuth error from the revocation or introspection endpoint.
    #[error("the {endpoint} endpoint failed without an OAuth error ({body})")]
    EndpointFailed { endpoint: Endpoint, body: BodyInfo },

    // Introspection (introspection.rs).
    #[error("the introspection response is not a JSON object ({0})")]
    IntrospectionNotObject(BodyInfo),
    /// RFC 7662 §2.2: `active` is REQUIRED and boolean; without it nothing in the answer can be trusted.
    #[error("the introspection response has no boolean `active` (RFC 7662 §2.2)")]
    IntrospectionNoActive,
    /// Absent, empty or not a string.
    #[error("the token response has no `access_token`")]
    MissingAccessToken,
    /// Sanitized; a non-string `token_type` is kept as its JSON text.
    #[error("unsupported token_type {0:?}: oauthctl handles Bearer tokens only")]
    UnsupportedTokenType(String),
    /// The offending value as JSON text, sanitized.
    #[error("the token response's expires_in {0} is not a number of seconds")]
    BadExpiresIn(String),
    #[error("the token response's `{0}` is not a string")]
    NotAString(&'static str),

    // ID tokens (id_token.rs).
    #[error("the provider's JWKS is not JSON")]
    JwksNotJson,
    #[error("the provider's JWKS has no `keys` array")]
    JwksNoKeys,
    #[error("the ID token is invalid: {0}")]
    IdToken(#[from] IdTokenError),
    /// A token (named by its member) holds characters outside visible ASCII: a CR/LF would inject headers
    /// where it is sent, an escape sequence would reach the terminal where it is printed (RFC 6750 §2.1).
    #[error(
        "the token response's `{0}` contains characters outside printable ASCII; refusing it (RFC 6750 §2.1)"
    )]
    BadTokenChars(&'static str),
    /// The metadata points an endpoint at plain http off loopback, or at another scheme (`url`
    /// sanitized).
    #[error(
        "the discovery document's {name} {url:?} is not https:// (plain http only on loopback); refusing to send credentials there"
    )]
    MetadataInsecureEndpoint { name: &'static str, url: String },
    /// `response_mode` asks for a response the loopback listener cannot read (the value sanitized).
    #[error(
        "response_mode {0:?} cannot complete: oauthctl reads the redirect's query string only (response_mode=query, or jwt and query.jwt for JARM)"
    )]
    UnsupportedResponseMode(String),
    /// An extra token parameter would replace one the core sets itself.
    #[error("the token parameter `{0}` is set by oauthctl itself and cannot be overridden")]
    ReservedTokenParam(String),
}

/// Why an ID token was refused (OIDC Core §3.1.3.7, §12.2).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdTokenError {
    #[error("its header is malformed or names an unsupported algorithm (`none` included)")]
    MalformedHeader,
    #[error("algorithm {0:?} is not accepted for ID tokens")]
    AlgorithmNotAllowed(Algorithm),
    /// The JWK names an `alg` other than the token's.
    #[error("its algorithm differs from the one its key is for")]
    AlgMismatch,
    /// The library found the key unfit for the token's algorithm.
    #[error("its algorithm does not fit its key")]
    AlgorithmDoesNotFitKey,
    /// The reason, sanitized.
    #[error("unusable key: {0}")]
    UnusableKey(String),
    #[error("bad signature")]
    BadSignature,
    #[error("it has expired")]
    Expired,
    #[error("`iss` is not {expected:?}")]
    WrongIssuer { expected: String },
    #[error("`aud` does not contain {client_id:?}")]
    WrongAudience { client_id: String },
    #[error("the required claim `{0}` is missing")]
    MissingClaim(String),
    #[error("`iat` is missing")]
    IatMissing,
    #[error("it was issued in the future (`iat`)")]
    IssuedInFuture,
    /// `azp` names another client (sanitized).
    #[error("`azp` is {0:?}, not this client")]
    AzpMismatch(String),
    #[error("several audiences but no `azp`")]
    SeveralAudiencesNoAzp,
    #[error("its `nonce` is not the one sent (possible replay)")]
    NonceMismatch,
    #[error("it has no `nonce` although one was sent")]
    NonceMissing,
    #[error("its `sub` differs from the original login's")]
    SubMismatch,
    #[error("`at_hash` does not match the access token")]
    AtHashMismatch,
    /// Any other refusal by the JWT library (malformed token, bad base64 or JSON), described by it and
    /// sanitized.
    #[error("{0}")]
    Undecodable(String),
    /// The key named by the token is an RSA key below 2048 bits (RFC 7518 §3.3): forgeable, whatever the
    /// signature says.
    #[error("its key is too weak (a {bits}-bit RSA key; at least 2048 bits are required)")]
    KeyTooWeak { bits: u64 },
    /// `nbf` is later than now plus the leeway, or not a number.
    #[error("it is not valid yet (`nbf`)")]
    NotYetValid,
    /// The header lists `crit` extensions, none of which oauthctl implements (RFC 7515 §4.1.11).
    #[error("its header marks extensions as critical (`crit`) that oauthctl does not understand")]
    CriticalHeader,
}

impl Error {
    /// Who is at fault: decides the exit code at the edge.
    pub fn category(&self) -> Category {
        use Error::*;
        match self {
            DuplicateParam(_)
            | StateMissing
            | StateMismatch
            | IssMismatch { .. }
            | IssMissing
            | MetadataIssuerMismatch { .. }
            | IdToken(_) => Category::Security,
            Authorization { .. } | Provider { .. } => Category::Provider,
            ReservedParam(_)
            | IssuerNotUrl { .. }
            | IssuerScheme { .. }
            | IssuerHasQuery
            | MissingClientSecret(_)
            | MissingAssertionKey(_) => Category::Usage,
            NoCode
            | MetadataNotJson(_)
            | MetadataNotObject
            | MetadataNoIssuer
            | MetadataBadUrl(_)
            | NotUtf8(_)
            | NotJson(_)
            | TokenEndpointFailed(_)
            | NotObject
            | EndpointFailed { .. }
            | IntrospectionNotObject(_)
            | IntrospectionNoActive
            | MissingAccessToken
            | UnsupportedTokenType(_)
            | BadExpiresIn(_)
            | NotAString(_)
            | JwksNotJson
            | JwksNoKeys
            | BadTokenChars(_) => Category::Broken,
            MetadataInsecureEndpoint { .. } => Category::Security,
            UnsupportedResponseMode(_) | ReservedTokenParam(_) => Category::Usage,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_drops_control_characters_and_truncates() {
        assert_eq!(sanitize("a\x1b[31mb", 10), "a[31mb");
        assert_eq!(sanitize("abcdef", 3), "abc…");
        assert_eq!(sanitize("abc", 3), "abc");
        assert_eq!(sanitize("a\nb", 2), "ab…");
    }

    #[test]
    fn bidi_zero_width_and_c1_characters_are_unsafe_too() {
        let hostile = "a\u{202E}b\u{2066}c\u{2069}d\u{200E}e\u{200F}f\u{061C}g\u{200B}h\u{200D}i\u{2060}j\u{FEFF}k\u{9B}l\u{7F}m";
        assert_eq!(sanitize(hostile, 100), "abcdefghijklm");
        assert_eq!(
            escape_unsafe("x\u{202E}y\u{1b}[2J\nz"),
            "x\\u{202e}y\\u{001b}[2J\\u{000a}z"
        );
        // Ordinary non-ASCII text is kept as it is.
        assert_eq!(sanitize("Zoë 東京 ✓", 100), "Zoë 東京 ✓");
        assert_eq!(escape_unsafe("Zoë 東京 ✓"), "Zoë 東京 ✓");
    }

    #[test]
    fn body_info_shows_public_facts_only() {
        let resp = HttpResponse {
            status: 502,
            content_type: Some("text/html\n; x".into()),
            www_authenticate: None,
            dpop_nonce: None,
            body: b"secret-ish body".to_vec(),
        };
        let info = BodyInfo::of(&resp);
        assert_eq!(info.to_string(), "HTTP 502 with 15 bytes of text/html; x");
        assert_eq!(
            BodyInfo::of(&HttpResponse::default()).to_string(),
            "HTTP 0 with 0 bytes of no content type"
        );
    }

    #[test]
    fn categories() {
        assert_eq!(Error::StateMismatch.category(), Category::Security);
        assert_eq!(
            Error::IdToken(IdTokenError::Expired).category(),
            Category::Security
        );
        assert_eq!(
            Error::Provider {
                endpoint: Endpoint::Token,
                error: "x".into(),
                description: None,
                status: 400
            }
            .category(),
            Category::Provider
        );
        assert_eq!(
            Error::ReservedParam("state".into()).category(),
            Category::Usage
        );
        assert_eq!(Error::NotObject.category(), Category::Broken);
    }

    #[test]
    fn provider_errors_display_with_and_without_description() {
        let mut e = Error::Provider {
            endpoint: Endpoint::Userinfo,
            error: "invalid_token".into(),
            description: Some("gone".into()),
            status: 401,
        };
        assert_eq!(
            e.to_string(),
            "the userinfo endpoint refused: invalid_token (gone) [HTTP 401]"
        );
        if let Error::Provider { description, .. } = &mut e {
            *description = None;
        }
        assert_eq!(
            e.to_string(),
            "the userinfo endpoint refused: invalid_token [HTTP 401]"
        );
    }
}
