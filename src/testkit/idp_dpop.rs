//! The fake provider's DPoP (RFC 9449) side, checked as strictly as a real server: a proof's header
//! (`typ`, ES256, a public `jwk`) and signature, `htm`, `htu`, `iat`, a `jti` never seen before, `ath` for
//! the token it comes with, and the nonce when [`IdpSettings::dpop_nonce`](super::IdpSettings) demands
//! one (§8: 400 `use_dpop_nonce` at the token endpoint, §9: a 401 DPoP challenge at userinfo). A token
//! issued in answer to a proof is a DPoP token bound to the proof's key (`cnf.jkt` in the response and in
//! introspection); userinfo takes it only with a proof of that key.

use super::{FakeIdp, json_resp};
use crate::oauth::client_key::thumbprint;
use crate::oauth::dpop::{PROOF_TYP, ath, htu};
use crate::oauth::http::{HttpRequest, HttpResponse};
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};
use std::sync::atomic::Ordering;

/// Why a proof is refused: the OAuth error and its description.
type Refusal = (&'static str, String);

impl FakeIdp {
    /// The key thumbprint of a request's valid proof (`None`: no `DPoP` header), or the refusal.
    fn proof_jkt(
        &self,
        req: &HttpRequest,
        access_token: Option<&str>,
    ) -> Result<Option<String>, Refusal> {
        let Some(proof) = req.header("dpop") else {
            return Ok(None);
        };
        let bad = |why: &str| ("invalid_dpop_proof", why.to_string());
        let header = jsonwebtoken::decode_header(proof).map_err(|_| bad("not a JWT"))?;
        if header.typ.as_deref() != Some(PROOF_TYP) || header.alg != Algorithm::ES256 {
            return Err(bad("typ must be dpop+jwt and alg ES256"));
        }
        let jwk: Jwk = header.jwk.ok_or_else(|| bad("no jwk in the header"))?;
        if serde_json::to_value(&jwk).unwrap().get("d").is_some() {
            return Err(bad("the jwk holds a private key"));
        }
        let key = DecodingKey::from_jwk(&jwk).map_err(|_| bad("unusable jwk"))?;
        let mut validation = Validation::new(Algorithm::ES256);
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        let claims: Value = jsonwebtoken::decode(proof, &key, &validation)
            .map_err(|_| bad("bad signature"))?
            .claims;
        let text = |name: &str| claims.get(name).and_then(Value::as_str);
        if text("htm") != Some(req.method.as_str()) || text("htu") != Some(&htu(&req.url)) {
            return Err(bad("htm or htu mismatch"));
        }
        let now = self.clock.load(Ordering::SeqCst);
        let iat = claims.get("iat").and_then(Value::as_u64).unwrap_or(0);
        if iat.abs_diff(now) > 60 {
            return Err(bad("iat is not recent"));
        }
        if text("ath") != access_token.map(ath).as_deref() {
            return Err(bad("ath mismatch"));
        }
        let want = self.settings.lock().unwrap().dpop_nonce.clone();
        if want.is_some() && text("nonce") != want.as_deref() {
            return Err((
                "use_dpop_nonce",
                "nonce is required in the DPoP proof".into(),
            ));
        }
        let jti = text("jti").filter(|j| !j.is_empty()).ok_or(bad("no jti"))?;
        if !self.state.lock().unwrap().dpop_jtis.insert(jti.to_string()) {
            return Err(("invalid_dpop_proof", "replayed jti".into()));
        }
        Ok(Some(thumbprint(&jwk).expect("an EC key has a thumbprint")))
    }

    fn with_nonce(&self, mut resp: HttpResponse) -> HttpResponse {
        resp.dpop_nonce = self.settings.lock().unwrap().dpop_nonce.clone();
        resp
    }

    /// The token endpoint: a refused proof answers at once; a good one turns a token answer into a DPoP
    /// token bound to its key.
    pub(super) fn token_with_dpop(&self, req: &HttpRequest) -> HttpResponse {
        let jkt = match self.proof_jkt(req, None) {
            Ok(jkt) => jkt,
            Err((error, why)) => {
                return self.with_nonce(json_resp(
                    400,
                    json!({"error": error, "error_description": why}),
                ));
            }
        };
        let mut resp = self.token(req);
        let Some(jkt) = jkt else { return resp };
        if resp.status == 200
            && let Ok(Value::Object(mut doc)) = serde_json::from_slice::<Value>(&resp.body)
        {
            if let Some(at) = doc.get("access_token").and_then(Value::as_str) {
                let mut st = self.state.lock().unwrap();
                st.dpop_bound.insert(at.to_string(), jkt.clone());
            }
            let patch = self.settings.lock().unwrap().token_patch.clone();
            doc.insert("token_type".into(), json!("DPoP"));
            doc.insert("cnf".into(), json!({"jkt": jkt}));
            super::patch(&mut doc, &patch);
            resp.body = Value::Object(doc).to_string().into_bytes();
        }
        self.with_nonce(resp)
    }

    /// Userinfo: a bound token only as `DPoP` with a proof of its key and its `ath`; a `DPoP` scheme
    /// for a token that is not bound is refused too. `None`: not a DPoP matter, answered as usual.
    pub(super) fn userinfo_dpop_refusal(&self, req: &HttpRequest) -> Option<HttpResponse> {
        let auth = req.header("authorization").unwrap_or_default();
        let (scheme, token) = auth.split_once(' ').unwrap_or(("", ""));
        let bound = self.state.lock().unwrap().dpop_bound.get(token).cloned();
        if scheme == "Bearer" && self.settings.lock().unwrap().dpop_lax_userinfo {
            return None;
        }
        let challenge = |status: u16, error: &str| {
            let mut r = json_resp(status, json!({"error": error}));
            r.www_authenticate = Some(format!(r#"DPoP error="{error}", algs="ES256""#));
            Some(self.with_nonce(r))
        };
        match (scheme, bound) {
            ("DPoP", Some(jkt)) => match self.proof_jkt(req, Some(token)) {
                Ok(Some(got)) if got == jkt => None,
                Ok(None) => challenge(400, "invalid_request"),
                Ok(Some(_)) => challenge(401, "invalid_token"),
                Err((error, _)) => challenge(401, error),
            },
            ("DPoP", None) | (_, Some(_)) => challenge(401, "invalid_token"),
            _ => None,
        }
    }

    /// What introspection adds for a bound token (§6.2).
    pub(super) fn introspect_binding(&self, token: &str, doc: &mut Value) {
        if let Some(jkt) = self.state.lock().unwrap().dpop_bound.get(token) {
            doc["token_type"] = json!("DPoP");
            doc["cnf"] = json!({"jkt": jkt});
        }
    }
}
