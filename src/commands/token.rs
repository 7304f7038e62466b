//! `oauthctl token print|refresh|show` (`revoke` and `introspect` have files of their own). `print` is the
//! hot path scripts call in loops: with a valid cached token it reads the profile and the store and
//! nothing else (no runtime, no TLS setup, no network).

use crate::adapters::clock;
use crate::cli::TokenCommand;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::error::escape_unsafe;
use crate::oauth::id_token::claims_for_display;
use crate::output::docs::{DpopHeaders, PrintedToken, TokenShow, TokenSummary};
use crate::output::terminal_json;
use crate::tokens::{self, fresh, load};
use serde_json::Value;

pub fn run(ctx: &Ctx, cmd: &TokenCommand) -> Result<()> {
    match cmd {
        TokenCommand::Print {
            dpop_for: Some(target),
            ..
        } => print_dpop(ctx, target),
        TokenCommand::Print {
            header, id_token, ..
        } => print(ctx, *header, *id_token),
        TokenCommand::Refresh { show_tokens } => refresh(ctx, *show_tokens),
        TokenCommand::Show { show_tokens } => show(ctx, *show_tokens),
        TokenCommand::Revoke => super::revoke::run(ctx),
        TokenCommand::Introspect { refresh } => super::introspect::run(ctx, *refresh),
    }
}

/// The access token, or with `id_token` the ID token the last login or refresh returned (refreshed by the
/// same rule: the set is renewed when the access token is about to expire). `header` and JSON combine:
/// the JSON document gains a `header` field holding exactly the line `--header` prints.
fn print(ctx: &Ctx, header: bool, id_token: bool) -> Result<()> {
    let (_, session) = fresh(ctx)?;
    let t = &session.tokens;
    if id_token {
        let Some(id) = &t.id_token else {
            return Err(Error::login_needed(format!(
                "profile {:?} has no ID token",
                ctx.profile_name()
            ))
            .with_hint(format!(
                "the provider returns one for the openid scope: `oauthctl -p {} login --scope openid`",
                ctx.profile_name()
            )));
        };
        let exp =
            claims_for_display(id.secret()).and_then(|c| c.get("exp").and_then(Value::as_u64));
        if let Some(exp) = exp.filter(|&exp| exp <= ctx.now()) {
            // Refreshing did not bring a new one (providers need not return one): said, not hidden.
            ctx.out
                .warn(&format!("the ID token expired at {}", clock::rfc3339(exp)));
        }
        let doc = PrintedToken {
            access_token: None,
            expires_at: exp,
            header: None,
            id_token: Some(id.secret()),
        };
        ctx.out.data(&doc, Some(id.secret()));
        return Ok(());
    }
    let token = t.access_token.secret();
    let dpop = tokens::dpop::is_dpop(t);
    if header && dpop {
        ctx.out.warn(
            "the token is DPoP-bound: a request needs a proof too (token print --dpop-for METHOD URL)",
        );
    }
    let scheme = if dpop {
        tokens::dpop::TOKEN_TYPE
    } else {
        "Bearer"
    };
    let header = header.then(|| format!("Authorization: {scheme} {token}"));
    let line = header.clone().unwrap_or_else(|| token.to_string());
    let doc = PrintedToken {
        access_token: Some(token),
        expires_at: t.expires_at,
        header,
        id_token: None,
    };
    ctx.out.data(&doc, Some(&line));
    Ok(())
}

/// `--dpop-for METHOD URL`: the headers another program sends to use the DPoP-bound token (RFC 9449
/// §7), with a proof of its own for that one request (a proof is good once: servers refuse a replay).
fn print_dpop(ctx: &Ctx, target: &[String]) -> Result<()> {
    let [method, url] = target else {
        return Err(Error::usage("--dpop-for takes METHOD URL"));
    };
    let usage = |what: String| {
        Error::usage(format!("--dpop-for {what}"))
            .with_hint("for example: --dpop-for GET https://api.example.com/items")
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(usage(format!(
            "{:?}: not an HTTP method",
            escape_unsafe(method)
        )));
    }
    let url = url::Url::parse(url)
        .ok()
        .filter(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some())
        .ok_or_else(|| usage(format!("{:?}: not an http(s) URL", escape_unsafe(url))))?;
    let (_, session) = fresh(ctx)?;
    let Some(key) = tokens::dpop::key_of(&session)? else {
        return Err(Error::usage(format!(
            "profile {:?} does not use DPoP",
            ctx.profile_name()
        ))
        .with_hint(format!(
            "log in with `oauthctl -p {} login --dpop`, or use `token print --header`",
            ctx.profile_name()
        )));
    };
    let at = &session.tokens.access_token;
    let plan = tokens::dpop::plan_for(&key, at);
    let method = method.to_ascii_uppercase();
    let nonce = ctx.deps.dpop_nonces.for_url(&url);
    let proof = tokens::dpop::proof(&plan, &method, &url, ctx.now(), nonce.as_ref())?;
    let scheme = if tokens::dpop::is_dpop(&session.tokens) {
        tokens::dpop::TOKEN_TYPE
    } else {
        "Bearer"
    };
    let authorization = format!("{scheme} {}", at.secret());
    let doc = DpopHeaders {
        authorization: &authorization,
        dpop: &proof,
    };
    let lines = format!("Authorization: {authorization}\nDPoP: {proof}");
    ctx.out.data(&doc, Some(&lines));
    Ok(())
}

fn refresh(ctx: &Ctx, show_tokens: bool) -> Result<()> {
    let (store, _) = load(ctx)?;
    let session = tokens::refresh::refresh_with(ctx, store.as_ref(), None, show_tokens)?;
    ctx.out.success(&format!(
        "refreshed; {}",
        expiry_text(session.tokens.expires_at, ctx.now())
    ));
    let doc = TokenSummary::new(ctx.profile_name(), &session, show_tokens);
    ctx.out.data(&doc, None);
    Ok(())
}

fn show(ctx: &Ctx, show_tokens: bool) -> Result<()> {
    let (store, session) = load(ctx)?;
    let t = &session.tokens;
    let summary = TokenSummary::new(ctx.profile_name(), &session, show_tokens);
    let doc = TokenShow {
        access_token: summary.access_token,
        access_token_claims: claims_for_display(t.access_token.secret()),
        client_id: session.client_id.as_str(),
        expires_at: t.expires_at,
        has_refresh_token: summary.has_refresh_token,
        id_token: summary.id_token,
        id_token_claims: t
            .id_token
            .as_ref()
            .and_then(|i| claims_for_display(i.secret())),
        issuer: session.provider.issuer.as_deref(),
        obtained_at: t.obtained_at,
        profile: summary.profile,
        refresh_token: summary.refresh_token,
        scope: summary.scope,
        store: if store.injected() {
            "environment"
        } else {
            store.kind().as_str()
        },
        token_endpoint: Some(session.provider.token_url.as_str()),
        token_type: summary.token_type,
    };
    let human = human_show(&serde_json::to_value(&doc).unwrap_or_default());
    ctx.out.data(&doc, Some(&human));
    Ok(())
}

/// `key: value` lines in the document's order, times also in RFC 3339. Most values come from the provider
/// (claims, issuer, scope), so every one is passed through the one sanitizer.
fn human_show(doc: &Value) -> String {
    let mut lines = Vec::new();
    for (k, v) in doc.as_object().into_iter().flatten() {
        let shown = match (k.as_str(), v) {
            ("expires_at" | "obtained_at", Value::Number(n)) => {
                let at = n.as_u64().unwrap_or(0);
                format!("{} ({at})", clock::rfc3339(at))
            }
            (_, Value::String(s)) => escape_unsafe(s),
            (_, Value::Object(_)) => terminal_json(v),
            // Numbers and booleans: nothing to escape.
            _ => v.to_string(),
        };
        lines.push(format!("{k}: {shown}"));
    }
    lines.join("\n")
}

pub fn expiry_text(expires_at: Option<u64>, now: u64) -> String {
    match expires_at {
        Some(at) if at > now => format!(
            "access token valid until {} (in {} s)",
            clock::rfc3339(at),
            at - now
        ),
        Some(at) => format!("access token expired at {}", clock::rfc3339(at)),
        None => "access token expiry unknown".to_string(),
    }
}
