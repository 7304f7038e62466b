//! The `discover` lint: what is wrong or risky in a provider's metadata, as findings rather than a refusal.
//!
//! Login refuses a document that would send secrets astray (`discovery::parse_metadata`); a person
//! setting up a provider, or a CI job watching one, wants every problem listed at once, with the document
//! still shown. This is that list, and only the contract's rules ("`discover` lint"): a pure function of
//! the document, the issuer asked for and what fetching its `jwks_uri` gave. Codes are stable kebab-case
//! names scripts may match on; messages carry provider text only through [`sanitize`].

use super::error::sanitize;
use super::provider::secure_transport;
use serde::Serialize;
use serde_json::{Map, Value};
use url::Url;

/// How serious a finding is: an error makes `discover` exit 6, a warning does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// One problem in the metadata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub level: Level,
    pub code: &'static str,
    pub message: String,
}

/// What fetching the document's `jwks_uri` gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwksOutcome {
    /// No `jwks_uri`, or one that was not fetched because it is not a secure URL (that has its own finding).
    NotFetched,
    /// The request failed or was not answered with a 2xx status: the reason, for the message.
    Unreachable(String),
    /// The answer is not a JWKS: the reason.
    Invalid(String),
    /// A JWKS with this many keys usable for verifying signatures.
    Keys(usize),
}

/// Every stable code this lint can report, errors first.
pub const CODES: &[&str] = &[
    ISSUER_MISMATCH,
    INSECURE_ENDPOINT,
    NO_CODE_RESPONSE_TYPE,
    ALG_NONE,
    JWKS_MISSING,
    JWKS_UNREACHABLE,
    JWKS_INVALID,
    PAR_ENDPOINT_MISSING,
    AUTH_ALG_NONE,
    DPOP_ALG_WEAK,
    NO_PKCE_S256,
    LEGACY_GRANT,
    NO_ISS_PARAMETER,
    NO_REVOCATION_ENDPOINT,
];

pub const ISSUER_MISMATCH: &str = "issuer-mismatch";
pub const INSECURE_ENDPOINT: &str = "insecure-endpoint";
pub const NO_CODE_RESPONSE_TYPE: &str = "no-code-response-type";
pub const ALG_NONE: &str = "alg-none";
pub const JWKS_MISSING: &str = "jwks-missing";
pub const JWKS_UNREACHABLE: &str = "jwks-unreachable";
pub const JWKS_INVALID: &str = "jwks-invalid";
pub const PAR_ENDPOINT_MISSING: &str = "par-endpoint-missing";
pub const AUTH_ALG_NONE: &str = "auth-alg-none";
pub const DPOP_ALG_WEAK: &str = "dpop-alg-weak";
pub const NO_PKCE_S256: &str = "no-pkce-s256";
pub const LEGACY_GRANT: &str = "legacy-grant";
pub const NO_ISS_PARAMETER: &str = "no-iss-parameter";
pub const NO_REVOCATION_ENDPOINT: &str = "no-revocation-endpoint";

/// The longest provider text quoted in a message.
const QUOTE: usize = 200;

/// What the lint looks at.
pub struct Input<'a> {
    /// The metadata document (a JSON object).
    pub metadata: &'a Map<String, Value>,
    /// The issuer the user asked for, exactly as given.
    pub issuer: &'a str,
    /// The document came from the OpenID Connect discovery URL.
    pub from_oidc_url: bool,
    pub jwks: &'a JwksOutcome,
}

/// The findings for one document, errors first, each rule in the contract's order.
pub fn lint(input: &Input) -> Vec<Finding> {
    let doc = input.metadata;
    let mut out = Vec::new();
    let mut error = |code, message: String| {
        out.push(Finding {
            level: Level::Error,
            code,
            message,
        })
    };

    match doc.get("issuer") {
        Some(Value::String(claimed)) if claimed == input.issuer => {}
        Some(Value::String(claimed)) => error(
            ISSUER_MISMATCH,
            format!(
                "the metadata names issuer {:?}, not {:?} as asked",
                sanitize(claimed, QUOTE),
                sanitize(input.issuer, QUOTE)
            ),
        ),
        _ => error(
            ISSUER_MISMATCH,
            "the metadata has no `issuer` string, so it cannot be tied to the issuer asked for"
                .into(),
        ),
    }

    for (name, value) in endpoint_fields(doc) {
        let why = match value {
            Value::String(s) => match Url::parse(s) {
                Ok(url) if secure_transport(&url) => continue,
                Ok(_) => format!(
                    "{:?} is not https (plain http only on loopback)",
                    sanitize(s, QUOTE)
                ),
                Err(_) => format!("{:?} is not a URL", sanitize(s, QUOTE)),
            },
            _ => "is not a URL string".to_string(),
        };
        error(INSECURE_ENDPOINT, format!("`{}` {why}", sanitize(name, 80)));
    }
    // RFC 8705 §5: the aliases receive client certificates and credentials like the endpoints.
    if let Some(aliases) = doc.get("mtls_endpoint_aliases").and_then(Value::as_object) {
        for (name, value) in aliases {
            let ok = value
                .as_str()
                .and_then(|s| Url::parse(s).ok())
                .is_some_and(|u| secure_transport(&u));
            if !ok {
                error(
                    INSECURE_ENDPOINT,
                    format!(
                        "`mtls_endpoint_aliases.{}` is not an https URL",
                        sanitize(name, 80)
                    ),
                );
            }
        }
    }

    if !string_list(doc, "response_types_supported").contains(&"code") {
        error(
            NO_CODE_RESPONSE_TYPE,
            "`response_types_supported` does not list `code`: no authorization code grant".into(),
        );
    }

    if string_list(doc, "id_token_signing_alg_values_supported").contains(&"none") {
        error(
            ALG_NONE,
            "`id_token_signing_alg_values_supported` lists `none`: unsigned ID tokens".into(),
        );
    }

    // RFC 9126 §5: a provider that takes only pushed requests must say where to push them.
    if doc.get("require_pushed_authorization_requests") == Some(&Value::Bool(true))
        && !doc.contains_key("pushed_authorization_request_endpoint")
    {
        error(
            PAR_ENDPOINT_MISSING,
            "`require_pushed_authorization_requests` is true but there is no `pushed_authorization_request_endpoint`: no authorization request can be made".into(),
        );
    }

    // OIDC Discovery §3 (`none` MUST NOT be used for client authentication) and JARM §3 (a response
    // signed with `none` proves nothing).
    for field in [
        "token_endpoint_auth_signing_alg_values_supported",
        "authorization_signing_alg_values_supported",
    ] {
        if string_list(doc, field).contains(&"none") {
            error(
                AUTH_ALG_NONE,
                format!("`{field}` lists `none`: unsigned JWTs would be taken"),
            );
        }
    }

    // RFC 9449 §5.1: DPoP proofs are signed with an asymmetric key; `none` or a MAC proves no key.
    let weak: Vec<&str> = string_list(doc, "dpop_signing_alg_values_supported")
        .into_iter()
        .filter(|a| *a == "none" || a.starts_with("HS"))
        .collect();
    if !weak.is_empty() {
        error(
            DPOP_ALG_WEAK,
            format!(
                "`dpop_signing_alg_values_supported` lists {}: RFC 9449 allows asymmetric algorithms only",
                sanitize(&weak.join(", "), QUOTE)
            ),
        );
    }

    let openid = input.from_oidc_url || string_list(doc, "scopes_supported").contains(&"openid");
    match input.jwks {
        JwksOutcome::NotFetched if openid && !doc.contains_key("jwks_uri") => error(
            JWKS_MISSING,
            "no `jwks_uri`: ID token signatures cannot be verified".into(),
        ),
        JwksOutcome::NotFetched => {}
        JwksOutcome::Unreachable(why) => error(
            JWKS_UNREACHABLE,
            format!("the JWKS could not be fetched: {}", sanitize(why, QUOTE)),
        ),
        JwksOutcome::Invalid(why) => error(
            JWKS_INVALID,
            format!(
                "`jwks_uri` does not serve a valid JWKS: {}",
                sanitize(why, QUOTE)
            ),
        ),
        JwksOutcome::Keys(0) => error(
            JWKS_INVALID,
            "the JWKS holds no key usable for verifying signatures".into(),
        ),
        JwksOutcome::Keys(_) => {}
    }

    let mut warning = |code, message: String| {
        out.push(Finding {
            level: Level::Warning,
            code,
            message,
        })
    };

    match doc.get("code_challenge_methods_supported") {
        None => warning(
            NO_PKCE_S256,
            "no `code_challenge_methods_supported`: PKCE S256 support is not advertised".into(),
        ),
        Some(_) if !string_list(doc, "code_challenge_methods_supported").contains(&"S256") => {
            warning(
                NO_PKCE_S256,
                "`code_challenge_methods_supported` does not list `S256`".into(),
            )
        }
        Some(_) => {}
    }

    let grants = string_list(doc, "grant_types_supported");
    for legacy in ["implicit", "password"] {
        if grants.contains(&legacy) {
            warning(
                LEGACY_GRANT,
                format!("the `{legacy}` grant is advertised; RFC 9700 says not to use it"),
            );
        }
    }

    if doc.get("authorization_response_iss_parameter_supported") != Some(&Value::Bool(true)) {
        warning(
            NO_ISS_PARAMETER,
            "`authorization_response_iss_parameter_supported` is not true: no RFC 9207 mix-up defence"
                .into(),
        );
    }

    if !doc.contains_key("revocation_endpoint") {
        warning(
            NO_REVOCATION_ENDPOINT,
            "no `revocation_endpoint`: tokens cannot be revoked (RFC 7009)".into(),
        );
    }
    out
}

/// The members that name an endpoint: every `*_endpoint` (authorization, token, userinfo, revocation,
/// introspection, device authorization, registration, end session…) and `jwks_uri`. Keys are sorted
/// (serde_json's map), so the findings come in a stable order.
fn endpoint_fields(doc: &Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    doc.iter()
        .filter(|(k, _)| k.ends_with("_endpoint") || *k == "jwks_uri")
}

/// The strings of an array member; a missing member or one of another type lists nothing.
fn string_list<'a>(doc: &'a Map<String, Value>, name: &str) -> Vec<&'a str> {
    doc.get(name)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ISSUER: &str = "https://idp.test";

    /// A document no rule fires on.
    fn clean() -> Map<String, Value> {
        json!({
            "issuer": ISSUER,
            "authorization_endpoint": "https://idp.test/auth",
            "token_endpoint": "https://idp.test/token",
            "userinfo_endpoint": "https://idp.test/me",
            "jwks_uri": "https://idp.test/jwks",
            "revocation_endpoint": "https://idp.test/revoke",
            "introspection_endpoint": "https://idp.test/introspect",
            "device_authorization_endpoint": "https://idp.test/device",
            "scopes_supported": ["openid", "email"],
            "response_types_supported": ["code", "code id_token"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "code_challenge_methods_supported": ["S256"],
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
            "authorization_response_iss_parameter_supported": true,
        })
        .as_object()
        .cloned()
        .unwrap()
    }

    fn run(doc: &Map<String, Value>, jwks: JwksOutcome) -> Vec<Finding> {
        lint(&Input {
            metadata: doc,
            issuer: ISSUER,
            from_oidc_url: true,
            jwks: &jwks,
        })
    }

    fn codes(findings: &[Finding]) -> Vec<(Level, &'static str)> {
        findings.iter().map(|f| (f.level, f.code)).collect()
    }

    /// The clean document with `patch` merged in (`null` removes a member), linted with a good JWKS.
    fn patched(patch: Value) -> Vec<Finding> {
        let mut doc = clean();
        for (k, v) in patch.as_object().unwrap() {
            if v.is_null() {
                doc.remove(k);
            } else {
                doc.insert(k.clone(), v.clone());
            }
        }
        run(&doc, JwksOutcome::Keys(2))
    }

    #[track_caller]
    fn only(findings: Vec<Finding>, level: Level, code: &str) -> Finding {
        assert_eq!(codes(&findings), vec![(level, code)], "{findings:#?}");
        findings.into_iter().next().unwrap()
    }

    #[test]
    fn a_clean_document_has_no_findings() {
        assert_eq!(run(&clean(), JwksOutcome::Keys(1)), vec![]);
    }

    #[test]
    fn every_code_is_kebab_case_and_listed_once() {
        for code in CODES {
            assert!(
                code.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{code}"
            );
            assert_eq!(CODES.iter().filter(|c| *c == code).count(), 1, "{code}");
        }
    }

    #[test]
    fn issuer_mismatch() {
        let f = only(
            patched(json!({"issuer": "https://idp.test/"})),
            Level::Error,
            ISSUER_MISMATCH,
        );
        assert!(f.message.contains("\"https://idp.test/\""), "{}", f.message);
        for missing in [json!(null), json!(5)] {
            only(
                patched(json!({ "issuer": missing })),
                Level::Error,
                ISSUER_MISMATCH,
            );
        }
    }

    #[test]
    fn provider_text_in_messages_is_sanitized() {
        let f = only(
            patched(json!({"issuer": "https://evil\u{1b}[2J\n\u{202e}.test"})),
            Level::Error,
            ISSUER_MISMATCH,
        );
        assert!(!f.message.chars().any(super::super::error::is_unsafe_char));
        // Dropped, not merely escaped by the quoting.
        assert!(
            f.message.contains("\"https://evil[2J.test\""),
            "{}",
            f.message
        );
        let f = only(
            patched(json!({"token_endpoint": "http://x\u{7}.test/\u{1b}]0;t"})),
            Level::Error,
            INSECURE_ENDPOINT,
        );
        assert!(!f.message.chars().any(super::super::error::is_unsafe_char));
    }

    #[test]
    fn insecure_endpoint_on_any_endpoint_field() {
        for name in [
            "authorization_endpoint",
            "token_endpoint",
            "userinfo_endpoint",
            "jwks_uri",
            "revocation_endpoint",
            "introspection_endpoint",
            "device_authorization_endpoint",
            "end_session_endpoint",
        ] {
            for bad in [
                json!("http://idp.test/x"),
                json!("file:///etc/passwd"),
                json!("not a url"),
                json!(5),
            ] {
                let f = only(
                    patched(json!({ name: bad })),
                    Level::Error,
                    INSECURE_ENDPOINT,
                );
                assert!(f.message.contains(name), "{}", f.message);
            }
        }
        // Loopback may be plain http (a local or test provider).
        for ok in [
            "http://127.0.0.1:8080/t",
            "http://localhost/t",
            "http://[::1]:1/t",
        ] {
            assert_eq!(patched(json!({ "token_endpoint": ok })), vec![], "{ok}");
        }
    }

    #[test]
    fn no_code_response_type() {
        for types in [json!(["token", "id_token"]), json!(null), json!("code")] {
            only(
                patched(json!({ "response_types_supported": types })),
                Level::Error,
                NO_CODE_RESPONSE_TYPE,
            );
        }
    }

    #[test]
    fn alg_none() {
        only(
            patched(json!({"id_token_signing_alg_values_supported": ["RS256", "none"]})),
            Level::Error,
            ALG_NONE,
        );
        // Missing is not `none`.
        assert_eq!(
            patched(json!({"id_token_signing_alg_values_supported": null})),
            vec![]
        );
    }

    #[test]
    fn par_endpoint_missing() {
        only(
            patched(json!({"require_pushed_authorization_requests": true})),
            Level::Error,
            PAR_ENDPOINT_MISSING,
        );
        assert_eq!(
            patched(json!({
                "require_pushed_authorization_requests": true,
                "pushed_authorization_request_endpoint": "https://idp.test/par",
            })),
            vec![]
        );
        assert_eq!(
            patched(json!({"require_pushed_authorization_requests": false})),
            vec![]
        );
    }

    #[test]
    fn auth_alg_none() {
        for field in [
            "token_endpoint_auth_signing_alg_values_supported",
            "authorization_signing_alg_values_supported",
        ] {
            let f = only(
                patched(json!({ field: ["ES256", "none"] })),
                Level::Error,
                AUTH_ALG_NONE,
            );
            assert!(f.message.contains(field), "{f:?}");
            assert_eq!(patched(json!({ field: ["ES256", "RS256"] })), vec![]);
        }
    }

    #[test]
    fn dpop_alg_weak() {
        let f = only(
            patched(json!({"dpop_signing_alg_values_supported": ["ES256", "HS256", "none"]})),
            Level::Error,
            DPOP_ALG_WEAK,
        );
        assert!(f.message.contains("HS256, none"), "{f:?}");
        assert_eq!(
            patched(json!({"dpop_signing_alg_values_supported": ["ES256", "EdDSA"]})),
            vec![]
        );
    }

    #[test]
    fn insecure_mtls_aliases() {
        let f = only(
            patched(json!({"mtls_endpoint_aliases": {
                "token_endpoint": "https://mtls.idp.test/token",
                "userinfo_endpoint": "http://mtls.idp.test/me",
            }})),
            Level::Error,
            INSECURE_ENDPOINT,
        );
        assert!(
            f.message
                .contains("mtls_endpoint_aliases.userinfo_endpoint"),
            "{f:?}"
        );
        assert_eq!(
            patched(
                json!({"mtls_endpoint_aliases": {"token_endpoint": "https://mtls.idp.test/t"}})
            ),
            vec![]
        );
    }

    #[test]
    fn jwks_missing_for_an_openid_provider() {
        let mut doc = clean();
        doc.remove("jwks_uri");
        // From the OIDC discovery URL: an OpenID provider, which must publish one, whatever its scopes
        // say (`scopes_supported` is only RECOMMENDED there).
        only(
            run(&doc, JwksOutcome::NotFetched),
            Level::Error,
            JWKS_MISSING,
        );
        let mut unscoped = doc.clone();
        unscoped.remove("scopes_supported");
        only(
            run(&unscoped, JwksOutcome::NotFetched),
            Level::Error,
            JWKS_MISSING,
        );
        // An RFC 8414 document listing `openid` among its scopes.
        let rfc8414 = |doc: &Map<String, Value>| {
            lint(&Input {
                metadata: doc,
                issuer: ISSUER,
                from_oidc_url: false,
                jwks: &JwksOutcome::NotFetched,
            })
        };
        only(rfc8414(&doc), Level::Error, JWKS_MISSING);
        // A plain OAuth server has no ID tokens to verify.
        doc.insert("scopes_supported".into(), json!(["email"]));
        assert_eq!(rfc8414(&doc), vec![]);
        // A jwks_uri that was not fetched because it is insecure is that finding, not this one.
        let mut doc = clean();
        doc.insert("jwks_uri".into(), json!("http://idp.test/jwks"));
        only(
            run(&doc, JwksOutcome::NotFetched),
            Level::Error,
            INSECURE_ENDPOINT,
        );
    }

    #[test]
    fn jwks_unreachable() {
        let f = only(
            run(
                &clean(),
                JwksOutcome::Unreachable("HTTP 503\u{1b}[2J".into()),
            ),
            Level::Error,
            JWKS_UNREACHABLE,
        );
        assert!(f.message.contains("HTTP 503"), "{}", f.message);
        assert!(!f.message.contains('\u{1b}'));
    }

    #[test]
    fn jwks_invalid() {
        let f = only(
            run(&clean(), JwksOutcome::Invalid("not JSON".into())),
            Level::Error,
            JWKS_INVALID,
        );
        assert!(f.message.contains("not JSON"), "{}", f.message);
        only(
            run(&clean(), JwksOutcome::Keys(0)),
            Level::Error,
            JWKS_INVALID,
        );
    }

    #[test]
    fn no_pkce_s256() {
        for methods in [json!(null), json!(["plain"]), json!("S256")] {
            only(
                patched(json!({ "code_challenge_methods_supported": methods })),
                Level::Warning,
                NO_PKCE_S256,
            );
        }
    }

    #[test]
    fn legacy_grant() {
        for grant in ["implicit", "password"] {
            let f = only(
                patched(json!({"grant_types_supported": ["authorization_code", grant]})),
                Level::Warning,
                LEGACY_GRANT,
            );
            assert!(f.message.contains(grant), "{}", f.message);
        }
        let both = patched(json!({"grant_types_supported": ["implicit", "password"]}));
        assert_eq!(both.len(), 2);
    }

    #[test]
    fn no_iss_parameter() {
        for value in [json!(null), json!(false), json!("true")] {
            only(
                patched(json!({ "authorization_response_iss_parameter_supported": value })),
                Level::Warning,
                NO_ISS_PARAMETER,
            );
        }
    }

    #[test]
    fn no_revocation_endpoint() {
        only(
            patched(json!({"revocation_endpoint": null})),
            Level::Warning,
            NO_REVOCATION_ENDPOINT,
        );
    }

    #[test]
    fn errors_come_before_warnings() {
        let findings = patched(json!({"revocation_endpoint": null, "issuer": "https://other"}));
        assert_eq!(
            codes(&findings),
            vec![
                (Level::Error, ISSUER_MISMATCH),
                (Level::Warning, NO_REVOCATION_ENDPOINT)
            ]
        );
    }
}
