//! Signs real ID tokens for unit tests anywhere in the crate, so every ID-token check is exercised
//! through the same `verify` path a provider's token takes, rather than through hand-built claims.
//!
//! The keys under `testdata/` are test-only keys, generated for these tests and trusted by nothing else.

use super::id_token::Jwks;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::Value;

/// The key every test JWKS publishes (test-only).
const KEY_PEM: &str = include_str!("testdata/ec_p256.pem");
/// A second key, never published: tokens it signs must fail the signature check (test-only).
const OTHER_KEY_PEM: &str = include_str!("testdata/ec_p256_other.pem");
/// An RSA key of the smallest accepted size, in PKCS#1 DER as the RSA signer wants it (test-only).
const RSA_2048_PEM: &str = include_str!("testdata/rsa_2048.pem");
/// The public half of a 512-bit RSA key, as a JWK with kid "weak" (test-only; the signer here refuses
/// to make such keys sign, so the token below was signed once with openssl, see testdata/README.md).
pub(crate) const WEAK_RSA_JWK: &str = include_str!("testdata/rsa_512.jwk.json");
/// [`claims`] signed RS256 by the 512-bit key under kid "weak": a real signature by a too-weak key.
pub(crate) const WEAK_RSA_JWT: &str = include_str!("testdata/rsa_512.jwt");

pub(crate) const ISSUER: &str = "https://idp.test";
pub(crate) const CLIENT: &str = "test-client";
/// A fixed "now" (2023-11-14) so tests do not depend on the machine's clock.
pub(crate) const NOW: u64 = 1_700_000_000;

/// The DER inside the PEM armour: jsonwebtoken's own PEM parser is behind a feature this crate does not
/// build.
fn der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).expect("the test key is base64")
}

/// An EC key from its PKCS#8 PEM.
fn key(pem: &str) -> EncodingKey {
    EncodingKey::from_ec_der(&der(pem))
}

fn sign_with(pem: &str, header: Header, claims: &Value) -> String {
    jsonwebtoken::encode(&header, claims, &key(pem)).expect("signing works")
}

/// A header for the test key: ES256 with `kid` (none when `kid` is empty).
pub(crate) fn header(kid: &str) -> Header {
    let mut h = Header::new(Algorithm::ES256);
    h.kid = (!kid.is_empty()).then(|| kid.to_string());
    h
}

/// An ID token signed with the published test key under `kid` (no `kid` header when it is empty).
pub(crate) fn sign(claims: Value, kid: &str) -> String {
    sign_with(KEY_PEM, header(kid), &claims)
}

/// An ID token signed with a key the JWKS does not hold, while claiming the published key's `kid`.
pub(crate) fn sign_with_other_key(claims: Value, kid: &str) -> String {
    sign_with(OTHER_KEY_PEM, header(kid), &claims)
}

/// The public test key as a JWK with `kid` (and `alg: ES256`).
fn jwk(kid: &str) -> Jwk {
    let mut jwk = Jwk::from_encoding_key(&key(KEY_PEM), Algorithm::ES256).expect("public half");
    jwk.common.key_id = Some(kid.to_string());
    jwk
}

/// A JWKS document publishing the test key once under each of `kids`.
pub(crate) fn jwks_json(kids: &[&str]) -> Vec<u8> {
    let set = JwkSet {
        keys: kids.iter().map(|k| jwk(k)).collect(),
    };
    serde_json::to_vec(&set).expect("a JWKS serializes")
}

/// [`jwks_json`], parsed.
pub(crate) fn jwks(kids: &[&str]) -> Jwks {
    Jwks::parse(&jwks_json(kids)).expect("the test JWKS parses")
}

/// Claims that pass every check for [`ISSUER`], [`CLIENT`] and [`NOW`]; tests change one thing.
pub(crate) fn claims() -> Value {
    serde_json::json!({
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "alice",
        "iat": NOW - 10,
        "exp": NOW + 3600,
    })
}

/// The test keys a JWKS can publish, by role.
#[derive(Clone, Copy)]
pub(crate) enum TestKey {
    /// The key [`sign`] uses.
    Ec,
    /// The key [`sign_with_other_key`] uses.
    EcOther,
    /// The key [`sign_rsa`] uses.
    Rsa2048,
}

/// The public half of `key` as a JWK under `kid`, with its `alg`.
pub(crate) fn jwk_json(key_: TestKey, kid: &str) -> Value {
    let (enc, alg) = match key_ {
        TestKey::Ec => (key(KEY_PEM), Algorithm::ES256),
        TestKey::EcOther => (key(OTHER_KEY_PEM), Algorithm::ES256),
        TestKey::Rsa2048 => (
            EncodingKey::from_rsa_der(&der(RSA_2048_PEM)),
            Algorithm::RS256,
        ),
    };
    let mut jwk = Jwk::from_encoding_key(&enc, alg).expect("public half");
    jwk.common.key_id = Some(kid.to_string());
    serde_json::to_value(jwk).expect("a JWK serializes")
}

/// A JWKS holding exactly `keys`, in order.
pub(crate) fn jwks_of(keys: &[Value]) -> Jwks {
    Jwks::parse(serde_json::json!({ "keys": keys }).to_string().as_bytes()).expect("parses")
}

/// An ID token signed RS256 with the 2048-bit test key under `kid`.
pub(crate) fn sign_rsa(claims: Value, kid: &str) -> String {
    let mut h = Header::new(Algorithm::RS256);
    h.kid = Some(kid.to_string());
    let enc = EncodingKey::from_rsa_der(&der(RSA_2048_PEM));
    jsonwebtoken::encode(&h, &claims, &enc).expect("signing works")
}

/// An ID token signed with the published test key under a header the test shaped itself.
pub(crate) fn sign_with_header(header: Header, claims: Value) -> String {
    sign_with(KEY_PEM, header, &claims)
}
