//! RFC 7009 token revocation, the parts without I/O: which tokens a session revokes and in what order,
//! and what an answer means. The request itself is built by [`super::token::revoke_request`], beside the
//! other back-channel requests, so the three client authentication methods live in one place.

use super::error::{BodyInfo, Endpoint, Error, Result};
use super::http::HttpResponse;
use super::token::{TokenSet, oauth_error};

/// The tokens of a set to revoke, each with its `token_type_hint`: the refresh token first (on many
/// providers revoking it also kills the access tokens issued with it, RFC 7009 §2.1), then the access
/// token.
pub fn targets(tokens: &TokenSet) -> Vec<(&str, &'static str)> {
    tokens
        .refresh_token
        .as_ref()
        .map(|r| (r.secret(), "refresh_token"))
        .into_iter()
        .chain([(tokens.access_token.secret(), "access_token")])
        .collect()
}

/// RFC 7009 §2.2: any 2xx means revoked (also for a token the provider no longer knew); an OAuth error
/// body is the provider's refusal whatever the status; any other answer is a failure.
pub fn check_response(resp: &HttpResponse) -> Result<()> {
    if let Some(err) = oauth_error(Endpoint::Revocation, resp) {
        return Err(err);
    }
    if resp.is_success() {
        return Ok(());
    }
    Err(Error::EndpointFailed {
        endpoint: Endpoint::Revocation,
        body: BodyInfo::of(resp),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::token::{ClientAuth, revoke_request};
    use crate::oauth::types::{AccessToken, AuthMethod, ClientId, ClientSecret, RefreshToken};
    use url::Url;

    fn set(refresh: Option<&str>) -> TokenSet {
        TokenSet {
            access_token: AccessToken::new("at"),
            token_type: "Bearer".into(),
            refresh_token: refresh.map(RefreshToken::new),
            id_token: None,
            scope: None,
            expires_at: None,
            obtained_at: 0,
        }
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

    #[test]
    fn the_refresh_token_goes_first() {
        assert_eq!(
            targets(&set(Some("rt"))),
            [("rt", "refresh_token"), ("at", "access_token")]
        );
        assert_eq!(targets(&set(None)), [("at", "access_token")]);
    }

    #[test]
    fn revoke_request_bodies_per_auth_method() {
        let url = Url::parse("https://idp.test/revoke").unwrap();
        let id = ClientId::new("cid");
        let secret = ClientSecret::new("s:c");
        let auth = |method, secret| ClientAuth {
            client_id: &id,
            secret,
            method,
            assertion: None,
        };
        let basic = revoke_request(
            &url,
            &auth(AuthMethod::ClientSecretBasic, Some(&secret)),
            "rt",
            "refresh_token",
        )
        .unwrap();
        assert_eq!(basic.url, url);
        assert_eq!(basic.method, crate::oauth::http::Method::Post);
        assert_eq!(
            basic.body().unwrap(),
            "token=rt&token_type_hint=refresh_token"
        );
        assert_eq!(basic.header("authorization"), Some("Basic Y2lkOnMlM0Fj"));
        let post = revoke_request(
            &url,
            &auth(AuthMethod::ClientSecretPost, Some(&secret)),
            "a t",
            "access_token",
        )
        .unwrap();
        assert_eq!(
            post.body().unwrap(),
            "token=a+t&token_type_hint=access_token&client_id=cid&client_secret=s%3Ac"
        );
        assert_eq!(post.header("authorization"), None);
        let none =
            revoke_request(&url, &auth(AuthMethod::None, None), "at", "access_token").unwrap();
        assert_eq!(
            none.body().unwrap(),
            "token=at&token_type_hint=access_token&client_id=cid"
        );
    }

    #[test]
    fn any_2xx_is_revoked() {
        for (status, body) in [(200, ""), (200, "{}"), (204, "")] {
            assert_eq!(check_response(&resp(status, body)), Ok(()), "{status}");
        }
    }

    #[test]
    fn an_oauth_error_is_the_providers_refusal_at_any_status() {
        for status in [200, 400, 503] {
            let err = check_response(&resp(
                status,
                r#"{"error":"unsupported_token_type","error_description":"no\u001b[2J"}"#,
            ))
            .unwrap_err();
            assert_eq!(
                err,
                Error::Provider {
                    endpoint: Endpoint::Revocation,
                    error: "unsupported_token_type".into(),
                    description: Some("no[2J".into()),
                    status,
                }
            );
            assert_eq!(err.category(), super::super::error::Category::Provider);
        }
    }

    #[test]
    fn another_failure_names_the_status_not_the_body() {
        let err = check_response(&resp(500, "<html>secret stuff</html>")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the revocation endpoint failed without an OAuth error (HTTP 500 with 25 bytes of application/json)"
        );
        assert_eq!(err.category(), super::super::error::Category::Broken);
    }
}
