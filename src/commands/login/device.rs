//! `login --device`: the device authorization grant (RFC 8628) in place of the front channel. The
//! provider hands out a user code; the person enters it at the verification URI on any device (shown
//! on stderr, never stdout: stdout stays data); meanwhile the token endpoint is polled at the provider's
//! interval until the tokens come, the person refuses, or the code expires. The tokens then get the
//! checks and the storing of any login (`persist`).

use super::back::Obtained;
use super::persist;
use super::settings::{self, LoginSettings};
use crate::cli::LoginArgs;
use crate::context::Ctx;
use crate::error::{Error, Kind, Result};
use crate::oauth::device::{
    DeviceAuthorization, DeviceError, Poll, authorization_request, backoff_interval, next_interval,
    parse_authorization, poll_outcome, token_request,
};
use crate::oauth::token::{ClientAuth, TokenSet};
use crate::output::spinner::Spinner;
use std::time::{Duration, Instant};

/// How often the wait looks at Ctrl-C and redraws the spinner while it sleeps.
const STEP: Duration = Duration::from_millis(100);

pub fn run(ctx: &Ctx, args: &LoginArgs) -> Result<()> {
    let settings = settings::resolve(ctx, args)?;
    let Some(url) = settings.provider.device_authorization_url.clone() else {
        return Err(Error::usage("no device authorization endpoint known for --device").with_hint(
            "pass --device-authorization-url URL, or --issuer of a provider whose metadata lists device_authorization_endpoint",
        ));
    };
    let store = super::store(ctx)?;
    let auth = settings.client_auth();
    let req = authorization_request(&url, &auth, &settings.scope, &settings.params)?;
    let grant = parse_authorization(&ctx.send(&req)?).map_err(|e| device_error(e, &settings))?;
    show(ctx, &grant);
    let tokens = poll(ctx, &settings, &auth, &grant)?;
    let obtained = check(ctx, &settings, tokens)?;
    persist::save(ctx, args, settings, store, obtained)
}

fn device_error(e: DeviceError, settings: &LoginSettings) -> Error {
    match e {
        DeviceError::Core(core) => Error::blame_env_secret(core, settings.secret_from_env),
        other => Error::other(other.to_string()),
    }
}

/// Where to go and what to type, on stderr. Every value was checked for unsafe characters by the core;
/// the URIs are printed in their parsed (percent-encoded) form.
fn show(ctx: &Ctx, grant: &DeviceAuthorization) {
    let out = &ctx.out;
    out.info(&format!(
        "To log in, open {} on any device and enter the code:",
        grant.verification_uri
    ));
    out.info(&format!("  {}", grant.user_code));
    if let Some(complete) = &grant.verification_uri_complete {
        out.info(&format!(
            "Or open this URL, which carries the code: {complete}"
        ));
        // On a terminal, the same URL to scan with a phone; in a log it would only be noise.
        if ctx.deps.console.stderr_is_terminal()
            && let Some(code) = qr_code(complete.as_str())
        {
            out.info("Or scan it:");
            out.info(&code);
        }
    }
}

/// `url` as a QR code of Unicode half blocks, two modules a character high. The colours are inverted
/// (light modules drawn, dark ones left blank) for the usual light-on-dark terminal; the quiet zone
/// keeps a scanner's finder from running into surrounding text. `None` for a URL too long to encode.
pub(super) fn qr_code(url: &str) -> Option<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

/// Polls the token endpoint until the tokens come (RFC 8628 §3.4, §3.5): after `interval` seconds each
/// time, five more after every `slow_down`, twice as long after a poll the network failed (the code may
/// still be entered meanwhile, so that is no reason to give up); gives up when the code expires, or on
/// Ctrl-C.
fn poll(
    ctx: &Ctx,
    settings: &LoginSettings,
    auth: &ClientAuth,
    grant: &DeviceAuthorization,
) -> Result<TokenSet> {
    let clock = ctx.deps.clock.as_ref();
    let expires_at = clock.now().saturating_add(grant.expires_in);
    let console = ctx.deps.console.as_ref();
    let live = console.stderr_is_terminal();
    // Ctrl-C is caught before the message invites it.
    let session = console.wait_session(false);
    if !live {
        ctx.out.info(&format!(
            "Waiting up to {} s for the code to be entered (Ctrl-C to cancel)…",
            grant.expires_in
        ));
    }
    let deadline = Instant::now() + Duration::from_secs(grant.expires_in);
    let mut spinner = Spinner::start(
        &ctx.out,
        live,
        "Waiting for the code to be entered",
        deadline,
    );
    let mut req = token_request(
        &settings.provider.token_url,
        auth,
        &grant.device_code,
        &settings.token_params,
    )?;
    req.dpop = crate::tokens::dpop::for_token_endpoint(settings.dpop.as_ref());
    let mut interval = grant.interval;
    // Why the last poll got no answer, for the message when the code expires meanwhile.
    let mut unanswered: Option<String> = None;
    loop {
        // Never past the expiry: a wait that would end after it ends there.
        let left = expires_at.saturating_sub(clock.now());
        let mut slept = Duration::ZERO;
        let pause = Duration::from_secs(interval.min(left));
        while slept < pause {
            if session.interrupted() {
                return Err(Error::cancelled("login cancelled (Ctrl-C)"));
            }
            spinner.tick();
            let step = STEP.min(pause - slept);
            clock.sleep(step);
            slept += step;
        }
        if session.interrupted() {
            return Err(Error::cancelled("login cancelled (Ctrl-C)"));
        }
        if clock.now() >= expires_at {
            let expired = format!(
                "the device code expired before the login was completed ({} s)",
                grant.expires_in
            );
            return Err(match unanswered {
                Some(why) => Error::network(format!("{expired}; the last poll failed: {why}"))
                    .with_hint(
                        "check the network and the token endpoint, then run login --device again",
                    ),
                None => Error::network(expired)
                    .with_hint("run login --device again and enter the code before it expires"),
            });
        }
        let outcome = match ctx.send(&req) {
            Ok(resp) => {
                let outcome = poll_outcome(&resp, clock.now());
                if let Poll::Done(tokens) = &outcome {
                    crate::tokens::dpop::check_issued(tokens, &resp, settings.dpop.as_deref())?;
                }
                outcome
            }
            Err(e) if e.kind == Kind::Network => {
                interval = backoff_interval(interval);
                if ctx.global.verbose > 0 {
                    spinner.say(|out| {
                        out.info(&format!(
                            "* poll failed ({}); polling every {interval} s from now on",
                            e.message
                        ))
                    });
                }
                unanswered = Some(e.message);
                continue;
            }
            Err(e) => return Err(e),
        };
        unanswered = None;
        interval = next_interval(interval, &outcome);
        match outcome {
            Poll::Pending => {}
            Poll::SlowDown => spinner.say(|out| {
                out.info(&format!(
                    "The provider asked to poll less often: every {interval} s from now on"
                ))
            }),
            Poll::Done(tokens) => return Ok(*tokens),
            Poll::Denied(e) => {
                return Err(
                    Error::from(e).with_hint("the request was refused where the code was entered")
                );
            }
            Poll::Expired(e) => {
                return Err(Error::from(e)
                    .with_hint("run login --device again and enter the code before it expires"));
            }
            Poll::Failed(e) => return Err(Error::blame_env_secret(e, settings.secret_from_env)),
        }
    }
}

/// The checks of any login: an ID token is verified (no nonce in this grant: RFC 8628 has no front
/// channel to carry one), and dropped when `openid` was not requested.
fn check(ctx: &Ctx, settings: &LoginSettings, tokens: TokenSet) -> Result<Obtained> {
    let openid = settings.scope.contains("openid");
    super::back::check_id_token(ctx, settings, tokens, openid, None)
}
