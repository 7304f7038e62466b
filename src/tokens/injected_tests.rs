//! In-process tests of CI injection: `OAUTHCTL_REFRESH_TOKEN` / `OAUTHCTL_ACCESS_TOKEN` with the login
//! variables instead of a stored session, and nothing written anywhere.

use crate::oauth::types::{AccessToken, RefreshToken};
use crate::testkit::{CLIENT_ID, ISSUER, World};
use crate::tokens::{Origin, current};
use std::sync::atomic::Ordering;

/// A world whose provider has issued a refresh token (by a login whose traces are then wiped: stores,
/// config, lock counters), returned with it.
fn provider_with_a_grant() -> (World, String) {
    let w = World::new();
    w.login(&[]).ok();
    let rt = w.idp.live_refresh_token().unwrap();
    w.stores.items.lock().unwrap().clear();
    w.stores.writes.lock().unwrap().clear();
    *w.config.0.lock().unwrap() = String::new();
    w.lock_asked.store(0, Ordering::SeqCst);
    (w, rt)
}

fn inject(w: &mut World, refresh: Option<&str>, access: Option<&str>) {
    w.env.refresh_token = refresh.map(RefreshToken::new);
    w.env.access_token = access.map(AccessToken::new);
    for (k, v) in [
        ("OAUTHCTL_ISSUER", ISSUER),
        ("OAUTHCTL_CLIENT_ID", CLIENT_ID),
    ] {
        w.env.login_vars.insert(k.into(), v.into());
    }
}

#[track_caller]
fn assert_nothing_written(w: &World) {
    assert!(
        w.stores.items.lock().unwrap().is_empty(),
        "a store was written"
    );
    assert!(
        w.stores.writes.lock().unwrap().is_empty(),
        "a store was written"
    );
    assert_eq!(*w.config.0.lock().unwrap(), "", "the config was written");
    assert_eq!(
        w.lock_asked.load(Ordering::SeqCst),
        0,
        "a lock file was taken"
    );
}

#[test]
fn token_print_with_only_the_refresh_token_refreshes_first_and_stores_nothing() {
    let (mut w, rt) = provider_with_a_grant();
    inject(&mut w, Some(&rt), None);
    let run = w.run(&["token", "print"]);
    assert_eq!(run.ok().stdout, "at-3\n");
    let refresh = w.idp.seen_at("/token").last().unwrap().clone();
    assert_eq!(refresh.form("grant_type"), Some("refresh_token"));
    assert_eq!(refresh.form("refresh_token"), Some(rt.as_str()));
    assert!(!run.stderr.contains(&rt), "{}", run.stderr);
    assert_nothing_written(&w);
}

#[test]
fn userinfo_and_token_show_work_from_the_environment() {
    let (mut w, rt) = provider_with_a_grant();
    inject(&mut w, Some(&rt), None);
    let run = w.run(&["userinfo", "-o", "json"]);
    assert_eq!(run.ok().json()["sub"], "alice");
    let show = w.run(&["token", "show", "-o", "json"]).ok().json();
    assert_eq!(show["store"], "environment");
    assert_eq!(show["client_id"], CLIENT_ID);
    assert_nothing_written(&w);
}

#[test]
fn an_access_token_alone_is_used_as_is() {
    let w0 = World::new();
    let mut w = w0;
    inject(&mut w, None, Some("at-from-ci"));
    let doc = w.run(&["token", "print", "-o", "json"]).ok().json();
    assert_eq!(doc["access_token"], "at-from-ci");
    assert_eq!(doc["expires_at"], serde_json::Value::Null);
    assert!(w.idp.seen_at("/token").is_empty(), "no refresh");
    assert_nothing_written(&w);
}

#[test]
fn a_rotated_refresh_token_is_warned_about_once() {
    let (mut w, rt) = provider_with_a_grant();
    inject(&mut w, Some(&rt), None);
    // The first refresh (the token print rule) rotates, then a 401 makes userinfo refresh again.
    w.settings().userinfo_401s = 1;
    let run = w.run(&["userinfo"]);
    run.ok();
    assert_eq!(w.idp.refreshes(), 2);
    assert_eq!(
        run.stderr
            .matches("OAUTHCTL_REFRESH_TOKEN is now spent")
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert_nothing_written(&w);
    // No rotation, no warning.
    let (mut w, rt) = provider_with_a_grant();
    w.settings().rotate_refresh = false;
    inject(&mut w, Some(&rt), None);
    let run = w.run(&["token", "refresh"]);
    run.ok();
    assert!(!run.stderr.contains("spent"), "{}", run.stderr);
}

#[test]
fn the_saved_profile_fills_in_what_the_variables_do_not_say() {
    let w = World::new();
    w.login(&[]).ok();
    let rt = w.idp.live_refresh_token().unwrap();
    let config = w.config.0.lock().unwrap().clone();
    w.stores.items.lock().unwrap().clear();
    w.stores.writes.lock().unwrap().clear();
    w.lock_asked.store(0, Ordering::SeqCst);
    let mut w = w;
    w.env.refresh_token = Some(RefreshToken::new(rt));
    let (_, session, origin) = current(&test_ctx(&w)).unwrap();
    assert_eq!(origin, Origin::Environment);
    assert_eq!(session.client_id.as_str(), CLIENT_ID);
    assert_eq!(w.run(&["token", "print"]).ok().stdout, "at-3\n");
    assert!(w.stores.items.lock().unwrap().is_empty());
    assert_eq!(
        *w.config.0.lock().unwrap(),
        config,
        "the config is unchanged"
    );
}

#[test]
fn without_the_variables_the_store_is_used() {
    let w = World::new();
    w.login(&[]).ok();
    let (_, _, origin) = current(&test_ctx(&w)).unwrap();
    assert!(matches!(origin, Origin::Store(_)), "{origin:?}");
}

#[test]
fn a_bad_login_variable_is_a_usage_error() {
    let (mut w, rt) = provider_with_a_grant();
    inject(&mut w, Some(&rt), None);
    w.env
        .login_vars
        .insert("OAUTHCTL_AUTH_METHOD".into(), "magic".into());
    w.run(&["token", "print"])
        .fails(2, "OAUTHCTL_* login variable");
    w.env.login_vars.remove("OAUTHCTL_AUTH_METHOD");
    w.env.login_vars.remove("OAUTHCTL_CLIENT_ID");
    w.run(&["token", "print"]).fails(2, "no client id");
    assert_nothing_written(&w);
}

#[test]
fn client_credentials_from_the_environment_obtain_a_token_without_a_store() {
    let mut w = World::with(|s| s.client_secret = Some("s3cret".into()));
    w.env.client_secret = Some(crate::oauth::types::ClientSecret::new("s3cret"));
    inject(&mut w, None, Some("expired-or-not"));
    w.env
        .login_vars
        .insert("OAUTHCTL_CLIENT_CREDENTIALS".into(), "true".into());
    w.run(&["token", "refresh"]).ok();
    let req = w.idp.seen_at("/token").last().unwrap().clone();
    assert_eq!(req.form("grant_type"), Some("client_credentials"));
    assert_nothing_written(&w);
}

/// A context over the world's fakes, for calling the token life cycle directly.
fn test_ctx(w: &World) -> crate::context::Ctx {
    w.ctx(&["status"])
}

#[test]
fn a_refused_variable_token_says_so() {
    let (mut w, _) = provider_with_a_grant();
    inject(&mut w, Some("rt-spent"), None);
    let run = w.run(&["token", "print"]);
    run.fails(3, "invalid_grant");
    let hint = run.error.as_ref().unwrap().hint.clone().unwrap();
    assert!(hint.contains("refused OAUTHCTL_REFRESH_TOKEN"), "{hint}");
    assert!(!run.stderr.contains("rt-spent"), "{}", run.stderr);
    assert_nothing_written(&w);
}

/// The variables read in CI mode are the login options that take a value, by their clap names.
#[test]
fn the_login_variables_are_the_value_options_of_login() {
    let names = crate::tokens::injected::login_var_names();
    for want in [
        "OAUTHCTL_ISSUER",
        "OAUTHCTL_TOKEN_URL",
        "OAUTHCTL_CLIENT_ID",
        "OAUTHCTL_AUTH_METHOD",
        "OAUTHCTL_TOKEN_PARAM",
        "OAUTHCTL_CLIENT_SECRET_FILE",
        "OAUTHCTL_CLIENT_CREDENTIALS",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} missing: {names:?}");
    }
    // A switch without a value is not a setting of the session.
    assert!(!names.iter().any(|n| n == "OAUTHCTL_NO_PREFLIGHT"));
}
