//! Signed authorization requests (JAR, RFC 9101) and responses (JARM) against the real oidc-provider:
//! `jar-client` must send request objects (signed with `tests/provider/pkjwt-client.pem`), by value or
//! pushed, and is refused without one (exit 3); `--jarm` logs in with the provider's signed response, and
//! an error inside one is the provider's (exit 3).
//! The fake provider signs JARM responses wrongly on demand: each is exit 6 with nothing stored.

use crate::harness::*;
use serde_json::json;

fn key_path() -> String {
    repo()
        .join("tests/provider/pkjwt-client.pem")
        .to_string_lossy()
        .into_owned()
}

/// The authorization requests oidc-provider saw, and the pushes: (path, status).
fn front_calls(p: &Provider) -> Vec<(String, String)> {
    p.oidc_log()
        .into_iter()
        .filter(|l| l["path"] == "/auth" || l["path"] == "/request")
        .map(|l| {
            (
                l["path"].as_str().unwrap_or("").to_string(),
                l["status"].to_string(),
            )
        })
        .collect()
}

fn jar_args(p: &Provider, extra: &[&str]) -> Vec<String> {
    let mut args = oidc_login_args(p, "jar-client");
    args.extend(owned(&["--client-key", &key_path()]));
    args.extend(owned(extra));
    args
}

#[test]
fn a_client_that_must_sign_logs_in_with_a_request_object_and_refreshes() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let args = jar_args(&p, &["--request-object", "-o", "json"]);
    let doc = user.run(&strs(&args)).ok().json();
    assert_eq!(doc["has_refresh_token"], true, "{doc}");
    assert!(front_calls(&p).iter().all(|(path, _)| path == "/auth"));
    user.run(&["token", "refresh"]).ok();
    user.run(&["userinfo"]).ok();
    let config = std::fs::read_to_string(user.config_path()).unwrap();
    assert!(config.contains("request_object = true"), "{config}");
}

#[test]
fn a_request_object_can_be_pushed() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let args = jar_args(&p, &["--request-object", "--par"]);
    user.run(&strs(&args)).ok();
    let calls = front_calls(&p);
    assert_eq!(calls[0], ("/request".into(), "201".into()), "{calls:?}");
    user.run(&["token", "refresh"]).ok();
}

#[test]
fn without_a_request_object_the_provider_refuses_the_client_and_nothing_is_stored() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let args = jar_args(&p, &[]);
    user.run(&strs(&args)).fails(3, "invalid_request");
    user.assert_nothing_stored();
}

#[test]
fn jarm_logs_in_with_the_providers_signed_response() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = oidc_login_args(&p, "public-client");
    args.extend(owned(&["--jarm", "-o", "json"]));
    let doc = user.run(&strs(&args)).ok().json();
    assert_eq!(doc["has_refresh_token"], true, "{doc}");
    user.run(&["token", "refresh"]).ok();
    // Signed request and signed response together.
    let user = User::new();
    let args = jar_args(&p, &["--request-object", "--jarm"]);
    user.run(&strs(&args)).ok();
}

/// oidc-provider wraps its errors too: prompt=none without a session is `login_required`, verified and
/// then reported as the provider's answer.
#[test]
fn an_error_inside_the_providers_signed_response_is_exit_3() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let args: Vec<String> = oidc_login_args(&p, "public-client")
        .into_iter()
        .map(|a| {
            if a == "prompt=consent" {
                "prompt=none".into()
            } else {
                a
            }
        })
        .chain(owned(&["--jarm"]))
        .collect();
    user.run(&strs(&args)).fails(3, "login_required");
    user.assert_nothing_stored();
}

#[test]
fn a_jarm_response_that_fails_verification_is_exit_6_and_nothing_is_stored() {
    for (mode, message) in [
        ("forged", "bad signature"),
        ("wrong_iss", "`iss`"),
        ("expired", "expired"),
    ] {
        let p = Provider::fake(json!({"discovery": true, "jarm": mode}));
        let user = User::new();
        // The refused redirect is not this login's: the wait runs to its end.
        let args = fake_login_args(&p, true, &["--jarm", "--login-timeout", "3"]);
        let run = user.run_with(&strs(&args), &[("OAUTHCTL_CLIENT_SECRET", "fake-secret")]);
        let run = run.fails(6, message);
        assert!(run.stderr.contains("JARM"), "{mode}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{mode}");
        user.assert_nothing_stored();
        assert!(
            p.fake_log().iter().all(|l| l["path"] != "/token"),
            "{mode}: a code was redeemed"
        );
    }
    // The fake's valid response logs in.
    let p = Provider::fake(json!({"discovery": true}));
    let user = User::new();
    let args = fake_login_args(&p, true, &["--jarm"]);
    user.run_with(&strs(&args), &[("OAUTHCTL_CLIENT_SECRET", "fake-secret")])
        .ok();
}
