//! In-process tests of client authentication by assertion (`private_key_jwt`, `client_secret_jwt`): the
//! exact assertion every back-channel request carries, signed afresh for each one, the key kept with the
//! tokens, and the refusals that come before any browser.

use crate::oauth::client_assertion::ASSERTION_TYPE;
use crate::oauth::types::{AuthMethod, ClientSecret};
use crate::testkit::{CLIENT_ID, ISSUER, T0, World};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;

const EC_KEY: &str = include_str!("../../oauth/testdata/ec_p256.pem");
const JWKS: &str = include_str!("../../oauth/testdata/client_keys.jwks.json");

/// A key file in a directory of its own; the directory lives as long as the guard.
fn key_file(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("client.key");
    std::fs::write(&path, text).unwrap();
    (dir, path.to_string_lossy().into_owned())
}

fn pkjwt_world() -> World {
    World::with(|s| s.assertion_key = Some(EC_KEY))
}

/// The assertion of a request, verified with the client's public key: its claims.
fn claims(seen: &crate::testkit::idp::Seen, key: &DecodingKey, alg: Algorithm) -> Value {
    assert_eq!(seen.form("client_assertion_type"), Some(ASSERTION_TYPE));
    assert_eq!(seen.form("client_id"), Some(CLIENT_ID));
    assert_eq!(seen.form("client_secret"), None);
    assert_eq!(seen.header("authorization"), None);
    let jwt = seen.form("client_assertion").expect("an assertion");
    let mut v = Validation::new(alg);
    v.validate_exp = false;
    v.validate_aud = false;
    jsonwebtoken::decode::<Value>(jwt, key, &v).unwrap().claims
}

fn public_key() -> DecodingKey {
    let key = crate::oauth::client_key::ClientKey::parse(EC_KEY, Default::default()).unwrap();
    DecodingKey::from_jwk(key.public_jwk()).unwrap()
}

#[test]
fn private_key_jwt_signs_each_request_afresh_from_the_stored_key() {
    let w = pkjwt_world();
    let (_dir, path) = key_file(EC_KEY);
    w.login(&["--client-key", &path]).ok();
    let exchange = &w.idp.seen_at("/token")[0];
    let c = claims(exchange, &public_key(), Algorithm::ES256);
    assert_eq!(c["iss"], CLIENT_ID);
    assert_eq!(c["sub"], CLIENT_ID);
    assert_eq!(c["aud"], format!("{ISSUER}/token"));
    assert_eq!(c["iat"], T0);
    assert_eq!(c["exp"], T0 + 60);
    let first_jti = c["jti"].as_str().unwrap().to_string();
    assert_eq!(first_jti.len(), 22, "16 random bytes, base64url");

    // The key went to the token store, the method to the profile; the key file may go away.
    let session = w.session();
    assert_eq!(session.auth_method, AuthMethod::PrivateKeyJwt);
    assert!(session.client_key.is_some());
    assert_eq!(
        w.config.profile("default").unwrap().auth_method,
        Some(AuthMethod::PrivateKeyJwt)
    );
    drop(_dir);

    // A later refresh, an hour on: a new assertion, new jti, current time.
    w.clock
        .store(T0 + 3600, std::sync::atomic::Ordering::SeqCst);
    w.run(&["token", "refresh"]).ok();
    let refresh = w.idp.seen_at("/token").last().unwrap().clone();
    let c = claims(&refresh, &public_key(), Algorithm::ES256);
    assert_eq!(c["iat"], T0 + 3600);
    assert_ne!(c["jti"], first_jti.as_str());
}

#[test]
fn revocation_authenticates_by_assertion_too() {
    let w = pkjwt_world();
    let (_dir, path) = key_file(EC_KEY);
    w.login(&["--client-key", &path]).ok();
    w.run(&["token", "revoke"]).ok();
    let revokes = w.idp.seen_at("/revoke");
    assert_eq!(revokes.len(), 2);
    for seen in revokes {
        let c = claims(&seen, &public_key(), Algorithm::ES256);
        assert_eq!(c["aud"], format!("{ISSUER}/token"));
    }
}

#[test]
fn the_key_never_reaches_any_output() {
    let w = pkjwt_world();
    let (_dir, path) = key_file(EC_KEY);
    let run = w.login(&["--client-key", &path]);
    run.ok();
    let pem_body = EC_KEY.lines().nth(1).unwrap();
    let assertion = w.idp.seen_at("/token")[0]
        .form("client_assertion")
        .unwrap()
        .to_string();
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains(pem_body));
        assert!(!text.contains(&assertion));
    }
    let doc = w.run(&["token", "show", "-o", "json"]).ok().stdout.clone();
    assert!(!doc.contains(pem_body), "{doc}");
    assert!(!format!("{:?}", w.session()).contains(pem_body));
}

#[test]
fn client_secret_jwt_signs_hs256_with_the_secret_and_never_sends_it() {
    let mut w = World::with(|s| s.client_secret = Some("a-long-shared-secret-0123456789".into()));
    w.env.client_secret = Some(ClientSecret::new("a-long-shared-secret-0123456789"));
    w.login(&["--auth-method", "client_secret_jwt"]).ok();
    let key = DecodingKey::from_secret(b"a-long-shared-secret-0123456789");
    let c = claims(&w.idp.seen_at("/token")[0], &key, Algorithm::HS256);
    assert_eq!(c["aud"], format!("{ISSUER}/token"));
}

#[test]
fn the_assertion_audience_can_be_the_issuer() {
    let w = World::with(|s| {
        s.assertion_key = Some(EC_KEY);
        s.assertion_audience = Some(ISSUER.into());
    });
    let (_dir, path) = key_file(EC_KEY);
    w.login(&["--client-key", &path, "--assertion-audience", ISSUER])
        .ok();
    let c = claims(&w.idp.seen_at("/token")[0], &public_key(), Algorithm::ES256);
    assert_eq!(c["aud"], ISSUER);
    assert_eq!(
        w.config
            .profile("default")
            .unwrap()
            .assertion_audience
            .as_deref(),
        Some(ISSUER)
    );
}

#[test]
fn each_device_poll_carries_an_assertion_of_its_own() {
    let w = World::with(|s| {
        s.assertion_key = Some(EC_KEY);
        s.device_polls = vec!["authorization_pending", "authorization_pending"];
    });
    let (_dir, path) = key_file(EC_KEY);
    w.login(&["--device", "--client-key", &path]).ok();
    let polls = w.idp.seen_at("/token");
    assert_eq!(polls.len(), 3);
    let jtis: std::collections::BTreeSet<String> = polls
        .iter()
        .map(|p| {
            claims(p, &public_key(), Algorithm::ES256)["jti"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(jtis.len(), 3, "a jti per request");
}

#[test]
fn a_key_that_cannot_sign_stops_the_login_before_the_browser() {
    for (text, why) in [
        ("not a key", "neither a JWK"),
        (JWKS, "several private keys"),
    ] {
        let w = pkjwt_world();
        let (_dir, path) = key_file(text);
        w.login(&["--client-key", &path]).fails(2, why);
        assert!(w.front.opened.lock().unwrap().is_empty());
        assert!(w.config.profile("default").is_none());
    }
    let w = pkjwt_world();
    w.login(&["--client-key", "/nonexistent/key.pem"])
        .fails(2, "--client-key /nonexistent/key.pem");
    let w = pkjwt_world();
    w.login(&["--auth-method", "private_key_jwt"])
        .fails(2, "needs the client's private key");
}

#[test]
fn a_kid_picks_the_key_of_a_set() {
    let w = pkjwt_world();
    let (_dir, path) = key_file(JWKS);
    let run = w.login(&["--client-key", &path, "--client-key-id", "nope"]);
    run.fails(2, "no key with kid \"nope\"");
}

#[test]
fn a_provider_refusing_the_assertion_is_exit_3_and_stores_nothing() {
    // The provider knows another key.
    let w = World::with(|s| {
        s.assertion_key = Some(include_str!("../../oauth/testdata/ec_p256_other.pem"))
    });
    let (_dir, path) = key_file(EC_KEY);
    w.login(&["--client-key", &path]).fails(3, "invalid_client");
    assert!(w.stores.items.lock().unwrap().is_empty());
}

#[test]
fn a_key_file_beyond_64_kib_is_refused_unread() {
    let w = pkjwt_world();
    let (_dir, path) = key_file(&"x".repeat(64 * 1024 + 1));
    w.login(&["--client-key", &path])
        .fails(2, "larger than 65536 bytes, not a key file");
    // At the limit it is read (and then is no key).
    let (_dir, path) = key_file(&"x".repeat(64 * 1024));
    w.login(&["--client-key", &path]).fails(2, "neither a JWK");
}
