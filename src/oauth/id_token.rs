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
pub(crate) const ALLOWED: &[Algorithm] = &[
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

    /// How many signing keys the set holds (`smoke`'s jwks check reports it).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many keys could verify a signature: the ones `verify` would not refuse before trying (an RSA
    /// modulus under [`MIN_RSA_BITS`], a key the library cannot load). `discover` reports a set with none.
    pub fn usable_keys(&self) -> usize {
        self.0
            .iter()
            .filter(|jwk| {
                !matches!(&jwk.algorithm, jsonwebtoken::jwk::AlgorithmParameters::RSA(rsa)
                    if rsa_modulus_bits(&rsa.n).is_some_and(|bits| bits < MIN_RSA_BITS))
                    && DecodingKey::from_jwk(jwk).is_ok()
            })
            .count()
    }

    /// The keys the token may be signed with: every key under its `kid` (a provider rotating keys may
    /// publish two under one `kid`), or the only key of an unambiguous set when it names none.
    pub(crate) fn candidates(&self, kid: Option<&str>) -> Vec<&Jwk> {
        match kid {
            Some(kid) => self
                .0
                .iter()
                .filter(|k| k.common.key_id.as_deref() == Some(kid))
                .collect(),
            None if self.0.len() == 1 => self.0.iter().collect(),
            None => Vec::new(),
        }
    }
}

/// The smallest RSA modulus trusted, in bits (RFC 7518 §3.3: 2048 or larger).
pub const MIN_RSA_BITS: u64 = 2048;

/// The size in significant bits of an RSA modulus given as a JWK `n` (base64url, leading zeros allowed).
pub(crate) fn rsa_modulus_bits(n: &str) -> Option<u64> {
    let bytes = URL_SAFE_NO_PAD.decode(n.trim_end_matches('=')).ok()?;
    let Some(first) = bytes.iter().position(|b| *b != 0) else {
        return Some(0);
    };
    let rest = (bytes.len() - first - 1) as u64;
    Some(rest * 8 + u64::from(8 - bytes[first].leading_zeros()))
}

/// An RFC 7519 NumericDate: seconds as a JSON number, fractions allowed and truncated; negative or
/// non-numeric values are not dates.
pub(crate) fn numeric_date(v: Option<&Value>) -> Option<u64> {
    let v = v?;
    v.as_u64().or_else(|| {
        // JSON numbers are finite; `as` drops the fraction.
        v.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)
    })
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

/// Verifies the signature with the JWT library and every claim with our own checks against
/// `expect.now`, so all time checks use one clock: the one the caller passed in.
pub fn verify(token: &str, jwks: &Jwks, expect: &Expectations) -> Result<Outcome> {
    use IdTokenError as E;
    let header = jsonwebtoken::decode_header(token).map_err(|_| E::MalformedHeader)?;
    if !ALLOWED.contains(&header.alg) {
        return Err(E::AlgorithmNotAllowed(header.alg).into());
    }
    // RFC 7515 §4.1.11: extensions marked critical must be understood, and oauthctl implements none.
    if header.crit.is_some() {
        return Err(E::CriticalHeader.into());
    }
    let candidates = jwks.candidates(header.kid.as_deref());
    if candidates.is_empty() {
        return Ok(Outcome::UnknownKey);
    }
    // Each key under the kid is tried; the first one's refusal is reported when none fits, so a set of
    // one key reports exactly what that key said. A refusal that is not about the key (a claim, a payload
    // that is not an object) means the signature was good: it is final.
    let mut first_refusal = None;
    for jwk in candidates {
        match decode_with(token, &header, jwk, expect) {
            Ok(claims) => {
                check_claims(&claims, header.alg, expect)?;
                return Ok(Outcome::Valid(claims));
            }
            Err(KeyRefusal::Final(e)) => return Err(e.into()),
            Err(KeyRefusal::NotThisKey(e)) => {
                first_refusal.get_or_insert(e);
            }
        }
    }
    Err(first_refusal.unwrap_or(E::BadSignature).into())
}

/// Why one candidate key did not yield claims.
enum KeyRefusal {
    /// The key cannot have signed the token (or cannot be trusted to): another key under the kid may.
    NotThisKey(IdTokenError),
    /// The signature checked out but the token itself is refused.
    Final(IdTokenError),
}

/// Checks the signature with one key and decodes the claims, with the library's own claim checks.
fn decode_with(
    token: &str,
    header: &jsonwebtoken::Header,
    jwk: &Jwk,
    expect: &Expectations,
) -> Result<Map<String, Value>, KeyRefusal> {
    use IdTokenError as E;
    use KeyRefusal::{Final, NotThisKey};
    if let Some(key_alg) = jwk.common.key_algorithm
        && format!("{key_alg:?}") != format!("{:?}", header.alg)
    {
        return Err(NotThisKey(E::AlgMismatch));
    }
    // Checked before the library sees the key: it reports a small RSA key as a bad signature, which
    // hides the real problem from the user.
    // A modulus that is not base64 is left for the library to call an unusable key.
    if let jsonwebtoken::jwk::AlgorithmParameters::RSA(rsa) = &jwk.algorithm
        && let Some(bits) = rsa_modulus_bits(&rsa.n)
        && bits < MIN_RSA_BITS
    {
        return Err(NotThisKey(E::KeyTooWeak { bits }));
    }
    let key = DecodingKey::from_jwk(jwk)
        .map_err(|e| NotThisKey(E::UnusableKey(sanitize(&e.to_string(), 200))))?;

    let mut validation = Validation::new(header.alg);
    // The library would read the system clock; `exp` and `nbf` are checked in `check_claims` against
    // `expect.now`. It still insists that `exp` is present.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.set_issuer(&[expect.issuer]);
    validation.set_audience(&[expect.client_id.as_str()]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    jsonwebtoken::decode::<Map<String, Value>>(token, &key, &validation)
        .map(|data| data.claims)
        .map_err(|e| {
            use jsonwebtoken::errors::ErrorKind as K;
            match e.kind() {
                K::InvalidSignature => NotThisKey(E::BadSignature),
                K::InvalidAlgorithm => NotThisKey(E::AlgorithmDoesNotFitKey),
                K::InvalidKeyFormat | K::InvalidRsaKey(_) | K::InvalidEcdsaKey => {
                    NotThisKey(E::Undecodable(sanitize(&format!("{:?}", e.kind()), 200)))
                }
                K::InvalidIssuer => Final(E::WrongIssuer {
                    expected: expect.issuer.to_string(),
                }),
                K::InvalidAudience => Final(E::WrongAudience {
                    client_id: expect.client_id.as_str().to_string(),
                }),
                K::MissingRequiredClaim(c) => Final(E::MissingClaim(c.clone())),
                other => Final(E::Undecodable(sanitize(&format!("{other:?}"), 200))),
            }
        })
}

fn check_claims(
    claims: &Map<String, Value>,
    alg: Algorithm,
    expect: &Expectations,
) -> Result<(), IdTokenError> {
    use IdTokenError as E;
    let str_claim = |k: &str| claims.get(k).and_then(Value::as_str);

    // The library made sure `exp` is there; a token valid until `exp` is still accepted for
    // LEEWAY_SECS after it, for clock skew. Times are NumericDates, which may carry fractions.
    let exp = numeric_date(claims.get("exp")).ok_or_else(|| E::MissingClaim("exp".into()))?;
    if exp.saturating_add(LEEWAY_SECS) < expect.now {
        return Err(E::Expired);
    }
    let iat = numeric_date(claims.get("iat")).ok_or(E::IatMissing)?;
    if iat > expect.now.saturating_add(LEEWAY_SECS) {
        return Err(E::IssuedInFuture);
    }
    // RFC 7519 §4.1.5: not to be accepted before `nbf` (with the same leeway); one that is not a date
    // cannot be honoured, so it is refused too.
    if let Some(nbf) = claims.get("nbf") {
        match numeric_date(Some(nbf)) {
            Some(nbf) if nbf <= expect.now.saturating_add(LEEWAY_SECS) => {}
            _ => return Err(E::NotYetValid),
        }
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
    use crate::oauth::test_jwt::{self, CLIENT, ISSUER, NOW, claims, jwks, sign};
    use serde_json::json;

    fn expect(client: &ClientId) -> Expectations<'_> {
        Expectations {
            issuer: ISSUER,
            client_id: client,
            nonce: None,
            access_token: None,
            sub: None,
            now: NOW,
        }
    }

    /// Verifies `token` against the one-key test JWKS under kid "k1".
    fn run(token: &str, expect: &Expectations) -> Result<Outcome> {
        verify(token, &jwks(&["k1"]), expect)
    }

    fn accepted(token: &str, expect: &Expectations) -> Map<String, Value> {
        match run(token, expect) {
            Ok(Outcome::Valid(claims)) => claims,
            Ok(Outcome::UnknownKey) => panic!("unknown key"),
            Err(e) => panic!("refused: {e}"),
        }
    }

    fn refused(token: &str, expect: &Expectations) -> IdTokenError {
        match run(token, expect) {
            Err(Error::IdToken(e)) => e,
            Err(e) => panic!("refused with a non-ID-token error: {e:?}"),
            Ok(Outcome::Valid(_)) => panic!("accepted"),
            Ok(Outcome::UnknownKey) => panic!("unknown key"),
        }
    }

    /// The test claims with `changes` applied (a null value removes the claim).
    fn with(changes: Value) -> Value {
        let mut c = claims();
        for (k, v) in changes.as_object().unwrap() {
            if v.is_null() {
                c.as_object_mut().unwrap().remove(k);
            } else {
                c[k] = v.clone();
            }
        }
        c
    }

    fn b64(v: &Value) -> String {
        URL_SAFE_NO_PAD.encode(v.to_string())
    }

    /// A token whose header is replaced while payload and signature are kept.
    fn reheader(token: &str, header: Value) -> String {
        let (_, rest) = token.split_once('.').unwrap();
        format!("{}.{rest}", b64(&header))
    }

    #[test]
    fn a_valid_token_passes_and_yields_its_claims() {
        let client = ClientId::new(CLIENT);
        let got = accepted(&sign(claims(), "k1"), &expect(&client));
        assert_eq!(got["sub"], "alice");
        assert_eq!(got["iss"], ISSUER);
    }

    #[test]
    fn a_signature_by_another_key_under_the_same_kid_is_refused() {
        let client = ClientId::new(CLIENT);
        let token = test_jwt::sign_with_other_key(claims(), "k1");
        assert_eq!(
            refused(&token, &expect(&client)),
            IdTokenError::BadSignature
        );
    }

    #[test]
    fn alg_none_is_refused() {
        let client = ClientId::new(CLIENT);
        let token = format!("{}.{}.", b64(&json!({"alg":"none"})), b64(&claims()));
        assert_eq!(
            refused(&token, &expect(&client)),
            IdTokenError::MalformedHeader
        );
    }

    #[test]
    fn hmac_with_the_public_key_as_secret_is_refused() {
        let client = ClientId::new(CLIENT);
        let mut header = jsonwebtoken::Header::new(Algorithm::HS256);
        header.kid = Some("k1".into());
        let secret = jsonwebtoken::EncodingKey::from_secret(&test_jwt::jwks_json(&["k1"]));
        let token = jsonwebtoken::encode(&header, &claims(), &secret).unwrap();
        assert_eq!(
            refused(&token, &expect(&client)),
            IdTokenError::AlgorithmNotAllowed(Algorithm::HS256)
        );
    }

    #[test]
    fn an_alg_other_than_the_keys_is_refused() {
        let client = ClientId::new(CLIENT);
        let token = reheader(&sign(claims(), "k1"), json!({"alg":"ES384","kid":"k1"}));
        assert_eq!(refused(&token, &expect(&client)), IdTokenError::AlgMismatch);
    }

    /// The library reports a key of another family as an unusable key format, which is kept as it says.
    #[test]
    fn an_alg_that_does_not_fit_a_key_without_alg_is_refused() {
        let client = ClientId::new(CLIENT);
        let mut doc: Value = serde_json::from_slice(&test_jwt::jwks_json(&["k1"])).unwrap();
        doc["keys"][0].as_object_mut().unwrap().remove("alg");
        let keys = Jwks::parse(doc.to_string().as_bytes()).unwrap();
        let token = reheader(&sign(claims(), "k1"), json!({"alg":"RS256","kid":"k1"}));
        match verify(&token, &keys, &expect(&client)) {
            Err(Error::IdToken(IdTokenError::Undecodable(why))) if why == "InvalidKeyFormat" => {}
            other => panic!("{:?}", other.err()),
        }
    }

    #[test]
    fn an_unusable_key_is_refused() {
        let client = ClientId::new(CLIENT);
        let mut doc: Value = serde_json::from_slice(&test_jwt::jwks_json(&["k1"])).unwrap();
        doc["keys"][0]["x"] = json!("!!not base64!!");
        let keys = Jwks::parse(doc.to_string().as_bytes()).unwrap();
        match verify(&sign(claims(), "k1"), &keys, &expect(&client)) {
            Err(Error::IdToken(IdTokenError::UnusableKey(_))) => {}
            other => panic!("{:?}", other.err()),
        }
    }

    #[test]
    fn a_signed_payload_that_is_not_a_claims_object_is_refused() {
        let client = ClientId::new(CLIENT);
        let token = sign(json!(["not", "claims"]), "k1");
        let got = refused(&token, &expect(&client));
        assert!(matches!(got, IdTokenError::Undecodable(_)), "{got:?}");
    }

    #[test]
    fn an_unknown_kid_asks_for_a_refetch() {
        let client = ClientId::new(CLIENT);
        let token = sign(claims(), "k2");
        assert!(matches!(
            run(&token, &expect(&client)),
            Ok(Outcome::UnknownKey)
        ));
    }

    #[test]
    fn no_kid_is_fine_with_one_key_only() {
        let client = ClientId::new(CLIENT);
        let token = sign(claims(), "");
        accepted(&token, &expect(&client));
        assert!(matches!(
            verify(&token, &jwks(&["k1", "k2"]), &expect(&client)),
            Ok(Outcome::UnknownKey)
        ));
    }

    #[test]
    fn the_kid_picks_the_key_among_several() {
        let client = ClientId::new(CLIENT);
        let token = sign(claims(), "k2");
        assert!(matches!(
            verify(&token, &jwks(&["k1", "k2"]), &expect(&client)),
            Ok(Outcome::Valid(_))
        ));
    }

    #[test]
    fn encryption_keys_and_unparsable_keys_are_skipped() {
        let mut doc: Value = serde_json::from_slice(&test_jwt::jwks_json(&["k1"])).unwrap();
        doc["keys"][0]["use"] = json!("enc");
        doc["keys"]
            .as_array_mut()
            .unwrap()
            .extend([json!(5), json!("k1")]);
        let keys = Jwks::parse(doc.to_string().as_bytes()).unwrap();
        let client = ClientId::new(CLIENT);
        let got = verify(&sign(claims(), "k1"), &keys, &expect(&client));
        assert!(
            matches!(got, Ok(Outcome::UnknownKey)),
            "{doc} {:?}",
            got.err()
        );
        doc["keys"][0]["use"] = json!("sig");
        let keys = Jwks::parse(doc.to_string().as_bytes()).unwrap();
        assert!(matches!(
            verify(&sign(claims(), "k1"), &keys, &expect(&client)),
            Ok(Outcome::Valid(_))
        ));
    }

    #[test]
    fn usable_keys_leaves_out_weak_rsa_and_broken_keys() {
        use test_jwt::{TestKey, jwk_json};
        let mut broken = jwk_json(TestKey::Ec, "broken");
        broken["x"] = json!("!!not base64!!");
        let mut enc = jwk_json(TestKey::EcOther, "enc");
        enc["use"] = json!("enc");
        let weak: Value = serde_json::from_str(test_jwt::WEAK_RSA_JWK).unwrap();
        let doc = json!({"keys": [
            jwk_json(TestKey::Ec, "ec"), jwk_json(TestKey::Rsa2048, "rsa"), broken, enc, weak, 5
        ]});
        let keys = Jwks::parse(doc.to_string().as_bytes()).unwrap();
        assert_eq!(keys.usable_keys(), 2);
        assert_eq!(Jwks::parse(br#"{"keys":[]}"#).unwrap().usable_keys(), 0);
    }

    #[test]
    fn a_jwks_must_be_json_with_keys() {
        assert_eq!(Jwks::parse(b"<html>").err(), Some(Error::JwksNotJson));
        assert_eq!(Jwks::parse(b"{}").err(), Some(Error::JwksNoKeys));
        assert_eq!(
            Jwks::parse(br#"{"keys":{}}"#).err(),
            Some(Error::JwksNoKeys)
        );
    }

    #[test]
    fn a_wrong_issuer_is_refused() {
        let client = ClientId::new(CLIENT);
        let token = sign(with(json!({"iss":"https://evil.test"})), "k1");
        assert!(matches!(
            refused(&token, &expect(&client)),
            IdTokenError::WrongIssuer { .. }
        ));
    }

    #[test]
    fn a_wrong_audience_is_refused() {
        let client = ClientId::new(CLIENT);
        let token = sign(with(json!({"aud":"someone-else"})), "k1");
        assert!(matches!(
            refused(&token, &expect(&client)),
            IdTokenError::WrongAudience { .. }
        ));
    }

    #[test]
    fn every_required_claim_is_required() {
        let client = ClientId::new(CLIENT);
        for claim in ["exp", "iss", "aud", "sub"] {
            let token = sign(with(json!({ claim: null })), "k1");
            assert_eq!(
                refused(&token, &expect(&client)),
                IdTokenError::MissingClaim(claim.into()),
                "{claim}"
            );
        }
    }

    #[test]
    fn several_audiences_with_azp_for_this_client_pass() {
        let client = ClientId::new(CLIENT);
        let token = sign(with(json!({"aud":[CLIENT, "other"], "azp": CLIENT})), "k1");
        accepted(&token, &expect(&client));
    }

    #[test]
    fn several_audiences_without_azp_are_refused() {
        let client = ClientId::new(CLIENT);
        let token = sign(with(json!({"aud":[CLIENT, "other"]})), "k1");
        assert_eq!(
            refused(&token, &expect(&client)),
            IdTokenError::SeveralAudiencesNoAzp
        );
    }

    #[test]
    fn a_one_element_audience_array_needs_no_azp() {
        let client = ClientId::new(CLIENT);
        accepted(&sign(with(json!({"aud":[CLIENT]})), "k1"), &expect(&client));
    }

    #[test]
    fn an_azp_for_another_client_is_refused() {
        let client = ClientId::new(CLIENT);
        let token = sign(with(json!({"aud":[CLIENT, "other"], "azp":"other"})), "k1");
        assert_eq!(
            refused(&token, &expect(&client)),
            IdTokenError::AzpMismatch("other".into())
        );
        let token = sign(with(json!({"azp":"other"})), "k1");
        assert_eq!(
            refused(&token, &expect(&client)),
            IdTokenError::AzpMismatch("other".into())
        );
    }

    #[test]
    fn azp_for_this_client_with_one_audience_passes() {
        let client = ClientId::new(CLIENT);
        accepted(&sign(with(json!({"azp": CLIENT})), "k1"), &expect(&client));
    }

    #[test]
    fn an_expired_token_is_refused() {
        let client = ClientId::new(CLIENT);
        let token = sign(with(json!({"exp": NOW - LEEWAY_SECS - 1})), "k1");
        assert_eq!(refused(&token, &expect(&client)), IdTokenError::Expired);
    }

    #[test]
    fn a_token_expired_within_the_leeway_passes() {
        let client = ClientId::new(CLIENT);
        accepted(
            &sign(with(json!({"exp": NOW - LEEWAY_SECS})), "k1"),
            &expect(&client),
        );
    }

    #[test]
    fn exp_is_judged_by_the_callers_clock_not_the_systems() {
        let client = ClientId::new(CLIENT);
        // Expired long ago by the system clock, but valid at the `now` passed in.
        let exp_1990: u64 = 631_152_000;
        let old = sign(with(json!({"exp": exp_1990, "iat": exp_1990 - 100})), "k1");
        let then = Expectations {
            now: exp_1990 - 10,
            ..expect(&client)
        };
        accepted(&old, &then);
        assert_eq!(refused(&old, &expect(&client)), IdTokenError::Expired);
        // Valid for decades by the system clock, but expired at the `now` passed in.
        let exp_2090: u64 = 3_786_912_000;
        let late = sign(with(json!({"exp": exp_2090})), "k1");
        accepted(&late, &expect(&client));
        let in_2100 = Expectations {
            now: 4_102_444_800,
            ..expect(&client)
        };
        assert_eq!(refused(&late, &in_2100), IdTokenError::Expired);
    }

    #[test]
    fn a_token_issued_in_the_future_is_refused() {
        let client = ClientId::new(CLIENT);
        let token = sign(with(json!({"iat": NOW + LEEWAY_SECS + 1})), "k1");
        assert_eq!(
            refused(&token, &expect(&client)),
            IdTokenError::IssuedInFuture
        );
    }

    #[test]
    fn an_iat_within_the_leeway_passes() {
        let client = ClientId::new(CLIENT);
        accepted(
            &sign(with(json!({"iat": NOW + LEEWAY_SECS})), "k1"),
            &expect(&client),
        );
    }

    #[test]
    fn a_missing_or_non_numeric_iat_is_refused() {
        let client = ClientId::new(CLIENT);
        for iat in [Value::Null, json!("yesterday")] {
            let token = sign(with(json!({ "iat": iat })), "k1");
            assert_eq!(refused(&token, &expect(&client)), IdTokenError::IatMissing);
        }
    }

    #[test]
    fn a_missing_nonce_is_refused_when_one_was_sent() {
        let client = ClientId::new(CLIENT);
        let nonce = Nonce::new("n-1");
        let e = Expectations {
            nonce: Some(&nonce),
            ..expect(&client)
        };
        assert_eq!(
            refused(&sign(claims(), "k1"), &e),
            IdTokenError::NonceMissing
        );
    }

    #[test]
    fn another_nonce_is_refused() {
        let client = ClientId::new(CLIENT);
        let nonce = Nonce::new("n-1");
        let e = Expectations {
            nonce: Some(&nonce),
            ..expect(&client)
        };
        let token = sign(with(json!({"nonce":"n-2"})), "k1");
        assert_eq!(refused(&token, &e), IdTokenError::NonceMismatch);
    }

    #[test]
    fn the_nonce_sent_passes() {
        let client = ClientId::new(CLIENT);
        let nonce = Nonce::new("n-1");
        let e = Expectations {
            nonce: Some(&nonce),
            ..expect(&client)
        };
        accepted(&sign(with(json!({"nonce":"n-1"})), "k1"), &e);
        // No nonce expected (a refresh): whatever the token carries is not judged.
        accepted(&sign(with(json!({"nonce":"n-2"})), "k1"), &expect(&client));
    }

    #[test]
    fn another_sub_after_a_refresh_is_refused() {
        let client = ClientId::new(CLIENT);
        let e = Expectations {
            sub: Some("bob"),
            ..expect(&client)
        };
        assert_eq!(
            refused(&sign(claims(), "k1"), &e),
            IdTokenError::SubMismatch
        );
    }

    #[test]
    fn the_same_sub_after_a_refresh_passes() {
        let client = ClientId::new(CLIENT);
        let e = Expectations {
            sub: Some("alice"),
            ..expect(&client)
        };
        accepted(&sign(claims(), "k1"), &e);
    }

    #[test]
    fn an_at_hash_for_another_access_token_is_refused() {
        let client = ClientId::new(CLIENT);
        let e = Expectations {
            access_token: Some("at-1"),
            ..expect(&client)
        };
        let token = sign(
            with(json!({"at_hash": token_hash(Algorithm::ES256, "at-2")})),
            "k1",
        );
        assert_eq!(refused(&token, &e), IdTokenError::AtHashMismatch);
    }

    #[test]
    fn a_matching_at_hash_passes() {
        let client = ClientId::new(CLIENT);
        let e = Expectations {
            access_token: Some("at-1"),
            ..expect(&client)
        };
        // ES256: the left half of SHA-256, computed here independently of `token_hash`.
        let digest = Sha256::digest("at-1");
        let at_hash = URL_SAFE_NO_PAD.encode(&digest[..16]);
        accepted(&sign(with(json!({ "at_hash": at_hash })), "k1"), &e);
    }

    #[test]
    fn an_absent_at_hash_is_fine() {
        let client = ClientId::new(CLIENT);
        let e = Expectations {
            access_token: Some("at-1"),
            ..expect(&client)
        };
        accepted(&sign(claims(), "k1"), &e);
        // And without an access token to compare with, any at_hash is left alone.
        accepted(
            &sign(with(json!({"at_hash":"whatever"})), "k1"),
            &expect(&client),
        );
    }

    #[test]
    fn at_hash_is_the_left_half_of_the_digest() {
        // Expected value computed independently: base64url(sha256(token)[:16]) with Python's hashlib.
        assert_eq!(
            token_hash(Algorithm::RS256, "jHkWEdUXMU1BwAsC4vtUsZwnNsXv4JEg"),
            "ip7qNjkwPipXtXF3MVM71w"
        );
    }

    #[test]
    fn at_hash_digest_follows_the_algorithm() {
        let half = |d: &[u8]| URL_SAFE_NO_PAD.encode(&d[..d.len() / 2]);
        let t = "tok";
        for alg in [Algorithm::RS256, Algorithm::PS256, Algorithm::ES256] {
            assert_eq!(token_hash(alg, t), half(&Sha256::digest(t)), "{alg:?}");
        }
        for alg in [Algorithm::RS384, Algorithm::PS384, Algorithm::ES384] {
            assert_eq!(token_hash(alg, t), half(&Sha384::digest(t)), "{alg:?}");
        }
        for alg in [Algorithm::RS512, Algorithm::PS512, Algorithm::EdDSA] {
            assert_eq!(token_hash(alg, t), half(&Sha512::digest(t)), "{alg:?}");
        }
    }

    #[test]
    fn every_asymmetric_algorithm_is_allowed_and_no_other() {
        for alg in [
            Algorithm::RS256,
            Algorithm::RS384,
            Algorithm::RS512,
            Algorithm::PS256,
            Algorithm::PS384,
            Algorithm::PS512,
            Algorithm::ES256,
            Algorithm::ES384,
            Algorithm::EdDSA,
        ] {
            assert!(ALLOWED.contains(&alg), "{alg:?}");
        }
        for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
            assert!(!ALLOWED.contains(&alg), "{alg:?}");
        }
    }

    #[test]
    fn display_decoding_is_lenient_and_safe() {
        assert!(claims_for_display("not-a-jwt").is_none());
        let jwt = format!("x.{}.y", URL_SAFE_NO_PAD.encode(r#"{"sub":"alice"}"#));
        assert_eq!(claims_for_display(&jwt).unwrap()["sub"], "alice");
        let padded = format!("x.{}==.y", URL_SAFE_NO_PAD.encode(r#"{"a":1}"#));
        assert_eq!(claims_for_display(&padded).unwrap()["a"], 1);
        let array = format!("x.{}.y", URL_SAFE_NO_PAD.encode("[1]"));
        assert!(claims_for_display(&array).is_none());
        assert!(claims_for_display("x.!!!.y").is_none());
    }

    /// During a key rotation some providers publish the old and the new key under one `kid`: each one is
    /// tried before the signature is called bad.
    #[test]
    fn several_keys_under_one_kid_are_each_tried() {
        use test_jwt::{TestKey, jwk_json, jwks_of};
        let client = ClientId::new(CLIENT);
        let token = sign(claims(), "k1");
        for keys in [
            [
                jwk_json(TestKey::EcOther, "k1"),
                jwk_json(TestKey::Ec, "k1"),
            ],
            [
                jwk_json(TestKey::Rsa2048, "k1"),
                jwk_json(TestKey::Ec, "k1"),
            ],
            [
                jwk_json(TestKey::Ec, "k1"),
                jwk_json(TestKey::EcOther, "k1"),
            ],
        ] {
            assert!(
                matches!(
                    verify(&token, &jwks_of(&keys), &expect(&client)),
                    Ok(Outcome::Valid(_))
                ),
                "{keys:?}"
            );
        }
        // None of them fits: still a bad signature, and claims are judged only once one key fits.
        let wrong = jwks_of(&[
            jwk_json(TestKey::EcOther, "k1"),
            jwk_json(TestKey::EcOther, "k1"),
        ]);
        assert_eq!(
            verify(&token, &wrong, &expect(&client)).err(),
            Some(Error::IdToken(IdTokenError::BadSignature))
        );
        let stale = sign(with(json!({"exp": NOW - LEEWAY_SECS - 1})), "k1");
        let both = jwks_of(&[
            jwk_json(TestKey::EcOther, "k1"),
            jwk_json(TestKey::Ec, "k1"),
        ]);
        assert_eq!(
            verify(&stale, &both, &expect(&client)).err(),
            Some(Error::IdToken(IdTokenError::Expired))
        );
    }

    #[test]
    fn a_2048_bit_rsa_key_passes() {
        use test_jwt::{TestKey, jwk_json, jwks_of, sign_rsa};
        let client = ClientId::new(CLIENT);
        let keys = jwks_of(&[jwk_json(TestKey::Rsa2048, "r1")]);
        assert!(matches!(
            verify(&sign_rsa(claims(), "r1"), &keys, &expect(&client)),
            Ok(Outcome::Valid(_))
        ));
    }

    /// A token really signed by a 512-bit RSA key: the key is refused for its size, not the signature.
    #[test]
    fn an_rsa_key_below_2048_bits_is_too_weak() {
        let client = ClientId::new(CLIENT);
        let jwk: Value = serde_json::from_str(test_jwt::WEAK_RSA_JWK).unwrap();
        let keys = test_jwt::jwks_of(&[jwk]);
        let got = verify(test_jwt::WEAK_RSA_JWT.trim(), &keys, &expect(&client));
        assert_eq!(
            got.err(),
            Some(Error::IdToken(IdTokenError::KeyTooWeak { bits: 512 }))
        );
        assert_eq!(
            IdTokenError::KeyTooWeak { bits: 512 }.to_string(),
            "its key is too weak (a 512-bit RSA key; at least 2048 bits are required)"
        );
    }

    #[test]
    fn an_rsa_key_whose_modulus_is_not_base64_is_unusable_not_weak() {
        let client = ClientId::new(CLIENT);
        let mut jwk: Value = serde_json::from_str(test_jwt::WEAK_RSA_JWK).unwrap();
        jwk["n"] = json!("!!not base64!!");
        let keys = test_jwt::jwks_of(&[jwk]);
        match verify(test_jwt::WEAK_RSA_JWT.trim(), &keys, &expect(&client)) {
            Err(Error::IdToken(IdTokenError::UnusableKey(_))) => {}
            other => panic!("{:?}", other.err()),
        }
    }

    #[test]
    fn rsa_modulus_size_is_counted_in_significant_bits() {
        let n = |bytes: Vec<u8>| URL_SAFE_NO_PAD.encode(bytes);
        let mut k2048 = vec![0x80];
        k2048.extend([0u8; 255]);
        assert_eq!(rsa_modulus_bits(&n(k2048.clone())), Some(2048));
        let mut k2047 = vec![0x7f];
        k2047.extend([0xffu8; 255]);
        assert_eq!(rsa_modulus_bits(&n(k2047)), Some(2047));
        // Leading zero bytes do not count.
        let mut padded = vec![0, 0];
        padded.extend(&k2048);
        assert_eq!(rsa_modulus_bits(&n(padded)), Some(2048));
        assert_eq!(rsa_modulus_bits(&n(vec![0, 0])), Some(0));
        assert_eq!(rsa_modulus_bits("!!"), None);
    }

    #[test]
    fn a_float_iat_and_exp_are_truncated_not_missing() {
        let client = ClientId::new(CLIENT);
        let token = sign(
            with(json!({"iat": (NOW - 10) as f64 + 0.75, "exp": (NOW + 3600) as f64 + 0.5})),
            "k1",
        );
        accepted(&token, &expect(&client));
        // Still judged: a float iat in the future is in the future.
        let future = sign(
            with(json!({"iat": (NOW + LEEWAY_SECS + 1) as f64 + 0.5})),
            "k1",
        );
        assert_eq!(
            refused(&future, &expect(&client)),
            IdTokenError::IssuedInFuture
        );
        let negative = sign(with(json!({"iat": -1.5})), "k1");
        assert_eq!(
            refused(&negative, &expect(&client)),
            IdTokenError::IatMissing
        );
    }

    #[test]
    fn a_future_nbf_is_refused_by_the_callers_clock() {
        let client = ClientId::new(CLIENT);
        let token = sign(with(json!({"nbf": NOW + LEEWAY_SECS + 1})), "k1");
        assert_eq!(refused(&token, &expect(&client)), IdTokenError::NotYetValid);
        let later = Expectations {
            now: NOW + 1,
            ..expect(&client)
        };
        accepted(&token, &later);
        for nbf in [
            json!(NOW + LEEWAY_SECS),
            json!(NOW - 100),
            json!(NOW as f64 + 0.5),
        ] {
            accepted(&sign(with(json!({ "nbf": nbf })), "k1"), &expect(&client));
        }
        let text = sign(with(json!({"nbf": "tomorrow"})), "k1");
        assert_eq!(refused(&text, &expect(&client)), IdTokenError::NotYetValid);
    }

    /// RFC 7515 §4.1.11: a recipient must refuse a `crit` extension it does not understand, and oauthctl
    /// understands none.
    #[test]
    fn a_crit_header_is_refused() {
        let client = ClientId::new(CLIENT);
        for crit in [json!(["exp"]), json!(["http://x.test/ext"]), json!([])] {
            let mut header = test_jwt::header("k1");
            header.crit = serde_json::from_value(crit.clone()).unwrap();
            let signed = test_jwt::sign_with_header(header, claims());
            assert_eq!(
                refused(&signed, &expect(&client)),
                IdTokenError::CriticalHeader,
                "{crit}"
            );
        }
    }

    #[test]
    fn refusals_read_as_id_token_errors() {
        assert_eq!(
            Error::from(IdTokenError::BadSignature).to_string(),
            "the ID token is invalid: bad signature"
        );
    }
}
