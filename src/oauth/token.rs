//! The back channel: token, refresh and revocation requests (RFC 6749 §4.1.3, §6, RFC 7009) with the three
//! client authentication methods, and a token-response parser that tolerates the quirks real providers
//! document (lowercase `bearer`, `expires_in` as a string, `"id_token": ""`, errors at any HTTP status)
//! while refusing anything it cannot trust.

use super::http::{HttpRequest, HttpResponse};
use super::types::{
    AccessToken, AuthMethod, AuthorizationCode, ClientId, ClientSecret, IdToken, PkceVerifier,
    RefreshToken,
};
use crate::error::{Error, Result, sanitize};
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
}

impl ClientAuth<'_> {
    fn apply(&self, req: &mut HttpRequest) -> Result<()> {
        let form = req.form.get_or_insert_with(Vec::new);
        match (self.method, self.secret) {
            (AuthMethod::ClientSecretBasic, Some(secret)) => {
                let value = basic_authorization(self.client_id, secret);
                req.headers.push(("Authorization".into(), value));
            }
            (AuthMethod::ClientSecretPost, Some(secret)) => {
                form.push(("client_id".into(), self.client_id.as_str().into()));
                form.push(("client_secret".into(), secret.secret().into()));
            }
            (AuthMethod::None, _) => {
                form.push(("client_id".into(), self.client_id.as_str().into()));
            }
            (method, None) => {
                return Err(Error::usage(format!(
                    "auth method {} needs a client secret",
                    method.as_str()
                ))
                .with_hint(
                    "set OAUTHCTL_CLIENT_SECRET, or log in with --client-secret-file PATH or --client-secret -",
                ));
            }
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
    /// Always "Bearer": other types are refused at parse time.
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
pub fn oauth_error(what: &str, resp: &HttpResponse) -> Option<Error> {
    let value: Value = serde_json::from_slice(&resp.body).ok()?;
    let code = value.get("error")?.as_str()?;
    let mut msg = format!("{what}: {}", sanitize(code, 100));
    if let Some(d) = value.get("error_description").and_then(Value::as_str) {
        msg.push_str(&format!(" ({})", sanitize(d, 300)));
    }
    msg.push_str(&format!(" [HTTP {}]", resp.status));
    let err = Error::oauth(msg);
    Some(match code {
        "invalid_client" => err.with_hint(
            "check the client id and secret, and whether the provider wants --auth-method client_secret_basic or client_secret_post",
        ),
        "invalid_scope" => err.with_hint("ask for scopes the client is registered for (--scope)"),
        "unauthorized_client" => err.with_hint("the client is not allowed this grant type; check its registration"),
        _ => err,
    })
}

/// Describes a body that is not the JSON we need, without echoing it (it may hold anything).
pub fn describe_body(resp: &HttpResponse) -> String {
    let ct = resp.content_type.as_deref().unwrap_or("no content type");
    format!(
        "HTTP {} with {} bytes of {}",
        resp.status,
        resp.body.len(),
        sanitize(ct, 60)
    )
}

/// Parses a token endpoint response into a [`TokenSet`], or the error that explains why not.
pub fn parse_token_response(resp: &HttpResponse, now: u64) -> Result<TokenSet> {
    if let Some(err) = oauth_error("the token endpoint refused", resp) {
        return Err(err);
    }
    let value: Value = match serde_json::from_slice(&resp.body) {
        Ok(v) => v,
        Err(_) if std::str::from_utf8(&resp.body).is_err() => {
            return Err(Error::other(format!(
                "the token response is not valid UTF-8 ({})",
                describe_body(resp)
            )));
        }
        Err(_) => {
            return Err(Error::other(format!(
                "the token response is not JSON ({})",
                describe_body(resp)
            )));
        }
    };
    if !resp.is_success() {
        return Err(Error::other(format!(
            "the token endpoint failed without an OAuth error ({})",
            describe_body(resp)
        )));
    }
    let obj = value
        .as_object()
        .ok_or_else(|| Error::other("the token response is JSON but not an object"))?;

    let access_token = match obj.get("access_token") {
        Some(Value::String(s)) if !s.is_empty() => AccessToken::new(s.clone()),
        _ => {
            return Err(Error::other("the token response has no `access_token`"));
        }
    };
    let token_type = match obj.get("token_type") {
        // Lenient on a missing type: several providers omit it and every one of them means Bearer.
        None | Some(Value::Null) => "Bearer".to_string(),
        Some(Value::String(t)) if t.eq_ignore_ascii_case("bearer") => "Bearer".to_string(),
        Some(other) => {
            let shown = other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_string);
            return Err(Error::other(format!(
                "unsupported token_type {:?}: oauthctl handles Bearer tokens only",
                sanitize(&shown, 40)
            )));
        }
    };
    let expires_at = match obj.get("expires_in") {
        None | Some(Value::Null) => None,
        Some(v) => Some(now.saturating_add(parse_expires_in(v)?)),
    };
    Ok(TokenSet {
        access_token,
        token_type,
        refresh_token: optional_string(obj, "refresh_token")?.map(RefreshToken::new),
        id_token: optional_string(obj, "id_token")?.map(IdToken::new),
        scope: optional_string(obj, "scope")?,
        expires_at,
        obtained_at: now,
    })
}

/// `expires_in` as a JSON number or a numeric string ("3600"), as providers send both.
fn parse_expires_in(v: &Value) -> Result<u64> {
    let secs = match v {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    secs.ok_or_else(|| {
        Error::other(format!(
            "the token response's expires_in {} is not a number of seconds",
            sanitize(&v.to_string(), 40)
        ))
    })
}

/// A string member where `""` and `null` mean absent (`"id_token": ""` is a documented quirk).
fn optional_string(obj: &serde_json::Map<String, Value>, key: &str) -> Result<Option<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::other(format!(
            "the token response's `{key}` is not a string"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use crate::oauth::types::PkceVerifier;

    fn url() -> Url {
        Url::parse("https://idp.test/token").unwrap()
    }

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            content_type: Some("application/json".into()),
            www_authenticate: None,
            body: body.as_bytes().to_vec(),
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
        let auth = ClientAuth {
            client_id: &id,
            secret: Some(&secret),
            method: AuthMethod::ClientSecretBasic,
        };
        let req = code_request(
            &url(),
            &auth,
            &AuthorizationCode::new("the code"),
            "http://127.0.0.1:1/cb",
            Some(&PkceVerifier::new("ver")),
            &[("resource".into(), "https://api.test".into())],
        )
        .unwrap();
        assert_eq!(
            req.body().unwrap(),
            "grant_type=authorization_code&code=the+code&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb\
             &code_verifier=ver&resource=https%3A%2F%2Fapi.test"
        );
        assert_eq!(req.header("authorization"), Some("Basic Y2lkOnNlYw=="));
    }

    #[test]
    fn post_and_none_put_the_client_in_the_body() {
        let id = ClientId::new("cid");
        let secret = ClientSecret::new("s&c");
        let post = ClientAuth {
            client_id: &id,
            secret: Some(&secret),
            method: AuthMethod::ClientSecretPost,
        };
        let req = refresh_request(&url(), &post, &RefreshToken::new("rt"), &[]).unwrap();
        assert_eq!(
            req.body().unwrap(),
            "grant_type=refresh_token&refresh_token=rt&client_id=cid&client_secret=s%26c"
        );
        assert_eq!(req.header("authorization"), None);
        let none = ClientAuth {
            client_id: &id,
            secret: None,
            method: AuthMethod::None,
        };
        let req = refresh_request(&url(), &none, &RefreshToken::new("rt"), &[]).unwrap();
        assert_eq!(
            req.body().unwrap(),
            "grant_type=refresh_token&refresh_token=rt&client_id=cid"
        );
        let basic_without_secret = ClientAuth {
            client_id: &id,
            secret: None,
            method: AuthMethod::ClientSecretBasic,
        };
        assert_eq!(
            refresh_request(&url(), &basic_without_secret, &RefreshToken::new("rt"), &[])
                .unwrap_err()
                .kind,
            Kind::Usage
        );
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
        assert!(t.id_token.is_none());
        assert_eq!(t.refresh_token.unwrap().secret(), "rt");
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
    fn oauth_errors_at_any_status_are_exit_3() {
        for status in [400, 401, 404, 200] {
            let e = parse_token_response(
                &resp(
                    status,
                    r#"{"error":"invalid_grant","error_description":"bad code"}"#,
                ),
                0,
            )
            .unwrap_err();
            assert_eq!(e.kind, Kind::OAuth);
            assert_eq!(
                e.message,
                format!("the token endpoint refused: invalid_grant (bad code) [HTTP {status}]")
            );
        }
    }

    #[test]
    fn broken_responses_are_exit_1() {
        let cases = [
            resp(200, "<html>oops</html>"),
            resp(500, "<html>oops</html>"),
            resp(200, r#"{"token_type":"Bearer"}"#),
            resp(200, r#"{"access_token":"at","token_type":"MAC"}"#),
            resp(200, r#"{"access_token":"at","expires_in":"soon"}"#),
            resp(200, r#"{"access_token":"at","refresh_token":5}"#),
            resp(500, r#"{"message":"down"}"#),
            resp(200, ""),
            HttpResponse {
                status: 200,
                body: b"{\"access_token\":\"\xff\xfe\"}".to_vec(),
                ..Default::default()
            },
        ];
        for r in cases {
            let e = parse_token_response(&r, 0).unwrap_err();
            assert_eq!(e.kind, Kind::Other, "{}", e.message);
            assert!(!e.message.contains("oops"));
        }
    }

    #[test]
    fn refresh_merge_keeps_what_was_not_replaced() {
        let old = parse_token_response(
            &resp(
                200,
                r#"{"access_token":"a1","refresh_token":"r1","id_token":"i1","scope":"s"}"#,
            ),
            0,
        )
        .unwrap();
        let new = parse_token_response(&resp(200, r#"{"access_token":"a2"}"#), 5).unwrap();
        let merged = TokenSet::merge_refresh(new, &old);
        assert_eq!(merged.refresh_token.unwrap().secret(), "r1");
        assert_eq!(merged.id_token.unwrap().secret(), "i1");
        let rotated = parse_token_response(
            &resp(200, r#"{"access_token":"a3","refresh_token":"r2"}"#),
            5,
        )
        .unwrap();
        assert_eq!(
            TokenSet::merge_refresh(rotated, &old)
                .refresh_token
                .unwrap()
                .secret(),
            "r2"
        );
    }

    #[test]
    fn expiry_margin() {
        let t = parse_token_response(&resp(200, r#"{"access_token":"a","expires_in":100}"#), 0)
            .unwrap();
        assert!(!t.expires_within(0, 60));
        assert!(t.expires_within(41, 60));
        let forever = parse_token_response(&resp(200, r#"{"access_token":"a"}"#), 0).unwrap();
        assert!(!forever.expires_within(u64::MAX - 1, 60));
    }
}
