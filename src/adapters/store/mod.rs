//! Where token sets live between commands: the OS keyring or a private file, behind one small trait.
//!
//! What is stored per profile is a [`Session`]: the tokens plus everything a later command needs to use
//! them without flags (endpoints, client id and method, and the client secret, which never goes to the
//! TOML config).

pub mod file;
pub mod keyring;
pub mod lock;
pub mod select;

use crate::error::Result;
pub use crate::oauth::session::{SESSION_VERSION, Session};
use crate::ports::Stores;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

/// Which backend holds a profile's tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    Keyring,
    File,
}

impl StoreKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StoreKind::Keyring => "keyring",
            StoreKind::File => "file",
        }
    }
}

/// How long one keyring call may take before the keyring is declared unusable.
const KEYRING_TIMEOUT: Duration = Duration::from_secs(5);

/// The real stores (the [`Stores`] port): the Secret Service keyring and the file store in `data_dir`.
pub struct SystemStores {
    data_dir: PathBuf,
}

impl SystemStores {
    pub fn new(data_dir: PathBuf) -> Self {
        SystemStores { data_dir }
    }
}

impl Stores for SystemStores {
    fn open(&self, kind: StoreKind) -> Box<dyn TokenStore> {
        match kind {
            StoreKind::Keyring => Box::new(keyring::KeyringStore::new(KEYRING_TIMEOUT)),
            StoreKind::File => Box::new(file::FileStore::new(self.data_dir.clone())),
        }
    }

    fn probe_keyring(&self) -> Result<()> {
        keyring::KeyringStore::new(KEYRING_TIMEOUT).probe_write()
    }
}

/// `Send + Sync` so `status` can read many profiles' stores on more than one thread.
pub trait TokenStore: Send + Sync {
    fn kind(&self) -> StoreKind;
    /// Where the tokens go, for people ("the Secret Service keyring", "/home/…/default.json").
    fn location(&self, profile: &str) -> String;
    fn load(&self, profile: &str) -> Result<Option<Session>>;
    fn save(&self, profile: &str, session: &Session) -> Result<()>;
    /// Removes the profile's tokens; `false` when there were none.
    fn delete(&self, profile: &str) -> Result<bool>;
    /// Why the stored tokens may be readable by others (a token file with loose permissions), if so.
    fn exposure(&self, _profile: &str) -> Option<String> {
        None
    }
    /// True for the in-memory store of CI injection (`tokens::injected`): nothing persists, and no
    /// lock file is needed to share it.
    fn injected(&self) -> bool {
        false
    }
}

pub fn encode(session: &Session) -> Result<String> {
    serde_json::to_string(session)
        .map_err(|e| crate::error::Error::other(format!("cannot encode the token set: {e}")))
}

pub fn decode(profile: &str, text: &str) -> Result<Session> {
    let session: Session = serde_json::from_str(text).map_err(|_| {
        crate::error::Error::login_needed(format!(
            "the stored token set of profile {profile:?} is unreadable"
        ))
        .with_hint(format!("run `oauthctl -p {profile} login` to replace it"))
    })?;
    if session.version != SESSION_VERSION {
        return Err(crate::error::Error::login_needed(format!(
            "the stored token set of profile {profile:?} is from another oauthctl version"
        ))
        .with_hint(format!("run `oauthctl -p {profile} login` to replace it")));
    }
    Ok(session)
}
