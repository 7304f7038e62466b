//! The client's own signing key, for the JWTs oauthctl signs itself: `private_key_jwt` client assertions
//! (RFC 7523), request objects (RFC 9101) and DPoP proofs (RFC 9449). Keys come as a JWK with its private
//! members, a JWK set, or PEM (PKCS#8, PKCS#1 or SEC1); each is checked and turned into the one form the
//! signer takes, so nothing past this file knows key formats.
//!
//! jsonwebtoken signs. aws-lc-rs, which it is built on, checks and converts the key material, since
//! jsonwebtoken imports neither a private JWK nor a SEC1 key in this build. Errors say what is wrong with a
//! key and never quote it.

use super::error::sanitize;
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeyPairComponents, PublicKeyComponents};
use aws_lc_rs::signature::{self as lc, EcdsaKeyPair, Ed25519KeyPair};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::jwk::{Jwk, PublicKeyUse, ThumbprintHash};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::str::FromStr;
use zeroize::Zeroizing;

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

/// The kinds of keys that can sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Rsa,
    P256,
    P384,
    Ed25519,
}

impl Family {
    fn name(self) -> &'static str {
        match self {
            Family::Rsa => "RSA",
            Family::P256 => "EC P-256",
            Family::P384 => "EC P-384",
            Family::Ed25519 => "Ed25519",
        }
    }

    fn default_alg(self) -> Algorithm {
        match self {
            Family::Rsa => Algorithm::RS256,
            Family::P256 => Algorithm::ES256,
            Family::P384 => Algorithm::ES384,
            Family::Ed25519 => Algorithm::EdDSA,
        }
    }

    fn fits(self, alg: Algorithm) -> bool {
        use Algorithm as A;
        match self {
            Family::Rsa => matches!(
                alg,
                A::RS256 | A::RS384 | A::RS512 | A::PS256 | A::PS384 | A::PS512
            ),
            Family::P256 => alg == A::ES256,
            Family::P384 => alg == A::ES384,
            Family::Ed25519 => alg == A::EdDSA,
        }
    }
}

/// Checked key material in the form jsonwebtoken signs with: PKCS#1 DER for RSA, PKCS#8 v1 DER otherwise.
struct Material {
    family: Family,
    der: Zeroizing<Vec<u8>>,
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

/// A base64url JWK member, decoded into memory that is wiped after use.
fn member(jwk: &Value, name: &'static str) -> Result<Zeroizing<Vec<u8>>> {
    jwk.get(name)
        .and_then(Value::as_str)
        .and_then(|v| URL_SAFE_NO_PAD.decode(v.trim_end_matches('=')).ok())
        .map(Zeroizing::new)
        .ok_or(ClientKeyError::MissingMember(name))
}

fn material_from_jwk(jwk: &Value) -> Result<Material> {
    let kty = jwk.get("kty").and_then(Value::as_str).unwrap_or("");
    let crv = jwk.get("crv").and_then(Value::as_str).unwrap_or("");
    match kty {
        "oct" => return Err(ClientKeyError::Symmetric),
        "RSA" | "EC" | "OKP" => {}
        other => return Err(ClientKeyError::UnsupportedKeyType(sanitize(other, 30))),
    }
    let family = match (kty, crv) {
        ("RSA", _) => Family::Rsa,
        ("EC", "P-256") => Family::P256,
        ("EC", "P-384") => Family::P384,
        ("OKP", "Ed25519") => Family::Ed25519,
        (_, crv) => return Err(ClientKeyError::UnsupportedCurve(sanitize(crv, 30))),
    };
    if jwk.get("d").is_none() {
        return Err(ClientKeyError::PublicOnly);
    }
    let d = member(jwk, "d")?;
    match family {
        Family::Rsa => {
            let n = member(jwk, "n")?;
            let n = strip_zeros(&n);
            check_rsa_bits(n)?;
            let e = member(jwk, "e")?;
            let parts = [
                member(jwk, "p")?,
                member(jwk, "q")?,
                member(jwk, "dp")?,
                member(jwk, "dq")?,
                member(jwk, "qi")?,
            ];
            let components = KeyPairComponents {
                public_key: PublicKeyComponents {
                    n,
                    e: strip_zeros(&e),
                },
                d: &d[..],
                p: &parts[0][..],
                q: &parts[1][..],
                dP: &parts[2][..],
                dQ: &parts[3][..],
                qInv: &parts[4][..],
            };
            let pair =
                RsaKeyPair::from_components(&components).map_err(|_| invalid(Family::Rsa))?;
            let pkcs8 = pair.as_der().map_err(|_| invalid(Family::Rsa))?;
            let (_, inner) = pkcs8_parts(pkcs8.as_ref())?;
            Ok(Material {
                family,
                der: Zeroizing::new(inner.to_vec()),
            })
        }
        Family::P256 | Family::P384 => {
            let mut point = Zeroizing::new(vec![0x04]);
            point.extend_from_slice(&member(jwk, "x")?);
            point.extend_from_slice(&member(jwk, "y")?);
            let pair = EcdsaKeyPair::from_private_key_and_public_key(ec_alg(family), &d, &point)
                .map_err(|_| invalid(family))?;
            ec_material(family, &pair)
        }
        Family::Ed25519 => {
            let pair = Ed25519KeyPair::from_seed_and_public_key(&d, &member(jwk, "x")?)
                .map_err(|_| invalid(family))?;
            let der = pair.to_pkcs8v1().map_err(|_| invalid(family))?;
            Ok(Material {
                family,
                der: Zeroizing::new(der.as_ref().to_vec()),
            })
        }
    }
}

fn invalid(family: Family) -> ClientKeyError {
    ClientKeyError::Invalid(family.name())
}

fn ec_alg(family: Family) -> &'static lc::EcdsaSigningAlgorithm {
    if family == Family::P384 {
        &lc::ECDSA_P384_SHA384_FIXED_SIGNING
    } else {
        &lc::ECDSA_P256_SHA256_FIXED_SIGNING
    }
}

fn ec_material(family: Family, pair: &EcdsaKeyPair) -> Result<Material> {
    let der = pair.to_pkcs8v1().map_err(|_| invalid(family))?;
    Ok(Material {
        family,
        der: Zeroizing::new(der.as_ref().to_vec()),
    })
}

fn ec_from_pkcs8(family: Family, der: &[u8]) -> Result<Material> {
    let pair = EcdsaKeyPair::from_pkcs8(ec_alg(family), der).map_err(|_| invalid(family))?;
    ec_material(family, &pair)
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

/// Refuses a modulus under [`MIN_RSA_BITS`] by name, before the crypto library refuses it without one.
fn check_rsa_bits(n: &[u8]) -> Result<()> {
    let n = strip_zeros(n);
    let bits = match n.first() {
        Some(top) => (n.len() as u64 - 1) * 8 + u64::from(8 - top.leading_zeros()),
        None => 0,
    };
    if bits < MIN_RSA_BITS {
        return Err(ClientKeyError::RsaTooWeak { bits });
    }
    Ok(())
}

// DER object identifiers, as their encoded bytes.
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_RSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

/// The name of a curve oauthctl does not sign with, for the error.
fn unsupported_curve(oid: &[u8]) -> ClientKeyError {
    let name = match oid {
        [0x2b, 0x81, 0x04, 0x00, 0x23] => "P-521",
        [0x2b, 0x81, 0x04, 0x00, 0x0a] => "secp256k1",
        [0x2b, 0x65, 0x71] => "Ed448",
        [0x2b, 0x65, 0x6e] => "X25519",
        [0x2b, 0x65, 0x6f] => "X448",
        _ => "unknown",
    };
    ClientKeyError::UnsupportedCurve(name.to_string())
}

/// One DER element: its tag, its contents and what follows it. Lengths over 4 bytes are refused.
fn tlv(input: &[u8]) -> Result<(u8, &[u8], &[u8])> {
    let bad = ClientKeyError::BadDer;
    let (&tag, rest) = input.split_first().ok_or(bad.clone())?;
    let (&first, rest) = rest.split_first().ok_or(bad.clone())?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return Err(bad);
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return Err(bad);
    }
    Ok((tag, &rest[..len], &rest[len..]))
}

/// One DER element that must have tag `want`.
fn expect_tlv(input: &[u8], want: u8) -> Result<(&[u8], &[u8])> {
    match tlv(input)? {
        (tag, content, rest) if tag == want => Ok((content, rest)),
        _ => Err(ClientKeyError::BadDer),
    }
}

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;

/// A PKCS#8 `PrivateKeyInfo` (RFC 5208): the key's family and the inner private key.
fn pkcs8_parts(der: &[u8]) -> Result<(Family, &[u8])> {
    let (body, _) = expect_tlv(der, SEQUENCE)?;
    let (_version, rest) = expect_tlv(body, INTEGER)?;
    let (alg_id, rest) = expect_tlv(rest, SEQUENCE)?;
    let (private, _) = expect_tlv(rest, OCTET_STRING)?;
    let (oid, params) = expect_tlv(alg_id, OID)?;
    let family = match oid {
        OID_RSA => Family::Rsa,
        OID_RSA_PSS => return Err(ClientKeyError::UnsupportedKeyType("RSASSA-PSS".into())),
        OID_ED25519 => Family::Ed25519,
        OID_EC => match expect_tlv(params, OID)?.0 {
            OID_P256 => Family::P256,
            OID_P384 => Family::P384,
            other => return Err(unsupported_curve(other)),
        },
        other => return Err(unsupported_curve(other)),
    };
    Ok((family, private))
}

/// The modulus of a PKCS#1 `RSAPrivateKey` (RFC 8017 A.1.2).
fn pkcs1_modulus(der: &[u8]) -> Result<&[u8]> {
    let (body, _) = expect_tlv(der, SEQUENCE)?;
    let (_version, rest) = expect_tlv(body, INTEGER)?;
    Ok(expect_tlv(rest, INTEGER)?.0)
}

fn rsa_from_pkcs1(der: &[u8]) -> Result<Material> {
    check_rsa_bits(pkcs1_modulus(der)?)?;
    RsaKeyPair::from_der(der).map_err(|_| invalid(Family::Rsa))?;
    Ok(Material {
        family: Family::Rsa,
        der: Zeroizing::new(der.to_vec()),
    })
}

/// A SEC1 `ECPrivateKey` (RFC 5915), which names its curve in the `[0]` parameters.
fn ec_from_sec1(der: &[u8]) -> Result<Material> {
    let (body, _) = expect_tlv(der, SEQUENCE)?;
    let (_version, rest) = expect_tlv(body, INTEGER)?;
    let (_d, mut rest) = expect_tlv(rest, OCTET_STRING)?;
    let mut curve = None;
    while !rest.is_empty() {
        let (tag, content, after) = tlv(rest)?;
        if tag == 0xa0 {
            curve = Some(expect_tlv(content, OID)?.0);
        }
        rest = after;
    }
    let family = match curve {
        Some(OID_P256) => Family::P256,
        Some(OID_P384) => Family::P384,
        Some(other) => return Err(unsupported_curve(other)),
        None => return Err(ClientKeyError::Invalid("EC (SEC1 without its curve)")),
    };
    let pair =
        EcdsaKeyPair::from_private_key_der(ec_alg(family), der).map_err(|_| invalid(family))?;
    ec_material(family, &pair)
}

fn from_pkcs8(der: &[u8]) -> Result<Material> {
    match pkcs8_parts(der)? {
        (Family::Rsa, inner) => rsa_from_pkcs1(inner),
        (Family::Ed25519, _) => {
            let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(der)
                .map_err(|_| invalid(Family::Ed25519))?;
            let der = pair.to_pkcs8v1().map_err(|_| invalid(Family::Ed25519))?;
            Ok(Material {
                family: Family::Ed25519,
                der: Zeroizing::new(der.as_ref().to_vec()),
            })
        }
        (family, _) => ec_from_pkcs8(family, der),
    }
}

/// The one private key block of a PEM file. Other blocks are passed over: `EC PARAMETERS` (as
/// `openssl ecparam -genkey` writes them), and certificates or public keys kept in the same file. Text
/// around the blocks (`openssl pkcs12`'s "Bag Attributes") is ignored.
fn from_pem(text: &str) -> Result<Material> {
    const PRIVATE: &[&str] = &[
        "PRIVATE KEY",
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
    ];
    let mut key = None;
    let mut other_label = None;
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + "-----BEGIN ".len()..];
        let label_end = after.find("-----").ok_or(ClientKeyError::NotAKey)?;
        let label = &after[..label_end];
        let body_start = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let body_end = body_start
            .find(&end_marker)
            .ok_or(ClientKeyError::NotAKey)?;
        rest = &body_start[body_end + end_marker.len()..];
        if !PRIVATE.contains(&label) {
            if label != "EC PARAMETERS" {
                other_label.get_or_insert(label);
            }
            continue;
        }
        // A signing key picked silently among several would be a guess.
        let previous = key.replace((label, &body_start[..body_end]));
        if previous.is_some() {
            return Err(ClientKeyError::SeveralPemKeys);
        }
    }
    let Some((label, body)) = key else {
        return Err(other_label.map_or(ClientKeyError::NotAKey, |l| {
            ClientKeyError::NotPrivatePem(sanitize(l, 40))
        }));
    };
    // PKCS#8 encryption has a label of its own; the legacy one a `Proc-Type: 4,ENCRYPTED` line.
    let encrypted = label == "ENCRYPTED PRIVATE KEY" || body.contains("ENCRYPTED");
    if encrypted {
        return Err(ClientKeyError::EncryptedPem);
    }
    let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let der = Zeroizing::new(STANDARD.decode(b64).map_err(|_| ClientKeyError::BadDer)?);
    match label {
        "PRIVATE KEY" => from_pkcs8(&der),
        "RSA PRIVATE KEY" => rsa_from_pkcs1(&der),
        _ => ec_from_sec1(&der),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
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
