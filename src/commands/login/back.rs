//! Login step 3, the back channel: redeem the code at the token endpoint (client authentication, PKCE
//! verifier, the same redirect URI) and verify the ID token that came with it against the login's nonce.

use super::front::Grant;
use super::settings::LoginSettings;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::token::{self, TokenSet};
use crate::oauth::types::Nonce;
use crate::tokens::dpop;
use crate::tokens::verify::verify_id_token;
use serde_json::{Map, Value};

/// The verified result of a login.
pub struct Obtained {
    pub tokens: TokenSet,
    pub id_claims: Option<Map<String, Value>>,
}

pub fn exchange(ctx: &Ctx, settings: &LoginSettings, grant: Grant) -> Result<Obtained> {
    let auth = settings.client_auth();
    let mut req = token::code_request(
        &settings.provider.token_url,
        &auth,
        &grant.code,
        grant.redirect_uri.as_str(),
        grant.pkce.as_ref().map(|p| &p.verifier),
        &settings.token_params,
    )?;
    req.dpop = dpop::for_token_endpoint(settings.dpop.as_ref());
    let resp = ctx.send(&req)?;
    let tokens = token::parse_token_response(&resp, ctx.now())
        .map_err(|e| Error::blame_env_secret(e, settings.secret_from_env))?;
    dpop::check_issued(&tokens, &resp, settings.dpop.as_deref())?;

    let openid = grant.nonce.is_some();
    check_id_token(ctx, settings, tokens, openid, grant.nonce.as_ref())
}

/// The ID token check of every login grant: verified against the JWKS (with the login's nonce where
/// the grant has one), or dropped with a warning when `openid` was not requested, since nothing could
/// tie it to this login and keeping it would store an unverifiable token.
pub(super) fn check_id_token(
    ctx: &Ctx,
    settings: &LoginSettings,
    mut tokens: TokenSet,
    openid: bool,
    nonce: Option<&Nonce>,
) -> Result<Obtained> {
    let mut id_claims = None;
    if let Some(id) = &tokens.id_token {
        if openid {
            id_claims = Some(verify_id_token(
                ctx,
                &settings.provider,
                &settings.client_id,
                id.secret(),
                nonce,
                Some(tokens.access_token.secret()),
                None,
            )?);
        } else {
            ctx.out.warn(
                "the provider sent an ID token although `openid` was not requested; ignoring it",
            );
            tokens.id_token = None;
        }
    }
    Ok(Obtained { tokens, id_claims })
}
