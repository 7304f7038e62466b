//! `oauthctl login`: the authorization code grant from start to stored tokens, as four named steps:
//! settings (flags over the saved profile, discovery) → front channel (browser and loopback redirect, or
//! a pasted one: `paste`, `waiting`) → back channel (code exchange, ID token) → persist (store,
//! profile). Nothing is written to the store or the config unless every step succeeded.
//! `--client-credentials` replaces the two channels with one token request (`credentials.rs`), and
//! `--device` replaces them with the device grant (`device.rs`).

mod back;
mod credentials;
mod device;
mod front;
mod jarm;
mod paste;
mod persist;
mod preflight;
mod settings;
mod waiting;

use crate::cli::LoginArgs;
use crate::context::Ctx;
use crate::error::Result;
use crate::oauth::session::Grant;
use crate::oauth::types::PkceMethod;

pub use settings::{DEFAULT_REDIRECT_URI, Purpose, public_client_ignores_env, resolve_for};

pub fn run(ctx: &Ctx, args: &LoginArgs) -> Result<()> {
    if args.device {
        return device::run(ctx, args);
    }
    // Before the settings read stdin for `--client-secret -`.
    let paste = paste::enabled(ctx, args)?;
    let settings = settings::resolve(ctx, args)?;
    if settings.grant == Grant::ClientCredentials {
        let store = store(ctx)?;
        let obtained = credentials::obtain(ctx, &settings)?;
        return persist::save(ctx, args, settings, store, obtained);
    }
    if settings.pkce != PkceMethod::S256 {
        // Saved in the profile, a weaker PKCE would otherwise apply silently to every later login.
        ctx.out.warn(&format!(
            "PKCE is {} for this login (--pkce S256 restores the default)",
            match settings.pkce {
                PkceMethod::Plain => "plain",
                _ => "off",
            }
        ));
    }
    let store = store(ctx)?;
    let grant = front::authorize(ctx, args, &settings, paste)?;
    let obtained = back::exchange(ctx, &settings, grant)?;
    persist::save(ctx, args, settings, store, obtained)
}

/// The store this login's tokens go to (`--store`, or the keyring when it takes a write, else the file
/// store), chosen before anything is asked of the provider or the person.
fn store(ctx: &Ctx) -> Result<Box<dyn crate::adapters::store::TokenStore>> {
    crate::adapters::store::select::for_login(
        ctx.global.store,
        ctx.deps.stores.as_ref(),
        &ctx.out,
        ctx.profile_name(),
    )
}

#[cfg(test)]
mod assertion_tests;
#[cfg(test)]
mod device_tests;
#[cfg(test)]
mod granted_tests;
#[cfg(test)]
mod headless_tests;
#[cfg(test)]
mod jar_tests;
#[cfg(test)]
mod jarm_tests;
#[cfg(test)]
mod par_tests;
#[cfg(test)]
mod preflight_tests;
#[cfg(test)]
mod resource_tests;
#[cfg(test)]
mod tests;
