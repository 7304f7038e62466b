//! Login step 2a, the preflight: one GET of the authorize URL just before the browser opens (no redirect
//! followed, no cookie kept), so a refusal the browser would only show as an error page, or a blank one,
//! ends the login in seconds with the provider's reason and a hint, instead of after the login timeout.
//! `--no-preflight` skips it. The judging is in `oauth::preflight`; this file sends and words.
//!
//! When the authorize endpoint cannot be reached at all (refused, DNS, TLS, timeout), the login fails
//! with exit 4: the browser is about to ask the same host for the same URL, so it would fail the same way
//! and the person would wait out the login timeout in front of a browser error. A proxy or a trust anchor
//! only the browser knows about is the exception; the hint names `--no-preflight` for it. Any other
//! failure to read the answer (too large, cut short) proves the endpoint is there, so the login goes on.

use crate::context::Ctx;
use crate::error::{Error, Kind, Result};
use crate::oauth::preflight::{Cause, Refusal, Sent, judge, request};
use url::Url;

/// Fetches `authorize_url` once and fails the login when the provider refuses it.
pub fn check(ctx: &Ctx, authorize_url: &Url, sent: &Sent, client_id: &str) -> Result<()> {
    let resp = match ctx.send(&request(authorize_url)) {
        Ok(resp) => resp,
        Err(e) if e.kind == Kind::Network => {
            return Err(Error::network(format!(
                "the authorization endpoint cannot be reached: {}",
                e.message
            ))
            .with_hint(
                "the browser would fail the same way: check the authorization endpoint URL and the network (--no-preflight skips this check)",
            ));
        }
        Err(e) => {
            ctx.out.warn(&format!(
                "could not read the authorization endpoint's answer ({}); opening the browser anyway",
                e.message
            ));
            return Ok(());
        }
    };
    match judge(&resp, sent) {
        None => Ok(()),
        Some(refusal) => Err(refused(&refusal, sent, client_id)),
    }
}

/// The refusal as one error line and a hint: the status, the provider's error code and its words.
fn refused(r: &Refusal, sent: &Sent, client_id: &str) -> Error {
    let mut message = format!(
        "the authorization endpoint refused the login request (HTTP {})",
        r.status
    );
    match (&r.error, &r.detail) {
        (Some(error), Some(detail)) => message.push_str(&format!(": {error} ({detail})")),
        (Some(error), None) => message.push_str(&format!(": {error}")),
        (None, Some(detail)) => message.push_str(&format!(": {detail:?}")),
        (None, None) => message.push_str(" with an empty page"),
    }
    let uri = sent.redirect_uri;
    let hint = match &r.cause {
        Cause::UnknownClient => {
            format!("check --client-id: the provider does not accept the client id {client_id:?}")
        }
        Cause::RedirectUri {
            fixed_port_advice: true,
        } => fixed_port_hint(uri),
        Cause::RedirectUri {
            fixed_port_advice: false,
        } => format!(
            "the redirect URI sent was {uri}: register exactly this URI for the client at the provider, or pass a registered one with --redirect-uri"
        ),
        Cause::BlankForbidden => format!(
            "the provider gave no reason: check --client-id and that the redirect URI sent, {uri}, is registered for the client"
        ),
        Cause::NotFound => "check the authorization endpoint URL (--authorize-url, or the issuer's authorization_endpoint)".to_string(),
        Cause::ServerFailure => {
            "the provider failed; try again later (--no-preflight skips this check)".to_string()
        }
        Cause::Unclear => format!(
            "the browser would show this error: check the client's registration at the provider (client id {client_id:?}, redirect URI {uri})"
        ),
    };
    let kind = if r.is_oauth_error() {
        Kind::OAuth
    } else {
        Kind::Other
    };
    Error::new(kind, message).with_hint(hint)
}

/// The advice for a provider that matches redirect URIs exactly, port included, when the port was picked
/// for this login: no registration can ever match it, a fixed one can.
fn fixed_port_hint(sent: &str) -> String {
    let example = Url::parse(sent)
        .ok()
        .and_then(|u| {
            let host = u.host_str()?.to_string();
            Some(format!("{}://{host}:PORT{}", u.scheme(), u.path()))
        })
        .unwrap_or_else(|| "http://127.0.0.1:PORT/callback".to_string());
    format!(
        "the redirect URI sent was {sent}, on a port picked for this login; if the provider matches redirect URIs exactly, register {example} with a fixed PORT of your choice and pass it with --redirect-uri"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_port_example_keeps_host_and_path() {
        assert!(
            fixed_port_hint("http://[::1]:4242/cb").contains("register http://[::1]:PORT/cb with")
        );
        assert!(
            fixed_port_hint("http://127.0.0.1:4242/callback")
                .contains("register http://127.0.0.1:PORT/callback with")
        );
    }
}
