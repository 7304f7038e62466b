//! The command line, defined once: help text, completions and the committed completion scripts all come
//! from these types, and a test fails when `completions/` drifts from them.

use crate::adapters::store::StoreKind;
use crate::oauth::types::{AuthMethod, PkceMethod};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "oauthctl",
    version,
    about = "Run OAuth 2.0 / OpenID Connect flows against any provider from the terminal",
    long_about = "Run OAuth 2.0 / OpenID Connect flows against any provider from the terminal.\n\n\
        `oauthctl login` runs the authorization code grant (state, PKCE, nonce) through your browser and a \
        loopback listener, verifies what comes back, and stores the tokens in the OS keyring. Later \
        commands use the stored tokens and refresh them when needed.",
    after_help = "Exit codes: 0 ok, 1 other failure, 2 usage, 3 provider OAuth error, 4 network/timeout, \
        5 login needed, 6 security check failed."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// Profile whose settings and tokens to use
    #[arg(
        short,
        long,
        global = true,
        env = "OAUTHCTL_PROFILE",
        default_value = "default"
    )]
    pub profile: String,
    /// Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]
    #[arg(long, global = true, env = "OAUTHCTL_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Where tokens live: auto = OS keyring when a backend answers, else the file store
    #[arg(
        long,
        global = true,
        env = "OAUTHCTL_STORE",
        value_enum,
        default_value = "auto"
    )]
    pub store: StoreChoice,
    /// Output format: json prints exactly one JSON document on stdout
    #[arg(
        short,
        long,
        global = true,
        env = "OAUTHCTL_OUTPUT",
        value_enum,
        default_value = "human"
    )]
    pub output: OutputFormat,
    /// Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Never colour output (NO_COLOR is honoured too)
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Timeout for each HTTP request, in seconds
    #[arg(long, global = true, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,
    /// Extra trust anchor (PEM) for TLS
    #[arg(long, global = true, value_name = "PATH")]
    pub ca_cert: Option<PathBuf>,
    /// Skip TLS certificate verification (dangerous; prints a warning)
    #[arg(long, global = true)]
    pub insecure: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreChoice {
    Auto,
    Keyring,
    File,
}

impl StoreChoice {
    pub fn explicit(self) -> Option<StoreKind> {
        match self {
            StoreChoice::Auto => None,
            StoreChoice::Keyring => Some(StoreKind::Keyring),
            StoreChoice::File => Some(StoreKind::File),
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Log in with the authorization code grant and store the tokens
    Login(Box<LoginArgs>),
    /// Print, refresh or inspect the stored tokens
    #[command(subcommand)]
    Token(TokenCommand),
    /// Call the userinfo endpoint with the stored access token
    Userinfo,
    /// Revoke the stored tokens when the provider allows it, then delete them
    Logout,
    /// Show every profile and whether it needs a login (reads no network)
    Status,
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Print a valid access token (refreshing first when it expires within 60 s)
    Print {
        /// Print `Authorization: Bearer …` instead of the bare token
        #[arg(long)]
        header: bool,
    },
    /// Use the refresh token now and store the new token set
    Refresh {
        /// Include the raw tokens in the output
        #[arg(long)]
        show_tokens: bool,
    },
    /// Show the stored token set: expiry, scope, decoded JWT claims
    Show {
        /// Include the raw tokens in the output
        #[arg(long)]
        show_tokens: bool,
    },
}

#[derive(Args, Debug, Default)]
pub struct LoginArgs {
    /// Issuer URL; endpoints are discovered from its well-known metadata
    #[arg(long, value_name = "URL", help_heading = "Provider")]
    pub issuer: Option<String>,
    /// Authorization endpoint (overrides discovery)
    #[arg(long, value_name = "URL", help_heading = "Provider")]
    pub authorize_url: Option<String>,
    /// Token endpoint (overrides discovery)
    #[arg(long, value_name = "URL", help_heading = "Provider")]
    pub token_url: Option<String>,
    /// Userinfo endpoint (overrides discovery)
    #[arg(long, value_name = "URL", help_heading = "Provider")]
    pub userinfo_url: Option<String>,
    /// Revocation endpoint, RFC 7009 (overrides discovery)
    #[arg(long, value_name = "URL", help_heading = "Provider")]
    pub revocation_url: Option<String>,
    /// Introspection endpoint, RFC 7662 (overrides discovery)
    #[arg(long, value_name = "URL", help_heading = "Provider")]
    pub introspection_url: Option<String>,
    /// JWKS URI for ID token signatures (overrides discovery)
    #[arg(long, value_name = "URL", help_heading = "Provider")]
    pub jwks_uri: Option<String>,

    /// Client identifier
    #[arg(long, value_name = "ID", help_heading = "Client")]
    pub client_id: Option<String>,
    /// Client secret; `-` reads it from stdin (a literal value is visible to other processes)
    #[arg(long, value_name = "VALUE", help_heading = "Client")]
    pub client_secret: Option<String>,
    /// Read the client secret from a file (first line)
    #[arg(
        long,
        value_name = "PATH",
        help_heading = "Client",
        conflicts_with = "client_secret"
    )]
    pub client_secret_file: Option<PathBuf>,
    /// Client authentication at the token endpoint [default: client_secret_basic with a secret, else none]
    #[arg(long, value_enum, help_heading = "Client")]
    pub auth_method: Option<AuthMethodArg>,
    /// Scopes to request (repeatable; each may hold several, space-separated)
    #[arg(long, value_name = "SCOPES", help_heading = "Client")]
    pub scope: Vec<String>,
    /// Loopback redirect URI; port 0 picks a free port [default: http://127.0.0.1:0/callback]
    #[arg(long, value_name = "URL", help_heading = "Client")]
    pub redirect_uri: Option<String>,

    /// Program to open the URL with, split like a shell would [default: $BROWSER, else the system opener]
    #[arg(long, value_name = "CMD", help_heading = "Flow")]
    pub browser: Option<String>,
    /// Print the URL on stderr instead of opening a browser
    #[arg(long, help_heading = "Flow", conflicts_with = "browser")]
    pub no_browser: bool,
    /// PKCE method [default: S256]
    #[arg(long, value_enum, help_heading = "Flow")]
    pub pkce: Option<PkceArg>,
    /// Extra authorize parameter (repeatable): prompt, login_hint, audience, resource…
    #[arg(long, value_name = "KEY=VALUE", help_heading = "Flow")]
    pub param: Vec<String>,
    /// Extra token request parameter (repeatable)
    #[arg(long, value_name = "KEY=VALUE", help_heading = "Flow")]
    pub token_param: Vec<String>,
    /// Seconds to wait for the browser to come back
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 300,
        // Bounded so the deadline it becomes cannot overflow, and a day is more than any login needs.
        value_parser = clap::value_parser!(u64).range(1..=MAX_LOGIN_TIMEOUT_SECS),
        help_heading = "Flow"
    )]
    pub login_timeout: u64,
    /// Include the raw tokens in the output
    #[arg(long, help_heading = "Flow")]
    pub show_tokens: bool,
    /// Skip the check of the authorize URL (one GET) that catches a refusal before the browser opens
    #[arg(long, help_heading = "Flow")]
    pub no_preflight: bool,
}

/// The longest `--login-timeout`: one day.
pub const MAX_LOGIN_TIMEOUT_SECS: u64 = 86_400;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
#[value(rename_all = "snake_case")]
pub enum AuthMethodArg {
    ClientSecretBasic,
    ClientSecretPost,
    None,
}

impl From<AuthMethodArg> for AuthMethod {
    fn from(a: AuthMethodArg) -> Self {
        match a {
            AuthMethodArg::ClientSecretBasic => AuthMethod::ClientSecretBasic,
            AuthMethodArg::ClientSecretPost => AuthMethod::ClientSecretPost,
            AuthMethodArg::None => AuthMethod::None,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PkceArg {
    #[value(name = "S256")]
    S256,
    #[value(name = "plain")]
    Plain,
    #[value(name = "off")]
    Off,
}

impl From<PkceArg> for PkceMethod {
    fn from(a: PkceArg) -> Self {
        match a {
            PkceArg::S256 => PkceMethod::S256,
            PkceArg::Plain => PkceMethod::Plain,
            PkceArg::Off => PkceMethod::Off,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_work_after_the_subcommand() {
        let cli = Cli::try_parse_from(["oauthctl", "token", "print", "-p", "work", "-o", "json"])
            .unwrap();
        assert_eq!(cli.global.profile, "work");
        assert_eq!(cli.global.output, OutputFormat::Json);
    }

    /// A huge `--login-timeout` used to overflow the deadline and abort (rc 134): now a usage error.
    #[test]
    fn login_timeout_is_bounded() {
        let parse = |v: &str| {
            Cli::try_parse_from([
                "oauthctl",
                "login",
                "--client-id",
                "c",
                "--login-timeout",
                v,
            ])
        };
        for bad in ["18446744073709551615", "86401", "0", "-1"] {
            let e = parse(bad).err().unwrap_or_else(|| panic!("{bad} accepted"));
            assert_eq!(e.exit_code(), 2, "{bad}");
        }
        for good in ["1", "300", "86400"] {
            assert!(parse(good).is_ok(), "{good}");
        }
    }
}
