//! The device authorization grant (RFC 8628), without I/O: the request for a device code, the checks on
//! what comes back (a hostile answer must not reach the terminal or make oauthctl poll without pause),
//! the polling request, and what one poll answer means for the wait, as a pure decision.

use super::error::{BodyInfo, Endpoint, Error, Result, is_unsafe_char, sanitize};
use super::http::{HttpRequest, HttpResponse};
use super::provider::secure_transport;
use super::token::{ClientAuth, TokenSet, oauth_error, parse_token_response};
use super::types::{DeviceCode, Scope};
use serde_json::{Map, Value};
use std::fmt;
use url::Url;

/// RFC 8628 §3.4.
pub const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// RFC 8628 §3.2: the polling interval when the provider names none.
pub const DEFAULT_INTERVAL: u64 = 5;
/// RFC 8628 §3.5: what `slow_down` adds to the interval, for this and every later poll.
pub const SLOW_DOWN_STEP: u64 = 5;
/// A provider asking for a longer pause is taken at this word: the code would expire between polls.
pub const MAX_INTERVAL: u64 = 300;
/// A device code is never waited on for longer than a day, whatever `expires_in` says.
pub const MAX_EXPIRES_IN: u64 = 86_400;
/// Sizes beyond which the answer is refused rather than printed or sent back: a user code is typed by
/// a person (RFC 8628 §6.1 suggests about eight characters), a URI is shown and opened.
const MAX_USER_CODE: usize = 64;
const MAX_DEVICE_CODE: usize = 4096;
const MAX_URI: usize = 2048;

/// Why a device authorization answer cannot be used. Provider text in it is sanitized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceError {
    /// An OAuth error body, or anything the token-response parser refused.
    #[error(transparent)]
    Core(#[from] Error),
    #[error("the device authorization response is not JSON ({0})")]
    NotJson(BodyInfo),
    #[error("the device authorization endpoint failed without an OAuth error ({0})")]
    Failed(BodyInfo),
    #[error("the device authorization response is JSON but not an object")]
    NotObject,
    #[error("the device authorization response has no `{0}`")]
    Missing(&'static str),
    #[error("the device authorization response's `{0}` has the wrong type or is empty")]
    BadType(&'static str),
    #[error("the device authorization response's `{0}` is too long")]
    TooLong(&'static str),
    /// Control, bidi or zero-width characters: a code shown to a person must read as what it is.
    #[error(
        "the device authorization response's `{0}` holds characters that cannot be shown safely"
    )]
    UnsafeChars(&'static str),
    #[error(
        "the device authorization response's `{name}` {value:?} is not an https:// URL (http:// only on loopback)"
    )]
    BadUri { name: &'static str, value: String },
}

impl DeviceError {
    /// A provider refusal (exit 3 at the edge); every other variant is a broken answer.
    pub fn core(&self) -> Option<&Error> {
        match self {
            DeviceError::Core(e) => Some(e),
            _ => None,
        }
    }
}

/// RFC 8628 §3.1: asks for a device code. Client authentication as at the token endpoint (`client_id`
/// in the form for a public client); `extra` are the login's `--param`s (an `audience`, a `resource`).
pub fn authorization_request(
    url: &Url,
    auth: &ClientAuth,
    scope: &Scope,
    extra: &[(String, String)],
) -> Result<HttpRequest> {
    let mut form = Vec::new();
    if !scope.is_empty() {
        form.push(("scope".to_string(), scope.joined()));
    }
    form.extend(extra.iter().cloned());
    let mut req = HttpRequest::post_form(url.clone(), form);
    auth.apply(&mut req)?;
    Ok(req)
}

/// RFC 8628 §3.4: one poll of the token endpoint.
pub fn token_request(
    token_url: &Url,
    auth: &ClientAuth,
    device_code: &DeviceCode,
    extra: &[(String, String)],
) -> Result<HttpRequest> {
    let mut form = vec![
        ("grant_type".to_string(), GRANT_TYPE.to_string()),
        ("device_code".to_string(), device_code.secret().to_string()),
    ];
    form.extend(extra.iter().cloned());
    let mut req = HttpRequest::post_form(token_url.clone(), form);
    auth.apply(&mut req)?;
    Ok(req)
}

/// A checked device authorization answer (RFC 8628 §3.2).
pub struct DeviceAuthorization {
    pub device_code: DeviceCode,
    /// Printable, no unsafe characters, at most 64 characters.
    pub user_code: String,
    pub verification_uri: Url,
    pub verification_uri_complete: Option<Url>,
    /// Seconds, 1 to [`MAX_EXPIRES_IN`].
    pub expires_in: u64,
    /// Seconds, 1 to [`MAX_INTERVAL`].
    pub interval: u64,
}

impl fmt::Debug for DeviceAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceAuthorization")
            .field("device_code", &self.device_code)
            .field("user_code", &self.user_code)
            .field("verification_uri", &self.verification_uri.as_str())
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

/// Parses and checks the answer of the device authorization endpoint.
pub fn parse_authorization(resp: &HttpResponse) -> Result<DeviceAuthorization, DeviceError> {
    if let Some(err) = oauth_error(Endpoint::DeviceAuthorization, resp) {
        return Err(err.into());
    }
    let value: Value =
        serde_json::from_slice(&resp.body).map_err(|_| DeviceError::NotJson(BodyInfo::of(resp)))?;
    if !resp.is_success() {
        return Err(DeviceError::Failed(BodyInfo::of(resp)));
    }
    let obj = value.as_object().ok_or(DeviceError::NotObject)?;
    let device_code =
        text(obj, "device_code", MAX_DEVICE_CODE)?.ok_or(DeviceError::Missing("device_code"))?;
    // It goes back in a form body only, but a control character there is never a real code.
    if !device_code.chars().all(|c| c.is_ascii_graphic()) {
        return Err(DeviceError::UnsafeChars("device_code"));
    }
    let user_code =
        text(obj, "user_code", MAX_USER_CODE)?.ok_or(DeviceError::Missing("user_code"))?;
    if user_code.chars().any(is_unsafe_char) {
        return Err(DeviceError::UnsafeChars("user_code"));
    }
    let verification_uri =
        uri(obj, "verification_uri")?.ok_or(DeviceError::Missing("verification_uri"))?;
    let verification_uri_complete = uri(obj, "verification_uri_complete")?;
    let expires_in = seconds(obj, "expires_in")?.ok_or(DeviceError::Missing("expires_in"))?;
    let interval = seconds(obj, "interval")?.unwrap_or(DEFAULT_INTERVAL);
    Ok(DeviceAuthorization {
        device_code: DeviceCode::new(device_code),
        user_code,
        verification_uri,
        verification_uri_complete,
        expires_in: expires_in.min(MAX_EXPIRES_IN),
        // 0 would poll without pause (RFC 8628 §3.5 wants a pause between polls).
        interval: interval.clamp(1, MAX_INTERVAL),
    })
}

/// A non-empty string member of at most `max` characters; `None` when absent.
fn text(
    obj: &Map<String, Value>,
    name: &'static str,
    max: usize,
) -> Result<Option<String>, DeviceError> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Err(DeviceError::BadType(name)),
        Some(Value::String(s)) if s.chars().count() > max => Err(DeviceError::TooLong(name)),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(DeviceError::BadType(name)),
    }
}

/// A URI the person is sent to: https, or http on loopback (a test provider), nothing else
/// (`javascript:`, `file:`…).
fn uri(obj: &Map<String, Value>, name: &'static str) -> Result<Option<Url>, DeviceError> {
    let Some(value) = text(obj, name, MAX_URI)? else {
        return Ok(None);
    };
    let bad = || DeviceError::BadUri {
        name,
        value: sanitize(&value, 200),
    };
    let url = Url::parse(&value).map_err(|_| bad())?;
    if !secure_transport(&url) {
        return Err(bad());
    }
    Ok(Some(url))
}

/// A positive number of seconds, as a number or a numeric string (as `expires_in` in token responses).
fn seconds(obj: &Map<String, Value>, name: &'static str) -> Result<Option<u64>, DeviceError> {
    let n = match obj.get(name) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        Some(_) => None,
    };
    match n {
        Some(n) if n > 0 => Ok(Some(n)),
        _ => Err(DeviceError::BadType(name)),
    }
}

/// What one poll answer means (RFC 8628 §3.5).
#[derive(Debug)]
pub enum Poll {
    /// `authorization_pending`: the person has not finished yet; poll again after the interval.
    Pending,
    /// `slow_down`: poll again, with the interval [`SLOW_DOWN_STEP`] longer from now on.
    SlowDown,
    /// The tokens.
    Done(Box<TokenSet>),
    /// `access_denied`: the person refused.
    Denied(Error),
    /// `expired_token`: the provider gave up on the code.
    Expired(Error),
    /// Any other answer: another OAuth error, or a response the token parser refused.
    Failed(Error),
}

/// Decides what one answer of the token endpoint means for the wait.
pub fn poll_outcome(resp: &HttpResponse, now: u64) -> Poll {
    if let Some(err) = oauth_error(Endpoint::Token, resp) {
        let Error::Provider { error, .. } = &err else {
            return Poll::Failed(err);
        };
        return match error.as_str() {
            "authorization_pending" => Poll::Pending,
            "slow_down" => Poll::SlowDown,
            "access_denied" => Poll::Denied(err),
            "expired_token" => Poll::Expired(err),
            _ => Poll::Failed(err),
        };
    }
    match parse_token_response(resp, now) {
        Ok(tokens) => Poll::Done(Box::new(tokens)),
        Err(e) => Poll::Failed(e),
    }
}

/// The interval after a poll answer: `slow_down` adds [`SLOW_DOWN_STEP`] (capped at [`MAX_INTERVAL`]).
pub fn next_interval(interval: u64, poll: &Poll) -> u64 {
    match poll {
        Poll::SlowDown => (interval + SLOW_DOWN_STEP).min(MAX_INTERVAL),
        _ => interval,
    }
}

/// The interval after a poll the network failed (connection refused, timed out): RFC 8628 §3.5 asks
/// for less frequent polls then, so it doubles (capped at [`MAX_INTERVAL`]) and, like `slow_down`'s,
/// stays.
pub fn backoff_interval(interval: u64) -> u64 {
    interval.saturating_mul(2).min(MAX_INTERVAL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::types::{AuthMethod, ClientId, ClientSecret};
    use serde_json::json;

    fn resp(status: u16, body: Value) -> HttpResponse {
        HttpResponse {
            status,
            content_type: Some("application/json".into()),
            body: body.to_string().into_bytes(),
            ..Default::default()
        }
    }

    fn url(u: &str) -> Url {
        Url::parse(u).unwrap()
    }

    #[test]
    fn the_device_authorization_request_of_a_public_client() {
        let id = ClientId::new("cli");
        let auth = ClientAuth {
            client_id: &id,
            secret: None,
            method: AuthMethod::None,
            assertion: None,
        };
        let req = authorization_request(
            &url("https://idp.test/device"),
            &auth,
            &Scope::from_parts(&["openid offline_access"]),
            &[("audience".into(), "api".into())],
        )
        .unwrap();
        assert_eq!(req.url.as_str(), "https://idp.test/device");
        assert_eq!(
            req.body().unwrap(),
            "scope=openid+offline_access&audience=api&client_id=cli"
        );
        assert_eq!(req.header("authorization"), None);
        // No scope: no empty `scope=`.
        let req = authorization_request(&url("https://idp.test/d"), &auth, &Scope::default(), &[])
            .unwrap();
        assert_eq!(req.body().unwrap(), "client_id=cli");
    }

    #[test]
    fn the_device_authorization_request_authenticates_a_confidential_client() {
        let id = ClientId::new("cli");
        let secret = ClientSecret::new("s3cret");
        let basic = ClientAuth {
            client_id: &id,
            secret: Some(&secret),
            method: AuthMethod::ClientSecretBasic,
            assertion: None,
        };
        let req = authorization_request(
            &url("https://idp.test/d"),
            &basic,
            &Scope::from_parts(&["a"]),
            &[],
        )
        .unwrap();
        assert_eq!(req.body().unwrap(), "scope=a");
        assert_eq!(req.header("authorization"), Some("Basic Y2xpOnMzY3JldA=="));
        let post = ClientAuth {
            method: AuthMethod::ClientSecretPost,
            ..basic
        };
        let req = authorization_request(
            &url("https://idp.test/d"),
            &post,
            &Scope::from_parts(&["a"]),
            &[],
        )
        .unwrap();
        assert_eq!(
            req.body().unwrap(),
            "scope=a&client_id=cli&client_secret=s3cret"
        );
    }

    #[test]
    fn the_poll_request() {
        let id = ClientId::new("cli");
        let auth = ClientAuth {
            client_id: &id,
            secret: None,
            method: AuthMethod::None,
            assertion: None,
        };
        let req = token_request(
            &url("https://idp.test/token"),
            &auth,
            &DeviceCode::new("dc-1"),
            &[("resource".into(), "r".into())],
        )
        .unwrap();
        assert_eq!(
            req.body().unwrap(),
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=dc-1&resource=r&client_id=cli"
        );
    }

    fn answer() -> Value {
        json!({
            "device_code": "dc-1", "user_code": "WDJB-MJHT",
            "verification_uri": "https://idp.test/device",
            "verification_uri_complete": "https://idp.test/device?user_code=WDJB-MJHT",
            "expires_in": 1800, "interval": 7,
        })
    }

    fn with(patch: Value) -> HttpResponse {
        let mut doc = answer();
        for (k, v) in patch.as_object().unwrap() {
            if v.is_null() {
                doc.as_object_mut().unwrap().remove(k);
            } else {
                doc[k] = v.clone();
            }
        }
        resp(200, doc)
    }

    #[test]
    fn parses_a_device_authorization_answer() {
        let a = parse_authorization(&resp(200, answer())).unwrap();
        assert_eq!(a.device_code.secret(), "dc-1");
        assert_eq!(a.user_code, "WDJB-MJHT");
        assert_eq!(a.verification_uri.as_str(), "https://idp.test/device");
        assert_eq!(
            a.verification_uri_complete.as_ref().unwrap().as_str(),
            "https://idp.test/device?user_code=WDJB-MJHT"
        );
        assert_eq!((a.expires_in, a.interval), (1800, 7));
        assert!(!format!("{a:?}").contains("dc-1"));
    }

    #[test]
    fn interval_defaults_to_five_and_numbers_may_be_strings() {
        let a = parse_authorization(&with(
            json!({"interval": null, "verification_uri_complete": null, "expires_in": "600"}),
        ))
        .unwrap();
        assert_eq!((a.expires_in, a.interval), (600, DEFAULT_INTERVAL));
        assert!(a.verification_uri_complete.is_none());
    }

    #[test]
    fn intervals_and_lifetimes_are_bounded() {
        let a = parse_authorization(&with(json!({"interval": 100000, "expires_in": 10000000})))
            .unwrap();
        assert_eq!((a.expires_in, a.interval), (MAX_EXPIRES_IN, MAX_INTERVAL));
        assert_eq!(
            parse_authorization(&with(json!({"interval": 0}))).err(),
            Some(DeviceError::BadType("interval"))
        );
    }

    #[test]
    fn refuses_answers_it_cannot_trust() {
        let long = "x".repeat(65);
        for (patch, want) in [
            (
                json!({"device_code": null}),
                DeviceError::Missing("device_code"),
            ),
            (
                json!({"user_code": null}),
                DeviceError::Missing("user_code"),
            ),
            (
                json!({"verification_uri": null}),
                DeviceError::Missing("verification_uri"),
            ),
            (
                json!({"expires_in": null}),
                DeviceError::Missing("expires_in"),
            ),
            (
                json!({"device_code": 5}),
                DeviceError::BadType("device_code"),
            ),
            (json!({"user_code": ""}), DeviceError::BadType("user_code")),
            (
                json!({"expires_in": -1}),
                DeviceError::BadType("expires_in"),
            ),
            (
                json!({"expires_in": "soon"}),
                DeviceError::BadType("expires_in"),
            ),
            (
                json!({"user_code": long}),
                DeviceError::TooLong("user_code"),
            ),
            (
                json!({"user_code": "AB\u{1b}[2J"}),
                DeviceError::UnsafeChars("user_code"),
            ),
            (
                json!({"user_code": "AB\u{202e}CD"}),
                DeviceError::UnsafeChars("user_code"),
            ),
            (
                json!({"device_code": "a\nb"}),
                DeviceError::UnsafeChars("device_code"),
            ),
            (
                json!({"verification_uri": "javascript:alert(1)"}),
                DeviceError::BadUri {
                    name: "verification_uri",
                    value: "javascript:alert(1)".into(),
                },
            ),
            (
                json!({"verification_uri_complete": "http://evil.test/d\u{1b}"}),
                DeviceError::BadUri {
                    name: "verification_uri_complete",
                    value: "http://evil.test/d".into(),
                },
            ),
        ] {
            assert_eq!(
                parse_authorization(&with(patch.clone())).err(),
                Some(want),
                "{patch}"
            );
        }
        assert_eq!(
            parse_authorization(&resp(200, json!([1]))).err(),
            Some(DeviceError::NotObject)
        );
        let html = HttpResponse {
            status: 200,
            body: b"<html>".to_vec(),
            ..Default::default()
        };
        assert!(matches!(
            parse_authorization(&html),
            Err(DeviceError::NotJson(_))
        ));
        assert!(matches!(
            parse_authorization(&resp(500, json!({}))),
            Err(DeviceError::Failed(_))
        ));
    }

    #[test]
    fn an_oauth_error_from_the_device_endpoint_is_the_providers_refusal() {
        let e = parse_authorization(&resp(
            400,
            json!({"error": "unauthorized_client", "error_description": "no\u{1b}[31m device"}),
        ))
        .unwrap_err();
        let core = e.core().expect("a provider error");
        assert_eq!(
            core.to_string(),
            "the device authorization endpoint refused: unauthorized_client (no[31m device) [HTTP 400]"
        );
    }

    #[test]
    fn the_poll_decision() {
        let err = |code: &str| resp(400, json!({"error": code}));
        assert!(matches!(
            poll_outcome(&err("authorization_pending"), 0),
            Poll::Pending
        ));
        assert!(matches!(poll_outcome(&err("slow_down"), 0), Poll::SlowDown));
        assert!(matches!(
            poll_outcome(&err("access_denied"), 0),
            Poll::Denied(Error::Provider { .. })
        ));
        assert!(matches!(
            poll_outcome(&err("expired_token"), 0),
            Poll::Expired(Error::Provider { .. })
        ));
        assert!(matches!(
            poll_outcome(&err("invalid_grant"), 0),
            Poll::Failed(Error::Provider { .. })
        ));
        // Whatever the status (RFC 8628 says 400, some answer 200 or 428).
        assert!(matches!(
            poll_outcome(&resp(200, json!({"error": "authorization_pending"})), 0),
            Poll::Pending
        ));
        let done = poll_outcome(
            &resp(200, json!({"access_token": "at", "expires_in": 60})),
            100,
        );
        let Poll::Done(tokens) = done else {
            panic!("{done:?}")
        };
        assert_eq!(tokens.expires_at, Some(160));
        assert!(matches!(
            poll_outcome(&resp(200, json!({"token_type": "Bearer"})), 0),
            Poll::Failed(Error::MissingAccessToken)
        ));
    }

    #[test]
    fn slow_down_adds_five_seconds_and_keeps_them() {
        assert_eq!(next_interval(5, &Poll::SlowDown), 10);
        assert_eq!(next_interval(10, &Poll::Pending), 10);
        assert_eq!(next_interval(MAX_INTERVAL, &Poll::SlowDown), MAX_INTERVAL);
    }

    #[test]
    fn a_failed_poll_doubles_the_interval_up_to_the_cap() {
        assert_eq!(backoff_interval(5), 10);
        assert_eq!(backoff_interval(10), 20);
        assert_eq!(backoff_interval(200), MAX_INTERVAL);
        assert_eq!(backoff_interval(u64::MAX), MAX_INTERVAL);
    }
}
