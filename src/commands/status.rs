//! `oauthctl status`: every profile and whether its next command would need a login. Reads the config
//! and the stores only; never the network.

use super::Ctx;
use super::session::EXPIRY_MARGIN_SECS;
use crate::adapters::clock;
use crate::error::Result;
use serde_json::{Value, json};

pub fn run(ctx: &Ctx) -> Result<()> {
    let config = ctx.load_config()?;
    let now = clock::now();
    let mut rows = Vec::new();
    for (name, profile) in &config.profiles {
        let store = ctx.store_for(Some(profile));
        let session = store.load(name);
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
