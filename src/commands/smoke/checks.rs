//! The checks `smoke` runs for one profile, as a list of named functions in the contract's order. A check
//! returns what it found (`pass` or `skip`, each with why) or the error that fails it; adding one is a
//! function and a line in [`CHECKS`].
//!
//! Checks of one profile share a [`Subject`]: the stored session and what the `token` check obtained, so
//! the later checks (ID token, userinfo, refresh) test the token set the provider has just issued.

use crate::adapters::store::TokenStore;
use crate::commands::userinfo;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::http::HttpRequest;
use crate::oauth::id_token::{Jwks, claims_for_display};
use crate::oauth::session::Session;
use crate::oauth::token::describe_body;
use crate::tokens;
use serde_json::Value;
use url::Url;

/// What a check found when it did not fail.
pub enum Found {
    Pass(String),
    Skip(String),
}

pub type CheckFn = fn(&Ctx, &mut Subject) -> Result<Found>;

/// The contract's checks in order; `None` is a check whose code is not in this build yet. The other
/// parts of the issue plug in here:
/// - `discovery`: `commands::discover::inspect` (the lint) — error findings fail with exit 6;
/// - `token` also obtains tokens by client credentials (`tokens::client_credentials::obtain`) and from
///   `OAUTHCTL_REFRESH_TOKEN` (the env session), in the `token` check below;
/// - `introspect`: `commands::introspect::introspect` when the endpoint exists;
/// - `revoke` (only with `--revoke`): `commands::revoke::revoke_session`.
pub const CHECKS: &[(&str, Option<CheckFn>)] = &[
    ("discovery", None),
    ("jwks", Some(jwks)),
    ("token", Some(token)),
    ("id_token", Some(id_token)),
    ("userinfo", Some(userinfo)),
    ("refresh", Some(refresh)),
    ("introspect", None),
    ("revoke", None),
];

/// The checks to run: the built ones, `revoke` only when asked for.
pub fn selected(revoke: bool) -> Vec<(&'static str, CheckFn)> {
    CHECKS
        .iter()
        .filter(|(name, _)| revoke || *name != "revoke")
        .filter_map(|(name, check)| check.map(|c| (*name, c)))
        .collect()
}

/// One profile under test.
#[derive(Default)]
pub struct Subject {
    store: Option<Box<dyn TokenStore>>,
    /// The session as stored before the checks.
    stored: Option<Session>,
    /// The set the `token` check obtained, and whether its ID token differs from the stored one.
    fresh: Option<Session>,
    new_id_token: bool,
}

impl Subject {
    /// The stored session (read once); `None` when the profile has no tokens.
    fn stored(&mut self, ctx: &Ctx) -> Result<Option<&Session>> {
        if self.store.is_none() {
            let profile = ctx.profile()?;
            let store = ctx.store_for(profile.as_ref());
            self.stored = store.load(ctx.profile_name())?;
            if self.stored.is_some()
                && let Some(why) = store.exposure(ctx.profile_name())
            {
                ctx.out.warn(&why);
            }
            self.store = Some(store);
        }
        Ok(self.stored.as_ref())
    }
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

/// A fresh token set from the stored refresh token, through the token life cycle (the lock, the store:
/// a rotated refresh token is kept).
fn token(ctx: &Ctx, subject: &mut Subject) -> Result<Found> {
    let Some(before) = subject.stored(ctx)?.cloned() else {
        return Err(tokens::login_needed(ctx.profile_name(), "no stored tokens"));
    };
    if before.tokens.refresh_token.is_none() {
        return Err(tokens::login_needed(
            ctx.profile_name(),
            "no refresh token is stored (nothing to obtain a token with)",
        ));
    }
    let store = subject.store.as_deref().expect("loaded above");
    let fresh = tokens::refresh(ctx, store, None)?;
    subject.new_id_token = fresh.tokens.id_token.is_some()
        && fresh.tokens.id_token.as_ref().map(|t| t.secret())
            != before.tokens.id_token.as_ref().map(|t| t.secret());
    let detail = format!(
        "from the stored refresh token; {}",
        crate::commands::token::expiry_text(fresh.tokens.expires_at, ctx.now())
    );
    subject.fresh = Some(fresh);
    Ok(Found::Pass(detail))
}

/// The new set's ID token: signature against the JWKS, `iss`, `aud`, `exp` (and `at_hash`).
fn id_token(ctx: &Ctx, subject: &mut Subject) -> Result<Found> {
    let Some(session) = &subject.fresh else {
        return Ok(Found::Skip(
            "no token set (the token check did not pass)".into(),
        ));
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
    let Some(session) = &subject.fresh else {
        return Ok(Found::Skip(
            "no token set (the token check did not pass)".into(),
        ));
    };
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
    let Some(session) = &subject.fresh else {
        return Ok(Found::Skip(
            "no token set (the token check did not pass)".into(),
        ));
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
