//! HTTP exchanges as plain data: the core builds requests and reads responses without touching a socket,
//! so tests can assert the exact method, URL, headers and form body, and the adapter that sends them stays
//! free of protocol decisions.

use url::Url;
use zeroize::Zeroize;

/// The largest provider response oauthctl reads; anything bigger is refused rather than buffered.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A request to a provider endpoint. Header and form values may hold secrets; they are wiped on drop, and
/// `Debug` masks them like the tracer does.
pub struct HttpRequest {
    pub method: Method,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    /// `application/x-www-form-urlencoded` body fields, in order.
    pub form: Option<Vec<(String, String)>>,
    /// A client assertion (RFC 7523) still to be signed into the form when the request is sent, with the
    /// time and a fresh `jti` of that moment (see `Ctx::send`).
    pub assertion: Option<std::sync::Arc<super::client_assertion::AssertionPlan>>,
    /// A DPoP proof (RFC 9449) still to be signed into a `DPoP` header when the request is sent: like the
    /// assertion, each proof needs the time, a fresh `jti` and the server's latest nonce of that moment.
    pub dpop: Option<super::dpop::DpopPlan>,
}

impl HttpRequest {
    pub fn get(url: Url) -> Self {
        HttpRequest {
            method: Method::Get,
            url,
            headers: vec![("Accept".into(), "application/json".into())],
            form: None,
            assertion: None,
            dpop: None,
        }
    }

    pub fn post_form(url: Url, form: Vec<(String, String)>) -> Self {
        HttpRequest {
            method: Method::Post,
            url,
            headers: vec![
                ("Accept".into(), "application/json".into()),
                (
                    "Content-Type".into(),
                    "application/x-www-form-urlencoded".into(),
                ),
            ],
            form: Some(form),
            assertion: None,
            dpop: None,
        }
    }

    /// A copy (the secrets in it included: both copies wipe them on drop).
    pub fn duplicate(&self) -> HttpRequest {
        HttpRequest {
            method: self.method,
            url: self.url.clone(),
            headers: self.headers.clone(),
            form: self.form.clone(),
            assertion: self.assertion.clone(),
            dpop: self.dpop.clone(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn form_value(&self, name: &str) -> Option<&str> {
        self.form
            .as_ref()?
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The encoded body exactly as sent on the wire.
    pub fn body(&self) -> Option<String> {
        let form = self.form.as_ref()?;
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in form {
            ser.append_pair(k, v);
        }
        Some(ser.finish())
    }
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mask = |secret: bool, v: &str| {
            if secret {
                "***".to_string()
            } else {
                v.to_string()
            }
        };
        let headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), mask(is_secret_header(k), v)))
            .collect();
        let form: Option<Vec<(String, String)>> = self.form.as_ref().map(|form| {
            form.iter()
                .map(|(k, v)| (k.clone(), mask(is_secret_field(k), v)))
                .collect()
        });
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url.as_str())
            .field("headers", &headers)
            .field("form", &form)
            .finish()
    }
}

impl Drop for HttpRequest {
    fn drop(&mut self) {
        for (_, v) in self.headers.iter_mut() {
            v.zeroize();
        }
        if let Some(form) = self.form.as_mut() {
            for (_, v) in form.iter_mut() {
                v.zeroize();
            }
        }
    }
}

/// What came back, already capped at [`MAX_RESPONSE_BYTES`] by the adapter.
#[derive(Clone, Debug, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub www_authenticate: Option<String>,
    /// RFC 9449 §8–9: the `DPoP-Nonce` header, the nonce the server wants in the next proofs.
    pub dpop_nonce: Option<String>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Form fields, JSON members and query parameters whose values are credentials and are masked in traces.
pub const SECRET_FIELDS: &[&str] = &[
    "client_secret",
    "code",
    "code_verifier",
    "device_code",
    "refresh_token",
    "access_token",
    "id_token",
    "token",
    "assertion",
    "client_assertion",
    "password",
    "subject_token",
    "actor_token",
];

pub fn is_secret_field(name: &str) -> bool {
    SECRET_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(name))
}

/// Authorize-request parameters that are not credentials but bind the login in flight (`state` against
/// CSRF, `nonce` against ID-token replay, the PKCE challenge): the browser sends them, traces mask them.
pub const LOGIN_BINDING_PARAMS: &[&str] = &["state", "nonce", "code_challenge"];

/// Query parameters masked in traces: the credentials and the login-binding values.
pub fn is_masked_query_param(name: &str) -> bool {
    is_secret_field(name)
        || LOGIN_BINDING_PARAMS
            .iter()
            .any(|p| p.eq_ignore_ascii_case(name))
}

/// Headers whose values are credentials.
pub fn is_secret_header(name: &str) -> bool {
    ["authorization", "cookie", "set-cookie", "dpop"]
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_body_is_urlencoded_in_order() {
        let req = HttpRequest::post_form(
            Url::parse("http://127.0.0.1/token").unwrap(),
            vec![("a".into(), "x y&z".into()), ("b".into(), "é".into())],
        );
        assert_eq!(req.body().unwrap(), "a=x+y%26z&b=%C3%A9");
        assert_eq!(
            req.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
    }

    #[test]
    fn debug_masks_credentials() {
        let mut req = HttpRequest::post_form(
            Url::parse("http://127.0.0.1/token").unwrap(),
            vec![
                ("code".into(), "c0de".into()),
                ("grant_type".into(), "authorization_code".into()),
            ],
        );
        req.headers
            .push(("Authorization".into(), "Basic c2VjcmV0".into()));
        let shown = format!("{req:?}");
        assert!(
            !shown.contains("c0de") && !shown.contains("c2VjcmV0"),
            "{shown}"
        );
        assert!(shown.contains("authorization_code"));
    }

    #[test]
    fn secret_fields_are_recognised() {
        assert!(is_secret_field("code_verifier"));
        assert!(is_secret_field("Refresh_Token"));
        assert!(!is_secret_field("grant_type"));
        assert!(is_secret_header("Authorization"));
    }

    #[test]
    fn every_secret_field_is_recognised_in_any_case() {
        for field in SECRET_FIELDS {
            assert!(is_secret_field(field), "{field}");
            assert!(is_secret_field(&field.to_uppercase()), "{field}");
        }
        for public in [
            "grant_type",
            "redirect_uri",
            "client_id",
            "scope",
            "token_type_hint",
            "user_code",
            "",
        ] {
            assert!(!is_secret_field(public), "{public}");
        }
        assert_eq!(SECRET_FIELDS.len(), 13);
    }

    #[test]
    fn login_binding_parameters_are_masked_in_urls_but_are_no_secret_fields() {
        for p in ["state", "Nonce", "code_challenge", "code", "access_token"] {
            assert!(is_masked_query_param(p), "{p}");
        }
        for p in [
            "client_id",
            "redirect_uri",
            "scope",
            "code_challenge_method",
        ] {
            assert!(!is_masked_query_param(p), "{p}");
        }
        assert!(!is_secret_field("state"));
    }

    #[test]
    fn secret_headers_are_recognised() {
        for h in ["Authorization", "cookie", "Set-Cookie", "DPoP"] {
            assert!(is_secret_header(h), "{h}");
        }
        for h in ["Accept", "Content-Type", "WWW-Authenticate"] {
            assert!(!is_secret_header(h), "{h}");
        }
    }

    #[test]
    fn debug_masks_every_secret_form_field_and_header() {
        let mut req = HttpRequest::post_form(
            Url::parse("http://127.0.0.1/token").unwrap(),
            vec![
                ("client_secret".into(), "s3cret".into()),
                ("refresh_token".into(), "r3fresh".into()),
                ("scope".into(), "openid".into()),
            ],
        );
        req.headers.push(("Cookie".into(), "c00kie".into()));
        let shown = format!("{req:?}");
        for secret in ["s3cret", "r3fresh", "c00kie"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(
            shown.contains("openid") && shown.contains("application/json"),
            "{shown}"
        );
        assert!(shown.contains("***"), "{shown}");
        assert!(
            shown.contains("Post") && shown.contains("http://127.0.0.1/token"),
            "{shown}"
        );
    }

    #[test]
    fn get_requests_have_no_body() {
        let req = HttpRequest::get(Url::parse("http://127.0.0.1/me").unwrap());
        assert_eq!(req.method, Method::Get);
        assert_eq!(req.body(), None);
        assert_eq!(req.form_value("a"), None);
        assert_eq!(req.header("ACCEPT"), Some("application/json"));
        assert_eq!(req.header("content-type"), None);
        assert!(format!("{req:?}").contains("form: None"));
    }

    #[test]
    fn post_form_fields_and_headers_are_found_by_name() {
        let req = HttpRequest::post_form(
            Url::parse("http://127.0.0.1/token").unwrap(),
            vec![("a".into(), "1".into()), ("b".into(), "2".into())],
        );
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.form_value("b"), Some("2"));
        assert_eq!(req.form_value("B"), None);
        assert_eq!(req.form_value("c"), None);
        assert_eq!(req.header("Accept"), Some("application/json"));
        assert_eq!(req.header("missing"), None);
        assert_eq!(
            HttpRequest::post_form(Url::parse("http://127.0.0.1/").unwrap(), vec![]).body(),
            Some(String::new())
        );
    }

    #[test]
    fn methods_are_named_as_on_the_wire() {
        assert_eq!(Method::Get.as_str(), "GET");
        assert_eq!(Method::Post.as_str(), "POST");
    }

    #[test]
    fn success_is_exactly_2xx() {
        let at = |status| HttpResponse {
            status,
            ..Default::default()
        };
        for status in [200, 201, 204, 299] {
            assert!(at(status).is_success(), "{status}");
        }
        for status in [199, 300, 302, 400, 500] {
            assert!(!at(status).is_success(), "{status}");
        }
    }

    #[test]
    fn responses_are_capped_at_one_mebibyte() {
        // The limit is part of what oauthctl accepts from a provider; changing it should be deliberate.
        assert_eq!(MAX_RESPONSE_BYTES, 1_048_576);
    }
}
