//! `oauthctl token revoke`: RFC 7009 revocation of the stored refresh token, then the access token, with
//! the client authentication of the token endpoint; the stored set is deleted only once the provider
//! accepted every token sent. Unlike `logout`, which deletes whatever the provider says, a failure here
//! keeps the tokens (the user asked for a revocation, and the tokens may still be live) and says which
//! of them were revoked already.

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::revocation;
use crate::oauth::session::Session;
use crate::oauth::token::{self, ClientAuth};
use crate::output::docs::Revoked;
use crate::tokens::refresh::LOCK_WAIT;
use crate::tokens::{client_secret, load, secret_from_env};

use super::secret_endpoint::{self, Which};

pub fn run(ctx: &Ctx) -> Result<()> {
    let profile = ctx.profile_name();
    // Under the profile lock, so a refresh in flight cannot rotate the set between revoking and deleting.
    let _lock = ctx.deps.locks.lock(profile, LOCK_WAIT)?;
    let (store, session) = load(ctx)?;
    let revoked = revoke_session(ctx, &session)?;
    store.delete(profile)?;
    ctx.out.success(&format!(
        "revoked the {} of profile {profile:?} and deleted the stored tokens",
        revoked.join(" and ")
    ));
    ctx.out.data(&Revoked { revoked }, None);
    Ok(())
}

/// Revokes `session`'s tokens at the provider, refresh token first, and returns the hints of the tokens
/// revoked (`"refresh_token"`, `"access_token"`). It stops at the first failure, whose error names the
/// tokens already revoked. The store is not touched.
pub fn revoke_session(ctx: &Ctx, session: &Session) -> Result<Vec<&'static str>> {
    let secret = client_secret(ctx, session);
    let url = secret_endpoint::resolve(ctx, session, Which::Revocation, secret.as_ref())?;
    let auth = crate::tokens::client_auth(ctx, session, secret.as_ref())?;
    let from_env = secret_from_env(ctx, session);
    let mut done = Vec::new();
    for (value, hint) in revocation::targets(&session.tokens) {
        if let Err(e) = revoke_one(ctx, &url, &auth, value, hint, from_env) {
            let already = match done.as_slice() {
                [] => "nothing was revoked".to_string(),
                done => format!("the {} was revoked already", done.join(" and ")),
            };
            let err = Error::new(
                e.kind,
                format!(
                    "revoking the {hint} failed: {}; {already}, and the stored tokens were kept",
                    e.message
                ),
            );
            return Err(match e.hint {
                Some(h) => err.with_hint(h),
                None => err,
            });
        }
        done.push(hint);
    }
    Ok(done)
}

/// One RFC 7009 request and its answer, as an error when the provider did not accept it.
pub fn revoke_one(
    ctx: &Ctx,
    url: &url::Url,
    auth: &ClientAuth,
    value: &str,
    hint: &str,
    secret_from_env: bool,
) -> Result<()> {
    let req = token::revoke_request(url, auth, value, hint)?;
    let resp = ctx.send(&req)?;
    revocation::check_response(&resp).map_err(|e| Error::blame_env_secret(e, secret_from_env))
}
