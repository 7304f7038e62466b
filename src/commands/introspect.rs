//! `oauthctl token introspect [--refresh]`: RFC 7662 introspection of the stored access token (or refresh
//! token) with the client authentication of the token endpoint. stdout is the provider's answer as sent,
//! once it is a JSON object with a boolean `active`; stderr gets a one-line summary. The stored token is
//! introspected as it is, never refreshed first: what the provider thinks of it is the question.

use crate::adapters::clock;
use crate::context::Ctx;
use crate::error::{Error, Result, sanitize};
use crate::oauth::introspection;
use crate::oauth::session::Session;
use crate::output::terminal_json;
use crate::tokens::{client_secret, load, login_needed, secret_from_env};
use serde_json::{Map, Value};

use super::secret_endpoint::{self, Which};

pub fn run(ctx: &Ctx, refresh: bool) -> Result<()> {
    let (_, session) = load(ctx)?;
    let answer = introspect(ctx, &session, refresh)?;
    let summary = match answer.as_object().and_then(introspection::summary) {
        None => "inactive".to_string(),
        Some(s) => {
            let mut parts = vec!["active".to_string()];
            if let Some(exp) = s.exp {
                parts.push(format!("expires {}", clock::rfc3339(exp)));
            }
            if let Some(scope) = s.scope {
                parts.push(format!("scope {}", sanitize(scope, 200)));
            }
            parts.join(", ")
        }
    };
    ctx.out.info(&summary);
    // The answer is the provider's text: escaped for the terminal (JSON output stays the data as sent).
    ctx.out.data(&answer, Some(&terminal_json(&answer)));
    Ok(())
}

/// Introspects `session`'s access token, or its refresh token with `refresh` (exit 5 when it has none),
/// and returns the provider's answer: a JSON object with a boolean `active`.
pub fn introspect(ctx: &Ctx, session: &Session, refresh: bool) -> Result<Value> {
    let (token, hint) = if refresh {
        let Some(rt) = &session.tokens.refresh_token else {
            return Err(login_needed(ctx.profile_name(), "no refresh token"));
        };
        (rt.secret(), "refresh_token")
    } else {
        (session.tokens.access_token.secret(), "access_token")
    };
    let secret = client_secret(ctx, session);
    let url = secret_endpoint::resolve(ctx, session, Which::Introspection, secret.as_ref())?;
    let auth = crate::tokens::client_auth(ctx, session, secret.as_ref())?;
    let req = introspection::request(&url, &auth, token, hint)?;
    let resp = ctx.send(&req)?;
    let answer: Map<String, Value> = introspection::parse_response(&resp)
        .map_err(|e| Error::blame_env_secret(e, secret_from_env(ctx, session)))?;
    let answer = Value::Object(answer);
    // RFC 9449 §6.2: the provider shows which key the token is bound to; it must be ours.
    if let Some(key) = crate::tokens::dpop::key_of(session)? {
        let jkt = crate::tokens::dpop::cnf_jkt(&answer);
        crate::tokens::dpop::check_binding(&key, jkt.as_deref())?;
    }
    Ok(answer)
}
