//! Profiles: the non-secret settings `login` saves so that later commands need no flags, kept in a TOML
//! file, plus the paths oauthctl uses. Precedence is flag > environment > profile > default.

use crate::adapters::store::StoreKind;
use crate::adapters::store::file::write_atomically;
use crate::error::{Error, Result};
use crate::oauth::discovery::Endpoints;
use crate::oauth::types::{AuthMethod, PkceMethod};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ConfigFile {
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One provider + client pairing. Never holds a secret: the client secret lives in the token store.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Issuer and explicit endpoints as given at login (discovery results are not saved here: they are
    /// looked up again at the next login, and the token store keeps the ones a session uses).
    #[serde(flatten)]
    pub endpoints: Endpoints,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_method: Option<AuthMethod>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    /// Extra authorize parameters as `KEY=VALUE`, exactly as given to `--param`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub token_params: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pkce: Option<PkceMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
    /// Where the last login put the tokens, so `--store auto` reads them without probing the keyring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<StoreKind>,
}

/// The files oauthctl reads and writes.
#[derive(Clone, Debug)]
pub struct Paths {
    pub config: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    pub fn resolve(config_flag: Option<&Path>) -> Result<Paths> {
        let base = directories::BaseDirs::new();
        let config = match config_flag {
            Some(p) => p.to_path_buf(),
            None => base
                .as_ref()
                .map(|b| b.config_dir().join("oauthctl").join("config.toml"))
                .ok_or_else(no_home)?,
        };
        let data_dir = match std::env::var_os("OAUTHCTL_DATA_DIR").filter(|v| !v.is_empty()) {
            Some(dir) => PathBuf::from(dir),
            None => base
                .as_ref()
                .map(|b| b.data_dir().join("oauthctl"))
                .ok_or_else(no_home)?,
        };
        Ok(Paths { config, data_dir })
    }
}

fn no_home() -> Error {
    Error::usage("cannot find a home directory for the default paths")
        .with_hint("set HOME, or OAUTHCTL_CONFIG and OAUTHCTL_DATA_DIR")
}

/// Profile names become file names and keyring accounts: keep them to a safe alphabet.
pub fn check_profile_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "profile name {name:?} is not allowed: use letters, digits, '-', '_' and '.'"
        )))
    }
}

impl ConfigFile {
    /// A missing file is an empty configuration; a broken one is a usage error that names the file.
    pub fn load(path: &Path) -> Result<ConfigFile> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|e| {
                Error::usage(format!(
                    "{} is not a valid oauthctl config: {}",
                    path.display(),
                    e.message()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ConfigFile::default()),
            Err(e) => Err(Error::other(format!("cannot read {}: {e}", path.display()))),
        }
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let text = toml::to_string_pretty(self)
            .map_err(|e| Error::other(format!("cannot encode the config: {e}")))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::other(format!("cannot create {}: {e}", dir.display())))?;
        }
        let header = "# oauthctl profiles: written by `oauthctl login`; secrets are kept in the token store, never here.\n";
        write_atomically(path, format!("{header}{text}").as_bytes())
    }
}

/// Splits `KEY=VALUE` arguments of `--param` and `--token-param`.
pub fn parse_pairs(flag: &str, items: &[String]) -> Result<Vec<(String, String)>> {
    items
        .iter()
        .map(|item| match item.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => Err(Error::usage(format!(
                "{flag} {item:?} must look like KEY=VALUE"
            ))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_round_trips_through_toml() {
        let mut cfg = ConfigFile::default();
        cfg.profiles.insert(
            "work".into(),
            Profile {
                endpoints: Endpoints {
                    issuer: Some("https://idp.test".into()),
                    ..Default::default()
                },
                client_id: Some("cid".into()),
                auth_method: Some(AuthMethod::ClientSecretPost),
                scopes: vec!["openid".into()],
                params: vec!["prompt=consent".into()],
                pkce: Some(PkceMethod::S256),
                store: Some(StoreKind::File),
                ..Default::default()
            },
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/config.toml");
        cfg.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("auth_method = \"client_secret_post\""),
            "{text}"
        );
        assert!(text.contains("pkce = \"S256\""), "{text}");
        let back = ConfigFile::load(&path).unwrap();
        assert_eq!(back.profiles["work"], cfg.profiles["work"]);
    }

    #[test]
    fn profile_names_are_restricted() {
        assert!(check_profile_name("work-1.a_b").is_ok());
        for bad in ["", "../x", ".hidden", "a/b", "a b"] {
            assert!(check_profile_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pairs_need_an_equals_sign() {
        assert_eq!(
            parse_pairs("--param", &["a=b=c".into()]).unwrap(),
            vec![("a".to_string(), "b=c".to_string())]
        );
        assert!(parse_pairs("--param", &["novalue".into()]).is_err());
    }
}
