//! In-process tests of the checks that use the other commands' code: `discovery` (the `discover` lint),
//! the `token` check's three sources (stored refresh token, client credentials, `OAUTHCTL_REFRESH_TOKEN`),
//! `introspect`, `revoke`, and the run's one JWKS fetch.

use super::*;
use crate::commands::introspect::introspect;
use crate::oauth::session::Grant;
use crate::oauth::types::{AccessToken, RefreshToken};
use crate::testkit::{CLIENT_ID, ISSUER};

/// (status, detail) of check `name` of the `profile`-th profile.
fn check<'a>(doc: &'a Value, profile: usize, name: &str) -> (&'a str, &'a str) {
    let c = doc["profiles"][profile]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap();
    (c["status"].as_str().unwrap(), c["detail"].as_str().unwrap())
}

/// The checks of the first profile that have `status`.
fn named(doc: &Value, status: &str) -> Vec<String> {
    statuses(doc)[0]
        .1
        .iter()
        .filter(|(_, s)| s == status)
        .map(|(n, _)| n.clone())
        .collect()
}

#[test]
fn discovery_error_findings_fail_with_exit_6_naming_their_codes_and_the_rest_still_runs() {
    let w = logged_in(&["a"], |_| {});
    w.settings()
        .metadata_patch
        .insert("response_types_supported".into(), json!(["token"]));
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        check(&doc, 0, "discovery"),
        (
            "fail",
            "the metadata has errors: no-code-response-type (warnings: no-iss-parameter)"
        )
    );
    assert_eq!(named(&doc, "pass"), CHECKS[1..7]);
}

#[test]
fn an_issuer_without_metadata_fails_discovery_with_exit_4() {
    let w = logged_in(&["a"], |_| {});
    w.settings().discovery = false;
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    let doc = run.json();
    let (status, detail) = check(&doc, 0, "discovery");
    assert_eq!(status, "fail");
    assert!(detail.starts_with("no metadata found for"), "{detail}");
    assert_eq!(named(&doc, "pass"), CHECKS[1..7]);
}

/// A profile of bare endpoints (no issuer, no introspection endpoint): nothing to discover or
/// introspect, and the token checks still run.
#[test]
fn without_an_issuer_or_introspection_endpoint_those_checks_are_skipped() {
    let w = World::with(|s| {
        lint_clean(s);
        // Without openid no ID token: this provider sends none on refresh either.
        s.refresh_id_token = false;
    });
    w.run(&[
        "-p",
        "bare",
        "login",
        "--authorize-url",
        &format!("{ISSUER}/authorize"),
        "--token-url",
        &format!("{ISSUER}/token"),
        "--client-id",
        CLIENT_ID,
        "--scope",
        "offline_access",
    ])
    .ok();
    let run = smoke(&w, &["-p", "bare", "-o", "json"]);
    run.ok();
    let doc = run.json();
    assert_eq!(
        check(&doc, 0, "discovery"),
        (
            "skip",
            "no issuer (the profile names its endpoints): nothing to discover"
        )
    );
    assert_eq!(
        check(&doc, 0, "introspect"),
        ("skip", "the provider has no introspection endpoint")
    );
    assert_eq!(named(&doc, "pass"), ["token", "refresh"]);
}

#[test]
fn an_inactive_access_token_fails_introspect_with_exit_6() {
    let w = logged_in(&["a"], |_| {});
    w.settings().introspection_raw = Some((200, r#"{"active":false}"#));
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        check(&doc, 0, "introspect"),
        (
            "fail",
            "the provider says the access token it has just issued is not active"
        )
    );
    assert_eq!(named(&doc, "pass"), CHECKS[..6]);
}

#[test]
fn a_provider_without_introspection_skips_that_check() {
    let w = logged_in(&["a"], |s| s.introspection = false);
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    run.ok();
    assert_eq!(
        check(&run.json(), 0, "introspect"),
        ("skip", "the provider has no introspection endpoint")
    );
    assert!(w.idp.seen_at("/introspect").is_empty());
}

/// `--revoke` destroys the tokens at the provider (the revoked ones are inactive there and refresh no
/// more) and deletes the stored copy, like `token revoke`.
#[test]
fn with_revoke_the_tokens_die_at_the_provider_and_the_stored_copy_is_deleted() {
    let w = logged_in(&["a"], |_| {});
    let before = w.session_of("a").unwrap();
    let run = smoke(&w, &["-p", "a", "--revoke", "-o", "json"]);
    run.ok();
    let doc = run.json();
    assert_eq!(
        check(&doc, 0, "revoke"),
        (
            "pass",
            "revoked the refresh token and access token and deleted the stored tokens: the profile needs a new login"
        )
    );
    assert_eq!(
        (&doc["passed"], &doc["failed"], &doc["skipped"]),
        (&json!(8), &json!(0), &json!(0))
    );
    assert!(w.session_of("a").is_none(), "the stored copy is deleted");
    let sent: Vec<(String, String)> = w
        .idp
        .seen_at("/revoke")
        .iter()
        .map(|s| {
            (
                s.form("token_type_hint").unwrap().to_string(),
                s.form("token").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0].0, "refresh_token");
    assert_eq!(Some(sent[0].1.clone()), w.idp.live_refresh_token());
    // The tokens the checks used are dead: inactive at the introspection endpoint.
    let ctx = w.ctx(&["-p", "a", "status"]);
    let mut dead = before.clone();
    dead.tokens.access_token = AccessToken::new(sent[1].1.as_str());
    assert_eq!(
        introspect(&ctx, &dead, false).unwrap(),
        json!({"active": false})
    );
    dead.tokens.refresh_token = Some(RefreshToken::new(sent[0].1.as_str()));
    assert_eq!(
        introspect(&ctx, &dead, true).unwrap(),
        json!({"active": false})
    );
    w.run(&["-p", "a", "token", "print"])
        .fails(5, "no stored tokens");
}

/// A refused revocation fails the check with its exit code and keeps the stored tokens.
#[test]
fn a_refused_revocation_fails_with_exit_3_and_keeps_the_stored_tokens() {
    let w = logged_in(&["a"], |s| {
        s.revoke_fails = Some((
            "refresh_token",
            400,
            json!({"error": "unsupported_token_type"}),
        ))
    });
    let run = smoke(&w, &["-p", "a", "--revoke", "-o", "json"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let doc = run.json();
    let (status, detail) = check(&doc, 0, "revoke");
    assert_eq!(status, "fail");
    assert!(detail.contains("unsupported_token_type"), "{detail}");
    assert!(w.session_of("a").is_some());
}

const SECRET: &str = "s3cret";

/// A confidential client logged in with the client credentials grant as profile `svc`.
fn service() -> World {
    let mut w = World::with(|s| {
        lint_clean(s);
        s.client_secret = Some(SECRET.into());
    });
    w.env.client_secret = Some(ClientSecret::new(SECRET));
    w.run(&[
        "-p",
        "svc",
        "login",
        "--client-credentials",
        "--issuer",
        ISSUER,
        "--client-id",
        CLIENT_ID,
    ])
    .ok();
    w
}

#[test]
fn a_client_credentials_profile_obtains_its_token_with_the_secret_and_stores_nothing() {
    let w = service();
    let stored = w.session_of("svc").unwrap();
    assert_eq!(stored.grant, Grant::ClientCredentials);
    let run = smoke(&w, &["-p", "svc", "-o", "json"]);
    run.ok();
    let doc = run.json();
    let (status, detail) = check(&doc, 0, "token");
    assert_eq!(status, "pass");
    assert!(
        detail.starts_with(
            "from the client credentials grant (not stored); access token valid until"
        ),
        "{detail}"
    );
    let grants: Vec<_> = w
        .idp
        .seen_at("/token")
        .iter()
        .map(|s| s.form("grant_type").unwrap().to_string())
        .collect();
    assert_eq!(grants, ["client_credentials", "client_credentials"]);
    assert_eq!(
        check(&doc, 0, "refresh"),
        ("skip", "the token set has no refresh token")
    );
    assert_eq!(
        check(&doc, 0, "id_token"),
        ("skip", "the token set has no ID token")
    );
    assert_eq!(
        check(&doc, 0, "userinfo"),
        (
            "skip",
            "a client credentials token stands for no user: nothing to ask userinfo about"
        )
    );
    assert!(w.idp.seen_at("/userinfo").is_empty());
    assert_eq!(check(&doc, 0, "introspect").0, "pass");
    let after = w.session_of("svc").unwrap();
    assert_eq!(
        after.tokens.access_token.secret(),
        stored.tokens.access_token.secret()
    );
    assert!(!run.stdout.contains(SECRET) && !run.stderr.contains(SECRET));
}

/// With `--revoke` both the token the checks obtained and the stored one (from the login) are revoked.
#[test]
fn revoking_a_client_credentials_profile_revokes_the_stored_token_too() {
    let w = service();
    let stored = w.session_of("svc").unwrap();
    smoke(&w, &["-p", "svc", "--revoke"]).ok();
    let revoked: Vec<String> = w
        .idp
        .seen_at("/revoke")
        .iter()
        .map(|s| s.form("token").unwrap().to_string())
        .collect();
    assert_eq!(revoked.len(), 2);
    assert!(revoked.contains(&stored.tokens.access_token.secret().to_string()));
    assert!(w.session_of("svc").is_none());
}

/// CI injection: the session comes from `OAUTHCTL_REFRESH_TOKEN` and the login variables, and nothing
/// is written anywhere (no store, no config, no lock file).
#[test]
fn an_injected_refresh_token_is_the_source_and_nothing_is_written() {
    let mut w = World::with(lint_clean);
    w.login(&[]).ok();
    let rt = w.idp.live_refresh_token().unwrap();
    w.stores.items.lock().unwrap().clear();
    w.stores.writes.lock().unwrap().clear();
    *w.config.0.lock().unwrap() = String::new();
    w.lock_asked.store(0, Ordering::SeqCst);
    w.env.refresh_token = Some(RefreshToken::new(rt.as_str()));
    for (k, v) in [
        ("OAUTHCTL_ISSUER", ISSUER),
        ("OAUTHCTL_CLIENT_ID", CLIENT_ID),
    ] {
        w.env.login_vars.insert(k.into(), v.into());
    }
    let run = smoke(&w, &["--revoke", "-o", "json"]);
    run.ok();
    let doc = run.json();
    assert_eq!(statuses(&doc)[0].1, all(&CHECKS, "pass"), "{}", run.stderr);
    let (_, detail) = check(&doc, 0, "token");
    assert!(
        detail.starts_with("from OAUTHCTL_REFRESH_TOKEN (nothing stored); "),
        "{detail}"
    );
    assert!(
        check(&doc, 0, "revoke")
            .1
            .contains("nothing was stored (tokens from the environment)")
    );
    assert_eq!(
        w.idp.seen_at("/token")[1].form("refresh_token"),
        Some(rt.as_str())
    );
    assert!(w.stores.items.lock().unwrap().is_empty());
    assert!(w.stores.writes.lock().unwrap().is_empty());
    assert_eq!(*w.config.0.lock().unwrap(), "");
    assert_eq!(w.lock_asked.load(Ordering::SeqCst), 0);
    assert!(!run.stdout.contains(&rt) && !run.stderr.contains(&rt));
}

/// `OAUTHCTL_ACCESS_TOKEN` alone: nothing to obtain a token with (skip, with why), and the later checks
/// test the token given.
#[test]
fn an_injected_access_token_alone_is_tested_as_given() {
    let mut w = World::with(lint_clean);
    w.login(&[]).ok();
    let at = w.session().tokens.access_token.secret().to_string();
    w.stores.items.lock().unwrap().clear();
    w.env.access_token = Some(AccessToken::new(at.as_str()));
    for (k, v) in [
        ("OAUTHCTL_ISSUER", ISSUER),
        ("OAUTHCTL_CLIENT_ID", CLIENT_ID),
    ] {
        w.env.login_vars.insert(k.into(), v.into());
    }
    let run = smoke(&w, &["-o", "json"]);
    run.ok();
    let doc = run.json();
    assert_eq!(
        check(&doc, 0, "token"),
        (
            "skip",
            "OAUTHCTL_ACCESS_TOKEN is used as given: no OAUTHCTL_REFRESH_TOKEN to obtain a new one"
        )
    );
    assert_eq!(check(&doc, 0, "userinfo").0, "pass");
    assert_eq!(check(&doc, 0, "introspect").0, "pass");
}

/// Every check of every profile verifies against one copy of the provider's JWKS per run, and lints one
/// copy of its metadata.
#[test]
fn the_jwks_and_the_metadata_are_fetched_once_per_run() {
    let names = ["a", "b", "c"];
    let w = logged_in(&names, |_| {});
    let metadata = || w.idp.seen_at("/.well-known/openid-configuration").len();
    let (before, metadata_before) = (w.idp.jwks_fetches(), metadata());
    let mut args = vec!["--jobs", "1", "-o", "json"];
    for n in &names {
        args.extend(["-p", n]);
    }
    let run = smoke(&w, &args);
    run.ok();
    assert_eq!(w.idp.jwks_fetches() - before, 1);
    assert_eq!(metadata() - metadata_before, 1);
    assert_eq!(statuses(&run.json()).len(), 3);
}

/// A key the cached copy lacks (the provider rotated its keys during the run) is looked up once more
/// at the provider, as outside `smoke`.
#[test]
fn a_key_rotated_during_the_run_is_fetched_again() {
    let w = logged_in(&["a"], |_| {});
    {
        let fetched = w.idp.jwks_fetches();
        let mut s = w.settings();
        s.signing_kid = "k2".into();
        // The discovery check's fetch still sees the old key; every later one the new.
        s.jwks_kids = vec![vec!["k1".into()]; fetched + 1];
        s.jwks_kids.push(vec!["k2".into()]);
    }
    let before = w.idp.jwks_fetches();
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    run.ok();
    assert_eq!(w.idp.jwks_fetches() - before, 2);
}
