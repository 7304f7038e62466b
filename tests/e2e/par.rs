//! Pushed authorization requests (RFC 9126) against the real oidc-provider (its default `/request`
//! endpoint, found by discovery): a client that must push logs in with `--par` and refreshes; without
//! `--par` the provider refuses it (exit 3, nothing stored); a confidential client authenticates its push
//! with HTTP Basic as at the token endpoint.

use crate::harness::*;

fn pushes(p: &Provider) -> Vec<(String, String)> {
    p.oidc_log()
        .into_iter()
        .filter(|l| l["path"] == "/request")
        .map(|l| (l["client_id"].to_string(), l["status"].to_string()))
        .collect()
}

#[test]
fn a_client_that_must_push_logs_in_with_par_and_refreshes() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = oidc_login_args(&p, "par-client");
    args.extend(owned(&["--par", "-o", "json"]));
    let doc = user.run(&strs(&args)).ok().json();
    assert_eq!(doc["has_refresh_token"], true, "{doc}");
    assert_eq!(pushes(&p), [("\"par-client\"".into(), "201".into())]);
    assert_eq!(
        user.stored("default")["endpoints"]["par_url"],
        format!("{}/request", p.base)
    );
    user.run(&["token", "refresh"]).ok();
    user.run(&["userinfo"]).ok();
}

#[test]
fn without_par_the_provider_refuses_the_client_and_nothing_is_stored() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let args = oidc_login_args(&p, "par-client");
    user.run(&strs(&args)).fails(3, "invalid_request");
    user.assert_nothing_stored();
    assert!(pushes(&p).is_empty());
}

#[test]
fn a_confidential_client_pushes_with_basic_authentication() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = oidc_login_args(&p, "basic-client");
    args.push("--par".into());
    user.run_with(&strs(&args), &[("OAUTHCTL_CLIENT_SECRET", BASIC_SECRET)])
        .ok();
    assert_eq!(pushes(&p), [("\"basic-client\"".into(), "201".into())]);
    user.run(&["token", "refresh"]).ok();
}

/// `smoke` of a pushing profile pushes one more request (never used) and passes its `par` check.
#[test]
fn smoke_checks_the_pushed_authorization_endpoint() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = oidc_login_args(&p, "par-client");
    args.push("--par".into());
    user.run(&strs(&args)).ok();
    let doc = user.run(&["smoke", "-o", "json"]).ok().json();
    let par = doc["profiles"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "par")
        .cloned()
        .unwrap_or_else(|| panic!("no par check: {doc}"));
    assert_eq!(par["status"], "pass", "{doc}");
    assert_eq!(pushes(&p).len(), 2);
}
