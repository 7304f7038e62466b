//! JWT-secured authorization requests (JAR, RFC 9101): the authorization parameters signed by the client
//! as a request object, so the browser, which carries them, can neither read them in transit logs nor
//! change them unseen. FAPI 2.0 Message Signing asks for it, with `nbf` and a short `exp`.
//!
//! The parameters come in already chosen (the same list the plain authorize URL is built from); this file
//! turns them into claims and signs them with the client key.

use super::client_assertion::PlanKey;
use super::client_key::{ClientKey, ClientKeyError};
use super::error::sanitize;
use super::types::ClientId;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Map, Value};

/// RFC 9101 §10.8: the `typ` that keeps a request object from being taken for another kind of JWT.
pub const TYP: &str = "oauth-authz-req+jwt";

/// How long a request object is valid. FAPI 2.0 allows at most 60 minutes between `nbf` and `exp`; a
/// request object is used at once, so five are plenty.
pub const LIFETIME_SECS: u64 = 300;

/// Claims the request object sets itself; a parameter of the same name would contradict them.
const RESERVED_CLAIMS: &[&str] = &["iss", "aud", "exp", "iat", "nbf", "jti"];

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RequestObjectError {
    #[error("the parameter `{0}` cannot go inside a request object (RFC 9101 §4)")]
    Nested(String),
    #[error("the parameter `{0}` would replace a claim of the request object")]
    ReservedClaim(String),
    #[error("the parameter `{0}` is given twice; a request object holds one value per name")]
    Duplicate(String),
    #[error("the parameter `client_id` differs from the client's id")]
    ClientIdMismatch,
    #[error("{0}")]
    Key(#[from] ClientKeyError),
}

/// The values a request object is made of.
pub struct RequestObjectInputs<'a> {
    pub client_id: &'a ClientId,
    /// The provider's issuer identifier (RFC 9101 §4).
    pub issuer: &'a str,
    pub now: u64,
    /// Unique per request object: base64url of fresh random bytes.
    pub jti: &'a str,
    /// The authorization parameters, in the order they would go into the URL.
    pub params: &'a [(String, String)],
}

/// The claims of the request object: every parameter, then `iss` (the client), `aud` (the issuer),
/// `iat`, `nbf`, `exp` and `jti`.
pub fn claims(inputs: &RequestObjectInputs) -> Result<Map<String, Value>, RequestObjectError> {
    let mut claims = Map::new();
    for (name, value) in inputs.params {
        if name == "request" || name == "request_uri" {
            return Err(RequestObjectError::Nested(sanitize(name, 40)));
        }
        if RESERVED_CLAIMS.contains(&name.as_str()) {
            return Err(RequestObjectError::ReservedClaim(sanitize(name, 40)));
        }
        if name == "client_id" && value != inputs.client_id.as_str() {
            return Err(RequestObjectError::ClientIdMismatch);
        }
        if claims
            .insert(name.clone(), claim_value(name, value))
            .is_some()
        {
            return Err(RequestObjectError::Duplicate(sanitize(name, 40)));
        }
    }
    let client_id = inputs.client_id.as_str();
    claims.insert("client_id".into(), client_id.into());
    claims.insert("iss".into(), client_id.into());
    claims.insert("aud".into(), inputs.issuer.into());
    claims.insert("iat".into(), inputs.now.into());
    claims.insert("nbf".into(), inputs.now.into());
    claims.insert("exp".into(), (inputs.now + LIFETIME_SECS).into());
    claims.insert("jti".into(), inputs.jti.into());
    Ok(claims)
}

/// OIDC Core §6.1: inside a request object `max_age` is a number and `claims` a JSON object, not the
/// strings the URL carries. A value that does not parse as such is passed on as the string it was, for
/// the provider to judge.
fn claim_value(name: &str, value: &str) -> Value {
    match name {
        "max_age" => value
            .parse::<u64>()
            .map_or_else(|_| value.into(), Value::from),
        "claims" => serde_json::from_str::<Value>(value)
            .ok()
            .filter(Value::is_object)
            .unwrap_or_else(|| value.into()),
        _ => value.into(),
    }
}

/// Signs the request object with the client key.
pub fn sign(key: &ClientKey, inputs: &RequestObjectInputs) -> Result<String, RequestObjectError> {
    Ok(key.sign(&key.header(TYP), &claims(inputs)?)?)
}

/// Signs the request object with what the client's assertions are signed with: its private key, or, for
/// `client_secret_jwt`, the client secret (HS256, which RFC 9101 §10.1 leaves open and providers accept
/// from clients that share a secret).
pub fn sign_with(
    key: &PlanKey,
    inputs: &RequestObjectInputs,
) -> Result<String, RequestObjectError> {
    match key {
        PlanKey::Private(key) => sign(key, inputs),
        PlanKey::Secret(secret) => {
            let mut header = Header::new(Algorithm::HS256);
            header.typ = Some(TYP.into());
            let key = EncodingKey::from_secret(secret.secret().as_bytes());
            jsonwebtoken::encode(&header, &claims(inputs)?, &key)
                .map_err(|e| ClientKeyError::Signing(format!("{:?}", e.kind())).into())
        }
    }
}

/// The parameters the authorize URL keeps beside `request`: `client_id` (RFC 9101 §5), and
/// `response_type` and `scope` when they are set, which OIDC Core §6.1 still requires outside and which
/// RFC 9101 lets a server ignore.
pub fn outer_params(
    client_id: &ClientId,
    params: &[(String, String)],
    request_object: &str,
) -> Vec<(String, String)> {
    let mut outer = vec![("client_id".to_string(), client_id.as_str().to_string())];
    outer.extend(
        params
            .iter()
            .filter(|(k, _)| k == "response_type" || k == "scope")
            .cloned(),
    );
    outer.push(("request".into(), request_object.into()));
    outer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::client_key::KeyChoice;
    use crate::oauth::client_key::tests::{EC_PEM, JWKS, RSA_PEM, load, raw_header, verify_with};
    use serde_json::json;

    const ISSUER: &str = "https://idp.test";
    const NOW: u64 = 1_700_000_000;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn login_params() -> Vec<(String, String)> {
        params(&[
            ("response_type", "code"),
            ("client_id", "client-1"),
            ("redirect_uri", "http://127.0.0.1:8765/callback"),
            ("scope", "openid profile"),
            ("state", "st-1"),
            ("nonce", "n-1"),
            (
                "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            ),
            ("code_challenge_method", "S256"),
            ("max_age", "300"),
        ])
    }

    fn inputs<'a>(client: &'a ClientId, params: &'a [(String, String)]) -> RequestObjectInputs<'a> {
        RequestObjectInputs {
            client_id: client,
            issuer: ISSUER,
            now: NOW,
            jti: "jti-1",
            params,
        }
    }

    #[test]
    fn the_request_object_has_exact_header_and_claims_and_verifies() {
        let client = ClientId::new("client-1");
        let p = login_params();
        for text in [EC_PEM, RSA_PEM] {
            let key = load(text);
            let jwt = sign(&key, &inputs(&client, &p)).unwrap();
            let (header, claims) = verify_with(&jwt, key.public_jwk());
            assert_eq!(header.alg, key.alg());
            assert_eq!(
                raw_header(&jwt),
                json!({"typ": "oauth-authz-req+jwt", "alg": format!("{:?}", key.alg())})
            );
            assert_eq!(
                claims,
                json!({
                    "response_type": "code",
                    "client_id": "client-1",
                    "redirect_uri": "http://127.0.0.1:8765/callback",
                    "scope": "openid profile",
                    "state": "st-1",
                    "nonce": "n-1",
                    "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                    "code_challenge_method": "S256",
                    "max_age": 300,
                    "iss": "client-1",
                    "aud": ISSUER,
                    "iat": NOW,
                    "nbf": NOW,
                    "exp": NOW + 300,
                    "jti": "jti-1",
                })
            );
        }
    }

    #[test]
    fn a_shared_secret_signs_hs256_with_the_same_claims() {
        let client = ClientId::new("client-1");
        let p = login_params();
        let secret = crate::oauth::types::ClientSecret::new("s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t");
        let jwt = sign_with(&PlanKey::Secret(secret), &inputs(&client, &p)).unwrap();
        assert_eq!(
            raw_header(&jwt),
            json!({"typ": "oauth-authz-req+jwt", "alg": "HS256"})
        );
        let mut v = jsonwebtoken::Validation::new(Algorithm::HS256);
        v.set_audience(&[ISSUER]);
        v.validate_exp = false;
        let key = jsonwebtoken::DecodingKey::from_secret(b"s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t");
        let got = jsonwebtoken::decode::<Value>(&jwt, &key, &v)
            .unwrap()
            .claims;
        assert_eq!(Value::Object(claims(&inputs(&client, &p)).unwrap()), got);
    }

    #[test]
    fn the_kid_of_the_key_is_in_the_header() {
        let client = ClientId::new("client-1");
        let choice = KeyChoice {
            kid: Some("ed"),
            ..KeyChoice::default()
        };
        let key = ClientKey::parse(JWKS, choice).unwrap();
        let p = login_params();
        let jwt = sign(&key, &inputs(&client, &p)).unwrap();
        let (header, _) = verify_with(&jwt, key.public_jwk());
        assert_eq!(header.kid.as_deref(), Some("ed"));
    }

    #[test]
    fn the_client_id_claim_is_added_when_the_params_lack_it() {
        let client = ClientId::new("client-1");
        let p = params(&[("response_type", "code")]);
        let claims = claims(&inputs(&client, &p)).unwrap();
        assert_eq!(claims["client_id"], "client-1");
    }

    #[test]
    fn claims_is_an_object_and_a_bad_max_age_stays_a_string() {
        let client = ClientId::new("client-1");
        let p = params(&[
            ("claims", r#"{"id_token":{"acr":{"essential":true}}}"#),
            ("max_age", "soon"),
        ]);
        let claims = claims(&inputs(&client, &p)).unwrap();
        assert_eq!(
            claims["claims"],
            json!({"id_token": {"acr": {"essential": true}}})
        );
        assert_eq!(claims["max_age"], "soon");
    }

    #[test]
    fn parameters_that_cannot_go_inside_are_refused() {
        let client = ClientId::new("client-1");
        let cases = [
            (
                params(&[("request_uri", "urn:x")]),
                RequestObjectError::Nested("request_uri".into()),
            ),
            (
                params(&[("request", "e30.e30.")]),
                RequestObjectError::Nested("request".into()),
            ),
            (
                params(&[("aud", "https://evil.test")]),
                RequestObjectError::ReservedClaim("aud".into()),
            ),
            (
                params(&[("exp", "9999999999")]),
                RequestObjectError::ReservedClaim("exp".into()),
            ),
            (
                params(&[("prompt", "login"), ("prompt", "none")]),
                RequestObjectError::Duplicate("prompt".into()),
            ),
            (
                params(&[("client_id", "someone-else")]),
                RequestObjectError::ClientIdMismatch,
            ),
        ];
        for (p, want) in cases {
            assert_eq!(claims(&inputs(&client, &p)).unwrap_err(), want);
        }
    }

    #[test]
    fn the_url_keeps_client_id_response_type_and_scope_beside_the_request() {
        let client = ClientId::new("client-1");
        assert_eq!(
            outer_params(&client, &login_params(), "h.p.s"),
            params(&[
                ("client_id", "client-1"),
                ("response_type", "code"),
                ("scope", "openid profile"),
                ("request", "h.p.s"),
            ])
        );
    }
}
