//! The client's own signing key, for the JWTs oauthctl signs itself: `private_key_jwt` client assertions
//! (RFC 7523), request objects (RFC 9101) and DPoP proofs (RFC 9449). Keys come as a JWK with its private
//! members, a JWK set, or PEM (PKCS#8, PKCS#1 or SEC1); each is checked and turned into the one form the
//! signer takes, so nothing past here knows key formats.
//!
//! jsonwebtoken signs; reading the key material is `key_material.rs`'s. Errors say what is wrong with a
//! key and never quote it.

use super::error::sanitize;
use super::key_material::{Family, Material, ec_from_pkcs8, from_pem, material_from_jwk};
use jsonwebtoken::jwk::{Jwk, PublicKeyUse, ThumbprintHash};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::str::FromStr;

/// The smallest RSA modulus accepted, in bits (RFC 7518 §3.3).
pub const MIN_RSA_BITS: u64 = 2048;

/// Why a key cannot be used. No variant holds key material; kids come from the user's file and are
/// sanitized.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClientKeyError {
    #[error("the key is neither a JWK, a JWK set nor a PEM private key")]
    NotAKey,
    #[error("the PEM block is {0:?}, not a private key")]
    NotPrivatePem(String),
    #[error("the PEM private key is encrypted; decrypt it first (openssl pkcs8 -topk8 -nocrypt)")]
    EncryptedPem,
    #[error("the PEM private key is not well-formed DER")]
    BadDer,
    #[error("the JWK holds a public key only; signing needs its private part (`d`)")]
    PublicOnly,
    #[error(
        "the JWK is a symmetric (`oct`) key; a shared secret signs through client_secret_jwt instead"
    )]
    Symmetric,
    #[error("key type {0:?} is not supported (RSA, EC P-256/P-384 and Ed25519 are)")]
    UnsupportedKeyType(String),
    #[error("curve {0:?} is not supported (P-256, P-384 and Ed25519 are)")]
    UnsupportedCurve(String),
    #[error("the JWK member `{0}` is missing or not base64url")]
    MissingMember(&'static str),
    #[error("the {0} key is invalid or its parts do not belong together")]
    Invalid(&'static str),
    #[error("the RSA key is too weak ({bits} bits; at least 2048 are required)")]
    RsaTooWeak { bits: u64 },
    #[error("algorithm {0:?} is not supported for signing")]
    UnsupportedAlgorithm(String),
    #[error("algorithm {alg:?} does not fit a {key} key")]
    AlgMismatch { alg: Algorithm, key: &'static str },
    #[error("the JWK is for algorithm {jwk:?}, but {asked:?} was asked for")]
    AlgConflict { jwk: Algorithm, asked: Algorithm },
    #[error("the key set has no key with kid {kid:?} (its kids: {available})")]
    NoSuchKid { kid: String, available: String },
    #[error("the key set holds no private signing key")]
    NoPrivateKey,
    #[error("the key set holds several private keys ({kids}); choose one by its kid")]
    SeveralPrivateKeys { kids: String },
    #[error("the PEM file holds several private keys; keep only the one to sign with")]
    SeveralPemKeys,
    #[error("the key's kid is {found:?}, not {asked:?}")]
    KidMismatch { asked: String, found: String },
    #[error("signing failed: {0}")]
    Signing(String),
}

type Result<T, E = ClientKeyError> = std::result::Result<T, E>;

/// What the caller asks of the key beyond its text: which key of a set (`kid`), and which algorithm when
/// the key allows several (an RSA key signs RS256 unless PS256 is asked for).
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyChoice<'a> {
    pub kid: Option<&'a str>,
    pub alg: Option<Algorithm>,
}

/// A private key ready to sign, with its algorithm and kid fixed.
pub struct ClientKey {
    alg: Algorithm,
    kid: Option<String>,
    key: EncodingKey,
    public: Jwk,
}

impl fmt::Debug for ClientKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientKey")
            .field("alg", &self.alg)
            .field("kid", &self.kid)
            .field("key", &"***")
            .finish()
    }
}

impl ClientKey {
    /// Reads a key from the text of a key file: a JWK, a JWK set or PEM.
    pub fn parse(text: &str, choice: KeyChoice) -> Result<ClientKey> {
        let text = text.trim_start();
        if text.starts_with('{') {
            let doc: Value = serde_json::from_str(text).map_err(|_| ClientKeyError::NotAKey)?;
            match doc.get("keys") {
                Some(Value::Array(keys)) => from_jwk_set(keys, choice),
                Some(_) => Err(ClientKeyError::NotAKey),
                None => from_single_jwk(&doc, choice),
            }
        } else if text.contains("-----BEGIN ") {
            let material = from_pem(text)?;
            Self::build(material, choice.alg, None, choice.kid.map(str::to_string))
        } else {
            Err(ClientKeyError::NotAKey)
        }
    }

    /// An EC P-256 key from its PKCS#8 DER, signing ES256 (the DPoP key).
    pub(super) fn p256_from_pkcs8(der: &[u8]) -> Result<ClientKey> {
        Self::build(ec_from_pkcs8(Family::P256, der)?, None, None, None)
    }

    fn build(
        material: Material,
        asked: Option<Algorithm>,
        jwk_alg: Option<Algorithm>,
        kid: Option<String>,
    ) -> Result<ClientKey> {
        let alg = match (jwk_alg, asked) {
            (Some(jwk), Some(asked)) if jwk != asked => {
                return Err(ClientKeyError::AlgConflict { jwk, asked });
            }
            (jwk, asked) => asked.or(jwk).unwrap_or(material.family.default_alg()),
        };
        if !material.family.fits(alg) {
            return Err(ClientKeyError::AlgMismatch {
                alg,
                key: material.family.name(),
            });
        }
        let key = match material.family {
            Family::Rsa => EncodingKey::from_rsa_der(&material.der),
            Family::P256 | Family::P384 => EncodingKey::from_ec_der(&material.der),
            Family::Ed25519 => EncodingKey::from_ed_der(&material.der),
        };
        let mut public = Jwk::from_encoding_key(&key, alg)
            .map_err(|_| ClientKeyError::Invalid(material.family.name()))?;
        public.common.key_id = kid.clone();
        public.common.public_key_use = Some(PublicKeyUse::Signature);
        Ok(ClientKey {
            alg,
            kid,
            key,
            public,
        })
    }

    pub fn alg(&self) -> Algorithm {
        self.alg
    }

    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The public half as a JWK (with `kid`, `alg` and `use: sig`), for registering the key with a
    /// provider.
    pub fn public_jwk(&self) -> &Jwk {
        &self.public
    }

    /// The RFC 7638 SHA-256 thumbprint of the public key.
    pub fn thumbprint(&self) -> String {
        thumbprint(&self.public).expect("the public half of a loaded key has a thumbprint")
    }

    /// A JWS header for this key: its `alg`, its `kid` when it has one, and `typ`.
    pub fn header(&self, typ: &str) -> Header {
        let mut header = Header::new(self.alg);
        header.typ = Some(typ.to_string());
        header.kid = self.kid.clone();
        header
    }

    /// Signs `claims` under `header` (made by [`ClientKey::header`]) as a compact JWS.
    pub fn sign(&self, header: &Header, claims: &impl Serialize) -> Result<String> {
        jsonwebtoken::encode(header, claims, &self.key)
            .map_err(|e| ClientKeyError::Signing(sanitize(&format!("{:?}", e.kind()), 100)))
    }
}

/// The RFC 7638 SHA-256 thumbprint of a public JWK (the DPoP `jkt`).
pub fn thumbprint(jwk: &Jwk) -> Option<String> {
    jwk.thumbprint(ThumbprintHash::SHA256).ok()
}

fn kid_of(jwk: &Value) -> Option<&str> {
    jwk.get("kid").and_then(Value::as_str)
}

/// The kids of `keys` for a message, sanitized since they come from the user's file.
fn kid_list<'a>(keys: impl Iterator<Item = &'a Value>) -> String {
    let kids: Vec<String> = keys
        .map(|k| kid_of(k).map_or("(none)".to_string(), |k| sanitize(k, 60)))
        .collect();
    if kids.is_empty() {
        "none".to_string()
    } else {
        kids.join(", ")
    }
}

fn is_private(jwk: &Value) -> bool {
    jwk.get("d").is_some() && jwk.get("use").and_then(Value::as_str) != Some("enc")
}

/// The key of a set named by `choice.kid`, or its one usable private key when no kid is given.
fn from_jwk_set(keys: &[Value], choice: KeyChoice) -> Result<ClientKey> {
    let picked: Vec<&Value> = match choice.kid {
        Some(kid) => {
            let named: Vec<&Value> = keys.iter().filter(|k| kid_of(k) == Some(kid)).collect();
            if named.is_empty() {
                return Err(ClientKeyError::NoSuchKid {
                    kid: sanitize(kid, 60),
                    available: kid_list(keys.iter()),
                });
            }
            // A set may publish the public half beside the private key under the same kid.
            let private: Vec<&Value> = named.iter().copied().filter(|k| is_private(k)).collect();
            if private.is_empty() { named } else { private }
        }
        None => {
            // Only keys that can sign as asked count (a set may hold a key for something else, or the
            // asked `alg` may fit one key only); when none can, the first one says why.
            let private: Vec<&Value> = keys.iter().filter(|k| is_private(k)).collect();
            let usable: Vec<&Value> = private
                .iter()
                .copied()
                .filter(|k| from_single_jwk(k, choice).is_ok())
                .collect();
            if usable.is_empty() {
                private.into_iter().take(1).collect()
            } else {
                usable
            }
        }
    };
    match picked.as_slice() {
        [] => Err(ClientKeyError::NoPrivateKey),
        [one] => from_single_jwk(one, choice),
        several => Err(ClientKeyError::SeveralPrivateKeys {
            kids: kid_list(several.iter().copied()),
        }),
    }
}

fn from_single_jwk(jwk: &Value, choice: KeyChoice) -> Result<ClientKey> {
    let kid = match (choice.kid, kid_of(jwk)) {
        (Some(asked), Some(found)) if asked != found => {
            return Err(ClientKeyError::KidMismatch {
                asked: sanitize(asked, 60),
                found: sanitize(found, 60),
            });
        }
        (asked, found) => asked.or(found).map(str::to_string),
    };
    let jwk_alg = match jwk.get("alg").and_then(Value::as_str) {
        Some(name) => Some(
            Algorithm::from_str(name)
                .map_err(|_| ClientKeyError::UnsupportedAlgorithm(sanitize(name, 30)))?,
        ),
        None => None,
    };
    ClientKey::build(material_from_jwk(jwk)?, choice.alg, jwk_alg, kid)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use jsonwebtoken::{DecodingKey, Validation};
    use serde_json::json;

    // Test-only keys, see testdata/README.md.
    pub(crate) const EC_PEM: &str = include_str!("testdata/ec_p256.pem");
    const EC_SEC1_PEM: &str = include_str!("testdata/ec_p256.sec1.pem");
    const EC_P384_PEM: &str = include_str!("testdata/ec_p384.pem");
    const EC_P521_PEM: &str = include_str!("testdata/ec_p521.pem");
    pub(crate) const RSA_PEM: &str = include_str!("testdata/rsa_2048.pem");
    const RSA_PKCS8_PEM: &str = include_str!("testdata/rsa_2048.pkcs8.pem");
    const RSA_512_PEM: &str = include_str!("testdata/rsa_512.pem");
    const ED_PEM: &str = include_str!("testdata/ed25519.pem");
    /// The private JWKs of the P-256, RSA and Ed25519 keys above, under kids `ec`, `rsa` and `ed`.
    pub(crate) const JWKS: &str = include_str!("testdata/client_keys.jwks.json");

    /// The private JWK under `kid` in [`JWKS`].
    pub(crate) fn jwk(kid: &str) -> Value {
        let set: Value = serde_json::from_str(JWKS).unwrap();
        set["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kid"] == kid)
            .unwrap()
            .clone()
    }

    /// `jwk` without its private members: what a provider would publish.
    fn public_half(mut jwk: Value) -> Value {
        for m in ["d", "p", "q", "dp", "dq", "qi"] {
            jwk.as_object_mut().unwrap().remove(m);
        }
        jwk
    }

    pub(crate) fn load(text: &str) -> ClientKey {
        ClientKey::parse(text, KeyChoice::default()).unwrap()
    }

    fn refused(text: &str, choice: KeyChoice) -> ClientKeyError {
        match ClientKey::parse(text, choice) {
            Ok(key) => panic!("accepted: {key:?}"),
            Err(e) => e,
        }
    }

    /// The header of `token` exactly as sent, member for member.
    pub(crate) fn raw_header(token: &str) -> Value {
        let part = token.split('.').next().unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    }

    /// Verifies `token` with the public JWK alone, as a provider would, and returns header and claims.
    pub(crate) fn verify_with(token: &str, public: &Jwk) -> (Header, Value) {
        let header = jsonwebtoken::decode_header(token).unwrap();
        let mut validation = Validation::new(header.alg);
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        let key = DecodingKey::from_jwk(public).unwrap();
        let data = jsonwebtoken::decode::<Value>(token, &key, &validation).unwrap();
        (data.header, data.claims)
    }

    #[test]
    fn every_form_loads_and_signs_verifiably() {
        let ps256 = KeyChoice {
            alg: Some(Algorithm::PS256),
            ..KeyChoice::default()
        };
        let cases: Vec<(String, KeyChoice, Algorithm)> = vec![
            (EC_PEM.into(), KeyChoice::default(), Algorithm::ES256),
            (EC_SEC1_PEM.into(), KeyChoice::default(), Algorithm::ES256),
            (EC_P384_PEM.into(), KeyChoice::default(), Algorithm::ES384),
            (RSA_PEM.into(), KeyChoice::default(), Algorithm::RS256),
            (RSA_PKCS8_PEM.into(), KeyChoice::default(), Algorithm::RS256),
            (RSA_PEM.into(), ps256, Algorithm::PS256),
            (ED_PEM.into(), KeyChoice::default(), Algorithm::EdDSA),
            (
                jwk("ec").to_string(),
                KeyChoice::default(),
                Algorithm::ES256,
            ),
            (jwk("rsa").to_string(), ps256, Algorithm::PS256),
            (
                jwk("ed").to_string(),
                KeyChoice::default(),
                Algorithm::EdDSA,
            ),
        ];
        for (text, choice, alg) in cases {
            let key = ClientKey::parse(&text, choice).unwrap();
            assert_eq!(key.alg(), alg);
            let token = key.sign(&key.header("JWT"), &json!({"a": 1})).unwrap();
            let (header, claims) = verify_with(&token, key.public_jwk());
            assert_eq!((header.alg, claims), (alg, json!({"a": 1})));
        }
    }

    #[test]
    fn one_key_in_every_form_is_the_same_key() {
        let ec = load(EC_PEM).thumbprint();
        assert_eq!(load(EC_SEC1_PEM).thumbprint(), ec);
        assert_eq!(load(&jwk("ec").to_string()).thumbprint(), ec);
        let rsa = load(RSA_PEM).thumbprint();
        assert_eq!(load(RSA_PKCS8_PEM).thumbprint(), rsa);
        assert_eq!(load(&jwk("rsa").to_string()).thumbprint(), rsa);
        assert_eq!(
            load(ED_PEM).thumbprint(),
            load(&jwk("ed").to_string()).thumbprint()
        );
        assert_ne!(ec, rsa);
    }

    /// `openssl ecparam -genkey` writes the curve in a block of its own before the key.
    #[test]
    fn an_ec_parameters_block_before_the_key_is_passed_over() {
        let text = format!(
            "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n{EC_SEC1_PEM}"
        );
        assert_eq!(load(&text).thumbprint(), load(EC_PEM).thumbprint());
    }

    /// Key files as tools write them: a certificate beside the key, `openssl pkcs12` attributes before it.
    #[test]
    fn other_blocks_and_text_around_the_key_are_passed_over() {
        let cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        let bag = "Bag Attributes\n    localKeyID: 01 02\nKey Attributes: <No Attributes>\n";
        let ec = load(EC_PEM).thumbprint();
        assert_eq!(load(&format!("{cert}{EC_PEM}")).thumbprint(), ec);
        assert_eq!(load(&format!("{bag}{EC_PEM}{cert}")).thumbprint(), ec);
        assert_eq!(
            refused(&format!("{EC_PEM}{RSA_PEM}"), KeyChoice::default()),
            ClientKeyError::SeveralPemKeys
        );
    }

    #[test]
    fn the_public_jwk_carries_kid_alg_and_use_but_no_private_member() {
        let choice = KeyChoice {
            kid: Some("k-1"),
            ..KeyChoice::default()
        };
        let key = ClientKey::parse(&jwk("rsa").to_string(), choice).unwrap_err();
        assert_eq!(
            key,
            ClientKeyError::KidMismatch {
                asked: "k-1".into(),
                found: "rsa".into()
            }
        );
        let key = ClientKey::parse(RSA_PEM, choice).unwrap();
        let public = serde_json::to_value(key.public_jwk()).unwrap();
        assert_eq!(public["kid"], "k-1");
        assert_eq!(public["alg"], "RS256");
        assert_eq!(public["use"], "sig");
        assert_eq!(public["n"], jwk("rsa")["n"]);
        for private in ["d", "p", "q", "dp", "dq", "qi"] {
            assert!(public.get(private).is_none(), "{private} in {public}");
        }
        let token = key.sign(&key.header("JWT"), &json!({})).unwrap();
        assert_eq!(
            verify_with(&token, key.public_jwk()).0.kid.as_deref(),
            Some("k-1")
        );
    }

    #[test]
    fn the_kid_picks_the_key_of_a_set() {
        let key = ClientKey::parse(
            JWKS,
            KeyChoice {
                kid: Some("ed"),
                ..KeyChoice::default()
            },
        )
        .unwrap();
        assert_eq!((key.alg(), key.kid()), (Algorithm::EdDSA, Some("ed")));
    }

    #[test]
    fn a_set_with_one_private_key_among_public_ones_needs_no_kid() {
        let set = json!({"keys": [public_half(jwk("ec")), jwk("rsa"), public_half(jwk("ed"))]});
        let key = load(&set.to_string());
        assert_eq!((key.alg(), key.kid()), (Algorithm::RS256, Some("rsa")));
        // The public half published under the same kid as the private key does not make it ambiguous.
        let set = json!({"keys": [public_half(jwk("rsa")), jwk("rsa")]});
        let choice = KeyChoice {
            kid: Some("rsa"),
            ..KeyChoice::default()
        };
        assert_eq!(
            ClientKey::parse(&set.to_string(), choice).unwrap().kid(),
            Some("rsa")
        );
    }

    #[test]
    fn without_a_kid_the_one_key_that_can_sign_as_asked_is_picked() {
        let mut p521 = jwk("ec");
        p521["crv"] = json!("P-521");
        p521["kid"] = json!("p521");
        let set = json!({"keys": [p521.clone(), jwk("rsa")]});
        assert_eq!(load(&set.to_string()).kid(), Some("rsa"));
        let set = json!({"keys": [jwk("ec"), jwk("rsa")]});
        let ps256 = KeyChoice {
            alg: Some(Algorithm::PS256),
            ..KeyChoice::default()
        };
        assert_eq!(
            ClientKey::parse(&set.to_string(), ps256).unwrap().kid(),
            Some("rsa")
        );
        let set = json!({"keys": [p521]});
        assert_eq!(
            refused(&set.to_string(), KeyChoice::default()),
            ClientKeyError::UnsupportedCurve("P-521".into())
        );
    }

    #[test]
    fn a_kid_the_set_lacks_is_refused_naming_the_kids_it_has() {
        let choice = KeyChoice {
            kid: Some("nope"),
            ..KeyChoice::default()
        };
        assert_eq!(
            refused(JWKS, choice),
            ClientKeyError::NoSuchKid {
                kid: "nope".into(),
                available: "ec, rsa, ed".into()
            }
        );
    }

    #[test]
    fn a_mixed_set_of_private_keys_without_a_kid_is_refused() {
        let err = refused(JWKS, KeyChoice::default());
        assert_eq!(
            err,
            ClientKeyError::SeveralPrivateKeys {
                kids: "ec, rsa, ed".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "the key set holds several private keys (ec, rsa, ed); choose one by its kid"
        );
    }

    #[test]
    fn public_keys_only_are_refused() {
        let public = public_half(jwk("ec"));
        assert_eq!(
            refused(&public.to_string(), KeyChoice::default()),
            ClientKeyError::PublicOnly
        );
        let set = json!({"keys": [public.clone()]});
        assert_eq!(
            refused(&set.to_string(), KeyChoice::default()),
            ClientKeyError::NoPrivateKey
        );
        let choice = KeyChoice {
            kid: Some("ec"),
            ..KeyChoice::default()
        };
        assert_eq!(
            refused(&set.to_string(), choice),
            ClientKeyError::PublicOnly
        );
    }

    #[test]
    fn unsupported_curves_are_refused_by_name() {
        assert_eq!(
            refused(EC_P521_PEM, KeyChoice::default()),
            ClientKeyError::UnsupportedCurve("P-521".into())
        );
        let mut k1 = jwk("ec");
        k1["crv"] = json!("secp256k1");
        assert_eq!(
            refused(&k1.to_string(), KeyChoice::default()),
            ClientKeyError::UnsupportedCurve("secp256k1".into())
        );
        let mut ed448 = jwk("ed");
        ed448["crv"] = json!("Ed448");
        assert_eq!(
            refused(&ed448.to_string(), KeyChoice::default()),
            ClientKeyError::UnsupportedCurve("Ed448".into())
        );
    }

    #[test]
    fn an_algorithm_that_does_not_fit_the_key_is_refused() {
        let asked = |alg| KeyChoice {
            alg: Some(alg),
            ..KeyChoice::default()
        };
        assert_eq!(
            refused(RSA_PEM, asked(Algorithm::ES256)),
            ClientKeyError::AlgMismatch {
                alg: Algorithm::ES256,
                key: "RSA"
            }
        );
        assert_eq!(
            refused(EC_PEM, asked(Algorithm::HS256)),
            ClientKeyError::AlgMismatch {
                alg: Algorithm::HS256,
                key: "EC P-256"
            }
        );
        assert_eq!(
            refused(EC_P384_PEM, asked(Algorithm::ES256)),
            ClientKeyError::AlgMismatch {
                alg: Algorithm::ES256,
                key: "EC P-384"
            }
        );
        let mut rsa = jwk("rsa");
        rsa["alg"] = json!("RS256");
        assert_eq!(
            refused(&rsa.to_string(), asked(Algorithm::PS256)),
            ClientKeyError::AlgConflict {
                jwk: Algorithm::RS256,
                asked: Algorithm::PS256
            }
        );
        rsa["alg"] = json!("ES256");
        assert_eq!(
            refused(&rsa.to_string(), KeyChoice::default()),
            ClientKeyError::AlgMismatch {
                alg: Algorithm::ES256,
                key: "RSA"
            }
        );
        rsa["alg"] = json!("RSA-OAEP");
        assert_eq!(
            refused(&rsa.to_string(), KeyChoice::default()),
            ClientKeyError::UnsupportedAlgorithm("RSA-OAEP".into())
        );
    }

    #[test]
    fn the_jwk_alg_is_used_when_none_is_asked_for() {
        let mut rsa = jwk("rsa");
        rsa["alg"] = json!("PS256");
        assert_eq!(load(&rsa.to_string()).alg(), Algorithm::PS256);
    }

    #[test]
    fn a_weak_rsa_key_is_refused_with_its_size() {
        assert_eq!(
            refused(RSA_512_PEM, KeyChoice::default()),
            ClientKeyError::RsaTooWeak { bits: 512 }
        );
    }

    #[test]
    fn broken_or_foreign_keys_are_refused_without_quoting_them() {
        let mut wrong_d = jwk("ec");
        wrong_d["d"] = json!(URL_SAFE_NO_PAD.encode([1u8; 32]));
        let mut no_qi = jwk("rsa");
        no_qi.as_object_mut().unwrap().remove("qi");
        let mut oct = json!({"kty": "oct", "k": "c2VjcmV0"});
        let cases = [
            (wrong_d.to_string(), ClientKeyError::Invalid("EC P-256")),
            (no_qi.to_string(), ClientKeyError::MissingMember("qi")),
            (oct.to_string(), ClientKeyError::Symmetric),
            (
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n"
                    .into(),
                ClientKeyError::EncryptedPem,
            ),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIB\n-----END RSA PRIVATE KEY-----\n"
                    .into(),
                ClientKeyError::EncryptedPem,
            ),
            (
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".into(),
                ClientKeyError::NotPrivatePem("CERTIFICATE".into()),
            ),
            (
                "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n".into(),
                ClientKeyError::BadDer,
            ),
            ("secret".into(), ClientKeyError::NotAKey),
            ("{\"keys\": 5}".into(), ClientKeyError::NotAKey),
        ];
        for (text, want) in cases {
            let got = refused(&text, KeyChoice::default());
            assert_eq!(got, want, "{text}");
            let shown = got.to_string();
            for secret in [&wrong_d["d"], &jwk("rsa")["d"], &jwk("rsa")["p"]] {
                assert!(!shown.contains(secret.as_str().unwrap()), "{shown}");
            }
        }
        oct["kty"] = json!("foo\u{1b}[2J");
        assert_eq!(
            refused(&oct.to_string(), KeyChoice::default()),
            ClientKeyError::UnsupportedKeyType("foo[2J".into())
        );
    }

    #[test]
    fn debug_shows_no_key_material() {
        for (text, secret) in [
            (
                jwk("ec").to_string(),
                jwk("ec")["d"].as_str().unwrap().to_string(),
            ),
            (
                jwk("rsa").to_string(),
                jwk("rsa")["p"].as_str().unwrap().to_string(),
            ),
        ] {
            let shown = format!("{:?}", load(&text));
            assert!(!shown.contains(&secret[..12]), "{shown}");
            assert!(shown.contains("key: \"***\""), "{shown}");
        }
        let shown = format!("{:?}", load(EC_PEM));
        let body: String = EC_PEM.lines().nth(1).unwrap().chars().take(12).collect();
        assert!(!shown.contains(&body), "{shown}");
    }

    /// RFC 7638 §3.1's example key and its thumbprint.
    #[test]
    fn the_thumbprint_matches_rfc7638() {
        let jwk: Jwk = serde_json::from_value(json!({
            "kty": "RSA",
            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            "e": "AQAB",
            "alg": "RS256",
            "kid": "2011-04-29"
        }))
        .unwrap();
        assert_eq!(
            thumbprint(&jwk).as_deref(),
            Some("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        );
    }
}
