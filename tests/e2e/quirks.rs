//! Providers as their own documentation describes them, simulated by the fake provider: no discovery and
//! HTTP Basic; credentials in the body and errors at HTTP 404; lowercase "bearer", `expires_in` as a
//! string, `"id_token": ""`, and refresh tokens that rotate on every use.

use crate::harness::*;
use serde_json::json;

fn bare_login_args(p: &Provider, extra: &[&str]) -> Vec<String> {
    let mut args = fake_login_args(p, false, &["--login-timeout", "30", "-o", "json"]);
    args.extend(owned(extra));
    args
}

#[test]
fn no_discovery_basic_auth_with_awkward_secret() {
    let secret = "s:e%c é+x";
    let p = Provider::fake(json!({"client_secret": secret, "auth": "basic"}));
    let user = User::new();
    let args = bare_login_args(&p, &["--scope", "read write"]);
    user.run_with(&strs(&args), &[("OAUTHCTL_CLIENT_SECRET", secret)])
        .ok();
    let token_req = p
        .fake_log()
        .into_iter()
        .find(|r| r["path"] == "/token")
        .unwrap();
    assert!(
        token_req["headers"]["authorization"]
            .as_str()
            .unwrap()
            .starts_with("Basic ")
    );
    let body = token_req["body"].as_str().unwrap();
    assert!(
        body.starts_with("grant_type=authorization_code&code="),
        "{body}"
    );
    assert!(
        body.contains("&code_verifier="),
        "PKCE is on by default: {body}"
    );
    assert!(!body.contains("client_secret"), "{body}");
    assert_eq!(
        user.run(&["userinfo", "-o", "json"]).ok().json()["sub"],
        "alice"
    );
    user.run(&["token", "refresh"]).ok();
    assert_eq!(
        user.run(&["userinfo", "-o", "json"]).ok().json()["sub"],
        "alice"
    );
}

#[test]
fn body_credentials_and_errors_at_404() {
    let p = Provider::fake(json!({"auth": "post", "error_status": 404}));
    let user = User::new();
    let args = bare_login_args(&p, &["--auth-method", "client_secret_post"]);
    // A wrong secret: the provider answers invalid_client with HTTP 404; that is an OAuth error (exit 3).
    user.run_with(&strs(&args), &[("OAUTHCTL_CLIENT_SECRET", "wrong")])
        .fails(3, "invalid_client");
    user.assert_nothing_stored();
    user.run_with(&strs(&args), &[("OAUTHCTL_CLIENT_SECRET", "fake-secret")])
        .ok();
    let token_req = p
        .fake_log()
        .into_iter()
        .rfind(|r| r["path"] == "/token")
        .unwrap();
    assert!(
        token_req["body"]
            .as_str()
            .unwrap()
            .contains("&client_id=fake-client&client_secret=fake-secret")
    );
    assert!(token_req["headers"].get("authorization").is_none());
    assert_eq!(
        user.run(&["userinfo", "-o", "json"]).ok().json()["sub"],
        "alice"
    );
    user.run(&["token", "refresh"]).ok();
}

#[test]
fn lowercase_bearer_string_expiry_empty_id_token_and_rotation() {
    let p = Provider::fake(json!({
        "auth": "none", "token_type": "bearer", "expires_in": "3600",
        "id_token": "empty", "rotate_refresh": true,
    }));
    let user = User::new();
    let doc = user
        .run(&strs(&bare_login_args(&p, &["--scope", "profile"])))
        .ok()
        .json();
    assert_eq!(doc["token_type"], "Bearer");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let expires_at = doc["expires_at"].as_u64().unwrap();
    assert!(
        (now + 3590..=now + 3610).contains(&expires_at),
        "{expires_at} vs {now}"
    );
    assert!(user.stored("default")["tokens"].get("id_token").is_none());
    let rt0 = user.stored("default")["tokens"]["refresh_token"].clone();
    user.run(&["token", "refresh"]).ok();
    let rt1 = user.stored("default")["tokens"]["refresh_token"].clone();
    assert_ne!(rt0, rt1);
    // The second refresh must use the rotated token, or the fake answers invalid_grant.
    user.run(&["token", "refresh"]).ok();
    assert_eq!(
        user.run(&["userinfo", "-o", "json"]).ok().json()["sub"],
        "alice"
    );
}

#[test]
fn refresh_without_rotation_keeps_the_old_refresh_token() {
    let p = Provider::fake(json!({"auth": "none", "rotate_refresh": false}));
    let user = User::new();
    user.run(&strs(&bare_login_args(&p, &[]))).ok();
    let rt = user.stored("default")["tokens"]["refresh_token"].clone();
    user.run(&["token", "refresh"]).ok();
    assert_eq!(user.stored("default")["tokens"]["refresh_token"], rt);
    user.run(&["token", "refresh"]).ok();
}

#[test]
fn no_refresh_token_means_login_needed() {
    let p = Provider::fake(json!({"auth": "none", "refresh": false}));
    let user = User::new();
    user.run(&strs(&bare_login_args(&p, &[]))).ok();
    user.run(&["token", "refresh"]).fails(5, "no refresh token");
}

#[test]
fn discovery_with_valid_id_tokens_of_each_key_type() {
    for mode in ["auto", "es256", "eddsa"] {
        let p = Provider::fake(json!({"auth": "none", "discovery": true, "id_token": mode}));
        let user = User::new();
        let args = fake_login_args(&p, true, &["-o", "json"]);
        let doc = user.run(&strs(&args)).ok().json();
        assert_eq!(doc["id_token_claims"]["sub"], "alice", "{mode}");
    }
}
