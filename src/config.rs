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
    /// `--client-key-id`: the key of a set that signs (the key itself is in the token store).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key_id: Option<String>,
    /// `--assertion-audience`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assertion_audience: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    /// Extra authorize parameters as `KEY=VALUE`, exactly as given to `--param`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub token_params: Vec<String>,
    /// `--resource` indicators (RFC 8707), as given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
    /// `--authorization-details` (RFC 9396), as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pkce: Option<PkceMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
    /// Where the last login put the tokens, so `--store auto` reads them without probing the keyring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<StoreKind>,
    /// `--ca-cert` of the login, made absolute: a refresh from another directory must find it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert: Option<PathBuf>,
    /// `--timeout` of the login, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u64>,
    /// `--insecure` of the login; only `true` is ever written (absent means verify).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure: Option<bool>,
    /// `--client-credentials` of the login, so a later login repeats the grant; only `true` is written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_credentials: Option<bool>,
    /// `--par` of the login (RFC 9126); only `true` is written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub par: Option<bool>,
    /// `--request-object` of the login (JAR, RFC 9101); only `true` is written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_object: Option<bool>,
    /// `--jarm` of the login (signed authorization responses); only `true` is written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jarm: Option<bool>,
    /// `--dpop` of the login (RFC 9449); only `true` is written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop: Option<bool>,
    /// `--client-cert` of the login (RFC 8705 mTLS), made absolute. A path, never key material.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_cert: Option<PathBuf>,
    /// `--client-cert-key` of the login, made absolute; absent means the certificate file holds the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_cert_key: Option<PathBuf>,
}

/// Seconds per HTTP request when neither a flag, the environment nor the profile says.
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;

/// What every HTTP request of a run goes out with: flag > environment (clap has already put the
/// environment's value in the option) > the profile's saved value > default.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpSettings {
    pub timeout_secs: u64,
    pub ca_cert: Option<PathBuf>,
    pub insecure: bool,
    /// The TLS client certificate presented on every https request (RFC 8705), from the profile.
    pub client_identity: Option<ClientIdentity>,
}

/// Where a TLS client certificate and its private key are (PEM files; they may be one file).
#[derive(Clone, Debug, PartialEq)]
pub struct ClientIdentity {
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl ClientIdentity {
    /// The profile's `client_cert`, with its key (the certificate file itself when no key file is named).
    pub fn of(profile: &Profile) -> Option<ClientIdentity> {
        let cert = profile.client_cert.clone()?;
        let key = profile
            .client_cert_key
            .clone()
            .unwrap_or_else(|| cert.clone());
        Some(ClientIdentity { cert, key })
    }
}

impl HttpSettings {
    pub fn resolve(global: &crate::cli::GlobalArgs, profile: Option<&Profile>) -> HttpSettings {
        HttpSettings {
            timeout_secs: global
                .timeout
                .or(profile.and_then(|p| p.timeout))
                .unwrap_or(DEFAULT_TIMEOUT_SECS),
            ca_cert: global
                .ca_cert
                .clone()
                .or_else(|| profile.and_then(|p| p.ca_cert.clone())),
            insecure: global
                .insecure
                .or(profile.and_then(|p| p.insecure))
                .unwrap_or(false),
            client_identity: profile.and_then(ClientIdentity::of),
        }
    }
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

/// The config file's text; `None` when there is no file (an empty configuration).
fn read_config(path: &Path) -> Result<Option<String>> {
    use std::io::Read;
    let cannot_read =
        |e: std::io::Error| Error::other(format!("cannot read {}: {e}", path.display()));
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot_read(e)),
    };
    check_not_world_writable(&file, path)?;
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(cannot_read)?;
    Ok(Some(text))
}

/// The config names the browser command oauthctl runs and the endpoints it sends secrets to: a file
/// anyone may write is refused rather than trusted.
fn check_not_world_writable(file: &std::fs::File, path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = file
        .metadata()
        .map_err(|e| Error::other(format!("cannot inspect {}: {e}", path.display())))?
        .permissions()
        .mode();
    if mode & 0o002 != 0 {
        return Err(Error::usage(format!(
            "{} is writable by every user; refusing to use it (it names the browser command and the endpoints oauthctl trusts)",
            path.display()
        ))
        .with_hint(format!("chmod o-w {}", path.display())));
    }
    Ok(())
}

fn parse_config(path: &Path, text: &str) -> Result<ConfigFile> {
    toml::from_str(text).map_err(|e| {
        Error::usage(format!(
            "{} is not a valid oauthctl config: {}",
            path.display(),
            e.message()
        ))
    })
}

impl ConfigFile {
    /// A missing file is an empty configuration; a broken one is a usage error that names the file.
    pub fn load(path: &Path) -> Result<ConfigFile> {
        match read_config(path)? {
            Some(text) => parse_config(path, &text),
            None => Ok(ConfigFile::default()),
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

/// One profile of the config file, for the commands that need only theirs (`token`, `userinfo`,
/// `logout`): parsing every profile made them slower with each profile a user added (~10 µs each). The
/// profile's own `[profiles.NAME]` table is found by a scan of the file's lines and only that table is
/// parsed; whenever the file has a shape the scan cannot be sure about, the whole file is parsed as
/// [`ConfigFile::load`] does, so the answer is always the full parser's. A missing file or profile is
/// `None`.
///
/// Unlike [`ConfigFile::load`], a mistake in *another* profile's table is not reported here: that table
/// is never parsed (`status` and `login`, which read the whole file, still report it).
pub fn load_profile(path: &Path, name: &str) -> Result<Option<Profile>> {
    let cannot_read =
        |e: std::io::Error| Error::other(format!("cannot read {}: {e}", path.display()));
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot_read(e)),
    };
    check_not_world_writable(&file, path)?;
    match scan_profile(file, name, SCAN_CHUNK).map_err(cannot_read)? {
        Scan::Missing => return Ok(None),
        // A table that does not parse on its own falls through to the full parse, whose error names the
        // file (with the file's own line numbers rather than the snippet's).
        Scan::Found(table) => {
            if let Ok(profile) = toml::from_str::<Profile>(&table) {
                return Ok(Some(profile));
            }
        }
        Scan::Unsure => {}
    }
    match read_config(path)? {
        Some(text) => Ok(parse_config(path, &text)?.profiles.remove(name)),
        None => Ok(None),
    }
}

/// The scan reads the file through one buffer of this size rather than into one string as large as the
/// file: with 10,000 profiles (1.7 MB) the fresh pages of such a string cost more than the scan itself.
const SCAN_CHUNK: usize = 64 * 1024;

/// What a line scan of the config file found out about one profile.
#[derive(Debug, PartialEq)]
enum Scan {
    /// The body of the profile's only table (the lines after its header, up to the next header).
    Found(String),
    /// No table and no other way the profile could be defined.
    Missing,
    /// Something the scan cannot judge without a real TOML parser.
    Unsure,
}

/// Finds `[profiles.NAME]` (bare, `"quoted"` or `'literal'` keys, whitespace around the dots, a trailing
/// comment) by looking at lines alone. That is sound only while every line starting with `[` is a table
/// header and each header's meaning is clear, so anything else is [`Scan::Unsure`]:
/// - `"""` / `'''` anywhere: a multi-line string could hold a line that looks like a header;
/// - a key/value line before the first header: `profiles = {…}` or `profiles.NAME.x = …` could define it;
/// - `[profiles]` (its dotted keys or inline tables could define it), arrays of tables (`[[…]]`), a
///   sub-table of the profile, the profile's header twice (the full parser's error must be reported), and
///   any `[` line that is not a header this scan can read (escapes in quoted keys, a value line of a
///   multi-line array, a broken header);
/// - a table body that is not UTF-8 (the full read reports it).
///
/// Other tables' bodies need no look: their keys are relative to their own table. The file goes through
/// a buffer of `chunk` bytes (grown only for a longer line), whole lines at a time.
fn scan_profile(mut file: impl std::io::Read, name: &str, chunk: usize) -> std::io::Result<Scan> {
    let mut scanner = Scanner {
        name,
        seen_header: false,
        in_table: false,
        found: false,
        table: Vec::new(),
    };
    let mut buf = vec![0u8; chunk.max(1)];
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
        let n = match file.read(&mut buf[filled..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            // The last line, without its newline.
            if !scanner.lines(&buf[..filled]) {
                return Ok(Scan::Unsure);
            }
            break;
        }
        filled += n;
        let Some(last) = memchr::memrchr(b'\n', &buf[..filled]) else {
            continue;
        };
        if !scanner.lines(&buf[..=last]) {
            return Ok(Scan::Unsure);
        }
        buf.copy_within(last + 1..filled, 0);
        filled -= last + 1;
    }
    Ok(match (scanner.found, String::from_utf8(scanner.table)) {
        (false, _) => Scan::Missing,
        (true, Ok(table)) => Scan::Found(table),
        (true, Err(_)) => Scan::Unsure,
    })
}

/// The state of [`scan_profile`] between buffers.
struct Scanner<'n> {
    name: &'n str,
    seen_header: bool,
    /// The lines being read belong to the profile's table.
    in_table: bool,
    found: bool,
    table: Vec<u8>,
}

impl Scanner<'_> {
    /// Takes in whole lines (`region` starts at a line start and ends after a newline or at the end of
    /// the file); false when the file is beyond the scan.
    fn lines(&mut self, region: &[u8]) -> bool {
        let blank_or_comment = |line: &[u8]| match line.iter().find(|b| !b" \t\r\n".contains(b)) {
            None | Some(b'#') => true,
            Some(_) => false,
        };
        if memchr::memmem::find(region, b"\"\"\"").is_some()
            || memchr::memmem::find(region, b"'''").is_some()
        {
            return false;
        }
        let mut pos = 0;
        while !self.seen_header && pos < region.len() {
            let end = memchr::memchr(b'\n', &region[pos..]).map_or(region.len(), |e| pos + e + 1);
            let line = &region[pos..end];
            if line.iter().find(|b| !b" \t".contains(b)) == Some(&b'[') {
                break;
            }
            if !blank_or_comment(line) {
                return false;
            }
            pos = end;
        }
        // Only '[' bytes can start a header; most of them do not start a line (`scopes = [`).
        let mut table_from = pos;
        let mut skip_to = pos;
        for at in memchr::memchr_iter(b'[', &region[pos..]).map(|i| pos + i) {
            if at < skip_to {
                continue;
            }
            let mut start = at;
            while start > 0 && matches!(region[start - 1], b' ' | b'\t') {
                start -= 1;
            }
            if start > 0 && region[start - 1] != b'\n' {
                continue;
            }
            let end = memchr::memchr(b'\n', &region[at..]).map_or(region.len(), |e| at + e + 1);
            skip_to = end;
            let Some(header) = simple_profile_header(&region[at..end]).or_else(|| {
                std::str::from_utf8(&region[at..end])
                    .ok()
                    .and_then(|line| parse_header(line.trim_end_matches(['\n', '\r'])))
            }) else {
                return false;
            };
            self.seen_header = true;
            if self.in_table {
                self.table.extend_from_slice(&region[table_from..start]);
                self.in_table = false;
            }
            if header.first == "profiles" {
                match header.second {
                    None => return false,
                    Some(second) if second == self.name => {
                        if header.deeper || self.found {
                            return false;
                        }
                        self.found = true;
                        self.in_table = true;
                        table_from = end;
                    }
                    Some(_) => {}
                }
            }
        }
        if self.in_table {
            self.table.extend_from_slice(&region[table_from..]);
        }
        true
    }
}

/// The header `login` writes, `[profiles.NAME]` with a bare key and nothing else on the line, read without
/// the general parser: a config of thousands of profiles is thousands of these, and `token print` must
/// not slow down with them. Anything else is left to [`parse_header`].
fn simple_profile_header(line: &[u8]) -> Option<Header<'_>> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let key = line.strip_prefix(b"[profiles.")?.strip_suffix(b"]")?;
    let bare = !key.is_empty()
        && key
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-');
    bare.then(|| Header {
        first: "profiles",
        second: std::str::from_utf8(key).ok(),
        deeper: false,
    })
}

/// The parts of a table header [`scan_profile`] needs.
#[derive(Debug, PartialEq)]
struct Header<'a> {
    first: &'a str,
    second: Option<&'a str>,
    /// More than two keys (`[profiles.NAME.sub]`).
    deeper: bool,
}

/// Reads `[key.key…]` followed by nothing or a comment; `None` for anything else, including `[[…]]` and
/// quoted keys with escapes (which could spell any name).
fn parse_header(line: &str) -> Option<Header<'_>> {
    let mut rest = line.strip_prefix('[')?;
    if rest.starts_with('[') {
        return None;
    }
    let mut header = Header {
        first: "",
        second: None,
        deeper: false,
    };
    for index in 0.. {
        rest = rest.trim_start_matches([' ', '\t']);
        let (key, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find(['"', '\\'])?;
            if quoted.as_bytes()[end] != b'"' {
                return None;
            }
            (&quoted[..end], &quoted[end + 1..])
        } else if let Some(quoted) = rest.strip_prefix('\'') {
            let end = quoted.find('\'')?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            if end == 0 {
                return None;
            }
            (&rest[..end], &rest[end..])
        };
        match index {
            0 => header.first = key,
            1 => header.second = Some(key),
            _ => header.deeper = true,
        }
        rest = after.trim_start_matches([' ', '\t']);
        if let Some(next) = rest.strip_prefix('.') {
            rest = next;
            continue;
        }
        let tail = rest.strip_prefix(']')?.trim_start_matches([' ', '\t']);
        return (tail.is_empty() || tail.starts_with('#')).then_some(header);
    }
    None
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
    fn simple_headers_read_like_the_general_parser() {
        for line in ["[profiles.work]\n", "[profiles.a-b_9]\r\n", "[profiles.x]"] {
            let fast = simple_profile_header(line.as_bytes()).expect(line);
            let slow = parse_header(line.trim_end_matches(['\n', '\r'])).unwrap();
            assert_eq!(fast, slow, "{line}");
        }
        for other in [
            "[profiles.\"a.b\"]\n",
            "[profiles.work.sub]\n",
            "[profiles.work] # c\n",
            "[ profiles.work ]\n",
            "[profiles.]\n",
            "[[profiles.work]]\n",
            "[other.work]\n",
        ] {
            assert_eq!(simple_profile_header(other.as_bytes()), None, "{other}");
        }
    }

    #[test]
    fn a_world_writable_config_is_refused_by_both_readers() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[profiles.default]\nclient_id = \"c\"\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o646)).unwrap();
        assert_eq!(
            ConfigFile::load(&path).unwrap_err().kind,
            crate::error::Kind::Usage
        );
        let err = load_profile(&path, "default").unwrap_err();
        assert!(
            err.message.contains("writable by every user"),
            "{}",
            err.message
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
        assert!(load_profile(&path, "default").unwrap().is_some());
        assert_eq!(ConfigFile::load(&path).unwrap().profiles.len(), 1);
    }
    use crate::error::Kind;

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

    /// Writes `text` as a config file and returns the fast answer and the full parser's for `name`.
    fn both(text: &str, name: &str) -> (Result<Option<Profile>>, Result<Option<Profile>>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        let fast = load_profile(&path, name);
        let full = ConfigFile::load(&path).map(|mut c| c.profiles.remove(name));
        (fast, full)
    }

    /// The fast path and the full parse agree, and the scan itself gave `expect` (so a scan that always
    /// gave up, or never did, would fail here).
    fn agree(text: &str, name: &str, expect: &str) -> Option<Profile> {
        // A tiny buffer too, so that lines and headers straddle the buffer's refills.
        let small = scan_profile(text.as_bytes(), name, 7).unwrap();
        assert_eq!(
            small,
            scan_profile(text.as_bytes(), name, SCAN_CHUNK).unwrap()
        );
        let kind = match small {
            Scan::Found(_) => "found",
            Scan::Missing => "missing",
            Scan::Unsure => "unsure",
        };
        assert_eq!(kind, expect, "scan of {name:?} in:\n{text}");
        let (fast, full) = both(text, name);
        let full = full.unwrap_or_else(|e| panic!("full parse failed: {}\n{text}", e.message));
        let fast = fast.unwrap_or_else(|e| panic!("fast parse failed: {}\n{text}", e.message));
        assert_eq!(fast, full, "profile {name:?} in:\n{text}");
        fast
    }

    fn issuer(p: &Option<Profile>) -> Option<&str> {
        p.as_ref().and_then(|p| p.endpoints.issuer.as_deref())
    }

    #[test]
    fn scan_finds_the_profiles_that_login_writes() {
        let mut cfg = ConfigFile::default();
        for (i, name) in ["work", "a.b", "x-1", "under_score", "default"]
            .iter()
            .enumerate()
        {
            cfg.profiles.insert(
                name.to_string(),
                Profile {
                    endpoints: Endpoints {
                        issuer: Some(format!("https://idp{i}.test")),
                        ..Default::default()
                    },
                    client_id: Some(format!("cid{i}")),
                    scopes: vec!["openid".into(), "offline_access".into()],
                    params: vec!["prompt=consent".into()],
                    store: Some(StoreKind::File),
                    ..Default::default()
                },
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        cfg.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        for (name, profile) in &cfg.profiles {
            let got = agree(&text, name, "found");
            assert_eq!(got.as_ref(), Some(profile));
        }
        assert_eq!(agree(&text, "nope", "missing"), None);
        // "a.b" is only the quoted key: the bare dotted form is a sub-table of "a".
        assert_eq!(agree(&text, "a", "missing"), None);
    }

    #[test]
    fn scan_reads_hand_edited_headers() {
        let text = "# my profiles\n\n\
            [ profiles . \"work\" ]   # the job\n\
            issuer = \"https://work.test\"  # [profiles.home]\n\
            scopes = [\n  \"openid\",\n  \"email\", # not a header\n]\n\
            \n\
            [profiles.'home']\r\n\
            issuer = \"https://home.test\"\r\n\
            \t[other]\n\
            issuer = \"https://other.test\"\n\
            [profiles.\"a.b\"]\n\
            client_id = \"dotted\"\n\
            [profiles.a.c] # another profile's sub-table does not matter\n\
            x = 1\n";
        let work = agree(text, "work", "found");
        assert_eq!(issuer(&work), Some("https://work.test"));
        assert_eq!(work.unwrap().scopes, ["openid", "email"]);
        let home = agree(text, "home", "found");
        assert_eq!(issuer(&home), Some("https://home.test"), "CRLF lines");
        let dotted = agree(text, "a.b", "found");
        assert_eq!(dotted.unwrap().client_id.as_deref(), Some("dotted"));
        assert_eq!(agree(text, "other", "missing"), None);
        // A broken table is reported when it is the one asked for; another profile's is not looked at.
        let broken = format!("{text}[profiles.tail]\nclient_id = {{ not = \"a string\" }}\n");
        let (fast, full) = both(&broken, "work");
        assert!(full.is_err());
        assert_eq!(issuer(&fast.unwrap()), Some("https://work.test"));
        let (fast, _) = both(&broken, "tail");
        let err = fast.unwrap_err();
        assert!(
            err.message.contains("config.toml") && err.message.contains("not a valid"),
            "{}",
            err.message
        );
    }

    #[test]
    fn scan_gives_up_on_shapes_it_cannot_judge() {
        let work = "[profiles.work]\nissuer = \"https://work.test\"\n";
        let cases = [
            // A [profiles] table: dotted keys and inline tables in it define profiles.
            "[profiles]\nwork.issuer = \"https://dotted.test\"\n[profiles.home]\n".to_string(),
            "[profiles]\nwork = { issuer = \"https://inline.test\" }\n".to_string(),
            // Root keys: dotted, inline, quoted.
            "profiles.work.issuer = \"https://dotted.test\"\n".to_string(),
            "profiles = { work = { issuer = \"https://inline.test\" } }\n".to_string(),
            "\"profiles\".work.issuer = \"https://quoted.test\"\n[other]\n".to_string(),
            // Multi-line strings could hide a header line (here they do).
            format!(
                "[x]\ns = \"\"\"\n[profiles.work]\nissuer = \"https://fake.test\"\n\"\"\"\n{work}"
            ),
            format!("[x]\ns = '''\n[profiles.work]\n'''\n{work}"),
            // A sub-table of the profile, arrays of tables, escapes in a key.
            format!("{work}[profiles.work.extra]\nx = 1\n"),
            format!("[[servers]]\nname = \"a\"\n{work}"),
            "[\"prof\\u0069les\".work]\nissuer = \"https://escaped.test\"\n".to_string(),
            // A line starting with '[' that is not a header: a nested array value.
            format!("[x]\nv = [\n  [1, 2],\n]\n{work}"),
        ];
        for text in &cases {
            agree(text, "work", "unsure");
        }
        assert_eq!(
            issuer(&agree(&cases[0], "work", "unsure")),
            Some("https://dotted.test")
        );
        assert_eq!(
            issuer(&agree(&cases[1], "work", "unsure")),
            Some("https://inline.test")
        );
        assert_eq!(
            issuer(&agree(&cases[4], "work", "unsure")),
            Some("https://quoted.test")
        );
        assert_eq!(
            issuer(&agree(&cases[5], "work", "unsure")),
            Some("https://work.test")
        );
        assert_eq!(
            issuer(&agree(&cases[9], "work", "unsure")),
            Some("https://escaped.test")
        );
    }

    #[test]
    fn broken_files_are_usage_errors_that_name_the_file() {
        let cases = [
            // The profile defined twice.
            "[profiles.work]\nissuer = \"a\"\n[profiles.work]\nissuer = \"b\"\n",
            // A broken header, a broken value in the profile, an unclosed array cut by a header.
            "[profiles.work\nissuer = \"a\"\n",
            "[profiles.work]\nissuer = \n",
            "[profiles.work]\nscopes = [\n[profiles.other]\n",
            "[profiles.work]\nauth_method = \"carrier_pigeon\"\n",
        ];
        for text in cases {
            let (fast, full) = both(text, "work");
            let (fast, full) = (fast.unwrap_err(), full.unwrap_err());
            assert_eq!(fast.kind, Kind::Usage, "{text}");
            assert_eq!(fast.message, full.message, "{text}");
            assert!(fast.message.contains("config.toml"), "{}", fast.message);
        }
    }

    #[test]
    fn missing_file_or_profile_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            load_profile(&dir.path().join("absent.toml"), "work").unwrap(),
            None
        );
        assert_eq!(agree("", "work", "missing"), None);
        assert_eq!(agree("# only a comment\n\n", "work", "missing"), None);
        assert_eq!(
            agree("[profiles.home]\nissuer = \"h\"\n", "work", "missing"),
            None
        );
    }

    #[test]
    fn header_reader_is_strict() {
        let h = parse_header("[ profiles . 'a.b' . \"c\" ] # x").unwrap();
        assert_eq!(
            (h.first, h.second, h.deeper),
            ("profiles", Some("a.b"), true)
        );
        for bad in [
            "[]",
            "[profiles.]",
            "[profiles work]",
            "[profiles.work] x = 1",
            "[profiles.\"w\\\"x\"]",
            "[[profiles.work]]",
            "[profiles.work",
            "[\"a\", \"b\"]",
        ] {
            assert_eq!(parse_header(bad), None, "{bad}");
        }
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
