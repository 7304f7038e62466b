//! `oauthctl profile list|show|set|rm`: the saved settings without a login. `set` checks a value as login
//! would and writes through the locked read-modify-write of the config store; `rm` is a logout (revoke
//! when possible, delete the tokens in every store) followed by deleting the config entry. Secrets are
//! never in the config, so nothing here can print one.
//!
//! The human output of `list` (the names, one a line, nothing else) is what the shell completion scripts
//! read to complete `-p`: keep it that way.

use crate::cli::{AuthMethodArg, PkceArg, ProfileCommand, ProfileKey};
use crate::config::{Profile, check_profile_name, parse_pairs};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::oauth::authorize::{check_extra_params, check_token_params};
use crate::oauth::error::escape_unsafe;
use crate::oauth::provider;
use crate::oauth::redirect_uri::RedirectUri;
use crate::oauth::resource::{AuthorizationDetails, ResourceIndicator};
use crate::output::docs::{ProfileRemoved, ProfileShow};
use clap::ValueEnum;
use serde_json::{Map, Value};

pub fn run(ctx: &Ctx, cmd: &ProfileCommand) -> Result<()> {
    match cmd {
        ProfileCommand::List => list(ctx),
        ProfileCommand::Show { name } => show(ctx, name.as_deref().unwrap_or(ctx.profile_name())),
        ProfileCommand::Set { key, value } => set(ctx, *key, value),
        ProfileCommand::Rm { name } => rm(ctx, name),
    }
}

fn list(ctx: &Ctx) -> Result<()> {
    let config = ctx.deps.config.load()?;
    let names: Vec<&str> = config.profiles.keys().map(String::as_str).collect();
    // A hand-edited name may hold anything: escaped like any text that is not oauthctl's own.
    let human: Vec<String> = names.iter().map(|n| escape_unsafe(n)).collect();
    if names.is_empty() && !ctx.out.json {
        ctx.out.info("no profiles yet: run `oauthctl login`");
        return Ok(());
    }
    ctx.out.data(&names, Some(&human.join("\n")));
    Ok(())
}

fn no_such_profile(name: &str) -> Error {
    Error::usage(format!("there is no profile {name:?}"))
        .with_hint("`oauthctl profile list` shows the profiles")
}

fn show(ctx: &Ctx, name: &str) -> Result<()> {
    let profile = ctx
        .deps
        .config
        .profile(name)?
        .ok_or_else(|| no_such_profile(name))?;
    let doc = show_doc(ctx, name, &profile);
    ctx.out.data(&doc, Some(&human_show(&doc)));
    Ok(())
}

fn show_doc<'a>(ctx: &Ctx, name: &'a str, profile: &Profile) -> ProfileShow<'a> {
    let mut settings = match serde_json::to_value(profile) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    // Not a setting but a record of where the last login put the tokens: shown as token_store.
    settings.remove("store");
    let store = ctx.store_for(Some(profile));
    ProfileShow {
        profile: name,
        settings,
        token_location: store.location(name),
        token_store: store.kind().as_str(),
    }
}

/// `key: value` lines; every value is the user's or a provider's text, so each is escaped.
fn human_show(doc: &ProfileShow) -> String {
    let mut lines = vec![format!("profile: {}", escape_unsafe(doc.profile))];
    for (key, value) in &doc.settings {
        let shown = match value {
            Value::String(s) => escape_unsafe(s),
            Value::Array(items) if key == "scopes" => escape_unsafe(
                &items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            other => escape_unsafe(&other.to_string()),
        };
        lines.push(format!("{key}: {shown}"));
    }
    lines.push(format!(
        "tokens: {} (with the client secret, if any)",
        escape_unsafe(&doc.token_location)
    ));
    lines.join("\n")
}

fn set(ctx: &Ctx, key: ProfileKey, values: &[String]) -> Result<()> {
    let name = ctx.profile_name();
    let key_name = key_name(key);
    // Checked before the config is locked: a bad value changes nothing.
    let change = Change::parse(key, values)?;
    let mut created = false;
    let mut updated = None;
    ctx.deps.config.update(&mut |config| {
        let profile = config.profiles.entry(name.to_string()).or_insert_with(|| {
            created = true;
            Profile::default()
        });
        change.apply(key, profile);
        updated = Some(profile.clone());
    })?;
    let profile = updated.unwrap_or_default();
    let verb = if change.is_removal() {
        "removed"
    } else {
        "set"
    };
    let mut msg = format!("profile {name:?}: {key_name} {verb}");
    if created {
        msg.push_str(" (new profile)");
    }
    ctx.out.success(&msg);
    // A userinfo URL is the exception: `userinfo` uses the profile's when the tokens came without one.
    // So are the HTTP settings: every command reads them from the profile.
    let applies_now = matches!(
        key,
        ProfileKey::Browser
            | ProfileKey::UserinfoUrl
            | ProfileKey::CaCert
            | ProfileKey::Timeout
            | ProfileKey::Insecure
            | ProfileKey::ClientCert
            | ProfileKey::ClientCertKey
    );
    if !created && !applies_now {
        // The stored tokens hold the endpoints and client they were issued for (so they are never sent
        // anywhere else); the settings are what the next login starts from.
        ctx.out
            .info("stored tokens keep the settings they were issued with; this applies from the next login");
    }
    let doc = show_doc(ctx, name, &profile);
    ctx.out.data(&doc, None);
    Ok(())
}

fn key_name(key: ProfileKey) -> String {
    key.to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// One checked change to a profile: `None` / an empty list removes the setting.
enum Change {
    One(Option<String>),
    Many(Vec<String>),
}

impl Change {
    fn parse(key: ProfileKey, values: &[String]) -> Result<Change> {
        let name = key_name(key);
        let removal = matches!(values, [only] if only.is_empty());
        let list = matches!(
            key,
            ProfileKey::Scopes
                | ProfileKey::Params
                | ProfileKey::TokenParams
                | ProfileKey::Resources
        );
        if removal {
            return Ok(if list {
                Change::Many(Vec::new())
            } else {
                Change::One(None)
            });
        }
        if values.iter().any(String::is_empty) {
            return Err(Error::usage(format!(
                "an empty value for {name} only alone (it removes the setting)"
            )));
        }
        if list {
            let items: Vec<String> = match key {
                ProfileKey::Scopes => values
                    .iter()
                    .flat_map(|v| v.split_whitespace())
                    .map(str::to_string)
                    .collect(),
                _ => values.to_vec(),
            };
            match key {
                ProfileKey::Params => check_extra_params(&parse_pairs("params", &items)?)?,
                ProfileKey::TokenParams => {
                    check_token_params(&parse_pairs("token_params", &items)?)?
                }
                ProfileKey::Resources => {
                    for item in &items {
                        ResourceIndicator::parse(item).map_err(Error::usage)?;
                    }
                }
                _ => {}
            }
            return Ok(Change::Many(items));
        }
        let [value] = values else {
            return Err(Error::usage(format!("{name} takes one value")));
        };
        let url = |what: &'static str| {
            provider::parse(what, value)
                .map(|_| ())
                .map_err(|e| Error::usage(e.to_string()))
        };
        match key {
            ProfileKey::Issuer => url("issuer")?,
            ProfileKey::AuthorizeUrl => url("authorize endpoint")?,
            ProfileKey::TokenUrl => url("token endpoint")?,
            ProfileKey::UserinfoUrl => url("userinfo endpoint")?,
            ProfileKey::RevocationUrl => url("revocation endpoint")?,
            ProfileKey::IntrospectionUrl => url("introspection endpoint")?,
            ProfileKey::JwksUri => url("jwks_uri")?,
            ProfileKey::DeviceAuthorizationUrl => url("device authorization endpoint")?,
            ProfileKey::ParUrl => url("pushed authorization request endpoint")?,
            ProfileKey::RedirectUri => {
                RedirectUri::parse(value).map_err(|e| Error::usage(format!("redirect_uri {e}")))?;
            }
            ProfileKey::AuthMethod => {
                AuthMethodArg::from_str(value, false).map_err(|_| invalid(&name, value, key))?;
            }
            ProfileKey::Pkce => {
                PkceArg::from_str(value, false).map_err(|_| invalid(&name, value, key))?;
            }
            ProfileKey::Browser => {
                let words = shell_words::split(value)
                    .map_err(|e| Error::usage(format!("browser {value:?}: {e}")))?;
                if words.is_empty() {
                    return Err(Error::usage("browser: no program named"));
                }
            }
            ProfileKey::ClientId | ProfileKey::ClientKeyId => {}
            ProfileKey::AssertionAudience => url("assertion audience")?,
            ProfileKey::AuthorizationDetails => {
                AuthorizationDetails::parse(value).map_err(Error::usage)?;
            }
            // Saved absolute, as login saves it: later commands run from any directory.
            ProfileKey::CaCert | ProfileKey::ClientCert | ProfileKey::ClientCertKey => {
                let path = std::fs::canonicalize(value)
                    .map_err(|e| Error::usage(format!("{name} {value:?}: {e}")))?;
                return Ok(Change::One(Some(path.to_string_lossy().into_owned())));
            }
            ProfileKey::Timeout => match value.parse::<u64>() {
                Ok(secs) if (1..=crate::cli::MAX_TIMEOUT_SECS).contains(&secs) => {}
                _ => {
                    return Err(Error::usage(format!(
                        "timeout {value:?}: seconds from 1 to {}",
                        crate::cli::MAX_TIMEOUT_SECS
                    )));
                }
            },
            // Only `true` is ever written: absent means off.
            ProfileKey::Insecure
            | ProfileKey::Par
            | ProfileKey::RequestObject
            | ProfileKey::Jarm
            | ProfileKey::Dpop => match value.as_str() {
                "false" => return Ok(Change::One(None)),
                "true" => {}
                _ => return Err(Error::usage(format!("{name} takes true or false"))),
            },
            ProfileKey::Scopes
            | ProfileKey::Params
            | ProfileKey::TokenParams
            | ProfileKey::Resources => unreachable!(),
        }
        Ok(Change::One(Some(value.clone())))
    }

    fn is_removal(&self) -> bool {
        matches!(self, Change::One(None)) || matches!(self, Change::Many(v) if v.is_empty())
    }

    fn apply(&self, key: ProfileKey, p: &mut Profile) {
        let e = &mut p.endpoints;
        match self {
            Change::Many(items) => match key {
                ProfileKey::Scopes => p.scopes = items.clone(),
                ProfileKey::Params => p.params = items.clone(),
                ProfileKey::Resources => p.resources = items.clone(),
                _ => p.token_params = items.clone(),
            },
            Change::One(v) => {
                let v = v.clone();
                match key {
                    ProfileKey::Issuer => e.issuer = v,
                    ProfileKey::AuthorizeUrl => e.authorize_url = v,
                    ProfileKey::TokenUrl => e.token_url = v,
                    ProfileKey::UserinfoUrl => e.userinfo_url = v,
                    ProfileKey::RevocationUrl => e.revocation_url = v,
                    ProfileKey::IntrospectionUrl => e.introspection_url = v,
                    ProfileKey::JwksUri => e.jwks_uri = v,
                    ProfileKey::DeviceAuthorizationUrl => e.device_authorization_url = v,
                    ProfileKey::ParUrl => e.par_url = v,
                    ProfileKey::ClientId => p.client_id = v,
                    ProfileKey::ClientKeyId => p.client_key_id = v,
                    ProfileKey::AssertionAudience => p.assertion_audience = v,
                    ProfileKey::AuthorizationDetails => p.authorization_details = v,
                    ProfileKey::RedirectUri => p.redirect_uri = v,
                    ProfileKey::Browser => p.browser = v,
                    ProfileKey::CaCert => p.ca_cert = v.map(Into::into),
                    ProfileKey::Timeout => p.timeout = v.and_then(|v| v.parse().ok()),
                    ProfileKey::Insecure => p.insecure = v.map(|_| true),
                    ProfileKey::ClientCert => p.client_cert = v.map(Into::into),
                    ProfileKey::ClientCertKey => p.client_cert_key = v.map(Into::into),
                    ProfileKey::Par => p.par = v.map(|_| true),
                    ProfileKey::RequestObject => p.request_object = v.map(|_| true),
                    ProfileKey::Jarm => p.jarm = v.map(|_| true),
                    ProfileKey::Dpop => p.dpop = v.map(|_| true),
                    // Checked in `parse`: these always convert.
                    ProfileKey::AuthMethod => {
                        p.auth_method = v
                            .and_then(|v| AuthMethodArg::from_str(&v, false).ok())
                            .map(Into::into)
                    }
                    ProfileKey::Pkce => {
                        p.pkce = v
                            .and_then(|v| PkceArg::from_str(&v, false).ok())
                            .map(Into::into)
                    }
                    ProfileKey::Scopes
                    | ProfileKey::Params
                    | ProfileKey::TokenParams
                    | ProfileKey::Resources => {}
                }
            }
        }
    }
}

fn invalid(name: &str, value: &str, key: ProfileKey) -> Error {
    let allowed: Vec<String> = match key {
        ProfileKey::AuthMethod => AuthMethodArg::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|v| v.get_name().to_string())
            .collect(),
        _ => PkceArg::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|v| v.get_name().to_string())
            .collect(),
    };
    Error::usage(format!(
        "{value:?} is not a valid {name}: use one of {}",
        allowed.join(", ")
    ))
}

fn rm(ctx: &Ctx, name: &str) -> Result<()> {
    let saved = ctx.deps.config.profile(name)?;
    // A name that could not have been created by oauthctl (hand-edited) never becomes a file path or a
    // keyring account: its config entry is deleted, and there are no tokens to look for.
    let outcome = match check_profile_name(name) {
        Ok(()) => Some(super::logout::revoke_and_delete(ctx, name, saved.as_ref())?),
        Err(_) if saved.is_some() => None,
        Err(e) => return Err(e),
    };
    let (tokens_deleted, revoked) = outcome.map_or((false, false), |o| (o.deleted, o.revoked));
    if saved.is_none() && !tokens_deleted {
        return Err(no_such_profile(name));
    }
    // Tokens first: a failure there keeps the entry, so the same command can be run again.
    ctx.deps.config.update(&mut |config| {
        config.profiles.remove(name);
    })?;
    let what = match (tokens_deleted, revoked) {
        (true, true) => "; its tokens were revoked and deleted",
        (true, false) => "; its tokens were deleted",
        (false, _) => "",
    };
    ctx.out.success(&format!(
        "deleted profile {}{what}",
        escape_unsafe(&format!("{name:?}"))
    ));
    let doc = ProfileRemoved {
        deleted: true,
        profile: name,
        revoked,
        tokens_deleted,
    };
    ctx.out.data(&doc, None);
    Ok(())
}

#[cfg(test)]
mod tests;
