//! Client authentication by assertion (RFC 7523 §2.2 and §3, OIDC Core §9): `private_key_jwt`, a JWT
//! signed with the client's key, and `client_secret_jwt`, one signed HS256 with the client secret. The
//! secret itself never travels, which is the point of both.
//!
//! Everything that varies comes in as a value (time, `jti`, audience), so tests see the exact JWT; the
//! caller draws the `jti` from fresh randomness for every request, as RFC 7523 §3 item 7 allows a server
//! to refuse a reused one.

use super::client_key::{ClientKey, ClientKeyError};
use super::types::{ClientId, ClientSecret};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use std::fmt;
use zeroize::Zeroizing;

/// RFC 7523 §2.2: the `client_assertion_type` of a JWT assertion.
pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How long an assertion is valid: long enough for one request, short enough that a captured one is of
/// little use.
pub const LIFETIME_SECS: u64 = 60;

/// What signs the assertion.
#[derive(Clone, Copy, Debug)]
pub enum AssertionKey<'a> {
    /// `private_key_jwt`.
    Private(&'a ClientKey),
    /// `client_secret_jwt` (HS256).
    Secret(&'a ClientSecret),
}

/// The values an assertion is made of.
pub struct AssertionInputs<'a> {
    pub client_id: &'a ClientId,
    /// The token endpoint, or the issuer for a provider that asks for it.
    pub audience: &'a str,
    pub now: u64,
    /// Unique per assertion: base64url of fresh random bytes.
    pub jti: &'a str,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    jti: &'a str,
    iat: u64,
    exp: u64,
}

/// A signed assertion. It authenticates the client for [`LIFETIME_SECS`], so it is kept like a secret:
/// no `Display`, a redacted `Debug`, wiped on drop.
pub struct ClientAssertion(Zeroizing<String>);

impl fmt::Debug for ClientAssertion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientAssertion(***)")
    }
}

impl ClientAssertion {
    /// The JWT; every call site is where it leaves its wrapper.
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// The form fields that carry it to the token endpoint (RFC 7523 §2.2).
    pub fn form_fields(&self) -> Vec<(String, String)> {
        vec![
            ("client_assertion_type".into(), ASSERTION_TYPE.into()),
            ("client_assertion".into(), self.0.to_string()),
        ]
    }
}

/// Builds and signs the assertion: `iss` = `sub` = the client id, `aud`, `jti`, `iat` and `exp`.
pub fn build(
    key: AssertionKey,
    inputs: &AssertionInputs,
) -> Result<ClientAssertion, ClientKeyError> {
    let claims = Claims {
        iss: inputs.client_id.as_str(),
        sub: inputs.client_id.as_str(),
        aud: inputs.audience,
        jti: inputs.jti,
        iat: inputs.now,
        exp: inputs.now + LIFETIME_SECS,
    };
    let jwt = match key {
        AssertionKey::Private(key) => key.sign(&key.header("JWT"), &claims)?,
        AssertionKey::Secret(secret) => {
            let key = EncodingKey::from_secret(secret.secret().as_bytes());
            jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key)
                .map_err(|e| ClientKeyError::Signing(format!("{:?}", e.kind())))?
        }
    };
    Ok(ClientAssertion(Zeroizing::new(jwt)))
}

/// What a request authenticated by assertion will be signed with when it is sent: the key (or, for
/// `client_secret_jwt`, the secret), the client and the audience. Requests are built without the time or
/// randomness (the core has neither); the send step signs a fresh assertion into each one, so a polling
/// loop or a retry never reuses a `jti` or sends an expired `exp`.
pub struct AssertionPlan {
    pub key: PlanKey,
    pub client_id: ClientId,
    /// The token endpoint, or the issuer for a provider that asks for it (`--assertion-audience`).
    pub audience: String,
}

/// The signing half of an [`AssertionPlan`].
pub enum PlanKey {
    Private(std::sync::Arc<ClientKey>),
    Secret(ClientSecret),
}

impl fmt::Debug for AssertionPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = match &self.key {
            PlanKey::Private(k) => format!("{k:?}"),
            PlanKey::Secret(_) => "ClientSecret(***)".into(),
        };
        f.debug_struct("AssertionPlan")
            .field("key", &key)
            .field("client_id", &self.client_id.as_str())
            .field("audience", &self.audience)
            .finish()
    }
}

impl AssertionPlan {
    /// The assertion for one request, at `now`, with a `jti` drawn for it.
    pub fn sign(&self, now: u64, jti: &str) -> Result<ClientAssertion, ClientKeyError> {
        let key = match &self.key {
            PlanKey::Private(k) => AssertionKey::Private(k),
            PlanKey::Secret(s) => AssertionKey::Secret(s),
        };
        build(
            key,
            &AssertionInputs {
                client_id: &self.client_id,
                audience: &self.audience,
                now,
                jti,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::client_key::KeyChoice;
    use crate::oauth::client_key::tests::{
        EC_PEM, JWKS, RSA_PEM, jwk, load, raw_header, verify_with,
    };
    use jsonwebtoken::{DecodingKey, Validation};
    use serde_json::{Value, json};

    const TOKEN_ENDPOINT: &str = "https://idp.test/token";
    const NOW: u64 = 1_700_000_000;

    fn inputs(client: &ClientId) -> AssertionInputs<'_> {
        AssertionInputs {
            client_id: client,
            audience: TOKEN_ENDPOINT,
            now: NOW,
            jti: "jti-1",
        }
    }

    fn expected_claims() -> Value {
        json!({
            "iss": "client-1",
            "sub": "client-1",
            "aud": TOKEN_ENDPOINT,
            "jti": "jti-1",
            "iat": NOW,
            "exp": NOW + 60,
        })
    }

    #[test]
    fn private_key_jwt_has_exact_claims_and_verifies_for_each_algorithm() {
        let client = ClientId::new("client-1");
        let rsa_ps = KeyChoice {
            alg: Some(Algorithm::PS256),
            kid: Some("rsa"),
        };
        for (text, choice, alg) in [
            (RSA_PEM.to_string(), KeyChoice::default(), Algorithm::RS256),
            (JWKS.to_string(), rsa_ps, Algorithm::PS256),
            (EC_PEM.to_string(), KeyChoice::default(), Algorithm::ES256),
            (
                jwk("ed").to_string(),
                KeyChoice::default(),
                Algorithm::EdDSA,
            ),
        ] {
            let key = ClientKey::parse(&text, choice).unwrap();
            let assertion = build(AssertionKey::Private(&key), &inputs(&client)).unwrap();
            let (header, claims) = verify_with(assertion.secret(), key.public_jwk());
            assert_eq!(claims, expected_claims());
            assert_eq!(header.alg, alg);
            let mut exact = json!({"typ": "JWT", "alg": format!("{alg:?}")});
            if let Some(kid) = key.kid() {
                exact["kid"] = json!(kid);
            }
            assert_eq!(raw_header(assertion.secret()), exact);
        }
    }

    #[test]
    fn the_kid_of_the_key_is_in_the_header() {
        let client = ClientId::new("client-1");
        let key = load(&jwk("ec").to_string());
        let assertion = build(AssertionKey::Private(&key), &inputs(&client)).unwrap();
        let header = jsonwebtoken::decode_header(assertion.secret()).unwrap();
        assert_eq!(header.kid.as_deref(), Some("ec"));
    }

    #[test]
    fn client_secret_jwt_is_hs256_with_the_secret() {
        let client = ClientId::new("client-1");
        let secret = ClientSecret::new("s3cr3t-0123456789-0123456789-0123456789");
        let assertion = build(AssertionKey::Secret(&secret), &inputs(&client)).unwrap();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.set_audience(&[TOKEN_ENDPOINT]);
        let key = DecodingKey::from_secret(secret.secret().as_bytes());
        let data = jsonwebtoken::decode::<Value>(assertion.secret(), &key, &validation).unwrap();
        assert_eq!(data.claims, expected_claims());
        assert_eq!(data.header.alg, Algorithm::HS256);
        assert_eq!(
            raw_header(assertion.secret()),
            json!({"typ": "JWT", "alg": "HS256"})
        );
        let wrong = DecodingKey::from_secret(b"another secret");
        assert!(jsonwebtoken::decode::<Value>(assertion.secret(), &wrong, &validation).is_err());
    }

    #[test]
    fn the_form_fields_carry_type_and_assertion() {
        let client = ClientId::new("client-1");
        let key = load(EC_PEM);
        let assertion = build(AssertionKey::Private(&key), &inputs(&client)).unwrap();
        assert_eq!(
            assertion.form_fields(),
            vec![
                (
                    "client_assertion_type".to_string(),
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_string()
                ),
                (
                    "client_assertion".to_string(),
                    assertion.secret().to_string()
                ),
            ]
        );
    }

    #[test]
    fn debug_shows_neither_the_assertion_nor_the_secret() {
        let client = ClientId::new("client-1");
        let secret = ClientSecret::new("s3cr3t-value");
        let assertion = build(AssertionKey::Secret(&secret), &inputs(&client)).unwrap();
        let shown = format!("{assertion:?} {:?}", AssertionKey::Secret(&secret));
        assert!(!shown.contains(&assertion.secret()[..20]), "{shown}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("ClientAssertion(***)"), "{shown}");
    }
}
