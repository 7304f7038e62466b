//! Signs ID tokens for in-process tests with fixed ES256 test keys (`keys/k1.pem`, `keys/k2.pem`: made for
//! these tests with openssl, never used anywhere else), and publishes their public halves as a JWKS.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::Value;
use sha2::{Digest, Sha256};

const K1: &str = include_str!("keys/k1.pem");
const K2: &str = include_str!("keys/k2.pem");

/// The test key called `kid` ("k1" or "k2").
fn key(kid: &str) -> EncodingKey {
    let pem = match kid {
        "k2" => K2,
        _ => K1,
    };
    // PKCS#8 PEM → DER by hand: jsonwebtoken's PEM parser sits behind a feature the tool does not need.
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .expect("test key PEM");
    EncodingKey::from_ec_der(&der)
}

/// A compact JWS over `claims`, signed by `signer`'s key but naming `kid` in its header (they differ only
/// when a test forges a signature).
pub fn sign_as(claims: &Value, signer: &str, kid: Option<&str>) -> String {
    let mut header = Header::new(Algorithm::ES256);
    header.kid = kid.map(str::to_string);
    jsonwebtoken::encode(&header, claims, &key(signer)).expect("signing")
}

pub fn sign(claims: &Value, kid: &str) -> String {
    sign_as(claims, kid, Some(kid))
}

/// The JWKS document holding the public keys named.
pub fn jwks(kids: &[&str]) -> Vec<u8> {
    let keys = kids
        .iter()
        .map(|kid| {
            let mut jwk = Jwk::from_encoding_key(&key(kid), Algorithm::ES256).expect("jwk");
            jwk.common.key_id = Some(kid.to_string());
            jwk
        })
        .collect();
    serde_json::to_vec(&JwkSet { keys }).expect("jwks json")
}

/// OIDC Core §3.1.3.6 `at_hash` for ES256, computed here independently of the code under test.
pub fn at_hash(access_token: &str) -> String {
    let digest = Sha256::digest(access_token.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}
