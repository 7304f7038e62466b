//! The command line, defined once: help text, completions, the man pages and the committed completion
//! scripts and pages all come from these types, and a test fails when `completions/` or `man/` drifts
//! from them.

use crate::adapters::store::StoreKind;
use crate::oauth::types::{AuthMethod, PkceMethod};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
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
        5 login needed, 6 security check failed, 130 cancelled (Ctrl-C).",
    after_long_help = ENV_HELP
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Parses a command line like `try_parse_from`, and also records whether `-p` was given (flag or
    /// `OAUTHCTL_PROFILE`) rather than defaulted: `status` shows one profile only when one was named.
    pub fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let matches = Cli::command().try_get_matches_from(args)?;
        let mut cli = Cli::from_arg_matches(&matches)?;
        cli.global.profile_explicit = matches
            .value_source("profile")
            .is_some_and(|s| s != clap::parser::ValueSource::DefaultValue);
        // `-p` may be repeated for `smoke` only; every other command names one profile, and a second
        // `-p` stays the usage error it always was rather than silently picking one.
        cli.global.profiles = matches
            .get_many::<String>("profile")
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        if cli.global.profiles.len() > 1 && !matches!(cli.command, Command::Smoke(_)) {
            return Err(Cli::command().error(
                clap::error::ErrorKind::ArgumentConflict,
                "the argument '--profile <PROFILE>' cannot be used multiple times (only `smoke` takes several)",
            ));
        }
        if let Command::Smoke(args) = &cli.command
            && args.all_profiles
            && matches.value_source("profile") == Some(clap::parser::ValueSource::CommandLine)
        {
            // OAUTHCTL_PROFILE may be set for the whole job; a -p beside --all-profiles is a mistake.
            return Err(Cli::command().error(
                clap::error::ErrorKind::ArgumentConflict,
                "--all-profiles checks every profile: give it or -p, not both",
            ));
        }
        if let Some(last) = cli.global.profiles.last() {
            cli.global.profile = last.clone();
        }
        Ok(cli)
    }
}

#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// Profile whose settings and tokens to use (`smoke` takes it more than once; those given after
    /// the subcommand replace those before it)
    #[arg(
        short,
        long,
        global = true,
        env = "OAUTHCTL_PROFILE",
        default_value = "default",
        action = clap::ArgAction::Append
    )]
    pub profile: String,
    /// Every `-p` given, in order (`smoke` checks them all; other commands accept one).
    #[arg(skip)]
    pub profiles: Vec<String>,
    /// True when the profile was named (flag or environment), not the default.
    #[arg(skip)]
    pub profile_explicit: bool,
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
    /// Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Timeout for each HTTP request, in seconds; saved by login [default: the profile's, else 30]
    #[arg(
        long,
        global = true,
        env = "OAUTHCTL_TIMEOUT",
        value_name = "SECS",
        // Bounded so the deadline it becomes cannot overflow.
        value_parser = clap::value_parser!(u64).range(1..=MAX_TIMEOUT_SECS)
    )]
    pub timeout: Option<u64>,
    /// Extra trust anchor (PEM), or the server's own self-signed certificate; saved by login
    #[arg(long, global = true, env = "OAUTHCTL_CA_CERT", value_name = "PATH")]
    pub ca_cert: Option<PathBuf>,
    /// Skip TLS certificate verification (dangerous; warns on every use); saved by login, and
    /// --insecure=false turns a saved one off
    #[arg(
        long,
        global = true,
        env = "OAUTHCTL_INSECURE",
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub insecure: Option<bool>,
}

/// The longest `--timeout`: one day.
pub const MAX_TIMEOUT_SECS: u64 = 86_400;

/// The variables that are not an option's, in `--help` beside the options' own `[env: …]`.
const ENV_HELP: &str = "Environment (besides the [env: …] of each option):
  OAUTHCTL_CLIENT_SECRET  client secret at login; overrides the stored one later (ignored, with a
                          warning, for a profile whose auth method is none)
  OAUTHCTL_DATA_DIR       file store directory [default: $XDG_DATA_HOME/oauthctl]
  OAUTHCTL_REFRESH_TOKEN  CI: use this refresh token instead of the stored tokens; provider and client
                          come from the profile and the OAUTHCTL_* login variables; nothing is stored
  OAUTHCTL_ACCESS_TOKEN   CI: use this access token (as is, expiry unknown), alone or with the above
  BROWSER                 browser command when neither --browser nor the profile names one
  NO_COLOR                any non-empty value: no colour (wins over CLICOLOR_FORCE)
  CLICOLOR_FORCE          any value but 0: colour even when stderr is not a terminal

Exit codes: 0 ok, 1 other failure, 2 usage, 3 provider OAuth error, 4 network/timeout,
5 login needed, 6 security check failed, 130 cancelled (Ctrl-C).";

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
    /// List, show, change or delete saved profiles
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Show every profile and whether it needs a login (reads no network)
    #[command(
        long_about = "Show every profile and whether it needs a login (reads no network).\n\n\
            With -p NAME (or OAUTHCTL_PROFILE) only that profile is shown, and the exit code is 5 when it \
            needs a login (no tokens, or an expired access token without a refresh token)."
    )]
    Status,
    /// Check providers non-interactively (for CI): discovery, keys, tokens, ID token, userinfo, refresh, introspection
    #[command(
        long_about = "Check providers non-interactively (for CI). For each profile the checks run in order \
            (discovery, jwks, token, id_token, userinfo, refresh, introspect, and revoke with --revoke), \
            each passing, failing or skipped with the reason; profiles are checked concurrently. The \
            token comes from the client credentials grant, OAUTHCTL_REFRESH_TOKEN, or the stored refresh \
            token, whichever the profile uses.\n\n\
            Profiles: every -p given, or --all-profiles, else the -p/OAUTHCTL_PROFILE/default one. The \
            human summary goes to stderr; -o json prints one document on stdout. Exit 0 when every check \
            that ran passed, else the most serious code among the failures, in the order 6, 3, 4, 5, 1."
    )]
    Smoke(SmokeArgs),
    /// Fetch a provider's metadata, print it, and lint it
    #[command(
        long_about = "Fetch a provider's metadata (OpenID Connect discovery, then RFC 8414), print it on \
            stdout, fetch its JWKS, and list what is wrong (error) or risky (warning) on stderr.\n\n\
            Exit codes: 0 no error finding, 6 an error finding (issuer mismatch, endpoint in clear text, no \
            `code` response type, `none` ID token algorithm, JWKS missing, unreachable or invalid), 4 the \
            metadata cannot be fetched, 1 it is not a JSON object."
    )]
    Discover(DiscoverArgs),
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page, or write every page (one per subcommand) into a directory
    Man {
        /// Directory to write oauthctl.1 and the subcommand pages into [default: print oauthctl.1]
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Args, Debug, Clone)]
pub struct SmokeArgs {
    /// Check every profile of the config file, in name order
    #[arg(long)]
    pub all_profiles: bool,
    /// Profiles checked at the same time
    #[arg(
        long,
        env = "OAUTHCTL_SMOKE_JOBS",
        value_name = "N",
        default_value_t = 4,
        value_parser = clap::value_parser!(u32).range(1..=MAX_SMOKE_JOBS)
    )]
    pub jobs: u32,
    /// Keep every N-th profile of the ordered list, starting at the K-th (1-based), for CI matrices
    #[arg(long, env = "OAUTHCTL_SMOKE_SHARD", value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// Also write the results as JUnit XML to PATH (one testsuite per profile)
    #[arg(long, env = "OAUTHCTL_SMOKE_JUNIT", value_name = "PATH")]
    pub junit: Option<PathBuf>,
    /// Also revoke the tokens at the end (destroys them: the profile needs a new login)
    #[arg(long)]
    pub revoke: bool,
}

/// `--shard K/N`: of the ordered profiles, the K-th, the (K+N)-th, … (K is 1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

impl Shard {
    /// Whether the profile at `index` (0-based) of the ordered list belongs to this shard.
    pub fn keeps(self, index: usize) -> bool {
        index % self.n == self.k - 1
    }
}

fn parse_shard(text: &str) -> Result<Shard, String> {
    let bad = || format!("{text:?} is not K/N with 1 <= K <= N (for example 2/4)");
    let (k, n) = text.split_once('/').ok_or_else(bad)?;
    let number = |s: &str| {
        s.parse::<usize>()
            .ok()
            .filter(|_| s.bytes().all(|b| b.is_ascii_digit()))
    };
    match (number(k), number(n)) {
        (Some(k), Some(n)) if 1 <= k && k <= n => Ok(Shard { k, n }),
        _ => Err(bad()),
    }
}

/// The most `--jobs`: more threads than this only queue on the provider.
pub const MAX_SMOKE_JOBS: i64 = 256;

#[derive(Args, Debug)]
pub struct DiscoverArgs {
    /// Issuer to look up [default: the -p profile's saved issuer]
    #[arg(long, env = "OAUTHCTL_ISSUER", value_name = "URL")]
    pub issuer: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum ProfileCommand {
    /// List the saved profile names, one a line
    List,
    /// Show a profile's saved settings (never a secret) and where its tokens are kept
    Show {
        /// Profile to show [default: the -p profile]
        name: Option<String>,
    },
    /// Change one saved setting of the -p profile (a missing profile is created)
    #[command(
        long_about = "Change one saved setting of the -p profile; a profile that does not exist yet is \
            created with just that setting.\n\n\
            Values are checked as login checks them. An empty VALUE removes the setting. scopes, params \
            and token_params take one or more values (each scope value may hold several, space-separated). \
            Stored tokens keep the endpoints they were issued with: endpoint and client changes apply from \
            the next login."
    )]
    Set {
        /// Setting to change
        #[arg(value_enum)]
        key: ProfileKey,
        /// New value(s); an empty value removes the setting
        #[arg(required = true, num_args = 1..)]
        value: Vec<String>,
    },
    /// Revoke a profile's tokens when possible, delete them from every store, and delete the profile
    Rm {
        /// Profile to delete
        name: String,
    },
}

/// The settings `profile set` can change: the ones login saves, named as in the config file.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
#[value(rename_all = "snake_case")]
pub enum ProfileKey {
    Issuer,
    AuthorizeUrl,
    TokenUrl,
    UserinfoUrl,
    RevocationUrl,
    IntrospectionUrl,
    JwksUri,
    DeviceAuthorizationUrl,
    ParUrl,
    ClientId,
    AuthMethod,
    ClientKeyId,
    AssertionAudience,
    #[value(alias = "scope")]
    Scopes,
    RedirectUri,
    #[value(alias = "param")]
    Params,
    #[value(alias = "token_param")]
    TokenParams,
    #[value(alias = "resource")]
    Resources,
    AuthorizationDetails,
    Pkce,
    Browser,
    CaCert,
    Timeout,
    Insecure,
    ClientCert,
    ClientCertKey,
    Par,
    RequestObject,
    Jarm,
    Dpop,
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Print a valid access token (refreshing first when it expires within 60 s)
    Print {
        /// Print `Authorization: Bearer …` instead of the bare token (with -o json: a "header" field)
        #[arg(long)]
        header: bool,
        /// Print the ID token instead of the access token (refreshing first like the access token)
        #[arg(long, conflicts_with = "header")]
        id_token: bool,
        /// Print the two headers a request to METHOD URL needs with this profile's DPoP-bound token:
        /// `Authorization: DPoP …` and `DPoP: …`, a fresh proof for that request (with -o json:
        /// {"authorization", "dpop"})
        #[arg(long, num_args = 2, value_names = ["METHOD", "URL"], conflicts_with_all = ["header", "id_token"])]
        dpop_for: Option<Vec<String>>,
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
    /// Revoke the refresh and access token at the provider (RFC 7009), then delete them
    #[command(
        long_about = "Revoke the stored refresh token, then the access token, at the provider's revocation \
            endpoint (RFC 7009), then delete them.\n\n\
            The tokens are deleted only when the provider accepted every one; when a revocation fails nothing \
            is deleted and the error says which tokens were revoked already. With -o json: \
            {\"revoked\":[\"refresh_token\",\"access_token\"]}."
    )]
    Revoke,
    /// Ask the provider about the stored access token (RFC 7662) and print its answer
    #[command(
        long_about = "Ask the provider's introspection endpoint (RFC 7662) about the stored access token, \
            or the refresh token with --refresh, and print its JSON answer as returned; a one-line summary \
            (active, expiry, scope / inactive) goes to stderr. The token is not refreshed first."
    )]
    Introspect {
        /// Introspect the refresh token instead of the access token
        #[arg(long)]
        refresh: bool,
    },
}

#[derive(Args, Debug, Default)]
pub struct LoginArgs {
    /// Issuer URL; endpoints are discovered from its well-known metadata
    #[arg(
        long,
        env = "OAUTHCTL_ISSUER",
        value_name = "URL",
        help_heading = "Provider"
    )]
    pub issuer: Option<String>,
    /// Authorization endpoint (overrides discovery)
    #[arg(
        long,
        env = "OAUTHCTL_AUTHORIZE_URL",
        value_name = "URL",
        help_heading = "Provider"
    )]
    pub authorize_url: Option<String>,
    /// Token endpoint (overrides discovery)
    #[arg(
        long,
        env = "OAUTHCTL_TOKEN_URL",
        value_name = "URL",
        help_heading = "Provider"
    )]
    pub token_url: Option<String>,
    /// Userinfo endpoint (overrides discovery)
    #[arg(
        long,
        env = "OAUTHCTL_USERINFO_URL",
        value_name = "URL",
        help_heading = "Provider"
    )]
    pub userinfo_url: Option<String>,
    /// Revocation endpoint, RFC 7009 (overrides discovery)
    #[arg(
        long,
        env = "OAUTHCTL_REVOCATION_URL",
        value_name = "URL",
        help_heading = "Provider"
    )]
    pub revocation_url: Option<String>,
    /// Introspection endpoint, RFC 7662 (overrides discovery)
    #[arg(
        long,
        env = "OAUTHCTL_INTROSPECTION_URL",
        value_name = "URL",
        help_heading = "Provider"
    )]
    pub introspection_url: Option<String>,
    /// JWKS URI for ID token signatures (overrides discovery)
    #[arg(
        long,
        env = "OAUTHCTL_JWKS_URI",
        value_name = "URL",
        help_heading = "Provider"
    )]
    pub jwks_uri: Option<String>,
    /// Device authorization endpoint, RFC 8628, for --device (overrides discovery)
    #[arg(
        long,
        env = "OAUTHCTL_DEVICE_AUTHORIZATION_URL",
        value_name = "URL",
        help_heading = "Provider"
    )]
    pub device_authorization_url: Option<String>,
    /// Pushed authorization request endpoint (RFC 9126; default: from discovery)
    #[arg(
        long,
        env = "OAUTHCTL_PAR_URL",
        value_name = "URL",
        help_heading = "Provider"
    )]
    pub par_url: Option<String>,

    /// Client identifier
    #[arg(
        long,
        env = "OAUTHCTL_CLIENT_ID",
        value_name = "ID",
        help_heading = "Client"
    )]
    pub client_id: Option<String>,
    /// Client secret; `-` reads it from stdin (a literal value is visible to other processes; prefer
    /// OAUTHCTL_CLIENT_SECRET)
    #[arg(long, value_name = "VALUE", help_heading = "Client")]
    pub client_secret: Option<String>,
    /// Read the client secret from a file (first line); --client-secret wins over it
    #[arg(
        long,
        env = "OAUTHCTL_CLIENT_SECRET_FILE",
        value_name = "PATH",
        // No clap conflict with --client-secret: clap would count OAUTHCTL_CLIENT_SECRET_FILE as given and
        // refuse a --client-secret beside it, where the flag must win; --client-secret wins either way.
        help_heading = "Client"
    )]
    pub client_secret_file: Option<PathBuf>,
    /// TLS client certificate (PEM) presented to the provider, RFC 8705 mTLS: for --auth-method
    /// tls_client_auth or self_signed_tls_client_auth, or certificate-bound tokens; the provider's
    /// mtls_endpoint_aliases are used then
    #[arg(
        long,
        env = "OAUTHCTL_CLIENT_CERT",
        value_name = "PATH",
        help_heading = "Client"
    )]
    pub client_cert: Option<PathBuf>,
    /// Private key of --client-cert (PEM) [default: the --client-cert file, when it holds the key too]
    #[arg(
        long,
        env = "OAUTHCTL_CLIENT_CERT_KEY",
        value_name = "PATH",
        help_heading = "Client"
    )]
    pub client_cert_key: Option<PathBuf>,
    /// Client authentication at the token endpoint [default: client_secret_basic with a secret, else none]
    #[arg(
        long,
        env = "OAUTHCTL_AUTH_METHOD",
        value_enum,
        help_heading = "Client"
    )]
    pub auth_method: Option<AuthMethodArg>,
    /// The client's private key for private_key_jwt: a JWK, a JWK set or a PEM file. Kept in the
    /// token store like the client secret; implies --auth-method private_key_jwt
    #[arg(
        long,
        env = "OAUTHCTL_CLIENT_KEY",
        value_name = "PATH",
        help_heading = "Client"
    )]
    pub client_key: Option<PathBuf>,
    /// Which key of a JWK set signs (its `kid`)
    #[arg(
        long,
        env = "OAUTHCTL_CLIENT_KEY_ID",
        value_name = "KID",
        help_heading = "Client"
    )]
    pub client_key_id: Option<String>,
    /// The `aud` of client assertions (default: the token endpoint; some providers want the issuer)
    #[arg(
        long,
        env = "OAUTHCTL_ASSERTION_AUDIENCE",
        value_name = "URL",
        help_heading = "Client"
    )]
    pub assertion_audience: Option<String>,
    /// Scopes to request (repeatable; each may hold several, space-separated, as the environment's does)
    #[arg(
        long,
        env = "OAUTHCTL_SCOPE",
        value_name = "SCOPES",
        help_heading = "Client"
    )]
    pub scope: Vec<String>,
    /// Loopback redirect URI; port 0 picks a free port [default: http://127.0.0.1:0/callback]
    #[arg(
        long,
        env = "OAUTHCTL_REDIRECT_URI",
        value_name = "URL",
        help_heading = "Client"
    )]
    pub redirect_uri: Option<String>,

    /// Program to open the URL with, split like a shell would [default: $BROWSER, else the system opener]
    #[arg(
        long,
        env = "OAUTHCTL_BROWSER",
        value_name = "CMD",
        help_heading = "Flow"
    )]
    pub browser: Option<String>,
    /// Print the URL on stderr instead of opening a browser (wins over --browser and OAUTHCTL_BROWSER)
    // No variable of its own: with one, "both set" could not tell which was the flag, and a flag must
    // win over the environment. No clap conflict with --browser either: clap would count
    // OAUTHCTL_BROWSER as given and refuse the flag.
    #[arg(long, help_heading = "Flow")]
    pub no_browser: bool,
    /// Also accept the redirect URL (or its query) pasted on stdin, even when stdin is not a terminal
    /// [default: on when stdin is a terminal]
    #[arg(long, help_heading = "Flow")]
    pub paste: bool,
    /// PKCE method [default: S256]
    #[arg(long, env = "OAUTHCTL_PKCE", value_enum, help_heading = "Flow")]
    pub pkce: Option<PkceArg>,
    /// Extra authorize parameter (repeatable): prompt, login_hint, audience, resource…; in the
    /// environment, one KEY=VALUE per line
    #[arg(
        long,
        env = "OAUTHCTL_PARAM",
        value_name = "KEY=VALUE",
        value_delimiter = '\n',
        help_heading = "Flow"
    )]
    pub param: Vec<String>,
    /// Extra token request parameter (repeatable); in the environment, one KEY=VALUE per line
    #[arg(
        long,
        env = "OAUTHCTL_TOKEN_PARAM",
        value_name = "KEY=VALUE",
        value_delimiter = '\n',
        help_heading = "Flow"
    )]
    pub token_param: Vec<String>,
    /// Resource indicator (RFC 8707; repeatable): the API the tokens are for, sent on the authorize
    /// request and on every token request; in the environment, one URI per line
    #[arg(
        long,
        env = "OAUTHCTL_RESOURCE",
        value_name = "URI",
        value_delimiter = '\n',
        help_heading = "Flow"
    )]
    pub resource: Vec<String>,
    /// Rich authorization request (RFC 9396): a JSON array of objects, each with a `type`
    #[arg(
        long,
        env = "OAUTHCTL_AUTHORIZATION_DETAILS",
        value_name = "JSON",
        help_heading = "Flow"
    )]
    pub authorization_details: Option<String>,
    /// Seconds to wait for the browser to come back
    #[arg(
        long,
        env = "OAUTHCTL_LOGIN_TIMEOUT",
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
    #[arg(
        long,
        env = "OAUTHCTL_NO_PREFLIGHT",
        value_parser = clap::builder::FalseyValueParser::new(),
        help_heading = "Flow"
    )]
    pub no_preflight: bool,
    /// Log in with the device authorization grant (RFC 8628): show a code to enter on another device,
    /// then poll the token endpoint; no browser, no listener
    #[arg(
        long,
        env = "OAUTHCTL_DEVICE",
        value_parser = clap::builder::FalseyValueParser::new(),
        help_heading = "Flow"
    )]
    pub device: bool,
    /// Client credentials grant (RFC 6749 §4.4): a token for the client itself, with its secret; no
    /// browser. Saved by login, and --client-credentials=false turns a saved one off
    #[arg(
        long,
        env = "OAUTHCTL_CLIENT_CREDENTIALS",
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        value_parser = clap::builder::BoolishValueParser::new(),
        help_heading = "Flow"
    )]
    pub client_credentials: Option<bool>,
    /// Push the authorization request to the provider first (RFC 9126): the browser gets only a
    /// reference to it. Automatic when the provider requires it; saved by login, --par=false turns a
    /// saved one off
    #[arg(
        long,
        env = "OAUTHCTL_PAR",
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        value_parser = clap::builder::BoolishValueParser::new(),
        help_heading = "Flow"
    )]
    pub par: Option<bool>,
    /// Sign the authorization request as a request object (JAR, RFC 9101) with --client-key (or, for
    /// client_secret_jwt, the secret); the browser gets client_id and the signed request. Saved by
    /// login, --request-object=false turns a saved one off
    #[arg(
        long,
        env = "OAUTHCTL_REQUEST_OBJECT",
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        value_parser = clap::builder::BoolishValueParser::new(),
        help_heading = "Flow"
    )]
    pub request_object: Option<bool>,
    /// Ask for a signed authorization response (JARM, response_mode=jwt), verified against the
    /// provider's keys before its state and code are read. Saved by login, --jarm=false turns a saved
    /// one off
    #[arg(
        long,
        env = "OAUTHCTL_JARM",
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        value_parser = clap::builder::BoolishValueParser::new(),
        help_heading = "Flow"
    )]
    pub jarm: Option<bool>,
    /// Bind the tokens to a key pair of this profile (DPoP, RFC 9449): every token and userinfo request
    /// carries a proof signed with it, so a stolen token is useless alone. Saved by login, --dpop=false
    /// turns a saved one off
    #[arg(
        long,
        env = "OAUTHCTL_DPOP",
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        value_parser = clap::builder::BoolishValueParser::new(),
        help_heading = "Flow"
    )]
    pub dpop: Option<bool>,
}

/// The longest `--login-timeout`: one day.
pub const MAX_LOGIN_TIMEOUT_SECS: u64 = 86_400;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
#[value(rename_all = "snake_case")]
pub enum AuthMethodArg {
    ClientSecretBasic,
    ClientSecretPost,
    ClientSecretJwt,
    PrivateKeyJwt,
    None,
    /// RFC 8705 mTLS with a CA-issued certificate (needs --client-cert)
    TlsClientAuth,
    /// RFC 8705 mTLS with a self-signed certificate (needs --client-cert)
    SelfSignedTlsClientAuth,
}

impl From<AuthMethodArg> for AuthMethod {
    fn from(a: AuthMethodArg) -> Self {
        match a {
            AuthMethodArg::ClientSecretBasic => AuthMethod::ClientSecretBasic,
            AuthMethodArg::ClientSecretPost => AuthMethod::ClientSecretPost,
            AuthMethodArg::ClientSecretJwt => AuthMethod::ClientSecretJwt,
            AuthMethodArg::PrivateKeyJwt => AuthMethod::PrivateKeyJwt,
            AuthMethodArg::None => AuthMethod::None,
            AuthMethodArg::TlsClientAuth => AuthMethod::TlsClientAuth,
            AuthMethodArg::SelfSignedTlsClientAuth => AuthMethod::SelfSignedTlsClientAuth,
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

    /// Contract v2: every login setting has its `OAUTHCTL_<NAME>` variable, shown in `--help`; the
    /// variables read outside clap are listed there too, and no secret's value is ever shown.
    #[test]
    fn every_login_setting_and_the_http_options_have_an_env_var() {
        let cmd = Cli::command();
        let login = cmd.find_subcommand("login").unwrap();
        // Not settings: the raw tokens switch, --no-browser (a one-run switch that must beat
        // OAUTHCTL_BROWSER), and the secret itself (OAUTHCTL_CLIENT_SECRET is read outside clap so that
        // it can override the stored secret of later commands too), and --paste (about this run's stdin).
        let exempt = [
            "show_tokens",
            "no_browser",
            "paste",
            "client_secret",
            "help",
        ];
        let mut checked = 0;
        for arg in login.get_arguments().filter(|a| !a.is_global_set()) {
            let id = arg.get_id().as_str();
            if exempt.contains(&id) {
                continue;
            }
            let want = format!("OAUTHCTL_{}", id.to_uppercase());
            assert_eq!(
                arg.get_env().and_then(|e| e.to_str()),
                Some(want.as_str()),
                "--{id}"
            );
            checked += 1;
        }
        assert!(checked >= 17, "{checked}");
        for (id, want) in [
            ("timeout", "OAUTHCTL_TIMEOUT"),
            ("ca_cert", "OAUTHCTL_CA_CERT"),
            ("insecure", "OAUTHCTL_INSECURE"),
        ] {
            let arg = cmd.get_arguments().find(|a| a.get_id() == id).unwrap();
            assert_eq!(arg.get_env().and_then(|e| e.to_str()), Some(want), "--{id}");
        }
        let help = Cli::command().render_long_help().to_string();
        for var in [
            "OAUTHCTL_CLIENT_SECRET",
            "OAUTHCTL_DATA_DIR",
            "OAUTHCTL_REFRESH_TOKEN",
            "OAUTHCTL_ACCESS_TOKEN",
            "OAUTHCTL_CLIENT_CREDENTIALS",
            "CLICOLOR_FORCE",
            "OAUTHCTL_ISSUER",
        ] {
            assert!(
                help.contains(var) || login_help().contains(var),
                "{var} not in --help"
            );
        }
    }

    fn login_help() -> String {
        let mut cmd = Cli::command();
        cmd.build();
        cmd.find_subcommand_mut("login")
            .unwrap()
            .render_long_help()
            .to_string()
    }

    #[test]
    fn the_http_options_are_optional_so_the_profile_can_fill_them() {
        let cli = Cli::try_parse_from(["oauthctl", "token", "print"]).unwrap();
        assert_eq!((cli.global.timeout, cli.global.insecure), (None, None));
        let cli =
            Cli::try_parse_from(["oauthctl", "token", "print", "--insecure", "--timeout", "5"])
                .unwrap();
        assert_eq!(
            (cli.global.timeout, cli.global.insecure),
            (Some(5), Some(true))
        );
        let cli = Cli::try_parse_from(["oauthctl", "--insecure=false", "status"]).unwrap();
        assert_eq!(cli.global.insecure, Some(false));
        for bad in ["0", "86401"] {
            let e = Cli::try_parse_from(["oauthctl", "--timeout", bad, "status"]).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
        }
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
