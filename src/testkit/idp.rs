//! A scripted in-process authorization server for command tests: discovery, JWKS, the authorize step (the
//! fake browser hands it the authorize URL; the login's preflight GET gets a login page or the error page
//! of [`IdpSettings::authorize_page`]), the token endpoint (code and refresh grants, PKCE, client
//! authentication, rotating refresh tokens, signed ID tokens), userinfo, revocation (revoked tokens stop
//! working) and introspection. Every request is recorded, and the knobs in [`IdpSettings`] produce the faults a check must catch.

use super::jwt;

#[path = "idp_dpop.rs"]
mod dpop;
use crate::error::Result;
use crate::oauth::http::{HttpRequest, HttpResponse, Method};
use crate::oauth::pkce::s256_challenge;
use crate::ports::Http;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use url::Url;

pub const ISSUER: &str = "http://127.0.0.1:9/idp";
pub const CLIENT_ID: &str = "cli";

/// How the provider behaves; tests change fields before the first request.
pub struct IdpSettings {
    pub issuer: String,
    /// Whether `/.well-known/openid-configuration` answers.
    pub discovery: bool,
    /// The issuer the metadata claims (a mix-up when it differs from `issuer`).
    pub metadata_issuer: Option<String>,
    /// Metadata promises RFC 9207 `iss` on redirects.
    pub iss_parameter_supported: bool,
    /// The `iss` the redirect carries (`None`: none).
    pub redirect_iss: Option<String>,
    /// The client secret the token endpoint demands (`None`: a public client).
    pub client_secret: Option<String>,
    /// The key ID tokens are signed with.
    pub signing_kid: String,
    /// The keys `/jwks` publishes, per fetch: the last entry repeats.
    pub jwks_kids: Vec<Vec<String>>,
    pub expires_in: u64,
    pub rotate_refresh: bool,
    pub issue_refresh_token: bool,
    /// Whether a refresh answers with a new ID token.
    pub refresh_id_token: bool,
    /// Merged into every ID token's claims (`null` removes a claim).
    pub id_claims: Map<String, Value>,
    /// Merged into refreshed ID tokens' claims only.
    pub refresh_id_claims: Map<String, Value>,
    /// How many userinfo calls answer 401 before the real answer.
    pub userinfo_401s: usize,
    /// Merged into the userinfo answer.
    pub userinfo_claims: Map<String, Value>,
    pub revocation: bool,
    /// Whether the metadata lists an introspection endpoint.
    pub introspection: bool,
    /// The OIDC discovery document leaves out the revocation and introspection endpoints; the RFC 8414
    /// one (path-inserted) lists them (and serves the same metadata otherwise).
    pub secret_endpoints_in_rfc8414_only: bool,
    /// Revocation requests with this `token_type_hint` are answered with this status and JSON body.
    pub revoke_fails: Option<(&'static str, u16, Value)>,
    /// `/revoke` and `/introspect` cannot be reached (a network failure).
    pub secret_endpoints_unreachable: bool,
    /// `/introspect` answers this status and raw body instead of the real answer.
    pub introspection_raw: Option<(u16, &'static str)>,
    /// The first refresh waits until this counter reaches the number given (or 3 s pass).
    pub hold_first_refresh: Option<(Arc<AtomicUsize>, usize)>,
    /// `/jwks` answers 500 (the provider's key endpoint is down).
    pub jwks_fails: bool,
    /// Merged into successful refresh responses (`null` removes a member), after the tokens are issued.
    pub refresh_patch: Map<String, Value>,
    /// Refresh errors come as a bare status with an empty body (Glewlwyd).
    pub bare_refresh_errors: bool,
    /// Set verbatim in the userinfo answer after `userinfo_claims`: a `null` stays a JSON null here.
    pub userinfo_raw: Map<String, Value>,
    /// Merged into every token response (`null` removes a member): hostile token values.
    pub token_patch: Map<String, Value>,
    /// Merged into the discovery document (`null` removes a member).
    pub metadata_patch: Map<String, Value>,
    /// Served verbatim as the discovery document instead (a body that is not a JSON object).
    pub metadata_raw: Option<&'static str>,
    /// How `GET /authorize` (the login's preflight) is answered: `None` is the login page (200); else
    /// the status, content type and body of an error page.
    pub authorize_page: Option<(u16, Option<&'static str>, String)>,
    /// `GET /authorize` fails in the transport with this kind of error (network: unreachable).
    pub authorize_fails: Option<crate::error::Kind>,
    /// The metadata lists the RFC 8628 device authorization endpoint (`/device`).
    pub device: bool,
    /// What the device code's polls are answered with, in order (`authorization_pending`, `slow_down`,
    /// `access_denied`…, each an OAuth error, or [`POLL_REFUSED`] / [`POLL_TIMED_OUT`]: no answer); once
    /// they are used up, the tokens.
    pub device_polls: Vec<&'static str>,
    /// Merged into the device authorization answer (`null` removes a member).
    pub device_patch: Map<String, Value>,
    /// Each login is a grant of its own (several profiles logged in at once): every refresh and access
    /// token issued stays good until its own grant rotates it, instead of only the last one issued.
    pub separate_grants: bool,
    /// The token endpoint takes this long to answer (to see requests overlap).
    pub token_delay: Duration,
    /// The client credentials grant answers with an ID token too (which a client must not take).
    pub client_credentials_id_token: bool,
    /// The metadata lists the RFC 9126 pushed authorization request endpoint (`/par`).
    pub par: bool,
    /// The metadata says `require_pushed_authorization_requests`: `/authorize` refuses a request that
    /// was not pushed.
    pub par_required: bool,
    /// `/par` answers this status and JSON body instead of taking the request.
    pub par_answer: Option<(u16, Value)>,
    /// The client's key for `private_key_jwt` (its private key's text: the provider keeps the public
    /// half). Assertions are checked against it, or HS256 against `client_secret`.
    pub assertion_key: Option<&'static str>,
    /// The `aud` assertions must carry; `None`: the URL of the token endpoint.
    pub assertion_audience: Option<String>,
    /// Assertions for any audience are taken (a provider breaking RFC 7523 §3).
    pub assertion_any_audience: bool,
    /// RFC 8705: the metadata lists `mtls_endpoint_aliases` on [`MTLS_ORIGIN`] (same paths).
    pub mtls_aliases: bool,
    /// RFC 8705: the client authenticates with this TLS client certificate (a path, as the fake
    /// transport sees the identity), presented over https; no secret, no public `client_id` alone.
    pub client_cert: Option<std::path::PathBuf>,
    /// Access tokens are bound to the certificate presented when they were issued: userinfo refuses
    /// them without it (`invalid_token`).
    pub bound_tokens: bool,
    /// RFC 9101: `/authorize` refuses a request without a request object (`require_signed_request_object`).
    pub request_object_required: bool,
    /// JARM: merged into the claims of a `response_mode=jwt` response (`null` removes a claim).
    pub jarm_patch: Map<String, Value>,
    /// JARM: the `kid` the response is signed under (`None`: `signing_kid`).
    pub jarm_kid: Option<String>,
    /// RFC 9449 §8–9: the nonce every DPoP proof must carry (sent back in `DPoP-Nonce`).
    pub dpop_nonce: Option<String>,
    /// Userinfo takes a DPoP-bound token as a plain Bearer token (a provider not enforcing the binding).
    pub dpop_lax_userinfo: bool,
}

/// Where the fake provider's mTLS endpoint aliases are.
pub const MTLS_ORIGIN: &str = "https://127.0.0.1:10";

impl Default for IdpSettings {
    fn default() -> Self {
        IdpSettings {
            issuer: ISSUER.into(),
            discovery: true,
            metadata_issuer: None,
            iss_parameter_supported: false,
            redirect_iss: Some(ISSUER.into()),
            client_secret: None,
            signing_kid: "k1".into(),
            jwks_kids: vec![vec!["k1".into()]],
            expires_in: 3600,
            rotate_refresh: true,
            issue_refresh_token: true,
            refresh_id_token: true,
            id_claims: Map::new(),
            refresh_id_claims: Map::new(),
            userinfo_401s: 0,
            userinfo_claims: Map::new(),
            revocation: true,
            introspection: true,
            secret_endpoints_in_rfc8414_only: false,
            revoke_fails: None,
            introspection_raw: None,
            secret_endpoints_unreachable: false,
            hold_first_refresh: None,
            jwks_fails: false,
            refresh_patch: Map::new(),
            bare_refresh_errors: false,
            userinfo_raw: Map::new(),
            token_patch: Map::new(),
            metadata_patch: Map::new(),
            metadata_raw: None,
            authorize_page: None,
            authorize_fails: None,
            device: true,
            device_polls: Vec::new(),
            device_patch: Map::new(),
            separate_grants: false,
            token_delay: Duration::ZERO,
            client_credentials_id_token: false,
            par: false,
            par_required: false,
            par_answer: None,
            assertion_key: None,
            assertion_audience: None,
            assertion_any_audience: false,
            mtls_aliases: false,
            client_cert: None,
            bound_tokens: false,
            request_object_required: false,
            jarm_patch: Map::new(),
            jarm_kid: None,
            dpop_nonce: None,
            dpop_lax_userinfo: false,
        }
    }
}

/// One request as the provider saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub path: String,
    /// Whether the client held a profile lock when it sent the request.
    pub under_lock: bool,
    pub headers: Vec<(String, String)>,
    pub form: Vec<(String, String)>,
    /// The whole URL, so tests can tell which provider (origin) a request went to.
    pub url: String,
    /// The HTTP settings (timeout, trust) the command had given the port when it sent this request.
    pub http: Option<crate::config::HttpSettings>,
    /// The (fake) time it was sent at.
    pub at: u64,
}

impl Seen {
    pub fn form(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

struct Pending {
    nonce: Option<String>,
    challenge: Option<String>,
    redirect_uri: String,
}

#[derive(Default)]
struct State {
    seen: Vec<Seen>,
    codes: HashMap<String, Pending>,
    serial: u32,
    access: Option<String>,
    refresh: Option<String>,
    jwks_fetches: usize,
    userinfo_401s_sent: usize,
    refreshes: usize,
    /// The device code handed out, and the answers its polls still get.
    device_code: Option<String>,
    device_polls: Vec<&'static str>,
    /// With `separate_grants`: the refresh and access tokens still good.
    live_refresh: std::collections::HashSet<String>,
    live_access: std::collections::HashSet<String>,
    /// Tokens revoked at `/revoke`: refused by `/token`, inactive at `/introspect`.
    revoked: Vec<String>,
    /// Pushed authorization requests (RFC 9126) by `request_uri`, as query strings; used once.
    pushed: HashMap<String, String>,
    /// The `jti` of every client assertion taken: RFC 7523 §3 lets a server refuse a reused one, and
    /// this one does.
    assertion_jtis: Vec<String>,
    /// The client certificate of the request being answered (only https carries one).
    presented: Option<std::path::PathBuf>,
    /// The certificate the live access token is bound to.
    bound_to: Option<std::path::PathBuf>,
    /// Every DPoP proof `jti` taken: a replay is refused.
    dpop_jtis: std::collections::HashSet<String>,
    /// DPoP-bound access tokens and the thumbprint of their key.
    dpop_bound: HashMap<String, String>,
}

pub struct FakeIdp {
    pub settings: Mutex<IdpSettings>,
    /// Token requests being answered right now, and the most there ever were at once.
    in_flight: AtomicUsize,
    pub most_in_flight: AtomicUsize,
    state: Mutex<State>,
    clock: Arc<AtomicU64>,
}

fn json_resp(status: u16, body: Value) -> HttpResponse {
    HttpResponse {
        status,
        content_type: Some("application/json".into()),
        www_authenticate: None,
        dpop_nonce: None,
        body: body.to_string().into_bytes(),
    }
}

fn patch(claims: &mut Map<String, Value>, with: &Map<String, Value>) {
    for (k, v) in with {
        if v.is_null() {
            claims.remove(k);
        } else {
            claims.insert(k.clone(), v.clone());
        }
    }
}

impl FakeIdp {
    pub fn new(settings: IdpSettings, clock: Arc<AtomicU64>) -> Self {
        FakeIdp {
            settings: Mutex::new(settings),
            in_flight: AtomicUsize::new(0),
            most_in_flight: AtomicUsize::new(0),
            state: Mutex::new(State::default()),
            clock,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.lock().unwrap().issuer)
    }

    /// Every request so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    /// The requests whose path ends with `suffix`.
    pub fn seen_at(&self, suffix: &str) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.path.ends_with(suffix))
            .collect()
    }

    pub fn refreshes(&self) -> usize {
        self.state.lock().unwrap().refreshes
    }

    pub fn jwks_fetches(&self) -> usize {
        self.state.lock().unwrap().jwks_fetches
    }

    /// The browser's visit to the authorize endpoint: remembers what the client sent and answers with the
    /// redirect's query string.
    pub fn authorize(&self, url: &Url) -> String {
        let mut q: HashMap<String, String> = url.query_pairs().into_owned().collect();
        let mut st = self.state.lock().unwrap();
        // RFC 9126 §4: a pushed request is referred to; anything else must not come with it.
        if let Some(uri) = q.get("request_uri") {
            match st.pushed.remove(uri) {
                Some(pushed)
                    if q.len() == 2
                        && q.get("client_id").map(String::as_str) == Some(CLIENT_ID) =>
                {
                    q = url::form_urlencoded::parse(pushed.as_bytes())
                        .into_owned()
                        .collect();
                }
                _ => return "error=invalid_request_uri".into(),
            }
        } else if self.settings.lock().unwrap().par_required {
            return "error=invalid_request&error_description=PAR+required".into();
        }
        // RFC 9101 §5: a request object replaces every parameter; only `client_id` must be outside too.
        if let Some(jwt) = q.get("request").cloned() {
            match self.request_object(&jwt) {
                Some(claims) if q.get("client_id").map(String::as_str) == Some(CLIENT_ID) => {
                    q = claims;
                }
                _ => return "error=invalid_request_object".into(),
            }
        } else if self.settings.lock().unwrap().request_object_required {
            let state = q.get("state").cloned().unwrap_or_default();
            return format!("error=invalid_request&state={state}");
        }
        st.serial += 1;
        let code = format!("code-{}", st.serial);
        st.codes.insert(
            code.clone(),
            Pending {
                nonce: q.get("nonce").cloned(),
                challenge: q.get("code_challenge").map(|c| {
                    // A plain challenge is kept as the S256 of itself, so one comparison serves both.
                    if q.get("code_challenge_method").map(String::as_str) == Some("plain") {
                        s256_challenge(c)
                    } else {
                        c.clone()
                    }
                }),
                redirect_uri: q.get("redirect_uri").cloned().unwrap_or_default(),
            },
        );
        if matches!(
            q.get("response_mode").map(String::as_str),
            Some("jwt" | "query.jwt")
        ) {
            return format!("response={}", self.jarm_response(&code, q.get("state")));
        }
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        out.append_pair("code", &code);
        if let Some(state) = q.get("state") {
            out.append_pair("state", state);
        }
        if let Some(iss) = &self.settings.lock().unwrap().redirect_iss {
            out.append_pair("iss", iss);
        }
        out.finish()
    }

    /// JARM: the redirect's parameters signed as one JWT, with `iss`, `aud` and `exp` (as oidc-provider
    /// does: no `iat`), under the provider's key.
    fn jarm_response(&self, code: &str, state: Option<&String>) -> String {
        let s = self.settings.lock().unwrap();
        let mut claims = Map::new();
        claims.insert("code".into(), code.into());
        if let Some(state) = state {
            claims.insert("state".into(), state.as_str().into());
        }
        claims.insert("iss".into(), s.issuer.as_str().into());
        claims.insert("aud".into(), CLIENT_ID.into());
        let now = self.clock.load(Ordering::SeqCst);
        claims.insert("exp".into(), (now + 120).into());
        patch(&mut claims, &s.jarm_patch);
        let kid = s.jarm_kid.as_deref().unwrap_or(&s.signing_kid);
        jwt::sign(&Value::Object(claims), kid)
    }

    /// RFC 9101: the request object's claims (as the strings a URL would carry), when it is signed by
    /// the client's key (or HS256 with its secret), typed `oauth-authz-req+jwt`, from the client, for
    /// this issuer, and not expired.
    fn request_object(&self, jwt: &str) -> Option<HashMap<String, String>> {
        use jsonwebtoken::{Algorithm, DecodingKey, Validation};
        let s = self.settings.lock().unwrap();
        let header = jsonwebtoken::decode_header(jwt).ok()?;
        if header.typ.as_deref() != Some(crate::oauth::request_object::TYP) {
            return None;
        }
        let key = if header.alg == Algorithm::HS256 {
            DecodingKey::from_secret(s.client_secret.as_ref()?.as_bytes())
        } else {
            let key =
                crate::oauth::client_key::ClientKey::parse(s.assertion_key?, Default::default())
                    .unwrap();
            DecodingKey::from_jwk(key.public_jwk()).unwrap()
        };
        let mut validation = Validation::new(header.alg);
        validation.validate_exp = false;
        validation.set_audience(&[s.issuer.as_str()]);
        validation.set_issuer(&[CLIENT_ID]);
        validation.set_required_spec_claims(&["exp", "aud", "iss"]);
        let claims = jsonwebtoken::decode::<Map<String, Value>>(jwt, &key, &validation)
            .ok()?
            .claims;
        let now = self.clock.load(Ordering::SeqCst);
        if claims["exp"].as_u64().is_none_or(|exp| exp <= now) {
            return None;
        }
        Some(
            claims
                .into_iter()
                .map(|(k, v)| match v {
                    Value::String(s) => (k, s),
                    other => (k, other.to_string()),
                })
                .collect(),
        )
    }

    /// The discovery document: the OpenID Connect one, or (`rfc8414`) the RFC 8414 one.
    fn metadata(&self, rfc8414: bool) -> Value {
        let s = self.settings.lock().unwrap();
        let base = &s.issuer;
        let mut doc = json!({
            "issuer": s.metadata_issuer.clone().unwrap_or_else(|| base.clone()),
            "authorization_endpoint": format!("{base}/authorize"),
            "token_endpoint": format!("{base}/token"),
            "userinfo_endpoint": format!("{base}/userinfo"),
            "jwks_uri": format!("{base}/jwks"),
            "authorization_response_iss_parameter_supported": s.iss_parameter_supported,
        });
        let secret_endpoints = rfc8414 || !s.secret_endpoints_in_rfc8414_only;
        if s.revocation && secret_endpoints {
            doc["revocation_endpoint"] = json!(format!("{base}/revoke"));
        }
        if s.introspection && secret_endpoints {
            doc["introspection_endpoint"] = json!(format!("{base}/introspect"));
        }
        if s.device {
            doc["device_authorization_endpoint"] = json!(format!("{base}/device"));
        }
        if s.par {
            doc["pushed_authorization_request_endpoint"] = json!(format!("{base}/par"));
        }
        if s.par_required {
            doc["require_pushed_authorization_requests"] = json!(true);
        }
        if s.mtls_aliases {
            let path = Url::parse(base).map(|u| u.path().trim_end_matches('/').to_string());
            let at = |p: &str| json!(format!("{MTLS_ORIGIN}{}{p}", path.as_deref().unwrap_or("")));
            // Aliases of the endpoints this document lists.
            let aliases: Map<String, Value> = [
                ("token_endpoint", "/token"),
                ("userinfo_endpoint", "/userinfo"),
                ("revocation_endpoint", "/revoke"),
                ("introspection_endpoint", "/introspect"),
                ("device_authorization_endpoint", "/device"),
            ]
            .into_iter()
            .filter(|(name, _)| doc.get(*name).is_some())
            .map(|(name, p)| (name.to_string(), at(p)))
            .collect();
            doc["mtls_endpoint_aliases"] = Value::Object(aliases);
            doc["tls_client_certificate_bound_access_tokens"] = json!(s.bound_tokens);
        }
        if let Value::Object(members) = &mut doc {
            patch(members, &s.metadata_patch);
        }
        doc
    }

    fn id_token(&self, nonce: Option<&str>, access: &str, refreshed: bool) -> String {
        let s = self.settings.lock().unwrap();
        let now = self.clock.load(Ordering::SeqCst);
        let mut claims = json!({
            "iss": s.issuer, "aud": CLIENT_ID, "sub": "alice",
            "exp": now + 3600, "iat": now, "at_hash": jwt::at_hash(access),
        })
        .as_object()
        .cloned()
        .unwrap();
        if let Some(n) = nonce {
            claims.insert("nonce".into(), json!(n));
        }
        patch(&mut claims, &s.id_claims);
        if refreshed {
            patch(&mut claims, &s.refresh_id_claims);
        }
        jwt::sign(&Value::Object(claims), &s.signing_kid)
    }

    fn client_ok(&self, req: &HttpRequest) -> bool {
        if let Some(assertion) = req.form_value("client_assertion") {
            return req.form_value("client_assertion_type")
                == Some(crate::oauth::client_assertion::ASSERTION_TYPE)
                && req.form_value("client_secret").is_none()
                && req.header("authorization").is_none()
                && self.assertion_ok(assertion);
        }
        let s = self.settings.lock().unwrap();
        if let Some(cert) = &s.client_cert {
            // RFC 8705 §2: the client is named in the form, the TLS connection proves it.
            return req.form_value("client_id") == Some(CLIENT_ID)
                && req.form_value("client_secret").is_none()
                && req.header("authorization").is_none()
                && self.state.lock().unwrap().presented.as_ref() == Some(cert);
        }
        match &s.client_secret {
            None => req.form_value("client_id") == Some(CLIENT_ID),
            Some(secret) => {
                let basic = crate::oauth::token::basic_authorization(
                    &crate::oauth::types::ClientId::new(CLIENT_ID),
                    &crate::oauth::types::ClientSecret::new(secret.clone()),
                );
                req.header("authorization") == Some(basic.as_str())
                    || (req.form_value("client_id") == Some(CLIENT_ID)
                        && req.form_value("client_secret") == Some(secret.as_str()))
            }
        }
    }

    /// RFC 7523 §3: signed by the client's key (or HS256 with its secret), `iss` = `sub` = the client,
    /// the expected `aud`, not expired by the provider's clock, and a `jti` never seen before.
    fn assertion_ok(&self, jwt: &str) -> bool {
        use jsonwebtoken::{Algorithm, DecodingKey, Validation};
        let s = self.settings.lock().unwrap();
        let Ok(header) = jsonwebtoken::decode_header(jwt) else {
            return false;
        };
        let key = if header.alg == Algorithm::HS256 {
            match &s.client_secret {
                Some(secret) => DecodingKey::from_secret(secret.as_bytes()),
                None => return false,
            }
        } else {
            let Some(text) = s.assertion_key else {
                return false;
            };
            let key = crate::oauth::client_key::ClientKey::parse(text, Default::default()).unwrap();
            DecodingKey::from_jwk(key.public_jwk()).unwrap()
        };
        let mut validation = Validation::new(header.alg);
        validation.validate_exp = false;
        validation.validate_aud = !s.assertion_any_audience;
        validation.set_audience(&[s
            .assertion_audience
            .clone()
            .unwrap_or_else(|| format!("{}/token", s.issuer))]);
        validation.set_issuer(&[CLIENT_ID]);
        validation.sub = Some(CLIENT_ID.into());
        validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
        let Ok(data) = jsonwebtoken::decode::<Value>(jwt, &key, &validation) else {
            return false;
        };
        let now = self.clock.load(Ordering::SeqCst);
        let exp_ok = data.claims["exp"].as_u64().is_some_and(|exp| exp > now);
        let Some(jti) = data.claims["jti"].as_str() else {
            return false;
        };
        let mut st = self.state.lock().unwrap();
        if !exp_ok || st.assertion_jtis.iter().any(|j| j == jti) {
            return false;
        }
        st.assertion_jtis.push(jti.to_string());
        true
    }

    fn issue(&self, nonce: Option<&str>, refreshed: bool) -> Value {
        let (expires_in, issue_refresh, rotate, refresh_id) = {
            let s = self.settings.lock().unwrap();
            (
                s.expires_in,
                s.issue_refresh_token,
                s.rotate_refresh,
                s.refresh_id_token,
            )
        };
        let (access, refresh) = {
            let mut st = self.state.lock().unwrap();
            st.serial += 1;
            let access = format!("at-{}", st.serial);
            st.access = Some(access.clone());
            st.live_access.insert(access.clone());
            st.bound_to = st.presented.clone();
            let refresh = if !issue_refresh || (refreshed && !rotate) {
                None
            } else {
                let r = format!("rt-{}", st.serial);
                st.refresh = Some(r.clone());
                st.live_refresh.insert(r.clone());
                Some(r)
            };
            (access, refresh)
        };
        let mut doc =
            json!({"access_token": access, "token_type": "Bearer", "expires_in": expires_in});
        if let Some(r) = refresh {
            doc["refresh_token"] = json!(r);
        }
        if !refreshed || refresh_id {
            doc["id_token"] = json!(self.id_token(nonce, &access, refreshed));
        }
        if let Value::Object(members) = &mut doc {
            patch(members, &self.settings.lock().unwrap().token_patch);
        }
        doc
    }

    fn token(&self, req: &HttpRequest) -> HttpResponse {
        if !self.client_ok(req) {
            return json_resp(401, json!({"error": "invalid_client"}));
        }
        match req.form_value("grant_type") {
            Some("authorization_code") => {
                let pending = self
                    .state
                    .lock()
                    .unwrap()
                    .codes
                    .remove(req.form_value("code").unwrap_or_default());
                let Some(p) = pending else {
                    return json_resp(400, json!({"error": "invalid_grant"}));
                };
                let pkce_ok = match (&p.challenge, req.form_value("code_verifier")) {
                    (Some(c), Some(v)) => *c == s256_challenge(v),
                    (None, None) => true,
                    _ => false,
                };
                if !pkce_ok || req.form_value("redirect_uri") != Some(p.redirect_uri.as_str()) {
                    return json_resp(400, json!({"error": "invalid_grant"}));
                }
                json_resp(200, self.issue(p.nonce.as_deref(), false))
            }
            Some("refresh_token") => {
                self.hold();
                let mut st = self.state.lock().unwrap();
                st.refreshes += 1;
                let presented = req.form_value("refresh_token").unwrap_or_default();
                let (separate, rotate) = {
                    let s = self.settings.lock().unwrap();
                    (s.separate_grants, s.rotate_refresh)
                };
                let revoked = st.revoked.iter().any(|r| r == presented);
                let ok = !revoked
                    && if separate {
                        let live = st.live_refresh.contains(presented);
                        if live && rotate {
                            st.live_refresh.remove(presented);
                        }
                        live
                    } else {
                        st.refresh.is_some() && st.refresh.as_deref() == Some(presented)
                    };
                drop(st);
                if !ok {
                    let mut r = json_resp(400, json!({"error": "invalid_grant"}));
                    if self.settings.lock().unwrap().bare_refresh_errors {
                        r.body.clear();
                        r.content_type = None;
                    }
                    return r;
                }
                let mut doc = self.issue(None, true);
                if let Value::Object(obj) = &mut doc {
                    patch(obj, &self.settings.lock().unwrap().refresh_patch);
                }
                json_resp(200, doc)
            }
            Some(crate::oauth::device::GRANT_TYPE) => {
                let mut st = self.state.lock().unwrap();
                if st.device_code.is_none()
                    || st.device_code.as_deref() != req.form_value("device_code")
                {
                    return json_resp(400, json!({"error": "invalid_grant"}));
                }
                if !st.device_polls.is_empty() {
                    let error = st.device_polls.remove(0);
                    return json_resp(400, json!({"error": error}));
                }
                // Used once, like a code.
                st.device_code = None;
                drop(st);
                json_resp(200, self.issue(None, false))
            }
            Some("client_credentials") => {
                // RFC 6749 §4.4: confidential clients only; no refresh token (§4.4.3).
                let s = self.settings.lock().unwrap();
                if s.client_secret.is_none() && s.client_cert.is_none() {
                    return json_resp(400, json!({"error": "unauthorized_client"}));
                }
                let (expires_in, with_id) = (s.expires_in, s.client_credentials_id_token);
                drop(s);
                let access = {
                    let mut st = self.state.lock().unwrap();
                    st.serial += 1;
                    let access = format!("cc-{}", st.serial);
                    st.access = Some(access.clone());
                    access
                };
                let mut doc = json!({"access_token": access, "token_type": "Bearer", "expires_in": expires_in});
                if let Some(scope) = req.form_value("scope") {
                    doc["scope"] = json!(scope);
                }
                if with_id {
                    doc["id_token"] = json!(self.id_token(None, &access, false));
                }
                json_resp(200, doc)
            }
            _ => json_resp(400, json!({"error": "unsupported_grant_type"})),
        }
    }

    /// RFC 8628 §3.1–3.2: hands out a device code whose polls get [`IdpSettings::device_polls`].
    /// Why a device code's poll gets no answer at all, when the next scripted answer says so.
    fn device_poll_unanswered(&self, req: &HttpRequest) -> Option<&'static str> {
        if req.form_value("grant_type") != Some(crate::oauth::device::GRANT_TYPE) {
            return None;
        }
        let mut st = self.state.lock().unwrap();
        let why = match st.device_polls.first().copied() {
            Some(POLL_REFUSED) => "Connection refused (os error 111)",
            Some(POLL_TIMED_OUT) => "timed out",
            _ => return None,
        };
        st.device_polls.remove(0);
        Some(why)
    }

    fn device_authorization(&self, req: &HttpRequest) -> HttpResponse {
        if !self.client_ok(req) {
            return json_resp(401, json!({"error": "invalid_client"}));
        }
        let s = self.settings.lock().unwrap();
        let mut st = self.state.lock().unwrap();
        st.serial += 1;
        let code = format!("dc-{}", st.serial);
        st.device_code = Some(code.clone());
        st.device_polls = s.device_polls.clone();
        let base = &s.issuer;
        let mut doc = json!({
            "device_code": code,
            "user_code": "WDJB-MJHT",
            "verification_uri": format!("{base}/device"),
            "verification_uri_complete": format!("{base}/device?user_code=WDJB-MJHT"),
            "expires_in": 600,
            "interval": 5,
        });
        if let Value::Object(members) = &mut doc {
            patch(members, &s.device_patch);
        }
        json_resp(200, doc)
    }

    /// RFC 9126 §2: keeps the pushed parameters (client authentication left out) under a new reference.
    fn push(&self, req: &HttpRequest) -> HttpResponse {
        if let Some((status, body)) = self.settings.lock().unwrap().par_answer.clone() {
            return json_resp(status, body);
        }
        if !self.client_ok(req) {
            return json_resp(401, json!({"error": "invalid_client"}));
        }
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in req.form.iter().flatten() {
            if k != "client_secret" {
                query.append_pair(k, v);
            }
        }
        let mut st = self.state.lock().unwrap();
        st.serial += 1;
        let uri = format!("urn:ietf:params:oauth:request_uri:r{}", st.serial);
        st.pushed.insert(uri.clone(), query.finish());
        json_resp(201, json!({"request_uri": uri, "expires_in": 60}))
    }

    /// Keeps the first refresh waiting until enough callers have reached the lock.
    fn hold(&self) {
        let hold = self.settings.lock().unwrap().hold_first_refresh.take();
        if let Some((counter, want)) = hold {
            let until = Instant::now() + Duration::from_secs(3);
            while counter.load(Ordering::SeqCst) < want && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(5));
            }
            // Let the waiters really block on the lock before answering.
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn userinfo(&self, req: &HttpRequest) -> HttpResponse {
        let mut st = self.state.lock().unwrap();
        let s = self.settings.lock().unwrap();
        let bearer = req.header("authorization").and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("DPoP "))
        });
        if s.bound_tokens && st.presented != st.bound_to {
            return json_resp(401, json!({"error": "invalid_token"}));
        }
        let known = if s.separate_grants {
            bearer.is_some_and(|b| st.live_access.contains(b))
        } else {
            bearer == st.access.as_deref()
        };
        if st.userinfo_401s_sent < s.userinfo_401s || !known {
            st.userinfo_401s_sent += 1;
            let mut r = json_resp(401, json!({}));
            r.body = Vec::new();
            r.content_type = None;
            return r;
        }
        let mut claims = json!({"sub": "alice", "email": "alice@example.test"})
            .as_object()
            .cloned()
            .unwrap();
        patch(&mut claims, &s.userinfo_claims);
        claims.extend(s.userinfo_raw.clone());
        json_resp(200, Value::Object(claims))
    }

    /// RFC 7009: forgets the token (a revoked refresh token takes its access token along, as many
    /// providers do), or answers with the configured failure for its hint.
    fn revoke(&self, req: &HttpRequest) -> HttpResponse {
        if !self.client_ok(req) {
            return json_resp(401, json!({"error": "invalid_client"}));
        }
        let fails = self.settings.lock().unwrap().revoke_fails.clone();
        if let Some((hint, status, body)) = fails
            && req.form_value("token_type_hint") == Some(hint)
        {
            return json_resp(status, body);
        }
        let mut st = self.state.lock().unwrap();
        let token = req.form_value("token").unwrap_or_default().to_string();
        if st.refresh.as_deref() == Some(token.as_str())
            && let Some(access) = st.access.clone()
        {
            st.revoked.push(access);
        }
        st.revoked.push(token);
        json_resp(200, json!({}))
    }

    /// RFC 7662: the live access or refresh token is active, anything else (revoked, unknown) is not.
    fn introspect(&self, req: &HttpRequest) -> HttpResponse {
        if !self.client_ok(req) {
            return json_resp(401, json!({"error": "invalid_client"}));
        }
        if let Some((status, body)) = self.settings.lock().unwrap().introspection_raw {
            return HttpResponse {
                status,
                content_type: Some("application/json".into()),
                www_authenticate: None,
                dpop_nonce: None,
                body: body.as_bytes().to_vec(),
            };
        }
        let st = self.state.lock().unwrap();
        let token = req.form_value("token").unwrap_or_default();
        let live = !st.revoked.iter().any(|r| r == token);
        let now = self.clock.load(Ordering::SeqCst);
        let separate = self.settings.lock().unwrap().separate_grants;
        let (access, refresh) = if separate {
            (
                st.live_access.contains(token),
                st.live_refresh.contains(token),
            )
        } else {
            (
                st.access.as_deref() == Some(token),
                st.refresh.as_deref() == Some(token),
            )
        };
        let common = json!({"active": true, "client_id": CLIENT_ID, "sub": "alice", "scope": "openid offline_access"});
        let mut doc = if live && access {
            let exp = now + self.settings.lock().unwrap().expires_in;
            json!({"token_type": "Bearer", "exp": exp})
        } else if live && refresh {
            json!({"token_type": "refresh_token"})
        } else {
            return json_resp(200, json!({"active": false}));
        };
        if let (Value::Object(d), Value::Object(c)) = (&mut doc, common) {
            d.extend(c);
        }
        drop(st);
        self.introspect_binding(token, &mut doc);
        json_resp(200, doc)
    }

    /// The one refresh token the provider currently accepts (the last one it issued).
    pub fn live_refresh_token(&self) -> Option<String> {
        self.state.lock().unwrap().refresh.clone()
    }
}

/// The [`Http`] port answered by a shared [`FakeIdp`]; the counter says whether a profile lock is held,
/// and the settings a command configured (one run's) are kept with each request it sends.
/// In `device_polls`: that poll fails in the transport, connection refused.
pub const POLL_REFUSED: &str = "(connection refused)";
/// In `device_polls`: that poll fails in the transport, timed out.
pub const POLL_TIMED_OUT: &str = "(timed out)";

pub struct IdpHttp(
    pub Arc<FakeIdp>,
    pub Arc<AtomicUsize>,
    pub Mutex<Option<crate::config::HttpSettings>>,
);

impl Http for IdpHttp {
    fn send(&self, req: &HttpRequest) -> Result<HttpResponse> {
        let idp = &self.0;
        let path = req.url.path().to_string();
        let under_lock = self.1.load(Ordering::SeqCst) > 0;
        let presented = match (req.url.scheme(), &*self.2.lock().unwrap()) {
            ("https", Some(settings)) => settings.client_identity.as_ref().map(|i| i.cert.clone()),
            _ => None,
        };
        idp.state.lock().unwrap().presented = presented;
        idp.state.lock().unwrap().seen.push(Seen {
            under_lock,
            path: path.clone(),
            headers: req.headers.clone(),
            form: req.form.clone().unwrap_or_default(),
            url: req.url.to_string(),
            http: self.2.lock().unwrap().clone(),
            at: idp.clock.load(Ordering::SeqCst),
        });
        let base_path =
            Url::parse(&idp.url("")).map(|u| u.path().trim_end_matches('/').to_string());
        let rel = path
            .strip_prefix(base_path.as_deref().unwrap_or(""))
            .unwrap_or(&path)
            .to_string();
        let resp = match (req.method, rel.as_str()) {
            (Method::Get, "/.well-known/openid-configuration") => {
                let raw = idp.settings.lock().unwrap().metadata_raw;
                if let Some(raw) = raw {
                    HttpResponse {
                        status: 200,
                        content_type: Some("application/json".into()),
                        www_authenticate: None,
                        dpop_nonce: None,
                        body: raw.as_bytes().to_vec(),
                    }
                } else if idp.settings.lock().unwrap().discovery {
                    json_resp(200, idp.metadata(false))
                } else {
                    json_resp(404, json!({}))
                }
            }
            // RFC 8414 inserts the well-known segment before the issuer's path.
            (Method::Get, p)
                if Some(p)
                    == base_path
                        .as_deref()
                        .ok()
                        .map(|b| format!("/.well-known/oauth-authorization-server{b}"))
                        .as_deref() =>
            {
                if idp
                    .settings
                    .lock()
                    .unwrap()
                    .secret_endpoints_in_rfc8414_only
                {
                    json_resp(200, idp.metadata(true))
                } else {
                    json_resp(404, json!({}))
                }
            }
            (Method::Get, "/jwks") => {
                let mut st = idp.state.lock().unwrap();
                let s = idp.settings.lock().unwrap();
                if s.jwks_fails {
                    st.jwks_fetches += 1;
                    return Ok(json_resp(500, json!({})));
                }
                let phase = st.jwks_fetches.min(s.jwks_kids.len() - 1);
                st.jwks_fetches += 1;
                let kids: Vec<&str> = s.jwks_kids[phase].iter().map(String::as_str).collect();
                HttpResponse {
                    status: 200,
                    content_type: Some("application/json".into()),
                    www_authenticate: None,
                    dpop_nonce: None,
                    body: jwt::jwks(&kids),
                }
            }
            (Method::Get, "/authorize")
                if let Some(kind) = idp.settings.lock().unwrap().authorize_fails =>
            {
                return Err(crate::error::Error::new(
                    kind,
                    "request to 127.0.0.1 failed: Connection refused (os error 111)",
                ));
            }
            (Method::Get, "/authorize") => {
                match idp.settings.lock().unwrap().authorize_page.clone() {
                    None => HttpResponse {
                        status: 200,
                        content_type: Some("text/html".into()),
                        www_authenticate: None,
                        dpop_nonce: None,
                        body: b"<html><head><title>Sign in</title></head></html>".to_vec(),
                    },
                    Some((status, content_type, body)) => HttpResponse {
                        status,
                        content_type: content_type.map(Into::into),
                        www_authenticate: None,
                        dpop_nonce: None,
                        body: body.into_bytes(),
                    },
                }
            }
            (Method::Post, "/token") if let Some(why) = idp.device_poll_unanswered(req) => {
                return Err(crate::error::Error::network(format!(
                    "request to 127.0.0.1 failed: {why}"
                )));
            }
            (Method::Post, "/token") => {
                let now = idp.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                idp.most_in_flight.fetch_max(now, Ordering::SeqCst);
                let delay = idp.settings.lock().unwrap().token_delay;
                std::thread::sleep(delay);
                let resp = idp.token_with_dpop(req);
                idp.in_flight.fetch_sub(1, Ordering::SeqCst);
                resp
            }
            (Method::Post, "/device") => idp.device_authorization(req),
            (Method::Post, "/par") => idp.push(req),
            (Method::Get, "/userinfo") => idp
                .userinfo_dpop_refusal(req)
                .unwrap_or_else(|| idp.userinfo(req)),
            (Method::Post, "/revoke" | "/introspect")
                if idp.settings.lock().unwrap().secret_endpoints_unreachable =>
            {
                return Err(crate::error::Error::network(
                    "request to 127.0.0.1 failed: Connection refused (os error 111)",
                ));
            }
            (Method::Post, "/revoke") => idp.revoke(req),
            (Method::Post, "/introspect") => idp.introspect(req),
            _ => json_resp(404, json!({"error": "not_found"})),
        };
        Ok(resp)
    }

    fn configure(&self, settings: &crate::config::HttpSettings) {
        *self.2.lock().unwrap() = Some(settings.clone());
    }
}
