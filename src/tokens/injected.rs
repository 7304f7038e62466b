//! CI injection: `OAUTHCTL_REFRESH_TOKEN` (and/or `OAUTHCTL_ACCESS_TOKEN`) supply the token set instead of
//! the store, so a CI job needs no config file, no keyring and no browser. The rest of the session
//! (endpoints, client, auth method, secret) is what a login would use: the saved profile, if any, under
//! the `OAUTHCTL_*` login variables, resolved by login's own settings code.
//!
//! Nothing is written anywhere in that mode: the session lives in an in-memory store for the process (a
//! refresh replaces it there), and refreshes take no lock file. A provider that rotates refresh tokens
//! spends the variable's token with the first refresh, which is said once.

use crate::adapters::store::{StoreKind, TokenStore};
use crate::cli::{Cli, LoginArgs};
use crate::commands::login::{Purpose, resolve_for};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::session::Session;
use crate::oauth::token::TokenSet;
use crate::oauth::types::AccessToken;
use clap::{CommandFactory, FromArgMatches};
use std::sync::Mutex;

/// Whether this process takes its tokens from the environment.
pub fn active(ctx: &Ctx) -> bool {
    ctx.env.refresh_token.is_some() || ctx.env.access_token.is_some()
}

/// The session built from the environment, in a store that keeps it in memory only.
pub fn load(ctx: &Ctx) -> Result<(Box<dyn TokenStore>, Session)> {
    let args = login_args(ctx)?;
    let settings = resolve_for(ctx, &args, Purpose::Injected)?;
    let tokens = match &ctx.env.access_token {
        // Used as is: the variable says nothing about when it expires.
        Some(access) => TokenSet {
            access_token: access.clone(),
            token_type: "Bearer".into(),
            refresh_token: ctx.env.refresh_token.clone(),
            id_token: None,
            scope: None,
            expires_at: None,
            obtained_at: ctx.now(),
        },
        // No access token yet: marked expired, so that the first use refreshes.
        None => TokenSet {
            access_token: AccessToken::new(""),
            token_type: "Bearer".into(),
            refresh_token: ctx.env.refresh_token.clone(),
            id_token: None,
            scope: None,
            expires_at: Some(0),
            obtained_at: ctx.now(),
        },
    };
    let requested = settings.scope.joined();
    // No DPoP key: a refresh token bound to a key cannot be used from the environment without it.
    let session = settings.session(tokens, (!requested.is_empty()).then_some(requested), None);
    let store = InMemory(Mutex::new(session.clone()));
    Ok((Box::new(store), session))
}

/// The names of the login options' variables that take a value (`OAUTHCTL_ISSUER`, …).
pub fn login_var_names() -> Vec<String> {
    let cmd = Cli::command();
    let Some(login) = cmd.find_subcommand("login") else {
        return Vec::new();
    };
    login
        .get_arguments()
        .filter(|a| a.get_action().takes_values())
        .filter_map(|a| a.get_env()?.to_str().map(str::to_string))
        .collect()
}

/// The login options as the variables set them, parsed by login's own definition (so values are checked
/// and split exactly as `login` would).
fn login_args(ctx: &Ctx) -> Result<LoginArgs> {
    let mut cmd = Cli::command();
    cmd.build();
    let login = cmd
        .find_subcommand("login")
        .ok_or_else(|| Error::other("no login command"))?
        .clone();
    let mut argv = vec!["login".to_string()];
    for arg in login.get_arguments() {
        let (Some(env), Some(long)) = (arg.get_env().and_then(|e| e.to_str()), arg.get_long())
        else {
            continue;
        };
        if let Some(value) = ctx.env.login_vars.get(env) {
            argv.push(format!("--{long}={value}"));
        }
    }
    let matches = login.try_get_matches_from(argv).map_err(|e| {
        // clap's first line names the option and the value; the variable is the option's.
        let text = e.to_string();
        let first = text.lines().next().unwrap_or_default();
        Error::usage(format!(
            "an OAUTHCTL_* login variable is not valid: {}",
            first.trim_start_matches("error: ")
        ))
    })?;
    LoginArgs::from_arg_matches(&matches).map_err(|e| Error::usage(e.to_string()))
}

/// Holds the injected session (and what refreshes make of it) for this process only.
struct InMemory(Mutex<Session>);

impl TokenStore for InMemory {
    fn kind(&self) -> StoreKind {
        // Never consulted for where to write: `injected` says this store is not one of them.
        StoreKind::File
    }
    fn location(&self, _profile: &str) -> String {
        "the environment (not stored)".into()
    }
    fn load(&self, _profile: &str) -> Result<Option<Session>> {
        Ok(Some(self.0.lock().map_err(poisoned)?.clone()))
    }
    fn save(&self, _profile: &str, session: &Session) -> Result<()> {
        *self.0.lock().map_err(poisoned)? = session.clone();
        Ok(())
    }
    fn delete(&self, _profile: &str) -> Result<bool> {
        Ok(false)
    }
    fn injected(&self) -> bool {
        true
    }
}

fn poisoned<T>(_: T) -> Error {
    Error::other("the in-memory token set is unusable")
}
