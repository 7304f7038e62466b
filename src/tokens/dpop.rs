//! DPoP (RFC 9449) at the edge: the session's key, the proof signed into each request when it is sent
//! (`Ctx::send`, like the client assertion) with the server's latest nonce, the nonces remembered for the
//! rest of the run, and the checks on what comes back: a DPoP token only in answer to a proof, and a
//! `cnf.jkt` that names our key.
//!
//! Nonces live only as long as the process: they are per server, oidc-provider changes them every minute,
//! and writing one to the keyring after every request would cost more than the one retry it saves.

use crate::error::{Error, Result};
use crate::oauth::dpop::{self, DpopKey, DpopNonce, DpopPlan, ProofInputs};
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::oauth::session::Session;
use crate::oauth::token::TokenSet;
use crate::oauth::types::AccessToken;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The token type of a DPoP-bound token (§5), as it is stored.
pub const TOKEN_TYPE: &str = "DPoP";

/// The latest `DPoP-Nonce` of each server (by origin) this run has heard from.
#[derive(Default)]
pub struct Nonces(Mutex<HashMap<String, DpopNonce>>);

impl Nonces {
    fn get(&self, req: &HttpRequest) -> Option<DpopNonce> {
        self.for_url(&req.url)
    }

    /// The latest nonce of the server at `url`.
    pub fn for_url(&self, url: &url::Url) -> Option<DpopNonce> {
        let origin = url.origin().ascii_serialization();
        self.0.lock().unwrap().get(&origin).cloned()
    }

    /// Keeps the nonce a response to a DPoP request carries; `true` when the server refused the proof for
    /// want of this nonce (§8, §9) and the request is worth sending once more with it.
    pub fn learn(&self, req: &HttpRequest, resp: &HttpResponse) -> bool {
        if req.dpop.is_none() {
            return false;
        }
        let Some(nonce) = resp
            .dpop_nonce
            .as_deref()
            .and_then(|h| dpop::parse_nonce(h).ok())
        else {
            return false;
        };
        let previous = self.0.lock().unwrap().insert(origin(req), nonce.clone());
        dpop::asks_for_nonce(resp) && previous.as_ref() != Some(&nonce)
    }
}

fn origin(req: &HttpRequest) -> String {
    req.url.origin().ascii_serialization()
}

/// A new key for a login with `--dpop`.
pub fn generate() -> Result<Arc<DpopKey>> {
    DpopKey::generate()
        .map(Arc::new)
        .map_err(|e| Error::other(e.to_string()))
}

/// The key of a session that uses DPoP.
pub fn key_of(session: &Session) -> Result<Option<Arc<DpopKey>>> {
    session
        .dpop_key
        .as_ref()
        .map(|stored| {
            DpopKey::restore(stored)
                .map(Arc::new)
                .map_err(|e| Error::other(e.to_string()).with_hint("log in again with --dpop"))
        })
        .transpose()
}

/// The plan of a token endpoint request.
pub fn for_token_endpoint(key: Option<&Arc<DpopKey>>) -> Option<DpopPlan> {
    key.map(|key| DpopPlan {
        key: key.clone(),
        access_token: None,
    })
}

/// How a request to a resource server (userinfo) presents `session`'s access token: `Authorization:
/// DPoP …` and a proof carrying the token's hash for a DPoP token, `Bearer` for any other.
pub fn authorize(req: &mut HttpRequest, session: &Session, key: Option<&Arc<DpopKey>>) {
    let at = &session.tokens.access_token;
    let scheme = match key {
        Some(key) if is_dpop(&session.tokens) => {
            req.dpop = Some(DpopPlan {
                key: key.clone(),
                access_token: Some(at.clone()),
            });
            TOKEN_TYPE
        }
        _ => "Bearer",
    };
    req.headers
        .push(("Authorization".into(), format!("{scheme} {}", at.secret())));
}

pub fn is_dpop(tokens: &TokenSet) -> bool {
    tokens.token_type == TOKEN_TYPE
}

/// The request as it goes on the wire: the planned proof signed into a `DPoP` header, at `now`, with the
/// server's latest nonce. Requests without a plan: `None`.
pub fn complete(req: &HttpRequest, now: u64, nonces: &Nonces) -> Result<Option<HttpRequest>> {
    let Some(plan) = &req.dpop else {
        return Ok(None);
    };
    let proof = proof(
        plan,
        req.method.as_str(),
        &req.url,
        now,
        nonces.get(req).as_ref(),
    )?;
    let mut out = req.duplicate();
    out.dpop = None;
    out.headers.push(("DPoP".into(), proof));
    Ok(Some(out))
}

/// One signed proof, with a `jti` of 16 random bytes from the crypto library's generator (the one the key
/// came from) rather than the `Random` port: a proof is never reproducible anyway (ECDSA signatures are
/// randomized), and servers remember `jti`s across processes, so tests with a counting fake must not
/// repeat them either.
pub fn proof(
    plan: &DpopPlan,
    method: &str,
    url: &url::Url,
    now: u64,
    nonce: Option<&DpopNonce>,
) -> Result<String> {
    let mut bytes = [0u8; 16];
    aws_lc_rs::rand::fill(&mut bytes)
        .map_err(|_| Error::other("no random bytes for the DPoP proof's jti"))?;
    let jti = URL_SAFE_NO_PAD.encode(bytes);
    let proof = plan
        .key
        .proof(&ProofInputs {
            method,
            url,
            now,
            jti: &jti,
            access_token: plan.access_token.as_ref(),
            nonce,
        })
        .map_err(|e| Error::other(format!("cannot sign the DPoP proof: {e}")))?;
    Ok(proof.header_value().to_string())
}

/// What a token endpoint issued, checked against what was sent: a DPoP token only when a proof went
/// with the request (exit 1 otherwise: the token would be unusable), and a `cnf.jkt` in the response or
/// in a JWT access token only when it names our key (exit 6: the token is bound to someone else's).
pub fn check_issued(tokens: &TokenSet, resp: &HttpResponse, key: Option<&DpopKey>) -> Result<()> {
    let Some(key) = key else {
        if is_dpop(tokens) {
            return Err(Error::other(
                "the provider issued a DPoP-bound token (token_type DPoP), but no DPoP proof was sent",
            )
            .with_hint("log in with --dpop to use DPoP-bound tokens"));
        }
        return Ok(());
    };
    let in_body = serde_json::from_slice::<Value>(&resp.body)
        .ok()
        .and_then(|v| cnf_jkt(&v));
    let in_token = crate::oauth::id_token::claims_for_display(tokens.access_token.secret())
        .and_then(|v| cnf_jkt(&v));
    check_binding(key, in_body.or(in_token).as_deref())
}

/// §6.1: a `cnf.jkt` (token response, JWT access token, introspection) must be our key's thumbprint.
pub fn check_binding(key: &DpopKey, jkt: Option<&str>) -> Result<()> {
    match jkt {
        Some(jkt) if !key.binds(jkt) => Err(Error::security(format!(
            "the token is bound to another DPoP key (cnf.jkt {:?}) than this profile's ({})",
            crate::error::sanitize(jkt, 60),
            key.jkt()
        ))),
        _ => Ok(()),
    }
}

pub fn cnf_jkt(doc: &Value) -> Option<String> {
    doc.get("cnf")?.get("jkt")?.as_str().map(str::to_string)
}

/// An access token, for the plan of a proof that must carry its hash.
pub fn plan_for(key: &Arc<DpopKey>, at: &AccessToken) -> DpopPlan {
    DpopPlan {
        key: key.clone(),
        access_token: Some(at.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::http::HttpRequest;

    fn answer(status: u16, nonce: Option<&str>, error: &str) -> HttpResponse {
        HttpResponse {
            status,
            content_type: Some("application/json".into()),
            www_authenticate: None,
            dpop_nonce: nonce.map(str::to_string),
            body: format!(r#"{{"error":"{error}"}}"#).into_bytes(),
        }
    }

    fn dpop_request(url: &str) -> HttpRequest {
        let mut req = HttpRequest::get(url::Url::parse(url).unwrap());
        req.dpop = for_token_endpoint(Some(&generate().unwrap()));
        req
    }

    /// One retry per new nonce: a server that refuses the nonce it has just given is not asked again
    /// and again; nonces are kept per server.
    #[test]
    fn a_nonce_is_retried_once_and_kept_per_server() {
        let nonces = Nonces::default();
        let req = dpop_request("https://as.test/token");
        let refusal = answer(400, Some("n1"), "use_dpop_nonce");
        assert!(nonces.learn(&req, &refusal));
        assert!(!nonces.learn(&req, &refusal), "the same nonce again");
        let other = dpop_request("https://rs.test/api");
        assert_eq!(nonces.for_url(&other.url), None);
        assert_eq!(nonces.for_url(&req.url).unwrap().as_str(), "n1");
        // A nonce on a success is kept for the next request, with no retry.
        assert!(!nonces.learn(&other, &answer(200, Some("n2"), "")));
        assert_eq!(nonces.for_url(&other.url).unwrap().as_str(), "n2");
        // Not for a request without a proof, nor a malformed nonce.
        let plain = HttpRequest::get(url::Url::parse("https://x.test/").unwrap());
        assert!(!nonces.learn(&plain, &refusal));
        assert!(!nonces.learn(&req, &answer(400, Some("bad\"nonce"), "use_dpop_nonce")));
    }
}
