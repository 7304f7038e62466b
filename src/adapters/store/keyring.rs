//! The OS keyring store (Secret Service on Linux, via the `keyring` crate built with a real backend).
//!
//! Every call runs on its own thread with a deadline: a D-Bus peer that accepts the connection and never
//! answers would otherwise hang oauthctl for half a minute or more.
//!
//! Reads, the hot path of `token print`, go straight to the Secret Service through an unencrypted
//! session: the `keyring` crate always negotiates an encrypted one, and its 1024-bit Diffie-Hellman
//! exchange (on both sides of the bus) was 90% of a cached `token print` (11.5 ms against 4-5 ms). The
//! encryption only hides the secret from processes that can read this user's session bus, and those can
//! ask the daemon for the secret themselves, so it protects nothing here. Writes and deletes stay with
//! the `keyring` crate; reads find its items by the attributes it documents.

use super::{Session, StoreKind, TokenStore, decode, encode};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::sync::mpsc;
use std::time::Duration;

const SERVICE: &str = "oauthctl";

pub struct KeyringStore {
    timeout: Duration,
}

impl KeyringStore {
    pub fn new(timeout: Duration) -> Self {
        KeyringStore { timeout }
    }

    /// Runs one blocking keyring operation on a thread of its own, giving up after the deadline.
    fn with_deadline<T: Send + 'static>(
        &self,
        op: impl FnOnce() -> std::result::Result<T, String> + Send + 'static,
    ) -> Result<T> {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(op());
        });
        match rx.recv_timeout(self.timeout) {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(why)) => Err(unavailable(&why)),
            Err(_) => Err(unavailable(&format!(
                "no answer within {} s",
                self.timeout.as_secs()
            ))),
        }
    }
}

impl KeyringStore {
    /// Writes and deletes a probe item: a keyring that answers reads but refuses writes (locked) must be
    /// found out before the browser login, not after it.
    ///
    /// The item is this process's own: with one shared name, two logins probing at once (parallel CI
    /// jobs, a script logging in several profiles) replaced and deleted each other's item, and the second
    /// delete found nothing and declared a working keyring unusable.
    pub fn probe_write(&self) -> Result<()> {
        let account = probe_account();
        self.with_deadline(move || {
            let entry = keyring::Entry::new(SERVICE, &account).map_err(|e| e.to_string())?;
            entry.set_password("probe").map_err(|e| e.to_string())?;
            entry.delete_credential().map_err(|e| e.to_string())
        })
    }
}

/// The probe item's account: the process id keeps concurrent processes apart, the time keeps a probe
/// left behind by a killed process from meeting its successor that got the same id.
fn probe_account() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("oauthctl-probe-{}-{nanos}", std::process::id())
}

fn unavailable(why: &str) -> Error {
    Error::other(format!("the OS keyring is not usable: {why}"))
        .with_hint("start a Secret Service (e.g. gnome-keyring) and unlock it, or use --store file")
}

/// The item's secret, found by the attributes the `keyring` crate gives the items it writes.
fn read_plain(profile: &str) -> std::result::Result<Option<zeroize::Zeroizing<String>>, String> {
    use secret_service::EncryptionType;
    use secret_service::blocking::SecretService;
    let ss = SecretService::connect(EncryptionType::Plain).map_err(|e| e.to_string())?;
    let attributes = HashMap::from([
        ("service", SERVICE),
        ("username", profile),
        ("target", "default"),
        ("application", "rust-keyring"),
    ]);
    let found = ss.search_items(attributes).map_err(|e| e.to_string())?;
    let item = match (found.unlocked.as_slice(), found.locked.as_slice()) {
        ([], []) => return Ok(None),
        ([item], []) => item,
        ([], [item]) => {
            item.unlock()
                .map_err(|e| format!("cannot unlock the keyring: {e}"))?;
            item
        }
        _ => return Err(format!("several keyring items match profile {profile:?}")),
    };
    let bytes = zeroize::Zeroizing::new(item.get_secret().map_err(|e| e.to_string())?);
    let text =
        std::str::from_utf8(&bytes).map_err(|_| "the keyring item is not UTF-8".to_string())?;
    Ok(Some(zeroize::Zeroizing::new(text.to_string())))
}

impl TokenStore for KeyringStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Keyring
    }

    fn location(&self, profile: &str) -> String {
        format!("the OS keyring (service {SERVICE:?}, account {profile:?})")
    }

    fn load(&self, profile: &str) -> Result<Option<Session>> {
        let owned = profile.to_string();
        match self.with_deadline(move || read_plain(&owned))? {
            Some(text) => decode(profile, &text).map(Some),
            None => Ok(None),
        }
    }

    fn save(&self, profile: &str, session: &Session) -> Result<()> {
        let text = zeroize::Zeroizing::new(encode(session)?);
        let user = profile.to_string();
        self.with_deadline(move || {
            keyring::Entry::new(SERVICE, &user)
                .and_then(|e| e.set_password(&text))
                .map_err(|e| e.to_string())
        })
    }

    fn delete(&self, profile: &str) -> Result<bool> {
        let user = profile.to_string();
        self.with_deadline(move || {
            match keyring::Entry::new(SERVICE, &user).and_then(|e| e.delete_credential()) {
                Ok(()) => Ok(true),
                Err(keyring::Error::NoEntry) => Ok(false),
                Err(e) => Err(e.to_string()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyring_call_that_never_answers_gives_up_at_the_deadline() {
        let store = KeyringStore::new(Duration::from_millis(100));
        let started = std::time::Instant::now();
        let err = store
            .with_deadline(|| {
                std::thread::sleep(Duration::from_secs(5));
                Ok(())
            })
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(err.message.contains("no answer within"), "{}", err.message);
        assert!(err.hint.unwrap().contains("--store file"));
    }

    #[test]
    fn a_keyring_error_is_reported_as_unusable() {
        let store = KeyringStore::new(Duration::from_secs(1));
        let err = store
            .with_deadline::<()>(|| Err("locked".into()))
            .unwrap_err();
        assert_eq!(err.message, "the OS keyring is not usable: locked");
        assert_eq!(store.with_deadline(|| Ok(7)).unwrap(), 7);
    }
}
