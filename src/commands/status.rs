//! `oauthctl status`: every profile and whether its next command would need a login. Reads the config
//! and the stores only; never the network.

use crate::adapters::clock;
use crate::context::Ctx;
use crate::error::Result;
use crate::oauth::session::Session;
use crate::output::docs::{StatusRow, TokenState};
use crate::tokens::EXPIRY_MARGIN_SECS;

pub fn run(ctx: &Ctx) -> Result<()> {
    let config = ctx.deps.config.load()?;
    let now = ctx.now();
    let mut rows = Vec::new();
    for (name, profile) in &config.profiles {
        let store = ctx.store_for(Some(profile));
        let (state, expires_at) = match store.load(name) {
            Ok(Some(session)) => (state_of(&session, now), session.tokens.expires_at),
            Ok(None) => (TokenState::None, None),
            Err(_) => (TokenState::Unreadable, None),
        };
        rows.push(StatusRow {
            expires_at,
            login_needed: state.login_needed(),
            profile: name,
            provider: profile
                .endpoints
                .issuer
                .as_deref()
                .or(profile.endpoints.token_url.as_deref()),
            state,
            store: store.kind().as_str(),
        });
    }
    let human = if rows.is_empty() {
        "no profiles yet: run `oauthctl login`".to_string()
    } else {
        rows.iter().map(human_row).collect::<Vec<_>>().join("\n")
    };
    ctx.out.data(&rows, Some(&human));
    Ok(())
}

fn state_of(session: &Session, now: u64) -> TokenState {
    let t = &session.tokens;
    if !t.expires_within(now, EXPIRY_MARGIN_SECS) {
        TokenState::Valid
    } else if t.refresh_token.is_some() {
        TokenState::Refreshable
    } else {
        TokenState::Expired
    }
}

fn human_row(row: &StatusRow) -> String {
    let state = match (row.state, row.expires_at) {
        (TokenState::Valid, Some(at)) => format!("valid until {}", clock::rfc3339(at)),
        (TokenState::Valid, None) => "valid".into(),
        (TokenState::Refreshable, _) => "expired, refreshable".into(),
        (TokenState::Expired, _) => "expired: login needed".into(),
        (TokenState::None, _) => "no tokens: login needed".into(),
        (TokenState::Unreadable, _) => "unreadable".into(),
    };
    format!(
        "{:<16} {:<8} {:<40} {}",
        row.profile,
        row.store,
        row.provider.unwrap_or("-"),
        state
    )
}
