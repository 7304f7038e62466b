//! The back channel: token, refresh and revocation requests (RFC 6749 §4.1.3, §6, RFC 7009) with the three
//! client authentication methods, and a token-response parser that tolerates the quirks real providers
//! document (lowercase `bearer`, `expires_in` as a string, `"id_token": ""`, errors at any HTTP status)
//! while refusing anything it cannot trust.

use super::client_assertion::AssertionPlan;
use super::error::{BodyInfo, Endpoint, Error, Result, sanitize};
use super::http::{HttpRequest, HttpResponse};
use super::types::{
    AccessToken, AuthMethod, AuthorizationCode, ClientId, ClientSecret, IdToken, PkceVerifier,
    RefreshToken,
};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

/// How the client authenticates at the token, revocation and introspection endpoints.
pub struct ClientAuth<'a> {
    pub client_id: &'a ClientId,
    pub secret: Option<&'a ClientSecret>,
    pub method: AuthMethod,
    /// For `private_key_jwt` and `client_secret_jwt`: what each request's assertion is signed with.
    pub assertion: Option<std::sync::Arc<AssertionPlan>>,
}

impl ClientAuth<'_> {
    pub(crate) fn apply(&self, req: &mut HttpRequest) -> Result<()> {
        let form = req.form.get_or_insert_with(Vec::new);
        // A pushed authorization request (RFC 9126) carries `client_id` among its parameters already.
        let has_id = form.iter().any(|(k, _)| k == "client_id");
        let client_id =
            (!has_id).then(|| ("client_id".to_string(), self.client_id.as_str().into()));
        match (self.method, self.secret) {
            (AuthMethod::ClientSecretBasic, Some(secret)) => {
                let value = basic_authorization(self.client_id, secret);
                req.headers.push(("Authorization".into(), value));
            }
            (AuthMethod::ClientSecretPost, Some(secret)) => {
                form.extend(client_id);
                form.push(("client_secret".into(), secret.secret().into()));
            }
            // RFC 8705 §2: the certificate of the TLS connection authenticates; the form names the client
            // and carries no secret, even when one is stored.
            (
                AuthMethod::None | AuthMethod::TlsClientAuth | AuthMethod::SelfSignedTlsClientAuth,
                _,
            ) => {
                form.extend(client_id);
            }
            // RFC 7523 §2.2: `client_id` is optional beside an assertion, but providers (and RFC 9126)
            // want it; the assertion itself is signed in when the request is sent.
            (AuthMethod::ClientSecretJwt | AuthMethod::PrivateKeyJwt, _) => {
                let Some(plan) = &self.assertion else {
                    return Err(Error::MissingAssertionKey(self.method));
                };
                form.extend(client_id);
                req.assertion = Some(plan.clone());
            }
            (method, None) => return Err(Error::MissingClientSecret(method)),
        }
        Ok(())
    }
}

/// RFC 6749 §2.3.1: id and secret are each form-urlencoded before they are joined and base64'd, so a `:`
/// in the id cannot shift the split on the server.
pub fn basic_authorization(client_id: &ClientId, secret: &ClientSecret) -> String {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let pair = format!("{}:{}", enc(client_id.as_str()), enc(secret.secret()));
    format!("Basic {}", STANDARD.encode(pair))
}

fn with_extra(
    mut form: Vec<(String, String)>,
    extra: &[(String, String)],
) -> Vec<(String, String)> {
    form.extend(extra.iter().cloned());
    form
}

/// The authorization code exchange.
pub fn code_request(
    token_url: &Url,
    auth: &ClientAuth,
    code: &AuthorizationCode,
    redirect_uri: &str,
    verifier: Option<&PkceVerifier>,
    extra: &[(String, String)],
) -> Result<HttpRequest> {
    let mut form = vec![
        ("grant_type".to_string(), "authorization_code".to_string()),
        ("code".to_string(), code.secret().to_string()),
        ("redirect_uri".to_string(), redirect_uri.to_string()),
    ];
    if let Some(v) = verifier {
        form.push(("code_verifier".into(), v.secret().into()));
    }
    let mut req = HttpRequest::post_form(token_url.clone(), with_extra(form, extra));
    auth.apply(&mut req)?;
    Ok(req)
}

/// The refresh_token grant (RFC 6749 §6). Scope is left out so the provider keeps the original grant.
pub fn refresh_request(
    token_url: &Url,
    auth: &ClientAuth,
    refresh_token: &RefreshToken,
    extra: &[(String, String)],
) -> Result<HttpRequest> {
    let form = vec![
        ("grant_type".to_string(), "refresh_token".to_string()),
        (
            "refresh_token".to_string(),
            refresh_token.secret().to_string(),
        ),
    ];
    let mut req = HttpRequest::post_form(token_url.clone(), with_extra(form, extra));
    auth.apply(&mut req)?;
    Ok(req)
}

/// The client credentials grant (RFC 6749 §4.4): the client asks for a token of its own, so there is no
/// code, verifier or redirect; it must authenticate (a public client has no credentials to present).
pub fn client_credentials_request(
    token_url: &Url,
    auth: &ClientAuth,
    scope: Option<&str>,
    extra: &[(String, String)],
) -> Result<HttpRequest> {
    if auth.method == AuthMethod::None {
        return Err(Error::MissingClientSecret(AuthMethod::None));
    }
    let mut form = vec![("grant_type".to_string(), "client_credentials".to_string())];
    if let Some(scope) = scope.filter(|s| !s.is_empty()) {
        form.push(("scope".into(), scope.into()));
    }
    let mut req = HttpRequest::post_form(token_url.clone(), with_extra(form, extra));
    auth.apply(&mut req)?;
    Ok(req)
}

/// RFC 7009 revocation of one token.
pub fn revoke_request(
    url: &Url,
    auth: &ClientAuth,
    token: &str,
    hint: &str,
) -> Result<HttpRequest> {
    let form = vec![
        ("token".to_string(), token.to_string()),
        ("token_type_hint".to_string(), hint.to_string()),
    ];
    let mut req = HttpRequest::post_form(url.clone(), form);
    auth.apply(&mut req)?;
    Ok(req)
}

/// A token set as stored: what the provider granted, with absolute times.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TokenSet {
    pub access_token: AccessToken,
    /// "Bearer" or "DPoP" (RFC 9449): other types are refused at parse time.
    pub token_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<RefreshToken>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<IdToken>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Unix seconds; `None` when the provider gave no `expires_in`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<u64>,
    pub obtained_at: u64,
}

impl TokenSet {
    /// True when the access token is expired or will be within `margin` seconds. A token with no known
    /// expiry is taken as valid: the provider will say otherwise with a 401.
    pub fn expires_within(&self, now: u64, margin: u64) -> bool {
        self.expires_at
            .is_some_and(|at| at <= now.saturating_add(margin))
    }

    /// Applies a refresh response: RFC 6749 §6 lets the provider omit the refresh token (keep the old one)
    /// and OIDC lets it omit the ID token (keep the old one too).
    pub fn merge_refresh(mut new: TokenSet, old: &TokenSet) -> TokenSet {
        if new.refresh_token.is_none() {
            new.refresh_token = old.refresh_token.clone();
        }
        if new.id_token.is_none() {
            new.id_token = old.id_token.clone();
        }
        if new.scope.is_none() {
            new.scope = old.scope.clone();
        }
        new
    }
}

/// An OAuth error body (`{"error": ...}`) whatever the HTTP status, as the contract demands: some
/// providers answer token errors with 404 or even 200.
pub fn oauth_error(endpoint: Endpoint, resp: &HttpResponse) -> Option<Error> {
    let value: Value = serde_json::from_slice(&resp.body).ok()?;
    let code = value.get("error")?.as_str()?;
    Some(Error::Provider {
        endpoint,
        error: sanitize(code, 100),
        description: value
            .get("error_description")
            .and_then(Value::as_str)
            .map(|d| sanitize(d, 300)),
        status: resp.status,
    })
}

/// Describes a body that is not the JSON we need, without echoing it (it may hold anything).
pub fn describe_body(resp: &HttpResponse) -> String {
    BodyInfo::of(resp).to_string()
}

/// Parses a token endpoint response into a [`TokenSet`], or the error that explains why not.
pub fn parse_token_response(resp: &HttpResponse, now: u64) -> Result<TokenSet> {
    if let Some(err) = oauth_error(Endpoint::Token, resp) {
        return Err(err);
    }
    let value: Value = match serde_json::from_slice(&resp.body) {
        Ok(v) => v,
        Err(_) if std::str::from_utf8(&resp.body).is_err() => {
            return Err(Error::NotUtf8(BodyInfo::of(resp)));
        }
        Err(_) => return Err(Error::NotJson(BodyInfo::of(resp))),
    };
    if !resp.is_success() {
        return Err(Error::TokenEndpointFailed(BodyInfo::of(resp)));
    }
    let obj = value.as_object().ok_or(Error::NotObject)?;

    let access_token = match obj.get("access_token") {
        Some(Value::String(s)) if !s.is_empty() => {
            AccessToken::new(token_chars("access_token", s)?)
        }
        _ => return Err(Error::MissingAccessToken),
    };
    let token_type = match obj.get("token_type") {
        // Lenient on a missing type: several providers omit it and every one of them means Bearer.
        None | Some(Value::Null) => "Bearer".to_string(),
        Some(Value::String(t)) if t.eq_ignore_ascii_case("bearer") => "Bearer".to_string(),
        // RFC 9449 §5; whether a proof was sent for it is the caller's to check.
        Some(Value::String(t)) if t.eq_ignore_ascii_case("dpop") => "DPoP".to_string(),
        Some(other) => {
            let shown = other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_string);
            return Err(Error::UnsupportedTokenType(sanitize(&shown, 40)));
        }
    };
    let expires_at = match obj.get("expires_in") {
        None | Some(Value::Null) => None,
        Some(v) => Some(now.saturating_add(parse_expires_in(v)?)),
    };
    Ok(TokenSet {
        access_token,
        token_type,
        refresh_token: optional_token(obj, "refresh_token")?.map(RefreshToken::new),
        id_token: optional_token(obj, "id_token")?.map(IdToken::new),
        scope: optional_string(obj, "scope")?,
        expires_at,
        obtained_at: now,
    })
}

/// The longest access-token lifetime oauthctl believes: one year. A provider that claims more (or sends
/// 2^64 or 1e20 by mistake) still gets its token refreshed at least yearly, instead of never.
pub const MAX_EXPIRES_IN: u64 = 365 * 24 * 60 * 60;

/// `expires_in` as a JSON number or a numeric string ("3600", "3600.5"), as providers send both, read the
/// same way whatever its form: fractions are truncated, anything above [`MAX_EXPIRES_IN`] is clamped to
/// it, and a negative lifetime means the token is already expired (0 s), which is not worth failing a
/// login over: the next command refreshes it.
fn parse_expires_in(v: &Value) -> Result<u64> {
    let secs = match v {
        // Every JSON number has an f64 value; above 2^53 it is inexact, which the clamp makes moot.
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match secs {
        // `as` saturates and drops the fraction; the clamp keeps the result in [0, MAX_EXPIRES_IN].
        Some(f) if f.is_finite() => Ok((f.max(0.0) as u64).min(MAX_EXPIRES_IN)),
        _ => Err(Error::BadExpiresIn(sanitize(&v.to_string(), 40))),
    }
}

/// A token must be visible ASCII (0x21–0x7E), the superset of RFC 6750's b64token that every real
/// provider stays within: tokens end up in `Authorization` headers (`token print --header`), form bodies
/// and terminals, where a CR/LF, a space or an escape sequence would inject or forge content.
fn token_chars(key: &'static str, token: &str) -> Result<String> {
    if token.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(token.to_string())
    } else {
        Err(Error::BadTokenChars(key))
    }
}

/// An optional token member: a string as [`optional_string`] reads it, in the token alphabet.
fn optional_token(
    obj: &serde_json::Map<String, Value>,
    key: &'static str,
) -> Result<Option<String>> {
    optional_string(obj, key)?
        .map(|t| token_chars(key, &t))
        .transpose()
}

/// A string member where `""` and `null` mean absent (`"id_token": ""` is a documented quirk).
fn optional_string(
    obj: &serde_json::Map<String, Value>,
    key: &'static str,
) -> Result<Option<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::NotAString(key)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::types::PkceVerifier;

    fn url() -> Url {
        Url::parse("https://idp.test/token").unwrap()
    }

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            content_type: Some("application/json".into()),
            www_authenticate: None,
            dpop_nonce: None,
            body: body.as_bytes().to_vec(),
        }
    }

    fn parse(body: &str) -> Result<TokenSet> {
        parse_token_response(&resp(200, body), 1000)
    }

    fn refusal(body: &str) -> Error {
        parse(body).expect_err("must refuse")
    }

    fn auth<'a>(
        id: &'a ClientId,
        secret: Option<&'a ClientSecret>,
        method: AuthMethod,
    ) -> ClientAuth<'a> {
        ClientAuth {
            client_id: id,
            secret,
            method,
            assertion: None,
        }
    }

    #[test]
    fn basic_header_form_encodes_before_base64() {
        let id = ClientId::new("a:b");
        let secret = ClientSecret::new("p%ss:wörd +");
        let h = basic_authorization(&id, &secret);
        let decoded =
            String::from_utf8(STANDARD.decode(h.strip_prefix("Basic ").unwrap()).unwrap()).unwrap();
        assert_eq!(decoded, "a%3Ab:p%25ss%3Aw%C3%B6rd+%2B");
    }

    #[test]
    fn code_request_with_basic_auth() {
        let id = ClientId::new("cid");
        let secret = ClientSecret::new("sec");
        let req = code_request(
            &url(),
            &auth(&id, Some(&secret), AuthMethod::ClientSecretBasic),
            &AuthorizationCode::new("the code"),
            "http://127.0.0.1:1/cb",
            Some(&PkceVerifier::new("ver")),
            &[("resource".into(), "https://api.test".into())],
        )
        .unwrap();
        assert_eq!(req.method, crate::oauth::http::Method::Post);
        assert_eq!(req.url, url());
        assert_eq!(
            req.body().unwrap(),
            "grant_type=authorization_code&code=the+code&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb\
             &code_verifier=ver&resource=https%3A%2F%2Fapi.test"
        );
        assert_eq!(req.header("authorization"), Some("Basic Y2lkOnNlYw=="));
    }

    #[test]
    fn client_credentials_request_bodies() {
        let id = ClientId::new("cid");
        let secret = ClientSecret::new("s&c");
        let extra = [("audience".to_string(), "https://api.test".to_string())];
        let basic = auth(&id, Some(&secret), AuthMethod::ClientSecretBasic);
        let req = client_credentials_request(&url(), &basic, Some("read write"), &extra).unwrap();
        assert_eq!(req.method, crate::oauth::http::Method::Post);
        assert_eq!(req.url, url());
        assert_eq!(
            req.body().unwrap(),
            "grant_type=client_credentials&scope=read+write&audience=https%3A%2F%2Fapi.test"
        );
        assert_eq!(req.header("authorization"), Some("Basic Y2lkOnMlMjZj"));
        let post = auth(&id, Some(&secret), AuthMethod::ClientSecretPost);
        let req = client_credentials_request(&url(), &post, None, &[]).unwrap();
        assert_eq!(
            req.body().unwrap(),
            "grant_type=client_credentials&client_id=cid&client_secret=s%26c"
        );
        assert_eq!(req.header("authorization"), None);
        let none = auth(&id, Some(&secret), AuthMethod::None);
        assert_eq!(
            client_credentials_request(&url(), &none, None, &[]).err(),
            Some(Error::MissingClientSecret(AuthMethod::None))
        );
    }

    #[test]
    fn code_request_without_pkce_has_no_verifier() {
        let id = ClientId::new("cid");
        let req = code_request(
            &url(),
            &auth(&id, None, AuthMethod::None),
            &AuthorizationCode::new("c"),
            "http://127.0.0.1:1/cb",
            None,
            &[],
        )
        .unwrap();
        assert_eq!(
            req.body().unwrap(),
            "grant_type=authorization_code&code=c&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb\
             &client_id=cid"
        );
    }

    #[test]
    fn client_secret_post_puts_the_client_in_the_body() {
        let id = ClientId::new("cid");
        let secret = ClientSecret::new("s&c");
        let post = auth(&id, Some(&secret), AuthMethod::ClientSecretPost);
        let req = refresh_request(&url(), &post, &RefreshToken::new("rt"), &[]).unwrap();
        assert_eq!(
            req.body().unwrap(),
            "grant_type=refresh_token&refresh_token=rt&client_id=cid&client_secret=s%26c"
        );
        assert_eq!(req.header("authorization"), None);
    }

    #[test]
    fn none_sends_the_client_id_only() {
        let id = ClientId::new("cid");
        let secret = ClientSecret::new("unused");
        for secret in [None, Some(&secret)] {
            let none = auth(&id, secret, AuthMethod::None);
            let req = refresh_request(
                &url(),
                &none,
                &RefreshToken::new("rt"),
                &[("x".into(), "y".into())],
            )
            .unwrap();
            assert_eq!(
                req.body().unwrap(),
                "grant_type=refresh_token&refresh_token=rt&x=y&client_id=cid"
            );
            assert_eq!(req.header("authorization"), None);
        }
    }

    #[test]
    fn a_secret_method_without_a_secret_is_refused() {
        let id = ClientId::new("cid");
        for method in [AuthMethod::ClientSecretBasic, AuthMethod::ClientSecretPost] {
            let a = auth(&id, None, method);
            assert_eq!(
                refresh_request(&url(), &a, &RefreshToken::new("rt"), &[]).err(),
                Some(Error::MissingClientSecret(method))
            );
            assert_eq!(
                revoke_request(&url(), &a, "t", "access_token").err(),
                Some(Error::MissingClientSecret(method))
            );
            assert!(
                code_request(&url(), &a, &AuthorizationCode::new("c"), "r", None, &[]).is_err()
            );
        }
    }

    #[test]
    fn the_missing_secret_message_names_no_secret() {
        let shown = Error::MissingClientSecret(AuthMethod::ClientSecretPost).to_string();
        assert_eq!(
            shown,
            "auth method client_secret_post needs a client secret"
        );
    }

    #[test]
    fn revoke_request_body_is_exact() {
        let id = ClientId::new("cid");
        let secret = ClientSecret::new("sec");
        let basic = auth(&id, Some(&secret), AuthMethod::ClientSecretBasic);
        let revoke = Url::parse("https://idp.test/revoke").unwrap();
        let req = revoke_request(&revoke, &basic, "rt+1", "refresh_token").unwrap();
        assert_eq!(req.url, revoke);
        assert_eq!(req.method, crate::oauth::http::Method::Post);
        assert_eq!(
            req.body().unwrap(),
            "token=rt%2B1&token_type_hint=refresh_token"
        );
        assert_eq!(req.header("authorization"), Some("Basic Y2lkOnNlYw=="));
    }

    #[test]
    fn parses_quirky_but_valid_responses() {
        let t = parse_token_response(
            &resp(200, r#"{"access_token":"at","token_type":"bearer","expires_in":"3600","id_token":"","refresh_token":"rt","scope":"a b"}"#),
            1000,
        )
        .unwrap();
        assert_eq!(t.access_token.secret(), "at");
        assert_eq!(t.token_type, "Bearer");
        assert_eq!(t.expires_at, Some(4600));
        assert_eq!(t.obtained_at, 1000);
        assert!(t.id_token.is_none());
        assert_eq!(t.refresh_token.unwrap().secret(), "rt");
        assert_eq!(t.scope.as_deref(), Some("a b"));
        let t = parse_token_response(
            &resp(
                200,
                r#"{"access_token":"at","token_type":"Bearer","expires_in":599.0}"#,
            ),
            0,
        )
        .unwrap();
        assert_eq!(t.expires_at, Some(599));
    }

    #[test]
    fn a_missing_or_null_token_type_means_bearer() {
        for body in [
            r#"{"access_token":"at"}"#,
            r#"{"access_token":"at","token_type":null}"#,
            r#"{"access_token":"at","token_type":"BEARER"}"#,
        ] {
            assert_eq!(parse(body).unwrap().token_type, "Bearer", "{body}");
        }
    }

    #[test]
    fn expires_in_forms() {
        for (body, want) in [
            (r#"{"access_token":"a","expires_in":60}"#, Some(1060)),
            (r#"{"access_token":"a","expires_in":" 60 "}"#, Some(1060)),
            (r#"{"access_token":"a","expires_in":0}"#, Some(1000)),
            (r#"{"access_token":"a","expires_in":null}"#, None),
            (r#"{"access_token":"a"}"#, None),
        ] {
            assert_eq!(parse(body).unwrap().expires_at, want, "{body}");
        }
    }

    /// Numbers and numeric strings read alike: fractions truncated, huge values clamped to a year,
    /// negatives already expired.
    #[test]
    fn expires_in_is_clamped_truncated_and_consistent_across_forms() {
        let year = MAX_EXPIRES_IN;
        assert_eq!(year, 31_536_000);
        for (value, secs) in [
            ("3600.9", 3600),
            (r#""3600.5""#, 3600),
            ("3600.5", 3600),
            (r#""3600""#, 3600),
            ("18446744073709551615", year),
            ("18446744073709551616", year),
            (r#""18446744073709551616""#, year),
            ("1e20", year),
            (r#""1e20""#, year),
            ("31536001", year),
            ("31536000", year),
            ("-1", 0),
            (r#""-1""#, 0),
            ("-5", 0),
            ("-0.5", 0),
            ("-9223372036854775808", 0),
            ("-1e300", 0),
        ] {
            let body = format!(r#"{{"access_token":"a","expires_in":{value}}}"#);
            assert_eq!(
                parse(&body).unwrap().expires_at,
                Some(1000 + secs),
                "{value}"
            );
        }
        // The clamp holds even when `now` is near the end of time.
        let late = parse_token_response(
            &resp(200, r#"{"access_token":"a","expires_in":1e20}"#),
            u64::MAX - 5,
        )
        .unwrap();
        assert_eq!(late.expires_at, Some(u64::MAX));
    }

    #[test]
    fn a_bad_expires_in_is_refused() {
        for (value, shown) in [
            (r#""soon""#, r#""soon""#),
            (r#""NaN""#, r#""NaN""#),
            (r#""inf""#, r#""inf""#),
            (r#""""#, r#""""#),
            (r#"{"s":1}"#, r#"{"s":1}"#),
            ("[60]", "[60]"),
            ("true", "true"),
        ] {
            let body = format!(r#"{{"access_token":"a","expires_in":{value}}}"#);
            assert_eq!(refusal(&body), Error::BadExpiresIn(shown.into()), "{value}");
        }
    }

    #[test]
    fn provider_errors_at_any_status_are_provider_errors() {
        for status in [400, 401, 404, 200] {
            let e = parse_token_response(
                &resp(
                    status,
                    r#"{"error":"invalid_grant","error_description":"bad code"}"#,
                ),
                0,
            )
            .unwrap_err();
            assert_eq!(
                e,
                Error::Provider {
                    endpoint: Endpoint::Token,
                    error: "invalid_grant".into(),
                    description: Some("bad code".into()),
                    status,
                }
            );
            assert_eq!(
                e.to_string(),
                format!("the token endpoint refused: invalid_grant (bad code) [HTTP {status}]")
            );
        }
    }

    #[test]
    fn oauth_error_needs_a_string_error_member() {
        assert_eq!(
            oauth_error(Endpoint::Token, &resp(400, r#"{"error":5}"#)),
            None
        );
        assert_eq!(oauth_error(Endpoint::Token, &resp(400, "nope")), None);
        assert_eq!(
            oauth_error(
                Endpoint::Userinfo,
                &resp(401, r#"{"error":"x\u001b","error_description":7}"#)
            ),
            Some(Error::Provider {
                endpoint: Endpoint::Userinfo,
                error: "x".into(),
                description: None,
                status: 401,
            })
        );
    }

    #[test]
    fn a_body_that_is_not_utf8_is_refused() {
        let r = HttpResponse {
            status: 200,
            body: b"{\"access_token\":\"\xff\xfe\"}".to_vec(),
            ..Default::default()
        };
        assert!(matches!(
            parse_token_response(&r, 0),
            Err(Error::NotUtf8(BodyInfo { bytes: 21, .. }))
        ));
    }

    #[test]
    fn a_body_that_is_not_json_is_refused() {
        for (status, body) in [
            (200, "<html>oops</html>"),
            (500, "<html>oops</html>"),
            (200, ""),
        ] {
            let e = parse_token_response(&resp(status, body), 0).unwrap_err();
            assert_eq!(
                e,
                Error::NotJson(BodyInfo {
                    status,
                    bytes: body.len(),
                    content_type: Some("application/json".into()),
                })
            );
            assert!(!e.to_string().contains("oops"));
        }
    }

    #[test]
    fn a_failure_status_without_an_oauth_error_is_refused() {
        for status in [500, 302, 199] {
            assert!(
                matches!(
                    parse_token_response(&resp(status, r#"{"access_token":"at"}"#), 0),
                    Err(Error::TokenEndpointFailed(BodyInfo { status: s, .. })) if s == status
                ),
                "{status}"
            );
        }
        assert!(parse_token_response(&resp(299, r#"{"access_token":"at"}"#), 0).is_ok());
    }

    #[test]
    fn a_json_body_that_is_not_an_object_is_refused() {
        for body in ["[]", "\"at\"", "null"] {
            assert_eq!(refusal(body), Error::NotObject, "{body}");
        }
    }

    #[test]
    fn a_missing_or_empty_access_token_is_refused() {
        for body in [
            r#"{"token_type":"Bearer"}"#,
            r#"{"access_token":""}"#,
            r#"{"access_token":null}"#,
            r#"{"access_token":5}"#,
        ] {
            assert_eq!(refusal(body), Error::MissingAccessToken, "{body}");
        }
    }

    #[test]
    fn tokens_outside_printable_ascii_are_refused() {
        for key in ["access_token", "refresh_token", "id_token"] {
            for bad in [
                r"at\r\nX-Injected: 1",
                r"at\n",
                "a t",
                r"at\u001b[31m",
                r"at\u0000",
                r"at\u007f",
                r"\u00e9t\u00e9",
                r"at\u202e",
            ] {
                let body = if key == "access_token" {
                    format!(r#"{{"access_token":"{bad}"}}"#)
                } else {
                    format!(r#"{{"access_token":"at","{key}":"{bad}"}}"#)
                };
                let e = refusal(&body);
                assert_eq!(e, Error::BadTokenChars(key), "{body}");
                assert!(e.to_string().contains(key));
                assert!(
                    !e.to_string().contains("Injected"),
                    "the token is never echoed"
                );
            }
        }
        // Everything visible in ASCII passes: b64token, JWTs, and providers' opaque formats.
        let wide = "Az09-._~+/=!#$%&'()*,:;<>?@[]^`{|}";
        let t = parse(&format!(
            r#"{{"access_token":"{wide}","refresh_token":"{wide}","id_token":"a.b.c"}}"#
        ))
        .unwrap();
        assert_eq!(t.access_token.secret(), wide);
        assert_eq!(t.refresh_token.unwrap().secret(), wide);
    }

    /// RFC 9449 §5, any case; whether a proof went with the request is checked by the caller.
    #[test]
    fn a_dpop_token_type_is_read_in_any_case() {
        for t in ["DPoP", "dpop", "DPOP"] {
            let body = format!(r#"{{"access_token":"at","token_type":"{t}"}}"#);
            assert_eq!(parse(&body).unwrap().token_type, "DPoP");
        }
    }

    #[test]
    fn other_token_types_are_refused() {
        for (value, shown) in [
            (r#""MAC""#, "MAC"),
            (r#""mac""#, "mac"),
            ("5", "5"),
            ("true", "true"),
        ] {
            let body = format!(r#"{{"access_token":"at","token_type":{value}}}"#);
            assert_eq!(
                refusal(&body),
                Error::UnsupportedTokenType(shown.into()),
                "{value}"
            );
        }
    }

    #[test]
    fn optional_members_must_be_strings() {
        for key in ["refresh_token", "id_token", "scope"] {
            for value in ["5", "[]", "{}", "true"] {
                let body = format!(r#"{{"access_token":"at","{key}":{value}}}"#);
                assert_eq!(refusal(&body), Error::NotAString(key), "{body}");
            }
            for value in ["null", r#""""#] {
                let body = format!(r#"{{"access_token":"at","{key}":{value}}}"#);
                let t = parse(&body).unwrap();
                assert!(
                    t.refresh_token.is_none() && t.id_token.is_none() && t.scope.is_none(),
                    "{body}"
                );
            }
        }
    }

    #[test]
    fn refresh_merge_keeps_what_was_not_replaced() {
        let old =
            parse(r#"{"access_token":"a1","refresh_token":"r1","id_token":"i1","scope":"s"}"#)
                .unwrap();
        let new = parse_token_response(&resp(200, r#"{"access_token":"a2"}"#), 5).unwrap();
        let merged = TokenSet::merge_refresh(new, &old);
        assert_eq!(merged.access_token.secret(), "a2");
        assert_eq!(merged.refresh_token.unwrap().secret(), "r1");
        assert_eq!(merged.id_token.unwrap().secret(), "i1");
        assert_eq!(merged.scope.as_deref(), Some("s"));
        assert_eq!(merged.obtained_at, 5);
    }

    #[test]
    fn refresh_merge_takes_what_was_replaced() {
        let old =
            parse(r#"{"access_token":"a1","refresh_token":"r1","id_token":"i1","scope":"s"}"#)
                .unwrap();
        let rotated =
            parse(r#"{"access_token":"a3","refresh_token":"r2","id_token":"i2","scope":"s2"}"#)
                .unwrap();
        let merged = TokenSet::merge_refresh(rotated, &old);
        assert_eq!(merged.refresh_token.unwrap().secret(), "r2");
        assert_eq!(merged.id_token.unwrap().secret(), "i2");
        assert_eq!(merged.scope.as_deref(), Some("s2"));
    }

    #[test]
    fn expiry_margin_boundaries() {
        let t = parse_token_response(&resp(200, r#"{"access_token":"a","expires_in":100}"#), 0)
            .unwrap();
        // at == now + margin is within; one second later is not.
        assert!(t.expires_within(40, 60));
        assert!(!t.expires_within(39, 60));
        assert!(t.expires_within(100, 0));
        assert!(!t.expires_within(99, 0));
        assert!(t.expires_within(u64::MAX, 60));
        let forever = parse_token_response(&resp(200, r#"{"access_token":"a"}"#), 0).unwrap();
        assert!(!forever.expires_within(u64::MAX - 1, 60));
        assert!(!forever.expires_within(0, 0));
    }

    #[test]
    fn describe_body_names_facts_not_content() {
        let r = resp(502, "secret body");
        assert_eq!(
            describe_body(&r),
            "HTTP 502 with 11 bytes of application/json"
        );
    }
}
