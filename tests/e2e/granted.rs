//! What a login says it got, against the real oidc-provider: it drops a requested `offline_access` (and
//! issues no refresh token) unless the request had `prompt=consent`; and an issuer without `--scope`
//! gets `openid` requested.

use crate::harness::*;

/// `oidc_login_args` without the flags named, each with its value.
fn args_without(p: &Provider, flags: &[&str]) -> Vec<String> {
    let mut args = oidc_login_args(p, "public-client");
    for flag in flags {
        let at = args.iter().position(|a| a == flag).unwrap();
        args.drain(at..at + 2);
    }
    args
}

#[test]
fn a_dropped_offline_access_is_named_with_the_hint() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = args_without(&p, &["--param"]);
    args.extend(owned(&["-o", "json"]));
    let run = user.run(&strs(&args)).ok();
    let success = run
        .stderr
        .lines()
        .find(|l| l.starts_with("✓ logged in"))
        .unwrap_or_else(|| panic!("{run:?}"));
    assert!(
        success.contains("; dropped by the provider: offline_access; refresh token: none;"),
        "{success}"
    );
    assert!(
        run.stderr.contains("hint: offline_access was requested but no refresh token came back: many providers issue one only with --param prompt=consent"),
        "{run:?}"
    );
    let doc = run.json();
    assert_eq!(doc["dropped_scopes"], serde_json::json!(["offline_access"]));
    assert_eq!(doc["granted_scope_source"], "response");
    assert_eq!(doc["has_refresh_token"], false);
}

#[test]
fn an_issuer_without_scope_gets_openid() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = args_without(&p, &["--scope", "--param"]);
    args.extend(owned(&["-o", "json"]));
    let run = user.run(&strs(&args)).ok();
    assert!(
        run.stderr.contains(
            "Requesting the scope `openid`: the issuer is an OpenID provider and no --scope was given"
        ),
        "{run:?}"
    );
    let doc = run.json();
    assert_eq!(doc["requested_scope"], "openid");
    assert_eq!(doc["id_token_claims"]["sub"], "alice");
}
