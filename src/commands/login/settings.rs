//! Login step 1, settings: the saved profile with this login's flags over it, the client secret (flag,
//! file, stdin or `OAUTHCTL_CLIENT_SECRET`), and the provider's endpoints (explicit, else discovered;
//! provider flags replace the saved provider as a whole).
//! Everything the later steps need, validated here once.

use crate::cli::{GlobalArgs, LoginArgs};
use crate::config::{HttpSettings, Profile, parse_pairs};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth;
use crate::oauth::authorize::{JARM_RESPONSE_MODES, check_extra_params, check_token_params};
use crate::oauth::client_assertion::PlanKey;
use crate::oauth::discovery::{Endpoints, is_openid_provider, metadata_urls, parse_metadata};
use crate::oauth::dpop::StoredDpopKey;
use crate::oauth::http::HttpRequest;
use crate::oauth::mtls::aliases as mtls_aliases;
use crate::oauth::provider::{Provider, ProviderError};
use crate::oauth::redirect_uri::RedirectUri;
use crate::oauth::resource::{self, AuthorizationDetails, ResourceIndicator};
use crate::oauth::session::{Grant, SESSION_VERSION, Session};
use crate::oauth::token::ClientAuth;
use crate::oauth::token::TokenSet;
use crate::oauth::types::{AuthMethod, ClientId, ClientKeyText, ClientSecret, PkceMethod, Scope};
use std::io::Read;

pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:0/callback";

/// What one login runs with.
pub struct LoginSettings {
    /// The merged profile, saved as it is when the login succeeds.
    pub profile: Profile,
    pub client_id: ClientId,
    pub secret: Option<ClientSecret>,
    pub method: AuthMethod,
    pub params: Vec<(String, String)>,
    pub token_params: Vec<(String, String)>,
    pub scope: Scope,
    pub pkce: PkceMethod,
    pub provider: Provider,
    pub redirect_uri: RedirectUri,
    /// The secret is `OAUTHCTL_CLIENT_SECRET`'s: an `invalid_client` hint names the variable.
    pub secret_from_env: bool,
    /// The code grant, `--device`, or `--client-credentials` (flag, variable or saved).
    pub grant: Grant,
    /// Push the authorization request (RFC 9126): `--par`, or a provider that requires it. The code
    /// grant only; the provider then has a pushed authorization request endpoint.
    pub par: bool,
    /// `--client-key`'s text, stored with the tokens (`private_key_jwt`).
    pub client_key: Option<ClientKeyText>,
    /// What the assertion methods sign each request's assertion with.
    pub assertion: Option<std::sync::Arc<crate::oauth::client_assertion::AssertionPlan>>,
    /// `--request-object` (JAR, RFC 9101): what the authorization request is signed with.
    pub request_signer: Option<PlanKey>,
    /// The redirect comes back as a signed JARM `response` (`--jarm`, or `--param response_mode=jwt`).
    pub jarm: bool,
    /// `--dpop`: this login's new key, which every token request proves and the session keeps.
    pub dpop: Option<std::sync::Arc<crate::oauth::dpop::DpopKey>>,
}

impl LoginSettings {
    /// The session these settings make with `tokens`: the client, its credentials and the provider as
    /// resolved here. `scope` is what a client credentials session asks for again; `dpop_key` is the key
    /// the tokens are bound to.
    pub fn session(
        &self,
        tokens: TokenSet,
        scope: Option<String>,
        dpop_key: Option<StoredDpopKey>,
    ) -> Session {
        Session {
            version: SESSION_VERSION,
            tokens,
            client_id: self.client_id.clone(),
            auth_method: self.method,
            client_key: self.client_key.clone(),
            client_key_id: self.profile.client_key_id.clone(),
            assertion_audience: self.profile.assertion_audience.clone(),
            client_secret: self.secret.clone(),
            dpop_key,
            provider: self.provider.clone(),
            token_params: self.token_params.clone(),
            grant: self.grant,
            scope,
        }
    }

    /// How the client authenticates at the provider's back-channel endpoints.
    pub fn client_auth(&self) -> ClientAuth<'_> {
        ClientAuth {
            client_id: &self.client_id,
            secret: self.secret.as_ref(),
            method: self.method,
            assertion: self.assertion.clone(),
        }
    }
}

/// Who the settings are for: a login, or a session built from `OAUTHCTL_REFRESH_TOKEN` /
/// `OAUTHCTL_ACCESS_TOKEN` (`tokens::injected`), which must not read a token store and has no use for
/// a default scope.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Login,
    Injected,
}

pub fn resolve(ctx: &Ctx, args: &LoginArgs) -> Result<LoginSettings> {
    resolve_for(ctx, args, Purpose::Login)
}

pub fn resolve_for(ctx: &Ctx, args: &LoginArgs, purpose: Purpose) -> Result<LoginSettings> {
    let saved = ctx.profile()?.unwrap_or_default();
    let mut profile = merge(args, &ctx.global, &saved);
    // This login's client certificate goes out from the first request on (the token endpoint may be
    // the first one that asks for it).
    ctx.deps
        .http
        .configure(&HttpSettings::resolve(&ctx.global, Some(&profile)));

    let client_id = ClientId::new(profile.client_id.clone().ok_or_else(|| {
        Error::usage("no client id: pass --client-id")
            .with_hint("register oauthctl with the provider as a native app to get one")
    })?);
    let (mut secret, from_env) = match client_secret(ctx, args)? {
        Some((secret, from_env)) => (Some(secret), from_env),
        None => (None, false),
    };
    let client_key = args
        .client_key
        .as_deref()
        .map(crate::tokens::assertion::read_key_file)
        .transpose()?;
    let method = match (args.auth_method, &client_key) {
        // A key given with no method named is for the one method that uses it.
        (None, Some(_)) => AuthMethod::PrivateKeyJwt,
        _ => auth_method(ctx, args, &saved, secret.is_some(), from_env, purpose),
    };
    if method == AuthMethod::None && from_env && secret.is_some() {
        // A variable exported for other profiles must not turn a public client into a confidential one.
        ctx.out.warn(&public_client_ignores_env(ctx.profile_name()));
        secret = None;
    }
    check_client_cert(&profile, method)?;
    if method.is_mtls() {
        // The certificate authenticates this client: a secret would never be sent, so none is kept.
        secret = None;
    }
    // Saved even when it was the default, so that a secret in the environment later cannot change it.
    profile.auth_method = Some(method);
    let grant = match (args.device, profile.client_credentials == Some(true)) {
        (true, true) => {
            // Two grants at once: which one was meant cannot be guessed.
            return Err(Error::usage(
                "--device and --client-credentials are different grants; use one of them",
            )
            .with_hint(
                "the client credentials grant may be saved in the profile or set by OAUTHCTL_CLIENT_CREDENTIALS: --client-credentials=false turns it off",
            ));
        }
        (true, false) => Grant::DeviceCode,
        (false, true) => Grant::ClientCredentials,
        (false, false) => Grant::AuthorizationCode,
    };
    // A CI session checks this only when it has to obtain a token (`tokens::client_credentials`): an
    // injected access token needs no secret.
    if purpose == Purpose::Login
        && grant == Grant::ClientCredentials
        && (method == AuthMethod::None
            || (secret.is_none() && method != AuthMethod::PrivateKeyJwt && !method.is_mtls()))
    {
        return Err(Error::usage(
            "the client credentials grant needs client authentication: a client secret, and an auth method other than none",
        )
        .with_hint(
            "give the client secret (OAUTHCTL_CLIENT_SECRET, --client-secret-file PATH or --client-secret -) with --auth-method client_secret_basic or client_secret_post, or a certificate: --client-cert PATH --auth-method tls_client_auth",
        ));
    }
    let mut params = parse_pairs("--param", &profile.params)?;
    check_extra_params(&params)?;
    let mut token_params = parse_pairs("--token-param", &profile.token_params)?;
    check_token_params(&token_params)?;
    add_resource_params(&profile, grant, &mut params, &mut token_params)?;
    let redirect_uri = RedirectUri::parse(
        profile
            .redirect_uri
            .as_deref()
            .unwrap_or(DEFAULT_REDIRECT_URI),
    )
    .map_err(|e| Error::usage(format!("--redirect-uri {e}")))?;
    // Only the code grant sends a browser to the authorize endpoint.
    let (provider, openid_provider) =
        resolve_provider(ctx, &profile, grant == Grant::AuthorizationCode)?;
    // The secret belongs to the token endpoint's origin. Checked here, once, so that no session holding a
    // secret is ever stored with a revocation or introspection endpoint elsewhere (logout and introspect
    // would send the secret there).
    if secret.is_some()
        && let Some((what, url)) = provider.secret_endpoint_off_origin()
    {
        return Err(Error::usage(format!(
            "the {what} {url} is not on the token endpoint's origin ({}); oauthctl sends the client secret only there",
            provider.token_url.origin().ascii_serialization()
        ))
        .with_hint("pass the endpoints of one provider, or log in as a public client (no client secret)"));
    }
    let par = grant == Grant::AuthorizationCode
        && (profile.par == Some(true) || provider.par_required)
        && purpose == Purpose::Login;
    if par && provider.par_url.is_none() {
        let why = if profile.par == Some(true) {
            "--par needs a pushed authorization request endpoint"
        } else {
            "the provider requires pushed authorization requests (RFC 9126)"
        };
        return Err(
            Error::usage(format!("{why}, and the provider's metadata lists none"))
                .with_hint("give it with --par-url URL"),
        );
    }
    // Checked now, before any browser: a key that cannot sign fails the login at once.
    let assertion = crate::tokens::assertion::plan(
        method,
        &client_id,
        client_key.as_ref(),
        profile.client_key_id.as_deref(),
        secret.as_ref(),
        profile
            .assertion_audience
            .as_deref()
            .unwrap_or(provider.token_url.as_str()),
    )?;
    let front_login = grant == Grant::AuthorizationCode && purpose == Purpose::Login;
    let request_signer = if front_login && profile.request_object == Some(true) {
        Some(request_signer(
            &provider,
            assertion.as_deref(),
            client_key.as_ref(),
            profile.client_key_id.as_deref(),
        )?)
    } else {
        None
    };
    let jarm = front_login && jarm_mode(&profile, &provider, &mut params)?;
    let dpop = match profile.dpop {
        Some(true) if purpose == Purpose::Login => Some(crate::tokens::dpop::generate()?),
        _ => None,
    };
    if let Some(key) = dpop.as_ref().filter(|_| grant == Grant::AuthorizationCode) {
        // RFC 9449 §10: the code is bound to the key as well, so a stolen code cannot be redeemed
        // with another key (or none).
        params.push(("dpop_jkt".into(), key.jkt()));
    }
    let mut scope = Scope::from_parts(&profile.scopes);
    // The client credentials grant has no user, so no ID token to ask for.
    if scope.is_empty()
        && openid_provider
        && grant != Grant::ClientCredentials
        && purpose == Purpose::Login
    {
        // Without a scope an OpenID provider answers a bare `access_denied` (or issues no ID token).
        ctx.out.info(
            "Requesting the scope `openid`: the issuer is an OpenID provider and no --scope was given",
        );
        scope = Scope::from_parts(&["openid"]);
    }
    Ok(LoginSettings {
        scope,
        pkce: profile.pkce.unwrap_or(PkceMethod::S256),
        profile,
        client_id,
        secret,
        method,
        params,
        token_params,
        provider,
        redirect_uri,
        secret_from_env: from_env,
        grant,
        par,
        client_key,
        assertion,
        request_signer,
        jarm,
        dpop,
    })
}

/// RFC 9101 §4: the request object's `aud` is the issuer, so a provider known only by its endpoints
/// cannot take one. It is signed with the client's key: the one `private_key_jwt` signs its assertions
/// with, the secret for `client_secret_jwt` (HS256), or `--client-key` beside any other method.
fn request_signer(
    provider: &Provider,
    assertion: Option<&crate::oauth::client_assertion::AssertionPlan>,
    client_key: Option<&ClientKeyText>,
    kid: Option<&str>,
) -> Result<PlanKey> {
    if provider.issuer.is_none() {
        return Err(Error::usage(
            "--request-object needs the provider's issuer: a request object is addressed to it (RFC 9101 §4)",
        )
        .with_hint("pass --issuer URL"));
    }
    match (assertion.map(|plan| &plan.key), client_key) {
        (Some(PlanKey::Private(key)), _) => Ok(PlanKey::Private(key.clone())),
        (_, Some(text)) => Ok(PlanKey::Private(std::sync::Arc::new(
            crate::tokens::assertion::parse_key(text, kid)?,
        ))),
        (Some(PlanKey::Secret(secret)), None) => Ok(PlanKey::Secret(secret.clone())),
        (None, None) => Err(Error::usage(
            "--request-object needs a key to sign the request object with",
        )
        .with_hint(
            "pass --client-key PATH (a JWK, a JWK set or a PEM private key), or use --auth-method client_secret_jwt with the client secret",
        )),
    }
}

/// Whether the redirect comes back as JARM: `--jarm` (which asks with `response_mode=jwt` unless a
/// `--param` names a JARM mode already), or `--param response_mode=jwt` / `query.jwt` alone. Its
/// signature is checked against the issuer's keys, so both must be known.
fn jarm_mode(
    profile: &Profile,
    provider: &Provider,
    params: &mut Vec<(String, String)>,
) -> Result<bool> {
    let mode = params
        .iter()
        .find(|(k, _)| k == "response_mode")
        .map(|(_, v)| v.as_str());
    let jarm = match (profile.jarm == Some(true), mode) {
        (_, Some(m)) if JARM_RESPONSE_MODES.contains(&m) => true,
        (true, Some(m)) => {
            return Err(Error::usage(format!(
                "--jarm asks for a signed response, and --param response_mode={m} for a plain one"
            ))
            .with_hint("drop one of them (--jarm=false turns a saved one off)"));
        }
        (true, None) => {
            params.push(("response_mode".into(), "jwt".into()));
            true
        }
        (false, _) => false,
    };
    if jarm && (provider.issuer.is_none() || provider.jwks_uri.is_none()) {
        return Err(Error::usage(
            "a JARM response is verified against the provider's issuer and keys, and one of them is unknown",
        )
        .with_hint("log in with --issuer (discovery), or with --issuer and --jwks-uri"));
    }
    Ok(jarm)
}

/// `--resource` and `--authorization-details`, checked, as the request parameters that carry them: every
/// resource on the front request and on each token request; the details on the front request, or on the
/// token request of the client credentials grant, which has no other.
fn add_resource_params(
    profile: &Profile,
    grant: Grant,
    params: &mut Vec<(String, String)>,
    token_params: &mut Vec<(String, String)>,
) -> Result<()> {
    let resources = profile
        .resources
        .iter()
        .map(|r| ResourceIndicator::parse(r))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(Error::usage)?;
    let details = profile
        .authorization_details
        .as_deref()
        .map(AuthorizationDetails::parse)
        .transpose()
        .map_err(Error::usage)?;
    params.extend(resource::params(&resources, details.as_ref()));
    let for_token = match grant {
        Grant::ClientCredentials => details.as_ref(),
        _ => None,
    };
    token_params.extend(resource::params(&resources, for_token));
    Ok(())
}

/// RFC 8705: a certificate method needs the certificate, and a key file belongs to a certificate.
fn check_client_cert(profile: &Profile, method: AuthMethod) -> Result<()> {
    if profile.client_cert.is_none() {
        if method.is_mtls() {
            return Err(Error::usage(format!(
                "auth method {} needs a TLS client certificate",
                method.as_str()
            ))
            .with_hint("pass --client-cert PATH (and --client-cert-key PATH unless the file holds the key)"));
        }
        if profile.client_cert_key.is_some() {
            return Err(Error::usage("--client-cert-key needs --client-cert"));
        }
    }
    Ok(())
}

/// The warning for an `OAUTHCTL_CLIENT_SECRET` that a public client's profile does not take.
pub fn public_client_ignores_env(profile: &str) -> String {
    format!(
        "OAUTHCTL_CLIENT_SECRET is ignored: profile {profile:?} is a public client (auth method none)"
    )
}

/// `--auth-method` (or `OAUTHCTL_AUTH_METHOD`) when given. Otherwise a secret given by flag means a
/// confidential client (the saved method, unless that was none); a secret from the environment never
/// changes the saved method (nor that of the stored session, for profiles saved before the method was);
/// no secret keeps the saved method or means a public client.
fn auth_method(
    ctx: &Ctx,
    args: &LoginArgs,
    saved: &Profile,
    has_secret: bool,
    from_env: bool,
    purpose: Purpose,
) -> AuthMethod {
    if let Some(method) = args.auth_method {
        return method.into();
    }
    let basic = AuthMethod::ClientSecretBasic;
    match (has_secret, from_env) {
        (true, false) => saved
            .auth_method
            .filter(|m| *m != AuthMethod::None)
            .unwrap_or(basic),
        (true, true) => saved
            .auth_method
            .or_else(|| {
                if purpose == Purpose::Injected {
                    // Nothing may come from a store in that mode.
                    return None;
                }
                ctx.store_for(Some(saved))
                    .load(ctx.profile_name())
                    .ok()
                    .flatten()
                    .map(|session| session.auth_method)
            })
            .unwrap_or(basic),
        (false, _) => saved.auth_method.unwrap_or(AuthMethod::None),
    }
}

/// Flags over the saved profile, field by field, except the provider: its settings are one unit. Any
/// provider flag replaces the saved issuer and endpoints wholesale, so a profile re-pointed at provider B
/// never keeps an endpoint of provider A (B's code, verifier, secret or tokens would go to A).
/// The HTTP settings (`--ca-cert`, `--timeout`, `--insecure`, flag or environment) are saved too; a
/// `--ca-cert` path is made absolute, as a later command may run in another directory.
fn merge(args: &LoginArgs, global: &GlobalArgs, saved: &Profile) -> Profile {
    let pick =
        |flag: &Option<String>, saved: &Option<String>| flag.clone().or_else(|| saved.clone());
    let list = |flag: &Vec<String>, saved: &Vec<String>| {
        if flag.is_empty() {
            saved.clone()
        } else {
            flag.clone()
        }
    };
    let flags = Endpoints {
        issuer: args.issuer.clone(),
        authorize_url: args.authorize_url.clone(),
        token_url: args.token_url.clone(),
        userinfo_url: args.userinfo_url.clone(),
        revocation_url: args.revocation_url.clone(),
        introspection_url: args.introspection_url.clone(),
        jwks_uri: args.jwks_uri.clone(),
        device_authorization_url: args.device_authorization_url.clone(),
        par_url: args.par_url.clone(),
        iss_parameter_supported: false,
        par_required: false,
    };
    Profile {
        endpoints: if flags == Endpoints::default() {
            saved.endpoints.clone()
        } else {
            flags
        },
        client_id: pick(&args.client_id, &saved.client_id),
        auth_method: args.auth_method.map(Into::into).or(saved.auth_method),
        client_key_id: pick(&args.client_key_id, &saved.client_key_id),
        assertion_audience: pick(&args.assertion_audience, &saved.assertion_audience),
        scopes: list(&args.scope, &saved.scopes),
        redirect_uri: pick(&args.redirect_uri, &saved.redirect_uri),
        params: list(&args.param, &saved.params),
        token_params: list(&args.token_param, &saved.token_params),
        resources: list(&args.resource, &saved.resources),
        authorization_details: pick(&args.authorization_details, &saved.authorization_details),
        pkce: args.pkce.map(Into::into).or(saved.pkce),
        browser: pick(&args.browser, &saved.browser),
        store: saved.store,
        ca_cert: global
            .ca_cert
            .as_ref()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
            .or_else(|| saved.ca_cert.clone()),
        timeout: global.timeout.or(saved.timeout),
        // `--insecure=false` clears a saved one; only `true` is written.
        insecure: global.insecure.or(saved.insecure).filter(|on| *on),
        // `--client-credentials=false` clears a saved one, as for `--insecure`.
        client_credentials: args
            .client_credentials
            .or(saved.client_credentials)
            .filter(|on| *on),
        par: args.par.or(saved.par).filter(|on| *on),
        request_object: args
            .request_object
            .or(saved.request_object)
            .filter(|on| *on),
        jarm: args.jarm.or(saved.jarm).filter(|on| *on),
        dpop: args.dpop.or(saved.dpop).filter(|on| *on),
        client_cert: args
            .client_cert
            .as_deref()
            .map(absolute)
            .or_else(|| saved.client_cert.clone()),
        // A new certificate without a key file means the certificate file holds its key: the old key
        // file would not match it.
        client_cert_key: match (&args.client_cert, &args.client_cert_key) {
            (_, Some(key)) => Some(absolute(key)),
            (Some(_), None) => None,
            (None, None) => saved.client_cert_key.clone(),
        },
    }
}

fn absolute(path: &std::path::Path) -> std::path::PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Flag > environment for the secret; true when it came from `OAUTHCTL_CLIENT_SECRET`. A literal on the
/// command line works but is visible in `ps`. `--client-secret` wins over the file, so that it wins over
/// `OAUTHCTL_CLIENT_SECRET_FILE` (clap cannot say which of the two came from the environment).
fn client_secret(ctx: &Ctx, args: &LoginArgs) -> Result<Option<(ClientSecret, bool)>> {
    let flag = |secret: Option<ClientSecret>| Ok(secret.map(|s| (s, false)));
    if let Some(path) = args
        .client_secret_file
        .as_ref()
        .filter(|_| args.client_secret.is_none())
    {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::usage(format!(
                "cannot read --client-secret-file {}: {e}",
                path.display()
            ))
        })?;
        return flag(first_line(&text));
    }
    match args.client_secret.as_deref() {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| {
                Error::usage(format!("cannot read the client secret from stdin: {e}"))
            })?;
            flag(first_line(&text))
        }
        Some(value) => {
            ctx.out.warn("--client-secret VALUE is visible to other processes; prefer OAUTHCTL_CLIENT_SECRET, --client-secret-file or --client-secret -");
            flag(Some(ClientSecret::new(value)))
        }
        None => Ok(ctx.env.client_secret.clone().map(|s| (s, true))),
    }
}

fn first_line(text: &str) -> Option<ClientSecret> {
    let line = text.lines().next().unwrap_or("").trim_end_matches('\r');
    (!line.is_empty()).then(|| ClientSecret::new(line))
}

/// Explicit endpoints, completed by discovery when there is an issuer, validated into a provider; and
/// whether discovery found an OpenID provider. Without `needs_authorize` the token endpoint is enough.
fn resolve_provider(
    ctx: &Ctx,
    profile: &Profile,
    needs_authorize: bool,
) -> Result<(Provider, bool)> {
    let explicit = profile.endpoints.clone();
    let mut openid = false;
    let endpoints = match &explicit.issuer {
        Some(issuer) => match discover(ctx, issuer, profile.client_cert.is_some()) {
            Ok((found, is_openid)) => {
                openid = is_openid;
                explicit.or(found)
            }
            // A metadata mix-up or an endpoint in clear text is an attack, never a reason to fall back.
            Err(Discovery::Core(e)) if e.category() == oauth::error::Category::Security => {
                return Err(e.into());
            }
            // A provider without discovery is fine when the endpoints are given by hand.
            Err(e)
                if explicit.token_url.is_some()
                    && (explicit.authorize_url.is_some() || !needs_authorize) =>
            {
                let e = Error::from(e);
                ctx.out.warn(&format!(
                    "discovery failed ({}); using the endpoints given",
                    e.message
                ));
                explicit
            }
            Err(e) => return Err(e.into()),
        },
        None => explicit,
    };
    let provider = Provider::for_grant(&endpoints, needs_authorize).map_err(|e| match e {
        ProviderError::MissingEndpoints => Error::usage(e.to_string())
            .with_hint("pass --issuer URL for discovery, or --authorize-url and --token-url"),
        ProviderError::MissingTokenEndpoint => {
            Error::usage(e.to_string()).with_hint("pass --issuer URL for discovery, or --token-url")
        }
        ProviderError::NotUrl { .. } | ProviderError::Insecure { .. } => {
            Error::usage(e.to_string())
        }
    })?;
    Ok((provider, openid))
}

/// Why discovery failed: the core's refusal stays typed so the caller can tell a mix-up from a miss.
enum Discovery {
    Core(oauth::error::Error),
    Other(Error),
}

impl From<Discovery> for Error {
    fn from(d: Discovery) -> Error {
        match d {
            Discovery::Core(e) => e.into(),
            Discovery::Other(e) => e,
        }
    }
}

/// The endpoints, and whether the metadata is an OpenID provider's.
/// With a client certificate (`mtls`), the endpoints are the metadata's `mtls_endpoint_aliases` where it
/// has them (RFC 8705 §5): the provider may ask for certificates only there.
fn discover(ctx: &Ctx, issuer: &str, mtls: bool) -> Result<(Endpoints, bool), Discovery> {
    let mut last = None;
    // The first URL is OpenID Connect Discovery's.
    for (i, url) in metadata_urls(issuer)
        .map_err(Discovery::Core)?
        .into_iter()
        .enumerate()
    {
        let resp = ctx
            .send(&HttpRequest::get(url.clone()))
            .map_err(Discovery::Other)?;
        if resp.is_success() {
            let mut endpoints = parse_metadata(issuer, &resp).map_err(Discovery::Core)?;
            if mtls {
                endpoints = mtls_aliases(endpoints, &resp).map_err(Discovery::Core)?;
            }
            return Ok((endpoints, is_openid_provider(&resp, i == 0)));
        }
        last = Some(format!("{url} answered HTTP {}", resp.status));
    }
    Err(Discovery::Other(
        Error::other(format!(
            "discovery found no metadata: {}",
            last.unwrap_or_default()
        ))
        .with_hint("pass --authorize-url and --token-url for providers without discovery"),
    ))
}
