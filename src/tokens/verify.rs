//! ID token verification with its I/O: fetch the provider's JWKS, let the core check signature and claims,
//! and fetch the JWKS once more when the token names a key the first copy lacked (the provider may have
//! rotated its keys since).

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::http::HttpRequest;
use crate::oauth::id_token::{self, Expectations, Jwks, Outcome};
use crate::oauth::provider::Provider;
use crate::oauth::token;
use crate::oauth::types::{ClientId, Nonce};
use serde_json::{Map, Value};
use url::Url;

pub(crate) fn fetch_jwks(ctx: &Ctx, jwks_uri: &Url) -> Result<Jwks> {
    let resp = ctx.send(&HttpRequest::get(jwks_uri.clone()))?;
    if !resp.is_success() {
        return Err(Error::other(format!(
            "fetching the provider's JWKS failed ({})",
            token::describe_body(&resp)
        )));
    }
    Ok(Jwks::parse(&resp.body)?)
}

/// Verifies an ID token (signature against the JWKS, refetched once on an unknown key; then the claims).
pub fn verify_id_token(
    ctx: &Ctx,
    provider: &Provider,
    client_id: &ClientId,
    token: &str,
    nonce: Option<&Nonce>,
    access_token: Option<&str>,
    sub: Option<&str>,
) -> Result<Map<String, Value>> {
    let (Some(issuer), Some(jwks_uri)) = (provider.issuer.as_deref(), provider.jwks_uri.as_ref())
    else {
        return Err(Error::security(
            "received an ID token but cannot verify it: the issuer or its jwks_uri is unknown",
        )
        .with_hint("log in with --issuer (discovery), or with --issuer and --jwks-uri for a provider without discovery"));
    };
    let expect = Expectations {
        issuer,
        client_id,
        nonce,
        access_token,
        sub,
        now: ctx.now(),
    };
    for _attempt in 0..2 {
        let jwks = fetch_jwks(ctx, jwks_uri)?;
        if let Outcome::Valid(claims) = id_token::verify(token, &jwks, &expect)? {
            return Ok(claims);
        }
    }
    Err(Error::security(
        "the ID token is invalid: it names a signing key the provider's JWKS does not hold",
    ))
}
