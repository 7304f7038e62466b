//! `oauthctl userinfo`: GET the userinfo endpoint with the stored access token, refreshing once and
//! retrying when the provider says the token is no longer good (401), and refusing an answer about another
//! subject than the ID token's.

use crate::commands::secret_endpoint::profile_names_provider;
use crate::context::Ctx;
use crate::error::{Error, Result, sanitize};
use crate::oauth::error::Endpoint;
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::oauth::id_token::claims_for_display;
use crate::oauth::session::{Grant, Session};
use crate::oauth::token::{describe_body, oauth_error};
use crate::output::terminal_json;
use crate::tokens::{self, fresh};
use serde_json::Value;

pub fn run(ctx: &Ctx) -> Result<()> {
    let (store, mut session) = fresh(ctx)?;
    let url = match session.provider.userinfo_url.clone() {
        Some(url) => url,
        None => saved_userinfo_url(ctx, &session)?.ok_or_else(|| {
            Error::usage("the provider has no userinfo endpoint").with_hint(format!(
                "add one with `oauthctl -p {} profile set userinfo_url URL`",
                ctx.profile_name()
            ))
        })?,
    };
    let mut resp = call(ctx, &url, &session)?;
    let renewable =
        session.tokens.refresh_token.is_some() || session.grant == Grant::ClientCredentials;
    if resp.status == 401 && renewable {
        session = tokens::refresh(
            ctx,
            store.as_ref(),
            Some(session.tokens.access_token.secret()),
        )?;
        resp = call(ctx, &url, &session)?;
    }
    let claims = parse(&resp)?;
    check_sub(&session, &claims)?;
    // The claims are the provider's text: escaped for the terminal (JSON output stays the data as sent).
    let pretty = terminal_json(&claims);
    ctx.out.data(&claims, Some(&pretty));
    Ok(())
}

/// A userinfo URL added to the profile after the login (`profile set userinfo_url`), so adding one needs no
/// new login. It is used only while the profile still names the provider the tokens came from: the access
/// token must not follow a profile that was re-pointed at another provider.
pub(crate) fn saved_userinfo_url(ctx: &Ctx, session: &Session) -> Result<Option<url::Url>> {
    let Some(profile) = ctx.profile()? else {
        return Ok(None);
    };
    let saved = &profile.endpoints;
    let same_provider = profile_names_provider(saved, &session.provider);
    match &saved.userinfo_url {
        // The file may have been edited by hand: a bad URL there is the user's to fix (exit 2).
        Some(u) if same_provider => crate::oauth::provider::parse("userinfo URL", u)
            .map(Some)
            .map_err(|e| Error::usage(format!("the profile's {e}"))),
        _ => Ok(None),
    }
}

pub(crate) fn call(ctx: &Ctx, url: &url::Url, session: &Session) -> Result<HttpResponse> {
    let mut req = HttpRequest::get(url.clone());
    // A DPoP-bound token goes with a proof of the session's key (RFC 9449 §7).
    let key = tokens::dpop::key_of(session)?;
    tokens::dpop::authorize(&mut req, session, key.as_ref());
    ctx.send(&req)
}

pub(crate) fn parse(resp: &HttpResponse) -> Result<Value> {
    if let Some(err) = oauth_error(Endpoint::Userinfo, resp) {
        return Err(err.into());
    }
    if let Some(challenge) = resp
        .www_authenticate
        .as_deref()
        .filter(|c| c.contains("error="))
    {
        return Err(Error::oauth(format!(
            "the userinfo endpoint refused the token: {} [HTTP {}]",
            sanitize(challenge, 200),
            resp.status
        )));
    }
    if !resp.is_success() {
        return Err(Error::other(format!(
            "the userinfo request failed ({})",
            describe_body(resp)
        )));
    }
    if resp
        .content_type
        .as_deref()
        .is_some_and(|c| c.starts_with("application/jwt"))
    {
        return Err(Error::other(
            "the provider answered with a signed userinfo JWT, which oauthctl does not verify yet",
        ));
    }
    match serde_json::from_slice::<Value>(&resp.body) {
        Ok(v) if v.is_object() => Ok(v),
        _ => Err(Error::other(format!(
            "the userinfo response is not a JSON object ({})",
            describe_body(resp)
        ))),
    }
}

/// OIDC Core §5.3.2: the userinfo `sub` must be a string equal to the ID token's, or the response may be
/// for someone else. A missing, null or non-string `sub` cannot be tied to the user, so it fails too. A
/// session without an ID token has nothing to compare against (plain OAuth), and is not checked.
pub(crate) fn check_sub(session: &Session, claims: &Value) -> Result<()> {
    let Some(want) = session
        .tokens
        .id_token
        .as_ref()
        .and_then(|t| claims_for_display(t.secret()))
        .and_then(|c| c.get("sub").and_then(Value::as_str).map(str::to_string))
    else {
        return Ok(());
    };
    match claims.get("sub") {
        Some(Value::String(got)) if *got == want => Ok(()),
        Some(Value::String(got)) => Err(Error::security(format!(
            "userinfo is for subject {:?}, but the ID token is for {want:?}",
            sanitize(got, 100)
        ))),
        None | Some(Value::Null) => Err(Error::security(
            "the userinfo response has no `sub`, so it cannot be tied to the logged-in subject",
        )),
        Some(_) => Err(Error::security(
            "the userinfo response's `sub` is not a string, so it cannot be tied to the logged-in subject",
        )),
    }
}
