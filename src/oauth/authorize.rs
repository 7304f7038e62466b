//! The front channel: building the authorize URL (RFC 6749 §4.1.1, RFC 7636, OIDC `nonce`) and judging the
//! redirect that comes back to the loopback listener (state, `error=`, RFC 9207 `iss`).

use super::error::{Error, Result, sanitize};
use super::types::{AuthorizationCode, ClientId, Nonce, PkceMethod, Scope, State};
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

/// The response modes that come back in the redirect's query: plain, and JARM's two (`jwt` means
/// `query.jwt` for the code flow).
pub const QUERY_RESPONSE_MODES: &[&str] = &["query", "jwt", "query.jwt"];

/// The JARM response modes among [`QUERY_RESPONSE_MODES`].
pub const JARM_RESPONSE_MODES: &[&str] = &["jwt", "query.jwt"];

/// Refuses extra authorize parameters that would replace one of [`RESERVED_PARAMS`], and a
/// `response_mode` other than `query` or its signed forms `jwt` and `query.jwt` (JARM, which the login
/// verifies): the loopback listener reads the redirect's query string only, so a `form_post` or
/// `fragment` response could never complete the login.
pub fn check_extra_params(extra: &[(String, String)]) -> Result<()> {
    if let Some((k, _)) = extra
        .iter()
        .find(|(k, _)| RESERVED_PARAMS.contains(&k.as_str()))
    {
        return Err(Error::ReservedParam(k.clone()));
    }
    match extra
        .iter()
        .find(|(k, v)| k == "response_mode" && !QUERY_RESPONSE_MODES.contains(&v.as_str()))
    {
        Some((_, v)) => Err(Error::UnsupportedResponseMode(sanitize(v, 40))),
        None => Ok(()),
    }
}

/// Token request parameters oauthctl sets itself (RFC 6749 §4.1.3, §6, client authentication): an extra
/// `--token-param` with one of these names would duplicate or contradict them.
pub const RESERVED_TOKEN_PARAMS: &[&str] = &[
    "grant_type",
    "code",
    "redirect_uri",
    "code_verifier",
    "client_id",
    "client_secret",
    "refresh_token",
];

/// Refuses extra token parameters named in [`RESERVED_TOKEN_PARAMS`].
pub fn check_token_params(extra: &[(String, String)]) -> Result<()> {
    match extra
        .iter()
        .find(|(k, _)| RESERVED_TOKEN_PARAMS.contains(&k.as_str()))
    {
        Some((k, _)) => Err(Error::ReservedTokenParam(k.clone())),
        None => Ok(()),
    }
}

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
        url.query_pairs_mut().extend_pairs(self.params());
        url
    }

    /// The request's parameters, in the order the URL carries them (a pushed request sends the same).
    pub fn params(&self) -> Vec<(String, String)> {
        let mut q: Vec<(String, String)> = Vec::new();
        let mut add = |k: &str, v: &str| q.push((k.to_string(), v.to_string()));
        add("response_type", "code");
        add("client_id", self.client_id.as_str());
        add("redirect_uri", self.redirect_uri);
        if !self.scope.is_empty() {
            add("scope", &self.scope.joined());
        }
        add("state", self.state.as_str());
        if let Some(nonce) = self.nonce {
            add("nonce", nonce.as_str());
        }
        if let Some((challenge, method)) = self.pkce {
            add("code_challenge", challenge);
            add(
                "code_challenge_method",
                if method == PkceMethod::S256 {
                    "S256"
                } else {
                    "plain"
                },
            );
        }
        for (k, v) in self.extra {
            add(k, v);
        }
        q
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
    let mut duplicate = None;
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        let (name, slot) = match k.as_ref() {
            "state" => ("state", &mut state),
            "code" => ("code", &mut code),
            "error" => ("error", &mut error),
            "error_description" => ("error_description", &mut description),
            "iss" => ("iss", &mut iss),
            _ => continue,
        };
        if slot.is_some() {
            duplicate = duplicate.or(Some(name));
        }
        *slot = Some(v.into_owned());
    }

    // State first, on error redirects too (RFC 6749 §4.1.2.1 requires it there): until it matches, the
    // callback may come from anyone on the machine and nothing in it is believed.
    match state.as_deref() {
        _ if duplicate == Some("state") => return Err(Error::DuplicateParam("state")),
        None => return Err(Error::StateMissing),
        Some(s) if !expect.state.matches(s) => return Err(Error::StateMismatch),
        Some(_) => {}
    }
    if let Some(name) = duplicate {
        return Err(Error::DuplicateParam(name));
    }

    if let Some(err) = error {
        return Err(Error::Authorization {
            error: sanitize(&err, 100),
            description: description.map(|d| sanitize(&d, 300)),
        });
    }

    check_iss(iss.as_deref(), expect)?;

    match code {
        Some(c) if !c.is_empty() => Ok(AuthorizationCode::new(c)),
        _ => Err(Error::NoCode),
    }
}

/// Whether `parse_callback` refused the callback for failing the state check: it is then not this login's
/// redirect, whatever else it says, and the login keeps waiting for the real one.
pub fn failed_state_check(e: &Error) -> bool {
    matches!(
        e,
        Error::StateMissing | Error::StateMismatch | Error::DuplicateParam("state")
    )
}

fn check_iss(iss: Option<&str>, expect: &CallbackExpectations) -> Result<()> {
    match (iss, expect.issuer) {
        (Some(got), Some(want)) if got != want => Err(Error::IssMismatch {
            got: sanitize(got, 200),
            want: want.to_string(),
        }),
        (None, _) if expect.iss_required => Err(Error::IssMissing),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expect(state: &State) -> CallbackExpectations<'_> {
        CallbackExpectations {
            state,
            issuer: Some("https://idp.test"),
            iss_required: false,
        }
    }

    /// A second `state` is refused as a duplicate whichever copy matches: judging only the last copy
    /// would let an appended one decide.
    #[test]
    fn a_duplicated_state_is_a_duplicate_whichever_copy_matches() {
        let s = State::new("abc");
        for q in ["code=c&state=abc&state=zzz", "code=c&state=zzz&state=abc"] {
            assert_eq!(
                parse_callback(q, &expect(&s)).unwrap_err(),
                Error::DuplicateParam("state"),
                "{q}"
            );
        }
    }

    fn strict(state: &State) -> CallbackExpectations<'_> {
        CallbackExpectations {
            iss_required: true,
            ..expect(state)
        }
    }

    fn request<'a>(
        base: &'a Url,
        client: &'a ClientId,
        scope: &'a Scope,
        state: &'a State,
    ) -> AuthorizeRequest<'a> {
        AuthorizeRequest {
            authorize_url: base,
            client_id: client,
            redirect_uri: "http://127.0.0.1:4242/callback",
            scope,
            state,
            nonce: None,
            pkce: None,
            extra: &[],
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
            nonce: Some(&nonce),
            pkce: Some(("chal", PkceMethod::S256)),
            extra: &extra,
            ..request(&base, &client, &scope, &state)
        };
        assert_eq!(
            req.url().as_str(),
            "https://idp.test/authorize?tenant=x&response_type=code&client_id=my+app\
             &redirect_uri=http%3A%2F%2F127.0.0.1%3A4242%2Fcallback&scope=openid+email&state=st\
             &nonce=nn&code_challenge=chal&code_challenge_method=S256&prompt=consent"
        );
    }

    #[test]
    fn plain_pkce_no_scope_and_no_nonce_leave_their_parameters_out() {
        let base = Url::parse("https://idp.test/authorize").unwrap();
        let client = ClientId::new("c");
        let scope = Scope::default();
        let state = State::new("st");
        let req = AuthorizeRequest {
            pkce: Some(("v", PkceMethod::Plain)),
            ..request(&base, &client, &scope, &state)
        };
        assert_eq!(
            req.url().as_str(),
            "https://idp.test/authorize?response_type=code&client_id=c\
             &redirect_uri=http%3A%2F%2F127.0.0.1%3A4242%2Fcallback&state=st\
             &code_challenge=v&code_challenge_method=plain"
        );
        let bare = request(&base, &client, &scope, &state).url();
        assert!(!bare.as_str().contains("code_challenge"), "{bare}");
    }

    #[test]
    fn every_reserved_parameter_is_refused() {
        for name in RESERVED_PARAMS {
            let extra = vec![(name.to_string(), "x".to_string())];
            assert_eq!(
                check_extra_params(&extra),
                Err(Error::ReservedParam(name.to_string())),
                "{name}"
            );
        }
        assert_eq!(RESERVED_PARAMS.len(), 8);
    }

    #[test]
    fn a_response_mode_other_than_query_or_jarm_in_the_query_is_refused() {
        for mode in [
            "form_post",
            "fragment",
            "form_post.jwt",
            "fragment.jwt",
            "JWT",
            "",
        ] {
            let extra = vec![("response_mode".to_string(), mode.to_string())];
            assert_eq!(
                check_extra_params(&extra),
                Err(Error::UnsupportedResponseMode(mode.into())),
                "{mode}"
            );
        }
        for mode in ["query", "jwt", "query.jwt"] {
            let extra = vec![("response_mode".to_string(), mode.to_string())];
            assert_eq!(check_extra_params(&extra), Ok(()), "{mode}");
        }
    }

    #[test]
    fn every_reserved_token_parameter_is_refused() {
        for name in RESERVED_TOKEN_PARAMS {
            let extra = vec![
                ("resource".to_string(), "x".to_string()),
                (name.to_string(), "x".to_string()),
            ];
            assert_eq!(
                check_token_params(&extra),
                Err(Error::ReservedTokenParam(name.to_string())),
                "{name}"
            );
        }
        assert_eq!(RESERVED_TOKEN_PARAMS.len(), 7);
        let fine = vec![("audience".to_string(), "api".to_string())];
        assert_eq!(check_token_params(&fine), Ok(()));
    }

    #[test]
    fn other_parameters_pass_the_reserved_check() {
        let extra = vec![
            ("prompt".to_string(), "consent".to_string()),
            ("acr_values".to_string(), "x".to_string()),
            ("State".to_string(), "case differs".to_string()),
        ];
        assert_eq!(check_extra_params(&extra), Ok(()));
        assert_eq!(check_extra_params(&[]), Ok(()));
        let mixed = vec![
            ("prompt".to_string(), "consent".to_string()),
            ("nonce".to_string(), "mine".to_string()),
        ];
        assert_eq!(
            check_extra_params(&mixed),
            Err(Error::ReservedParam("nonce".into()))
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
    fn a_missing_state_is_refused() {
        let s = State::new("abc");
        assert_eq!(
            parse_callback("code=x", &expect(&s)).err(),
            Some(Error::StateMissing)
        );
    }

    #[test]
    fn a_wrong_or_empty_state_is_refused() {
        let s = State::new("abc");
        for q in ["code=x&state=abd", "code=x&state=", "code=x&state=ab"] {
            assert_eq!(
                parse_callback(q, &expect(&s)).err(),
                Some(Error::StateMismatch),
                "{q}"
            );
        }
    }

    #[test]
    fn a_repeated_parameter_is_refused() {
        let s = State::new("abc");
        for (q, name) in [
            ("code=x&state=abc&state=abc", "state"),
            ("code=x&code=y&state=abc", "code"),
            ("code=x&state=abc&iss=a&iss=a", "iss"),
            ("error=a&error=b&state=abc", "error"),
            (
                "error=a&error_description=1&error_description=2&state=abc",
                "error_description",
            ),
        ] {
            assert_eq!(
                parse_callback(q, &expect(&s)).err(),
                Some(Error::DuplicateParam(name)),
                "{q}"
            );
        }
    }

    #[test]
    fn unknown_parameters_are_ignored() {
        let s = State::new("abc");
        let code = parse_callback(
            "session_state=1&session_state=2&code=x&state=abc",
            &expect(&s),
        )
        .unwrap();
        assert_eq!(code.secret(), "x");
    }

    #[test]
    fn an_error_with_our_state_is_the_providers() {
        let s = State::new("abc");
        assert_eq!(
            parse_callback(
                "error=access_denied&error_description=no%0Athanks&state=abc",
                &expect(&s),
            )
            .err(),
            Some(Error::Authorization {
                error: "access_denied".into(),
                description: Some("nothanks".into()),
            })
        );
        assert_eq!(
            parse_callback("error=access_denied&state=abc", &expect(&s)).err(),
            Some(Error::Authorization {
                error: "access_denied".into(),
                description: None,
            })
        );
    }

    #[test]
    fn an_error_without_state_is_not_believed() {
        // RFC 6749 §4.1.2.1: state is required on error redirects too; without it anyone could end the
        // login with a message posing as the provider's.
        let s = State::new("abc");
        for q in [
            "error=server_error",
            "error=access_denied&error_description=call+us",
        ] {
            let e = parse_callback(q, &expect(&s)).unwrap_err();
            assert_eq!(e, Error::StateMissing, "{q}");
            assert!(failed_state_check(&e));
        }
    }

    #[test]
    fn only_state_failures_mark_a_callback_as_not_ours() {
        let s = State::new("abc");
        for (q, ours) in [
            ("code=x&state=zzz", false),
            ("error=a&state=zzz", false),
            ("code=x", false),
            ("code=x&state=abc&state=abc", false),
            ("code=x&state=abc&state=zzz", false),
            // With our state, a broken redirect is this login's answer.
            ("code=x&code=y&state=abc", true),
            ("state=abc", true),
            ("error=denied&state=abc", true),
            ("code=x&state=abc&iss=https%3A%2F%2Fevil.test", true),
        ] {
            let e = parse_callback(q, &expect(&s)).unwrap_err();
            assert_eq!(!failed_state_check(&e), ours, "{q}: {e:?}");
        }
        // A duplicate besides a forged state is judged by the state.
        assert_eq!(
            parse_callback("code=x&code=y&state=zzz", &expect(&s)).err(),
            Some(Error::StateMismatch)
        );
    }

    #[test]
    fn an_error_with_a_forged_state_is_a_security_error() {
        let s = State::new("abc");
        assert_eq!(
            parse_callback("error=access_denied&state=zzz", &expect(&s)).err(),
            Some(Error::StateMismatch)
        );
    }

    #[test]
    fn an_error_wins_over_a_code_and_a_missing_iss() {
        let s = State::new("abc");
        assert!(matches!(
            parse_callback("code=x&error=denied&state=abc", &strict(&s)),
            Err(Error::Authorization { .. })
        ));
    }

    #[test]
    fn a_callback_without_code_is_broken() {
        let s = State::new("abc");
        for q in ["state=abc", "state=abc&code="] {
            assert_eq!(
                parse_callback(q, &expect(&s)).err(),
                Some(Error::NoCode),
                "{q}"
            );
        }
    }

    #[test]
    fn a_foreign_iss_is_refused() {
        let s = State::new("abc");
        assert_eq!(
            parse_callback("code=x&state=abc&iss=https%3A%2F%2Fevil.test", &expect(&s)).err(),
            Some(Error::IssMismatch {
                got: "https://evil.test".into(),
                want: "https://idp.test".into(),
            })
        );
        assert!(matches!(
            parse_callback("code=x&state=abc&iss=https%3A%2F%2Fevil.test", &strict(&s)),
            Err(Error::IssMismatch { .. })
        ));
    }

    #[test]
    fn a_missing_iss_is_refused_only_when_promised() {
        let s = State::new("abc");
        assert_eq!(
            parse_callback("code=x&state=abc", &strict(&s)).err(),
            Some(Error::IssMissing)
        );
        assert!(parse_callback("code=x&state=abc", &expect(&s)).is_ok());
    }

    #[test]
    fn the_right_iss_passes_even_when_required() {
        let s = State::new("abc");
        assert!(parse_callback("code=x&state=abc&iss=https%3A%2F%2Fidp.test", &strict(&s)).is_ok());
    }

    #[test]
    fn an_iss_without_a_known_issuer_is_not_judged() {
        let s = State::new("abc");
        let unknown = CallbackExpectations {
            issuer: None,
            ..expect(&s)
        };
        assert!(parse_callback("code=x&state=abc&iss=https%3A%2F%2Fany.test", &unknown).is_ok());
        let unknown_but_required = CallbackExpectations {
            issuer: None,
            ..strict(&s)
        };
        assert!(
            parse_callback(
                "code=x&state=abc&iss=https%3A%2F%2Fany.test",
                &unknown_but_required
            )
            .is_ok()
        );
        assert_eq!(
            parse_callback("code=x&state=abc", &unknown_but_required).err(),
            Some(Error::IssMissing)
        );
    }

    #[test]
    fn provider_text_is_sanitized_and_capped() {
        let s = State::new("abc");
        let long = "e".repeat(150);
        let Err(Error::Authorization { error, .. }) =
            parse_callback(&format!("error={long}%1b&state=abc"), &expect(&s))
        else {
            panic!("not an authorization error");
        };
        assert_eq!(error, format!("{}…", "e".repeat(100)));
    }
}
