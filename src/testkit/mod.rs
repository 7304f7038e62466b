//! In-process test kit: a [`World`] holds one fake provider and fakes for every port, and runs real
//! command lines (`world.run(&["token", "print"])`) through the real command code, capturing stdout,
//! stderr and the exit code. Tests then ask the fakes what happened (requests sent, tokens stored).

pub mod fakes;
pub mod idp;
pub mod jwt;

use crate::adapters::store::StoreKind;
use crate::adapters::store::lock::FileLocks;
use crate::cli::{Cli, OutputFormat};
use crate::context::Ctx;
use crate::env::Env;
use crate::error::Error;
use crate::oauth::session::Session;
use crate::output::Output;
use crate::ports::Deps;
use fakes::{
    ConsoleScript, CountingLocks, CountingRandom, FakeBrowser, FakeClock, FakeConsole, FakeListen,
    FrontChannel, MemConfig, MemStores,
};
use idp::{FakeIdp, IdpHttp, IdpSettings};
use std::io::Write;
use std::sync::atomic::{AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

pub use idp::{CLIENT_ID, ISSUER};

/// The time every world starts at (2027-01-15).
pub const T0: u64 = 1_800_000_000;

pub struct World {
    pub idp: Arc<FakeIdp>,
    pub clock: Arc<AtomicU64>,
    pub front: Arc<FrontChannel>,
    pub console: Arc<ConsoleScript>,
    pub stores: MemStores,
    pub config: MemConfig,
    pub env: Env,
    pub lock_asked: Arc<AtomicUsize>,
    /// Commands run as on a terminal that takes colour.
    pub color: std::sync::atomic::AtomicBool,
    lock_dir: tempfile::TempDir,
    random: Arc<AtomicU8>,
}

/// The world's shared state the fakes run over; `deps` builds one set of ports on it, and their `fork`
/// builds another set over the same state for another thread (`smoke`'s workers).
#[derive(Clone)]
struct Ports {
    idp: Arc<FakeIdp>,
    clock: Arc<AtomicU64>,
    front: Arc<FrontChannel>,
    console: Arc<ConsoleScript>,
    stores: MemStores,
    config: MemConfig,
    lock_asked: Arc<AtomicUsize>,
    lock_dir: std::path::PathBuf,
    /// The randomness's counter, over every command and thread of the world: a provider that refuses a
    /// value it has seen (an assertion's `jti`) must never see one again by the fake's doing.
    random: Arc<AtomicU8>,
}

impl Ports {
    fn deps(&self) -> Deps {
        let again = self.clone();
        Deps {
            fork: Arc::new(move || again.deps()),
            http: Box::new(IdpHttp(
                self.idp.clone(),
                self.stores.lock_held.clone(),
                Mutex::default(),
            )),
            clock: Box::new(FakeClock(self.clock.clone(), AtomicU64::new(0))),
            random: Box::new(CountingRandom(self.random.clone())),
            browser: Box::new(FakeBrowser(self.front.clone())),
            listen: Box::new(FakeListen {
                front: self.front.clone(),
                idp: self.idp.clone(),
            }),
            stores: Box::new(self.stores.clone()),
            dpop_nonces: Default::default(),
            locks: Box::new(CountingLocks {
                inner: FileLocks::new(self.lock_dir.clone()),
                asked: self.lock_asked.clone(),
                held: self.stores.lock_held.clone(),
            }),
            config: Box::new(self.config.clone()),
            console: Box::new(FakeConsole {
                script: self.console.clone(),
                front: self.front.clone(),
                idp: self.idp.clone(),
            }),
        }
    }
}

/// What one command did.
pub struct Run {
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
    pub error: Option<Error>,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "stderr: {}", self.stderr);
        self
    }

    #[track_caller]
    pub fn fails(&self, code: u8, fragment: &str) -> &Self {
        assert_eq!(self.code, code, "stderr: {}", self.stderr);
        let msg = &self.error.as_ref().expect("an error").message;
        assert!(msg.contains(fragment), "{msg:?} lacks {fragment:?}");
        self
    }
}

#[derive(Clone)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buf {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl World {
    pub fn new() -> World {
        Self::with(|_| {})
    }

    pub fn with(setup: impl FnOnce(&mut IdpSettings)) -> World {
        let mut settings = IdpSettings::default();
        setup(&mut settings);
        let clock = Arc::new(AtomicU64::new(T0));
        let stores = MemStores::default();
        *stores.keyring_ok.lock().unwrap() = true;
        World {
            idp: Arc::new(FakeIdp::new(settings, clock.clone())),
            clock,
            front: Arc::default(),
            console: Arc::default(),
            stores,
            config: MemConfig::default(),
            env: Env::default(),
            lock_asked: Arc::default(),
            color: Default::default(),
            lock_dir: tempfile::tempdir().unwrap(),
            random: Arc::new(AtomicU8::new(1)),
        }
    }

    pub fn settings(&self) -> MutexGuard<'_, IdpSettings> {
        self.idp.settings.lock().unwrap()
    }

    pub fn advance(&self, secs: u64) {
        self.clock.fetch_add(secs, Ordering::SeqCst);
    }

    fn deps(&self) -> Deps {
        Ports {
            idp: self.idp.clone(),
            clock: self.clock.clone(),
            front: self.front.clone(),
            console: self.console.clone(),
            stores: self.stores.clone(),
            config: self.config.clone(),
            lock_asked: self.lock_asked.clone(),
            lock_dir: self.lock_dir.path().to_path_buf(),
            random: self.random.clone(),
        }
        .deps()
    }

    /// Runs `oauthctl ARGS…` in-process.
    pub fn run(&self, args: &[&str]) -> Run {
        let cli = Cli::parse_args(std::iter::once("oauthctl").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("{args:?} does not parse: {e}"));
        let (stdout, stderr) = (Buf(Arc::default()), Buf(Arc::default()));
        let out = Output::with_sinks(
            cli.global.output == OutputFormat::Json,
            self.color.load(Ordering::SeqCst),
            Box::new(stdout.clone()),
            Box::new(stderr.clone()),
        );
        let ctx = Ctx {
            global: cli.global,
            env: self.env.clone(),
            out,
            deps: self.deps(),
        };
        let result = crate::commands::execute(&ctx, &cli.command);
        if let Err(e) = &result {
            ctx.out.report(e);
        }
        Run {
            code: result.as_ref().map_or_else(|e| e.kind.exit_code(), |_| 0),
            stdout: stdout.text(),
            stderr: stderr.text(),
            error: result.err(),
        }
    }

    /// A context for calling a command's functions directly, as `oauthctl ARGS…` would have it; what
    /// it prints is dropped.
    pub fn ctx(&self, args: &[&str]) -> Ctx {
        let cli = Cli::parse_args(std::iter::once("oauthctl").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("{args:?} does not parse: {e}"));
        Ctx {
            out: Output::with_sinks(
                cli.global.output == OutputFormat::Json,
                false,
                Box::new(std::io::sink()),
                Box::new(std::io::sink()),
            ),
            global: cli.global,
            env: self.env.clone(),
            deps: self.deps(),
        }
    }

    /// `login` against the fake provider's discovery, as an OpenID Connect public client.
    pub fn login(&self, extra: &[&str]) -> Run {
        let mut args = vec![
            "login",
            "--issuer",
            ISSUER,
            "--client-id",
            CLIENT_ID,
            "--scope",
            "openid offline_access",
        ];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// The stored session of `profile`, from the store its profile names.
    pub fn session_of(&self, profile: &str) -> Option<Session> {
        let kind = self
            .config
            .profile(profile)
            .and_then(|p| p.store)
            .unwrap_or(StoreKind::File);
        self.stores.get(kind, profile)
    }

    pub fn session(&self) -> Session {
        self.session_of("default").expect("a stored session")
    }

    /// Holds `profile`'s lock, as another oauthctl process would, until the guard is dropped.
    pub fn hold_lock(&self, profile: &str) -> crate::ports::LockGuard {
        use crate::ports::Locks;
        FileLocks::new(self.lock_dir.path().to_path_buf())
            .lock(profile, std::time::Duration::from_secs(1))
            .unwrap()
    }

    /// What the fake browser was asked to open last.
    pub fn opened_url(&self) -> url::Url {
        let opened = self.front.opened.lock().unwrap();
        url::Url::parse(&opened.last().expect("a browser was opened").1).unwrap()
    }
}
