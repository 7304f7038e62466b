//! In-process tests of `token revoke` and `token introspect` against the scripted provider: order and
//! hints, client authentication, what is kept when the provider refuses, where the endpoints come from,
//! and the exit codes of the contract.

use crate::adapters::store::StoreKind;
use crate::oauth::types::{AuthMethod, ClientSecret};
use crate::testkit::idp::{IdpSettings, Seen};
use crate::testkit::{ISSUER, T0, World};
use serde_json::json;

fn logged_in(setup: impl FnOnce(&mut IdpSettings)) -> World {
    let w = World::with(setup);
    w.login(&[]).ok();
    w
}

/// A confidential client logged in with `method`; the secret comes from the store afterwards, not the
/// environment.
fn confidential(method: &str) -> World {
    let mut w = World::with(|s| s.client_secret = Some("s3:cr%t".into()));
    w.env.client_secret = Some(ClientSecret::new("s3:cr%t"));
    w.login(&["--auth-method", method]).ok();
    w.env.client_secret = None;
    w
}

fn tokens_and_hints(seen: &[Seen]) -> Vec<(String, String)> {
    seen.iter()
        .map(|r| {
            (
                r.form("token").unwrap_or_default().to_string(),
                r.form("token_type_hint").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn pair(token: &str, hint: &str) -> (String, String) {
    (token.into(), hint.into())
}

#[test]
fn revoke_sends_the_refresh_token_then_the_access_token_then_deletes() {
    let w = logged_in(|_| {});
    let old = w.session();
    let run = w.run(&["token", "revoke", "-o", "json"]);
    run.ok();
    assert_eq!(
        run.json(),
        json!({"revoked": ["refresh_token", "access_token"]})
    );
    let seen = w.idp.seen_at("/revoke");
    assert_eq!(
        tokens_and_hints(&seen),
        [pair("rt-2", "refresh_token"), pair("at-2", "access_token")]
    );
    // A public client identifies itself in the body, as at the token endpoint.
    assert!(seen.iter().all(|r| r.form("client_id") == Some("cli")));
    assert!(seen.iter().all(|r| r.under_lock));
    assert!(w.session_of("default").is_none(), "the stored set is gone");
    w.run(&["token", "print"]).fails(5, "no stored tokens");
    // The provider really forgot them: the old refresh token is refused.
    w.stores.put(StoreKind::Keyring, "default", &old);
    w.run(&["token", "refresh"]).fails(3, "invalid_grant");
}

#[test]
fn revoke_in_human_mode_says_so_on_stderr_only() {
    let w = logged_in(|_| {});
    let run = w.run(&["token", "revoke"]);
    run.ok();
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("revoked the refresh_token and access_token of profile \"default\""),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("rt-2") && !run.stderr.contains("at-2"));
}

#[test]
fn revoke_without_a_refresh_token_revokes_the_access_token() {
    let w = logged_in(|s| s.issue_refresh_token = false);
    let run = w.run(&["token", "revoke", "-o", "json"]);
    assert_eq!(run.json(), json!({"revoked": ["access_token"]}));
    assert_eq!(
        tokens_and_hints(&w.idp.seen_at("/revoke")),
        [pair("at-2", "access_token")]
    );
}

#[test]
fn revoke_authenticates_a_confidential_client_as_at_the_token_endpoint() {
    let basic = confidential("client_secret_basic");
    basic.run(&["token", "revoke"]).ok();
    let token_auth = basic.idp.seen_at("/token")[0]
        .header("authorization")
        .map(str::to_string);
    assert!(token_auth.as_deref().unwrap().starts_with("Basic "));
    for r in basic.idp.seen_at("/revoke") {
        assert_eq!(r.header("authorization").map(str::to_string), token_auth);
        assert_eq!(r.form("client_secret"), None);
    }
    let post = confidential("client_secret_post");
    post.run(&["token", "revoke"]).ok();
    let seen = post.idp.seen_at("/revoke");
    assert_eq!(seen.len(), 2);
    for r in seen {
        assert_eq!(r.header("authorization"), None);
        assert_eq!(
            (r.form("client_id"), r.form("client_secret")),
            (Some("cli"), Some("s3:cr%t"))
        );
    }
}

#[test]
fn a_refused_access_token_keeps_everything_and_names_what_was_revoked() {
    let w = logged_in(|s| {
        s.revoke_fails = Some((
            "access_token",
            400,
            json!({"error": "unsupported_token_type", "error_description": "no\u{1b}[2J"}),
        ))
    });
    let run = w.run(&["token", "revoke", "-o", "json"]);
    run.fails(3, "revoking the access_token failed");
    let msg = &run.error.as_ref().unwrap().message;
    assert!(msg.contains("unsupported_token_type"), "{msg}");
    assert!(
        msg.contains("the refresh_token was revoked already"),
        "{msg}"
    );
    assert!(!run.stderr.contains('\u{1b}'), "provider text is sanitized");
    assert_eq!(run.stdout, "");
    assert!(w.session_of("default").is_some(), "nothing was deleted");
}

#[test]
fn a_refresh_token_the_provider_fails_on_stops_before_the_access_token() {
    let w = logged_in(|s| s.revoke_fails = Some(("refresh_token", 503, json!({"busy": true}))));
    let run = w.run(&["token", "revoke"]);
    run.fails(1, "revoking the refresh_token failed");
    assert!(
        run.error
            .as_ref()
            .unwrap()
            .message
            .contains("nothing was revoked"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("HTTP 503"), "{}", run.stderr);
    assert_eq!(w.idp.seen_at("/revoke").len(), 1);
    assert!(w.session_of("default").is_some());
}

#[test]
fn an_unreachable_revocation_endpoint_is_exit_4_and_keeps_the_tokens() {
    let w = logged_in(|s| s.secret_endpoints_unreachable = true);
    w.run(&["token", "revoke"])
        .fails(4, "revoking the refresh_token failed");
    assert!(w.session_of("default").is_some());
}

#[test]
fn no_revocation_endpoint_is_a_usage_error_with_the_way_to_add_one() {
    let w = logged_in(|s| s.revocation = false);
    let run = w.run(&["token", "revoke"]);
    run.fails(2, "no revocation endpoint");
    let hint = run.error.as_ref().unwrap().hint.clone().unwrap();
    assert!(
        hint.contains("profile set revocation_url URL") && hint.contains("--revocation-url"),
        "{hint}"
    );
    assert!(w.session_of("default").is_some());
    assert!(w.idp.seen_at("/revoke").is_empty());
}

#[test]
fn no_stored_tokens_is_exit_5() {
    let w = World::new();
    w.run(&["token", "revoke"]).fails(5, "no stored tokens");
    w.run(&["token", "introspect"]).fails(5, "no stored tokens");
}

/// `profile set revocation_url` after a login without one works at once, like `userinfo_url`.
#[test]
fn endpoints_added_to_the_profile_after_the_login_are_used() {
    let w = logged_in(|s| {
        s.revocation = false;
        s.introspection = false;
    });
    w.run(&["token", "introspect"])
        .fails(2, "no introspection endpoint");
    w.run(&[
        "profile",
        "set",
        "introspection_url",
        &format!("{ISSUER}/introspect"),
    ])
    .ok();
    w.run(&[
        "profile",
        "set",
        "revocation_url",
        &format!("{ISSUER}/revoke"),
    ])
    .ok();
    assert_eq!(
        w.run(&["token", "introspect", "-o", "json"]).json()["active"],
        true
    );
    w.run(&["token", "revoke"]).ok();
    assert_eq!(w.idp.seen_at("/revoke").len(), 2);
}

/// Some providers list these endpoints only in the RFC 8414 document; login stops at the OIDC one.
#[test]
fn endpoints_listed_only_in_the_rfc8414_document_are_found() {
    let w = logged_in(|s| s.secret_endpoints_in_rfc8414_only = true);
    assert_eq!(w.session().provider.revocation_url, None);
    assert_eq!(
        w.run(&["token", "introspect", "-o", "json"]).json()["active"],
        true
    );
    w.run(&["token", "revoke"]).ok();
    let metadata: Vec<String> = w
        .idp
        .seen()
        .iter()
        .filter(|s| s.path.contains("/.well-known/"))
        .map(|s| s.path.clone())
        .collect();
    assert!(
        metadata.contains(&"/.well-known/oauth-authorization-server/idp".to_string()),
        "{metadata:?}"
    );
    assert_eq!(w.idp.seen_at("/revoke").len(), 2);
}

/// The secret goes only to the token endpoint's origin, also to an endpoint found after the login (here
/// in metadata that changed since, and one saved in the session before logins checked it).
#[test]
fn the_secret_never_goes_to_an_endpoint_found_late_on_another_origin() {
    let w = confidential("client_secret_basic");
    let mut session = w.session();
    session.provider.revocation_url = None;
    session.provider.introspection_url =
        Some(url::Url::parse("http://127.0.0.2:9/idp/introspect").unwrap());
    w.stores.put(StoreKind::Keyring, "default", &session);
    w.settings().metadata_patch.insert(
        "revocation_endpoint".into(),
        json!("http://127.0.0.2:9/idp/revoke"),
    );
    w.run(&["token", "revoke"])
        .fails(2, "not on the token endpoint's origin");
    w.run(&["token", "introspect"])
        .fails(2, "not on the token endpoint's origin");
    assert!(w.idp.seen_at("/revoke").is_empty());
    assert!(w.idp.seen_at("/introspect").is_empty());
    assert!(w.session_of("default").is_some());
}

/// A public client sends no secret, so an endpoint on another origin is fine for it.
#[test]
fn a_public_client_may_use_an_endpoint_on_another_origin() {
    let w = logged_in(|_| {});
    let mut session = w.session();
    session.provider.revocation_url =
        Some(url::Url::parse("http://127.0.0.2:9/idp/revoke").unwrap());
    w.stores.put(StoreKind::Keyring, "default", &session);
    w.run(&["token", "revoke"]).ok();
    assert!(
        w.idp
            .seen_at("/revoke")
            .iter()
            .all(|r| r.url.starts_with("http://127.0.0.2:9/"))
    );
}

#[test]
fn introspect_prints_the_providers_answer_and_a_summary() {
    let w = logged_in(|_| {});
    let run = w.run(&["token", "introspect", "-o", "json"]);
    run.ok();
    assert_eq!(
        run.json(),
        json!({"active": true, "client_id": "cli", "sub": "alice", "scope": "openid offline_access",
               "token_type": "Bearer", "exp": T0 + 3600})
    );
    let seen = w.idp.seen_at("/introspect");
    assert_eq!(tokens_and_hints(&seen), [pair("at-2", "access_token")]);
    assert_eq!(seen[0].form("client_id"), Some("cli"));
    assert!(
        run.stderr
            .contains("active, expires 2027-01-15T09:00:00Z, scope openid offline_access"),
        "{}",
        run.stderr
    );
    let human = w.run(&["token", "introspect"]);
    human.ok();
    assert!(
        human.stdout.starts_with("{\n  \""),
        "pretty: {}",
        human.stdout
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&human.stdout).unwrap(),
        run.json()
    );
    for out in [&run.stdout, &run.stderr, &human.stdout, &human.stderr] {
        assert!(!out.contains("at-2") && !out.contains("rt-2"), "{out}");
    }
}

#[test]
fn introspect_refresh_asks_about_the_refresh_token() {
    let w = confidential("client_secret_post");
    let run = w.run(&["token", "introspect", "--refresh", "-o", "json"]);
    assert_eq!(run.json()["token_type"], "refresh_token");
    let seen = w.idp.seen_at("/introspect");
    assert_eq!(tokens_and_hints(&seen), [pair("rt-2", "refresh_token")]);
    assert_eq!(seen[0].form("client_secret"), Some("s3:cr%t"));
    assert_eq!(w.session().auth_method, AuthMethod::ClientSecretPost);
}

#[test]
fn introspect_refresh_without_a_refresh_token_is_exit_5() {
    let w = logged_in(|s| s.issue_refresh_token = false);
    w.run(&["token", "introspect", "--refresh"])
        .fails(5, "no refresh token");
    assert!(w.idp.seen_at("/introspect").is_empty());
}

#[test]
fn a_revoked_token_is_inactive() {
    let w = logged_in(|_| {});
    let old = w.session();
    w.run(&["token", "revoke"]).ok();
    w.stores.put(StoreKind::Keyring, "default", &old);
    let run = w.run(&["token", "introspect", "-o", "json"]);
    run.ok();
    assert_eq!(run.json(), json!({"active": false}));
    assert!(run.stderr.contains("inactive"), "{}", run.stderr);
}

#[test]
fn introspect_refuses_an_answer_without_a_boolean_active() {
    for (body, fragment) in [
        (r#"[{"active":true}]"#, "not a JSON object"),
        ("<html>", "not a JSON object"),
        (r#"{"active":"true"}"#, "no boolean `active`"),
        (r#"{"scope":"x"}"#, "no boolean `active`"),
    ] {
        let w = logged_in(|s| s.introspection_raw = Some((200, body)));
        let run = w.run(&["token", "introspect", "-o", "json"]);
        run.fails(1, fragment);
        assert_eq!(run.stdout, "", "{body}");
    }
}

#[test]
fn introspect_exit_codes_for_oauth_errors_network_and_no_endpoint() {
    let w = logged_in(|s| s.introspection_raw = Some((401, r#"{"error":"invalid_client"}"#)));
    w.run(&["token", "introspect"])
        .fails(3, "the introspection endpoint refused: invalid_client");
    let w = logged_in(|s| s.secret_endpoints_unreachable = true);
    w.run(&["token", "introspect"])
        .fails(4, "Connection refused");
    let w = logged_in(|s| s.introspection = false);
    let run = w.run(&["token", "introspect"]);
    run.fails(2, "no introspection endpoint");
    assert!(
        run.error
            .as_ref()
            .unwrap()
            .hint
            .as_deref()
            .unwrap()
            .contains("profile set introspection_url URL")
    );
}

/// The answer is the provider's text: escaped on a terminal, exact in JSON.
#[test]
fn introspect_escapes_provider_text_for_the_terminal() {
    let w = logged_in(|s| {
        s.introspection_raw = Some((200, r#"{"active":true,"scope":"a\u001b[2Jb","exp":1}"#))
    });
    let human = w.run(&["token", "introspect"]);
    human.ok();
    assert!(!human.stdout.contains('\u{1b}') && !human.stderr.contains('\u{1b}'));
    assert!(human.stderr.contains("scope a[2Jb"), "{}", human.stderr);
    assert_eq!(
        w.run(&["token", "introspect", "-o", "json"]).json()["scope"],
        "a\u{1b}[2Jb"
    );
}

/// `logout` shares the revocation call but keeps its own rule: a refusal is a warning, the next token is
/// still tried, and the tokens are deleted anyway.
#[test]
fn logout_still_deletes_after_a_refused_revocation() {
    let w = logged_in(|s| {
        s.revoke_fails = Some((
            "refresh_token",
            400,
            json!({"error": "unsupported_token_type"}),
        ))
    });
    let run = w.run(&["logout", "-o", "json"]);
    run.ok();
    assert_eq!(run.json()["revoked"], false);
    assert_eq!(run.json()["deleted"], true);
    assert!(
        run.stderr.contains(
            "revoking the refresh_token failed: the revocation endpoint refused: unsupported_token_type"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(w.idp.seen_at("/revoke").len(), 2);
    assert!(w.session_of("default").is_none());
}
