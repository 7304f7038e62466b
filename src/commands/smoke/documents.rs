//! One smoke run fetches a provider's JWKS many times: the discovery lint, the `jwks` check, every ID
//! token verified (after each refresh too), and that again for every profile of the same provider; and
//! its metadata once per profile, for the lint. Neither changes within a run of a few seconds, so the run
//! keeps each of these documents it fetched, per URL, and every profile's HTTP port answers later
//! fetches from that copy: a run of many profiles of one provider fetches each document about once.
//!
//! What counts as such a document is what the provider answered: a GET without credentials whose 2xx
//! answer is a JSON object with a `keys` array (a JWKS) or an `issuer` string (metadata). Nothing else is
//! kept (userinfo, token, introspection and revocation answers always go to the provider).
//!
//! Within one check, a second fetch of the same URL goes to the provider and renews the copy: that is
//! ID token verification looking again for a key the first copy lacked (the provider rotated its keys),
//! which a cache must not answer with the same stale copy.
//!
//! The copy is keyed by URL alone: two profiles naming the same URL name the same provider, so the
//! second profile's own HTTP settings (timeout, trusted CA) are not tried again for it.

use crate::config::HttpSettings;
use crate::error::Result;
use crate::oauth::http::{HttpRequest, HttpResponse, Method};
use crate::ports::Http;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

/// The document copies of one run, shared by every worker.
#[derive(Clone, Default)]
pub struct Documents(Arc<Mutex<HashMap<String, HttpResponse>>>);

/// The URLs one profile's current check has been answered for from the cache; cleared between checks.
#[derive(Clone, Default)]
pub struct CheckScope(Arc<Mutex<HashSet<String>>>);

impl CheckScope {
    pub fn next_check(&self) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

impl Documents {
    /// `inner` answering document fetches from this run's copies, and the handle that marks its checks.
    pub fn wrap(&self, inner: Box<dyn Http>) -> (Box<dyn Http>, CheckScope) {
        let scope = CheckScope::default();
        let http = CachedHttp {
            inner,
            cache: self.clone(),
            scope: scope.clone(),
        };
        (Box::new(http), scope)
    }
}

struct CachedHttp {
    inner: Box<dyn Http>,
    cache: Documents,
    scope: CheckScope,
}

impl Http for CachedHttp {
    fn send(&self, req: &HttpRequest) -> Result<HttpResponse> {
        let cacheable = req.method == Method::Get
            && req.form.is_none()
            && !req
                .headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("authorization"));
        if !cacheable {
            return self.inner.send(req);
        }
        let key = req.url.as_str().to_string();
        let first_in_check = self
            .scope
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.clone());
        if first_in_check {
            let kept = self
                .cache
                .0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(&key)
                .cloned();
            if let Some(resp) = kept {
                return Ok(resp);
            }
        }
        let resp = self.inner.send(req)?;
        if is_document(&resp) {
            self.cache
                .0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(key, resp.clone());
        }
        Ok(resp)
    }

    fn configure(&self, settings: &HttpSettings) {
        self.inner.configure(settings);
    }
}

/// A JWKS or a metadata document.
fn is_document(resp: &HttpResponse) -> bool {
    resp.is_success()
        && serde_json::from_slice::<Value>(&resp.body).is_ok_and(|doc| {
            doc.get("keys").is_some_and(Value::is_array)
                || doc.get("issuer").is_some_and(Value::is_string)
        })
}
