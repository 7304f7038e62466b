//! Private key material in the forms client keys come in (a JWK's private members; PEM holding PKCS#8,
//! PKCS#1 or SEC1 DER), checked by aws-lc-rs and turned into the one form jsonwebtoken signs with.
//! jsonwebtoken itself imports neither a private JWK nor a SEC1 key in this build, and the family of a
//! PKCS#8 key has to be read from its DER before any library can be asked to load it.
//!
//! The DER reading here is only what finding a key's family and curve takes; the crypto library parses
//! and checks the key itself. Errors never quote the material.

use super::client_key::{ClientKeyError, MIN_RSA_BITS};
use super::error::sanitize;
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeyPairComponents, PublicKeyComponents};
use aws_lc_rs::signature::{self as lc, EcdsaKeyPair, Ed25519KeyPair};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::Algorithm;
use serde_json::Value;
use zeroize::Zeroizing;

type Result<T, E = ClientKeyError> = std::result::Result<T, E>;

/// The kinds of keys that can sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Family {
    Rsa,
    P256,
    P384,
    Ed25519,
}

impl Family {
    pub(super) fn name(self) -> &'static str {
        match self {
            Family::Rsa => "RSA",
            Family::P256 => "EC P-256",
            Family::P384 => "EC P-384",
            Family::Ed25519 => "Ed25519",
        }
    }

    pub(super) fn default_alg(self) -> Algorithm {
        match self {
            Family::Rsa => Algorithm::RS256,
            Family::P256 => Algorithm::ES256,
            Family::P384 => Algorithm::ES384,
            Family::Ed25519 => Algorithm::EdDSA,
        }
    }

    pub(super) fn fits(self, alg: Algorithm) -> bool {
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
pub(super) struct Material {
    pub(super) family: Family,
    pub(super) der: Zeroizing<Vec<u8>>,
}

/// A base64url JWK member, decoded into memory that is wiped after use.
fn member(jwk: &Value, name: &'static str) -> Result<Zeroizing<Vec<u8>>> {
    jwk.get(name)
        .and_then(Value::as_str)
        .and_then(|v| URL_SAFE_NO_PAD.decode(v.trim_end_matches('=')).ok())
        .map(Zeroizing::new)
        .ok_or(ClientKeyError::MissingMember(name))
}

pub(super) fn material_from_jwk(jwk: &Value) -> Result<Material> {
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

pub(super) fn ec_from_pkcs8(family: Family, der: &[u8]) -> Result<Material> {
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
pub(super) fn from_pem(text: &str) -> Result<Material> {
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
