//! In-process tests of signed authorization requests (JAR, RFC 9101): the exact request object in the
//! browser's URL and in a push, the key it is signed with, and the refusals that come before any browser.

use crate::oauth::types::ClientSecret;
use crate::testkit::{CLIENT_ID, ISSUER, T0, World};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};

const EC_KEY: &str = include_str!("../../oauth/testdata/ec_p256.pem");

fn key_file(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("client.key");
    std::fs::write(&path, text).unwrap();
    (dir, path.to_string_lossy().into_owned())
}

/// A provider that takes only signed requests from this client's key.
fn jar_world() -> World {
    World::with(|s| {
        s.assertion_key = Some(EC_KEY);
        s.request_object_required = true;
    })
}

fn names(pairs: &[(String, String)]) -> Vec<&str> {
    pairs.iter().map(|(k, _)| k.as_str()).collect()
}

fn pairs(url: &url::Url) -> Vec<(String, String)> {
    url.query_pairs().into_owned().collect()
}

fn value<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    &pairs.iter().find(|(k, _)| k == name).unwrap().1
}

/// The request object, verified with the client's public key (or the secret): its header and claims.
fn verified(jwt: &str, key: &DecodingKey, alg: Algorithm) -> (jsonwebtoken::Header, Value) {
    let mut v = Validation::new(alg);
    v.validate_exp = false;
    v.set_audience(&[ISSUER]);
    let data = jsonwebtoken::decode::<Value>(jwt, key, &v).unwrap();
    (data.header, data.claims)
}

fn public_key() -> DecodingKey {
    let key = crate::oauth::client_key::ClientKey::parse(EC_KEY, Default::default()).unwrap();
    DecodingKey::from_jwk(key.public_jwk()).unwrap()
}

#[test]
fn the_browser_gets_the_parameters_signed_as_a_request_object() {
    let w = jar_world();
    let (_dir, path) = key_file(EC_KEY);
    w.login(&[
        "--client-key",
        &path,
        "--request-object",
        "--param",
        "prompt=consent",
    ])
    .ok();
    let opened = pairs(&w.opened_url());
    assert_eq!(
        names(&opened),
        ["client_id", "response_type", "scope", "request"]
    );
    assert_eq!(value(&opened, "client_id"), CLIENT_ID);
    let (header, claims) = verified(value(&opened, "request"), &public_key(), Algorithm::ES256);
    assert_eq!(header.typ.as_deref(), Some("oauth-authz-req+jwt"));
    let inside = |name: &str| claims[name].as_str().unwrap().to_string();
    assert_eq!(inside("state").len(), 43, "32 random bytes");
    let jti = inside("jti");
    assert_eq!(jti.len(), 43);
    assert_eq!(
        claims,
        json!({
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": "http://127.0.0.1:4242/callback",
            "scope": "openid offline_access",
            "state": inside("state"),
            "nonce": inside("nonce"),
            "code_challenge": inside("code_challenge"),
            "code_challenge_method": "S256",
            "prompt": "consent",
            "iss": CLIENT_ID,
            "aud": ISSUER,
            "iat": T0,
            "nbf": T0,
            "exp": T0 + 300,
            "jti": jti,
        })
    );
    // The provider took it: the login completed, and the setting is saved.
    assert_eq!(w.session().tokens.access_token.secret(), "at-2");
    assert_eq!(
        w.config.profile("default").unwrap().request_object,
        Some(true)
    );
}

/// A public client may sign its requests too; each of its logins is free of assertion `jti`s, so the
/// saved setting can be seen across logins of one world.
#[test]
fn the_setting_is_saved_and_false_turns_it_off_which_a_requiring_provider_refuses() {
    let w = jar_world();
    let (_dir, path) = key_file(EC_KEY);
    let public = ["--auth-method", "none", "--client-key", &path];
    w.login(&[&public[..], &["--request-object"]].concat()).ok();
    w.login(&public).ok();
    assert!(pairs(&w.opened_url()).iter().any(|(k, _)| k == "request"));
    assert_eq!(w.idp.seen_at("/token").len(), 2);
    let run = w.login(&[&public[..], &["--request-object=false"]].concat());
    run.fails(3, "invalid_request");
    assert!(pairs(&w.opened_url()).iter().all(|(k, _)| k != "request"));
    assert_eq!(w.idp.seen_at("/token").len(), 2);
}

#[test]
fn a_pushed_request_carries_the_request_object_and_the_browser_only_the_reference() {
    let w = World::with(|s| {
        s.assertion_key = Some(EC_KEY);
        s.request_object_required = true;
        s.par = true;
    });
    let (_dir, path) = key_file(EC_KEY);
    w.login(&["--client-key", &path, "--request-object", "--par"])
        .ok();
    let pushed = &w.idp.seen_at("/par")[0];
    assert_eq!(
        names(&pushed.form),
        [
            "client_id",
            "response_type",
            "scope",
            "request",
            "client_assertion_type",
            "client_assertion"
        ]
    );
    let (_, claims) = verified(
        pushed.form("request").unwrap(),
        &public_key(),
        Algorithm::ES256,
    );
    assert_eq!(claims["aud"], ISSUER);
    assert_eq!(claims["redirect_uri"], "http://127.0.0.1:4242/callback");
    let opened = pairs(&w.opened_url());
    assert_eq!(names(&opened), ["client_id", "request_uri"]);
    assert_eq!(w.session().tokens.access_token.secret(), "at-3");
}

#[test]
fn client_secret_jwt_signs_the_request_object_hs256_with_the_secret() {
    let secret = "a-long-shared-secret-0123456789";
    let mut w = World::with(|s| {
        s.client_secret = Some(secret.into());
        s.request_object_required = true;
    });
    w.env.client_secret = Some(ClientSecret::new(secret));
    w.login(&["--auth-method", "client_secret_jwt", "--request-object"])
        .ok();
    let opened = pairs(&w.opened_url());
    let key = DecodingKey::from_secret(secret.as_bytes());
    let (header, claims) = verified(value(&opened, "request"), &key, Algorithm::HS256);
    assert_eq!(header.alg, Algorithm::HS256);
    assert_eq!(claims["iss"], CLIENT_ID);
    assert!(!w.front.opened.lock().unwrap()[0].1.contains(secret));
}

#[test]
fn a_key_given_beside_another_method_signs_the_request_object_only() {
    let secret = "a-long-shared-secret-0123456789";
    let mut w = World::with(|s| {
        s.assertion_key = Some(EC_KEY);
        s.client_secret = Some(secret.into());
        s.request_object_required = true;
    });
    w.env.client_secret = Some(ClientSecret::new(secret));
    let (_dir, path) = key_file(EC_KEY);
    w.login(&[
        "--auth-method",
        "client_secret_basic",
        "--client-key",
        &path,
        "--request-object",
    ])
    .ok();
    let opened = pairs(&w.opened_url());
    verified(value(&opened, "request"), &public_key(), Algorithm::ES256);
    let token = &w.idp.seen_at("/token")[0];
    assert!(token.header("authorization").unwrap().starts_with("Basic "));
    assert_eq!(token.form("client_assertion"), None);
}

#[test]
fn without_a_key_or_an_issuer_a_request_object_is_a_usage_error_before_the_browser() {
    let w = jar_world();
    let run = w.login(&["--request-object"]);
    run.fails(2, "a key to sign the request object");
    assert!(
        run.stderr.contains("hint: pass --client-key PATH"),
        "{}",
        run.stderr
    );
    assert!(w.front.opened.lock().unwrap().is_empty());
    assert!(w.config.profile("default").is_none());

    let w = jar_world();
    let (_dir, path) = key_file(EC_KEY);
    let (a, t) = (format!("{ISSUER}/authorize"), format!("{ISSUER}/token"));
    let run = w.run(&[
        "login",
        "--authorize-url",
        &a,
        "--token-url",
        &t,
        "--client-id",
        CLIENT_ID,
        "--client-key",
        &path,
        "--request-object",
    ]);
    run.fails(2, "issuer");
    assert!(w.idp.seen().is_empty());
    assert!(w.front.opened.lock().unwrap().is_empty());
}
