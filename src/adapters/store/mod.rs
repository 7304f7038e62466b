//! Where token sets live between commands: the OS keyring or a private file, behind one small trait.
//!
//! What is stored per profile is a [`Session`]: the tokens plus everything a later command needs to use
//! them without flags (endpoints, client id and method, and the client secret, which never goes to the
//! TOML config).

pub mod file;
pub mod keyring;
pub mod lock;

use crate::error::Result;
use crate::oauth::discovery::Endpoints;
use crate::oauth::token::TokenSet;
use crate::oauth::types::{AuthMethod, ClientId, ClientSecret};
use serde::{Deserialize, Serialize};

/// Bumped when the stored shape changes incompatibly.
pub const SESSION_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Session {
    pub version: u32,
    pub tokens: TokenSet,
    pub client_id: ClientId,
    pub auth_method: AuthMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<ClientSecret>,
    pub endpoints: Endpoints,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub token_params: Vec<(String, String)>,
}

/// Which backend holds a profile's tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
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

pub trait TokenStore {
    fn kind(&self) -> StoreKind;
    /// Where the tokens go, for people ("the Secret Service keyring", "/home/…/default.json").
    fn location(&self, profile: &str) -> String;
    fn load(&self, profile: &str) -> Result<Option<Session>>;
    fn save(&self, profile: &str, session: &Session) -> Result<()>;
    /// Removes the profile's tokens; `false` when there were none.
    fn delete(&self, profile: &str) -> Result<bool>;
}

pub(crate) fn encode(session: &Session) -> Result<String> {
    serde_json::to_string(session)
        .map_err(|e| crate::error::Error::other(format!("cannot encode the token set: {e}")))
}

pub(crate) fn decode(profile: &str, text: &str) -> Result<Session> {
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
