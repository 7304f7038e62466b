//! Login with `--client-credentials` (RFC 6749 §4.4): the client's own token, asked for with its secret
//! at the token endpoint; no browser, listener, preflight, PKCE or state. Persisted like any login.

use super::back::Obtained;
use super::settings::LoginSettings;
use crate::context::Ctx;
use crate::error::Result;
use crate::tokens::client_credentials::request;

pub fn obtain(ctx: &Ctx, settings: &LoginSettings) -> Result<Obtained> {
    let auth = settings.client_auth();
    let scope = settings.scope.joined();
    let tokens = request(
        ctx,
        &settings.provider.token_url,
        &auth,
        Some(scope.as_str()),
        &settings.token_params,
        settings.secret_from_env,
        settings.dpop.as_ref(),
    )?;
    Ok(Obtained {
        tokens,
        id_claims: None,
    })
}
