//! The front channel: building the authorize URL (RFC 6749 §4.1.1, RFC 7636, OIDC `nonce`) and judging the
//! redirect that comes back to the loopback listener (state, `error=`, RFC 9207 `iss`).

use super::types::{AuthorizationCode, ClientId, Nonce, PkceMethod, Scope, State};
use crate::error::{Error, Result, sanitize};
use url::Url;

/// Parameters oauthctl sets itself; letting `--param` replace them would defeat the checks built on them.
pub const RESERVED_PARAMS: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
];

pub struct AuthorizeRequest<'a> {
    pub authorize_url: &'a Url,
    pub client_id: &'a ClientId,
    pub redirect_uri: &'a str,
    pub scope: &'a Scope,
    pub state: &'a State,
    pub nonce: Option<&'a Nonce>,
    pub pkce: Option<(&'a str, PkceMethod)>,
    pub extra: &'a [(String, String)],
}

impl AuthorizeRequest<'_> {
    /// The URL the browser opens. Parameters already in the provider's authorize URL are kept.
    pub fn url(&self) -> Url {
        let mut url = self.authorize_url.clone();
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("response_type", "code");
            q.append_pair("client_id", self.client_id.as_str());
            q.append_pair("redirect_uri", self.redirect_uri);
            if !self.scope.is_empty() {
                q.append_pair("scope", &self.scope.joined());
            }
            q.append_pair("state", self.state.as_str());
            if let Some(nonce) = self.nonce {
                q.append_pair("nonce", nonce.as_str());
            }
            if let Some((challenge, method)) = self.pkce {
                q.append_pair("code_challenge", challenge);
                q.append_pair(
                    "code_challenge_method",
                    if method == PkceMethod::S256 {
                        "S256"
                    } else {
                        "plain"
                    },
                );
            }
            for (k, v) in self.extra {
                q.append_pair(k, v);
            }
        }
        url
    }
}

/// What the redirect must carry besides the code.
pub struct CallbackExpectations<'a> {
    pub state: &'a State,
    /// The issuer the RFC 9207 `iss` parameter must equal, when the provider has one.
    pub issuer: Option<&'a str>,
    /// Metadata said `authorization_response_iss_parameter_supported`: a missing `iss` is then an attack.
    pub iss_required: bool,
}

/// Judges the redirect's query string and yields the authorization code.
///
/// Order matters: a forged `error=` callback must not be able to pose as the provider, so state is checked
/// before an error is believed.
pub fn parse_callback(query: &str, expect: &CallbackExpectations) -> Result<AuthorizationCode> {
    let mut state = None;
    let mut code = None;
    let mut error = None;
    let mut description = None;
    let mut iss = None;
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        let slot = match k.as_ref() {
            "state" => &mut state,
            "code" => &mut code,
            "error" => &mut error,
            "error_description" => &mut description,
            "iss" => &mut iss,
            _ => continue,
        };
        if slot.is_some() {
            return Err(Error::security(format!(
                "the redirect carries `{k}` twice; refusing an ambiguous callback"
            )));
        }
        *slot = Some(v.into_owned());
    }

    match state.as_deref() {
        None if error.is_some() => {} // some providers drop state on errors; the error is all we act on
        None => {
            return Err(Error::security(
                "the redirect has no `state`; refusing it (possible CSRF)",
            )
            .with_hint("the provider must echo the state parameter it was sent"));
        }
        Some(s) if !expect.state.matches(s) => {
            return Err(Error::security(
                "the redirect's `state` does not match the one sent; refusing it (possible CSRF)",
            )
            .with_hint(
                "run `oauthctl login` again and complete it in the browser window it opens",
            ));
        }
        Some(_) => {}
    }

    if let Some(err) = error {
        let mut msg = format!("authorization failed: {}", sanitize(&err, 100));
        if let Some(d) = description {
            msg.push_str(&format!(" ({})", sanitize(&d, 300)));
        }
        return Err(Error::oauth(msg));
    }

    check_iss(iss.as_deref(), expect)?;

    match code {
        Some(c) if !c.is_empty() => Ok(AuthorizationCode::new(c)),
        _ => Err(Error::other(
            "the redirect carries neither `code` nor `error`",
        )),
    }
}

fn check_iss(iss: Option<&str>, expect: &CallbackExpectations) -> Result<()> {
    match (iss, expect.issuer) {
        (Some(got), Some(want)) if got != want => Err(Error::security(format!(
            "the redirect's `iss` is {:?}, expected {want:?} (RFC 9207 mix-up defence)",
            sanitize(got, 200)
        ))),
        (None, _) if expect.iss_required => Err(Error::security(
            "the redirect lacks `iss` although the provider's metadata promises it (RFC 9207)",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    fn expect(state: &State) -> CallbackExpectations<'_> {
        CallbackExpectations {
            state,
            issuer: Some("https://idp.test"),
            iss_required: false,
        }
    }

    #[test]
    fn builds_the_exact_authorize_url() {
        let base = Url::parse("https://idp.test/authorize?tenant=x").unwrap();
        let client = ClientId::new("my app");
        let scope = Scope::from_parts(&["openid email"]);
        let state = State::new("st");
        let nonce = Nonce::new("nn");
        let extra = vec![("prompt".to_string(), "consent".to_string())];
        let req = AuthorizeRequest {
            authorize_url: &base,
            client_id: &client,
            redirect_uri: "http://127.0.0.1:4242/callback",
            scope: &scope,
            state: &state,
            nonce: Some(&nonce),
            pkce: Some(("chal", PkceMethod::S256)),
            extra: &extra,
        };
        assert_eq!(
            req.url().as_str(),
            "https://idp.test/authorize?tenant=x&response_type=code&client_id=my+app\
             &redirect_uri=http%3A%2F%2F127.0.0.1%3A4242%2Fcallback&scope=openid+email&state=st\
             &nonce=nn&code_challenge=chal&code_challenge_method=S256&prompt=consent"
        );
    }

    #[test]
    fn accepts_matching_state_and_yields_code() {
        let s = State::new("abc");
        let code =
            parse_callback("code=xyz&state=abc&iss=https%3A%2F%2Fidp.test", &expect(&s)).unwrap();
        assert_eq!(code.secret(), "xyz");
    }

    #[test]
    fn refuses_wrong_missing_or_duplicate_state() {
        let s = State::new("abc");
        for q in [
            "code=x&state=abd",
            "code=x",
            "code=x&state=abc&state=abc",
            "code=x&state=",
        ] {
            assert_eq!(
                parse_callback(q, &expect(&s)).unwrap_err().kind,
                Kind::Security,
                "{q}"
            );
        }
    }

    #[test]
    fn provider_error_is_oauth_unless_state_is_forged() {
        let s = State::new("abc");
        let e = parse_callback(
            "error=access_denied&error_description=no%0Athanks&state=abc",
            &expect(&s),
        )
        .unwrap_err();
        assert_eq!(e.kind, Kind::OAuth);
        assert_eq!(e.message, "authorization failed: access_denied (nothanks)");
        let e = parse_callback("error=access_denied&state=zzz", &expect(&s)).unwrap_err();
        assert_eq!(e.kind, Kind::Security);
    }

    #[test]
    fn rfc9207_iss_checks() {
        let s = State::new("abc");
        let e = parse_callback("code=x&state=abc&iss=https%3A%2F%2Fevil.test", &expect(&s))
            .unwrap_err();
        assert_eq!(e.kind, Kind::Security);
        let strict = CallbackExpectations {
            iss_required: true,
            ..expect(&s)
        };
        assert_eq!(
            parse_callback("code=x&state=abc", &strict)
                .unwrap_err()
                .kind,
            Kind::Security
        );
        assert!(parse_callback("code=x&state=abc", &expect(&s)).is_ok());
    }
}
