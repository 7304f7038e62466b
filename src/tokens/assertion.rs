//! Client authentication by assertion (`private_key_jwt`, `client_secret_jwt`) at the edge: the key file
//! read and checked, the plan every request's assertion is signed from, and the signing itself at send
//! time (`Ctx::send`), where the clock and fresh randomness are.

use crate::error::{Error, Result};
use crate::oauth::client_assertion::{AssertionPlan, PlanKey};
use crate::oauth::client_key::{ClientKey, KeyChoice};
use crate::oauth::http::HttpRequest;
use crate::oauth::types::{AuthMethod, ClientId, ClientKeyText, ClientSecret};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::path::Path;
use std::sync::Arc;

/// A key file larger than this is not a key.
const MAX_KEY_FILE: u64 = 64 * 1024;

/// The text of a client key file (`--client-key`, `OAUTHCTL_CLIENT_KEY`).
pub fn read_key_file(path: &Path) -> Result<ClientKeyText> {
    let shown = path.display();
    let meta =
        std::fs::metadata(path).map_err(|e| Error::usage(format!("--client-key {shown}: {e}")))?;
    if meta.len() > MAX_KEY_FILE {
        return Err(Error::usage(format!(
            "--client-key {shown}: larger than {MAX_KEY_FILE} bytes, not a key file"
        )));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::usage(format!("--client-key {shown}: {e}")))?;
    Ok(ClientKeyText::new(text))
}

/// The key of a key file, checked: the one named by `kid` in a set.
pub fn parse_key(text: &ClientKeyText, kid: Option<&str>) -> Result<ClientKey> {
    ClientKey::parse(text.secret(), KeyChoice { kid, alg: None })
        .map_err(|e| Error::usage(format!("the client key cannot sign: {e}")))
}

/// What the requests of `method` are signed with; `None` for the methods that send a secret or nothing.
pub fn plan(
    method: AuthMethod,
    client_id: &ClientId,
    key: Option<&ClientKeyText>,
    kid: Option<&str>,
    secret: Option<&ClientSecret>,
    audience: &str,
) -> Result<Option<Arc<AssertionPlan>>> {
    let key = match method {
        AuthMethod::PrivateKeyJwt => {
            let text = key.ok_or_else(|| {
                Error::usage("auth method private_key_jwt needs the client's private key")
                    .with_hint("pass --client-key PATH (a JWK, a JWK set or a PEM private key)")
            })?;
            PlanKey::Private(Arc::new(parse_key(text, kid)?))
        }
        AuthMethod::ClientSecretJwt => PlanKey::Secret(
            secret
                .ok_or_else(|| {
                    Error::usage("auth method client_secret_jwt needs the client secret").with_hint(
                        "give it with OAUTHCTL_CLIENT_SECRET or --client-secret-file PATH",
                    )
                })?
                .clone(),
        ),
        _ => return Ok(None),
    };
    Ok(Some(Arc::new(AssertionPlan {
        key,
        client_id: client_id.clone(),
        audience: audience.to_string(),
    })))
}

/// The request as it goes on the wire: a planned assertion signed in, at `now`, with a `jti` of 16 fresh
/// random bytes. Requests without a plan are returned as they are (`None`).
pub fn complete(
    req: &HttpRequest,
    now: u64,
    random: &dyn crate::ports::Random,
) -> Result<Option<HttpRequest>> {
    let Some(plan) = &req.assertion else {
        return Ok(None);
    };
    let mut bytes = [0u8; 16];
    random.fill(&mut bytes)?;
    let jti = URL_SAFE_NO_PAD.encode(bytes);
    let assertion = plan
        .sign(now, &jti)
        .map_err(|e| Error::other(format!("cannot sign the client assertion: {e}")))?;
    let mut out = req.duplicate();
    out.assertion = None;
    out.form
        .get_or_insert_with(Vec::new)
        .extend(assertion.form_fields());
    Ok(Some(out))
}
