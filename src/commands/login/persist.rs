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
use crate::oauth::granted::{Granted, granted};
use crate::oauth::session::{Grant, Session};
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
    let requested = settings.scope.clone();
    let grant = granted(&requested, obtained.tokens.scope.as_deref());
    // Asked for again with every new client credentials token.
    let scope = (settings.grant == Grant::ClientCredentials && !requested.is_empty())
        .then(|| requested.joined());
    let dpop_key = settings.dpop.as_ref().map(|k| k.stored().clone());
    let session = settings.session(obtained.tokens, scope, dpop_key);
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
    let has_refresh = session.tokens.refresh_token.is_some();
    ctx.out.success(&format!(
        "logged in; {}; {}; tokens stored in {}{plain}",
        grant_text(&grant, has_refresh),
        crate::commands::token::expiry_text(session.tokens.expires_at, ctx.now()),
        store.location(profile_name)
    ));
    if requested.contains("offline_access") && !has_refresh {
        ctx.out.hint(
            "offline_access was requested but no refresh token came back: many providers issue one only with --param prompt=consent (Google: --param access_type=offline)",
        );
    }
    let mut doc = TokenSummary::new(profile_name, &session, args.show_tokens);
    doc.id_token_claims = obtained.id_claims;
    doc.requested_scope = Some((!requested.is_empty()).then(|| requested.joined()));
    doc.granted_scope = Some(grant.scopes.join(" "));
    doc.granted_scope_source = Some(if grant.listed { "response" } else { "request" });
    doc.dropped_scopes = Some(grant.dropped);
    ctx.out.data(&doc, None);
    Ok(())
}

/// "granted scope: a b (…); dropped by the provider: c; refresh token: yes": what the login got, and
/// where the scope list comes from. Scope names are provider text, so they are sanitized.
fn grant_text(grant: &Granted, has_refresh: bool) -> String {
    let list = |scopes: &[String]| crate::error::sanitize(&scopes.join(" "), 300);
    let mut text = if grant.scopes.is_empty() && !grant.listed {
        "no scope requested".to_string()
    } else if grant.scopes.is_empty() {
        "no scope granted".to_string()
    } else if grant.listed {
        format!("granted scope: {}", list(&grant.scopes))
    } else {
        format!(
            "granted scope: {} (as requested; the provider's answer did not list it)",
            list(&grant.scopes)
        )
    };
    if !grant.dropped.is_empty() {
        text.push_str(&format!(
            "; dropped by the provider: {}",
            list(&grant.dropped)
        ));
    }
    text.push_str(if has_refresh {
        "; refresh token: yes"
    } else {
        "; refresh token: none"
    });
    text
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
