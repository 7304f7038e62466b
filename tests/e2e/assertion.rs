//! Client authentication by assertion against the real oidc-provider: `pkjwt-client` (private_key_jwt,
//! ES256 with the test-only key `tests/provider/pkjwt-client.pem`) and `csjwt-client` (client_secret_jwt).
//! Every token-endpoint call, revocation and introspection carries a fresh assertion (the provider
//! refuses a replayed `jti`), and a key the provider does not know is `invalid_client` with nothing stored.

use crate::harness::*;

const CSJWT_SECRET: &str = "cs-jwt-s3cret-0123456789-0123456789";

fn key_path(name: &str) -> String {
    repo()
        .join("tests/provider")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// The token requests oidc-provider saw: (grant_type, client_id, status).
fn token_calls(p: &Provider) -> Vec<(String, String, String)> {
    p.oidc_log()
        .into_iter()
        .filter(|l| l["path"] == "/token")
        .map(|l| {
            (
                l["grant_type"].as_str().unwrap_or("").to_string(),
                l["client_id"].as_str().unwrap_or("").to_string(),
                l["status"].to_string(),
            )
        })
        .collect()
}

#[test]
fn private_key_jwt_logs_in_refreshes_introspects_and_revokes() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = oidc_login_args(&p, "pkjwt-client");
    args.extend(owned(&["--client-key", &key_path("pkjwt-client.pem")]));
    let out = user.run(&strs(&args)).ok();
    assert!(!out.stderr.contains("BEGIN"), "{out:?}");
    user.run(&["token", "refresh"]).ok();
    user.run(&["token", "refresh"]).ok();
    assert_eq!(
        token_calls(&p),
        [
            (
                "authorization_code".into(),
                "pkjwt-client".into(),
                "200".into()
            ),
            ("refresh_token".into(), "pkjwt-client".into(), "200".into()),
            ("refresh_token".into(), "pkjwt-client".into(), "200".into()),
        ]
    );
    let doc = user.run(&["token", "introspect", "-o", "json"]).ok().json();
    assert_eq!(doc["active"], true, "{doc}");
    assert_eq!(doc["client_id"], "pkjwt-client");
    user.run(&["token", "revoke"]).ok();
    // The key is kept in the token store, not in the config.
    let config = std::fs::read_to_string(user.config_path()).unwrap();
    assert!(
        config.contains("auth_method = \"private_key_jwt\""),
        "{config}"
    );
    assert!(!config.contains("BEGIN"), "{config}");
}

#[test]
fn private_key_jwt_with_the_client_credentials_grant() {
    let p = Provider::oidc(3600);
    let user = User::new();
    user.run(&[
        "--store",
        "file",
        "login",
        "--client-credentials",
        "--issuer",
        &p.base,
        "--client-id",
        "pkjwt-client",
        "--client-key",
        &key_path("pkjwt-client.pem"),
    ])
    .ok();
    // A second token from the stored key, without the flag.
    user.run(&["token", "refresh"]).ok();
    assert_eq!(
        token_calls(&p)
            .into_iter()
            .map(|(g, _, s)| (g, s))
            .collect::<Vec<_>>(),
        [
            ("client_credentials".into(), "200".into()),
            ("client_credentials".into(), "200".into()),
        ]
    );
}

#[test]
fn client_secret_jwt_logs_in_and_refreshes() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = oidc_login_args(&p, "csjwt-client");
    args.extend(owned(&["--auth-method", "client_secret_jwt"]));
    user.run_with(&strs(&args), &[("OAUTHCTL_CLIENT_SECRET", CSJWT_SECRET)])
        .ok();
    user.run(&["token", "refresh"]).ok();
    assert!(
        token_calls(&p)
            .iter()
            .all(|(_, c, s)| c == "csjwt-client" && s == "200"),
        "{:?}",
        token_calls(&p)
    );
}

#[test]
fn a_key_the_provider_does_not_know_is_invalid_client_and_nothing_is_stored() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = oidc_login_args(&p, "pkjwt-client");
    args.extend(owned(&["--client-key", &key_path("not-pkjwt-client.pem")]));
    user.run(&strs(&args)).fails(3, "invalid_client");
    user.assert_nothing_stored();
}

/// `smoke` of a private_key_jwt profile: oidc-provider takes the key's assertion and refuses one made
/// for another audience, as RFC 7523 §3 requires.
#[test]
fn smoke_checks_the_key_is_taken_and_a_foreign_audience_refused() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = oidc_login_args(&p, "pkjwt-client");
    args.extend(owned(&["--client-key", &key_path("pkjwt-client.pem")]));
    user.run(&strs(&args)).ok();
    let doc = user.run(&["smoke", "-o", "json"]).ok().json();
    let check = doc["profiles"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "private_key_jwt")
        .cloned()
        .unwrap_or_else(|| panic!("no private_key_jwt check: {doc}"));
    assert_eq!(check["status"], "pass", "{doc}");
    let statuses: Vec<_> = p
        .oidc_log()
        .into_iter()
        .filter(|l| l["path"] == "/token/revocation")
        .map(|l| l["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [200, 401], "{statuses:?}");
}
