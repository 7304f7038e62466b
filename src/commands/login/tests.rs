//! In-process tests of `login` against the scripted provider: every check the login promises, each
//! switched on by a fault the provider or the "browser" produces, and "nothing stored" after every refusal.

use crate::adapters::store::StoreKind;
use crate::oauth::authorize::RESERVED_PARAMS;
use crate::oauth::pkce::s256_challenge;
use crate::testkit::{CLIENT_ID, ISSUER, T0, World};
use serde_json::json;

/// The refusal left no trace: no tokens, no profile.
#[track_caller]
fn nothing_stored(w: &World) {
    assert!(w.stores.items.lock().unwrap().is_empty(), "tokens stored");
    assert!(w.config.profile("default").is_none(), "profile saved");
}

fn query(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[test]
fn login_sends_state_nonce_and_pkce_and_stores_the_verified_set() {
    let w = World::new();
    let run = w.login(&["-o", "json"]);
    run.ok();
    let url = w.opened_url();
    assert_eq!(query(&url, "response_type").as_deref(), Some("code"));
    assert_eq!(query(&url, "client_id").as_deref(), Some(CLIENT_ID));
    assert_eq!(
        query(&url, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert_eq!(
        query(&url, "redirect_uri").as_deref(),
        Some("http://127.0.0.1:4242/callback")
    );
    let (state, nonce) = (query(&url, "state").unwrap(), query(&url, "nonce").unwrap());
    assert!(state.len() >= 43 && nonce.len() >= 43 && state != nonce);

    let token = &w.idp.seen_at("/token")[0];
    assert_eq!(token.form("grant_type"), Some("authorization_code"));
    let verifier = token.form("code_verifier").expect("PKCE verifier sent");
    assert_eq!(
        Some(s256_challenge(verifier)),
        query(&url, "code_challenge")
    );
    assert_eq!(
        token.form("redirect_uri"),
        query(&url, "redirect_uri").as_deref()
    );
    assert_eq!(token.form("client_id"), Some(CLIENT_ID));
    assert_eq!(token.header("authorization"), None);

    let session = w.session();
    assert_eq!(session.tokens.access_token.secret(), "at-2");
    assert_eq!(
        session.tokens.refresh_token.as_ref().unwrap().secret(),
        "rt-2"
    );
    assert_eq!(session.tokens.expires_at, Some(T0 + 3600));
    assert_eq!(session.provider.issuer.as_deref(), Some(ISSUER));
    let profile = w.config.profile("default").unwrap();
    assert_eq!(profile.store, Some(StoreKind::Keyring));
    assert_eq!(profile.client_id.as_deref(), Some(CLIENT_ID));

    let doc = run.json();
    assert_eq!(doc["id_token_claims"]["sub"], "alice");
    assert_eq!(doc["has_refresh_token"], true);
    assert!(
        doc.get("access_token").is_none(),
        "raw token without --show-tokens"
    );
    assert!(!run.stdout.contains("at-2") && !run.stderr.contains("at-2"));
}

#[test]
fn show_tokens_puts_the_raw_tokens_in_the_document() {
    let w = World::new();
    let doc = w.login(&["-o", "json", "--show-tokens"]).json();
    assert_eq!(doc["access_token"], "at-2");
    assert_eq!(doc["refresh_token"], "rt-2");
    assert!(doc["id_token"].as_str().unwrap().starts_with("ey"));
}

#[test]
fn a_wrong_state_is_refused_before_the_code_is_redeemed() {
    let w = World::new();
    *w.front.tamper.lock().unwrap() = Some(Box::new(|q| q.replace("state=", "state=x")));
    w.login(&[]).fails(6, "state");
    assert!(w.idp.seen_at("/token").is_empty());
    nothing_stored(&w);
}

#[test]
fn a_missing_state_is_refused() {
    let w = World::new();
    *w.front.tamper.lock().unwrap() = Some(Box::new(|q| {
        q.split('&')
            .filter(|p| !p.starts_with("state="))
            .collect::<Vec<_>>()
            .join("&")
    }));
    w.login(&[]).fails(6, "state");
    nothing_stored(&w);
}

#[test]
fn an_error_redirect_with_the_right_state_is_the_providers_answer() {
    let w = World::new();
    *w.front.tamper.lock().unwrap() = Some(Box::new(|q| {
        let state = q
            .split('&')
            .find(|p| p.starts_with("state="))
            .unwrap()
            .to_string();
        format!("error=access_denied&{state}")
    }));
    w.login(&[]).fails(3, "access_denied");
    nothing_stored(&w);
}

#[test]
fn a_redirect_from_another_issuer_is_refused() {
    let w = World::with(|s| s.redirect_iss = Some("http://127.0.0.1:9/evil".into()));
    w.login(&[]).fails(6, "iss");
    assert!(w.idp.seen_at("/token").is_empty());
    nothing_stored(&w);
}

#[test]
fn a_missing_iss_is_refused_only_when_the_metadata_promises_it() {
    let w = World::with(|s| {
        s.redirect_iss = None;
        s.iss_parameter_supported = true;
    });
    w.login(&[]).fails(6, "iss");
    nothing_stored(&w);
    let w = World::with(|s| s.redirect_iss = None);
    w.login(&[]).ok();
}

#[test]
fn discovery_naming_another_issuer_is_refused() {
    let w = World::with(|s| s.metadata_issuer = Some("http://127.0.0.1:9/other".into()));
    w.login(&[]).fails(6, "issuer");
    assert!(w.front.opened.lock().unwrap().is_empty(), "browser opened");
    nothing_stored(&w);
}

/// Logs in with the ID token's claims patched, expecting exit 6 and nothing stored.
#[track_caller]
fn refused_id_token(claims: serde_json::Value, fragment: &str) {
    let w = World::with(|s| s.id_claims = claims.as_object().unwrap().clone());
    w.login(&[]).fails(6, fragment);
    nothing_stored(&w);
}

#[test]
fn id_token_with_another_nonce_is_refused() {
    refused_id_token(json!({"nonce": "replayed"}), "nonce");
}

#[test]
fn id_token_without_the_nonce_is_refused() {
    refused_id_token(json!({"nonce": null}), "nonce");
}

#[test]
fn id_token_whose_at_hash_does_not_match_is_refused() {
    refused_id_token(json!({"at_hash": "AAAAAAAAAAAAAAAAAAAAAA"}), "at_hash");
}

#[test]
fn id_token_for_another_authorized_party_is_refused() {
    refused_id_token(json!({"azp": "someone-else"}), "azp");
}

#[test]
fn id_token_with_several_audiences_needs_azp() {
    refused_id_token(json!({"aud": [CLIENT_ID, "api"]}), "azp");
    let w = World::with(|s| {
        s.id_claims = json!({"aud": [CLIENT_ID, "api"], "azp": CLIENT_ID})
            .as_object()
            .unwrap()
            .clone()
    });
    w.login(&[]).ok();
}

#[test]
fn id_token_for_another_audience_is_refused() {
    refused_id_token(json!({"aud": "someone-else"}), "aud");
}

#[test]
fn id_token_from_another_issuer_is_refused() {
    refused_id_token(json!({"iss": "http://127.0.0.1:9/evil"}), "iss");
}

#[test]
fn expired_id_token_is_refused_by_the_injected_clock() {
    // Expired by the test's clock (T0, in 2027), though still valid by the real one.
    refused_id_token(json!({"exp": T0 - 120, "iat": T0 - 3600}), "expired");
}

#[test]
fn id_token_issued_in_the_future_is_refused() {
    refused_id_token(json!({"iat": T0 + 600, "exp": T0 + 7200}), "future");
}

#[test]
fn forged_id_token_signature_is_refused() {
    let w = World::with(|s| s.signing_kid = "k2".into());
    // Published keys: k1 only, so a k2-signed token naming k2 is unknown even after the refetch.
    w.login(&[]).fails(6, "signing key");
    assert_eq!(w.idp.jwks_fetches(), 2, "exactly one refetch");
    nothing_stored(&w);
}

#[test]
fn an_unknown_key_triggers_one_jwks_refetch_then_succeeds() {
    let w = World::with(|s| {
        s.signing_kid = "k2".into();
        s.jwks_kids = vec![vec!["k1".into()], vec!["k1".into(), "k2".into()]];
    });
    w.login(&[]).ok();
    assert_eq!(w.idp.jwks_fetches(), 2);
}

#[test]
fn every_reserved_authorize_parameter_is_refused() {
    for name in RESERVED_PARAMS {
        let w = World::new();
        let param = format!("{name}=x");
        w.login(&["--param", &param]).fails(2, name);
        assert!(w.idp.seen().is_empty(), "{name}: a request was sent");
    }
    let w = World::new();
    w.login(&["--param", "prompt=consent"]).ok();
    assert_eq!(query(&w.opened_url(), "prompt").as_deref(), Some("consent"));
}

#[test]
fn a_weaker_pkce_saved_in_the_profile_is_announced_at_every_login() {
    let w = World::new();
    assert!(
        w.login(&["--pkce", "plain"])
            .stderr
            .contains("warning: PKCE is plain")
    );
    let again = w.run(&["login"]);
    again.ok();
    assert!(
        again.stderr.contains("warning: PKCE is plain"),
        "{}",
        again.stderr
    );
    assert!(!w.login(&["--pkce", "S256"]).stderr.contains("PKCE is"));
}

#[test]
fn pkce_off_sends_neither_challenge_nor_verifier() {
    let w = World::new();
    w.login(&["--pkce", "off"]).ok();
    assert_eq!(query(&w.opened_url(), "code_challenge"), None);
    assert_eq!(w.idp.seen_at("/token")[0].form("code_verifier"), None);
}

#[test]
fn without_openid_no_nonce_is_sent_and_an_id_token_is_dropped() {
    let w = World::new();
    w.run(&[
        "login",
        "--issuer",
        ISSUER,
        "--client-id",
        CLIENT_ID,
        "--scope",
        "profile",
    ])
    .ok();
    assert_eq!(query(&w.opened_url(), "nonce"), None);
    assert!(w.session().tokens.id_token.is_none());
}

#[test]
fn id_token_without_a_jwks_is_refused() {
    let w = World::new();
    let run = w.run(&[
        "login",
        "--authorize-url",
        &format!("{ISSUER}/authorize"),
        "--token-url",
        &format!("{ISSUER}/token"),
        "--client-id",
        CLIENT_ID,
        "--scope",
        "openid",
    ]);
    run.fails(6, "cannot verify");
    nothing_stored(&w);
}

#[test]
fn client_secret_basic_and_post() {
    let w = World::with(|s| s.client_secret = Some("s3:cr%t".into()));
    let mut w = w;
    w.env.client_secret = Some(crate::oauth::types::ClientSecret::new("s3:cr%t"));
    w.login(&[]).ok();
    let token = &w.idp.seen_at("/token")[0];
    assert!(token.header("authorization").unwrap().starts_with("Basic "));
    assert_eq!(token.form("client_secret"), None);
    w.login(&["--auth-method", "client_secret_post"]).ok();
    let token = &w.idp.seen_at("/token")[1];
    assert_eq!(token.header("authorization"), None);
    assert_eq!(token.form("client_secret"), Some("s3:cr%t"));
    assert_eq!(
        w.session().client_secret.as_ref().map(|s| s.secret()),
        Some("s3:cr%t")
    );
}

#[test]
fn a_token_endpoint_error_is_exit_3_and_stores_nothing() {
    let w = World::with(|s| s.client_secret = Some("needed".into()));
    w.login(&[]).fails(3, "invalid_client");
    nothing_stored(&w);
}

#[test]
fn store_auto_falls_back_to_the_file_store_with_a_warning() {
    let w = World::new();
    *w.stores.keyring_ok.lock().unwrap() = false;
    let run = w.login(&[]);
    run.ok();
    assert!(
        run.stderr.contains("warning: no OS keyring answered"),
        "{}",
        run.stderr
    );
    assert_eq!(
        w.config.profile("default").unwrap().store,
        Some(StoreKind::File)
    );
    assert!(w.stores.get(StoreKind::File, "default").is_some());
    assert!(w.stores.get(StoreKind::Keyring, "default").is_none());
}

#[test]
fn store_keyring_asked_for_but_absent_fails_before_the_browser() {
    let w = World::new();
    *w.stores.keyring_ok.lock().unwrap() = false;
    w.login(&["--store", "keyring"]).fails(1, "keyring");
    assert!(w.front.opened.lock().unwrap().is_empty());
}

#[test]
fn a_browser_that_fails_still_leaves_the_url_to_open() {
    let w = World::new();
    *w.front.browser_fails.lock().unwrap() = true;
    let run = w.login(&["--browser", "firefox"]);
    run.ok();
    assert!(
        run.stderr.contains("could not open a browser"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("http://127.0.0.1:9/idp/authorize?"));
    assert_eq!(w.front.opened.lock().unwrap()[0].0, "firefox");
}

#[test]
fn the_browser_comes_from_the_flag_then_the_environment_then_the_system() {
    let mut w = World::new();
    w.login(&["--no-browser"]).ok();
    w.env.browser = Some("env-browser".into());
    w.login(&[]).ok();
    w.login(&["--browser", "flag-browser"]).ok();
    let opened: Vec<String> = w
        .front
        .opened
        .lock()
        .unwrap()
        .iter()
        .map(|o| o.0.clone())
        .collect();
    assert_eq!(opened, ["none", "env-browser", "flag-browser"]);
}

#[test]
fn a_second_login_reuses_the_saved_profile() {
    let w = World::new();
    w.login(&["--param", "prompt=consent"]).ok();
    w.run(&["login"]).ok();
    assert_eq!(query(&w.opened_url(), "prompt").as_deref(), Some("consent"));
    assert_eq!(
        query(&w.opened_url(), "scope").as_deref(),
        Some("openid offline_access")
    );
}

/// Another provider's origin: the scripted provider answers any host, so only the URL tells them apart.
const OTHER: &str = "http://127.0.0.2:9";

fn saved_profile(w: &World, toml: &str) {
    *w.config.0.lock().unwrap() =
        format!("[profiles.default]\nclient_id = \"{CLIENT_ID}\"\n{toml}");
}

/// Every URL the provider(s) saw, in order.
fn urls(w: &World) -> Vec<String> {
    w.idp.seen().into_iter().map(|s| s.url).collect()
}

#[test]
fn a_new_issuer_replaces_a_saved_token_endpoint_of_another_provider() {
    // Saved: provider A by explicit endpoints. Now: --issuer B. B's code, verifier and secret must not
    // reach A's token endpoint.
    let mut w = World::with(|s| s.client_secret = Some("b-secret".into()));
    w.env.client_secret = Some(crate::oauth::types::ClientSecret::new("b-secret"));
    saved_profile(
        &w,
        &format!("authorize_url = \"{OTHER}/authorize\"\ntoken_url = \"{OTHER}/token\"\n"),
    );
    w.login(&[]).ok();
    let seen = urls(&w);
    assert!(seen.iter().all(|u| !u.starts_with(OTHER)), "{seen:?}");
    assert_eq!(w.idp.seen_at("/token")[0].url, format!("{ISSUER}/token"));
    let profile = w.config.profile("default").unwrap();
    assert_eq!(profile.endpoints.token_url, None);
    assert_eq!(
        w.session().provider.token_url.as_str(),
        format!("{ISSUER}/token")
    );
}

#[test]
fn new_explicit_endpoints_replace_a_saved_issuer_of_another_provider() {
    // Saved: provider A by issuer (discovery brings its userinfo and revocation endpoints). Now: B by
    // explicit endpoints. B's tokens must not reach A's userinfo or revocation endpoint.
    let w = World::new();
    saved_profile(&w, &format!("issuer = \"{ISSUER}\"\n"));
    w.run(&[
        "login",
        "--authorize-url",
        &format!("{OTHER}/authorize"),
        "--token-url",
        &format!("{OTHER}/token"),
        "--scope",
        "profile",
    ])
    .ok();
    let session = w.session();
    assert_eq!(session.provider.issuer, None);
    assert_eq!(session.provider.userinfo_url, None);
    assert_eq!(session.provider.revocation_url, None);
    assert_eq!(w.config.profile("default").unwrap().endpoints.issuer, None);
    w.run(&["userinfo"]);
    w.run(&["logout"]);
    let seen = urls(&w);
    assert!(seen.iter().all(|u| !u.starts_with(ISSUER)), "{seen:?}");
}

#[test]
fn a_login_without_provider_flags_keeps_the_saved_provider_whole() {
    let w = World::new();
    saved_profile(
        &w,
        &format!("authorize_url = \"{OTHER}/authorize\"\ntoken_url = \"{OTHER}/token\"\n"),
    );
    w.run(&["login", "--scope", "profile"]).ok();
    assert_eq!(w.idp.seen_at("/token")[0].url, format!("{OTHER}/token"));
}

#[test]
fn a_client_secret_never_goes_to_an_endpoint_off_the_token_endpoints_origin() {
    for flag in ["--revocation-url", "--introspection-url"] {
        let mut w = World::with(|s| s.client_secret = Some("s".into()));
        w.env.client_secret = Some(crate::oauth::types::ClientSecret::new("s"));
        let elsewhere = format!("{OTHER}/x");
        w.login(&[flag, &elsewhere])
            .fails(2, "not on the token endpoint's origin");
        assert!(w.idp.seen_at("/token").is_empty(), "{flag}");
        nothing_stored(&w);
        // Without a secret there is nothing to leak there.
        let w = World::new();
        w.login(&[flag, &elsewhere]).ok();
    }
}

#[test]
fn plain_http_flags_off_loopback_are_usage_errors() {
    for args in [
        vec!["--issuer", "http://example.com"],
        vec![
            "--authorize-url",
            "https://example.com/a",
            "--token-url",
            "http://example.com/token",
        ],
        vec![
            "--authorize-url",
            "https://example.com/a",
            "--token-url",
            "https://example.com/token",
            "--userinfo-url",
            "http://10.0.0.1/me",
        ],
    ] {
        let w = World::new();
        let mut all = vec!["login", "--client-id", CLIENT_ID];
        all.extend(&args);
        w.run(&all).fails(2, "https://");
        assert!(w.idp.seen().is_empty(), "{args:?}: a request was sent");
        assert!(w.front.opened.lock().unwrap().is_empty());
    }
}

#[test]
fn an_authorize_endpoint_that_is_not_http_never_reaches_the_browser() {
    for url in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "smb://host/share",
        "data:text/html,x",
    ] {
        let w = World::new();
        let token = format!("{ISSUER}/token");
        w.run(&[
            "login",
            "--client-id",
            CLIENT_ID,
            "--authorize-url",
            url,
            "--token-url",
            &token,
        ])
        .fails(2, "https://");
        assert!(w.front.opened.lock().unwrap().is_empty(), "{url}");
        // From discovery it is an attack: exit 6.
        let w = World::with(|s| {
            s.metadata_patch
                .insert("authorization_endpoint".into(), json!(url));
        });
        w.login(&[]).fails(6, "authorization_endpoint");
        assert!(w.front.opened.lock().unwrap().is_empty(), "{url}");
    }
}

#[test]
fn metadata_pointing_at_plain_http_off_loopback_is_refused() {
    for name in ["token_endpoint", "userinfo_endpoint", "revocation_endpoint"] {
        let w = World::with(|s| {
            s.metadata_patch
                .insert(name.into(), json!("http://idp.example/x"));
        });
        w.login(&[]).fails(6, name);
        assert!(w.front.opened.lock().unwrap().is_empty(), "{name}");
        nothing_stored(&w);
    }
    // Even when explicit endpoints would let a failed discovery fall back.
    let w = World::with(|s| {
        s.metadata_patch
            .insert("jwks_uri".into(), json!("http://idp.example/jwks"));
    });
    let (a, t) = (format!("{ISSUER}/authorize"), format!("{ISSUER}/token"));
    w.login(&["--authorize-url", &a, "--token-url", &t])
        .fails(6, "jwks_uri");
}

/// Other local processes send these callbacks before the provider's redirect arrives.
fn forged_then_real(w: &World, forged: &[&str]) {
    *w.front.forged.lock().unwrap() = forged.iter().map(|q| q.to_string()).collect();
}

#[test]
fn forged_callbacks_do_not_end_the_login_and_the_real_one_completes_it() {
    let w = World::new();
    forged_then_real(
        &w,
        &[
            "error=access_denied&error_description=call+0800",
            "error=server_error&state=guess",
            "code=stolen&state=guess",
            "code=x&state=a&state=b",
        ],
    );
    let run = w.login(&[]);
    run.ok();
    assert!(!run.stderr.contains("0800"), "{}", run.stderr);
    let token = w.idp.seen_at("/token");
    assert_eq!(token.len(), 1);
    assert_ne!(token[0].form("code"), Some("stolen"));
}

#[test]
fn only_forged_callbacks_until_the_deadline_is_exit_6_and_none_is_exit_4() {
    let w = World::new();
    forged_then_real(&w, &["error=access_denied&error_description=pwned"]);
    *w.front.real_lost.lock().unwrap() = true;
    let run = w.login(&[]);
    run.fails(6, "state");
    assert!(!run.stderr.contains("pwned"), "{}", run.stderr);
    nothing_stored(&w);

    let w = World::new();
    *w.front.real_lost.lock().unwrap() = true;
    w.login(&[]).fails(4, "no redirect");
    nothing_stored(&w);
}

#[test]
fn a_redirect_uri_with_a_fragment_or_credentials_is_a_usage_error() {
    for uri in ["http://127.0.0.1:0/cb#x", "http://me:pw@127.0.0.1:0/cb"] {
        let w = World::new();
        let run = w.login(&["--redirect-uri", uri]);
        run.fails(2, "--redirect-uri");
        assert!(!run.stderr.contains("me:pw"), "{}", run.stderr);
        assert!(w.idp.seen().is_empty(), "{uri}");
    }
}

#[test]
fn a_response_mode_the_listener_cannot_read_is_a_usage_error() {
    for mode in ["response_mode=form_post", "response_mode=fragment"] {
        let w = World::new();
        w.login(&["--param", mode]).fails(2, "response_mode");
        assert!(w.idp.seen().is_empty(), "{mode}");
    }
    World::new().login(&["--param", "response_mode=query"]).ok();
}

#[test]
fn every_reserved_token_parameter_is_refused() {
    for name in crate::oauth::authorize::RESERVED_TOKEN_PARAMS {
        let w = World::new();
        let param = format!("{name}=x");
        w.login(&["--token-param", &param]).fails(2, name);
        assert!(w.idp.seen().is_empty(), "{name}: a request was sent");
        nothing_stored(&w);
    }
    let w = World::new();
    w.login(&["--token-param", "resource=https://api.test"])
        .ok();
    assert_eq!(
        w.idp.seen_at("/token")[0].form("resource"),
        Some("https://api.test")
    );
}

/// A `--browser` command is watched while the login already waits (a scripted browser completing the
/// login within the watch must not be kept waiting); its failure is reported from the wait, with the
/// URL and how to finish elsewhere.
#[test]
fn a_browser_that_fails_after_starting_is_reported_while_the_login_waits() {
    let w = World::new();
    *w.front.browser_fails_late.lock().unwrap() = true;
    *w.front.real_lost.lock().unwrap() = true;
    let run = w.login(&["--browser", "firefox", "--login-timeout", "1"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    let opened = run
        .stderr
        .find("Opened the browser")
        .expect("started first");
    let failed = run
        .stderr
        .find("could not open a browser (\"fake-browser\" exited with status 1)")
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(opened < failed, "{}", run.stderr);
    assert_eq!(
        run.stderr
            .matches("http://127.0.0.1:9/idp/authorize?")
            .count(),
        2,
        "the URL again with the failure: {}",
        run.stderr
    );
}
