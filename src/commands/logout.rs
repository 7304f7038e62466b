//! `oauthctl logout`: revoke what the provider lets us revoke (RFC 7009), then delete the stored tokens,
//! in every store (a copy left in the file store by an earlier login is cleaned too), under the profile
//! lock so a refresh in flight cannot write the tokens back. A failed revocation is reported but does not
//! keep the tokens; an unreadable token set (corrupt, or from another version) is deleted unrevoked.

use crate::adapters::store::StoreKind;
use crate::config::Profile;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::revocation;
use crate::oauth::session::Session;
use crate::output::docs::LoggedOut;
use crate::tokens::client_secret;
use crate::tokens::refresh::LOCK_WAIT;

use super::revoke::revoke_one;

pub fn run(ctx: &Ctx) -> Result<()> {
    let profile = ctx.profile_name();
    if crate::tokens::injected::active(ctx) {
        // The run's tokens are the variables' and the stored set is not in play: deleting it would act on
        // something the user did not point at, and revoking the variables' tokens would break every later
        // job that uses them, so neither happens without being asked for by name.
        return Err(Error::usage(
            "logout acts on stored tokens, but OAUTHCTL_REFRESH_TOKEN / OAUTHCTL_ACCESS_TOKEN supply this run's tokens",
        )
        .with_hint(format!(
            "unset them to log out of the stored profile {profile:?}, or run `oauthctl token revoke` to revoke the tokens they hold"
        )));
    }
    let Outcome { deleted, revoked } = revoke_and_delete(ctx, profile, ctx.profile()?.as_ref())?;
    if deleted {
        let what = if revoked {
            "tokens revoked and deleted"
        } else {
            "tokens deleted"
        };
        ctx.out
            .success(&format!("logged out of profile {profile:?}; {what}"));
    } else {
        ctx.out
            .info(&format!("profile {profile:?} had no stored tokens"));
    }
    let doc = LoggedOut {
        deleted,
        profile,
        revoked,
    };
    ctx.out.data(&doc, None);
    Ok(())
}

/// What [`revoke_and_delete`] did.
pub struct Outcome {
    /// Tokens were found and deleted in at least one store.
    pub deleted: bool,
    /// The provider accepted the revocation of every token found.
    pub revoked: bool,
}

/// The logout itself, for `logout` and `profile rm`: revoke (when the provider can) and delete `profile`'s
/// tokens in every store, under the profile lock. `saved` is the profile's config entry, which says which
/// store is its own.
pub fn revoke_and_delete(ctx: &Ctx, profile: &str, saved: Option<&Profile>) -> Result<Outcome> {
    let store = ctx.store_for(saved);
    let other = ctx.deps.stores.open(match store.kind() {
        StoreKind::Keyring => StoreKind::File,
        StoreKind::File => StoreKind::Keyring,
    });
    let _lock = ctx.deps.locks.lock(profile, LOCK_WAIT)?;
    let (mut revoked, mut found) = (true, false);
    let mut deleted = false;
    // The profile's own store must answer; the other one is cleaned when it can be reached at all.
    for (store, own) in [(&store, true), (&other, false)] {
        match store.load(profile) {
            Ok(Some(session)) => {
                found = true;
                revoked &= revoke_all(ctx, &session)?;
            }
            Ok(None) => {}
            Err(e) if own => ctx
                .out
                .warn(&format!("{}; deleting it unrevoked", e.message)),
            Err(_) => continue,
        }
        match store.delete(profile) {
            Ok(gone) => deleted |= gone,
            Err(e) if own => return Err(e),
            Err(_) => {}
        }
    }
    Ok(Outcome {
        deleted,
        revoked: revoked && found,
    })
}

/// Revokes the refresh token first (on many providers that also kills its access tokens), then the access
/// token. True only when the provider has a revocation endpoint and accepted both.
fn revoke_all(ctx: &Ctx, session: &Session) -> Result<bool> {
    let Some(url) = &session.provider.revocation_url else {
        return Ok(false);
    };
    let secret = client_secret(ctx, session);
    if secret.is_some() && url.origin() != session.provider.token_url.origin() {
        // A session stored before logins checked this, or a secret that came later from the
        // environment: the secret was given for the token endpoint's origin and goes nowhere else.
        ctx.out.warn(&format!(
            "not revoking: the revocation endpoint {url} is on another origin than the token endpoint, and the client secret is never sent there"
        ));
        return Ok(false);
    }
    let auth = crate::tokens::client_auth(ctx, session, secret.as_ref())?;
    let from_env = crate::tokens::secret_from_env(ctx, session);
    let mut all_ok = true;
    for (value, hint) in revocation::targets(&session.tokens) {
        // Logout deletes whatever the provider says: a failure is reported and the next token tried.
        if let Err(e) = revoke_one(ctx, url, &auth, value, hint, from_env) {
            all_ok = false;
            ctx.out
                .warn(&format!("revoking the {hint} failed: {}", e.message));
        }
    }
    Ok(all_ok)
}
