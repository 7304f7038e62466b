//! In-process tests of the login's preflight: every kind of refusal the authorize endpoint can answer
//! with (an OAuth error page, JSON, an empty 403, a 404, a 500), what each says and hints, that none
//! opens the browser or stores anything, and that `--no-preflight` and a login page let the login go on.

use crate::error::Kind;
use crate::testkit::{CLIENT_ID, World};

const HTML: Option<&str> = Some("text/html; charset=utf-8");

/// oidc-provider's error page for an unknown client id (abridged); it echoes the request's `state`.
fn unknown_client_page(state: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>oops! something went wrong</title></head><body>\
         <h1>oops! something went wrong</h1><pre><strong>error</strong>: invalid_client</pre>\
         <pre><strong>error_description</strong>: client is invalid</pre>\
         <pre><strong>state</strong>: {state}</pre></body></html>"
    )
}

const BAD_REDIRECT_PAGE: &str = "<html><head><title>oops! something went wrong</title></head><body>\
     <pre><strong>error</strong>: invalid_redirect_uri</pre><pre><strong>error_description</strong>: \
     redirect_uri did not match any of the client&#39;s registered redirect_uris</pre></body></html>";

fn page(w: &World, status: u16, content_type: Option<&'static str>, body: &str) {
    w.settings().authorize_page = Some((status, content_type, body.to_string()));
}

/// The refusal ended the login before the browser: nothing opened, nothing redeemed, nothing stored.
#[track_caller]
fn stopped_before_the_browser(w: &World) {
    assert!(w.front.opened.lock().unwrap().is_empty(), "browser opened");
    assert!(w.idp.seen_at("/token").is_empty(), "code redeemed");
    assert!(w.stores.items.lock().unwrap().is_empty(), "tokens stored");
    assert!(w.config.profile("default").is_none(), "profile saved");
    assert_eq!(w.idp.seen_at("/authorize").len(), 1, "one preflight");
}

#[track_caller]
fn hint(run: &crate::testkit::Run) -> String {
    run.error.as_ref().unwrap().hint.clone().expect("a hint")
}

/// The state the first login of a world sends (the counting randomness makes it fixed).
fn first_state() -> String {
    let w = World::new();
    w.login(&[]).ok();
    url_param(&w.opened_url(), "state")
}

fn url_param(url: &url::Url, name: &str) -> String {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap()
}

#[test]
fn an_unknown_client_id_fails_at_once_with_exit_3_and_names_the_flag() {
    let state = first_state();
    let w = World::new();
    page(&w, 400, HTML, &unknown_client_page(&state));
    let run = w.login(&[]);
    run.fails(
        3,
        "the authorization endpoint refused the login request (HTTP 400): invalid_client (client is invalid)",
    );
    assert_eq!(
        hint(&run),
        format!("check --client-id: the provider does not accept the client id \"{CLIENT_ID}\"")
    );
    assert!(!run.stderr.contains(&state), "{}", run.stderr);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    stopped_before_the_browser(&w);
}

#[test]
fn the_preflight_sends_the_authorize_url_the_browser_opens() {
    let w = World::new();
    w.login(&[]).ok();
    let sent = &w.idp.seen_at("/authorize")[0];
    assert_eq!(sent.url, w.opened_url().as_str());
    assert!(sent.header("accept").unwrap().starts_with("text/html"));
}

#[test]
fn an_unregistered_redirect_uri_with_the_ephemeral_port_gets_the_fixed_port_advice() {
    let w = World::new();
    page(&w, 400, HTML, BAD_REDIRECT_PAGE);
    let run = w.login(&[]);
    run.fails(3, "(HTTP 400): invalid_redirect_uri (redirect_uri did not match any of the client's registered redirect_uris)");
    assert_eq!(
        hint(&run),
        "the redirect URI sent was http://127.0.0.1:4242/callback, on a port picked for this login; if the provider matches redirect URIs exactly, register http://127.0.0.1:PORT/callback with a fixed PORT of your choice and pass it with --redirect-uri"
    );
    stopped_before_the_browser(&w);
}

#[test]
fn an_unregistered_fixed_redirect_uri_is_named_exactly() {
    let w = World::new();
    page(&w, 400, HTML, BAD_REDIRECT_PAGE);
    let run = w.login(&["--redirect-uri", "http://127.0.0.1:8765/cb"]);
    run.fails(3, "invalid_redirect_uri");
    assert_eq!(
        hint(&run),
        "the redirect URI sent was http://127.0.0.1:8765/cb: register exactly this URI for the client at the provider, or pass a registered one with --redirect-uri"
    );
    stopped_before_the_browser(&w);
}

/// Glewlwyd: an unregistered redirect URI is a 403 with an empty body.
#[test]
fn an_empty_403_is_exit_1_and_blames_the_ephemeral_port() {
    let w = World::new();
    page(&w, 403, None, "");
    let run = w.login(&[]);
    run.fails(
        1,
        "the authorization endpoint refused the login request (HTTP 403) with an empty page",
    );
    assert!(
        hint(&run).contains("on a port picked for this login")
            && hint(&run).contains("--redirect-uri"),
        "{}",
        hint(&run)
    );
    stopped_before_the_browser(&w);

    let w = World::new();
    page(&w, 403, None, "");
    let run = w.login(&["--redirect-uri", "http://127.0.0.1:8765/callback"]);
    run.fails(1, "with an empty page");
    assert_eq!(
        hint(&run),
        "the provider gave no reason: check --client-id and that the redirect URI sent, http://127.0.0.1:8765/callback, is registered for the client"
    );
}

#[test]
fn a_json_oauth_error_is_exit_3_whatever_the_status() {
    let w = World::new();
    page(
        &w,
        401,
        Some("application/json"),
        r#"{"error":"unauthorized_client","error_description":"code flow not allowed"}"#,
    );
    let run = w.login(&["-o", "json"]);
    run.fails(3, "(HTTP 401): unauthorized_client (code flow not allowed)");
    assert!(hint(&run).contains("check the client's registration"));
    assert_eq!(run.stdout, "", "JSON mode keeps stdout empty on failure");
    stopped_before_the_browser(&w);
}

#[test]
fn a_page_with_a_title_is_exit_1_and_shows_the_title() {
    let w = World::new();
    page(
        &w,
        404,
        HTML,
        "<html><head><title>Page \x1b[31mNot Found</title></head><body><h1>404</h1></body></html>",
    );
    let run = w.login(&[]);
    run.fails(
        1,
        "the authorization endpoint refused the login request (HTTP 404): \"Page [31mNot Found\"",
    );
    assert!(!run.stderr.contains('\x1b'), "control characters shown");
    assert!(hint(&run).contains("--authorize-url"), "{}", hint(&run));
    stopped_before_the_browser(&w);
}

#[test]
fn a_server_error_is_exit_1() {
    let w = World::new();
    page(&w, 500, Some("text/plain"), "Internal Server Error");
    let run = w.login(&[]);
    run.fails(1, "(HTTP 500): \"Internal Server Error\"");
    assert_eq!(
        hint(&run),
        "the provider failed; try again later (--no-preflight skips this check)"
    );
    stopped_before_the_browser(&w);
}

#[test]
fn an_unreachable_authorize_endpoint_is_exit_4() {
    let w = World::new();
    w.settings().authorize_fails = Some(Kind::Network);
    let run = w.login(&[]);
    run.fails(
        4,
        "the authorization endpoint cannot be reached: request to 127.0.0.1 failed",
    );
    assert!(hint(&run).contains("--no-preflight"));
    assert!(w.front.opened.lock().unwrap().is_empty(), "browser opened");
}

#[test]
fn an_unreadable_answer_is_a_warning_and_the_login_goes_on() {
    let w = World::new();
    w.settings().authorize_fails = Some(Kind::Other);
    let run = w.login(&[]);
    run.ok();
    assert!(
        run.stderr
            .contains("warning: could not read the authorization endpoint's answer"),
        "{}",
        run.stderr
    );
}

#[test]
fn no_preflight_skips_the_check() {
    let w = World::new();
    page(&w, 400, HTML, &unknown_client_page("x"));
    w.login(&["--no-preflight"]).ok();
    assert!(w.idp.seen_at("/authorize").is_empty());
}

#[test]
fn redirects_and_login_pages_pass() {
    for status in [200, 302, 303] {
        let w = World::new();
        page(&w, status, HTML, "");
        w.login(&[]).ok();
        assert_eq!(w.idp.seen_at("/authorize").len(), 1, "{status}");
    }
}
