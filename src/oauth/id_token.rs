//! ID token validation (OIDC Core §3.1.3.7 and §12.2): the signature against the provider's JWKS and every
//! claim check, with the crypto left to `jsonwebtoken` rather than written here.
//!
//! The JWKS is passed in already fetched; asking for it again on an unknown `kid` is the caller's job, since
//! that is I/O.

use super::error::{Error, IdTokenError, Result, sanitize};
use super::types::{ClientId, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256, Sha384, Sha512};

/// Clock skew tolerated on `exp` and `iat`, in seconds.
pub const LEEWAY_SECS: u64 = 60;

/// Asymmetric algorithms only: an HMAC `alg` with a public key is the classic key-confusion attack, and
/// `none` is no signature at all.
const ALLOWED: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// The keys of a JWKS document. Keys this library cannot use (unknown `kty`, encryption keys) are skipped
/// rather than failing the whole set.
pub struct Jwks(Vec<Jwk>);

impl Jwks {
    pub fn parse(body: &[u8]) -> Result<Jwks> {
        let value: Value = serde_json::from_slice(body).map_err(|_| Error::JwksNotJson)?;
        let keys = value
            .get("keys")
            .and_then(Value::as_array)
            .ok_or(Error::JwksNoKeys)?;
        Ok(Jwks(
            keys.iter()
                .filter_map(|k| serde_json::from_value::<Jwk>(k.clone()).ok())
                .filter(|k| {
                    !matches!(
                        k.common.public_key_use,
                        Some(jsonwebtoken::jwk::PublicKeyUse::Encryption)
                    )
                })
                .collect(),
        ))
    }

    fn find(&self, kid: Option<&str>) -> Option<&Jwk> {
        match kid {
            Some(kid) => self
                .0
                .iter()
                .find(|k| k.common.key_id.as_deref() == Some(kid)),
            // Without a kid, only an unambiguous set identifies the key.
            None if self.0.len() == 1 => self.0.first(),
            None => None,
        }
    }
}

/// What the ID token must satisfy.
pub struct Expectations<'a> {
    pub issuer: &'a str,
    pub client_id: &'a ClientId,
    /// The nonce sent at login; `None` for ID tokens from a refresh, which carry none.
    pub nonce: Option<&'a Nonce>,
    /// The access token issued beside it, for `at_hash`.
    pub access_token: Option<&'a str>,
    /// After a refresh, the `sub` of the original ID token (OIDC Core §12.2).
    pub sub: Option<&'a str>,
    pub now: u64,
}

/// Why verification could not proceed with the keys at hand.
pub enum Outcome {
    Valid(Map<String, Value>),
    /// The token names a key the JWKS lacks: refetch the JWKS once (the provider may have rotated).
    UnknownKey,
}

pub fn verify(token: &str, jwks: &Jwks, expect: &Expectations) -> Result<Outcome> {
    use IdTokenError as E;
    let header = jsonwebtoken::decode_header(token).map_err(|_| E::MalformedHeader)?;
    if !ALLOWED.contains(&header.alg) {
        return Err(E::AlgorithmNotAllowed(header.alg).into());
    }
    let Some(jwk) = jwks.find(header.kid.as_deref()) else {
        return Ok(Outcome::UnknownKey);
    };
    if let Some(key_alg) = jwk.common.key_algorithm
        && format!("{key_alg:?}") != format!("{:?}", header.alg)
    {
        return Err(E::AlgMismatch.into());
    }
    let key =
        DecodingKey::from_jwk(jwk).map_err(|e| E::UnusableKey(sanitize(&e.to_string(), 200)))?;

    let mut validation = Validation::new(header.alg);
    validation.leeway = LEEWAY_SECS;
    validation.set_issuer(&[expect.issuer]);
    validation.set_audience(&[expect.client_id.as_str()]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    let data =
        jsonwebtoken::decode::<Map<String, Value>>(token, &key, &validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind as K;
            match e.kind() {
                K::InvalidSignature => E::BadSignature,
                K::ExpiredSignature => E::Expired,
                K::InvalidIssuer => E::WrongIssuer {
                    expected: expect.issuer.to_string(),
                },
                K::InvalidAudience => E::WrongAudience {
                    client_id: expect.client_id.as_str().to_string(),
                },
                K::MissingRequiredClaim(c) => E::MissingClaim(c.clone()),
                K::InvalidAlgorithm => E::AlgorithmDoesNotFitKey,
                other => E::Undecodable(sanitize(&format!("{other:?}"), 200)),
            }
        })?;
    check_claims(&data.claims, header.alg, expect)?;
    Ok(Outcome::Valid(data.claims))
}

fn check_claims(
    claims: &Map<String, Value>,
    alg: Algorithm,
    expect: &Expectations,
) -> Result<(), IdTokenError> {
    use IdTokenError as E;
    let str_claim = |k: &str| claims.get(k).and_then(Value::as_str);

    let iat = claims
        .get("iat")
        .and_then(Value::as_u64)
        .ok_or(E::IatMissing)?;
    if iat > expect.now.saturating_add(LEEWAY_SECS) {
        return Err(E::IssuedInFuture);
    }
    let several_audiences = claims
        .get("aud")
        .and_then(Value::as_array)
        .is_some_and(|a| a.len() > 1);
    match str_claim("azp") {
        Some(azp) if azp != expect.client_id.as_str() => {
            return Err(E::AzpMismatch(sanitize(azp, 100)));
        }
        None if several_audiences => return Err(E::SeveralAudiencesNoAzp),
        _ => {}
    }
    if let Some(nonce) = expect.nonce {
        match str_claim("nonce") {
            Some(got) if nonce.matches(got) => {}
            Some(_) => return Err(E::NonceMismatch),
            None => return Err(E::NonceMissing),
        }
    }
    if let Some(sub) = expect.sub
        && str_claim("sub") != Some(sub)
    {
        return Err(E::SubMismatch);
    }
    if let (Some(at_hash), Some(access)) = (str_claim("at_hash"), expect.access_token)
        && at_hash != token_hash(alg, access)
    {
        return Err(E::AtHashMismatch);
    }
    Ok(())
}

/// OIDC Core §3.1.3.6: the left half of the hash named by the JWS algorithm, base64url.
fn token_hash(alg: Algorithm, token: &str) -> String {
    let digest: Vec<u8> = match alg {
        Algorithm::RS384 | Algorithm::PS384 | Algorithm::ES384 => Sha384::digest(token).to_vec(),
        Algorithm::RS512 | Algorithm::PS512 | Algorithm::EdDSA => Sha512::digest(token).to_vec(),
        _ => Sha256::digest(token).to_vec(),
    };
    URL_SAFE_NO_PAD.encode(&digest[..digest.len() / 2])
}

/// The payload of a JWT without any verification, for display only (`token show`). Never use the result
/// for a decision.
pub fn claims_for_display(jwt: &str) -> Option<Value> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    value.is_object().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_hash_is_the_left_half_of_the_digest() {
        // Expected value computed independently: base64url(sha256(token)[:16]) with Python's hashlib.
        assert_eq!(
            token_hash(Algorithm::RS256, "jHkWEdUXMU1BwAsC4vtUsZwnNsXv4JEg"),
            "ip7qNjkwPipXtXF3MVM71w"
        );
    }

    #[test]
    fn display_decoding_is_lenient_and_safe() {
        assert!(claims_for_display("not-a-jwt").is_none());
        let jwt = format!("x.{}.y", URL_SAFE_NO_PAD.encode(r#"{"sub":"alice"}"#));
        assert_eq!(claims_for_display(&jwt).unwrap()["sub"], "alice");
    }

    #[test]
    fn refuses_alg_none_and_hmac_before_touching_keys() {
        let jwks = Jwks::parse(br#"{"keys":[]}"#).unwrap();
        let client = ClientId::new("c");
        let expect = Expectations {
            issuer: "i",
            client_id: &client,
            nonce: None,
            access_token: None,
            sub: None,
            now: 0,
        };
        let payload = URL_SAFE_NO_PAD.encode(r#"{"sub":"a"}"#);
        let none = format!("{}.{payload}.", URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#));
        assert_eq!(
            verify(&none, &jwks, &expect).err(),
            Some(Error::IdToken(IdTokenError::MalformedHeader))
        );
        let hs256 = format!(
            "{}.{payload}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256"}"#)
        );
        assert_eq!(
            verify(&hs256, &jwks, &expect).err(),
            Some(Error::IdToken(IdTokenError::AlgorithmNotAllowed(
                Algorithm::HS256
            )))
        );
    }
}
