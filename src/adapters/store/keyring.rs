//! The OS keyring store (Secret Service on Linux, via the `keyring` crate built with a real backend).
//!
//! Every call runs on its own thread with a deadline: a D-Bus peer that accepts the connection and never
//! answers would otherwise hang oauthctl for half a minute or more.

use super::{Session, StoreKind, TokenStore, decode, encode};
use crate::error::{Error, Result};
use std::sync::mpsc;
use std::time::Duration;

const SERVICE: &str = "oauthctl";

pub struct KeyringStore {
    timeout: Duration,
}

enum Answer {
    Found(zeroize::Zeroizing<String>),
    Missing,
    Done,
}

impl KeyringStore {
    pub fn new(timeout: Duration) -> Self {
        KeyringStore { timeout }
    }

    /// Runs one keyring operation with the deadline, mapping the backend's error into ours.
    fn call(
        &self,
        profile: &str,
        op: impl FnOnce(&keyring::Entry) -> keyring::Result<Answer> + Send + 'static,
    ) -> Result<Answer> {
        let (tx, rx) = mpsc::channel();
        let user = profile.to_string();
        std::thread::spawn(move || {
            let result = keyring::Entry::new(SERVICE, &user).and_then(|entry| op(&entry));
            let _ = tx.send(result);
        });
        match rx.recv_timeout(self.timeout) {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(keyring::Error::NoEntry)) => Ok(Answer::Missing),
            Ok(Err(e)) => Err(unavailable(&e.to_string())),
            Err(_) => Err(unavailable(&format!(
                "no answer within {} s",
                self.timeout.as_secs()
            ))),
        }
    }

    /// True when a keyring backend answers at all: what `--store auto` decides on.
    pub fn available(&self) -> bool {
        self.call("oauthctl-probe", |e| e.get_password().map(|_| Answer::Done))
            .is_ok()
    }
}

fn unavailable(why: &str) -> Error {
    Error::other(format!("the OS keyring is not usable: {why}"))
        .with_hint("start a Secret Service (e.g. gnome-keyring) and unlock it, or use --store file")
}

impl TokenStore for KeyringStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Keyring
    }

    fn location(&self, profile: &str) -> String {
        format!("the OS keyring (service {SERVICE:?}, account {profile:?})")
    }

    fn load(&self, profile: &str) -> Result<Option<Session>> {
        match self.call(profile, |e| {
            e.get_password().map(|p| Answer::Found(p.into()))
        })? {
            Answer::Found(text) => decode(profile, &text).map(Some),
            _ => Ok(None),
        }
    }

    fn save(&self, profile: &str, session: &Session) -> Result<()> {
        let text = zeroize::Zeroizing::new(encode(session)?);
        self.call(profile, move |e| {
            e.set_password(&text).map(|_| Answer::Done)
        })
        .map(|_| ())
    }

    fn delete(&self, profile: &str) -> Result<bool> {
        Ok(matches!(
            self.call(profile, |e| e.delete_credential().map(|_| Answer::Done))?,
            Answer::Done
        ))
    }
}
