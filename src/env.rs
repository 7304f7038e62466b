//! The environment variables that are not options (clap reads `OAUTHCTL_PROFILE` and the other option
//! variables itself, and the config layer reads the directory variables; `NO_COLOR` is read here because
//! its rule, "any non-empty value", is not clap's rule for a boolean, and `CLICOLOR_FORCE` beside it): read once at start-up, so the
//! rest of the program, and its tests, take them as values.

use crate::oauth::types::ClientSecret;

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
}

impl Env {
    pub fn capture() -> Env {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Env {
            client_secret: var("OAUTHCTL_CLIENT_SECRET").map(ClientSecret::new),
            browser: var("BROWSER"),
            no_color: var("NO_COLOR").is_some(),
            headless: cfg!(all(unix, not(target_os = "macos")))
                && var("DISPLAY").is_none()
                && var("WAYLAND_DISPLAY").is_none(),
            clicolor_force: var("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
        }
    }
}
