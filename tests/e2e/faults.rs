//! Misbehaving and hostile providers (the fake provider's fault modes): each is refused with the
//! contract's exit code and a clear one-line error, and nothing is stored.

use crate::harness::*;
use serde_json::{Value, json};

fn oidc_fake_login(config: Value, user: &User) -> Run {
    let p = Provider::fake(config);
    let args = fake_login_args(&p, true, &["--timeout", "3", "-o", "json"]);
    let run = user.run_with(&strs(&args), &[("OAUTHCTL_CLIENT_SECRET", "fake-secret")]);
    drop(p);
    run
}

fn with_discovery(extra: Value) -> Value {
    let mut base = json!({"discovery": true});
    base.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    base
}

#[test]
fn forged_or_mismatched_id_tokens_are_exit_6() {
    for (mode, message) in [
        ("forged", "bad signature"),
        ("alg_none", "ID token is invalid"),
        ("hs256", "not accepted"),
        ("wrong_aud", "`aud`"),
        ("wrong_iss", "`iss`"),
        ("expired", "expired"),
        ("wrong_nonce", "nonce"),
        ("unknown_kid", "signing key"),
    ] {
        let user = User::new();
        let run = oidc_fake_login(with_discovery(json!({"id_token": mode})), &user);
        let run = run.fails(6, message);
        assert_eq!(run.stdout, "", "{mode}");
        user.assert_nothing_stored();
    }
}

#[test]
fn issuer_mix_ups_are_exit_6() {
    for (config, message) in [
        (json!({"iss_param": "wrong"}), "`iss`"),
        (
            json!({"iss_param": "none", "iss_supported": true}),
            "lacks `iss`",
        ),
        (
            json!({"discovery_issuer": "http://127.0.0.2:1"}),
            "names issuer",
        ),
    ] {
        let user = User::new();
        oidc_fake_login(with_discovery(config), &user).fails(6, message);
        user.assert_nothing_stored();
    }
}

#[test]
fn broken_token_responses_are_refused_and_nothing_is_stored() {
    for (body, code, message) in [
        ("html", 1, "not JSON"),
        ("garbage", 1, "not"),
        ("huge", 1, "cap"),
        ("slow", 4, "timed out"),
        ("missing_access_token", 1, "no `access_token`"),
        ("unknown_token_type", 1, "unsupported token_type"),
        ("invalid_utf8", 1, "UTF-8"),
        ("truncated", 1, "cut short"),
        ("error_200", 3, "invalid_grant"),
        ("empty", 1, "not JSON"),
    ] {
        let user = User::new();
        oidc_fake_login(
            with_discovery(json!({"token_body": body, "id_token": "none"})),
            &user,
        )
        .fails(code, message);
        user.assert_nothing_stored();
    }
}

#[test]
fn userinfo_for_another_subject_is_exit_6() {
    let p = Provider::fake(json!({"discovery": true, "auth": "none", "userinfo_sub": "mallory"}));
    let user = User::new();
    let args = fake_login_args(&p, true, &[]);
    user.run(&strs(&args)).ok();
    user.run(&["userinfo"]).fails(6, "subject");
}

#[test]
fn authorize_error_is_exit_3() {
    let user = User::new();
    oidc_fake_login(
        with_discovery(json!({"authorize_error": "access_denied"})),
        &user,
    )
    .fails(3, "access_denied");
    user.assert_nothing_stored();
}
