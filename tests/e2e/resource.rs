//! `--resource` (RFC 8707) and `--authorization-details` (RFC 9396) against the real oidc-provider, which
//! knows one API (`urn:oauthctl:test-api`) and one details type (`payment_initiation`): the tokens come back
//! for that API with the details granted, a refresh keeps them for it, and an unknown resource is the
//! provider's `invalid_target` (exit 3) with nothing stored.

use crate::harness::*;

const API: &str = "urn:oauthctl:test-api";
const DETAILS: &str = r#"[{"type":"payment_initiation","amount":"5.00"}]"#;

fn introspect(user: &User) -> serde_json::Value {
    user.run(&["token", "introspect", "-o", "json"]).ok().json()
}

#[test]
fn code_grant_tokens_are_for_the_resource_with_the_details_and_a_refresh_keeps_them() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = oidc_login_args(&p, "public-client");
    let scope = args.iter().position(|a| a == "--scope").unwrap() + 1;
    args[scope] = "openid offline_access api:read".into();
    args.extend(owned(&[
        "--resource",
        API,
        "--authorization-details",
        DETAILS,
    ]));
    user.run(&strs(&args)).ok();
    let doc = introspect(&user);
    assert_eq!(doc["active"], true, "{doc}");
    assert_eq!(doc["aud"], API, "{doc}");
    assert_eq!(doc["scope"], "api:read", "{doc}");
    assert_eq!(
        doc["authorization_details"],
        serde_json::json!([{"type": "payment_initiation", "amount": "5.00"}]),
        "{doc}"
    );

    // The refresh asks for the same resource, so the new token is for the API too.
    user.run(&["token", "refresh"]).ok();
    let doc = introspect(&user);
    assert_eq!(doc["aud"], API, "{doc}");
    let refreshes: Vec<_> = p
        .oidc_log()
        .into_iter()
        .filter(|l| l["path"] == "/token" && l["grant_type"] == "refresh_token")
        .collect();
    assert_eq!(refreshes.len(), 1);
    assert_eq!(refreshes[0]["status"], 200, "{:?}", refreshes[0]);
}

#[test]
fn client_credentials_token_is_for_the_resource() {
    let p = Provider::oidc(3600);
    let user = User::new();
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
            "--scope",
            "api:write",
            "--resource",
            API,
            "--authorization-details",
            DETAILS,
        ],
        &[("OAUTHCTL_CLIENT_SECRET", "s3rvice-s3cret")],
    )
    .ok();
    let doc = introspect(&user);
    assert_eq!(doc["aud"], API, "{doc}");
    assert_eq!(doc["scope"], "api:write", "{doc}");
    assert_eq!(
        doc["authorization_details"][0]["type"],
        "payment_initiation"
    );
}

#[test]
fn an_unknown_resource_is_the_providers_invalid_target() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let out = user.run_with(
        &[
            "--store",
            "file",
            "login",
            "--client-credentials",
            "--issuer",
            &p.base,
            "--client-id",
            "service-client",
            "--resource",
            "urn:oauthctl:unknown-api",
        ],
        &[("OAUTHCTL_CLIENT_SECRET", "s3rvice-s3cret")],
    );
    out.fails(3, "invalid_target");
    user.assert_nothing_stored();
}
