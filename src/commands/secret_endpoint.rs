//! Where `token revoke` and `token introspect` send a token (and, for a confidential client, the client
//! secret): the endpoint the session's provider names; else the one the profile names now (a
//! `profile set revocation_url …` after the login works at once, as `userinfo_url` does), while the
//! profile still names the provider the tokens came from; else, with an issuer, the one the provider's
//! metadata lists, looking in both documents (OpenID Connect Discovery, then RFC 8414 path-inserted),
//! because some providers list these endpoints only in the RFC 8414 one.
//!
//! Wherever it was found, the client secret goes only to the token endpoint's origin: the login checks
//! that for the endpoints it knows, and this module checks it again for the ones found later.

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::discovery::{Endpoints, metadata_urls, parse_metadata};
use crate::oauth::error::Category;
use crate::oauth::http::HttpRequest;
use crate::oauth::provider::{self, Provider};
use crate::oauth::session::Session;
use crate::oauth::types::{AuthMethod, ClientSecret};
use url::Url;

/// The two endpoints RFC 7009 and RFC 7662 define, which authenticate the client like the token endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    Revocation,
    Introspection,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Which::Revocation => "revocation endpoint",
            Which::Introspection => "introspection endpoint",
        }
    }

    /// The profile key and the login flag that set it.
    fn key_and_flag(self) -> (&'static str, &'static str) {
        match self {
            Which::Revocation => ("revocation_url", "--revocation-url"),
            Which::Introspection => ("introspection_url", "--introspection-url"),
        }
    }

    fn of_provider(self, p: &Provider) -> Option<&Url> {
        match self {
            Which::Revocation => p.revocation_url.as_ref(),
            Which::Introspection => p.introspection_url.as_ref(),
        }
    }

    fn of_endpoints(self, e: &Endpoints) -> Option<&String> {
        match self {
            Which::Revocation => e.revocation_url.as_ref(),
            Which::Introspection => e.introspection_url.as_ref(),
        }
    }
}

/// Whether the profile's saved settings still name the provider `ours` (the session's) came from: the
/// same issuer, or without issuers the same token endpoint. Only then may an endpoint saved in the
/// profile after the login receive the session's tokens.
pub fn profile_names_provider(saved: &Endpoints, ours: &Provider) -> bool {
    match (&saved.issuer, &ours.issuer) {
        (Some(a), Some(b)) => a == b,
        (None, None) => saved.token_url.as_deref() == Some(ours.token_url.as_str()),
        _ => false,
    }
}

/// The endpoint to use for `session`, or exit 2 with the way to add one. `secret` is the client secret
/// the request will carry (`None` for a public client).
pub fn resolve(
    ctx: &Ctx,
    session: &Session,
    which: Which,
    secret: Option<&ClientSecret>,
) -> Result<Url> {
    let Some(url) = known(ctx, session, which)? else {
        let (key, flag) = which.key_and_flag();
        return Err(
            Error::usage(format!("the provider has no {} known", which.name())).with_hint(format!(
                "add one with `oauthctl -p {} profile set {key} URL`, or log in with {flag} URL",
                ctx.profile_name()
            )),
        );
    };
    let sends_secret = secret.is_some() && session.auth_method != AuthMethod::None;
    if sends_secret && url.origin() != session.provider.token_url.origin() {
        return Err(Error::usage(format!(
            "the {} {url} is not on the token endpoint's origin ({}); oauthctl sends the client secret only there",
            which.name(),
            session.provider.token_url.origin().ascii_serialization()
        ))
        .with_hint("set an endpoint of the same provider in the profile, or log in again"));
    }
    Ok(url)
}

/// The endpoint for `session` if one is known anywhere, without the origin check [`resolve`] adds
/// (`smoke` skips a check when there is none, rather than failing like `token introspect`).
pub fn known(ctx: &Ctx, session: &Session, which: Which) -> Result<Option<Url>> {
    Ok(match which.of_provider(&session.provider) {
        Some(url) => Some(url.clone()),
        None => match saved(ctx, session, which)? {
            Some(url) => Some(url),
            None => match &session.provider.issuer {
                Some(issuer) => discovered(ctx, issuer, which)?,
                None => None,
            },
        },
    })
}

fn saved(ctx: &Ctx, session: &Session, which: Which) -> Result<Option<Url>> {
    let Some(profile) = ctx.profile()? else {
        return Ok(None);
    };
    if !profile_names_provider(&profile.endpoints, &session.provider) {
        return Ok(None);
    }
    // The file may have been edited by hand: a bad URL there is the user's to fix (exit 2).
    which
        .of_endpoints(&profile.endpoints)
        .map(|u| {
            provider::parse(which.name(), u).map_err(|e| Error::usage(format!("the profile's {e}")))
        })
        .transpose()
}

/// The endpoint from the issuer's metadata: each well-known document in turn, the first that lists it.
/// A document that names another issuer or points an endpoint at clear text is refused outright (a
/// mix-up is never a reason to look elsewhere); one that is missing or unreadable is passed over.
/// A profile with a client certificate takes the document's mTLS alias (RFC 8705 §5), as login does.
fn discovered(ctx: &Ctx, issuer: &str, which: Which) -> Result<Option<Url>> {
    let mtls = ctx.profile()?.is_some_and(|p| p.client_cert.is_some());
    for url in metadata_urls(issuer)? {
        let resp = ctx.send(&HttpRequest::get(url))?;
        if !resp.is_success() {
            continue;
        }
        let endpoints = match parse_metadata(issuer, &resp).and_then(|e| match mtls {
            true => crate::oauth::mtls::aliases(e, &resp),
            false => Ok(e),
        }) {
            Ok(e) => e,
            Err(e) if e.category() == Category::Security => return Err(e.into()),
            Err(_) => continue,
        };
        if let Some(found) = which.of_endpoints(&endpoints) {
            return provider::parse(which.name(), found)
                .map(Some)
                .map_err(|e| Error::usage(e.to_string()));
        }
    }
    Ok(None)
}
