//! `oauthctl token print|refresh|show`. `print` is the hot path scripts call in loops: with a valid cached
//! token it reads the config and the store and nothing else (no runtime, no TLS setup, no network).

use super::Ctx;
use super::session::{self, fresh, load};
use crate::adapters::clock;
use crate::adapters::store::Session;
use crate::cli::TokenCommand;
use crate::error::Result;
use crate::oauth::id_token::claims_for_display;
use serde_json::{Value, json};

pub fn run(ctx: &Ctx, cmd: &TokenCommand) -> Result<()> {
    match cmd {
        TokenCommand::Print { header } => print(ctx, *header),
        TokenCommand::Refresh { show_tokens } => refresh(ctx, *show_tokens),
        TokenCommand::Show { show_tokens } => show(ctx, *show_tokens),
    }
}

fn print(ctx: &Ctx, header: bool) -> Result<()> {
    let (_, session) = fresh(ctx)?;
    let token = session.tokens.access_token.secret();
    let line = if header {
        format!("Authorization: Bearer {token}")
    } else {
        token.to_string()
    };
    ctx.out.data(
        &json!({"access_token": token, "expires_at": session.tokens.expires_at}),
        Some(&line),
    );
    Ok(())
}

fn refresh(ctx: &Ctx, show_tokens: bool) -> Result<()> {
    let (store, _) = load(ctx)?;
    let session = session::refresh(ctx, store.as_ref(), None)?;
    ctx.out.success(&format!(
        "refreshed; {}",
        expiry_text(session.tokens.expires_at)
    ));
    ctx.out
        .data(&summary(ctx.profile_name(), &session, show_tokens), None);
    Ok(())
}

fn show(ctx: &Ctx, show_tokens: bool) -> Result<()> {
    let (store, session) = load(ctx)?;
    let t = &session.tokens;
    let mut doc = summary(ctx.profile_name(), &session, show_tokens);
    let map = doc.as_object_mut().expect("summary is an object");
    map.insert("obtained_at".into(), json!(t.obtained_at));
    map.insert("store".into(), json!(store.kind().as_str()));
    map.insert("client_id".into(), json!(session.client_id.as_str()));
    map.insert("issuer".into(), json!(session.endpoints.issuer));
    map.insert("token_endpoint".into(), json!(session.endpoints.token_url));
    if let Some(claims) = t
        .id_token
        .as_ref()
        .and_then(|i| claims_for_display(i.secret()))
    {
        map.insert("id_token_claims".into(), claims);
    }
    if let Some(claims) = claims_for_display(t.access_token.secret()) {
        map.insert("access_token_claims".into(), claims);
    }
    let human = human_show(&doc);
    ctx.out.data(&doc, Some(&human));
    Ok(())
}

fn human_show(doc: &Value) -> String {
    let mut lines = Vec::new();
    for (k, v) in doc.as_object().into_iter().flatten() {
        let shown = match (k.as_str(), v) {
            ("expires_at" | "obtained_at", Value::Number(n)) => {
                let at = n.as_u64().unwrap_or(0);
                format!("{} ({at})", clock::rfc3339(at))
            }
            (_, Value::String(s)) => s.clone(),
            (_, Value::Object(_)) => serde_json::to_string_pretty(v).unwrap_or_default(),
            _ => v.to_string(),
        };
        lines.push(format!("{k}: {shown}"));
    }
    lines.join("\n")
}

/// The `login` / `token refresh` JSON document: metadata only, raw tokens only when asked for.
pub fn summary(profile: &str, session: &Session, show_tokens: bool) -> Value {
    let t = &session.tokens;
    let mut doc = json!({
        "profile": profile,
        "token_type": t.token_type,
        "expires_at": t.expires_at,
        "scope": t.scope,
        "has_refresh_token": t.refresh_token.is_some(),
    });
    if show_tokens {
        let map = doc.as_object_mut().expect("object literal");
        map.insert("access_token".into(), json!(t.access_token.secret()));
        map.insert(
            "refresh_token".into(),
            json!(t.refresh_token.as_ref().map(|r| r.secret())),
        );
        map.insert(
            "id_token".into(),
            json!(t.id_token.as_ref().map(|r| r.secret())),
        );
    }
    doc
}

pub fn expiry_text(expires_at: Option<u64>) -> String {
    match expires_at {
        Some(at) => {
            let now = clock::now();
            if at > now {
                format!(
                    "access token valid until {} (in {} s)",
                    clock::rfc3339(at),
                    at - now
                )
            } else {
                format!("access token expired at {}", clock::rfc3339(at))
            }
        }
        None => "access token expiry unknown".to_string(),
    }
}
