//! In-process tests of DPoP (RFC 9449) against the scripted provider, which checks every proof (header,
//! signature, htm, htu, iat, jti, ath, nonce) and binds the tokens it issues to the proof's key: the proofs
//! of login, refresh, the device and client credentials grants and userinfo, the nonce retry, the checks
//! on what comes back, and `token print --dpop-for`.

use crate::oauth::dpop::{DpopKey, ath};
use crate::oauth::types::ClientSecret;
use crate::testkit::{CLIENT_ID, ISSUER, T0, World, idp::Seen};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

/// A proof's header and claims (the fake provider has checked its signature already).
fn proof_parts(proof: &str) -> (Value, Value) {
    let part = |i: usize| {
        let seg = proof.split('.').nth(i).expect("a JWT");
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(seg).unwrap()).unwrap()
    };
    (part(0), part(1))
}

fn proof_of(seen: &Seen) -> (Value, Value) {
    proof_parts(seen.header("dpop").expect("a DPoP header"))
}

fn session_key(w: &World) -> DpopKey {
    DpopKey::restore(w.session().dpop_key.as_ref().expect("a stored DPoP key")).unwrap()
}

#[test]
fn a_dpop_login_proves_its_key_at_the_token_endpoint_and_keeps_it_with_the_session() {
    let w = World::new();
    let run = w.login(&["--dpop", "-o", "json"]);
    run.ok();
    assert_eq!(run.json()["token_type"], "DPoP");
    let key = session_key(&w);
    let session = w.session();
    assert_eq!(session.tokens.token_type, "DPoP");
    let exchange = &w.idp.seen_at("/token")[0];
    assert_eq!(exchange.form("grant_type"), Some("authorization_code"));
    let (header, claims) = proof_of(exchange);
    assert_eq!(header["typ"], "dpop+jwt");
    assert_eq!(header["alg"], "ES256");
    // The public key only: kty, crv, x, y.
    let jwk = header["jwk"].as_object().unwrap();
    let mut names: Vec<&str> = jwk.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(names, ["crv", "kty", "x", "y"]);
    assert_eq!(
        serde_json::to_value(key.public_jwk()).unwrap(),
        header["jwk"]
    );
    assert_eq!(claims["htm"], "POST");
    assert_eq!(claims["htu"], format!("{ISSUER}/token"));
    assert_eq!(claims["iat"], T0);
    assert!(claims.get("ath").is_none() && claims.get("nonce").is_none());
    assert!(claims["jti"].as_str().is_some_and(|j| j.len() >= 16));
    // §10: the code is bound to the key too.
    let opened: std::collections::HashMap<String, String> =
        w.opened_url().query_pairs().into_owned().collect();
    assert_eq!(opened["dpop_jkt"], key.jkt());
    // The key is a secret: not in the profile, not in any output.
    assert_eq!(w.config.profile("default").unwrap().dpop, Some(true));
    let d =
        serde_json::from_str::<Value>(session.dpop_key.as_ref().unwrap().secret()).unwrap()["d"]
            .as_str()
            .unwrap()
            .to_string();
    assert!(!run.stdout.contains(&d) && !run.stderr.contains(&d));

    // Saved: the next login uses DPoP again (with a new key); --dpop=false turns it off.
    w.login(&[]).ok();
    assert!(w.idp.seen_at("/token")[1].header("dpop").is_some());
    assert_ne!(session_key(&w).jkt(), key.jkt());
    w.login(&["--dpop=false"]).ok();
    assert!(w.idp.seen_at("/token")[2].header("dpop").is_none());
    assert!(w.session().dpop_key.is_none());
    assert_eq!(w.session().tokens.token_type, "Bearer");
    assert_eq!(w.config.profile("default").unwrap().dpop, None);
}

#[test]
fn a_pushed_request_carries_the_keys_thumbprint() {
    let w = World::with(|s| s.par = true);
    w.login(&["--par", "--dpop"]).ok();
    let pushed = &w.idp.seen_at("/par")[0];
    assert_eq!(pushed.form("dpop_jkt"), Some(&*session_key(&w).jkt()));
    assert_eq!(w.session().tokens.token_type, "DPoP");
}

#[test]
fn refresh_and_userinfo_prove_the_sessions_key_with_a_fresh_proof_each() {
    let w = World::new();
    w.login(&["--dpop"]).ok();
    let jkt = session_key(&w).jkt();
    w.run(&["token", "refresh"]).ok();
    w.run(&["userinfo"]).ok();
    let session = w.session();
    assert_eq!(session.tokens.token_type, "DPoP");

    let tokens = w.idp.seen_at("/token");
    let (h1, c1) = proof_of(&tokens[0]);
    let (h2, c2) = proof_of(&tokens[1]);
    assert_eq!(tokens[1].form("grant_type"), Some("refresh_token"));
    assert_eq!(h1["jwk"], h2["jwk"], "the session's key, kept");
    assert_ne!(c1["jti"], c2["jti"]);

    let userinfo = &w.idp.seen_at("/userinfo")[0];
    let at = session.tokens.access_token.secret();
    assert_eq!(
        userinfo.header("authorization"),
        Some(&*format!("DPoP {at}"))
    );
    let (h3, c3) = proof_of(userinfo);
    assert_eq!(
        crate::oauth::client_key::thumbprint(&serde_json::from_value(h3["jwk"].clone()).unwrap()),
        Some(jkt)
    );
    assert_eq!(c3["htm"], "GET");
    assert_eq!(c3["htu"], format!("{ISSUER}/userinfo"));
    assert_eq!(c3["ath"], ath(at));
}

#[test]
fn a_nonce_the_token_endpoint_demands_is_sent_on_one_retry_and_then_remembered() {
    let w = World::with(|s| s.dpop_nonce = Some("n-1".into()));
    w.login(&["--dpop"]).ok();
    let tokens = w.idp.seen_at("/token");
    assert_eq!(tokens.len(), 2, "one retry");
    assert!(proof_of(&tokens[0]).1.get("nonce").is_none());
    let (_, retry) = proof_of(&tokens[1]);
    assert_eq!(retry["nonce"], "n-1");
    assert_ne!(proof_of(&tokens[0]).1["jti"], retry["jti"]);
    assert_eq!(w.session().tokens.token_type, "DPoP");

    // A later run: the refresh learns the nonce again, and userinfo in the same run sends it at once.
    w.advance(3600);
    w.run(&["userinfo"]).ok();
    let tokens = w.idp.seen_at("/token");
    assert_eq!(tokens.len(), 4);
    assert_eq!(proof_of(&tokens[3]).1["nonce"], "n-1");
    let userinfo = w.idp.seen_at("/userinfo");
    assert_eq!(userinfo.len(), 1, "no retry: the nonce was remembered");
    assert_eq!(proof_of(&userinfo[0]).1["nonce"], "n-1");
}

#[test]
fn a_userinfo_nonce_challenge_is_answered_with_one_retry() {
    let w = World::new();
    w.login(&["--dpop"]).ok();
    w.settings().dpop_nonce = Some("rs-nonce".into());
    let run = w.run(&["userinfo", "-o", "json"]);
    run.ok();
    assert_eq!(run.json()["sub"], "alice");
    let userinfo = w.idp.seen_at("/userinfo");
    assert_eq!(userinfo.len(), 2);
    assert_eq!(proof_of(&userinfo[1]).1["nonce"], "rs-nonce");
    assert_eq!(
        w.idp.seen_at("/token").len(),
        1,
        "not taken for a dead token"
    );
}

#[test]
fn device_and_client_credentials_requests_carry_proofs() {
    let w = World::with(|s| s.device_polls = vec!["authorization_pending", "slow_down"]);
    w.login(&["--device", "--dpop"]).ok();
    let polls = w.idp.seen_at("/token");
    assert_eq!(polls.len(), 3);
    let jtis: std::collections::HashSet<String> = polls
        .iter()
        .map(|p| proof_of(p).1["jti"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(jtis.len(), 3, "a fresh proof per poll");
    assert_eq!(w.session().tokens.token_type, "DPoP");
    assert!(w.idp.seen_at("/device")[0].header("dpop").is_none());

    let mut w = World::with(|s| s.client_secret = Some("s3cret".into()));
    w.env.client_secret = Some(ClientSecret::new("s3cret"));
    let login = [
        "login",
        "--client-credentials",
        "--issuer",
        ISSUER,
        "--client-id",
        CLIENT_ID,
        "--dpop",
    ];
    w.run(&login).ok();
    assert_eq!(w.session().tokens.token_type, "DPoP");
    // The next token (no refresh token: asked for again) proves the same key.
    w.advance(3600);
    w.run(&["token", "print"]).ok();
    let tokens = w.idp.seen_at("/token");
    assert_eq!(proof_of(&tokens[0]).0["jwk"], proof_of(&tokens[1]).0["jwk"]);
}

#[test]
fn a_dpop_token_issued_without_a_proof_is_refused_and_nothing_stored() {
    let w = World::with(|s| {
        s.token_patch.insert("token_type".into(), json!("dpop"));
    });
    let run = w.login(&[]);
    run.fails(1, "no DPoP proof was sent");
    assert!(run.error.unwrap().hint.unwrap().contains("--dpop"));
    assert!(w.session_of("default").is_none());
    // Case-insensitive, and taken with a proof.
    w.login(&["--dpop"]).ok();
    assert_eq!(w.session().tokens.token_type, "DPoP");
}

#[test]
fn a_token_bound_to_another_key_is_a_security_failure_and_nothing_stored() {
    let w = World::with(|s| {
        s.token_patch
            .insert("cnf".into(), json!({"jkt": "c29tZW9uZS1lbHNl"}));
    });
    let run = w.login(&["--dpop"]);
    run.fails(6, "bound to another DPoP key");
    assert!(w.session_of("default").is_none());
}

#[test]
fn introspection_showing_another_key_is_a_security_failure() {
    let w = World::new();
    w.login(&["--dpop"]).ok();
    // The provider's own answer names our key.
    let run = w.run(&["token", "introspect", "-o", "json"]);
    run.ok();
    assert_eq!(run.json()["cnf"]["jkt"], session_key(&w).jkt());
    w.settings().introspection_raw = Some((
        200,
        r#"{"active":true,"token_type":"DPoP","cnf":{"jkt":"c29tZW9uZS1lbHNl"}}"#,
    ));
    w.run(&["token", "introspect"])
        .fails(6, "bound to another DPoP key");
}

#[test]
fn token_print_dpop_for_prints_both_headers_with_a_fresh_proof_per_call() {
    let w = World::new();
    w.login(&["--dpop"]).ok();
    let at = w.session().tokens.access_token.secret().to_string();
    let url = "https://api.example.test/items?page=2#top";
    let run = w.run(&["token", "print", "--dpop-for", "post", url]);
    run.ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert_eq!(lines[0], format!("Authorization: DPoP {at}"));
    let proof = lines[1].strip_prefix("DPoP: ").unwrap();
    let (header, claims) = proof_parts(proof);
    assert_eq!(header["typ"], "dpop+jwt");
    assert_eq!(claims["htm"], "POST");
    assert_eq!(claims["htu"], "https://api.example.test/items");
    assert_eq!(claims["ath"], ath(&at));

    let json = w
        .run(&["token", "print", "--dpop-for", "GET", url, "-o", "json"])
        .json();
    assert_eq!(json["authorization"], format!("DPoP {at}"));
    let (_, again) = proof_parts(json["dpop"].as_str().unwrap());
    assert_ne!(again["jti"], claims["jti"], "one proof per call");
    assert_eq!(again["htm"], "GET");

    w.run(&["token", "print", "--dpop-for", "GET", "ftp://x/"])
        .fails(2, "not an http(s) URL");
    // --header names the DPoP scheme, and says that a proof is needed too.
    let run = w.run(&["token", "print", "--header"]);
    assert_eq!(run.ok().stdout.trim(), format!("Authorization: DPoP {at}"));
    assert!(run.stderr.contains("--dpop-for"), "{}", run.stderr);
}

#[test]
fn token_print_dpop_for_is_refused_for_a_profile_without_dpop() {
    let w = World::new();
    w.login(&[]).ok();
    let run = w.run(&[
        "token",
        "print",
        "--dpop-for",
        "GET",
        "https://api.example.test/",
    ]);
    run.fails(2, "does not use DPoP");
    assert!(run.stdout.is_empty());
}
