//! Login step 4, persist: the session into the token store, the merged profile (and the store it used)
//! into the config, then the report: a line on stderr, the summary document on stdout.

use super::back::Obtained;
use super::settings::LoginSettings;
use crate::adapters::store::{StoreKind, TokenStore};
use crate::cli::LoginArgs;
use crate::config::Profile;
use crate::context::Ctx;
use crate::error::Result;
use crate::oauth::session::{SESSION_VERSION, Session};
use crate::output::docs::TokenSummary;

pub fn save(
    ctx: &Ctx,
    args: &LoginArgs,
    settings: LoginSettings,
    store: &dyn TokenStore,
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
    store.save(profile_name, &session)?;
    let mut config = ctx.deps.config.load()?;
    config.profiles.insert(
        profile_name.to_string(),
        Profile {
            store: Some(store.kind()),
            ..settings.profile
        },
    );
    ctx.deps.config.save(&config)?;

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
