//! Pushed authorization requests (RFC 9126), without I/O: the authorize parameters go to the provider
//! over the back channel, with client authentication, and the browser gets only `client_id` and the
//! `request_uri` that stands for them. Nothing of the request can then be read or altered in the browser,
//! and a provider that requires PAR (`require_pushed_authorization_requests`) can be used at all.
//!
//! The `request_uri` is sent back in the browser's URL, so the answer is checked as strictly as anything
//! that reaches a URL or a terminal.

use super::error::{BodyInfo, Endpoint, Error, is_unsafe_char};
use super::http::{HttpRequest, HttpResponse};
use super::token::{ClientAuth, oauth_error};
use super::types::ClientId;
use serde_json::Value;
use url::Url;

/// A `request_uri` longer than this is refused: it goes into a URL a browser must open.
const MAX_REQUEST_URI: usize = 2048;

/// Why a pushed authorization answer cannot be used. Provider text in it is sanitized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParError {
    /// An OAuth error body (exit 3 at the edge).
    #[error(transparent)]
    Core(#[from] Error),
    #[error("the pushed authorization response is not JSON ({0})")]
    NotJson(BodyInfo),
    #[error("the pushed authorization endpoint failed without an OAuth error ({0})")]
    Failed(BodyInfo),
    #[error("the pushed authorization response has no usable `request_uri`")]
    BadRequestUri,
    #[error("the pushed authorization response's `expires_in` is not a positive number")]
    BadExpiresIn,
}

/// What the provider answered: the reference to the pushed request and how long it lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub request_uri: String,
    pub expires_in: u64,
}

/// RFC 9126 §2.1: every authorize parameter in the form, authenticated as at the token endpoint. The
/// `client_id` among the parameters stays (the provider needs it with every method), and the client
/// authentication adds its own only where the parameters lack it.
pub fn push_request(
    par_url: &Url,
    auth: &ClientAuth,
    authorize_params: Vec<(String, String)>,
) -> super::error::Result<HttpRequest> {
    let mut req = HttpRequest::post_form(par_url.clone(), authorize_params);
    auth.apply(&mut req)?;
    Ok(req)
}

/// RFC 9126 §2.2: 201 with `request_uri` and `expires_in` (200 is taken too: some providers use it).
pub fn parse_push_response(resp: &HttpResponse) -> Result<Pushed, ParError> {
    if let Some(err) = oauth_error(Endpoint::PushedAuthorization, resp) {
        return Err(err.into());
    }
    let value: Value =
        serde_json::from_slice(&resp.body).map_err(|_| ParError::NotJson(BodyInfo::of(resp)))?;
    if !resp.is_success() {
        return Err(ParError::Failed(BodyInfo::of(resp)));
    }
    let request_uri = match value.get("request_uri") {
        Some(Value::String(s))
            if !s.is_empty()
                && s.len() <= MAX_REQUEST_URI
                && !s.chars().any(|c| c.is_whitespace() || is_unsafe_char(c)) =>
        {
            s.clone()
        }
        _ => return Err(ParError::BadRequestUri),
    };
    let expires_in = match value.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64().filter(|s| *s > 0),
        _ => None,
    }
    .ok_or(ParError::BadExpiresIn)?;
    Ok(Pushed {
        request_uri,
        expires_in,
    })
}

/// RFC 9126 §4: the URL the browser opens, `client_id` and `request_uri` only. Parameters already in the
/// provider's authorize URL are kept, as for a plain authorize request.
pub fn authorize_url(authorize_url: &Url, client_id: &ClientId, pushed: &Pushed) -> Url {
    let mut url = authorize_url.clone();
    url.query_pairs_mut()
        .append_pair("client_id", client_id.as_str())
        .append_pair("request_uri", &pushed.request_uri);
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::types::{AuthMethod, ClientSecret};
    use serde_json::json;

    fn resp(status: u16, body: Value) -> HttpResponse {
        HttpResponse {
            status,
            content_type: Some("application/json".into()),
            www_authenticate: None,
            dpop_nonce: None,
            body: body.to_string().into_bytes(),
        }
    }

    fn params() -> Vec<(String, String)> {
        vec![
            ("response_type".into(), "code".into()),
            ("client_id".into(), "cli".into()),
            ("state".into(), "st".into()),
        ]
    }

    #[test]
    fn the_push_carries_the_parameters_and_the_client_authentication_once() {
        let url = Url::parse("https://idp.test/par").unwrap();
        let id = ClientId::new("cli");
        let secret = ClientSecret::new("s3");
        let auth = |method| ClientAuth {
            client_id: &id,
            secret: Some(&secret),
            method,
            assertion: None,
        };
        let post = push_request(&url, &auth(AuthMethod::ClientSecretPost), params()).unwrap();
        assert_eq!(post.url, url);
        let mut want = params();
        want.push(("client_secret".into(), "s3".into()));
        assert_eq!(post.form.clone().unwrap(), want);

        let basic = push_request(&url, &auth(AuthMethod::ClientSecretBasic), params()).unwrap();
        assert_eq!(basic.form.clone().unwrap(), params());
        assert!(basic.headers.iter().any(|(k, _)| k == "Authorization"));

        let public = ClientAuth {
            client_id: &id,
            secret: None,
            method: AuthMethod::None,
            assertion: None,
        };
        assert_eq!(
            push_request(&url, &public, params())
                .unwrap()
                .form
                .clone()
                .unwrap(),
            params()
        );
    }

    #[test]
    fn a_good_answer_gives_the_request_uri_and_the_browser_url_carries_only_it() {
        let pushed = parse_push_response(&resp(
            201,
            json!({"request_uri": "urn:ietf:params:oauth:request_uri:abc", "expires_in": 60}),
        ))
        .unwrap();
        assert_eq!(pushed.expires_in, 60);
        let url = authorize_url(
            &Url::parse("https://idp.test/auth?tenant=x").unwrap(),
            &ClientId::new("cli"),
            &pushed,
        );
        assert_eq!(
            url.as_str(),
            "https://idp.test/auth?tenant=x&client_id=cli&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Aabc"
        );
    }

    #[test]
    fn errors_and_broken_answers_are_refused() {
        let err = parse_push_response(&resp(
            400,
            json!({"error": "invalid_request", "error_description": "bad redirect_uri"}),
        ))
        .unwrap_err();
        assert!(
            matches!(err, ParError::Core(Error::Provider { .. })),
            "{err:?}"
        );
        for (status, body, want) in [
            (500, json!({}), "failed without an OAuth error"),
            (201, json!({"expires_in": 60}), "request_uri"),
            (
                201,
                json!({"request_uri": "", "expires_in": 60}),
                "request_uri",
            ),
            (
                201,
                json!({"request_uri": 5, "expires_in": 60}),
                "request_uri",
            ),
            (
                201,
                json!({"request_uri": "urn:x\u{1b}[2J", "expires_in": 60}),
                "request_uri",
            ),
            (
                201,
                json!({"request_uri": "urn:x y", "expires_in": 60}),
                "request_uri",
            ),
            (
                201,
                json!({"request_uri": "x".repeat(3000), "expires_in": 60}),
                "request_uri",
            ),
            (201, json!({"request_uri": "urn:x"}), "expires_in"),
            (
                201,
                json!({"request_uri": "urn:x", "expires_in": 0}),
                "expires_in",
            ),
            (
                201,
                json!({"request_uri": "urn:x", "expires_in": "60"}),
                "expires_in",
            ),
        ] {
            let err = parse_push_response(&resp(status, body.clone())).unwrap_err();
            assert!(err.to_string().contains(want), "{body}: {err}");
        }
        let not_json = HttpResponse {
            status: 201,
            content_type: Some("text/html".into()),
            www_authenticate: None,
            dpop_nonce: None,
            body: b"<html>".to_vec(),
        };
        assert!(matches!(
            parse_push_response(&not_json),
            Err(ParError::NotJson(_))
        ));
    }
}
