//! The checks of the features a profile may use beyond the contract's eight (issue: modern servers):
//! pushed authorization requests, client authentication by assertion and DPoP-bound tokens. Each runs only for a profile
//! that uses its feature, and is left out of the report otherwise ([`Found::NotUsed`]), so a plain
//! profile's report is the contract's list.
//!
//! Neither spends anything: the pushed request is never used (its reference expires by itself), and the
//! assertion probe revokes a token that does not exist.

use super::checks::{Found, Subject};
use crate::commands::secret_endpoint::{self, Which};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::authorize::AuthorizeRequest;
use crate::oauth::par;
use crate::oauth::pkce::{RANDOM_BYTES, encode_random, pkce_pair};
use crate::oauth::token::{ClientAuth, oauth_error, revoke_request};
use crate::oauth::types::{AuthMethod, Nonce, PkceMethod, Scope, State};
use crate::tokens;

/// The redirect URI a pushed test request names: a loopback one (RFC 8252 §7.3: any port), or the
/// profile's own when it saved one.
const PROBE_REDIRECT_URI: &str = "http://127.0.0.1/callback";

/// An audience no provider is: a client assertion made for it must be refused (RFC 7523 §3 item 3).
/// Only a claim value, never contacted (`.invalid` never resolves, RFC 6761).
const FOREIGN_AUDIENCE: &str = "https://not-this-provider.invalid/token";

/// A token no provider issued: revoking it is answered 200 (RFC 7009 §2.2) once the client is
/// authenticated, so the answer says only whether the client authentication was taken.
const NO_SUCH_TOKEN: &str = "oauthctl-smoke-no-such-token";

/// RFC 9126: for a profile that pushes its authorization requests (`--par`, or a provider that requires
/// it), an authorization request pushed with the client's authentication is taken: a well-formed
/// `request_uri` with a lifetime comes back.
pub fn par(ctx: &Ctx, subject: &mut Subject) -> Result<Found> {
    let Some(session) = subject.stored(ctx)?.cloned() else {
        return Ok(Found::NotUsed);
    };
    let profile = ctx.profile()?;
    let asked = profile.as_ref().and_then(|p| p.par) == Some(true);
    if !asked && !session.provider.par_required {
        return Ok(Found::NotUsed);
    }
    let (Some(par_url), Some(authorize_url)) = (
        session.provider.par_url.clone(),
        session.provider.authorize_url.clone(),
    ) else {
        return Err(Error::usage(
            "the profile pushes its authorization requests, but no pushed authorization request endpoint is known",
        ));
    };
    let random = || -> Result<[u8; RANDOM_BYTES]> {
        let mut b = [0u8; RANDOM_BYTES];
        ctx.deps.random.fill(&mut b)?;
        Ok(b)
    };
    let state = State::new(encode_random(&random()?));
    let nonce = Nonce::new(encode_random(&random()?));
    let pkce = pkce_pair(PkceMethod::S256, &random()?);
    let scopes = profile
        .as_ref()
        .map(|p| p.scopes.clone())
        .unwrap_or_default();
    let scope = Scope::from_parts(&scopes);
    let redirect = profile
        .as_ref()
        .and_then(|p| p.redirect_uri.clone())
        .filter(|r| !r.contains(":0/"))
        .unwrap_or_else(|| PROBE_REDIRECT_URI.to_string());
    let params = AuthorizeRequest {
        authorize_url: &authorize_url,
        client_id: &session.client_id,
        redirect_uri: &redirect,
        scope: &scope,
        state: &state,
        nonce: scope.contains("openid").then_some(&nonce),
        pkce: pkce.as_ref().map(|p| (p.challenge.as_str(), p.method)),
        extra: &[],
    }
    .params();
    let secret = tokens::client_secret(ctx, &session);
    let auth = tokens::client_auth(ctx, &session, secret.as_ref())?;
    let req = par::push_request(&par_url, &auth, params)?;
    let pushed = par::parse_push_response(&ctx.send(&req)?).map_err(|e| match e {
        par::ParError::Core(core) => Error::from(core),
        other => Error::other(other.to_string()),
    })?;
    Ok(Found::Pass(format!(
        "the pushed request was taken (its request_uri lives {} s)",
        pushed.expires_in
    )))
}

/// RFC 7523: for a profile that authenticates by assertion, the provider takes the client's assertion
/// and refuses the same client's assertion made for another audience, which RFC 7523 §3 requires of it.
/// Probed at the revocation endpoint (or introspection) with a token that does not exist.
pub fn assertion(ctx: &Ctx, subject: &mut Subject) -> Result<Found> {
    let Some(session) = subject.stored(ctx)?.cloned() else {
        return Ok(Found::NotUsed);
    };
    if !session.auth_method.by_assertion() {
        return Ok(Found::NotUsed);
    }
    let endpoint = match secret_endpoint::known(ctx, &session, Which::Revocation)? {
        Some(url) => url,
        None => match secret_endpoint::known(ctx, &session, Which::Introspection)? {
            Some(url) => url,
            None => {
                return Ok(Found::Skip(
                    "no revocation or introspection endpoint to probe the assertions at".into(),
                ));
            }
        },
    };
    let secret = tokens::client_secret(ctx, &session);
    let good = tokens::client_auth(ctx, &session, secret.as_ref())?;
    let taken = probe(ctx, &endpoint, &good)?;
    if let Some(refusal) = taken {
        return Err(Error::oauth(format!(
            "the provider refused the client's own assertion: {refusal}"
        )));
    }
    let mut foreign = session.clone();
    foreign.assertion_audience = Some(FOREIGN_AUDIENCE.into());
    let wrong = tokens::client_auth(ctx, &foreign, secret.as_ref())?;
    if probe(ctx, &endpoint, &wrong)?.is_none() {
        return Err(Error::security(format!(
            "the provider took an assertion made for another audience ({FOREIGN_AUDIENCE}); RFC 7523 §3 requires it to refuse one"
        )));
    }
    let what = if session.auth_method == AuthMethod::PrivateKeyJwt {
        "the key's assertion"
    } else {
        "the secret's HS256 assertion"
    };
    Ok(Found::Pass(format!(
        "{what} was taken, and one for another audience refused"
    )))
}

/// Revokes (or introspects) a token that does not exist with `auth`: `None` when the client
/// authentication was taken, else the provider's refusal.
fn probe(ctx: &Ctx, endpoint: &url::Url, auth: &ClientAuth) -> Result<Option<String>> {
    let hint = "refresh_token";
    let req = revoke_request(endpoint, auth, NO_SUCH_TOKEN, hint)?;
    let resp = ctx.send(&req)?;
    if let Some(err) = oauth_error(crate::oauth::error::Endpoint::Revocation, &resp) {
        return Ok(Some(err.to_string()));
    }
    if resp.is_success() {
        Ok(None)
    } else {
        Ok(Some(format!("HTTP {}", resp.status)))
    }
}

/// RFC 9449: for a profile whose tokens are DPoP-bound, the token set the `token` check obtained is a
/// DPoP token, and the provider refuses it at userinfo without its proof (as a Bearer token, and in the
/// DPoP scheme with no `DPoP` header). That it is taken with its proof is the `userinfo` check's part.
pub fn dpop(ctx: &Ctx, subject: &mut Subject) -> Result<Found> {
    let uses = subject.stored(ctx)?.is_some_and(|s| s.dpop_key.is_some());
    if !uses {
        return Ok(Found::NotUsed);
    }
    let session = match subject.fresh() {
        Ok(session) => session.clone(),
        Err(skip) => return Ok(skip),
    };
    if !tokens::dpop::is_dpop(&session.tokens) {
        return Err(Error::security(format!(
            "the provider issued a {} token to a DPoP profile: it is not bound to the key",
            crate::oauth::error::sanitize(&session.tokens.token_type, 40)
        )));
    }
    let Some(userinfo) = session.provider.userinfo_url.clone() else {
        return Ok(Found::Skip(
            "no userinfo endpoint to present the bound token to".into(),
        ));
    };
    let access = session.tokens.access_token.secret();
    let mut refusals = Vec::new();
    for scheme in ["Bearer", "DPoP"] {
        let mut req = crate::oauth::http::HttpRequest::get(userinfo.clone());
        req.headers
            .push(("Authorization".into(), format!("{scheme} {access}")));
        let resp = ctx.send(&req)?;
        if resp.is_success() {
            return Err(Error::security(format!(
                "the provider took the DPoP-bound access token without its proof ({scheme} scheme, HTTP {})",
                resp.status
            )));
        }
        refusals.push(format!("{scheme}: HTTP {}", resp.status));
    }
    Ok(Found::Pass(format!(
        "the bound token is refused without its proof ({})",
        refusals.join(", ")
    )))
}
