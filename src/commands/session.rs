//! Using a stored session: loading it (or saying a login is needed), refreshing it under the profile lock,
//! and verifying ID tokens against the provider's JWKS. Shared by `login`, `token`, `userinfo` and
//! `logout`.

use super::Ctx;
use crate::adapters::clock;
use crate::adapters::store::lock::lock_profile;
use crate::adapters::store::{Session, TokenStore};
use crate::error::{Error, Result};
use crate::oauth;
use crate::oauth::discovery::Endpoints;
use crate::oauth::http::HttpRequest;
use crate::oauth::id_token::{self, Expectations, Jwks, Outcome};
use crate::oauth::token::{self, ClientAuth, TokenSet};
use crate::oauth::types::{ClientId, ClientSecret, Nonce};
use serde_json::{Map, Value};
use std::time::Duration;
use url::Url;

/// Refresh this long before expiry, so a token handed to a script does not die in flight.
pub const EXPIRY_MARGIN_SECS: u64 = 60;
/// How long to wait for another process's refresh before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// The profile's store and session, or exit 5.
pub fn load(ctx: &Ctx) -> Result<(Box<dyn TokenStore>, Session)> {
    let config = ctx.load_config()?;
    let profile = ctx.profile_name();
    let store = ctx.store_for(config.profiles.get(profile));
    match store.load(profile)? {
        Some(session) => Ok((store, session)),
        None => Err(login_needed(profile, "no stored tokens")),
    }
}

pub fn login_needed(profile: &str, why: &str) -> Error {
    Error::login_needed(format!("{why} for profile {profile:?}"))
        .with_hint(format!("run `oauthctl -p {profile} login`"))
}

/// The client secret to authenticate with: `OAUTHCTL_CLIENT_SECRET` overrides the stored one.
pub fn client_secret(session: &Session) -> Option<ClientSecret> {
    match std::env::var("OAUTHCTL_CLIENT_SECRET") {
        Ok(s) if !s.is_empty() => Some(ClientSecret::new(s)),
        _ => session.client_secret.clone(),
    }
}

pub fn parse_url(what: &str, value: &str) -> Result<Url> {
    Url::parse(value).map_err(|e| Error::usage(format!("the {what} {value:?} is not a URL: {e}")))
}

/// Refreshes under the profile lock. `stale` is the access token the caller found wanting: if the store
/// holds another one once the lock is taken, a parallel process already refreshed, and its result is used
/// instead of spending the refresh token again. `None` forces a refresh (`token refresh`).
pub fn refresh(ctx: &Ctx, store: &dyn TokenStore, stale: Option<&str>) -> Result<Session> {
    let profile = ctx.profile_name();
    let _lock = lock_profile(&ctx.paths.data_dir, profile, LOCK_WAIT)?;
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
    let token_url = parse_url(
        "token endpoint",
        current.endpoints.token_url.as_deref().unwrap_or_default(),
    )?;
    let secret = client_secret(&current);
    let auth = ClientAuth {
        client_id: &current.client_id,
        secret: secret.as_ref(),
        method: current.auth_method,
    };
    let req = token::refresh_request(&token_url, &auth, &refresh_token, &current.token_params)?;
    let resp = ctx.send(&req)?;
    let fresh = match token::parse_token_response(&resp, clock::now()) {
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
            let old_sub = old_id
                .and_then(id_token::claims_for_display)
                .and_then(|c| c.get("sub").and_then(Value::as_str).map(str::to_string));
            verify_id_token(
                ctx,
                &current.endpoints,
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

/// A session whose access token is good for at least the expiry margin, refreshing when needed.
pub fn fresh(ctx: &Ctx) -> Result<(Box<dyn TokenStore>, Session)> {
    let (store, session) = load(ctx)?;
    if !session
        .tokens
        .expires_within(clock::now(), EXPIRY_MARGIN_SECS)
    {
        return Ok((store, session));
    }
    let session = refresh(
        ctx,
        store.as_ref(),
        Some(session.tokens.access_token.secret()),
    )?;
    Ok((store, session))
}

fn fetch_jwks(ctx: &Ctx, jwks_uri: &str) -> Result<Jwks> {
    let resp = ctx.send(&HttpRequest::get(parse_url("jwks_uri", jwks_uri)?))?;
    if !resp.is_success() {
        return Err(Error::other(format!(
            "fetching the provider's JWKS failed ({})",
            token::describe_body(&resp)
        )));
    }
    Ok(Jwks::parse(&resp.body)?)
}

/// Verifies an ID token (signature against the JWKS, refetched once on an unknown key; then the claims).
pub fn verify_id_token(
    ctx: &Ctx,
    endpoints: &Endpoints,
    client_id: &ClientId,
    token: &str,
    nonce: Option<&Nonce>,
    access_token: Option<&str>,
    sub: Option<&str>,
) -> Result<Map<String, Value>> {
    let (Some(issuer), Some(jwks_uri)) =
        (endpoints.issuer.as_deref(), endpoints.jwks_uri.as_deref())
    else {
        return Err(Error::security(
            "received an ID token but cannot verify it: the issuer or its jwks_uri is unknown",
        )
        .with_hint("log in with --issuer (discovery), or with --issuer and --jwks-uri for a provider without discovery"));
    };
    let expect = Expectations {
        issuer,
        client_id,
        nonce,
        access_token,
        sub,
        now: clock::now(),
    };
    for _attempt in 0..2 {
        let jwks = fetch_jwks(ctx, jwks_uri)?;
        if let Outcome::Valid(claims) = id_token::verify(token, &jwks, &expect)? {
            return Ok(claims);
        }
    }
    Err(Error::security(
        "the ID token is invalid: it names a signing key the provider's JWKS does not hold",
    ))
}
