//! ID tokens for the scripted provider, signed through the core's test signer (`oauth::test_jwt`, with
//! its test-only key): one key that the provider may publish under several `kid`s, so a test can sign
//! under a `kid` the JWKS does not list yet (a rotation) or never will (a forgery).

use crate::oauth::test_jwt;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use sha2::{Digest, Sha256};

pub fn sign(claims: &Value, kid: &str) -> String {
    test_jwt::sign(claims.clone(), kid)
}

/// The JWKS document publishing the test key under each `kid` named.
pub fn jwks(kids: &[&str]) -> Vec<u8> {
    test_jwt::jwks_json(kids)
}

/// OIDC Core §3.1.3.6 `at_hash` for ES256, computed here independently of the code under test.
pub fn at_hash(access_token: &str) -> String {
    let digest = Sha256::digest(access_token.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}
