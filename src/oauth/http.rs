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
}

impl HttpRequest {
    pub fn get(url: Url) -> Self {
        HttpRequest {
            method: Method::Get,
            url,
            headers: vec![("Accept".into(), "application/json".into())],
            form: None,
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
}
