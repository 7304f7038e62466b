//! The checks `smoke` runs for one profile, as a list of named functions in the contract's order. A check
//! returns what it found (`pass` or `skip`, each with why) or the error that fails it; adding one is a
//! function and a line in [`CHECKS`].
//!
//! Checks of one profile share a [`Subject`]: the stored session and what the `token` check obtained, so
//! the later checks (ID token, userinfo, refresh) test the token set the provider has just issued.

use crate::adapters::store::TokenStore;
use crate::commands::discover;
use crate::commands::revoke::revoke_session;
use crate::commands::secret_endpoint::{self, Which};
use crate::commands::userinfo;
use crate::context::Ctx;
use crate::error::{Error, Kind, Result};
use crate::oauth::http::HttpRequest;
use crate::oauth::id_token::{Jwks, claims_for_display};
use crate::oauth::lint::Level;
use crate::oauth::session::{Grant, Session};
use crate::oauth::token::describe_body;
use crate::tokens::refresh::LOCK_WAIT;
use crate::tokens::{self, Origin, client_credentials};
use serde_json::Value;
use url::Url;

/// What a check found when it did not fail.
pub enum Found {
    Pass(String),
    Skip(String),
    /// The check is about a feature the profile does not use: it is left out of the report.
    NotUsed,
}

pub type CheckFn = fn(&Ctx, &mut Subject) -> Result<Found>;

/// The contract's checks, in its order.
pub const CHECKS: &[(&str, CheckFn)] = &[
    ("discovery", discovery),
    ("jwks", jwks),
    ("token", token),
    ("id_token", id_token),
    ("userinfo", userinfo),
    ("refresh", refresh),
    ("introspect", introspect),
    ("par", super::modern::par),
    ("private_key_jwt", super::modern::assertion),
    ("dpop", super::modern::dpop),
    ("revoke", revoke),
];

/// One profile under test.
#[derive(Default)]
pub struct Subject {
    /// `--revoke`: the last check destroys the tokens.
    revoke: bool,
    /// Where the tokens are: the profile's store, or the in-memory one of `OAUTHCTL_REFRESH_TOKEN`.
    store: Option<Box<dyn TokenStore>>,
    origin: Option<Origin>,
    /// The session before the checks (stored, or built from the environment).
    stored: Option<Session>,
    /// The set the `token` check obtained, and whether its ID token differs from the stored one.
    fresh: Option<Session>,
    new_id_token: bool,
}

impl Subject {
    pub fn new(revoke: bool) -> Subject {
        Subject {
            revoke,
            ..Subject::default()
        }
    }

    /// The session (read once, from the store or the environment: `tokens::current`); `None` when the
    /// profile has no stored tokens.
    pub(super) fn stored(&mut self, ctx: &Ctx) -> Result<Option<&Session>> {
        if self.store.is_none() {
            match tokens::current(ctx) {
                Ok((store, session, origin)) => {
                    self.store = Some(store);
                    self.stored = Some(session);
                    self.origin = Some(origin);
                }
                Err(e) if e.kind == Kind::LoginNeeded && !tokens::injected::active(ctx) => {
                    let profile = ctx.profile()?;
                    self.store = Some(ctx.store_for(profile.as_ref()));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(self.stored.as_ref())
    }

    /// The set the later checks test: the one the `token` check obtained.
    pub(super) fn fresh(&self) -> std::result::Result<&Session, Found> {
        self.fresh
            .as_ref()
            .ok_or_else(|| Found::Skip("no token set (the token check did not pass)".into()))
    }
}

/// The provider's metadata passes the `discover` lint: error findings fail (exit 6), warnings are named.
fn discovery(ctx: &Ctx, subject: &mut Subject) -> Result<Found> {
    let from_session = subject.stored(ctx)?.and_then(|s| s.provider.issuer.clone());
    let issuer = match from_session {
        Some(issuer) => issuer,
        None => match ctx.profile()?.and_then(|p| p.endpoints.issuer) {
            Some(issuer) => issuer,
            None => match ctx.env.login_vars.get("OAUTHCTL_ISSUER") {
                Some(issuer) => issuer.clone(),
                None => {
                    return Ok(Found::Skip(
                        "no issuer (the profile names its endpoints): nothing to discover".into(),
                    ));
                }
            },
        },
    };
    let found = discover::inspect(ctx, &issuer)?;
    let codes = |level: Level| {
        found
            .findings
            .iter()
            .filter(|f| f.level == level)
            .map(|f| f.code)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (errors, warnings) = (codes(Level::Error), codes(Level::Warning));
    if found.has_errors() {
        return Err(Error::security(format!(
            "the metadata has errors: {errors}{}",
            if warnings.is_empty() {
                String::new()
            } else {
                format!(" (warnings: {warnings})")
            }
        )));
    }
    Ok(Found::Pass(if warnings.is_empty() {
        "no finding".into()
    } else {
        format!("no error; warnings: {warnings}")
    }))
}

/// The provider's JWKS parses and holds at least one key.
fn jwks(ctx: &Ctx, subject: &mut Subject) -> Result<Found> {
    let from_session = subject
        .stored(ctx)?
        .and_then(|s| s.provider.jwks_uri.clone());
    let uri = match from_session {
        Some(uri) => uri,
        None => match ctx
            .profile()?
            .and_then(|p| p.endpoints.jwks_uri)
            .map(|u| Url::parse(&u))
        {
            Some(Ok(uri)) => uri,
            Some(Err(e)) => return Err(Error::usage(format!("the profile's jwks_uri: {e}"))),
            None => return Ok(Found::Skip("no jwks_uri is known for this profile".into())),
        },
    };
    let resp = ctx.send(&HttpRequest::get(uri))?;
    if !resp.is_success() {
        return Err(Error::other(format!(
            "fetching the JWKS failed ({})",
            describe_body(&resp)
        )));
    }
    let jwks = Jwks::parse(&resp.body)?;
    let keys = jwks.len();
    if jwks.is_empty() {
        return Err(Error::other("the JWKS holds no usable key"));
    }
    Ok(Found::Pass(format!(
        "{keys} key{}",
        if keys == 1 { "" } else { "s" }
    )))
}

/// A fresh token set, from where the profile's tokens come from: the client credentials grant (nothing
/// stored: the stored token stays as it is), `OAUTHCTL_REFRESH_TOKEN` (in memory only), or the stored
/// refresh token through the token life cycle (the lock, the store: a rotated refresh token is kept).
fn token(ctx: &Ctx, subject: &mut Subject) -> Result<Found> {
    let Some(before) = subject.stored(ctx)?.cloned() else {
        return Err(tokens::login_needed(ctx.profile_name(), "no stored tokens"));
    };
    let from_env = subject.origin == Some(Origin::Environment);
    let (fresh, source) = if before.grant == Grant::ClientCredentials {
        let tokens = client_credentials::obtain(ctx, &before)?;
        let fresh = Session {
            tokens,
            ..before.clone()
        };
        (fresh, "from the client credentials grant (not stored)")
    } else if before.tokens.refresh_token.is_none() {
        if from_env {
            // OAUTHCTL_ACCESS_TOKEN alone: nothing to obtain a token with, but the later checks can
            // still test the one given.
            subject.fresh = Some(before);
            return Ok(Found::Skip(
                "OAUTHCTL_ACCESS_TOKEN is used as given: no OAUTHCTL_REFRESH_TOKEN to obtain a new one"
                    .into(),
            ));
        }
        return Err(tokens::login_needed(
            ctx.profile_name(),
            "no refresh token is stored (nothing to obtain a token with)",
        ));
    } else {
        let store = subject.store.as_deref().expect("loaded above");
        let source = if from_env {
            "from OAUTHCTL_REFRESH_TOKEN (nothing stored)"
        } else {
            "from the stored refresh token"
        };
        (tokens::refresh(ctx, store, None)?, source)
    };
    subject.new_id_token = fresh.tokens.id_token.is_some()
        && fresh.tokens.id_token.as_ref().map(|t| t.secret())
            != before.tokens.id_token.as_ref().map(|t| t.secret());
    let detail = format!(
        "{source}; {}",
        crate::commands::token::expiry_text(fresh.tokens.expires_at, ctx.now())
    );
    subject.fresh = Some(fresh);
    Ok(Found::Pass(detail))
}

/// The new set's ID token: signature against the JWKS, `iss`, `aud`, `exp` (and `at_hash`).
fn id_token(ctx: &Ctx, subject: &mut Subject) -> Result<Found> {
    let session = match subject.fresh() {
        Ok(session) => session,
        Err(skip) => return Ok(skip),
    };
    let Some(id) = session.tokens.id_token.as_ref() else {
        return Ok(Found::Skip("the token set has no ID token".into()));
    };
    // A refresh response need not carry an ID token; the set then keeps the login's. An unchanged one
    // may also be a new one identical to the byte (issued within the same second), so it is verified
    // unless it has expired: then it is the old one, and its expiry says nothing about the provider.
    let expired = claims_for_display(id.secret())
        .and_then(|c| c.get("exp").and_then(Value::as_u64))
        .is_some_and(|exp| exp <= ctx.now());
    if !subject.new_id_token && expired {
        return Ok(Found::Skip(
            "the token response carried no new ID token (the stored one has expired)".into(),
        ));
    }
    let claims = tokens::verify::verify_id_token(
        ctx,
        &session.provider,
        &session.client_id,
        id.secret(),
        None,
        // `at_hash` ties an ID token to the access token issued with it: not a kept one to a new one.
        Some(session.tokens.access_token.secret()).filter(|_| subject.new_id_token),
        None,
    )?;
    let sub = claims.get("sub").and_then(Value::as_str).unwrap_or("?");
    Ok(Found::Pass(format!(
        "signature and claims valid (sub {:?})",
        crate::oauth::error::sanitize(sub, 60)
    )))
}

/// Userinfo answers the new access token with a JSON object whose `sub` is the ID token's.
fn userinfo(ctx: &Ctx, subject: &mut Subject) -> Result<Found> {
    let session = match subject.fresh() {
        Ok(session) => session,
        Err(skip) => return Ok(skip),
    };
    if session.grant == Grant::ClientCredentials {
        return Ok(Found::Skip(
            "a client credentials token stands for no user: nothing to ask userinfo about".into(),
        ));
    }
    let url = match session.provider.userinfo_url.clone() {
        Some(url) => url,
        None => match userinfo::saved_userinfo_url(ctx, session)? {
            Some(url) => url,
            None => return Ok(Found::Skip("the provider has no userinfo endpoint".into())),
        },
    };
    let claims = userinfo::parse(&userinfo::call(ctx, &url, session)?)?;
    userinfo::check_sub(session, &claims)?;
    let has_id = session.tokens.id_token.is_some();
    Ok(Found::Pass(
        match claims.get("sub").and_then(Value::as_str) {
            Some(_) if has_id => "answers; sub matches the ID token's".into(),
            _ => "answers a JSON object (no ID token to compare sub with)".into(),
        },
    ))
}

/// The refresh_token grant once more, stored like `token refresh`; says whether the token rotated.
fn refresh(ctx: &Ctx, subject: &mut Subject) -> Result<Found> {
    let session = match subject.fresh() {
        Ok(session) => session,
        Err(skip) => return Ok(skip),
    };
    let Some(old) = session.tokens.refresh_token.clone() else {
        return Ok(Found::Skip("the token set has no refresh token".into()));
    };
    let store = subject.store.as_deref().expect("loaded by the token check");
    let new = tokens::refresh(ctx, store, None)?;
    let rotated = new
        .tokens
        .refresh_token
        .as_ref()
        .is_some_and(|t| t.secret() != old.secret());
    subject.fresh = Some(new);
    Ok(Found::Pass(
        if rotated {
            "works; the refresh token rotated"
        } else {
            "works; the refresh token did not rotate"
        }
        .into(),
    ))
}

/// RFC 7662: the provider calls the new access token active (fail, exit 6, when it does not).
fn introspect(ctx: &Ctx, subject: &mut Subject) -> Result<Found> {
    let session = match subject.fresh() {
        Ok(session) => session,
        Err(skip) => return Ok(skip),
    };
    if secret_endpoint::known(ctx, session, Which::Introspection)?.is_none() {
        return Ok(Found::Skip(
            "the provider has no introspection endpoint".into(),
        ));
    }
    let answer = crate::commands::introspect::introspect(ctx, session, false)?;
    if answer.get("active") == Some(&Value::Bool(true)) {
        Ok(Found::Pass("the access token is active".into()))
    } else {
        Err(Error::security(
            "the provider says the access token it has just issued is not active",
        ))
    }
}

/// `--revoke` only: RFC 7009 revocation of the tokens at the provider, then of the stored copy, as
/// `token revoke` does (deleted only once the provider accepted every token sent), so the profile needs
/// a new login afterwards. The set the checks used is revoked, and the stored one too when it is
/// another (client credentials: the checks' token was not stored).
fn revoke(ctx: &Ctx, subject: &mut Subject) -> Result<Found> {
    if !subject.revoke {
        return Ok(Found::Skip(
            "not asked for (--revoke destroys the tokens)".into(),
        ));
    }
    let profile = ctx.profile_name();
    let Some(store) = subject.store.as_deref() else {
        return Ok(Found::Skip("no tokens to revoke".into()));
    };
    let injected = store.injected();
    // Under the profile lock like `token revoke`: no refresh may rotate the set in between.
    let _lock = if injected {
        None
    } else {
        Some(ctx.deps.locks.lock(profile, LOCK_WAIT)?)
    };
    let mut sets: Vec<Session> = subject.fresh.iter().cloned().collect();
    if let Some(kept) = store.load(profile)?
        && sets
            .iter()
            .all(|s| s.tokens.access_token.secret() != kept.tokens.access_token.secret())
    {
        sets.push(kept);
    }
    if sets.is_empty() {
        return Ok(Found::Skip("no tokens to revoke".into()));
    }
    let mut revoked = Vec::new();
    for set in &sets {
        for hint in revoke_session(ctx, set)? {
            if !revoked.contains(&hint) {
                revoked.push(hint);
            }
        }
    }
    let what = revoked.join(" and ").replace('_', " ");
    if injected {
        return Ok(Found::Pass(format!(
            "revoked the {what}; nothing was stored (tokens from the environment), and the given ones are dead"
        )));
    }
    store.delete(profile)?;
    Ok(Found::Pass(format!(
        "revoked the {what} and deleted the stored tokens: the profile needs a new login"
    )))
}
