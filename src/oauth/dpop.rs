//! DPoP (RFC 9449): tokens bound to a key pair the client holds, proven on every request by a fresh JWT
//! (the proof) signed with that key. A stolen DPoP-bound token is useless without the key.
//!
//! One ES256 key per profile, kept with its tokens (hence [`StoredDpopKey`], a secret); the proof is
//! built from explicit inputs (method, URL, time, `jti`, access token, nonce) so tests see it exactly.
//! The servers' nonces (§8, §9) arrive as a `DPoP-Nonce` header with a `use_dpop_nonce` error; reading
//! them is here, retrying is the caller's.

use super::client_key::{ClientKey, ClientKeyError, KeyChoice, thumbprint};
use super::http::HttpResponse;
use super::types::AccessToken;
use aws_lc_rs::encoding::{AsBigEndian, EcPrivateKeyBin};
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::Algorithm;
use jsonwebtoken::jwk::{AlgorithmParameters, CommonParameters, Jwk};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt;
use url::Url;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// RFC 9449 §4.2: the `typ` of a proof.
pub const PROOF_TYP: &str = "dpop+jwt";

/// The longest nonce accepted from a server; a nonce is an opaque token, not a document.
const MAX_NONCE_LEN: usize = 1024;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DpopError {
    #[error("the stored DPoP key is unusable: {0}")]
    StoredKey(ClientKeyError),
    #[error("no DPoP key could be generated")]
    Generate,
    #[error("signing the DPoP proof failed: {0}")]
    Signing(ClientKeyError),
    #[error(
        "the server's DPoP nonce is empty, too long or has characters RFC 9449 §8.1 does not allow"
    )]
    BadNonce,
}

/// The DPoP private key as kept with the tokens: a private JWK (P-256) as JSON text. A secret: no
/// `Display`, a redacted `Debug`, wiped on drop.
#[derive(Clone, Zeroize, ZeroizeOnDrop, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct StoredDpopKey(String);

impl fmt::Debug for StoredDpopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoredDpopKey(***)")
    }
}

impl StoredDpopKey {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The raw JWK; every call site is a place where the key leaves its wrapper.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

/// A DPoP key pair, ready to sign proofs.
pub struct DpopKey {
    key: ClientKey,
    stored: StoredDpopKey,
}

impl fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DpopKey")
            .field("jkt", &self.jkt())
            .field("key", &"***")
            .finish()
    }
}

impl DpopKey {
    /// A fresh P-256 key pair from the crypto library's random generator.
    pub fn generate() -> Result<DpopKey, DpopError> {
        let pair = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING)
            .map_err(|_| DpopError::Generate)?;
        let pkcs8 = pair.to_pkcs8v1().map_err(|_| DpopError::Generate)?;
        let key = ClientKey::p256_from_pkcs8(pkcs8.as_ref()).map_err(|_| DpopError::Generate)?;
        let d: EcPrivateKeyBin = pair
            .private_key()
            .as_be_bytes()
            .map_err(|_| DpopError::Generate)?;
        let AlgorithmParameters::EllipticCurve(ec) = &key.public_jwk().algorithm else {
            return Err(DpopError::Generate);
        };
        let d = Zeroizing::new(URL_SAFE_NO_PAD.encode(d.as_ref()));
        // Written by hand rather than through a JSON value, which would leave a copy of `d` unwiped.
        // base64url needs no JSON escaping.
        let jwk = Zeroizing::new(format!(
            r#"{{"kty":"EC","crv":"P-256","x":"{}","y":"{}","d":"{}"}}"#,
            ec.x,
            ec.y,
            d.as_str()
        ));
        Ok(DpopKey {
            key,
            stored: StoredDpopKey::new(jwk.as_str()),
        })
    }

    /// The key kept with the tokens, read back.
    pub fn restore(stored: &StoredDpopKey) -> Result<DpopKey, DpopError> {
        let choice = KeyChoice {
            kid: None,
            alg: Some(Algorithm::ES256),
        };
        let key = ClientKey::parse(stored.secret(), choice).map_err(DpopError::StoredKey)?;
        Ok(DpopKey {
            key,
            stored: stored.clone(),
        })
    }

    /// The form to keep with the tokens.
    pub fn stored(&self) -> &StoredDpopKey {
        &self.stored
    }

    /// The public key as it goes into a proof's header: `kty`, `crv`, `x`, `y` and nothing else.
    pub fn public_jwk(&self) -> Jwk {
        Jwk {
            common: CommonParameters::default(),
            algorithm: self.key.public_jwk().algorithm.clone(),
        }
    }

    /// The RFC 7638 thumbprint (`jkt`) that a DPoP-bound token carries in `cnf.jkt` (§6.1) and that
    /// `dpop_jkt` sends at authorization (§10).
    pub fn jkt(&self) -> String {
        thumbprint(&self.public_jwk()).expect("a P-256 key has a thumbprint")
    }

    /// Whether a token's `cnf.jkt` names this key.
    pub fn binds(&self, cnf_jkt: &str) -> bool {
        self.jkt() == cnf_jkt
    }

    /// A proof for one request (§4.2). `access_token` is given on requests to a resource server, where
    /// the proof must carry its hash (`ath`, §4.3 and §7); `nonce` when the server demanded one.
    pub fn proof(&self, inputs: &ProofInputs) -> Result<DpopProof, DpopError> {
        let mut header = self.key.header(PROOF_TYP);
        header.kid = None;
        header.jwk = Some(self.public_jwk());
        let claims = ProofClaims {
            jti: inputs.jti,
            htm: inputs.method,
            htu: htu(inputs.url),
            iat: inputs.now,
            ath: inputs.access_token.map(|t| ath(t.secret())),
            nonce: inputs.nonce.map(DpopNonce::as_str),
        };
        let jwt = self
            .key
            .sign(&header, &claims)
            .map_err(DpopError::Signing)?;
        Ok(DpopProof(jwt))
    }
}

/// What the proofs of one request are signed from, fixed when the request is built; the time, the `jti`
/// and the nonce are added when it is sent (`Ctx::send`), so a retry gets a proof of its own.
#[derive(Clone)]
pub struct DpopPlan {
    pub key: std::sync::Arc<DpopKey>,
    /// The token a resource server request carries: its hash goes into the proof (`ath`).
    pub access_token: Option<AccessToken>,
}

/// What a proof is about.
pub struct ProofInputs<'a> {
    /// The HTTP method, as sent (`POST`, `GET`).
    pub method: &'a str,
    pub url: &'a Url,
    pub now: u64,
    /// Unique per proof: base64url of fresh random bytes.
    pub jti: &'a str,
    pub access_token: Option<&'a AccessToken>,
    pub nonce: Option<&'a DpopNonce>,
}

#[derive(Serialize)]
struct ProofClaims<'a> {
    jti: &'a str,
    htm: &'a str,
    htu: String,
    iat: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    ath: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
}

/// A signed proof, the value of the `DPoP` header. It holds no key material, but with `ath` it stands for
/// the token for a moment, so `Debug` leaves it out.
pub struct DpopProof(String);

impl fmt::Debug for DpopProof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DpopProof(***)")
    }
}

impl DpopProof {
    /// The JWT, for the `DPoP` request header.
    pub fn header_value(&self) -> &str {
        &self.0
    }
}

/// §4.2: `htu` is the target URI without query and fragment.
pub fn htu(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

/// §4.2: `ath` is the base64url SHA-256 of the access token's ASCII.
pub fn ath(access_token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(access_token.as_bytes()))
}

/// A nonce a server gave in `DPoP-Nonce`, to be sent back in the next proof.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DpopNonce(String);

impl DpopNonce {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Reads a `DPoP-Nonce` header value: one or more NQCHAR (§8.1), so nothing that could break a header
/// or a terminal gets through.
pub fn parse_nonce(header: &str) -> Result<DpopNonce, DpopError> {
    let nonce = header.trim_matches([' ', '\t']);
    let nqchar = |b: u8| matches!(b, 0x21 | 0x23..=0x5b | 0x5d..=0x7e);
    if nonce.is_empty() || nonce.len() > MAX_NONCE_LEN || !nonce.bytes().all(nqchar) {
        return Err(DpopError::BadNonce);
    }
    Ok(DpopNonce(nonce.to_string()))
}

/// Whether a response asks for the request again with a nonce: the token endpoint's `use_dpop_nonce`
/// error (§8, HTTP 400) or a resource server's DPoP challenge with that error (§9, HTTP 401).
pub fn asks_for_nonce(resp: &HttpResponse) -> bool {
    const ERROR: &str = "use_dpop_nonce";
    let in_body = || {
        serde_json::from_slice::<Value>(&resp.body)
            .ok()
            .is_some_and(|v| v.get("error").and_then(Value::as_str) == Some(ERROR))
    };
    let in_challenge = || {
        resp.www_authenticate.as_deref().is_some_and(|w| {
            challenge_params(w)
                .iter()
                .any(|(scheme, name, value)| scheme == "dpop" && name == "error" && value == ERROR)
        })
    };
    match resp.status {
        400 => in_body(),
        401 => in_challenge() || in_body(),
        _ => false,
    }
}

/// The parameters of a `WWW-Authenticate` value (RFC 9110 §11.6.1) as (scheme, name, value), scheme and
/// name lowercased, quotes removed. Commas inside quoted values do not split.
fn challenge_params(www: &str) -> Vec<(String, String, String)> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let (mut quoted, mut escaped) = (false, false);
    for c in www.chars() {
        match c {
            _ if escaped => {
                current.push(c);
                escaped = false;
            }
            '\\' if quoted => escaped = true,
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    let mut scheme = String::new();
    let mut params = Vec::new();
    for part in &parts {
        let part = part.trim();
        let param = match part.split_once(' ') {
            // "Scheme name=value": a new challenge with its first parameter.
            Some((first, rest)) if !first.contains('=') => {
                scheme = first.to_ascii_lowercase();
                rest.trim()
            }
            // "Scheme" alone.
            _ if !part.contains('=') => {
                scheme = part.to_ascii_lowercase();
                continue;
            }
            _ => part,
        };
        if let Some((name, value)) = param.split_once('=') {
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            params.push((
                scheme.clone(),
                name.trim().to_ascii_lowercase(),
                value.to_string(),
            ));
        }
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::client_key::tests::verify_with;
    use jsonwebtoken::jwk::Jwk;
    use serde_json::json;

    const NOW: u64 = 1_700_000_000;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn inputs<'a>(url: &'a Url) -> ProofInputs<'a> {
        ProofInputs {
            method: "POST",
            url,
            now: NOW,
            jti: "jti-1",
            access_token: None,
            nonce: None,
        }
    }

    /// Header and claims of `proof`, after checking its signature with the key in its own header, as
    /// a server does (§4.3).
    fn open(proof: &DpopProof) -> (Value, Value) {
        let header = jsonwebtoken::decode_header(proof.header_value()).unwrap();
        let (_, claims) = verify_with(proof.header_value(), header.jwk.as_ref().unwrap());
        let raw = proof.header_value().split('.').next().unwrap();
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(raw).unwrap()).unwrap();
        (header, claims)
    }

    #[test]
    fn a_proof_has_exact_header_and_claims_and_verifies_with_its_own_key() {
        let key = DpopKey::generate().unwrap();
        let target = url("https://idp.test/token");
        let (header, claims) = open(&key.proof(&inputs(&target)).unwrap());
        let public = serde_json::to_value(key.public_jwk()).unwrap();
        assert_eq!(
            header,
            json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": public})
        );
        assert_eq!(
            public.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["crv", "kty", "x", "y"]
        );
        assert_eq!(
            claims,
            json!({"jti": "jti-1", "htm": "POST", "htu": "https://idp.test/token", "iat": NOW})
        );
    }

    #[test]
    fn a_proof_for_a_resource_carries_ath_and_the_nonce() {
        let key = DpopKey::generate().unwrap();
        let target = url("https://api.test/me");
        let token = AccessToken::new("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU");
        let nonce = parse_nonce("eyJ7S_zG.eyJH0-Z.HX4w-7v").unwrap();
        let proof = key
            .proof(&ProofInputs {
                method: "GET",
                access_token: Some(&token),
                nonce: Some(&nonce),
                ..inputs(&target)
            })
            .unwrap();
        let (_, claims) = open(&proof);
        assert_eq!(
            claims,
            json!({
                "jti": "jti-1", "htm": "GET", "htu": "https://api.test/me", "iat": NOW,
                "ath": "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo",
                "nonce": "eyJ7S_zG.eyJH0-Z.HX4w-7v",
            })
        );
    }

    /// RFC 9449 §7.1's example: the access token and the `ath` of its proof.
    #[test]
    fn ath_matches_rfc9449() {
        assert_eq!(
            ath("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
            "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"
        );
    }

    #[test]
    fn htu_drops_query_and_fragment() {
        assert_eq!(
            htu(&url("https://api.test:8443/r/x?a=1&b=2#frag")),
            "https://api.test:8443/r/x"
        );
        assert_eq!(htu(&url("https://api.test/r?")), "https://api.test/r");
        let key = DpopKey::generate().unwrap();
        let target = url("https://idp.test/token?x=1#y");
        let (_, claims) = open(&key.proof(&inputs(&target)).unwrap());
        assert_eq!(claims["htu"], "https://idp.test/token");
    }

    /// RFC 9449 §4.2's example key, and the `jkt` §6.1 gives for it.
    #[test]
    fn the_thumbprint_matches_rfc9449() {
        let jwk: Jwk = serde_json::from_value(json!({
            "kty": "EC",
            "x": "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs",
            "y": "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA",
            "crv": "P-256"
        }))
        .unwrap();
        assert_eq!(
            thumbprint(&jwk).as_deref(),
            Some("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")
        );
    }

    #[test]
    fn the_jkt_is_the_thumbprint_of_the_header_key() {
        let key = DpopKey::generate().unwrap();
        let target = url("https://idp.test/token");
        let (header, _) = open(&key.proof(&inputs(&target)).unwrap());
        let jwk: Jwk = serde_json::from_value(header["jwk"].clone()).unwrap();
        assert_eq!(thumbprint(&jwk).unwrap(), key.jkt());
        assert!(key.binds(&key.jkt()));
        assert!(!key.binds(&DpopKey::generate().unwrap().jkt()));
    }

    #[test]
    fn a_stored_key_restores_to_the_same_key() {
        let key = DpopKey::generate().unwrap();
        let stored: StoredDpopKey =
            serde_json::from_str(&serde_json::to_string(key.stored()).unwrap()).unwrap();
        let back = DpopKey::restore(&stored).unwrap();
        assert_eq!(back.jkt(), key.jkt());
        let target = url("https://idp.test/token");
        let (header, _) = open(&back.proof(&inputs(&target)).unwrap());
        assert_eq!(
            header["jwk"],
            serde_json::to_value(key.public_jwk()).unwrap()
        );
    }

    #[test]
    fn a_stored_key_that_is_not_p256_is_refused() {
        let rsa = crate::oauth::client_key::tests::jwk("rsa");
        assert_eq!(
            DpopKey::restore(&StoredDpopKey::new(rsa.to_string())).unwrap_err(),
            DpopError::StoredKey(ClientKeyError::AlgMismatch {
                alg: Algorithm::ES256,
                key: "RSA"
            })
        );
        assert!(DpopKey::restore(&StoredDpopKey::new("{}")).is_err());
    }

    #[test]
    fn debug_shows_no_key_material_and_no_proof() {
        let key = DpopKey::generate().unwrap();
        let d: Value = serde_json::from_str(key.stored().secret()).unwrap();
        let d = d["d"].as_str().unwrap().to_string();
        let target = url("https://idp.test/token");
        let proof = key.proof(&inputs(&target)).unwrap();
        let shown = format!("{key:?} {:?} {proof:?}", key.stored());
        assert!(!shown.contains(&d), "{shown}");
        assert!(!shown.contains(&proof.header_value()[..20]), "{shown}");
        assert!(shown.contains(&key.jkt()), "{shown}");
        assert!(
            !serde_json::to_string(&key.public_jwk())
                .unwrap()
                .contains(&d)
        );
    }

    #[test]
    fn nonces_are_read_strictly() {
        assert_eq!(parse_nonce(" abc-123_~! ").unwrap().as_str(), "abc-123_~!");
        for bad in [
            "",
            "   ",
            "a b",
            "a\"b",
            "a\\\\b",
            "a\u{1b}[2J",
            "é",
            &"n".repeat(1025),
        ] {
            assert_eq!(parse_nonce(bad), Err(DpopError::BadNonce), "{bad:?}");
        }
    }

    #[test]
    fn use_dpop_nonce_is_recognized_at_the_token_endpoint_and_at_a_resource() {
        let resp = |status, www: Option<&str>, body: &str| HttpResponse {
            status,
            content_type: None,
            www_authenticate: www.map(str::to_string),
            dpop_nonce: None,
            body: body.as_bytes().to_vec(),
        };
        let body = r#"{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof"}"#;
        assert!(asks_for_nonce(&resp(400, None, body)));
        assert!(!asks_for_nonce(&resp(
            400,
            None,
            r#"{"error":"invalid_dpop_proof"}"#
        )));
        assert!(!asks_for_nonce(&resp(200, None, body)));
        let challenge = r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#;
        assert!(asks_for_nonce(&resp(401, Some(challenge), "")));
        assert!(asks_for_nonce(&resp(
            401,
            Some(r#"Bearer realm="x", DPoP algs="ES256", error="use_dpop_nonce""#),
            ""
        )));
        assert!(!asks_for_nonce(&resp(
            401,
            Some(r#"DPoP error="invalid_token""#),
            ""
        )));
        assert!(!asks_for_nonce(&resp(
            401,
            Some(r#"Bearer error="use_dpop_nonce""#),
            ""
        )));
        assert!(!asks_for_nonce(&resp(
            401,
            Some(r#"DPoP error_description="error=\"use_dpop_nonce\", no", error="invalid_token""#),
            ""
        )));
    }
}
