//! The front channel's wait: how to finish from another machine when no browser starts here (paste the
//! address, or forward the port over SSH), then the wait itself, where the listener's redirect, a pasted
//! one and Ctrl-C race and the first wins. A spinner with the time left on a terminal, a plain line
//! otherwise.

use super::paste::{self, Pasted};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::redirect_uri::RedirectUri;
use crate::oauth::types::AuthorizationCode;
use crate::output::spinner::Spinner;
use crate::ports::{Judge, Listener, Verdict};
use std::time::{Duration, Instant};

/// The port an example in the SSH instructions uses when the login's own port is ephemeral.
const EXAMPLE_PORT: u16 = 8400;

/// Tells how to finish the login on another machine: by pasting, and by `ssh -L` (this login's port when
/// it was fixed by `--redirect-uri`, else how to fix one, since a tunnel is set up before the login).
pub fn remote_help(ctx: &Ctx, redirect_uri: &RedirectUri, paste: bool, fixed_port: bool) {
    let out = &ctx.out;
    let url = redirect_uri.url();
    let host = url.host_str().unwrap_or("127.0.0.1");
    if paste {
        out.info(&format!(
            "From another machine: open the URL there, log in, then paste here the address the browser ends on ({}?…, even if the page fails to load) and press Enter.",
            redirect_uri.as_str()
        ));
    } else {
        out.info(
            "From another machine: open the URL there and log in (to paste the address the browser ends on instead, run login with --paste or from a terminal).",
        );
    }
    if fixed_port {
        let port = redirect_uri.port();
        out.info(&format!(
            "Or forward the port: run `ssh -L {port}:{host}:{port} THIS-HOST` on the machine with the browser, then open the URL there."
        ));
    } else {
        out.info(&format!(
            "Or forward a port: log in with --redirect-uri http://{host}:{EXAMPLE_PORT}{} and run `ssh -L {EXAMPLE_PORT}:{host}:{EXAMPLE_PORT} THIS-HOST` on the machine with the browser.",
            url.path()
        ));
    }
}

/// Waits until the timeout for the redirect: from the listener, pasted on stdin (when `paste`), or
/// Ctrl-C, whichever comes first. A pasted address that fails the state check, or is not the redirect
/// URI, is reported and the wait goes on, as the listener does with a stray request.
/// A browser that started but may still fail within its window: the failure is reported when it
/// arrives, with the URL to open and how to finish from elsewhere, while the wait goes on.
pub struct LateBrowser<'a> {
    pub failure: std::sync::mpsc::Receiver<String>,
    pub url: &'a str,
    pub fixed_port: bool,
}

pub fn wait(
    ctx: &Ctx,
    listener: &dyn Listener,
    paste: bool,
    timeout_secs: u64,
    late: Option<LateBrowser>,
    judge: &mut Judge,
) -> Result<AuthorizationCode> {
    let deadline = Instant::now() + Duration::from_secs(timeout_secs);
    let console = ctx.deps.console.as_ref();
    let live = console.stderr_is_terminal();
    let what = if paste {
        "the redirect or a pasted address"
    } else {
        "the redirect"
    };
    // Ctrl-C is caught before the message invites it.
    let mut session = console.wait_session(paste);
    if !live {
        ctx.out.info(&format!(
            "Waiting up to {timeout_secs} s for {what} (Ctrl-C to cancel)…"
        ));
    }
    let mut spinner = Spinner::start(&ctx.out, live, &format!("Waiting for {what}"), deadline);
    let redirect = listener.redirect_uri().url().clone();
    listener.wait_with(deadline, judge, &mut |judge| {
        if session.interrupted() {
            return Some(Err(Error::cancelled("login cancelled (Ctrl-C)")));
        }
        while let Some(line) = session.line() {
            match paste::read(&line, &redirect) {
                Pasted::Nothing => {}
                Pasted::Elsewhere => spinner.say(|out| {
                    out.warn(&format!(
                        "the pasted address is not the redirect (it starts with {}); still waiting",
                        redirect.as_str()
                    ))
                }),
                Pasted::Query(query) => match judge(query) {
                    Verdict::Final(outcome) => return Some(outcome),
                    Verdict::NotOurs(e) => spinner.say(|out| {
                        out.warn(&format!(
                            "the pasted address was refused: {}; still waiting",
                            e.message
                        ))
                    }),
                },
            }
        }
        if let Some(late) = &late
            && let Ok(why) = late.failure.try_recv()
        {
            spinner.say(|out| {
                out.warn(&format!("could not open a browser ({why})"));
                out.info("Open this URL in a browser to log in:");
                out.info(&format!("  {}", late.url));
                remote_help(ctx, listener.redirect_uri(), paste, late.fixed_port);
            });
        }
        spinner.tick();
        None
    })
}
