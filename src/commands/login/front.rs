//! Login step 2, the front channel: bind the loopback listener, draw `state`, `nonce` and the PKCE pair,
//! send the browser to the authorize URL, and judge the redirects that come back (state, `error=`,
//! RFC 9207 `iss`): one failing the state check is not this login's and the wait goes on. Out comes the authorization code and what the back channel needs to redeem it.
//! With `--request-object` the parameters go signed (JAR), in the URL or the push; with `--jarm` the
//! redirect is verified first (`jarm`).
//! With no browser here (`--no-browser`, no display, a browser that fails) the waiting message says how
//! to finish from another machine; the wait itself is in `waiting`.

use super::jarm;
use super::preflight;
use super::settings::LoginSettings;
use super::waiting;
use crate::adapters::browser::Opener;
use crate::cli::LoginArgs;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::authorize::{
    AuthorizeRequest, CallbackExpectations, failed_state_check, parse_callback,
};
use crate::oauth::client_assertion::PlanKey;
use crate::oauth::par::{self, ParError};
use crate::oauth::pkce::{PkcePair, RANDOM_BYTES, encode_random, pkce_pair};
use crate::oauth::preflight::Sent;
use crate::oauth::redirect_uri::RedirectUri;
use crate::oauth::request_object::{self, RequestObjectError, RequestObjectInputs};
use crate::oauth::types::{AuthorizationCode, Nonce, State};
use crate::ports::{LateFailure, Verdict};

/// What the front channel hands to the back channel.
pub struct Grant {
    pub code: AuthorizationCode,
    /// The redirect URI exactly as sent in the authorize request (RFC 6749 §4.1.3 wants it again).
    pub redirect_uri: RedirectUri,
    pub pkce: Option<PkcePair>,
    pub nonce: Option<Nonce>,
}

/// `paste`: a redirect pasted on stdin is accepted too (see `paste::enabled`).
pub fn authorize(
    ctx: &Ctx,
    args: &LoginArgs,
    settings: &LoginSettings,
    paste: bool,
) -> Result<Grant> {
    // The settings require it for this grant; a provider built for another one may lack it.
    let Some(authorize_url) = &settings.provider.authorize_url else {
        return Err(crate::error::Error::usage(
            crate::oauth::provider::ProviderError::MissingEndpoints.to_string(),
        ));
    };
    let listener = ctx.deps.listen.bind(&settings.redirect_uri)?;
    let state = State::new(encode_random(&random(ctx)?));
    let nonce = settings
        .scope
        .contains("openid")
        .then(|| random(ctx).map(|r| Nonce::new(encode_random(&r))))
        .transpose()?;
    let pkce = pkce_pair(settings.pkce, &random(ctx)?);
    let request = AuthorizeRequest {
        authorize_url,
        client_id: &settings.client_id,
        redirect_uri: listener.redirect_uri().as_str(),
        scope: &settings.scope,
        state: &state,
        nonce: nonce.as_ref(),
        pkce: pkce.as_ref().map(|p| (p.challenge.as_str(), p.method)),
        extra: &settings.params,
    };
    let params = match &settings.request_signer {
        Some(key) => signed(ctx, settings, key, request.params())?,
        None => request.params(),
    };
    let url = if settings.par {
        push(ctx, settings, authorize_url, params.clone())?
    } else {
        let mut url = authorize_url.clone();
        url.query_pairs_mut().extend_pairs(&params);
        url
    };

    // A pushed request was checked by the provider already (an unknown client or redirect URI is its
    // error answer), and fetching its single-use reference could spend it.
    if !args.no_preflight && !settings.par {
        let mut masked = vec![state.as_str()];
        masked.extend(nonce.as_ref().map(Nonce::as_str));
        masked.extend(pkce.as_ref().map(|p| p.challenge.as_str()));
        // The request object holds them all, and the page may echo it whole.
        masked.extend(
            params
                .iter()
                .filter(|(k, _)| k == "request")
                .map(|(_, v)| v.as_str()),
        );
        let sent = Sent {
            redirect_uri: listener.redirect_uri().as_str(),
            ephemeral_port: settings.redirect_uri.port() == 0,
            masked: &masked,
        };
        preflight::check(ctx, &url, &sent, settings.client_id.as_str())?;
    }
    let fixed_port = settings.redirect_uri.port() != 0;
    let (started, late) = open_browser(ctx, args, settings, url.as_str());
    if !started {
        waiting::remote_help(ctx, listener.redirect_uri(), paste, fixed_port);
    }
    let late = late.map(|failure| waiting::LateBrowser {
        failure,
        url: url.as_str(),
        fixed_port,
    });
    let expect = CallbackExpectations {
        state: &state,
        issuer: settings.provider.issuer.as_deref(),
        iss_required: settings.provider.iss_parameter_supported,
    };
    let mut plain = |query: &str| match parse_callback(query, &expect) {
        Ok(code) => Verdict::Final(Ok(code)),
        Err(e) if failed_state_check(&e) => Verdict::NotOurs(e.into()),
        Err(e) => Verdict::Final(Err(e.into())),
    };
    let mut jarm = settings.jarm.then(|| jarm::Responses::new(ctx, settings));
    let code = waiting::wait(
        ctx,
        listener.as_ref(),
        paste,
        args.login_timeout,
        late,
        &mut |query| match &mut jarm {
            Some(jarm) => jarm.judge(query, &mut plain),
            None => plain(query),
        },
    )?;
    Ok(Grant {
        code,
        redirect_uri: listener.redirect_uri().clone(),
        pkce,
        nonce,
    })
}

/// RFC 9101: the authorization parameters signed as a request object, with `client_id` and the
/// parameters OpenID Connect wants outside beside it.
fn signed(
    ctx: &Ctx,
    settings: &LoginSettings,
    key: &PlanKey,
    params: Vec<(String, String)>,
) -> Result<Vec<(String, String)>> {
    let issuer = settings
        .provider
        .issuer
        .as_deref()
        .expect("the settings require an issuer for a request object");
    let jti = encode_random(&random(ctx)?);
    let inputs = RequestObjectInputs {
        client_id: &settings.client_id,
        issuer,
        now: ctx.now(),
        jti: &jti,
        params: &params,
    };
    let jwt = request_object::sign_with(key, &inputs).map_err(|e| match e {
        RequestObjectError::Key(e) => Error::other(format!("cannot sign the request object: {e}")),
        other => Error::usage(other.to_string()),
    })?;
    Ok(request_object::outer_params(
        &settings.client_id,
        &params,
        &jwt,
    ))
}

/// RFC 9126: pushes the authorization request and returns the URL that refers to it.
fn push(
    ctx: &Ctx,
    settings: &LoginSettings,
    authorize_url: &url::Url,
    params: Vec<(String, String)>,
) -> Result<url::Url> {
    let par_url = settings
        .provider
        .par_url
        .as_ref()
        .expect("the settings require a PAR endpoint for a pushed login");
    let req = par::push_request(par_url, &settings.client_auth(), params)?;
    let pushed = par::parse_push_response(&ctx.send(&req)?).map_err(|e| match e {
        ParError::Core(core) => Error::blame_env_secret(core, settings.secret_from_env),
        other => Error::other(other.to_string()),
    })?;
    Ok(par::authorize_url(
        authorize_url,
        &settings.client_id,
        &pushed,
    ))
}

fn random(ctx: &Ctx) -> Result<[u8; RANDOM_BYTES]> {
    let mut bytes = [0u8; RANDOM_BYTES];
    ctx.deps.random.fill(&mut bytes)?;
    Ok(bytes)
}

/// Shows the URL and starts the browser; `false` when none was started (the person finishes elsewhere),
/// and what says so later for a browser that may still fail while the login waits.
fn open_browser(
    ctx: &Ctx,
    args: &LoginArgs,
    settings: &LoginSettings,
    url: &str,
) -> (bool, LateFailure) {
    let opener = if args.no_browser {
        Opener::None
    } else if let Some(cmd) = settings.profile.browser.clone() {
        Opener::Command(cmd)
    } else if let Some(list) = ctx.env.browser.clone() {
        Opener::List(list)
    } else if ctx.env.headless {
        // No graphical session (SSH, a container): a system opener would fail or start a text browser.
        ctx.out.info(
            "No display here (DISPLAY and WAYLAND_DISPLAY are unset), so no browser is started.",
        );
        Opener::None
    } else {
        Opener::System
    };
    let opened = ctx.deps.browser.open(&opener, url);
    let out = &ctx.out;
    let (started, late) = match (&opener, opened) {
        (Opener::None, _) => {
            out.info("Open this URL in a browser to log in:");
            (false, None)
        }
        (_, Ok(late)) => {
            out.info("Opened the browser. If it did not appear, open this URL:");
            (true, late)
        }
        (_, Err(why)) => {
            out.warn(&format!("could not open a browser ({why})"));
            out.info("Open this URL in a browser to log in:");
            (false, None)
        }
    };
    out.info(&format!("  {url}"));
    (started, late)
}
