//! What a command runs with: the global options, the environment, the output streams and the ports
//! ([`Deps`]). `Ctx::real` fills the ports with the real adapters; tests build a `Ctx` from fakes.

use crate::adapters::browser::SystemBrowser;
use crate::adapters::clock::SystemClock;
use crate::adapters::config_file::ConfigFileStore;
use crate::adapters::console::Terminal;
use crate::adapters::http::{HttpOptions, Transport};
use crate::adapters::loopback::Loopback;
use crate::adapters::random::OsRandom;
use crate::adapters::store::lock::FileLocks;
use crate::adapters::store::{SystemStores, TokenStore, select};
use crate::cli::GlobalArgs;
use crate::config::{HttpSettings, Paths, Profile};
use crate::env::Env;
use crate::error::Result;
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::output::Output;
use crate::ports::Deps;

pub struct Ctx {
    pub global: GlobalArgs,
    pub env: Env,
    pub out: Output,
    pub deps: Deps,
}

impl Deps {
    /// The real adapters. Nothing costly happens here: the HTTP runtime and TLS setup wait for the first
    /// request, and the keyring is only asked when a store is opened.
    pub fn real(global: &GlobalArgs, paths: &Paths) -> Deps {
        let (g, p) = (global.clone(), paths.clone());
        Deps {
            fork: std::sync::Arc::new(move || Deps::real(&g, &p)),
            http: Box::new(Transport::new(HttpOptions::new(
                &HttpSettings::resolve(global, None),
                global.verbose,
            ))),
            clock: Box::new(SystemClock),
            random: Box::new(OsRandom),
            browser: Box::new(SystemBrowser),
            listen: Box::new(Loopback),
            stores: Box::new(SystemStores::new(paths.data_dir.clone())),
            locks: Box::new(FileLocks::new(paths.data_dir.clone())),
            config: Box::new(ConfigFileStore::new(paths.config.clone())),
            console: Box::new(Terminal),
            dpop_nonces: Default::default(),
        }
    }
}

impl Ctx {
    /// Checks the profile name and finds the config file and data directory.
    pub fn paths(global: &GlobalArgs) -> Result<Paths> {
        crate::config::check_profile_name(&global.profile)?;
        Paths::resolve(global.config.as_deref())
    }

    pub fn real(global: GlobalArgs, env: Env, out: Output, paths: &Paths) -> Ctx {
        let deps = Deps::real(&global, paths);
        Ctx {
            global,
            env,
            out,
            deps,
        }
    }

    pub fn profile_name(&self) -> &str {
        &self.global.profile
    }

    /// Sends a request, signing in its client assertion and its DPoP proof first when it has them (see
    /// `tokens::assertion`, `tokens::dpop`). A server that refuses the proof for want of a fresh nonce
    /// (RFC 9449 §8–9) gets the request once more, freshly signed with that nonce.
    pub fn send(&self, req: &HttpRequest) -> Result<HttpResponse> {
        let resp = self.send_signed(req)?;
        if self.deps.dpop_nonces.learn(req, &resp) {
            let again = self.send_signed(req)?;
            self.deps.dpop_nonces.learn(req, &again);
            return Ok(again);
        }
        Ok(resp)
    }

    fn send_signed(&self, req: &HttpRequest) -> Result<HttpResponse> {
        let (now, random) = (self.now(), self.deps.random.as_ref());
        let asserted = crate::tokens::assertion::complete(req, now, random)?;
        let req = asserted.as_ref().unwrap_or(req);
        match crate::tokens::dpop::complete(req, now, &self.deps.dpop_nonces)? {
            Some(proven) => self.deps.http.send(&proven),
            None => self.deps.http.send(req),
        }
    }

    pub fn now(&self) -> u64 {
        self.deps.clock.now()
    }

    /// The saved settings of the profile in use, if it has any. Its HTTP settings (timeout, trust) go to
    /// the HTTP port here, before any request: every command reads its profile first.
    pub fn profile(&self) -> Result<Option<Profile>> {
        let profile = self.deps.config.profile(self.profile_name())?;
        self.deps
            .http
            .configure(&HttpSettings::resolve(&self.global, profile.as_ref()));
        Ok(profile)
    }

    /// The store holding a profile's tokens (see `adapters::store::select`).
    pub fn store_for(&self, profile: Option<&Profile>) -> Box<dyn TokenStore> {
        select::for_profile(self.global.store, self.deps.stores.as_ref(), profile)
    }
}
