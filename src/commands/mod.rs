//! Commands: each file orchestrates the core and the adapters for one user-facing verb. Shared plumbing
//! (the lazily built HTTP client, store selection, loading and refreshing a session) lives here and in
//! `session.rs`.

pub mod completions;
pub mod login;
pub mod logout;
pub mod session;
pub mod status;
pub mod token;
pub mod userinfo;

use crate::adapters::http::{HttpClient, HttpOptions};
use crate::adapters::store::file::FileStore;
use crate::adapters::store::keyring::KeyringStore;
use crate::adapters::store::{StoreKind, TokenStore};
use crate::cli::GlobalArgs;
use crate::config::{ConfigFile, Paths, Profile};
use crate::error::{Error, Result};
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::output::Output;
use std::cell::OnceCell;
use std::time::Duration;

/// How long one keyring call may take before the keyring is declared unusable.
const KEYRING_TIMEOUT: Duration = Duration::from_secs(5);

/// Everything a command needs from the outside world. Costly parts (the async runtime, the TLS client)
/// are built on first use, so the cached `token print` path never pays for them.
pub struct Ctx {
    pub global: GlobalArgs,
    pub out: Output,
    pub paths: Paths,
    runtime: OnceCell<tokio::runtime::Runtime>,
    http: OnceCell<HttpClient>,
}

impl Ctx {
    pub fn new(global: GlobalArgs, out: Output) -> Result<Ctx> {
        crate::config::check_profile_name(&global.profile)?;
        let paths = Paths::resolve(global.config.as_deref())?;
        Ok(Ctx {
            global,
            out,
            paths,
            runtime: OnceCell::new(),
            http: OnceCell::new(),
        })
    }

    pub fn profile_name(&self) -> &str {
        &self.global.profile
    }

    pub fn load_config(&self) -> Result<ConfigFile> {
        ConfigFile::load(&self.paths.config)
    }

    /// Sends one request and waits for the answer.
    pub fn send(&self, req: &HttpRequest) -> Result<HttpResponse> {
        let rt = match self.runtime.get() {
            Some(rt) => rt,
            None => {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| Error::other(format!("cannot start the async runtime: {e}")))?;
                self.runtime.get_or_init(|| rt)
            }
        };
        let http = match self.http.get() {
            Some(h) => h,
            None => {
                let opts = HttpOptions {
                    timeout: Duration::from_secs(self.global.timeout.max(1)),
                    ca_cert: self.global.ca_cert.clone(),
                    insecure: self.global.insecure,
                    verbose: self.global.verbose,
                };
                self.http.get_or_init(|| HttpClient::new(&opts))
            }
        };
        rt.block_on(http.send(req))
    }

    pub fn open_store(&self, kind: StoreKind) -> Box<dyn TokenStore> {
        match kind {
            StoreKind::Keyring => Box::new(KeyringStore::new(KEYRING_TIMEOUT)),
            StoreKind::File => Box::new(FileStore::new(self.paths.data_dir.clone())),
        }
    }

    /// The store a login writes to: the one asked for, else the keyring when it answers, else the file
    /// store with a warning that says so.
    pub fn store_for_login(&self) -> Result<Box<dyn TokenStore>> {
        match self.global.store.explicit() {
            Some(StoreKind::Keyring) => {
                if !KeyringStore::new(KEYRING_TIMEOUT).available() {
                    // Probe again for the real error text.
                    let err = KeyringStore::new(KEYRING_TIMEOUT)
                        .load("oauthctl-probe")
                        .err();
                    return Err(err.unwrap_or_else(|| Error::other("the OS keyring is not usable")));
                }
                Ok(self.open_store(StoreKind::Keyring))
            }
            Some(kind) => Ok(self.open_store(kind)),
            None if KeyringStore::new(KEYRING_TIMEOUT).available() => {
                Ok(self.open_store(StoreKind::Keyring))
            }
            None => {
                let store = self.open_store(StoreKind::File);
                self.out.warn(&format!(
                    "no OS keyring answered; tokens go to a plain-text file readable only by you: {}",
                    store.location(self.profile_name())
                ));
                Ok(store)
            }
        }
    }

    /// The store holding a profile's tokens: the one asked for, else the one its last login used.
    pub fn store_for(&self, profile: Option<&Profile>) -> Box<dyn TokenStore> {
        let kind = self
            .global
            .store
            .explicit()
            .or(profile.and_then(|p| p.store))
            .unwrap_or(StoreKind::File);
        self.open_store(kind)
    }
}
