//! Fuzzes the ID token path: `Jwks::parse`, `verify` and `claims_for_display`.
//!
//! Both the JWKS and the ID token come from the provider, and the token also passes through the user's
//! terminal (`token show`), so all three must cope with anything. Input layout: the bytes before the
//! first 0x00 are a JWKS document and the rest is the token; without a 0x00 (or when that JWKS does not
//! parse) the whole input, or the part after the 0x00, is the token and it is checked against a fixed
//! JWKS with an RSA, an EC P-256 and an Ed25519 key (`fixed_jwks.json`; the private halves were thrown
//! away once the seeds in `seeds/jwt/` were signed with them). Besides "never panic", a token that
//! verifies must have an asymmetric `alg` and carry every claim the expectations demand, and the
//! display decoder must show exactly the claims that were verified.

#![no_main]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use libfuzzer_sys::fuzz_target;
use oauthctl::oauth::id_token::{Expectations, Jwks, Outcome, claims_for_display, verify};
use oauthctl::oauth::types::{ClientId, Nonce};
use serde_json::Value;
use std::sync::LazyLock;

const FIXED_JWKS: &str = include_str!("fixed_jwks.json");
static FIXED: LazyLock<Jwks> =
    LazyLock::new(|| Jwks::parse(FIXED_JWKS.as_bytes()).expect("the fixed JWKS parses"));

const ISSUER: &str = "https://idp.test";
const CLIENT: &str = "fuzz-client";
const NONCE: &str = "fuzz-nonce";
const ACCESS_TOKEN: &str = "fuzz-access-token";
const SUB: &str = "alice";
const NOW: u64 = 1_700_000_000;
const ASYMMETRIC: &[&str] = &[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA",
];

fuzz_target!(|data: &[u8]| {
    let (own_jwks, token) = match data.iter().position(|&b| b == 0) {
        Some(at) => (Jwks::parse(&data[..at]).ok(), &data[at + 1..]),
        None => (None, data),
    };
    let jwks = own_jwks.as_ref().unwrap_or(&FIXED);
    let token = String::from_utf8_lossy(token);

    let shown = claims_for_display(&token);
    assert!(shown.as_ref().is_none_or(Value::is_object));

    let client = ClientId::new(CLIENT);
    let nonce = Nonce::new(NONCE);
    let expect = Expectations {
        issuer: ISSUER,
        client_id: &client,
        nonce: Some(&nonce),
        access_token: Some(ACCESS_TOKEN),
        sub: Some(SUB),
        now: NOW,
    };
    let claims = match verify(&token, jwks, &expect) {
        Ok(Outcome::Valid(claims)) => claims,
        Ok(Outcome::UnknownKey) => return,
        Err(e) => {
            let shown = e.to_string();
            assert!(!shown.contains(['\n', '\r']), "multi-line error: {shown:?}");
            return;
        }
    };

    let header = token
        .split('.')
        .next()
        .and_then(|h| URL_SAFE_NO_PAD.decode(h).ok())
        .and_then(|h| serde_json::from_slice::<Value>(&h).ok())
        .expect("a verified token has a JSON header");
    let alg = header["alg"].as_str().unwrap_or_default();
    assert!(ASYMMETRIC.contains(&alg), "verified with alg {alg:?}");

    let str_claim = |k: &str| claims.get(k).and_then(Value::as_str);
    assert_eq!(str_claim("iss"), Some(ISSUER));
    assert_eq!(str_claim("sub"), Some(SUB));
    assert_eq!(str_claim("nonce"), Some(NONCE));
    let audiences: Vec<&str> = match &claims["aud"] {
        Value::String(a) => vec![a.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        other => panic!("verified with aud {other}"),
    };
    assert!(audiences.contains(&CLIENT), "verified for {audiences:?}");
    match str_claim("azp") {
        Some(azp) => assert_eq!(azp, CLIENT),
        None => assert!(audiences.len() <= 1, "several audiences, no azp"),
    }
    let exp = claims["exp"]
        .as_f64()
        .expect("verified without a numeric exp");
    assert!(exp + 60.0 >= NOW as f64, "verified after exp");
    let iat = claims["iat"].as_u64().expect("verified without iat");
    assert!(iat <= NOW + 60, "verified before iat");

    assert_eq!(
        shown,
        Some(Value::Object(claims)),
        "display decoding disagrees with the verified claims"
    );
});
