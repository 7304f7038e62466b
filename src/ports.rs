//! The ports: the small traits through which oauthctl's logic reaches the outside world (HTTP, the clock,
//! randomness, the browser, the loopback listener, the token stores, the refresh lock, the config file,
//! the console a login waits in).
//!
//! `main` fills [`Deps`] with the real adapters (`Deps::real`); tests fill it with fakes, so every command
//! and every check runs in-process, deterministically, without a provider, a keyring or a browser. Each
//! trait is as small as the commands need, so a fake is a few lines.

use crate::adapters::browser::Opener;
use crate::adapters::store::{StoreKind, TokenStore};
use crate::config::{ConfigFile, HttpSettings, Profile};
use crate::error::{Error, Result};
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::oauth::redirect_uri::RedirectUri;
use crate::oauth::types::AuthorizationCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Sends one request to a provider and returns its (size-capped) answer.
pub trait Http {
    fn send(&self, req: &HttpRequest) -> Result<HttpResponse>;
    /// The settings with the profile's saved values in, once the profile is known; they apply to every
    /// request after (the real adapter has built nothing yet: commands read the profile first).
    fn configure(&self, settings: &HttpSettings);
}

/// The wall clock, in Unix seconds: expiry and every ID-token time check use this one reading.
pub trait Clock {
    fn now(&self) -> u64;
    /// Waits `d` (the device grant's polling): the real clock sleeps, a fake one moves its time on, so
    /// a test of a ten-minute wait takes no time.
    fn sleep(&self, d: Duration);
}

/// Cryptographically secure random bytes for `state`, `nonce` and the PKCE verifier.
pub trait Random {
    fn fill(&self, buf: &mut [u8]) -> Result<()>;
}

/// Starts a browser on the authorize URL; `Err` says why it could not (the URL is printed anyway).
pub trait Browser {
    /// Starts the browser. A started one may still fail within a short window; then why arrives on the
    /// receiver, while the login already waits for the redirect (a scripted browser that completes the
    /// login within that window must not be kept waiting for it).
    fn open(&self, opener: &Opener, url: &str) -> std::result::Result<LateFailure, String>;
}

/// Why a started browser failed after all, if it does, within its window.
pub type LateFailure = Option<std::sync::mpsc::Receiver<String>>;

/// What the judge made of one callback; an error is shown to the browser too.
pub enum Verdict {
    /// This login's redirect: the code, or the refusal that ends the login.
    Final(Result<AuthorizationCode>),
    /// Not this login's redirect (it fails the state check, RFC 6749 §10.12): any local process can send
    /// one, so it must neither end the login nor speak for the provider. The listener answers it with an
    /// error page and keeps waiting for the real one.
    NotOurs(Error),
}

/// Decides what one callback query string means.
pub type Judge<'a> = dyn FnMut(&str) -> Verdict + 'a;

/// Runs between the listener's rounds (at least every few tens of milliseconds while it waits) with the
/// judge, for what else may end the wait: a redirect pasted on stdin, Ctrl-C. `Some` ends the wait.
pub type Tick<'a> = dyn FnMut(&mut Judge) -> Option<Result<AuthorizationCode>> + 'a;

/// A bound loopback listener waiting for the one redirect of a login.
pub trait Listener {
    /// The redirect URI to send, with the real port when an ephemeral one was asked for.
    fn redirect_uri(&self) -> &RedirectUri;
    /// Waits until `deadline` for a callback the judge calls [`Verdict::Final`] and returns it. At the
    /// deadline: the last [`Verdict::NotOurs`] error when only such callbacks came (a forgery is a
    /// security failure), else a network error (nothing came).
    fn wait(&self, deadline: Instant, judge: &mut Judge) -> Result<AuthorizationCode> {
        self.wait_with(deadline, judge, &mut |_| None)
    }
    /// [`Listener::wait`], calling `tick` between rounds: whatever it returns first ends the wait.
    fn wait_with(
        &self,
        deadline: Instant,
        judge: &mut Judge,
        tick: &mut Tick,
    ) -> Result<AuthorizationCode>;
}

/// Binds loopback listeners.
pub trait Listen {
    fn bind(&self, redirect_uri: &RedirectUri) -> Result<Box<dyn Listener>>;
}

/// The terminal a login waits in (only `login` asks it anything): whether stdin and stderr are
/// terminals, and a waiting session that catches Ctrl-C and reads pasted lines.
pub trait Console {
    /// stdin is a terminal this process is in the foreground of (a background job reading it would be
    /// stopped by the shell): pasting is then on without `--paste`.
    fn stdin_is_terminal(&self) -> bool;
    /// stderr is a terminal: the wait shows a spinner instead of a plain line.
    fn stderr_is_terminal(&self) -> bool;
    /// Starts waiting: Ctrl-C is caught from now on, and with `read_stdin` stdin is read line by line in
    /// the background (not echoed, on a terminal: a pasted code stays off the screen). Dropping the
    /// session undoes all of it and discards input still pending on a terminal, so a half-pasted URL
    /// never reaches the shell.
    fn wait_session(&self, read_stdin: bool) -> Box<dyn WaitSession>;
}

/// One login's wait on the console.
pub trait WaitSession {
    /// The next complete line read from stdin, if one has arrived; never blocks.
    fn line(&mut self) -> Option<String>;
    /// Ctrl-C was pressed since the session started.
    fn interrupted(&self) -> bool;
}

/// The token stores and what `--store auto` needs to choose between them.
pub trait Stores {
    fn open(&self, kind: StoreKind) -> Box<dyn TokenStore>;
    /// `Ok` when the OS keyring takes a write; the error says why not.
    fn probe_keyring(&self) -> Result<()>;
}

/// Held while the refresh of one profile runs; dropping it releases the lock.
pub struct LockGuard(#[allow(dead_code)] Box<dyn std::any::Any + Send>);

impl LockGuard {
    pub fn new(inner: impl std::any::Any + Send) -> Self {
        LockGuard(Box::new(inner))
    }
}

/// The per-profile lock around read → refresh → write, shared by every oauthctl process of the user.
pub trait Locks {
    fn lock(&self, profile: &str, wait: Duration) -> Result<LockGuard>;
}

/// The profiles file: the non-secret settings a login saves.
pub trait ConfigStore {
    fn load(&self) -> Result<ConfigFile>;
    /// One profile, for commands that need no other (the hot path).
    fn profile(&self, name: &str) -> Result<Option<Profile>>;
    /// Re-reads the file, applies `change` and writes the result, under a lock: two logins to different
    /// profiles at once must both keep their entry.
    fn update(&self, change: &mut dyn FnMut(&mut ConfigFile)) -> Result<()>;
}

/// Everything outside the process that a command may touch.
pub struct Deps {
    pub http: Box<dyn Http>,
    pub clock: Box<dyn Clock>,
    pub random: Box<dyn Random>,
    pub browser: Box<dyn Browser>,
    pub listen: Box<dyn Listen>,
    pub stores: Box<dyn Stores>,
    pub locks: Box<dyn Locks>,
    pub config: Box<dyn ConfigStore>,
    pub console: Box<dyn Console>,
    /// The servers' DPoP nonces heard so far in this run (RFC 9449 §8–9): state of the run beside the
    /// ports, so that each request's proof carries the latest one.
    pub dpop_nonces: crate::tokens::dpop::Nonces,
    /// Builds a fresh set of the same ports for another thread (`smoke` checks profiles concurrently):
    /// ports keep per-run state (the HTTP settings of one profile), so each worker gets its own set,
    /// while the things behind them (stores, config, provider) stay the same.
    pub fork: Arc<dyn Fn() -> Deps + Send + Sync>,
}
