//! How a refresh works: under the profile lock, re-read the store (a parallel process may already have
//! refreshed), spend the refresh token once, verify a new ID token (same `sub` as the login's), keep what
//! the provider did not resend (RFC 6749 §6), and save.
//!
//! A rotating provider invalidates the refresh token it was sent the moment it answers; presenting that
//! token again is reuse, and reuse detection (oidc-provider, Glewlwyd, …) revokes the whole grant. So once
//! the provider has issued a new refresh token, it is never dropped, whatever fails afterwards:
//! - a response that parses but still has to be checked (a new ID token: JWKS fetch, signature, `sub`)
//!   first stores the rotated refresh token alone, beside the previous, verified access and ID tokens;
//!   the new access and ID tokens are stored only once verified. A failed check therefore leaves the
//!   previous set in use (its access token is handed out while it is valid, the next refresh presents
//!   the rotated refresh token) and nothing unverified is ever stored or printed;
//! - a 2xx response that fails to parse (`token_type: "DPoP"`, a bad `expires_in` or `scope`) but carries
//!   a string `refresh_token` stores that refresh token the same way before the error is reported;
//! - a store write that fails is retried; if it still fails, the error says the refresh token was rotated
//!   and not saved, and `token refresh --show-tokens` prints the unsaved tokens on stderr.

use super::verify::verify_id_token;
use super::{client_credentials, client_secret, login_needed, secret_from_env};
use crate::adapters::store::TokenStore;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth;
use crate::oauth::http::HttpResponse;
use crate::oauth::id_token;
use crate::oauth::session::{Grant, Session};
use crate::oauth::token::{self, TokenSet};
use crate::oauth::types::RefreshToken;
use serde_json::Value;
use std::time::Duration;

/// How long to wait for another process's refresh before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(30);

/// How often a store write is tried before the new tokens are declared unsaved.
const SAVE_ATTEMPTS: usize = 3;
/// The pause between two tries: long enough for a busy keyring or a full disk to recover, short enough
/// not to be felt.
const SAVE_RETRY_PAUSE: Duration = Duration::from_millis(100);

/// Refreshes under the profile lock. `stale` is the access token the caller found wanting: if the store
/// holds another one once the lock is taken, a parallel process already refreshed, and its result is used
/// instead of spending the refresh token again. `None` forces a refresh (`token refresh`).
pub fn refresh(ctx: &Ctx, store: &dyn TokenStore, stale: Option<&str>) -> Result<Session> {
    refresh_with(ctx, store, stale, false)
}

/// [`refresh`], and when the store cannot keep what the provider issued, `show_unsaved` prints those
/// tokens on stderr (`token refresh --show-tokens`) so that the person can still use them.
pub fn refresh_with(
    ctx: &Ctx,
    store: &dyn TokenStore,
    stale: Option<&str>,
    show_unsaved: bool,
) -> Result<Session> {
    let profile = ctx.profile_name();
    // An injected session is this process's alone: no lock file (nothing is written in that mode).
    let _lock = if store.injected() {
        None
    } else {
        Some(ctx.deps.locks.lock(profile, LOCK_WAIT)?)
    };
    let current = store
        .load(profile)?
        .ok_or_else(|| login_needed(profile, "no stored tokens"))?;
    if stale.is_some_and(|old| old != current.tokens.access_token.secret()) {
        return Ok(current);
    }
    if current.grant == Grant::ClientCredentials {
        // No refresh token: the client secret obtains a new token.
        let session = Session {
            tokens: client_credentials::obtain(ctx, &current)?,
            ..current
        };
        store.save(profile, &session)?;
        return Ok(session);
    }
    let refresh_token = current.tokens.refresh_token.clone().ok_or_else(|| {
        login_needed(profile, "no refresh token is stored").with_hint(format!(
            "run `oauthctl -p {profile} login` (many providers issue refresh tokens only for the offline_access scope)"
        ))
    })?;
    // A session stored before logins refused them may carry token parameters that would replace
    // `grant_type` or `refresh_token`.
    crate::oauth::authorize::check_token_params(&current.token_params)?;
    let secret = client_secret(ctx, &current);
    let auth = crate::tokens::client_auth(ctx, &current, secret.as_ref())?;
    let mut req = token::refresh_request(
        &current.provider.token_url,
        &auth,
        &refresh_token,
        &current.token_params,
    )?;
    let dpop_key = super::dpop::key_of(&current)?;
    req.dpop = super::dpop::for_token_endpoint(dpop_key.as_ref());
    let resp = ctx.send(&req)?;
    let keep = Keep {
        ctx,
        store,
        show_unsaved,
    };
    let refused = |e: Error| -> Result<Session> {
        // Another process that ignores our lock (an older oauthctl, another tool) may have rotated the
        // token between our read and the provider's answer.
        if let Some(reread) = store.load(profile)?
            && reread.tokens.refresh_token.as_ref().map(|t| t.secret())
                != Some(refresh_token.secret())
        {
            return Ok(reread);
        }
        if store.injected() {
            return Err(e.with_hint(
                "the provider refused OAUTHCTL_REFRESH_TOKEN (spent, expired or revoked): put a live refresh token in it",
            ));
        }
        Err(e.with_hint(format!(
            "the provider refused the refresh token; run `oauthctl -p {profile} login`"
        )))
    };
    if is_bare_refusal(&resp) {
        // Glewlwyd answers a dead refresh token with 400 and nothing else: no `error` to report, but
        // the meaning is the same as invalid_grant.
        return refused(Error::oauth(format!(
            "the provider rejected the refresh token (HTTP {} with an empty body)",
            resp.status
        )));
    }
    let fresh = match token::parse_token_response(&resp, ctx.now()) {
        Ok(t) => t,
        Err(e @ oauth::error::Error::Provider { .. }) => {
            if secret_from_env(ctx, &current) {
                // The refresh token is not what was refused: the hint points at the variable instead.
                return Err(Error::blame_env_secret(e, true));
            }
            return refused(e.into());
        }
        Err(e) => {
            if let Some(rotated) = rotated_in_body(&resp, &refresh_token) {
                keep.rotated(&current, rotated)?;
            }
            return Err(e.into());
        }
    };
    if let Err(e) = super::dpop::check_issued(&fresh, &resp, dpop_key.as_deref()) {
        // Refused, but issued: a rotated refresh token is kept all the same (see above).
        if let Some(rotated) = rotated_in_body(&resp, &refresh_token) {
            keep.rotated(&current, rotated)?;
        }
        return Err(e);
    }
    let merged = TokenSet::merge_refresh(fresh, &current.tokens);
    let rotated = merged
        .refresh_token
        .clone()
        .filter(|r| r.secret() != refresh_token.secret());
    // Whether the store still holds only the refresh token the provider has just spent.
    let mut spent_in_store = rotated.is_some();
    if rotated.is_some()
        && store.injected()
        && ctx.env.refresh_token.as_ref().map(|t| t.secret()) == Some(refresh_token.secret())
    {
        // Said once: later refreshes in this process present the rotated token, not the variable's.
        ctx.out.warn(
            "the provider rotated the refresh token: the one in OAUTHCTL_REFRESH_TOKEN is now spent (the new one lives only in this process)",
        );
    }
    if let Some(new_id) = &merged.id_token {
        let old_id = current.tokens.id_token.as_ref().map(|t| t.secret());
        if Some(new_id.secret()) != old_id {
            // The checks below fetch the JWKS and may fail; the rotated refresh token must outlive them.
            if let Some(rotated) = rotated {
                keep.rotated(&current, rotated)?;
                spent_in_store = false;
            }
            // OIDC Core §12.2: a refreshed ID token must be about the same user as the login's.
            let old_sub = old_id
                .and_then(id_token::claims_for_display)
                .and_then(|c| c.get("sub").and_then(Value::as_str).map(str::to_string));
            verify_id_token(
                ctx,
                &current.provider,
                &current.client_id,
                new_id.secret(),
                None,
                Some(merged.access_token.secret()),
                old_sub.as_deref(),
            )?;
        }
    }
    let session = Session {
        tokens: merged,
        ..current
    };
    keep.save(&session, true, spent_in_store)?;
    Ok(session)
}

/// A 400 or 401 from the token endpoint with nothing in the body.
fn is_bare_refusal(resp: &HttpResponse) -> bool {
    matches!(resp.status, 400 | 401) && resp.body.iter().all(u8::is_ascii_whitespace)
}

/// The refresh token a 2xx answer carries when the rest of it could not be accepted: the provider has
/// issued it (and so spent ours). Only a token of RFC 6749 VSCHARs is taken; anything else could not be
/// sent back anyway.
fn rotated_in_body(resp: &HttpResponse, sent: &RefreshToken) -> Option<RefreshToken> {
    if !resp.is_success() {
        return None;
    }
    let value: Value = serde_json::from_slice(&resp.body).ok()?;
    let rt = value.get("refresh_token")?.as_str()?;
    let usable = !rt.is_empty() && rt.bytes().all(|b| (0x20..=0x7e).contains(&b));
    (usable && rt != sent.secret()).then(|| RefreshToken::new(rt))
}

/// Where what the provider issued goes: the store, tried a few times, else (when asked) stderr.
struct Keep<'a> {
    ctx: &'a Ctx,
    store: &'a dyn TokenStore,
    show_unsaved: bool,
}

impl Keep<'_> {
    /// Stores the previous set with only its refresh token replaced by the rotated one.
    fn rotated(&self, current: &Session, rotated: RefreshToken) -> Result<()> {
        let mut kept = current.clone();
        kept.tokens.refresh_token = Some(rotated);
        self.save(&kept, false, true)
    }

    /// Saves `session`, retrying. When every try failed: `whole` says whether all of its tokens are new
    /// and verified (else only its refresh token is new, and only that one is worth showing), and
    /// `spent_in_store` whether the store is left with a refresh token the provider no longer honours.
    fn save(&self, session: &Session, whole: bool, spent_in_store: bool) -> Result<()> {
        let profile = self.ctx.profile_name();
        let mut attempt = 1;
        let err = loop {
            match self.store.save(profile, session) {
                Ok(()) => return Ok(()),
                Err(e) if attempt >= SAVE_ATTEMPTS => break e,
                Err(_) => {
                    attempt += 1;
                    std::thread::sleep(SAVE_RETRY_PAUSE);
                }
            }
        };
        if self.show_unsaved {
            self.show(&session.tokens, whole);
        }
        let (message, next) = if spent_in_store {
            (
                format!(
                    "the provider rotated the refresh token, but the new tokens could not be saved ({}); \
                     the stored refresh token is no longer valid",
                    err.message
                ),
                format!("run `oauthctl -p {profile} login`"),
            )
        } else {
            (
                format!(
                    "the refreshed tokens could not be saved ({}); the stored refresh token still works",
                    err.message
                ),
                format!("run `oauthctl -p {profile} token refresh` again"),
            )
        };
        let hint = if self.show_unsaved {
            format!("the new tokens are printed above; fix the token store, then {next}")
        } else {
            format!(
                "fix the token store, then {next} (`token refresh --show-tokens` prints tokens that cannot be saved)"
            )
        };
        Err(Error::new(err.kind, message).with_hint(hint))
    }

    /// The unsaved tokens on stderr: the only copy left of a live refresh token.
    fn show(&self, tokens: &TokenSet, whole: bool) {
        let out = &self.ctx.out;
        out.warn("the provider issued these tokens and they could not be saved:");
        if let Some(rt) = &tokens.refresh_token {
            out.info(&format!("refresh_token: {}", rt.secret()));
        }
        if whole {
            out.info(&format!("access_token: {}", tokens.access_token.secret()));
            if let Some(id) = &tokens.id_token {
                out.info(&format!("id_token: {}", id.secret()));
            }
        }
    }
}
