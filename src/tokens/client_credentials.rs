//! New tokens for a client credentials session (RFC 6749 §4.4): there is no refresh token, so an expiring
//! access token is replaced by asking again with the client secret (the stored one, or
//! `OAUTHCTL_CLIENT_SECRET`). `refresh.rs` calls [`obtain`] under the profile lock and stores the result;
//! login calls [`request`] with its settings.

use super::{client_secret, secret_from_env};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::authorize::check_token_params;
use crate::oauth::session::Session;
use crate::oauth::token::{self, ClientAuth, TokenSet};
use crate::oauth::types::AuthMethod;
use url::Url;

/// A new token for `session`'s client, with its scope and token parameters. Stores nothing.
pub fn obtain(ctx: &Ctx, session: &Session) -> Result<TokenSet> {
    let secret = client_secret(ctx, session);
    // The client authenticates with its secret, a key it signs an assertion with, or its certificate.
    let no_secret_needed =
        session.auth_method == AuthMethod::PrivateKeyJwt || session.auth_method.is_mtls();
    if session.auth_method == AuthMethod::None || (secret.is_none() && !no_secret_needed) {
        return Err(Error::usage(format!(
            "profile {:?} uses the client credentials grant but has no client secret",
            ctx.profile_name()
        ))
        .with_hint("set OAUTHCTL_CLIENT_SECRET, or log in again with the secret"));
    }
    let auth = crate::tokens::client_auth(ctx, session, secret.as_ref())?;
    request(
        ctx,
        &session.provider.token_url,
        &auth,
        session.scope.as_deref(),
        &session.token_params,
        secret_from_env(ctx, session),
        super::dpop::key_of(session)?.as_ref(),
    )
}

/// One client credentials request, parsed. An ID token in the answer is dropped with a warning: with no
/// nonce (no user, no authorization request) it could not be tied to this request.
pub fn request(
    ctx: &Ctx,
    token_url: &Url,
    auth: &ClientAuth,
    scope: Option<&str>,
    params: &[(String, String)],
    secret_from_env: bool,
    dpop: Option<&std::sync::Arc<crate::oauth::dpop::DpopKey>>,
) -> Result<TokenSet> {
    check_token_params(params)?;
    let mut req = token::client_credentials_request(token_url, auth, scope, params)?;
    req.dpop = super::dpop::for_token_endpoint(dpop);
    let resp = ctx.send(&req)?;
    let mut tokens = token::parse_token_response(&resp, ctx.now())
        .map_err(|e| Error::blame_env_secret(e, secret_from_env))?;
    super::dpop::check_issued(&tokens, &resp, dpop.map(|k| k.as_ref()))?;
    if tokens.id_token.take().is_some() {
        ctx.out.warn(
            "the provider sent an ID token with the client credentials grant; ignoring it (there is no nonce to check it against)",
        );
    }
    Ok(tokens)
}
