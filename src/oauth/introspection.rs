//! RFC 7662 token introspection without I/O: the request (the token, its `token_type_hint`, and client
//! authentication exactly as at the token endpoint) and the checks on the answer. The answer is handed
//! on as the provider's JSON, but only once it is an object with a boolean `active`: anything else is not
//! an introspection response, and a script reading `.active` must never see a guess.

use super::error::{BodyInfo, Endpoint, Error, Result};
use super::http::{HttpRequest, HttpResponse};
use super::token::{ClientAuth, oauth_error, revoke_request};
use serde_json::{Map, Value};
use url::Url;

/// The introspection request for one token (RFC 7662 §2.1): the same form and client authentication as a
/// revocation request (RFC 7009 §2.1), so it is built by the same code.
pub fn request(url: &Url, auth: &ClientAuth, token: &str, hint: &str) -> Result<HttpRequest> {
    revoke_request(url, auth, token, hint)
}

/// The provider's answer as a JSON object with a boolean `active` (RFC 7662 §2.2), or why not. An OAuth
/// error body is the provider's refusal whatever the status.
pub fn parse_response(resp: &HttpResponse) -> Result<Map<String, Value>> {
    if let Some(err) = oauth_error(Endpoint::Introspection, resp) {
        return Err(err);
    }
    if !resp.is_success() {
        return Err(Error::EndpointFailed {
            endpoint: Endpoint::Introspection,
            body: BodyInfo::of(resp),
        });
    }
    let obj = match serde_json::from_slice::<Value>(&resp.body) {
        Ok(Value::Object(obj)) => obj,
        _ => return Err(Error::IntrospectionNotObject(BodyInfo::of(resp))),
    };
    match obj.get("active") {
        Some(Value::Bool(_)) => Ok(obj),
        _ => Err(Error::IntrospectionNoActive),
    }
}

/// The facts of an active answer a one-line summary shows: `exp` (Unix seconds) and `scope`, each when
/// present with the type RFC 7662 gives it. `None` for an inactive token.
pub struct Summary<'a> {
    pub exp: Option<u64>,
    pub scope: Option<&'a str>,
}

pub fn summary(answer: &Map<String, Value>) -> Option<Summary<'_>> {
    (answer.get("active") == Some(&Value::Bool(true))).then(|| Summary {
        exp: answer.get("exp").and_then(Value::as_u64),
        scope: answer.get("scope").and_then(Value::as_str),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::error::Category;
    use crate::oauth::types::{AuthMethod, ClientId, ClientSecret};
    use serde_json::json;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            content_type: Some("application/json".into()),
            www_authenticate: None,
            dpop_nonce: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn request_bodies_per_auth_method() {
        let url = Url::parse("https://idp.test/introspect").unwrap();
        let id = ClientId::new("cid");
        let secret = ClientSecret::new("sec");
        let auth = |method, secret| ClientAuth {
            client_id: &id,
            secret,
            method,
            assertion: None,
        };
        let basic = request(
            &url,
            &auth(AuthMethod::ClientSecretBasic, Some(&secret)),
            "at+/=",
            "access_token",
        )
        .unwrap();
        assert_eq!(basic.url, url);
        assert_eq!(basic.method, crate::oauth::http::Method::Post);
        assert_eq!(
            basic.body().unwrap(),
            "token=at%2B%2F%3D&token_type_hint=access_token"
        );
        assert_eq!(basic.header("authorization"), Some("Basic Y2lkOnNlYw=="));
        let post = request(
            &url,
            &auth(AuthMethod::ClientSecretPost, Some(&secret)),
            "rt",
            "refresh_token",
        )
        .unwrap();
        assert_eq!(
            post.body().unwrap(),
            "token=rt&token_type_hint=refresh_token&client_id=cid&client_secret=sec"
        );
        assert_eq!(post.header("authorization"), None);
        let none = request(&url, &auth(AuthMethod::None, None), "at", "access_token").unwrap();
        assert_eq!(
            none.body().unwrap(),
            "token=at&token_type_hint=access_token&client_id=cid"
        );
        assert!(matches!(
            request(
                &url,
                &auth(AuthMethod::ClientSecretBasic, None),
                "at",
                "access_token"
            ),
            Err(Error::MissingClientSecret(_))
        ));
    }

    #[test]
    fn an_answer_is_the_providers_object_as_sent() {
        let body = r#"{"active":true,"scope":"openid email","exp":1800003600,"x":{"y":[1]}}"#;
        let obj = parse_response(&resp(200, body)).unwrap();
        assert_eq!(
            Value::Object(obj.clone()),
            serde_json::from_str::<Value>(body).unwrap()
        );
        let s = summary(&obj).unwrap();
        assert_eq!(
            (s.exp, s.scope),
            (Some(1_800_003_600), Some("openid email"))
        );
        let inactive = parse_response(&resp(200, r#"{"active":false}"#)).unwrap();
        assert!(summary(&inactive).is_none());
    }

    #[test]
    fn summary_ignores_members_of_the_wrong_type() {
        let obj = json!({"active": true, "exp": "soon", "scope": ["a"]});
        let s = summary(obj.as_object().unwrap()).unwrap();
        assert_eq!((s.exp, s.scope), (None, None));
    }

    #[test]
    fn no_object_or_no_boolean_active_is_refused() {
        for body in ["[]", "\"active\"", "true", "<html>", ""] {
            assert!(
                matches!(
                    parse_response(&resp(200, body)),
                    Err(Error::IntrospectionNotObject(_))
                ),
                "{body}"
            );
        }
        for body in [
            r#"{}"#,
            r#"{"active":"true"}"#,
            r#"{"active":1}"#,
            r#"{"active":null}"#,
        ] {
            let err = parse_response(&resp(200, body)).unwrap_err();
            assert_eq!(err, Error::IntrospectionNoActive, "{body}");
            assert_eq!(err.category(), Category::Broken);
        }
    }

    #[test]
    fn an_oauth_error_at_any_status_is_the_providers_refusal() {
        for status in [200, 401] {
            let err = parse_response(&resp(status, r#"{"error":"invalid_client"}"#)).unwrap_err();
            assert!(
                matches!(&err, Error::Provider { endpoint: Endpoint::Introspection, error, .. } if error == "invalid_client")
            );
            assert_eq!(err.category(), Category::Provider);
        }
        let err = parse_response(&resp(500, r#"{"active":true}"#)).unwrap_err();
        assert!(matches!(
            err,
            Error::EndpointFailed {
                endpoint: Endpoint::Introspection,
                ..
            }
        ));
    }
}
