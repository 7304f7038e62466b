//! `login --client-credentials` against the real oidc-provider (its `service-client`, allowed only that
//! grant): the login stores a token without a browser, `token print` hands it out while it is valid, and
//! obtains a new one with the stored secret once it has expired.

use crate::harness::*;

const SERVICE_SECRET: &str = "s3rvice-s3cret";

fn cc_login(user: &User, p: &Provider) -> Run {
    user.run_with(
        &[
            "--store",
            "file",
            "login",
            "--client-credentials",
            "--issuer",
            &p.base,
            "--client-id",
            "service-client",
            "-o",
            "json",
        ],
        &[("OAUTHCTL_CLIENT_SECRET", SERVICE_SECRET)],
    )
}

fn stored_access_token(user: &User) -> String {
    user.stored("default")["tokens"]["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn login_then_token_print_uses_the_stored_token() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let doc = cc_login(&user, &p).ok().json();
    assert_eq!(doc["has_refresh_token"], false);
    assert!(doc["expires_at"].as_u64().is_some(), "{doc}");
    let stored = user.stored("default");
    assert_eq!(stored["grant"], "client_credentials");
    let token = stored_access_token(&user);
    // Later commands need neither flags nor the secret variable.
    let printed = user.run(&["token", "print"]).ok();
    assert_eq!(printed.stdout.trim_end(), token);
    let grants: Vec<_> = p
        .oidc_log()
        .iter()
        .filter(|l| l["path"] == "/token")
        .map(|l| {
            (
                l["grant_type"].clone(),
                l["client_id"].clone(),
                l["status"].clone(),
            )
        })
        .collect();
    assert_eq!(
        grants,
        [(
            "client_credentials".into(),
            "service-client".into(),
            200.into()
        )]
    );
}

#[test]
fn token_print_after_expiry_obtains_a_new_token() {
    let p = Provider::oidc(2);
    let user = User::new();
    cc_login(&user, &p).ok();
    let first = stored_access_token(&user);
    std::thread::sleep(std::time::Duration::from_secs(3));
    let printed = user.run(&["token", "print"]).ok();
    let second = printed.stdout.trim_end();
    assert_ne!(second, first, "a new token after expiry");
    assert_eq!(second, stored_access_token(&user), "and it is stored");
    let cc_requests = p
        .oidc_log()
        .iter()
        .filter(|l| l["grant_type"] == "client_credentials" && l["status"] == 200)
        .count();
    assert_eq!(cc_requests, 2);
}

#[test]
fn a_public_client_cannot_use_the_grant() {
    let p = Provider::oidc(3600);
    let user = User::new();
    user.run(&[
        "login",
        "--client-credentials",
        "--issuer",
        &p.base,
        "--client-id",
        "public-client",
    ])
    .fails(2, "needs client authentication");
    user.assert_nothing_stored();
}
