//! `token revoke` and `token introspect` against the real oidc-provider (each client authentication
//! method; a revoked token really is dead at the provider afterwards) and against the fake provider for
//! what a well-behaved server never does (refusing a revocation, endpoints only in the RFC 8414 document).

use crate::harness::*;
use serde_json::{Value, json};
use std::os::unix::fs::PermissionsExt;

fn login(user: &User, p: &Provider, client: &str) {
    let args = oidc_login_args(p, client);
    let secret = match client {
        "basic-client" => BASIC_SECRET,
        "post-client" => POST_SECRET,
        _ => "",
    };
    let envs: &[(&str, &str)] = if secret.is_empty() {
        &[]
    } else {
        &[("OAUTHCTL_CLIENT_SECRET", secret)]
    };
    user.run_with(&strs(&args), envs).ok();
}

fn token_file(user: &User) -> std::path::PathBuf {
    user.data_dir().join("default.json")
}

/// Puts a token file back as the file store writes it (0600), to use tokens a revoke deleted.
fn restore(user: &User, saved: &str) {
    let path = token_file(user);
    std::fs::write(&path, saved).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// What oidc-provider logged for its revocation and introspection endpoints.
fn logged(p: &Provider, path: &str) -> Vec<Value> {
    p.oidc_log()
        .into_iter()
        .filter(|l| l["path"] == path)
        .collect()
}

fn introspect_revoke_and_check_dead(client: &str) {
    let p = Provider::oidc(3600);
    let user = User::new();
    login(&user, &p, client);
    let stored = std::fs::read_to_string(token_file(&user)).unwrap();
    let access = user.stored("default")["tokens"]["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let refresh = user.stored("default")["tokens"]["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();

    let run = user.run(&["-vv", "token", "introspect", "-o", "json"]).ok();
    let doc = run.json();
    assert_eq!(doc["active"], true, "{client}: {doc}");
    assert_eq!(doc["client_id"], client);
    // The trace masks the token field; the token is nowhere in the output.
    assert!(
        run.stderr
            .contains("> token=***&token_type_hint=access_token"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(&access) && !run.stdout.contains(&access));
    let doc = user
        .run(&["token", "introspect", "--refresh", "-o", "json"])
        .ok()
        .json();
    assert_eq!(doc["active"], true, "{client}: {doc}");
    assert!(!doc.to_string().contains(&refresh));

    let run = user.run(&["token", "revoke", "-o", "json"]).ok();
    assert_eq!(
        run.json(),
        json!({"revoked": ["refresh_token", "access_token"]})
    );
    assert!(!token_file(&user).exists(), "the stored set is deleted");
    let revocations = logged(&p, "/token/revocation");
    assert_eq!(
        revocations
            .iter()
            .map(|l| (
                l["token_type_hint"].as_str().unwrap(),
                l["client_id"].as_str().unwrap(),
                l["status"].as_u64().unwrap()
            ))
            .collect::<Vec<_>>(),
        [
            ("refresh_token", client, 200),
            ("access_token", client, 200)
        ]
    );

    // The provider really forgot them: with the old set put back, refresh is refused and the access
    // token is inactive.
    restore(&user, &stored);
    user.run(&["token", "refresh"]).fails(3, "invalid_grant");
    restore(&user, &stored);
    let run = user.run(&["token", "introspect", "-o", "json"]).ok();
    assert_eq!(run.json(), json!({"active": false}));
    assert!(run.stderr.contains("inactive"), "{}", run.stderr);
}

#[test]
fn public_client_introspects_revokes_and_the_tokens_are_dead() {
    introspect_revoke_and_check_dead("public-client");
}

/// oidc-provider (as set up in oidc.mjs) refuses a secret sent by another method than the registered
/// one, so these pass only with the exact authentication of the token endpoint.
#[test]
fn confidential_clients_authenticate_with_basic_and_post() {
    introspect_revoke_and_check_dead("basic-client");
    introspect_revoke_and_check_dead("post-client");
}

fn fake_login(p: &Provider, user: &User) {
    let args = fake_login_args(p, true, &[]);
    user.run_with(&strs(&args), &[("OAUTHCTL_CLIENT_SECRET", "fake-secret")])
        .ok();
}

#[test]
fn a_refused_revocation_deletes_nothing_and_is_exit_3() {
    let p = Provider::fake(json!({"discovery": true, "revoke_error": "access_token"}));
    let user = User::new();
    fake_login(&p, &user);
    let before = std::fs::read_to_string(token_file(&user)).unwrap();
    let run = user
        .run(&["token", "revoke", "-o", "json"])
        .fails(3, "revoking the access_token failed");
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("unsupported_token_type")
            && run.stderr.contains("the refresh_token was revoked already"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(token_file(&user)).unwrap(), before);
    let hints: Vec<String> = p
        .fake_log()
        .iter()
        .filter(|l| l["path"] == "/revoke")
        .map(|l| l["body"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(hints.len(), 2);
    assert!(hints[0].contains("token_type_hint=refresh_token"));
    assert!(hints[1].contains("token_type_hint=access_token"));
}

#[test]
fn endpoints_listed_only_in_the_rfc8414_document_are_used() {
    let p = Provider::fake(json!({"discovery": true, "rfc8414_only_secret_endpoints": true}));
    let user = User::new();
    fake_login(&p, &user);
    assert!(
        user.stored("default")["endpoints"]
            .get("revocation_url")
            .is_none(),
        "login read the OIDC document only"
    );
    let doc = user.run(&["token", "introspect", "-o", "json"]).ok().json();
    assert_eq!(doc["active"], true);
    user.run(&["token", "revoke"]).ok();
    let log = p.fake_log();
    let paths: Vec<&str> = log.iter().map(|l| l["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"/.well-known/oauth-authorization-server"));
    assert_eq!(paths.iter().filter(|p| **p == "/revoke").count(), 2);
    assert_eq!(paths.iter().filter(|p| **p == "/introspect").count(), 1);
    assert!(!token_file(&user).exists());
}
