//! `oauthctl status`: every profile and whether its next command would need a login. Reads the config
//! and the stores only; never the network.

use super::Ctx;
use super::session::EXPIRY_MARGIN_SECS;
use crate::adapters::clock;
use crate::adapters::store::file::FileStore;
use crate::adapters::store::{Session, StoreKind, TokenStore};
use crate::config::ConfigFile;
use crate::error::Result;
use serde_json::{Value, json};

pub fn run(ctx: &Ctx) -> Result<()> {
    let config = ctx.load_config()?;
    let now = clock::now();
    let mut rows = Vec::new();
    let mut read_ahead = read_token_files(ctx, &config).into_iter();
    for (name, profile) in &config.profiles {
        let store = ctx.store_for(Some(profile));
        let session = match read_ahead.next().flatten() {
            Some(session) => session,
            None => store.load(name),
        };
        let provider = profile
            .endpoints
            .issuer
            .clone()
            .or_else(|| profile.endpoints.token_url.clone());
        let (state, expires_at) = match &session {
            Ok(Some(s)) => {
                let t = &s.tokens;
                let state = if !t.expires_within(now, EXPIRY_MARGIN_SECS) {
                    "valid"
                } else if t.refresh_token.is_some() {
                    "refreshable"
                } else {
                    "expired"
                };
                (state, t.expires_at)
            }
            Ok(None) => ("none", None),
            Err(_) => ("unreadable", None),
        };
        rows.push(json!({
            "profile": name,
            "provider": provider,
            "store": store.kind().as_str(),
            "state": state,
            "expires_at": expires_at,
            "login_needed": matches!(state, "none" | "expired" | "unreadable"),
        }));
    }
    let human = if rows.is_empty() {
        "no profiles yet: run `oauthctl login`".to_string()
    } else {
        rows.iter().map(human_row).collect::<Vec<_>>().join("\n")
    };
    ctx.out.data(&Value::Array(rows), Some(&human));
    Ok(())
}

/// Below this many profiles a second thread costs more than it saves.
const PARALLEL_FROM: usize = 64;

/// The file-store token sets of all profiles, in profile order (`None` for keyring profiles, which the
/// caller reads itself), read on two threads. With thousands of profiles, opening, reading and decoding
/// one file per profile is most of `status`'s time, and the files are independent.
fn read_token_files(ctx: &Ctx, config: &ConfigFile) -> Vec<Option<Result<Option<Session>>>> {
    let names: Vec<Option<&str>> = config
        .profiles
        .iter()
        .map(|(name, profile)| {
            (ctx.store_for(Some(profile)).kind() == StoreKind::File).then_some(name.as_str())
        })
        .collect();
    // Only the data directory goes to the other thread (`Ctx` itself stays on this one).
    let dir = &ctx.paths.data_dir;
    let read = |names: &[Option<&str>]| -> Vec<_> {
        let store = FileStore::new(dir.clone());
        names.iter().map(|n| n.map(|n| store.load(n))).collect()
    };
    if names.len() < PARALLEL_FROM {
        return read(&names);
    }
    let (first, second) = names.split_at(names.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| read(second));
        let mut all = read(first);
        all.extend(
            other
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
        );
        all
    })
}

fn human_row(row: &Value) -> String {
    let s = |k: &str| row[k].as_str().unwrap_or("-").to_string();
    let state = match (s("state").as_str(), row["expires_at"].as_u64()) {
        ("valid", Some(at)) => format!("valid until {}", clock::rfc3339(at)),
        ("refreshable", _) => "expired, refreshable".into(),
        ("expired", _) => "expired: login needed".into(),
        ("none", _) => "no tokens: login needed".into(),
        (other, _) => other.to_string(),
    };
    format!(
        "{:<16} {:<8} {:<40} {}",
        s("profile"),
        s("store"),
        s("provider"),
        state
    )
}
