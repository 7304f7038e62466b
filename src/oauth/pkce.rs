//! PKCE (RFC 7636) and the other random values of a login, made from bytes the caller draws, so the core
//! stays deterministic under test.

use super::types::{PkceMethod, PkceVerifier};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Bytes of randomness behind `state`, `nonce` and the verifier: 256 bits, well above the 128 required.
pub const RANDOM_BYTES: usize = 32;

/// base64url without padding: the alphabet RFC 7636 allows for verifiers, and safe in URLs for state.
pub fn encode_random(bytes: &[u8; RANDOM_BYTES]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The verifier kept by the client and the challenge sent in the authorize URL.
pub struct PkcePair {
    pub verifier: PkceVerifier,
    pub challenge: String,
    pub method: PkceMethod,
}

/// Builds the pair for `method`, or `None` when PKCE is off. 32 random bytes give a 43-character verifier.
pub fn pkce_pair(method: PkceMethod, random: &[u8; RANDOM_BYTES]) -> Option<PkcePair> {
    let verifier = encode_random(random);
    let challenge = match method {
        PkceMethod::Off => return None,
        PkceMethod::Plain => verifier.clone(),
        PkceMethod::S256 => s256_challenge(&verifier),
    };
    Some(PkcePair {
        verifier: PkceVerifier::new(verifier),
        challenge,
        method,
    })
}

pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifier_length_and_alphabet() {
        let pair = pkce_pair(PkceMethod::S256, &[7u8; RANDOM_BYTES]).unwrap();
        let v = pair.verifier.secret();
        assert!((43..=128).contains(&v.len()));
        assert!(
            v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
        );
        assert_eq!(pair.challenge, s256_challenge(v));
    }

    #[test]
    fn plain_and_off() {
        let plain = pkce_pair(PkceMethod::Plain, &[1u8; RANDOM_BYTES]).unwrap();
        assert_eq!(plain.challenge, plain.verifier.secret());
        assert!(pkce_pair(PkceMethod::Off, &[1u8; RANDOM_BYTES]).is_none());
    }

    #[test]
    fn the_verifier_is_the_encoded_random_bytes() {
        let random = [0xfbu8; RANDOM_BYTES];
        let pair = pkce_pair(PkceMethod::S256, &random).unwrap();
        assert_eq!(pair.verifier.secret(), encode_random(&random));
        assert_eq!(pair.method, PkceMethod::S256);
        assert_ne!(pair.challenge, pair.verifier.secret());
        assert_eq!(
            pkce_pair(PkceMethod::Plain, &random).unwrap().method,
            PkceMethod::Plain
        );
    }

    #[test]
    fn random_values_are_43_url_safe_characters() {
        let encoded = encode_random(&[0xffu8; RANDOM_BYTES]);
        assert_eq!(encoded.len(), 43);
        assert_eq!(encoded, "_".repeat(42) + "8");
        assert_eq!(encode_random(&[0u8; RANDOM_BYTES]), "A".repeat(43));
    }
}
