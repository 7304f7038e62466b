//! `oauthctl status`: every profile and whether its next command would need a login. Reads the config
//! and the stores only; never the network. With a profile named (`-p`, `OAUTHCTL_PROFILE`) it shows that
//! one alone and exits 5 when it needs a login, so a script can ask `oauthctl -p ci status` first.

use crate::adapters::clock;
use crate::adapters::store::TokenStore;
use crate::config::check_profile_name;
use crate::context::Ctx;
use crate::error::Result;
use crate::oauth::error::escape_unsafe;
use crate::oauth::session::{Grant, Session};
use crate::output::Tone;
use crate::output::docs::{StatusRow, TokenState};
use crate::tokens::{self, EXPIRY_MARGIN_SECS};

pub fn run(ctx: &Ctx) -> Result<()> {
    // `-p NAME` (or OAUTHCTL_PROFILE) given: that profile alone, read by the one-profile fast path.
    let config = if ctx.global.profile_explicit {
        let name = ctx.profile_name();
        let profile = ctx
            .profile()?
            .ok_or_else(|| tokens::login_needed(name, "no saved settings"))?;
        std::iter::once((name.to_string(), profile)).collect()
    } else {
        ctx.deps.config.load()?.profiles
    };
    let now = ctx.now();
    let stores: Vec<_> = config
        .iter()
        .map(|(name, profile)| (name.as_str(), ctx.store_for(Some(profile))))
        .collect();
    let states = read_states(&stores, now);
    let mut rows = Vec::new();
    for (((name, profile), (_, store)), read) in config.iter().zip(&stores).zip(states) {
        rows.push(StatusRow {
            expires_at: read.expires_at,
            has_refresh_token: read.has_refresh_token,
            login_needed: read.state.login_needed(),
            profile: name,
            provider: profile
                .endpoints
                .issuer
                .as_deref()
                .or(profile.endpoints.token_url.as_deref()),
            state: read.state,
            store: store.kind().as_str(),
        });
    }
    let human = if rows.is_empty() {
        "no profiles yet: run `oauthctl login`".to_string()
    } else {
        table(ctx, &rows)
    };
    ctx.out.data(&rows, Some(&human));
    match rows.first() {
        // The row is printed, and the exit code says what a script wants to know.
        Some(row) if ctx.global.profile_explicit && row.login_needed => Err(tokens::login_needed(
            row.profile,
            match row.state {
                TokenState::Expired => "the access token expired and there is no refresh token",
                TokenState::Unreadable => "the stored tokens are unreadable",
                _ => "no stored tokens",
            },
        )),
        _ => Ok(()),
    }
}

/// What the store says about one profile.
struct Read {
    state: TokenState,
    expires_at: Option<u64>,
    has_refresh_token: bool,
}

/// Below this many profiles a second thread costs more than it saves.
const PARALLEL_FROM: usize = 64;

/// Each profile's token state and expiry, in order. With thousands of profiles, reading one token file
/// (or keyring item) per profile is most of the time, and the reads are independent: two threads, since
/// that is what the smallest machines oauthctl targets have.
fn read_states(stores: &[(&str, Box<dyn TokenStore>)], now: u64) -> Vec<Read> {
    let read = |part: &[(&str, Box<dyn TokenStore>)]| -> Vec<_> {
        part.iter()
            // A hand-edited config may hold any name; one that is not a valid profile name never
            // becomes a file path or keyring account (`[profiles."../elsewhere/x"]`).
            .map(
                |(name, store)| match check_profile_name(name).and_then(|()| store.load(name)) {
                    Ok(Some(session)) => Read {
                        state: state_of(&session, now),
                        expires_at: session.tokens.expires_at,
                        has_refresh_token: session.tokens.refresh_token.is_some(),
                    },
                    Ok(None) => Read {
                        state: TokenState::None,
                        expires_at: None,
                        has_refresh_token: false,
                    },
                    Err(_) => Read {
                        state: TokenState::Unreadable,
                        expires_at: None,
                        has_refresh_token: false,
                    },
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
    } else if t.refresh_token.is_some() || session.grant == Grant::ClientCredentials {
        // A client credentials session gets a new token from its secret: no login needed either.
        TokenState::Refreshable
    } else {
        TokenState::Expired
    }
}

/// The widest a profile name or provider column grows; longer values are shortened in the middle (the
/// start and the end of a URL or name are what tell them apart), so a long URL cannot break the table.
const PROFILE_CAP: usize = 24;
const PROVIDER_CAP: usize = 48;

/// The human table: a header row, columns as wide as their widest value up to the caps, the state last
/// (unpadded, so it may be long) and coloured on a terminal.
fn table(ctx: &Ctx, rows: &[StatusRow]) -> String {
    let cells: Vec<[String; 4]> = rows
        .iter()
        .map(|row| {
            [
                // A hand-edited name, and the issuer or token URL (which may come from a provider's
                // metadata), are never raw on a terminal.
                shorten(&escape_unsafe(row.profile), PROFILE_CAP),
                row.store.to_string(),
                shorten(
                    &row.provider.map_or_else(|| "-".into(), escape_unsafe),
                    PROVIDER_CAP,
                ),
                state_text(row),
            ]
        })
        .collect();
    let header = ["PROFILE", "STORE", "PROVIDER", "STATE"].map(String::from);
    let width = |col: usize| {
        std::iter::once(&header)
            .chain(&cells)
            .map(|c| c[col].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    let line = |c: &[String; 4], state: String| {
        format!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {state}",
            c[0],
            c[1],
            c[2],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        )
    };
    let mut lines = vec![line(&header, header[3].clone())];
    for (c, row) in cells.iter().zip(rows) {
        lines.push(line(c, ctx.out.paint_data(&c[3], tone(row.state))));
    }
    lines.join("\n")
}

fn tone(state: TokenState) -> Tone {
    match state {
        TokenState::Valid => Tone::Good,
        TokenState::Refreshable => Tone::Warn,
        TokenState::Expired | TokenState::None | TokenState::Unreadable => Tone::Bad,
    }
}

/// At most `cap` characters: a longer text keeps its start and end around one `…`.
fn shorten(text: &str, cap: usize) -> String {
    let len = text.chars().count();
    if len <= cap {
        return text.to_string();
    }
    let tail = (cap - 1) / 2;
    let head = cap - 1 - tail;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(len - tail).collect();
    format!("{start}…{end}")
}

fn state_text(row: &StatusRow) -> String {
    match (row.state, row.expires_at) {
        (TokenState::Valid, Some(at)) => format!("valid until {}", clock::rfc3339(at)),
        (TokenState::Valid, None) => "valid".into(),
        (TokenState::Refreshable, _) => "expired, refreshable".into(),
        (TokenState::Expired, _) => "expired: login needed".into(),
        (TokenState::None, _) => "no tokens: login needed".into(),
        (TokenState::Unreadable, _) => "unreadable".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn shortening_keeps_both_ends_and_the_cap() {
        assert_eq!(shorten("short", 8), "short");
        assert_eq!(shorten("exactly8", 8), "exactly8");
        let long = shorten("https://login.example.com/tenant/v2.0", 16);
        assert_eq!(long, "https://…nt/v2.0");
        assert_eq!(long.chars().count(), 16);
    }
}
