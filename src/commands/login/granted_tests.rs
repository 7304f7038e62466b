//! In-process tests of what a login says it got: the granted scopes (listed by the provider, or the
//! requested ones when it is silent), the requested scopes it dropped, whether a refresh token came back
//! with the hint for the usual cause, and the `openid` scope requested for an OpenID provider when no
//! `--scope` was given.

use crate::testkit::{CLIENT_ID, ISSUER, World};
use serde_json::json;

const NO_REFRESH_HINT: &str = "hint: offline_access was requested but no refresh token came back: many providers issue one only with --param prompt=consent (Google: --param access_type=offline)";

fn success_line(stderr: &str) -> &str {
    stderr
        .lines()
        .find(|l| l.starts_with("✓ logged in"))
        .unwrap_or_else(|| panic!("no success line: {stderr}"))
}

/// oidc-provider without `prompt=consent`: `offline_access` silently dropped, no refresh token.
fn offline_access_dropped() -> World {
    World::with(|s| {
        s.issue_refresh_token = false;
        s.token_patch.insert("scope".into(), json!("openid"));
    })
}

#[test]
fn a_dropped_offline_access_is_named_with_the_hint() {
    let w = offline_access_dropped();
    let run = w.login(&[]);
    run.ok();
    assert!(
        success_line(&run.stderr).starts_with(
            "✓ logged in; granted scope: openid; dropped by the provider: offline_access; refresh token: none; access token valid until"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.lines().any(|l| l == NO_REFRESH_HINT),
        "{}",
        run.stderr
    );
}

#[test]
fn the_json_document_names_requested_granted_and_dropped_scopes() {
    let w = offline_access_dropped();
    let doc = w.login(&["-o", "json"]).json();
    assert_eq!(doc["requested_scope"], "openid offline_access");
    assert_eq!(doc["granted_scope"], "openid");
    assert_eq!(doc["granted_scope_source"], "response");
    assert_eq!(doc["dropped_scopes"], json!(["offline_access"]));
    assert_eq!(doc["scope"], "openid");
    assert_eq!(doc["has_refresh_token"], false);
}

#[test]
fn a_silent_response_grants_the_requested_scopes_and_says_so() {
    let w = World::new();
    let run = w.login(&["-o", "json"]);
    assert!(
        success_line(&run.stderr).starts_with(
            "✓ logged in; granted scope: openid offline_access (as requested; the provider's answer did not list it); refresh token: yes;"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hint:"), "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["granted_scope"], "openid offline_access");
    assert_eq!(doc["granted_scope_source"], "request");
    assert_eq!(doc["dropped_scopes"], json!([]));
}

#[test]
fn no_hint_without_offline_access() {
    let w = World::with(|s| s.issue_refresh_token = false);
    let run = w.run(&[
        "login",
        "--issuer",
        ISSUER,
        "--client-id",
        CLIENT_ID,
        "--scope",
        "openid",
    ]);
    run.ok();
    assert!(
        success_line(&run.stderr).contains("; refresh token: none;"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hint:"), "{}", run.stderr);
}

#[test]
fn granted_scope_names_are_sanitized() {
    let w = World::with(|s| {
        s.token_patch
            .insert("scope".into(), json!("openid \u{1b}[2Jevil"));
    });
    let run = w.login(&[]);
    run.ok();
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
    assert!(
        success_line(&run.stderr)
            .contains("granted scope: openid [2Jevil; dropped by the provider: offline_access;"),
        "{}",
        run.stderr
    );
}

fn scope_sent(w: &World) -> Option<String> {
    w.opened_url()
        .query_pairs()
        .find(|(k, _)| k == "scope")
        .map(|(_, v)| v.into_owned())
}

const OPENID_LINE: &str =
    "Requesting the scope `openid`: the issuer is an OpenID provider and no --scope was given";

#[test]
fn an_openid_issuer_without_scope_gets_openid_and_says_so() {
    let w = World::new();
    let run = w.run(&[
        "login",
        "--issuer",
        ISSUER,
        "--client-id",
        CLIENT_ID,
        "-o",
        "json",
    ]);
    run.ok();
    assert_eq!(scope_sent(&w).as_deref(), Some("openid"));
    assert!(
        run.stderr.lines().any(|l| l == OPENID_LINE),
        "{}",
        run.stderr
    );
    let doc = run.json();
    assert_eq!(doc["requested_scope"], "openid");
    // With `openid` the ID token is bound to a nonce and verified, not dropped.
    assert_eq!(doc["id_token_claims"]["sub"], "alice");
    // Not saved: the profile keeps what the user chose.
    assert!(w.config.profile("default").unwrap().scopes.is_empty());
}

#[test]
fn a_scope_given_or_no_issuer_means_no_openid_added() {
    let w = World::new();
    let run = w.run(&[
        "login",
        "--issuer",
        ISSUER,
        "--client-id",
        CLIENT_ID,
        "--scope",
        "email",
    ]);
    run.ok();
    assert_eq!(scope_sent(&w).as_deref(), Some("email"));
    assert!(!run.stderr.contains(OPENID_LINE));

    let w = World::new();
    let (a, t) = (format!("{ISSUER}/authorize"), format!("{ISSUER}/token"));
    let run = w.run(&[
        "login",
        "--authorize-url",
        &a,
        "--token-url",
        &t,
        "--client-id",
        CLIENT_ID,
    ]);
    run.ok();
    assert_eq!(scope_sent(&w), None);
    assert!(!run.stderr.contains(OPENID_LINE));
    let doc_line = success_line(&run.stderr);
    assert!(doc_line.contains("no scope requested"), "{doc_line}");
}
