//! `oauthctl discover`: fetch a provider's metadata as login would, print it, fetch its JWKS, and lint both
//! (`oauth::lint`). Unlike login, a mix-up or a clear-text endpoint is reported as a finding with the
//! document still shown: the command exists to look at providers, broken ones included.
//!
//! [`inspect`] is the work without the printing, for other commands that check a provider.

use crate::cli::DiscoverArgs;
use crate::context::Ctx;
use crate::error::{Error, Result, sanitize};
use crate::oauth::discovery::metadata_urls;
use crate::oauth::error::Error as CoreError;
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::oauth::id_token::Jwks;
use crate::oauth::lint::{self, Finding, Input, JwksOutcome, Level};
use crate::oauth::provider::secure_transport;
use crate::oauth::token::describe_body;
use crate::output::{Tone, docs, terminal_json};
use serde_json::Value;
use url::Url;

/// What `discover` found out about one issuer.
pub struct Inspection {
    /// The metadata document as the provider sent it (a JSON object).
    pub metadata: Value,
    /// Where it was found: the OpenID Connect URL or the RFC 8414 one.
    pub metadata_url: Url,
    /// The lint's findings, errors first.
    pub findings: Vec<Finding>,
    /// What fetching `jwks_uri` gave.
    pub jwks: JwksOutcome,
    /// The number of usable keys when the JWKS was fetched and parsed, else `None`.
    pub jwks_keys: Option<usize>,
}

impl Inspection {
    /// Whether any finding is an error (the command then exits 6).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.level == Level::Error)
    }
}

pub fn run(ctx: &Ctx, args: &DiscoverArgs) -> Result<()> {
    // Read first in any case: the profile's timeout and trust settings apply to these requests too.
    let profile = ctx.profile()?;
    let issuer = match (&args.issuer, profile.and_then(|p| p.endpoints.issuer)) {
        (Some(given), _) => given.clone(),
        (None, Some(saved)) => saved,
        (None, None) => {
            return Err(Error::usage("no issuer: pass --issuer URL").with_hint(format!(
                "or set OAUTHCTL_ISSUER, or save one with `oauthctl -p {} profile set issuer URL`",
                ctx.profile_name()
            )));
        }
    };
    let found = inspect(ctx, &issuer)?;
    let pretty = terminal_json(&found.metadata);
    ctx.out.data(
        &docs::Discovered {
            metadata: &found.metadata,
            findings: &found.findings,
        },
        Some(&pretty),
    );
    if !ctx.out.json {
        report(ctx, &found.findings);
    }
    summary(ctx, &issuer, &found)
}

/// Fetches and lints the metadata of `issuer`. A document that cannot be fetched is the error (exit 4
/// for network trouble or no document at either URL, 1 for a document that is not a JSON object); what
/// is wrong in a fetched document is data, in the findings.
pub fn inspect(ctx: &Ctx, issuer: &str) -> Result<Inspection> {
    let (metadata_url, from_oidc_url, resp) = fetch_metadata(ctx, issuer)?;
    let metadata: Value = serde_json::from_slice(&resp.body).map_err(|_| {
        not_an_object(
            &metadata_url,
            &format!("not JSON: {}", describe_body(&resp)),
        )
    })?;
    let Some(doc) = metadata.as_object() else {
        return Err(not_an_object(&metadata_url, "JSON, but not an object"));
    };
    let jwks = fetch_jwks(ctx, doc.get("jwks_uri"));
    let findings = lint::lint(&Input {
        metadata: doc,
        issuer,
        from_oidc_url,
        jwks: &jwks,
    });
    let jwks_keys = match jwks {
        JwksOutcome::Keys(n) => Some(n),
        _ => None,
    };
    Ok(Inspection {
        metadata,
        metadata_url,
        findings,
        jwks,
        jwks_keys,
    })
}

/// A broken answer rather than a missing one: exit 1, as for a token response that is not JSON (the
/// contract's rule for responses that cannot be used). It is neither network trouble, since the provider
/// answered, nor a lint finding, since there is no document to lint.
fn not_an_object(url: &Url, why: &str) -> Error {
    Error::other(format!(
        "the metadata at {url} is not a JSON object ({why})"
    ))
}

/// The first 2xx answer among the well-known URLs, whether it is the OpenID Connect one, and its URL.
fn fetch_metadata(ctx: &Ctx, issuer: &str) -> Result<(Url, bool, HttpResponse)> {
    // The issuer itself must be a loopback-or-https URL: nothing is fetched from it otherwise (exit 2).
    let urls = metadata_urls(issuer).map_err(Error::from)?;
    let mut misses = Vec::new();
    for (i, url) in urls.into_iter().enumerate() {
        let resp = ctx.send(&HttpRequest::get(url.clone()))?;
        if resp.is_success() {
            return Ok((url, i == 0, resp));
        }
        misses.push(format!("{url} answered HTTP {}", resp.status));
    }
    // The provider is there but publishes nothing: the same exit as a provider that is not reachable, so
    // a CI job can tell "no metadata" (4) from "bad metadata" (6).
    Err(Error::network(format!(
        "no metadata found for {issuer}: {}",
        misses.join(", ")
    ))
    .with_hint("check the issuer URL: it is the `iss` of the provider's tokens"))
}

/// Fetches `jwks_uri` when there is one worth fetching: a URL oauthctl would trust for keys (an insecure
/// one is a finding of its own and is not fetched).
fn fetch_jwks(ctx: &Ctx, jwks_uri: Option<&Value>) -> JwksOutcome {
    let Some(url) = jwks_uri
        .and_then(Value::as_str)
        .and_then(|u| Url::parse(u).ok())
        .filter(secure_transport)
    else {
        return JwksOutcome::NotFetched;
    };
    let resp = match ctx.send(&HttpRequest::get(url)) {
        Ok(resp) => resp,
        Err(e) => return JwksOutcome::Unreachable(e.message),
    };
    if !resp.is_success() {
        return JwksOutcome::Unreachable(format!("HTTP {}", resp.status));
    }
    match Jwks::parse(&resp.body) {
        Ok(keys) => JwksOutcome::Keys(keys.usable_keys()),
        Err(CoreError::JwksNotJson) => {
            JwksOutcome::Invalid(format!("not JSON ({})", describe_body(&resp)))
        }
        Err(_) => JwksOutcome::Invalid("no `keys` array".into()),
    }
}

/// One stderr line per finding: `error   issuer-mismatch  message`, the level coloured.
fn report(ctx: &Ctx, findings: &[Finding]) {
    let width = findings.iter().map(|f| f.code.len()).max().unwrap_or(0);
    for f in findings {
        let tone = match f.level {
            Level::Error => Tone::Bad,
            Level::Warning => Tone::Warn,
        };
        let level = ctx
            .out
            .paint_message(&format!("{:<7}", f.level.as_str()), tone);
        ctx.out
            .info(&format!("{level} {:<width$}  {}", f.code, f.message));
    }
}

/// The last line: a success line, or the error that makes the exit code 6. The issuer is the user's
/// own text, but a profile file may hold anything: it is sanitized like provider text.
fn summary(ctx: &Ctx, issuer: &str, found: &Inspection) -> Result<()> {
    let count = |level| found.findings.iter().filter(|f| f.level == level).count();
    let (errors, warnings) = (count(Level::Error), count(Level::Warning));
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let keys = match found.jwks_keys {
        Some(n) => format!("; JWKS with {}", plural(n, "usable key")),
        None => String::new(),
    };
    let text = format!(
        "{} and {} in the metadata of {}{keys}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        sanitize(issuer, 200),
    );
    if errors > 0 {
        return Err(Error::security(text));
    }
    if !ctx.out.json {
        ctx.out.success(&text);
    }
    Ok(())
}
