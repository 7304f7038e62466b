//! Which store holds a profile's tokens: the one `--store` names, else for a login the keyring when it
//! answers (the file store, with a warning, when it does not), and for every later command the store the
//! profile's last login used, so reads never probe the keyring.

use super::{StoreKind, TokenStore};
use crate::cli::StoreChoice;
use crate::config::Profile;
use crate::error::Result;
use crate::output::Output;
use crate::ports::Stores;

/// The store a login writes to.
pub fn for_login(
    choice: StoreChoice,
    stores: &dyn Stores,
    out: &Output,
    profile: &str,
) -> Result<Box<dyn TokenStore>> {
    match choice.explicit() {
        Some(StoreKind::Keyring) => {
            stores.probe_keyring()?;
            Ok(stores.open(StoreKind::Keyring))
        }
        Some(kind) => Ok(stores.open(kind)),
        None if stores.probe_keyring().is_ok() => Ok(stores.open(StoreKind::Keyring)),
        None => {
            let store = stores.open(StoreKind::File);
            out.warn(&format!(
                "no OS keyring answered; tokens go to a plain-text file readable only by you: {}",
                store.location(profile)
            ));
            Ok(store)
        }
    }
}

/// The store holding a profile's tokens: the one asked for, else the one its last login used (the file
/// store for a profile that never logged in).
pub fn for_profile(
    choice: StoreChoice,
    stores: &dyn Stores,
    profile: Option<&Profile>,
) -> Box<dyn TokenStore> {
    let kind = choice
        .explicit()
        .or(profile.and_then(|p| p.store))
        .unwrap_or(StoreKind::File);
    stores.open(kind)
}
