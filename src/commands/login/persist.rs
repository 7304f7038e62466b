//! Login step 4, persist: the session into the token store and the merged profile (and the store it used)
//! into the config, both or neither, under the profile lock so a refresh or logout in flight cannot undo
//! it; then the report: a line on stderr, the summary document on stdout.
//!
//! Two rules keep tokens from being lost or left behind: with `--store auto`, a keyring that accepted the
//! probe but refuses the write gets the file store instead (the user has just finished a browser login),
//! and a profile that moves to another store has its copy in the old store deleted.

use super::back::Obtained;
use super::settings::LoginSettings;
use crate::adapters::store::{StoreKind, TokenStore};
use crate::cli::LoginArgs;
use crate::config::Profile;
use crate::context::Ctx;
use crate::error::Result;
use crate::oauth::session::{SESSION_VERSION, Session};
use crate::output::docs::TokenSummary;
use crate::tokens::refresh::LOCK_WAIT;

pub fn save(
    ctx: &Ctx,
    args: &LoginArgs,
    settings: LoginSettings,
    store: Box<dyn TokenStore>,
    obtained: Obtained,
) -> Result<()> {
    let profile_name = ctx.profile_name();
    let session = Session {
        version: SESSION_VERSION,
        tokens: obtained.tokens,
        client_id: settings.client_id,
        auth_method: settings.method,
        client_secret: settings.secret,
        provider: settings.provider,
        token_params: settings.token_params,
    };
    let _lock = ctx.deps.locks.lock(profile_name, LOCK_WAIT)?;
    let replaced = store.load(profile_name).ok().flatten();
    let store = save_tokens(ctx, store, &session)?;
    let previous_store = settings.profile.store;
    let profile = Profile {
        store: Some(store.kind()),
        ..settings.profile
    };
    let saved = ctx.deps.config.update(&mut |config| {
        config
            .profiles
            .insert(profile_name.to_string(), profile.clone());
    });
    if let Err(e) = saved {
        // Both or neither: tokens without their profile would be used with stale settings.
        let _ = match &replaced {
            Some(old) => store.save(profile_name, old),
            None => store.delete(profile_name).map(|_| ()),
        };
        return Err(e);
    }
    if let Some(old) = previous_store.filter(|old| *old != store.kind()) {
        // A plain-text copy left behind in the file store would outlive the login that replaced it.
        if let Err(e) = ctx.deps.stores.open(old).delete(profile_name) {
            ctx.out.warn(&format!(
                "could not delete the old copy in the {} store: {}",
                old.as_str(),
                e.message
            ));
        }
    }

    let plain = if store.kind() == StoreKind::File {
        " (plain text, readable only by you)"
    } else {
        ""
    };
    ctx.out.success(&format!(
        "logged in; {}; tokens stored in {}{plain}",
        crate::commands::token::expiry_text(session.tokens.expires_at, ctx.now()),
        store.location(profile_name)
    ));
    let mut doc = TokenSummary::new(profile_name, &session, args.show_tokens);
    doc.id_token_claims = obtained.id_claims;
    ctx.out.data(&doc, None);
    Ok(())
}

/// Saves the session; with `--store auto`, a keyring write that fails falls back to the file store.
fn save_tokens(
    ctx: &Ctx,
    store: Box<dyn TokenStore>,
    session: &Session,
) -> Result<Box<dyn TokenStore>> {
    let profile = ctx.profile_name();
    match store.save(profile, session) {
        Ok(()) => Ok(store),
        Err(e) if ctx.global.store.explicit().is_none() && store.kind() == StoreKind::Keyring => {
            let file = ctx.deps.stores.open(StoreKind::File);
            ctx.out.warn(&format!(
                "the OS keyring refused the tokens ({}); they go to a plain-text file readable only by you: {}",
                e.message,
                file.location(profile)
            ));
            file.save(profile, session)?;
            Ok(file)
        }
        Err(e) => Err(e),
    }
}
