//! In-process tests of pushed authorization requests (RFC 9126): what is pushed, what the browser gets,
//! when oauthctl pushes without being asked, and that a refused push ends the login before the browser.

use crate::testkit::{CLIENT_ID, ISSUER, World};
use std::collections::HashMap;

fn query(url: &url::Url) -> HashMap<String, String> {
    url.query_pairs().into_owned().collect()
}

#[test]
fn a_pushed_login_sends_every_parameter_to_the_endpoint_and_only_the_reference_to_the_browser() {
    let w = World::with(|s| s.par = true);
    w.login(&["--par", "--param", "prompt=consent"]).ok();
    let pushed = &w.idp.seen_at("/par")[0];
    let names: Vec<&str> = pushed.form.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "response_type",
            "client_id",
            "redirect_uri",
            "scope",
            "state",
            "nonce",
            "code_challenge",
            "code_challenge_method",
            "prompt"
        ]
    );
    assert_eq!(pushed.form("client_id"), Some(CLIENT_ID));
    let opened = query(&w.opened_url());
    assert_eq!(opened.len(), 2, "{opened:?}");
    assert_eq!(opened["client_id"], CLIENT_ID);
    assert_eq!(
        opened["request_uri"],
        "urn:ietf:params:oauth:request_uri:r1"
    );
    // The push was the check: no preflight fetch of the authorize URL.
    assert!(w.idp.seen_at("/authorize").is_empty());
    // The callback went through the usual checks with the pushed state, and the login completed.
    assert_eq!(w.session().tokens.access_token.secret(), "at-3");
    assert_eq!(w.config.profile("default").unwrap().par, Some(true));

    // Saved: the next login pushes again; --par=false turns it off.
    w.login(&[]).ok();
    assert_eq!(w.idp.seen_at("/par").len(), 2);
    w.login(&["--par=false"]).ok();
    assert_eq!(w.idp.seen_at("/par").len(), 2);
    assert!(query(&w.opened_url()).contains_key("state"));
    assert_eq!(w.config.profile("default").unwrap().par, None);
}

#[test]
fn a_provider_that_requires_pushing_gets_pushed_requests_unasked() {
    let w = World::with(|s| {
        s.par = true;
        s.par_required = true;
    });
    w.login(&[]).ok();
    assert_eq!(w.idp.seen_at("/par").len(), 1);
    assert!(query(&w.opened_url()).contains_key("request_uri"));
    // Even --par=false: the provider refuses anything else.
    w.login(&["--par=false"]).ok();
    assert_eq!(w.idp.seen_at("/par").len(), 2);
}

#[test]
fn a_confidential_client_authenticates_its_push_like_a_token_request() {
    let mut w = World::with(|s| {
        s.par = true;
        s.client_secret = Some("s3cret".into());
    });
    w.env.client_secret = Some(crate::oauth::types::ClientSecret::new("s3cret"));
    w.login(&["--par"]).ok();
    let pushed = &w.idp.seen_at("/par")[0];
    assert!(
        pushed
            .header("authorization")
            .unwrap()
            .starts_with("Basic ")
    );
    assert_eq!(pushed.form("client_secret"), None);
    w.login(&["--par", "--auth-method", "client_secret_post"])
        .ok();
    let pushed = &w.idp.seen_at("/par")[1];
    assert_eq!(pushed.form("client_secret"), Some("s3cret"));
    let ids = pushed.form.iter().filter(|(k, _)| k == "client_id").count();
    assert_eq!(ids, 1, "client_id once: {:?}", pushed.form);
}

#[test]
fn a_refused_push_ends_the_login_before_the_browser() {
    let w = World::with(|s| {
        s.par = true;
        s.par_answer = Some((
            400,
            serde_json::json!({"error": "invalid_request", "error_description": "redirect_uri not registered"}),
        ));
    });
    let run = w.login(&["--par"]);
    run.fails(3, "redirect_uri not registered");
    assert!(w.front.opened.lock().unwrap().is_empty(), "no browser");
    assert!(w.stores.items.lock().unwrap().is_empty());
    assert!(w.config.profile("default").is_none());
}

#[test]
fn a_broken_push_answer_is_exit_1() {
    let w = World::with(|s| {
        s.par = true;
        s.par_answer = Some((201, serde_json::json!({"expires_in": 60})));
    });
    w.login(&["--par"]).fails(1, "request_uri");
    assert!(w.front.opened.lock().unwrap().is_empty(), "no browser");
}

#[test]
fn pushing_without_an_endpoint_is_a_usage_error_naming_the_flag() {
    let w = World::new();
    let run = w.login(&["--par"]);
    run.fails(2, "--par needs a pushed authorization request endpoint");
    assert!(run.stderr.contains("--par-url"), "{}", run.stderr);
    assert!(w.front.opened.lock().unwrap().is_empty());
    // With the endpoint given by hand it works.
    let w = World::with(|s| s.par = false);
    w.run(&[
        "login",
        "--authorize-url",
        &format!("{ISSUER}/authorize"),
        "--token-url",
        &format!("{ISSUER}/token"),
        "--par-url",
        &format!("{ISSUER}/par"),
        "--client-id",
        CLIENT_ID,
        "--par",
    ])
    .ok();
    assert_eq!(w.idp.seen_at("/par").len(), 1);
}
