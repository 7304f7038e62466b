//! `oauthctl login`: the authorization code grant from start to stored tokens. Nothing is written to the
//! store or the config unless every step (state, code exchange, ID token) succeeded.

use super::Ctx;
use super::session::{parse_url, verify_id_token};
use crate::adapters::browser::{self, Opener};
use crate::adapters::clock;
use crate::adapters::loopback::Listener;
use crate::adapters::store::{SESSION_VERSION, Session, StoreKind};
use crate::cli::LoginArgs;
use crate::config::{Profile, parse_pairs};
use crate::error::{Error, Result};
use crate::oauth;
use crate::oauth::authorize::{
    AuthorizeRequest, CallbackExpectations, check_extra_params, parse_callback,
};
use crate::oauth::discovery::{Endpoints, metadata_urls, parse_metadata};
use crate::oauth::http::HttpRequest;
use crate::oauth::pkce::{RANDOM_BYTES, encode_random, pkce_pair};
use crate::oauth::token::{self, ClientAuth};
use crate::oauth::types::{AuthMethod, ClientId, ClientSecret, Nonce, PkceMethod, Scope, State};
use serde_json::Value;
use std::io::Read;
use std::time::{Duration, Instant};

pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:0/callback";

pub fn run(ctx: &Ctx, args: &LoginArgs) -> Result<()> {
    let mut config = ctx.load_config()?;
    let profile_name = ctx.profile_name().to_string();
    let saved = config
        .profiles
        .get(&profile_name)
        .cloned()
        .unwrap_or_default();
    let profile = merge(args, &saved);

    let client_id = ClientId::new(profile.client_id.clone().ok_or_else(|| {
        Error::usage("no client id: pass --client-id")
            .with_hint("register oauthctl with the provider as a native app to get one")
    })?);
    let secret = client_secret(ctx, args)?;
    let method = profile.auth_method.unwrap_or(if secret.is_some() {
        AuthMethod::ClientSecretBasic
    } else {
        AuthMethod::None
    });
    let params = parse_pairs("--param", &profile.params)?;
    check_extra_params(&params)?;
    let token_params = parse_pairs("--token-param", &profile.token_params)?;
    let scope = Scope::from_parts(&profile.scopes);
    let pkce_method = profile.pkce.unwrap_or(PkceMethod::S256);

    let endpoints = resolve_endpoints(ctx, &profile)?;
    let authorize_url = parse_url(
        "authorize endpoint",
        endpoints.authorize_url.as_deref().unwrap_or_default(),
    )?;
    let token_url = parse_url(
        "token endpoint",
        endpoints.token_url.as_deref().unwrap_or_default(),
    )?;
    let store = ctx.store_for_login()?;

    let listener = Listener::bind(
        profile
            .redirect_uri
            .as_deref()
            .unwrap_or(DEFAULT_REDIRECT_URI),
    )?;
    let state = State::new(encode_random(&random()?));
    let nonce = scope
        .contains("openid")
        .then(|| random().map(|r| Nonce::new(encode_random(&r))))
        .transpose()?;
    let pkce = pkce_pair(pkce_method, &random()?);
    let url = AuthorizeRequest {
        authorize_url: &authorize_url,
        client_id: &client_id,
        redirect_uri: listener.redirect_uri(),
        scope: &scope,
        state: &state,
        nonce: nonce.as_ref(),
        pkce: pkce.as_ref().map(|p| (p.challenge.as_str(), p.method)),
        extra: &params,
    }
    .url();

    open_browser(ctx, args, &profile, url.as_str());
    let deadline = Instant::now() + Duration::from_secs(args.login_timeout);
    let expect = CallbackExpectations {
        state: &state,
        issuer: endpoints.issuer.as_deref(),
        iss_required: endpoints.iss_parameter_supported,
    };
    let code = listener.wait(deadline, |query| {
        parse_callback(query, &expect).map_err(Error::from)
    })?;
    drop(listener);

    let auth = ClientAuth {
        client_id: &client_id,
        secret: secret.as_ref(),
        method,
    };
    let redirect_uri = url
        .query_pairs()
        .find(|(k, _)| k == "redirect_uri")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let req = token::code_request(
        &token_url,
        &auth,
        &code,
        &redirect_uri,
        pkce.as_ref().map(|p| &p.verifier),
        &token_params,
    )?;
    let mut tokens = token::parse_token_response(&ctx.send(&req)?, clock::now())?;

    let mut id_claims = None;
    if let Some(id) = &tokens.id_token {
        if nonce.is_some() {
            id_claims = Some(verify_id_token(
                ctx,
                &endpoints,
                &client_id,
                id.secret(),
                nonce.as_ref(),
                Some(tokens.access_token.secret()),
                None,
            )?);
        } else {
            // Without `openid` there is no nonce to bind it to this login: keeping it would store an
            // unverifiable token.
            ctx.out.warn(
                "the provider sent an ID token although `openid` was not requested; ignoring it",
            );
            tokens.id_token = None;
        }
    }

    let session = Session {
        version: SESSION_VERSION,
        tokens,
        client_id,
        auth_method: method,
        client_secret: secret,
        endpoints,
        token_params,
    };
    store.save(&profile_name, &session)?;
    config.profiles.insert(
        profile_name.clone(),
        Profile {
            store: Some(store.kind()),
            ..profile
        },
    );
    config.save(&ctx.paths.config)?;

    let plain = if store.kind() == StoreKind::File {
        " (plain text, readable only by you)"
    } else {
        ""
    };
    ctx.out.success(&format!(
        "logged in; {}; tokens stored in {}{plain}",
        super::token::expiry_text(session.tokens.expires_at),
        store.location(&profile_name)
    ));
    let mut doc = super::token::summary(&profile_name, &session, args.show_tokens);
    if let (Some(claims), Value::Object(map)) = (id_claims, &mut doc) {
        map.insert("id_token_claims".into(), Value::Object(claims));
    }
    ctx.out.data(&doc, None);
    Ok(())
}

fn random() -> Result<[u8; RANDOM_BYTES]> {
    let mut bytes = [0u8; RANDOM_BYTES];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::other(format!("the OS random source failed: {e}")))?;
    Ok(bytes)
}

/// Flags over the saved profile, field by field.
fn merge(args: &LoginArgs, saved: &Profile) -> Profile {
    let pick =
        |flag: &Option<String>, saved: &Option<String>| flag.clone().or_else(|| saved.clone());
    let list = |flag: &Vec<String>, saved: &Vec<String>| {
        if flag.is_empty() {
            saved.clone()
        } else {
            flag.clone()
        }
    };
    Profile {
        endpoints: Endpoints {
            issuer: args.issuer.clone(),
            authorize_url: args.authorize_url.clone(),
            token_url: args.token_url.clone(),
            userinfo_url: args.userinfo_url.clone(),
            revocation_url: args.revocation_url.clone(),
            introspection_url: args.introspection_url.clone(),
            jwks_uri: args.jwks_uri.clone(),
            iss_parameter_supported: false,
        }
        .or(saved.endpoints.clone()),
        client_id: pick(&args.client_id, &saved.client_id),
        auth_method: args.auth_method.map(Into::into).or(saved.auth_method),
        scopes: list(&args.scope, &saved.scopes),
        redirect_uri: pick(&args.redirect_uri, &saved.redirect_uri),
        params: list(&args.param, &saved.params),
        token_params: list(&args.token_param, &saved.token_params),
        pkce: args.pkce.map(Into::into).or(saved.pkce),
        browser: pick(&args.browser, &saved.browser),
        store: saved.store,
    }
}

/// Flag > environment for the secret. A literal on the command line works but is visible in `ps`.
fn client_secret(ctx: &Ctx, args: &LoginArgs) -> Result<Option<ClientSecret>> {
    if let Some(path) = &args.client_secret_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::usage(format!(
                "cannot read --client-secret-file {}: {e}",
                path.display()
            ))
        })?;
        return Ok(first_line(&text));
    }
    match args.client_secret.as_deref() {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| {
                Error::usage(format!("cannot read the client secret from stdin: {e}"))
            })?;
            Ok(first_line(&text))
        }
        Some(value) => {
            ctx.out.warn("--client-secret VALUE is visible to other processes; prefer OAUTHCTL_CLIENT_SECRET, --client-secret-file or --client-secret -");
            Ok(Some(ClientSecret::new(value)))
        }
        None => Ok(std::env::var("OAUTHCTL_CLIENT_SECRET")
            .ok()
            .filter(|s| !s.is_empty())
            .map(ClientSecret::new)),
    }
}

fn first_line(text: &str) -> Option<ClientSecret> {
    let line = text.lines().next().unwrap_or("").trim_end_matches('\r');
    (!line.is_empty()).then(|| ClientSecret::new(line))
}

/// Explicit endpoints, completed by discovery when there is an issuer.
fn resolve_endpoints(ctx: &Ctx, profile: &Profile) -> Result<Endpoints> {
    let explicit = profile.endpoints.clone();
    let endpoints = match &explicit.issuer {
        Some(issuer) => match discover(ctx, issuer) {
            Ok(found) => explicit.or(found),
            // A metadata mix-up is an attack, never a reason to fall back.
            Err(Discovery::Core(e @ oauth::error::Error::MetadataIssuerMismatch { .. })) => {
                return Err(e.into());
            }
            // A provider without discovery is fine when the endpoints are given by hand.
            Err(e) if explicit.authorize_url.is_some() && explicit.token_url.is_some() => {
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
    if endpoints.authorize_url.is_none() || endpoints.token_url.is_none() {
        return Err(Error::usage("no authorize and token endpoints known")
            .with_hint("pass --issuer URL for discovery, or --authorize-url and --token-url"));
    }
    Ok(endpoints)
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

fn discover(ctx: &Ctx, issuer: &str) -> Result<Endpoints, Discovery> {
    let mut last = None;
    for url in metadata_urls(issuer).map_err(Discovery::Core)? {
        let resp = ctx
            .send(&HttpRequest::get(url.clone()))
            .map_err(Discovery::Other)?;
        if resp.is_success() {
            return parse_metadata(issuer, &resp).map_err(Discovery::Core);
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

fn open_browser(ctx: &Ctx, args: &LoginArgs, profile: &Profile, url: &str) {
    let opener = if args.no_browser {
        Opener::None
    } else if let Some(cmd) = profile
        .browser
        .clone()
        .or_else(|| std::env::var("BROWSER").ok().filter(|b| !b.is_empty()))
    {
        Opener::Command(cmd)
    } else {
        Opener::System
    };
    let opened = browser::open(&opener, url);
    match (&opener, opened) {
        (Opener::None, _) => ctx.out.info("Open this URL in a browser to log in:"),
        (_, Ok(())) => ctx
            .out
            .info("Opened the browser. If it did not appear, open this URL:"),
        (_, Err(why)) => {
            ctx.out.warn(&format!("could not open a browser ({why})"));
            ctx.out.info("Open this URL in a browser to log in:");
        }
    }
    ctx.out.info(&format!("  {url}"));
    ctx.out.info(&format!(
        "Waiting up to {} s for the redirect (Ctrl-C to cancel)…",
        args.login_timeout
    ));
}
