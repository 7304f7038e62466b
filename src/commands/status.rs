//! `oauthctl status`: every profile and whether its next command would need a login. Reads the config
//! and the stores only; never the network.

use crate::adapters::clock;
use crate::adapters::store::TokenStore;
use crate::config::check_profile_name;
use crate::context::Ctx;
use crate::error::Result;
use crate::oauth::error::escape_unsafe;
use crate::oauth::session::Session;
use crate::output::docs::{StatusRow, TokenState};
use crate::tokens::EXPIRY_MARGIN_SECS;

pub fn run(ctx: &Ctx) -> Result<()> {
    let config = ctx.deps.config.load()?;
    let now = ctx.now();
    let stores: Vec<_> = config
        .profiles
        .iter()
        .map(|(name, profile)| (name.as_str(), ctx.store_for(Some(profile))))
        .collect();
    let states = read_states(&stores, now);
    let mut rows = Vec::new();
    for (((name, profile), (_, store)), (state, expires_at)) in
        config.profiles.iter().zip(&stores).zip(states)
    {
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

/// Below this many profiles a second thread costs more than it saves.
const PARALLEL_FROM: usize = 64;

/// Each profile's token state and expiry, in order. With thousands of profiles, reading one token file
/// (or keyring item) per profile is most of the time, and the reads are independent: two threads, since
/// that is what the smallest machines oauthctl targets have.
fn read_states(stores: &[(&str, Box<dyn TokenStore>)], now: u64) -> Vec<(TokenState, Option<u64>)> {
    let read = |part: &[(&str, Box<dyn TokenStore>)]| -> Vec<_> {
        part.iter()
            // A hand-edited config may hold any name; one that is not a valid profile name never
            // becomes a file path or keyring account (`[profiles."../elsewhere/x"]`).
            .map(
                |(name, store)| match check_profile_name(name).and_then(|()| store.load(name)) {
                    Ok(Some(session)) => (state_of(&session, now), session.tokens.expires_at),
                    Ok(None) => (TokenState::None, None),
                    Err(_) => (TokenState::Unreadable, None),
                },
            )
            .collect()
    };
    if stores.len() < PARALLEL_FROM {
        return read(stores);
    }
    let (first, second) = stores.split_at(stores.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| read(second));
        let mut all = read(first);
        all.extend(
            other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
        all
    })
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
        // The issuer or token URL may come from a provider's metadata: never raw on a terminal.
        row.provider.map_or_else(|| "-".into(), escape_unsafe),
        state
    )
}
