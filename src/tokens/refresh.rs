//! How a refresh works: under the profile lock, re-read the store (a parallel process may already have
//! refreshed), spend the refresh token once, verify a new ID token (same `sub` as the login's), keep what
//! the provider did not resend (RFC 6749 §6), and save. A failed refresh leaves the stored set as it was.

use super::verify::verify_id_token;
use super::{client_secret, login_needed};
use crate::adapters::store::TokenStore;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth;
use crate::oauth::id_token;
use crate::oauth::session::Session;
use crate::oauth::token::{self, ClientAuth, TokenSet};
use serde_json::Value;
use std::time::Duration;

/// How long to wait for another process's refresh before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(30);

/// Refreshes under the profile lock. `stale` is the access token the caller found wanting: if the store
/// holds another one once the lock is taken, a parallel process already refreshed, and its result is used
/// instead of spending the refresh token again. `None` forces a refresh (`token refresh`).
pub fn refresh(ctx: &Ctx, store: &dyn TokenStore, stale: Option<&str>) -> Result<Session> {
    let profile = ctx.profile_name();
    let _lock = ctx.deps.locks.lock(profile, LOCK_WAIT)?;
    let current = store
        .load(profile)?
        .ok_or_else(|| login_needed(profile, "no stored tokens"))?;
    if stale.is_some_and(|old| old != current.tokens.access_token.secret()) {
        return Ok(current);
    }
    let refresh_token = current.tokens.refresh_token.clone().ok_or_else(|| {
        login_needed(profile, "no refresh token is stored").with_hint(format!(
            "run `oauthctl -p {profile} login` (many providers issue refresh tokens only for the offline_access scope)"
        ))
    })?;
    let secret = client_secret(ctx, &current);
    let auth = ClientAuth {
        client_id: &current.client_id,
        secret: secret.as_ref(),
        method: current.auth_method,
    };
    let req = token::refresh_request(
        &current.provider.token_url,
        &auth,
        &refresh_token,
        &current.token_params,
    )?;
    let resp = ctx.send(&req)?;
    let fresh = match token::parse_token_response(&resp, ctx.now()) {
        Ok(t) => t,
        Err(e @ oauth::error::Error::Provider { .. }) => {
            // Another process that ignores our lock (an older oauthctl, another tool) may have rotated the
            // token between our read and the provider's answer.
            if let Some(reread) = store.load(profile)?
                && reread.tokens.refresh_token.as_ref().map(|t| t.secret())
                    != Some(refresh_token.secret())
            {
                return Ok(reread);
            }
            return Err(Error::from(e).with_hint(format!(
                "the provider refused the refresh token; run `oauthctl -p {profile} login`"
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let merged = TokenSet::merge_refresh(fresh, &current.tokens);
    if let Some(new_id) = &merged.id_token {
        let old_id = current.tokens.id_token.as_ref().map(|t| t.secret());
        if Some(new_id.secret()) != old_id {
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
    store.save(profile, &session)?;
    Ok(session)
}
