//! The token life cycle, shared by every command that uses a stored session: load it (or say a login is
//! needed), keep it fresh (refresh under the profile lock, `refresh.rs`), and verify ID tokens against the
//! provider's JWKS (`verify.rs`). Commands orchestrate; the rules of using tokens live here.

pub mod assertion;
pub mod client_credentials;
pub mod dpop;
pub mod injected;
pub mod refresh;
pub mod verify;

use crate::adapters::store::{StoreKind, TokenStore};
use crate::commands::login::public_client_ignores_env;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::session::Session;
use crate::oauth::token::ClientAuth;
use crate::oauth::types::{AuthMethod, ClientSecret};

pub use refresh::refresh;

/// Refresh this long before expiry, so a token handed to a script does not die in flight.
pub const EXPIRY_MARGIN_SECS: u64 = 60;

/// The profile's store and session, or exit 5. With `OAUTHCTL_REFRESH_TOKEN` or `OAUTHCTL_ACCESS_TOKEN`
/// set, the session comes from the environment instead and lives in memory (`injected.rs`).
pub fn load(ctx: &Ctx) -> Result<(Box<dyn TokenStore>, Session)> {
    if injected::active(ctx) {
        return injected::load(ctx);
    }
    let profile = ctx.profile()?;
    let store = ctx.store_for(profile.as_ref());
    match store.load(ctx.profile_name())? {
        Some(session) => {
            if let Some(why) = store.exposure(ctx.profile_name()) {
                ctx.out.warn(&why);
            }
            Ok((store, session))
        }
        None => match client_credentials_on_demand(ctx, profile.as_ref())? {
            Some(found) => Ok(found),
            None => Err(login_needed(ctx.profile_name(), "no stored tokens")),
        },
    }
}

/// A client credentials profile needs no login: the client secret is all it takes to obtain a token. With
/// nothing stored, such a profile (saved with `client_credentials = true`, or named by
/// `OAUTHCTL_CLIENT_CREDENTIALS` with the other login variables: a CI job with no config file) gets a
/// session in memory when a credential is at hand (`OAUTHCTL_CLIENT_SECRET`, `OAUTHCTL_CLIENT_KEY`, or
/// the profile's client certificate), marked expired so that its first use obtains a token. Nothing is written, as with
/// `OAUTHCTL_REFRESH_TOKEN`. Any other profile is refused before any request is sent.
fn client_credentials_on_demand(
    ctx: &Ctx,
    profile: Option<&crate::config::Profile>,
) -> Result<Option<(Box<dyn TokenStore>, Session)>> {
    let saved = profile.and_then(|p| p.client_credentials) == Some(true);
    let from_env = ctx
        .env
        .login_vars
        .get("OAUTHCTL_CLIENT_CREDENTIALS")
        .is_some_and(|v| {
            matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "1" | "true" | "yes" | "y" | "on" | "t"
            )
        });
    // Without a credential to obtain a token with, nothing stored still means a login is needed.
    let credential = ctx.env.client_secret.is_some()
        || ctx.env.client_key.is_some()
        || profile.and_then(|p| p.client_cert.as_ref()).is_some();
    if !(saved || from_env) || !credential {
        return Ok(None);
    }
    injected::load(ctx).map(Some)
}

/// A session whose access token is good for at least the expiry margin, refreshing when needed. When
/// that refresh fails but the access token has not expired yet (it is only inside the margin), the
/// still-valid token is used with a warning: the margin is a courtesy, not a reason to fail.
pub fn fresh(ctx: &Ctx) -> Result<(Box<dyn TokenStore>, Session)> {
    let (store, session) = load(ctx)?;
    let now = ctx.now();
    if !session.tokens.expires_within(now, EXPIRY_MARGIN_SECS) {
        return Ok((store, session));
    }
    match refresh(
        ctx,
        store.as_ref(),
        Some(session.tokens.access_token.secret()),
    ) {
        Ok(session) => Ok((store, session)),
        Err(e) => match session.tokens.expires_at {
            Some(at) if at > now => {
                ctx.out.warn(&format!(
                    "refreshing failed ({}); using the current access token, valid for {} s more",
                    e.message,
                    at - now
                ));
                Ok((store, session))
            }
            _ => Err(e),
        },
    }
}

/// Where a session came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `OAUTHCTL_REFRESH_TOKEN` / `OAUTHCTL_ACCESS_TOKEN`: nothing is stored.
    Environment,
    /// The token store of the profile.
    Store(StoreKind),
}

/// The session of the profile, from the environment or the store, not refreshed, and which it was
/// (`smoke` reports it). The store is what [`refresh()`] needs to keep new tokens where they belong.
pub fn current(ctx: &Ctx) -> Result<(Box<dyn TokenStore>, Session, Origin)> {
    let (store, session) = load(ctx)?;
    let origin = if store.injected() {
        Origin::Environment
    } else {
        Origin::Store(store.kind())
    };
    Ok((store, session, origin))
}

pub fn login_needed(profile: &str, why: &str) -> Error {
    Error::login_needed(format!("{why} for profile {profile:?}"))
        .with_hint(format!("run `oauthctl -p {profile} login`"))
}

/// The client secret to authenticate with: `OAUTHCTL_CLIENT_SECRET` overrides the stored one, except for
/// a public client (auth method none), which it never changes: there it is ignored with a warning.
pub fn client_secret(ctx: &Ctx, session: &Session) -> Option<ClientSecret> {
    if ctx.env.client_secret.is_some() && session.auth_method == AuthMethod::None {
        ctx.out.warn(&public_client_ignores_env(ctx.profile_name()));
        return session.client_secret.clone();
    }
    ctx.env
        .client_secret
        .clone()
        .or_else(|| session.client_secret.clone())
}

/// How `session`'s client authenticates at the provider's back-channel endpoints, with `secret` from
/// [`client_secret`]. For the assertion methods the key is the stored one, or the file named by
/// `OAUTHCTL_CLIENT_KEY`, which overrides it as `OAUTHCTL_CLIENT_SECRET` overrides the secret.
pub fn client_auth<'a>(
    ctx: &Ctx,
    session: &'a Session,
    secret: Option<&'a ClientSecret>,
) -> Result<ClientAuth<'a>> {
    let from_env = match &ctx.env.client_key {
        Some(path) if session.auth_method == AuthMethod::PrivateKeyJwt => {
            Some(assertion::read_key_file(path)?)
        }
        _ => None,
    };
    let key = from_env.as_ref().or(session.client_key.as_ref());
    let assertion = assertion::plan(
        session.auth_method,
        &session.client_id,
        key,
        session.client_key_id.as_deref(),
        secret,
        session
            .assertion_audience
            .as_deref()
            .unwrap_or(session.provider.token_url.as_str()),
    )
    .map_err(|e| match e.kind {
        crate::error::Kind::Usage if key.is_none() => login_needed(
            ctx.profile_name(),
            "no client key is stored (private_key_jwt)",
        )
        .with_hint("set OAUTHCTL_CLIENT_KEY=PATH, or log in again with --client-key PATH"),
        _ => e,
    })?;
    Ok(ClientAuth {
        client_id: &session.client_id,
        secret,
        method: session.auth_method,
        assertion,
    })
}

/// Whether the secret [`client_secret`] returns is `OAUTHCTL_CLIENT_SECRET`'s.
pub fn secret_from_env(ctx: &Ctx, session: &Session) -> bool {
    ctx.env.client_secret.is_some() && session.auth_method != AuthMethod::None
}

#[cfg(test)]
mod client_credentials_tests;
#[cfg(test)]
mod injected_tests;
#[cfg(test)]
mod tests;
