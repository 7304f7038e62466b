//! The end-to-end harness: starts the real test providers (oidc-provider, and the fault-injecting fake) on
//! 127.0.0.1, runs the real `oauthctl` binary in an isolated config/data directory, and reads what the
//! providers saw. A missing dependency is a test failure with a fix in the message, never a skip.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn provider_dir() -> PathBuf {
    let dir = repo().join("tests/provider");
    assert!(
        dir.join("node_modules/oidc-provider").is_dir(),
        "tests/provider/node_modules is missing: run the test suite with scripts/test (or `npm ci` in tests/provider)"
    );
    dir
}

/// The scripted browser, as a `--browser` command line.
pub fn browser_cmd() -> String {
    let script = provider_dir().join("browser.mjs");
    format!("node '{}'", script.display())
}

/// A provider process; killed when dropped (and it exits by itself when its stdin closes).
pub struct Provider {
    child: Child,
    _stdin: ChildStdin,
    /// The issuer (oidc-provider) or base URL (fake).
    pub base: String,
    log: Option<tempfile::NamedTempFile>,
}

impl Provider {
    fn start(
        script: &str,
        envs: &[(&str, String)],
        key: &str,
        log: Option<tempfile::NamedTempFile>,
    ) -> Provider {
        // Rarely (seen twice in some hundreds of starts, on a loaded 2-core machine), node listens but its
        // main thread stalls before it prints the ready line, and a read without a deadline would hang the
        // whole suite. Such a start is killed and tried again, at most twice; a provider that prints a
        // bad line still fails at once.
        let mut attempts = 0;
        let (mut child, line) = loop {
            attempts += 1;
            let mut cmd = Command::new("node");
            cmd.arg(provider_dir().join(script))
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null());
            for (k, v) in envs {
                cmd.env(k, v);
            }
            if let Some(log) = &log {
                cmd.env("LOG_FILE", log.path());
            }
            let mut child = cmd
                .spawn()
                .expect("node must be installed to run the test providers");
            let stdout = child.stdout.take().unwrap();
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut line = String::new();
                let _ = BufReader::new(stdout).read_line(&mut line);
                let _ = tx.send(line);
            });
            match rx.recv_timeout(std::time::Duration::from_secs(20)) {
                Ok(line) => break (child, line),
                Err(_) if attempts < 3 => {
                    eprintln!("{script} printed nothing in 20 s; starting it again");
                    let _ = child.kill();
                    let _ = child.wait();
                }
                Err(_) => panic!("{script} did not start in 3 attempts of 20 s"),
            }
        };
        let stdin = child.stdin.take().unwrap();
        let v: Value = serde_json::from_str(&line)
            .unwrap_or_else(|_| panic!("{script} did not start (stdout: {line:?})"));
        let base = v[key].as_str().unwrap().to_string();
        Provider {
            child,
            _stdin: stdin,
            base,
            log,
        }
    }

    /// The real oidc-provider with `ACCESS_TOKEN_TTL` seconds of access token life.
    pub fn oidc(access_ttl: u64) -> Provider {
        Self::oidc_with(access_ttl, &[])
    }

    /// [`Provider::oidc`] with more of `oidc.mjs`'s variables (`KEEP_ALIVE_MS`).
    pub fn oidc_with(access_ttl: u64, more: &[(&str, String)]) -> Provider {
        let log = tempfile::NamedTempFile::new().unwrap();
        let outage = Self::jwks_outage_file(log.path());
        let mut envs = vec![
            ("ACCESS_TOKEN_TTL", access_ttl.to_string()),
            ("JWKS_OUTAGE_FILE", outage.display().to_string()),
        ];
        envs.extend(more.iter().cloned());
        Self::start("oidc.mjs", &envs, "issuer", Some(log))
    }

    /// The switch file of oidc-provider's JWKS outage: beside its log, so it needs no directory of its own.
    fn jwks_outage_file(log: &Path) -> PathBuf {
        log.with_extension("jwks-down")
    }

    /// Makes oidc-provider's `/jwks` answer 503 (`true`) or serve its keys again (`false`).
    pub fn set_jwks_outage(&self, down: bool) {
        let file = Self::jwks_outage_file(self.log.as_ref().unwrap().path());
        if down {
            std::fs::write(&file, "").unwrap();
        } else {
            let _ = std::fs::remove_file(&file);
        }
    }

    /// The fake provider with a `FAKE_CONFIG`.
    pub fn fake(config: Value) -> Provider {
        Self::start(
            "fake.mjs",
            &[("FAKE_CONFIG", config.to_string())],
            "base",
            None,
        )
    }

    /// The fake provider served over TLS with the given PEM certificate and key.
    pub fn fake_tls(config: Value, cert: &Path, key: &Path) -> Provider {
        let envs = [
            ("FAKE_CONFIG", config.to_string()),
            ("FAKE_TLS_CERT", cert.display().to_string()),
            ("FAKE_TLS_KEY", key.display().to_string()),
        ];
        Self::start("fake.mjs", &envs, "base", None)
    }

    /// What oidc-provider logged: one JSON object per request.
    pub fn oidc_log(&self) -> Vec<Value> {
        let mut text = String::new();
        std::fs::File::open(self.log.as_ref().unwrap().path())
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// How many refresh_token grants the provider has answered.
    pub fn refresh_count(&self) -> usize {
        self.oidc_log()
            .iter()
            .filter(|l| l["grant_type"] == "refresh_token")
            .count()
    }

    /// Every request the fake provider received.
    pub fn fake_log(&self) -> Vec<Value> {
        let body = http_get(&format!("{}/_log", self.base));
        serde_json::from_str::<Value>(&body)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if self.log.is_some() {
            self.set_jwks_outage(false);
        }
    }
}

/// A tiny HTTP/1.0 GET for reading the fake's log, to keep an HTTP client out of the test dependencies.
fn http_get(url: &str) -> String {
    let Some(rest) = url.strip_prefix("http://") else {
        panic!("the request log of a TLS fake is not readable from the tests");
    };
    let (host, path) = rest.split_once('/').unwrap();
    let mut s = TcpStream::connect(host).unwrap();
    write!(s, "GET /{path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    resp.split_once("\r\n\r\n").unwrap().1.to_string()
}

/// The result of one oauthctl run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}): {self:?}"))
    }

    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "oauthctl failed: {self:?}");
        self
    }

    /// Asserts the exit code and that stderr is the contract's one `error:` line (plus an optional hint).
    #[track_caller]
    pub fn fails(self, code: i32, message_part: &str) -> Run {
        assert_eq!(self.code, code, "wrong exit code: {self:?}");
        let error_lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect();
        assert_eq!(error_lines.len(), 1, "expected one error line: {self:?}");
        assert!(
            error_lines[0].contains(message_part),
            "error line lacks {message_part:?}: {self:?}"
        );
        self
    }
}

/// An isolated user: own config file and data dir, no inherited oauthctl settings.
pub struct User {
    pub dir: tempfile::TempDir,
}

impl User {
    pub fn new() -> User {
        User {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_oauthctl"));
        for (k, _) in std::env::vars() {
            if k.starts_with("OAUTHCTL_") && k != "OAUTHCTL_TEST_KEYRING"
                || k.starts_with("BROWSER")
            {
                cmd.env_remove(k);
            }
        }
        cmd.env("OAUTHCTL_CONFIG", self.config_path())
            .env("OAUTHCTL_DATA_DIR", self.data_dir())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        cmd
    }

    pub fn run_with(&self, args: &[&str], envs: &[(&str, &str)]) -> Run {
        let mut cmd = self.command();
        cmd.args(args);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// Nothing stored for any profile: no token file in the data dir and no profile in the config.
    #[track_caller]
    pub fn assert_nothing_stored(&self) {
        let files: Vec<_> = std::fs::read_dir(self.data_dir())
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(
            files
                .iter()
                .all(|f| !f.to_string_lossy().ends_with(".json")),
            "tokens were stored: {files:?}"
        );
        assert!(!self.config_path().exists(), "a profile was saved");
    }

    /// The raw stored token set (file store), for assertions on what was kept.
    pub fn stored(&self, profile: &str) -> Value {
        let text =
            std::fs::read_to_string(self.data_dir().join(format!("{profile}.json"))).unwrap();
        serde_json::from_str(&text).unwrap()
    }
}

/// `login` arguments for oidc-provider's three clients, with a refresh token (offline_access + consent).
pub fn oidc_login_args(p: &Provider, client: &str) -> Vec<String> {
    let mut args = owned(&[
        "--store",
        "file",
        "login",
        "--issuer",
        &p.base,
        "--client-id",
        client,
        "--scope",
        "openid email profile offline_access",
        "--param",
        "prompt=consent",
        "--browser",
        &browser_cmd(),
        "--login-timeout",
        "30",
    ]);
    if client == "post-client" {
        args.extend(["--auth-method".into(), "client_secret_post".into()]);
    }
    args
}

pub const BASIC_SECRET: &str = "b4sic:s3cret%+";
pub const POST_SECRET: &str = "p0st-s3cret";

pub fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Owned arguments, for building a command line in steps.
pub fn owned(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// `login` arguments for the fake provider: discovery through `--issuer` (with the `openid` scope), or
/// bare authorize/token/userinfo endpoints as for a provider without discovery. `extra` is appended.
pub fn fake_login_args(p: &Provider, discovery: bool, extra: &[&str]) -> Vec<String> {
    let mut args = owned(&[
        "--store",
        "file",
        "login",
        "--client-id",
        "fake-client",
        "--browser",
        &browser_cmd(),
    ]);
    if discovery {
        args.extend(owned(&["--issuer", &p.base, "--scope", "openid"]));
    } else {
        for (flag, path) in [
            ("--authorize-url", "authorize"),
            ("--token-url", "token"),
            ("--userinfo-url", "userinfo"),
        ] {
            args.extend([flag.to_string(), format!("{}/{path}", p.base)]);
        }
    }
    args.extend(owned(extra));
    args
}
