//! DPoP (RFC 9449) against the real oidc-provider: `dpop-client` (public, `dpop_bound_access_tokens`)
//! logs in, refreshes and calls userinfo with `--dpop`; with `DPOP_NONCE=1` every first proof is refused
//! for want of the provider's nonce and sent once more with it; a proof printed by `token print
//! --dpop-for` works once and is refused as a replay the second time; and the bound token is useless
//! without a proof.

use crate::harness::*;
use std::io::{Read, Write};
use std::net::TcpStream;

fn dpop_login(p: &Provider, user: &User) {
    let mut args = oidc_login_args(p, "dpop-client");
    args.push("--dpop".into());
    user.run(&strs(&args)).ok();
}

/// (path, status, error) of the token and userinfo requests oidc-provider saw.
fn calls(p: &Provider) -> Vec<(String, String, String)> {
    p.oidc_log()
        .into_iter()
        .filter(|l| l["path"] == "/token" || l["path"] == "/me")
        .map(|l| {
            (
                l["path"].as_str().unwrap().to_string(),
                l["status"].to_string(),
                l["error"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn ok(path: &str) -> (String, String, String) {
    (path.into(), "200".into(), String::new())
}

fn wants_nonce(path: &str, status: &str) -> (String, String, String) {
    (path.into(), status.into(), "use_dpop_nonce".into())
}

/// A GET of the provider's userinfo endpoint with the given headers: (status, WWW-Authenticate line).
fn userinfo_with(p: &Provider, headers: &[(&str, &str)]) -> (u16, String) {
    let host = p.base.strip_prefix("http://").unwrap();
    let mut s = TcpStream::connect(host).unwrap();
    let mut req = format!("GET /me HTTP/1.0\r\nHost: {host}\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    let status = resp.split(' ').nth(1).unwrap().parse().unwrap();
    let challenge = resp
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("www-authenticate:"))
        .unwrap_or("")
        .to_string();
    (status, challenge)
}

#[test]
fn dpop_login_refresh_and_userinfo_with_oidc_provider() {
    let p = Provider::oidc(3600);
    let user = User::new();
    dpop_login(&p, &user);
    let show = user.run(&["token", "show", "-o", "json"]).ok().json();
    assert_eq!(show["token_type"], "DPoP", "{show}");
    user.run(&["token", "refresh"]).ok();
    let claims = user.run(&["userinfo", "-o", "json"]).ok().json();
    assert_eq!(claims["sub"], "alice");
    // The provider binds the token to the session's key; introspection shows it and oauthctl checks it.
    let doc = user.run(&["token", "introspect", "-o", "json"]).ok().json();
    assert_eq!(doc["token_type"], "DPoP", "{doc}");
    assert!(doc["cnf"]["jkt"].is_string(), "{doc}");
    assert_eq!(calls(&p), [ok("/token"), ok("/token"), ok("/me")]);
    let log = p.oidc_log();
    let me = log.iter().find(|l| l["path"] == "/me").unwrap();
    assert_eq!(me["scheme"], "DPoP");
    assert_eq!(me["dpop"], true);
    // The key is a secret of the token store, never in the config.
    let stored = user.stored("default");
    assert!(stored["dpop_key"].as_str().unwrap().contains("\"d\""));
    let config = std::fs::read_to_string(user.config_path()).unwrap();
    assert!(config.contains("dpop = true"), "{config}");
    assert!(!config.contains("\"d\""), "{config}");
}

#[test]
fn a_provider_that_requires_nonces_gets_one_retry_with_its_nonce() {
    let p = Provider::oidc_with(3600, &[("DPOP_NONCE", "1".into())]);
    let user = User::new();
    dpop_login(&p, &user);
    user.run(&["token", "refresh"]).ok();
    user.run(&["userinfo"]).ok();
    // Each run starts without a nonce: the first proof of each is refused, the retry carries it; the
    // userinfo call in the same run as no refresh learns it from its own challenge (§9, a 401).
    assert_eq!(
        calls(&p),
        [
            wants_nonce("/token", "400"),
            ok("/token"),
            wants_nonce("/token", "400"),
            ok("/token"),
            wants_nonce("/me", "401"),
            ok("/me"),
        ]
    );
}

#[test]
fn a_printed_proof_works_once_and_the_bound_token_needs_one() {
    let p = Provider::oidc(3600);
    let user = User::new();
    dpop_login(&p, &user);
    let url = format!("{}/me", p.base);
    let doc = user
        .run(&["token", "print", "--dpop-for", "GET", &url, "-o", "json"])
        .ok()
        .json();
    let (authorization, proof) = (
        doc["authorization"].as_str().unwrap(),
        doc["dpop"].as_str().unwrap(),
    );
    assert!(authorization.starts_with("DPoP "), "{doc}");
    let with_proof = [("Authorization", authorization), ("DPoP", proof)];
    assert_eq!(userinfo_with(&p, &with_proof).0, 200);
    // The same proof again: a replay (its jti is remembered).
    let (status, challenge) = userinfo_with(&p, &with_proof);
    assert_eq!(status, 401);
    assert!(challenge.contains("invalid_token"), "{challenge}");
    // The bound token as a plain bearer token, or without a proof: refused.
    let at = authorization.strip_prefix("DPoP ").unwrap();
    let bearer = format!("Bearer {at}");
    let (status, challenge) = userinfo_with(&p, &[("Authorization", &bearer)]);
    assert_eq!(status, 401);
    assert!(
        challenge.starts_with("WWW-Authenticate: DPoP"),
        "{challenge}"
    );
    assert_eq!(
        userinfo_with(&p, &[("Authorization", authorization)]).0,
        400
    );
    // A fresh proof per call: the next one works.
    let again = user
        .run(&["token", "print", "--dpop-for", "GET", &url, "-o", "json"])
        .ok()
        .json();
    let fresh = [
        ("Authorization", authorization),
        ("DPoP", again["dpop"].as_str().unwrap()),
    ];
    assert_eq!(userinfo_with(&p, &fresh).0, 200);
}

#[test]
fn a_bound_client_without_dpop_is_refused_and_nothing_stored() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let args = oidc_login_args(&p, "dpop-client");
    user.run(&strs(&args)).fails(3, "invalid_grant");
    user.assert_nothing_stored();
}

#[test]
fn client_credentials_tokens_are_dpop_bound_too() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let login = [
        "--store",
        "file",
        "login",
        "--client-credentials",
        "--issuer",
        &p.base,
        "--client-id",
        "service-client",
        "--dpop",
        "-o",
        "json",
    ];
    let doc = user
        .run_with(&login, &[("OAUTHCTL_CLIENT_SECRET", "s3rvice-s3cret")])
        .ok()
        .json();
    assert_eq!(doc["token_type"], "DPoP", "{doc}");
    let log = p.oidc_log();
    let token = log.iter().find(|l| l["path"] == "/token").unwrap();
    assert_eq!(token["dpop"], true, "{token}");
    let doc = user
        .run_with(
            &["token", "introspect", "-o", "json"],
            &[("OAUTHCTL_CLIENT_SECRET", "s3rvice-s3cret")],
        )
        .ok()
        .json();
    assert!(doc["cnf"]["jkt"].is_string(), "{doc}");
}

/// `smoke` of a DPoP profile: every check passes, and its `dpop` check sees oidc-provider refuse the
/// bound token without its proof, as a Bearer token and in the DPoP scheme without a proof.
#[test]
fn smoke_checks_the_bound_token_needs_its_proof() {
    let p = Provider::oidc(3600);
    let user = User::new();
    dpop_login(&p, &user);
    let doc = user.run(&["smoke", "-o", "json"]).ok().json();
    let check = doc["profiles"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "dpop")
        .cloned()
        .unwrap_or_else(|| panic!("no dpop check: {doc}"));
    assert_eq!(check["status"], "pass", "{doc}");
    assert_eq!(doc["failed"], 0, "{doc}");
}
