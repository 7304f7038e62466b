//! In-process tests of the token life cycle: when a refresh happens and when not, what a refresh keeps,
//! the checks on a refreshed ID token, and the lock that lets parallel callers spend a rotating refresh
//! token once.

use crate::adapters::store::StoreKind;
use crate::testkit::{T0, World};
use serde_json::json;
use std::sync::atomic::Ordering;

/// The stored refresh token is the one the provider accepts now (the rotated one, not the one it was
/// sent); once `clear` removes the fault, a refresh presents exactly that token and succeeds, so the
/// provider sees no reuse.
#[track_caller]
fn assert_the_rotated_refresh_token_is_kept_and_works(
    w: &World,
    clear: impl FnOnce(&mut crate::testkit::idp::IdpSettings),
) {
    let live = w.idp.live_refresh_token().expect("the provider issued one");
    let stored = w.session().tokens.refresh_token.expect("a refresh token");
    assert_eq!(stored.secret(), live, "the rotated refresh token was lost");
    clear(&mut w.settings());
    let refreshes = w.idp.refreshes();
    w.run(&["token", "refresh"]).ok();
    assert_eq!(w.idp.refreshes(), refreshes + 1);
    let presented = w.idp.seen_at("/token").last().unwrap().clone();
    assert_eq!(presented.form("refresh_token"), Some(live.as_str()));
    assert_eq!(
        w.session().tokens.refresh_token.unwrap().secret(),
        w.idp.live_refresh_token().unwrap()
    );
}

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
fn a_refreshed_id_token_for_another_subject_is_refused_and_only_the_rotated_refresh_token_is_kept()
{
    let w =
        logged_in(|s| s.refresh_id_claims = json!({"sub": "mallory"}).as_object().unwrap().clone());
    let before = w.session();
    w.run(&["token", "refresh"]).fails(6, "sub");
    let after = w.session();
    assert_eq!(
        after.tokens.access_token.secret(),
        before.tokens.access_token.secret()
    );
    assert_eq!(
        after.tokens.id_token.as_ref().unwrap().secret(),
        before.tokens.id_token.as_ref().unwrap().secret()
    );
    assert_the_rotated_refresh_token_is_kept_and_works(&w, |s| s.refresh_id_claims.clear());
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

#[test]
fn a_jwks_outage_during_refresh_keeps_the_rotated_refresh_token_and_nothing_unverified() {
    let w = logged_in(|_| {});
    w.settings().jwks_fails = true;
    w.run(&["token", "refresh"]).fails(1, "JWKS");
    let kept = w.session();
    // The verified set stays in use; the new, unverified access and ID tokens are not stored.
    assert_eq!(kept.tokens.access_token.secret(), "at-2");
    assert_eq!(w.run(&["token", "print"]).ok().stdout, "at-2\n");
    assert_the_rotated_refresh_token_is_kept_and_works(&w, |s| s.jwks_fails = false);
    assert_eq!(w.session().tokens.access_token.secret(), "at-4");
}

/// `token print` on an expired token while the JWKS is down: it fails with the verification error (the
/// unverified token is never printed), and the next `token print` refreshes with the rotated token.
#[test]
fn token_print_never_prints_an_unverified_token_and_recovers_after_the_outage() {
    let w = logged_in(|_| {});
    w.advance(3600);
    w.settings().jwks_fails = true;
    let run = w.run(&["token", "print"]);
    run.fails(1, "JWKS");
    assert_eq!(run.stdout, "");
    assert_eq!(w.session().tokens.refresh_token.unwrap().secret(), "rt-3");
    w.settings().jwks_fails = false;
    assert_eq!(w.run(&["token", "print"]).ok().stdout, "at-4\n");
    assert_eq!(
        w.idp
            .seen_at("/token")
            .last()
            .unwrap()
            .form("refresh_token"),
        Some("rt-3")
    );
}

/// A refresh answer the parser refuses, after the provider issued (and rotated) the tokens.
fn refused_answer_keeps_the_rotated_refresh_token(member: &str, value: serde_json::Value) -> World {
    let w = logged_in(|_| {});
    w.settings().refresh_patch.insert(member.into(), value);
    let run = w.run(&["token", "refresh"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert_eq!(w.session().tokens.access_token.secret(), "at-2");
    assert_the_rotated_refresh_token_is_kept_and_works(&w, |s| s.refresh_patch.clear());
    w
}

#[test]
fn a_dpop_refresh_answer_keeps_the_rotated_refresh_token() {
    refused_answer_keeps_the_rotated_refresh_token("token_type", json!("DPoP"));
}

/// (A negative `expires_in` is no longer refused: it means "already expired".)
#[test]
fn a_non_numeric_expires_in_keeps_the_rotated_refresh_token() {
    refused_answer_keeps_the_rotated_refresh_token("expires_in", json!("soon"));
}

#[test]
fn a_numeric_scope_keeps_the_rotated_refresh_token() {
    refused_answer_keeps_the_rotated_refresh_token("scope", json!(7));
}

#[test]
fn the_refused_answer_is_still_reported() {
    let w = logged_in(|s| {
        s.refresh_patch = json!({"token_type": "DPoP"}).as_object().unwrap().clone();
    });
    w.run(&["token", "refresh"]).fails(1, "DPoP");
}

#[test]
fn an_id_token_for_a_session_without_jwks_keeps_the_rotated_refresh_token() {
    let w = logged_in(|_| {});
    let mut session = w.session();
    session.provider.jwks_uri = None;
    w.stores.put(StoreKind::Keyring, "default", &session);
    w.run(&["token", "refresh"]).fails(6, "cannot verify");
    assert_the_rotated_refresh_token_is_kept_and_works(&w, |s| s.refresh_id_token = false);
}

#[test]
fn a_failing_store_write_is_retried() {
    let w = logged_in(|_| {});
    // The first save (the rotated refresh token, before the ID token is checked) fails twice.
    w.stores.fail_saves.store(2, Ordering::SeqCst);
    w.run(&["token", "refresh"]).ok();
    assert_eq!(w.stores.fail_saves.load(Ordering::SeqCst), 0);
    assert_eq!(w.session().tokens.access_token.secret(), "at-3");
    assert_the_rotated_refresh_token_is_kept_and_works(&w, |_| {});
}

#[test]
fn unsaved_tokens_are_reported_and_shown_only_with_show_tokens() {
    let w = logged_in(|s| s.refresh_id_token = false);
    w.stores.fail_saves.store(3, Ordering::SeqCst);
    let run = w.run(&["token", "refresh"]);
    run.fails(
        1,
        "rotated the refresh token, but the new tokens could not be saved",
    );
    assert!(!run.stderr.contains("rt-3"), "{}", run.stderr);
    assert!(run.error.unwrap().hint.unwrap().contains("--show-tokens"));

    let w = logged_in(|s| s.refresh_id_token = false);
    w.stores.fail_saves.store(3, Ordering::SeqCst);
    let run = w.run(&["token", "refresh", "--show-tokens"]);
    run.fails(1, "could not be saved");
    assert!(run.stderr.contains("refresh_token: rt-3"), "{}", run.stderr);
    assert!(run.stderr.contains("access_token: at-3"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn unsaved_unverified_tokens_show_only_the_refresh_token() {
    let w = logged_in(|_| {});
    w.stores.fail_saves.store(3, Ordering::SeqCst);
    let run = w.run(&["token", "refresh", "--show-tokens"]);
    run.fails(1, "could not be saved");
    assert!(run.stderr.contains("refresh_token: rt-3"), "{}", run.stderr);
    assert!(!run.stderr.contains("at-3"), "{}", run.stderr);
    // Nothing was verified: the ID token was not even fetched for.
    assert_eq!(w.idp.jwks_fetches(), 1);
}

#[test]
fn a_failing_refresh_inside_the_margin_prints_the_still_valid_token_with_a_warning() {
    let w = logged_in(|_| {});
    w.settings().jwks_fails = true;
    w.advance(3600 - 30);
    let run = w.run(&["token", "print"]);
    run.ok();
    assert_eq!(run.stdout, "at-2\n");
    assert!(run.stderr.contains("warning:"), "{}", run.stderr);
    assert!(run.stderr.contains("30 s"), "{}", run.stderr);
    // Once it has really expired, there is nothing valid to print.
    w.advance(30);
    w.run(&["token", "print"]).fails(1, "JWKS");
}

#[test]
fn an_empty_400_on_refresh_means_the_refresh_token_was_rejected() {
    let w = logged_in(|s| s.bare_refresh_errors = true);
    let mut session = w.session();
    session.tokens.refresh_token = Some(crate::oauth::types::RefreshToken::new("rt-gone"));
    w.stores.put(StoreKind::Keyring, "default", &session);
    let run = w.run(&["token", "refresh"]);
    run.fails(3, "rejected the refresh token");
    assert!(run.error.unwrap().hint.unwrap().contains("login"));
}

/// Without rotation the stored refresh token stays good when the new set cannot be saved, and the error
/// says so instead of sending the person to log in again.
#[test]
fn an_unsaved_refresh_without_rotation_says_the_stored_token_still_works() {
    let w = logged_in(|s| s.rotate_refresh = false);
    w.stores.fail_saves.store(3, Ordering::SeqCst);
    let run = w.run(&["token", "refresh"]);
    run.fails(1, "the stored refresh token still works");
    assert!(!run.error.unwrap().hint.unwrap().contains("login"));
    w.run(&["token", "refresh"]).ok();
    assert_eq!(
        w.idp
            .seen_at("/token")
            .last()
            .unwrap()
            .form("refresh_token"),
        Some("rt-2")
    );
}

#[test]
fn a_stored_session_with_a_reserved_token_parameter_is_not_refreshed() {
    let w = logged_in(|_| {});
    let mut session = w.session();
    session.token_params = vec![("grant_type".into(), "password".into())];
    w.stores.put(StoreKind::Keyring, "default", &session);
    w.run(&["token", "refresh"]).fails(2, "grant_type");
    assert_eq!(w.idp.refreshes(), 0);
}

#[test]
fn tokens_readable_by_others_are_used_with_a_warning() {
    let w = logged_in(|_| {});
    *w.stores.exposed.lock().unwrap() = true;
    let run = w.run(&["token", "print"]);
    run.ok();
    assert!(
        run.stderr
            .contains("warning: the token file is readable by others"),
        "{}",
        run.stderr
    );
}
