//! The environment variables that are not options (clap reads `OAUTHCTL_PROFILE` and the other option
//! variables itself, and the config layer reads the directory variables; `NO_COLOR` is read here because
//! its rule, "any non-empty value", is not clap's rule for a boolean, and `CLICOLOR_FORCE` beside it): read once at start-up, so the
//! rest of the program, and its tests, take them as values.

use crate::oauth::types::{AccessToken, ClientSecret, RefreshToken};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub struct Env {
    /// `OAUTHCTL_CLIENT_SECRET`: the client secret at login, and an override of the stored one later.
    pub client_secret: Option<ClientSecret>,
    /// `BROWSER`: the browser command when neither `--browser` nor the profile names one.
    pub browser: Option<String>,
    /// `NO_COLOR` set to anything but the empty string (no-color.org).
    pub no_color: bool,
    /// No graphical session to start a browser in: on Linux and the BSDs, neither `DISPLAY` nor
    /// `WAYLAND_DISPLAY` is set (an SSH session, a container). macOS and Windows always have one.
    pub headless: bool,
    /// `CLICOLOR_FORCE` set to anything but the empty string or `0` (bixense.com/clicolors): colour even
    /// when stderr is not a terminal. `NO_COLOR` and `--no-color` still win, as no-color.org asks.
    pub clicolor_force: bool,
    /// `OAUTHCTL_CLIENT_KEY`: the private key file of `private_key_jwt` at login, and an override of the
    /// stored key later.
    pub client_key: Option<std::path::PathBuf>,
    /// `OAUTHCTL_REFRESH_TOKEN`: CI injection, a token set from the environment instead of the store.
    pub refresh_token: Option<RefreshToken>,
    /// `OAUTHCTL_ACCESS_TOKEN`: CI injection, alone or beside the refresh token.
    pub access_token: Option<AccessToken>,
    /// In CI injection mode only: the login options' variables (`OAUTHCTL_ISSUER`, …) by name, which
    /// clap reads only for `login` itself; `tokens::injected` gives them to login's settings.
    pub login_vars: BTreeMap<String, String>,
}

impl Env {
    pub fn capture() -> Env {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let mut env = Env {
            client_secret: var("OAUTHCTL_CLIENT_SECRET").map(ClientSecret::new),
            browser: var("BROWSER"),
            no_color: var("NO_COLOR").is_some(),
            headless: cfg!(all(unix, not(target_os = "macos")))
                && var("DISPLAY").is_none()
                && var("WAYLAND_DISPLAY").is_none(),
            clicolor_force: var("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
            client_key: var("OAUTHCTL_CLIENT_KEY").map(Into::into),
            refresh_token: var("OAUTHCTL_REFRESH_TOKEN").map(RefreshToken::new),
            access_token: var("OAUTHCTL_ACCESS_TOKEN").map(AccessToken::new),
            login_vars: BTreeMap::new(),
        };
        // A client credentials profile from the variables alone obtains its tokens from them too
        // (`tokens::load`).
        let client_credentials = var("OAUTHCTL_CLIENT_CREDENTIALS").is_some();
        if env.refresh_token.is_some() || env.access_token.is_some() || client_credentials {
            // Only then: the login options are looked up by name, which the hot path need not pay for.
            env.login_vars = crate::tokens::injected::login_var_names()
                .into_iter()
                .filter_map(|name| var(&name).map(|v| (name, v)))
                .collect();
        }
        env
    }
}
