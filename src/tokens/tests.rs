//! In-process tests of the token life cycle: when a refresh happens and when not, what a refresh keeps,
//! the checks on a refreshed ID token, and the lock that lets parallel callers spend a rotating refresh
//! token once.

use crate::adapters::store::StoreKind;
use crate::testkit::{T0, World};
use serde_json::json;
use std::sync::atomic::Ordering;

/// A world with a logged-in `default` profile.
fn logged_in(setup: impl FnOnce(&mut crate::testkit::idp::IdpSettings)) -> World {
    let w = World::with(setup);
    w.login(&[]).ok();
    // Count only the lock requests of what the test runs next.
    w.lock_asked.store(0, Ordering::SeqCst);
    w
}

#[test]
fn a_valid_token_is_printed_without_any_request() {
    let w = logged_in(|_| {});
    let before = w.idp.seen().len();
    w.advance(3600 - 61);
    let run = w.run(&["token", "print"]);
    run.ok();
    assert_eq!(run.stdout, "at-2\n");
    assert_eq!(w.idp.seen().len(), before, "no request for a valid token");
    assert_eq!(w.lock_asked.load(Ordering::SeqCst), 0, "no lock either");
}

#[test]
fn a_token_within_the_margin_is_refreshed_first() {
    let w = logged_in(|_| {});
    w.advance(3600 - 60);
    let run = w.run(&["token", "print", "--header"]);
    run.ok();
    assert_eq!(run.stdout, "Authorization: Bearer at-3\n");
    assert_eq!(w.idp.refreshes(), 1);
    let refresh = &w.idp.seen_at("/token")[1];
    assert_eq!(refresh.form("grant_type"), Some("refresh_token"));
    assert_eq!(refresh.form("refresh_token"), Some("rt-2"));
    let s = w.session();
    assert_eq!(s.tokens.refresh_token.as_ref().unwrap().secret(), "rt-3");
    assert_eq!(s.tokens.expires_at, Some(T0 + 3600 - 60 + 3600));
}

#[test]
fn token_print_json_has_the_token_and_its_expiry() {
    let w = logged_in(|_| {});
    let doc = w.run(&["token", "print", "-o", "json"]).json();
    assert_eq!(
        doc,
        json!({"access_token": "at-2", "expires_at": T0 + 3600})
    );
}

#[test]
fn a_refresh_keeps_what_the_provider_does_not_resend() {
    let w = logged_in(|s| {
        s.rotate_refresh = false;
        s.refresh_id_token = false;
    });
    let before = w.session();
    w.run(&["token", "refresh"]).ok();
    let after = w.session();
    assert_eq!(after.tokens.access_token.secret(), "at-3");
    assert_eq!(
        after.tokens.refresh_token.as_ref().unwrap().secret(),
        "rt-2"
    );
    assert_eq!(
        after.tokens.id_token.as_ref().unwrap().secret(),
        before.tokens.id_token.as_ref().unwrap().secret()
    );
}

#[test]
fn a_refreshed_id_token_for_another_subject_is_refused_and_nothing_changes() {
    let w =
        logged_in(|s| s.refresh_id_claims = json!({"sub": "mallory"}).as_object().unwrap().clone());
    let before = w.session();
    w.run(&["token", "refresh"]).fails(6, "sub");
    let after = w.session();
    assert_eq!(
        after.tokens.access_token.secret(),
        before.tokens.access_token.secret()
    );
}

#[test]
fn a_refreshed_id_token_with_a_wrong_at_hash_is_refused() {
    let w = logged_in(|s| {
        s.refresh_id_claims = json!({"at_hash": "AAAAAAAAAAAAAAAAAAAAAA"})
            .as_object()
            .unwrap()
            .clone()
    });
    w.run(&["token", "refresh"]).fails(6, "at_hash");
}

#[test]
fn a_refreshed_id_token_for_another_client_is_refused() {
    let w =
        logged_in(|s| s.refresh_id_claims = json!({"azp": "other"}).as_object().unwrap().clone());
    w.run(&["token", "refresh"]).fails(6, "azp");
}

#[test]
fn a_refreshed_id_token_signed_with_a_new_key_is_accepted_after_one_refetch() {
    let w = logged_in(|_| {});
    {
        let mut s = w.settings();
        s.signing_kid = "k2".into();
        s.jwks_kids = vec![
            vec!["k1".into()],
            vec!["k1".into()],
            vec!["k1".into(), "k2".into()],
        ];
    }
    let fetched = w.idp.jwks_fetches();
    w.run(&["token", "refresh"]).ok();
    assert_eq!(w.idp.jwks_fetches(), fetched + 2);
}

#[test]
fn without_a_refresh_token_a_login_is_needed() {
    let w = logged_in(|s| s.issue_refresh_token = false);
    w.run(&["token", "refresh"]).fails(5, "no refresh token");
    w.advance(3600);
    w.run(&["token", "print"]).fails(5, "no refresh token");
    assert_eq!(w.idp.refreshes(), 0);
}

#[test]
fn without_stored_tokens_every_command_needs_a_login() {
    let w = World::new();
    for args in [
        &["token", "print"][..],
        &["token", "refresh"],
        &["token", "show"],
        &["userinfo"],
    ] {
        w.run(args).fails(5, "no stored tokens");
    }
}

#[test]
fn a_refused_refresh_token_is_exit_3_and_the_set_stays() {
    let w = logged_in(|_| {});
    // Someone else spent it: the provider no longer knows rt-2.
    let mut session = w.session();
    session.tokens.refresh_token = Some(crate::oauth::types::RefreshToken::new("rt-gone"));
    w.stores.put(StoreKind::Keyring, "default", &session);
    let run = w.run(&["token", "refresh"]);
    run.fails(3, "invalid_grant");
    assert!(run.error.unwrap().hint.unwrap().contains("login"));
    assert_eq!(w.session().tokens.access_token.secret(), "at-2");
}

#[test]
fn the_environment_secret_overrides_the_stored_one() {
    let mut w = World::with(|s| s.client_secret = Some("old".into()));
    w.env.client_secret = Some(crate::oauth::types::ClientSecret::new("old"));
    w.login(&["--auth-method", "client_secret_post"]).ok();
    w.settings().client_secret = Some("new".into());
    w.env.client_secret = Some(crate::oauth::types::ClientSecret::new("new"));
    w.run(&["token", "refresh"]).ok();
    assert_eq!(
        w.idp.seen_at("/token")[1].form("client_secret"),
        Some("new")
    );
}

/// The refresh lock, deterministically: the provider holds the first refresh until every caller has asked
/// for the lock, so without the lock (or without the re-read under it) several refreshes go out.
#[test]
fn parallel_callers_spend_the_refresh_token_once() {
    const CALLERS: usize = 4;
    let w = logged_in(|_| {});
    w.advance(3600);
    w.settings().hold_first_refresh = Some((w.lock_asked.clone(), CALLERS));
    let printed: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CALLERS)
            .map(|_| scope.spawn(|| w.run(&["token", "print"])))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                let run = h.join().unwrap();
                run.ok();
                run.stdout
            })
            .collect()
    });
    assert_eq!(w.lock_asked.load(Ordering::SeqCst), CALLERS);
    assert_eq!(
        w.idp.refreshes(),
        1,
        "the refresh token was spent more than once"
    );
    assert!(printed.iter().all(|p| p == "at-3\n"), "{printed:?}");
}
