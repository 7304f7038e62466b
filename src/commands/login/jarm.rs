//! Login step 2b, a JARM redirect (`--jarm`): the callback carries one `response` JWT, which is verified
//! against the provider's JWKS (`iss`, `aud` = the client, `exp`) before anything in it is read; its
//! parameters then go to the usual callback checks (state, `iss`, `error=`).
//!
//! A response that fails verification is treated like a callback that fails the state check: not this
//! login's. Any local process can send one to the listener (or paste one), and nothing in it can be
//! believed, so it must neither end a login a person is in the middle of nor speak for the provider. If
//! nothing better comes before the deadline, its refusal is the login's error (exit 6). The JWKS is
//! fetched once per login, and once more for a key it lacks, so forged responses cannot make oauthctl
//! hammer the provider.

use super::settings::LoginSettings;
use crate::context::Ctx;
use crate::error::Error;
use crate::oauth::id_token::Jwks;
use crate::oauth::jarm::{self, Expectations, Outcome};
use crate::ports::Verdict;

/// Verifies the JARM redirects of one login.
pub struct Responses<'a> {
    ctx: &'a Ctx,
    settings: &'a LoginSettings,
    jwks: Option<Jwks>,
    refetched: bool,
}

impl<'a> Responses<'a> {
    pub fn new(ctx: &'a Ctx, settings: &'a LoginSettings) -> Self {
        Responses {
            ctx,
            settings,
            jwks: None,
            refetched: false,
        }
    }

    /// Judges a redirect's query: the verified response's parameters go to `plain`, the judge of a
    /// plain redirect. A redirect without `response` is judged by `plain` too (a provider's error that
    /// it could not wrap, such as an unsupported response mode), except that a code in the clear is
    /// refused: the provider ignored the request for a signed response.
    pub fn judge(&mut self, query: &str, plain: &mut dyn FnMut(&str) -> Verdict) -> Verdict {
        let responses: Vec<String> = url::form_urlencoded::parse(query.as_bytes())
            .filter(|(k, _)| k == "response")
            .map(|(_, v)| v.into_owned())
            .collect();
        match responses.as_slice() {
            [] => match plain(query) {
                Verdict::Final(Ok(_)) => Verdict::Final(Err(Error::security(
                    "the redirect carries the authorization code in the clear, not in a signed JARM response",
                )
                .with_hint(
                    "the provider ignored response_mode=jwt; log in without --jarm if it does not support JARM",
                ))),
                other => other,
            },
            [response] => match self.verify(response) {
                Ok(params) => {
                    let inner = url::form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(&params)
                        .finish();
                    plain(&inner)
                }
                Err(Failure::Forged(e)) => Verdict::NotOurs(e),
                Err(Failure::Io(e)) => Verdict::Final(Err(e)),
            },
            _ => Verdict::NotOurs(refused("the redirect carries `response` more than once")),
        }
    }

    fn verify(&mut self, response: &str) -> Result<Vec<(String, String)>, Failure> {
        let provider = &self.settings.provider;
        let (Some(issuer), Some(jwks_uri)) =
            (provider.issuer.as_deref(), provider.jwks_uri.as_ref())
        else {
            unreachable!("the settings require an issuer and a JWKS for JARM")
        };
        let expect = Expectations {
            issuer,
            client_id: &self.settings.client_id,
            now: self.ctx.now(),
        };
        loop {
            let jwks = match &self.jwks {
                Some(jwks) => jwks,
                None => self.jwks.insert(
                    crate::tokens::verify::fetch_jwks(self.ctx, jwks_uri).map_err(Failure::Io)?,
                ),
            };
            match jarm::verify(response, jwks, &expect) {
                Ok(Outcome::Valid(params)) => return Ok(params),
                Err(e) => return Err(Failure::Forged(refused(&e.to_string()))),
                Ok(Outcome::UnknownKey) if !self.refetched => {
                    // The provider may have rotated its keys since the first fetch.
                    self.refetched = true;
                    self.jwks = None;
                }
                Ok(Outcome::UnknownKey) => {
                    return Err(Failure::Forged(refused(
                        "it names a signing key the provider's JWKS does not hold",
                    )));
                }
            }
        }
    }
}

enum Failure {
    /// The response cannot be believed: not this login's.
    Forged(Error),
    /// The JWKS could not be fetched: no response can be verified, the login ends.
    Io(Error),
}

fn refused(why: &str) -> Error {
    Error::security(format!(
        "the signed authorization response (JARM) was refused: {why}"
    ))
}
