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
use crate::ports::Random;
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

/// The request as it goes on the wire: the planned proof signed into a `DPoP` header, at `now`, with a
/// `jti` of 16 fresh random bytes and the server's latest nonce. Requests without a plan: `None`.
pub fn complete(
    req: &HttpRequest,
    now: u64,
    random: &dyn Random,
    nonces: &Nonces,
) -> Result<Option<HttpRequest>> {
    let Some(plan) = &req.dpop else {
        return Ok(None);
    };
    let proof = proof(plan, req.method.as_str(), &req.url, now, random, nonces.get(req).as_ref())?;
    let mut out = req.duplicate();
    out.dpop = None;
    out.headers.push(("DPoP".into(), proof));
    Ok(Some(out))
}

/// One signed proof.
pub fn proof(
    plan: &DpopPlan,
    method: &str,
    url: &url::Url,
    now: u64,
    random: &dyn Random,
    nonce: Option<&DpopNonce>,
) -> Result<String> {
    let mut bytes = [0u8; 16];
    random.fill(&mut bytes)?;
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
