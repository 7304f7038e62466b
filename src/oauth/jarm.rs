//! JWT-secured authorization responses (JARM, OpenID Financial-grade API JARM §2 and §4.4): the provider
//! signs the redirect's parameters as one `response` JWT, so a callback cannot be forged or mixed up
//! with another provider's. The signature is checked against the provider's JWKS with the machinery ID
//! tokens use (`id_token.rs`), then `iss`, `aud` and `exp`.
//!
//! The parameters that come out are the ones a plain redirect carries (`code`, `state`, `iss`, `error`…):
//! the usual callback checks (`authorize::parse_callback`) run on them unchanged.

use super::error::sanitize;
use super::id_token::{ALLOWED, Jwks, LEEWAY_SECS, MIN_RSA_BITS, numeric_date, rsa_modulus_bits};
use super::types::ClientId;
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JarmError {
    #[error("the response is encrypted (JWE); encrypted JARM responses are not supported")]
    Encrypted,
    #[error("the response is not a signed JWT, or its header is malformed")]
    Malformed,
    #[error("algorithm {0:?} is not accepted for authorization responses")]
    AlgorithmNotAllowed(Algorithm),
    #[error("its header marks extensions critical (`crit`), and oauthctl implements none")]
    CriticalHeader,
    #[error("its algorithm differs from the one its key is for")]
    AlgMismatch,
    #[error("its key is too weak (a {bits}-bit RSA key; at least 2048 bits are required)")]
    KeyTooWeak { bits: u64 },
    #[error("unusable key: {0}")]
    UnusableKey(String),
    #[error("bad signature")]
    BadSignature,
    #[error("`iss` is not {expected:?}")]
    WrongIssuer { expected: String },
    #[error("`aud` does not contain {client_id:?}")]
    WrongAudience { client_id: String },
    #[error("the required claim `{0}` is missing")]
    MissingClaim(String),
    #[error("it has expired")]
    Expired,
    #[error("{0}")]
    Undecodable(String),
}

/// What the response must satisfy.
pub struct Expectations<'a> {
    pub issuer: &'a str,
    pub client_id: &'a ClientId,
    pub now: u64,
}

pub enum Outcome {
    /// The redirect's parameters, as (name, value) in claim-name order.
    Valid(Vec<(String, String)>),
    /// The response names a key the JWKS lacks: refetch the JWKS once (the provider may have rotated).
    UnknownKey,
}

/// Claims of the response JWT itself rather than parameters of the redirect. `iss` is kept: it is the
/// RFC 9207 parameter too, and the callback checks read it.
const JWT_ONLY_CLAIMS: &[&str] = &["aud", "exp", "iat", "nbf", "jti"];

/// Verifies the `response` parameter of a JARM redirect and returns the parameters inside it.
pub fn verify(response: &str, jwks: &Jwks, expect: &Expectations) -> Result<Outcome, JarmError> {
    match response.split('.').count() {
        3 => {}
        5 => return Err(JarmError::Encrypted),
        _ => return Err(JarmError::Malformed),
    }
    let header = jsonwebtoken::decode_header(response).map_err(|_| JarmError::Malformed)?;
    if !ALLOWED.contains(&header.alg) {
        return Err(JarmError::AlgorithmNotAllowed(header.alg));
    }
    if header.crit.is_some() {
        return Err(JarmError::CriticalHeader);
    }
    let candidates = jwks.candidates(header.kid.as_deref());
    if candidates.is_empty() {
        return Ok(Outcome::UnknownKey);
    }
    // As for ID tokens: each key under the kid is tried, the first refusal is reported when none fits, and
    // a refusal after a good signature is final.
    let mut first_refusal = None;
    for jwk in candidates {
        match decode_with(response, header.alg, jwk, expect) {
            Ok(claims) => return Ok(Outcome::Valid(checked_params(claims, expect)?)),
            Err(Refusal::Final(e)) => return Err(e),
            Err(Refusal::NotThisKey(e)) => {
                first_refusal.get_or_insert(e);
            }
        }
    }
    Err(first_refusal.unwrap_or(JarmError::BadSignature))
}

enum Refusal {
    NotThisKey(JarmError),
    Final(JarmError),
}

fn decode_with(
    token: &str,
    alg: Algorithm,
    jwk: &Jwk,
    expect: &Expectations,
) -> Result<Map<String, Value>, Refusal> {
    use Refusal::{Final, NotThisKey};
    if let Some(key_alg) = jwk.common.key_algorithm
        && format!("{key_alg:?}") != format!("{alg:?}")
    {
        return Err(NotThisKey(JarmError::AlgMismatch));
    }
    if let AlgorithmParameters::RSA(rsa) = &jwk.algorithm
        && let Some(bits) = rsa_modulus_bits(&rsa.n)
        && bits < MIN_RSA_BITS
    {
        return Err(NotThisKey(JarmError::KeyTooWeak { bits }));
    }
    let key = DecodingKey::from_jwk(jwk)
        .map_err(|e| NotThisKey(JarmError::UnusableKey(sanitize(&e.to_string(), 200))))?;
    let mut validation = Validation::new(alg);
    // `exp` is checked against the caller's clock below, not the system's.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.set_issuer(&[expect.issuer]);
    validation.set_audience(&[expect.client_id.as_str()]);
    validation.set_required_spec_claims(&["exp", "iss", "aud"]);
    jsonwebtoken::decode::<Map<String, Value>>(token, &key, &validation)
        .map(|data| data.claims)
        .map_err(|e| {
            use jsonwebtoken::errors::ErrorKind as K;
            match e.kind() {
                K::InvalidSignature => NotThisKey(JarmError::BadSignature),
                K::InvalidAlgorithm
                | K::InvalidKeyFormat
                | K::InvalidRsaKey(_)
                | K::InvalidEcdsaKey => NotThisKey(JarmError::UnusableKey(sanitize(
                    &format!("{:?}", e.kind()),
                    200,
                ))),
                K::InvalidIssuer => Final(JarmError::WrongIssuer {
                    expected: expect.issuer.to_string(),
                }),
                K::InvalidAudience => Final(JarmError::WrongAudience {
                    client_id: expect.client_id.as_str().to_string(),
                }),
                K::MissingRequiredClaim(c) => Final(JarmError::MissingClaim(sanitize(c, 40))),
                other => Final(JarmError::Undecodable(sanitize(&format!("{other:?}"), 200))),
            }
        })
}

/// Checks `exp` (with [`LEEWAY_SECS`] for clock skew) and turns the other claims into parameters.
fn checked_params(
    claims: Map<String, Value>,
    expect: &Expectations,
) -> Result<Vec<(String, String)>, JarmError> {
    let exp = numeric_date(claims.get("exp")).ok_or(JarmError::MissingClaim("exp".into()))?;
    if exp.saturating_add(LEEWAY_SECS) < expect.now {
        return Err(JarmError::Expired);
    }
    Ok(claims
        .into_iter()
        .filter(|(k, _)| !JWT_ONLY_CLAIMS.contains(&k.as_str()))
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            (k, v)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::authorize::{CallbackExpectations, parse_callback};
    use crate::oauth::test_jwt::{
        self, CLIENT, ISSUER, NOW, TestKey, WEAK_RSA_JWK, WEAK_RSA_JWT, jwk_json, jwks, jwks_of,
        sign,
    };
    use crate::oauth::types::State;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::json;

    fn expect(client: &ClientId) -> Expectations<'_> {
        Expectations {
            issuer: ISSUER,
            client_id: client,
            now: NOW,
        }
    }

    /// A JARM response with `changes` applied to the good claims (a null value removes the claim).
    fn response(changes: Value) -> Value {
        let mut c = json!({
            "iss": ISSUER,
            "aud": CLIENT,
            "exp": NOW + 600,
            "code": "code-1",
            "state": "st-1",
        });
        for (k, v) in changes.as_object().unwrap() {
            if v.is_null() {
                c.as_object_mut().unwrap().remove(k);
            } else {
                c[k] = v.clone();
            }
        }
        c
    }

    fn run(token: &str) -> Result<Outcome, JarmError> {
        let client = ClientId::new(CLIENT);
        verify(token, &jwks(&["k1"]), &expect(&client))
    }

    fn accepted(token: &str) -> Vec<(String, String)> {
        match run(token) {
            Ok(Outcome::Valid(params)) => params,
            Ok(Outcome::UnknownKey) => panic!("unknown key"),
            Err(e) => panic!("refused: {e}"),
        }
    }

    fn refused(token: &str) -> JarmError {
        match run(token) {
            Err(e) => e,
            Ok(_) => panic!("accepted"),
        }
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_valid_response_yields_the_redirect_parameters() {
        let params = accepted(&sign(response(json!({"iat": NOW})), "k1"));
        assert_eq!(
            params,
            pairs(&[("code", "code-1"), ("iss", ISSUER), ("state", "st-1")])
        );
    }

    /// The parameters pass through the same callback checks as a plain redirect's.
    #[test]
    fn the_parameters_feed_the_usual_callback_checks() {
        let params = accepted(&sign(response(json!({})), "k1"));
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&params)
            .finish();
        let state = State::new("st-1");
        let expect = CallbackExpectations {
            state: &state,
            issuer: Some(ISSUER),
            iss_required: true,
        };
        assert_eq!(parse_callback(&query, &expect).unwrap().secret(), "code-1");
    }

    #[test]
    fn an_error_response_is_passed_on_with_numbers_as_text() {
        let token = sign(
            response(json!({"code": null, "error": "access_denied", "expires_in": 3600})),
            "k1",
        );
        assert_eq!(
            accepted(&token),
            pairs(&[
                ("error", "access_denied"),
                ("expires_in", "3600"),
                ("iss", ISSUER),
                ("state", "st-1"),
            ])
        );
    }

    #[test]
    fn an_rs256_response_verifies() {
        let keys = jwks_of(&[jwk_json(TestKey::Rsa2048, "r1")]);
        let client = ClientId::new(CLIENT);
        let token = test_jwt::sign_rsa(response(json!({})), "r1");
        assert!(matches!(
            verify(&token, &keys, &expect(&client)),
            Ok(Outcome::Valid(_))
        ));
    }

    #[test]
    fn a_bad_signature_is_refused() {
        let token = test_jwt::sign_with_other_key(response(json!({})), "k1");
        assert_eq!(refused(&token), JarmError::BadSignature);
        // A payload changed after signing.
        let good = sign(response(json!({})), "k1");
        let mut parts: Vec<String> = good.split('.').map(str::to_string).collect();
        parts[1] = URL_SAFE_NO_PAD.encode(response(json!({"code": "code-2"})).to_string());
        assert_eq!(refused(&parts.join(".")), JarmError::BadSignature);
    }

    #[test]
    fn a_wrong_issuer_is_refused() {
        let token = sign(response(json!({"iss": "https://evil.test"})), "k1");
        assert_eq!(
            refused(&token),
            JarmError::WrongIssuer {
                expected: ISSUER.into()
            }
        );
    }

    #[test]
    fn a_wrong_audience_is_refused() {
        let token = sign(response(json!({"aud": "another-client"})), "k1");
        assert_eq!(
            refused(&token),
            JarmError::WrongAudience {
                client_id: CLIENT.into()
            }
        );
        accepted(&sign(response(json!({"aud": ["x", CLIENT]})), "k1"));
    }

    #[test]
    fn an_expired_response_is_refused_after_the_leeway() {
        let token = sign(response(json!({"exp": NOW - LEEWAY_SECS - 1})), "k1");
        assert_eq!(refused(&token), JarmError::Expired);
        accepted(&sign(response(json!({"exp": NOW - LEEWAY_SECS})), "k1"));
    }

    #[test]
    fn iss_aud_and_exp_are_required() {
        for claim in ["iss", "aud", "exp"] {
            let token = sign(response(json!({ claim: null })), "k1");
            assert_eq!(refused(&token), JarmError::MissingClaim(claim.into()));
        }
    }

    #[test]
    fn an_unknown_kid_asks_for_a_refetch() {
        assert!(matches!(
            run(&sign(response(json!({})), "k2")),
            Ok(Outcome::UnknownKey)
        ));
    }

    #[test]
    fn unsigned_symmetric_encrypted_or_malformed_responses_are_refused() {
        let b64 = |v: Value| URL_SAFE_NO_PAD.encode(v.to_string());
        let none = format!(
            "{}.{}.",
            b64(json!({"alg": "none"})),
            b64(response(json!({})))
        );
        assert_eq!(refused(&none), JarmError::Malformed);
        let secret = jsonwebtoken::EncodingKey::from_secret(&test_jwt::jwks_json(&["k1"]));
        let mut h = jsonwebtoken::Header::new(Algorithm::HS256);
        h.kid = Some("k1".into());
        let hs = jsonwebtoken::encode(&h, &response(json!({})), &secret).unwrap();
        assert_eq!(
            refused(&hs),
            JarmError::AlgorithmNotAllowed(Algorithm::HS256)
        );
        assert_eq!(refused("a.b.c.d.e"), JarmError::Encrypted);
        assert_eq!(refused("code=1"), JarmError::Malformed);
        let mut crit = test_jwt::header("k1");
        crit.crit = Some(vec!["exp".into()]);
        let token = test_jwt::sign_with_header(crit, response(json!({})));
        assert_eq!(refused(&token), JarmError::CriticalHeader);
    }

    #[test]
    fn a_weak_rsa_key_is_refused_as_such() {
        let weak: Value = serde_json::from_str(WEAK_RSA_JWK).unwrap();
        let client = ClientId::new(CLIENT);
        let got = verify(WEAK_RSA_JWT.trim(), &jwks_of(&[weak]), &expect(&client));
        assert_eq!(got.err(), Some(JarmError::KeyTooWeak { bits: 512 }));
    }
}
