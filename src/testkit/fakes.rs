//! Fakes for the ports that are not HTTP: a settable clock, predictable randomness, a browser that hands
//! the authorize URL to the fake provider, a listener that delivers the provider's redirect, in-memory
//! token stores and config, a lock wrapper that counts who asked for the lock, and a console whose
//! pasted lines and Ctrl-C are scripted.

use super::idp::FakeIdp;
use crate::adapters::browser::Opener;
use crate::adapters::store::lock::FileLocks;
use crate::adapters::store::{StoreKind, TokenStore, decode, encode};
use crate::config::{ConfigFile, Profile};
use crate::error::{Error, Result};
use crate::oauth::redirect_uri::RedirectUri;
use crate::oauth::session::Session;
use crate::oauth::types::AuthorizationCode;
use crate::ports::{
    Browser, Clock, ConfigStore, Console, Judge, LateFailure, Listen, Listener, LockGuard, Locks,
    Random, Stores, Tick, Verdict, WaitSession,
};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use url::Url;

/// The world's clock in seconds, and the milliseconds slept since its last whole second: a sleep moves
/// the time on instead of waiting.
pub struct FakeClock(pub Arc<AtomicU64>, pub AtomicU64);

impl Clock for FakeClock {
    fn now(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
    fn sleep(&self, d: std::time::Duration) {
        let ms = self.1.load(Ordering::SeqCst) + d.as_millis() as u64;
        self.1.store(ms % 1000, Ordering::SeqCst);
        self.0.fetch_add(ms / 1000, Ordering::SeqCst);
    }
}

/// Distinct, predictable bytes on every call.
pub struct CountingRandom(pub Arc<AtomicU8>);

impl Random for CountingRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<()> {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        buf.iter_mut().for_each(|b| *b = n);
        Ok(())
    }
}

/// Rewrites a redirect's query string.
pub type Tamper = Box<dyn Fn(String) -> String + Send>;

/// What the browser was asked to open, and how the redirect comes back.
#[derive(Default)]
pub struct FrontChannel {
    pub opened: Mutex<Vec<(String, String)>>,
    /// Rewrites the provider's redirect query (a forged or tampered callback).
    pub tamper: Mutex<Option<Tamper>>,
    /// Makes the browser fail to start.
    pub browser_fails: Mutex<bool>,
    /// Makes the browser start, then fail within its window (reported while the login waits).
    pub browser_fails_late: Mutex<bool>,
    /// Callback query strings another local process sends before the provider's redirect arrives.
    pub forged: Mutex<Vec<String>>,
    /// The provider's redirect never arrives (the person gave up), so only the forged ones are seen.
    pub real_lost: Mutex<bool>,
}

pub struct FakeBrowser(pub Arc<FrontChannel>);

impl Browser for FakeBrowser {
    fn open(&self, opener: &Opener, url: &str) -> std::result::Result<LateFailure, String> {
        let how = match opener {
            Opener::Command(c) | Opener::List(c) => c.clone(),
            Opener::System => "system".into(),
            Opener::None => "none".into(),
        };
        self.0.opened.lock().unwrap().push((how, url.to_string()));
        if *self.0.browser_fails.lock().unwrap() {
            return Err("no browser here".into());
        }
        if *self.0.browser_fails_late.lock().unwrap() {
            let (tx, rx) = std::sync::mpsc::channel();
            tx.send("\"fake-browser\" exited with status 1".into())
                .unwrap();
            return Ok(Some(rx));
        }
        Ok(None)
    }
}

/// Binds fake listeners; an ephemeral port becomes 4242.
pub struct FakeListen {
    pub front: Arc<FrontChannel>,
    pub idp: Arc<FakeIdp>,
}

impl Listen for FakeListen {
    fn bind(&self, redirect_uri: &RedirectUri) -> Result<Box<dyn Listener>> {
        let uri = if redirect_uri.port() == 0 {
            redirect_uri.with_port(4242)
        } else {
            redirect_uri.clone()
        };
        Ok(Box::new(FakeListener {
            uri,
            front: self.front.clone(),
            idp: self.idp.clone(),
        }))
    }
}

struct FakeListener {
    uri: RedirectUri,
    front: Arc<FrontChannel>,
    idp: Arc<FakeIdp>,
}

impl Listener for FakeListener {
    fn redirect_uri(&self) -> &RedirectUri {
        &self.uri
    }

    /// The person finishes the login in the browser: the provider answers the authorize URL that was
    /// opened (or printed) and its redirect is judged. What the console has (pasted lines, Ctrl-C)
    /// comes first, and is looked at again before the real redirect.
    fn wait_with(
        &self,
        _deadline: Instant,
        judge: &mut Judge,
        tick: &mut Tick,
    ) -> Result<AuthorizationCode> {
        let timeout = || Error::network("no redirect reached oauthctl before the login timeout");
        let mut not_ours = None;
        if let Some(outcome) = tick(judge) {
            return outcome;
        }
        for query in self.front.forged.lock().unwrap().iter() {
            match judge(query) {
                Verdict::Final(result) => return result,
                Verdict::NotOurs(e) => not_ours = Some(e),
            }
        }
        if let Some(outcome) = tick(judge) {
            return outcome;
        }
        let real = self.real_redirect();
        match real {
            Some(query) => match judge(&query) {
                Verdict::Final(result) => result,
                // The deadline passes with nothing else arriving.
                Verdict::NotOurs(e) => Err(e),
            },
            None => Err(not_ours.unwrap_or_else(timeout)),
        }
    }
}

impl FakeListener {
    /// The person finishes the login in the browser, unless told the redirect is lost.
    fn real_redirect(&self) -> Option<String> {
        if *self.front.real_lost.lock().unwrap() {
            return None;
        }
        let mut query = provider_redirect(&self.front, &self.idp)?;
        if let Some(tamper) = self.front.tamper.lock().unwrap().as_ref() {
            query = tamper(query);
        }
        Some(query)
    }
}

/// The query of the provider's redirect for the authorize URL opened (or printed) last.
fn provider_redirect(front: &FrontChannel, idp: &FakeIdp) -> Option<String> {
    let url = front.opened.lock().unwrap().last().map(|(_, u)| u.clone());
    Some(idp.authorize(&Url::parse(&url?).unwrap()))
}

/// One line the person pastes while the login waits.
pub enum Paste {
    Text(String),
    /// The provider's real redirect for this login, its query shaped by the function (into a full URL,
    /// a `?query`, a tampered copy…).
    Redirect(fn(&str) -> String),
}

/// What the console says and does during a login.
#[derive(Default)]
pub struct ConsoleScript {
    pub stdin_terminal: Mutex<bool>,
    pub stderr_terminal: Mutex<bool>,
    /// Lines on stdin, handed out one per `line()` call.
    pub pasted: Mutex<Vec<Paste>>,
    /// Ctrl-C has been pressed.
    pub interrupt: Mutex<bool>,
    /// Each wait session started: whether it was to read stdin.
    pub sessions: Mutex<Vec<bool>>,
    /// How many wait sessions were ended (the terminal restored, pending input discarded).
    pub ended: AtomicUsize,
}

pub struct FakeConsole {
    pub script: Arc<ConsoleScript>,
    pub front: Arc<FrontChannel>,
    pub idp: Arc<FakeIdp>,
}

impl Console for FakeConsole {
    fn stdin_is_terminal(&self) -> bool {
        *self.script.stdin_terminal.lock().unwrap()
    }
    fn stderr_is_terminal(&self) -> bool {
        *self.script.stderr_terminal.lock().unwrap()
    }
    fn wait_session(&self, read_stdin: bool) -> Box<dyn WaitSession> {
        self.script.sessions.lock().unwrap().push(read_stdin);
        Box::new(FakeSession {
            read_stdin,
            script: self.script.clone(),
            front: self.front.clone(),
            idp: self.idp.clone(),
        })
    }
}

struct FakeSession {
    read_stdin: bool,
    script: Arc<ConsoleScript>,
    front: Arc<FrontChannel>,
    idp: Arc<FakeIdp>,
}

impl WaitSession for FakeSession {
    fn line(&mut self) -> Option<String> {
        if !self.read_stdin {
            return None;
        }
        let mut pasted = self.script.pasted.lock().unwrap();
        if pasted.is_empty() {
            return None;
        }
        match pasted.remove(0) {
            Paste::Text(t) => Some(t),
            Paste::Redirect(shape) => Some(shape(&provider_redirect(&self.front, &self.idp)?)),
        }
    }
    fn interrupted(&self) -> bool {
        *self.script.interrupt.lock().unwrap()
    }
}

impl Drop for FakeSession {
    fn drop(&mut self) {
        self.script.ended.fetch_add(1, Ordering::SeqCst);
    }
}

/// Token stores in memory, holding the encoded form a real store would.
#[derive(Clone, Default)]
pub struct MemStores {
    pub items: Arc<Mutex<HashMap<(StoreKind, String), String>>>,
    pub keyring_ok: Arc<Mutex<bool>>,
    /// The keyring answers the probe but refuses to save (a locked collection).
    pub keyring_refuses_saves: Arc<Mutex<bool>>,
    /// Every save and delete, with whether a profile lock was held at that moment.
    pub writes: Arc<Mutex<Vec<(&'static str, bool)>>>,
    /// How many hold a profile lock now (shared with the fake locks).
    pub lock_held: Arc<AtomicUsize>,
    /// How many of the next saves fail (a full disk, a keyring that times out).
    pub fail_saves: Arc<AtomicUsize>,
    /// The stored tokens are readable by others (a token file with loose permissions).
    pub exposed: Arc<Mutex<bool>>,
}

impl MemStores {
    pub fn get(&self, kind: StoreKind, profile: &str) -> Option<Session> {
        let text = self
            .items
            .lock()
            .unwrap()
            .get(&(kind, profile.to_string()))
            .cloned()?;
        Some(decode(profile, &text).unwrap())
    }

    pub fn put(&self, kind: StoreKind, profile: &str, session: &Session) {
        self.items
            .lock()
            .unwrap()
            .insert((kind, profile.to_string()), encode(session).unwrap());
    }
}

impl Stores for MemStores {
    fn open(&self, kind: StoreKind) -> Box<dyn TokenStore> {
        Box::new(MemStore {
            kind,
            items: self.items.clone(),
            refuses_saves: kind == StoreKind::Keyring
                && *self.keyring_refuses_saves.lock().unwrap(),
            writes: self.writes.clone(),
            lock_held: self.lock_held.clone(),
            fail_saves: self.fail_saves.clone(),
            exposed: self.exposed.clone(),
        })
    }

    fn probe_keyring(&self) -> Result<()> {
        if *self.keyring_ok.lock().unwrap() {
            Ok(())
        } else {
            Err(Error::other(
                "the OS keyring is not usable: no Secret Service",
            ))
        }
    }
}

struct MemStore {
    kind: StoreKind,
    items: Arc<Mutex<HashMap<(StoreKind, String), String>>>,
    refuses_saves: bool,
    writes: Arc<Mutex<Vec<(&'static str, bool)>>>,
    lock_held: Arc<AtomicUsize>,
    fail_saves: Arc<AtomicUsize>,
    exposed: Arc<Mutex<bool>>,
}

impl MemStore {
    fn note(&self, what: &'static str) {
        let locked = self.lock_held.load(Ordering::SeqCst) > 0;
        self.writes.lock().unwrap().push((what, locked));
    }
}

impl TokenStore for MemStore {
    fn kind(&self) -> StoreKind {
        self.kind
    }
    fn location(&self, profile: &str) -> String {
        format!("memory:{}:{profile}", self.kind.as_str())
    }
    fn load(&self, profile: &str) -> Result<Option<Session>> {
        let text = self
            .items
            .lock()
            .unwrap()
            .get(&(self.kind, profile.to_string()))
            .cloned();
        text.map(|t: String| decode(profile, &t)).transpose()
    }
    fn save(&self, profile: &str, session: &Session) -> Result<()> {
        self.note("save");
        if self.refuses_saves {
            return Err(Error::other(
                "the OS keyring is not usable: the collection is locked",
            ));
        }
        let failing = self
            .fail_saves
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        if failing.is_ok() {
            return Err(Error::other("writing the token store failed: disk full"));
        }
        self.items
            .lock()
            .unwrap()
            .insert((self.kind, profile.to_string()), encode(session)?);
        Ok(())
    }
    fn exposure(&self, _profile: &str) -> Option<String> {
        (*self.exposed.lock().unwrap()).then(|| "the token file is readable by others".to_string())
    }

    fn delete(&self, profile: &str) -> Result<bool> {
        self.note("delete");
        Ok(self
            .items
            .lock()
            .unwrap()
            .remove(&(self.kind, profile.to_string()))
            .is_some())
    }
}

/// The profiles file as TOML text in memory.
#[derive(Clone, Default)]
pub struct MemConfig(pub Arc<Mutex<String>>, pub Arc<Mutex<bool>>);

impl MemConfig {
    pub fn save(&self, config: &ConfigFile) {
        *self.0.lock().unwrap() = toml::to_string(config).unwrap();
    }

    pub fn profile(&self, name: &str) -> Option<Profile> {
        self.parse().profiles.remove(name)
    }
    fn parse(&self) -> ConfigFile {
        toml::from_str(&self.0.lock().unwrap()).unwrap()
    }
}

impl ConfigStore for MemConfig {
    fn load(&self) -> Result<ConfigFile> {
        Ok(self.parse())
    }
    fn profile(&self, name: &str) -> Result<Option<Profile>> {
        Ok(self.parse().profiles.remove(name))
    }
    fn update(&self, change: &mut dyn FnMut(&mut ConfigFile)) -> Result<()> {
        if *self.1.lock().unwrap() {
            return Err(Error::other("cannot replace the config: disk full"));
        }
        let mut text = self.0.lock().unwrap();
        let mut config: ConfigFile = toml::from_str(&text).unwrap();
        change(&mut config);
        *text = toml::to_string(&config).unwrap();
        Ok(())
    }
}

/// The real file lock, counting every caller that asked for it (waiting or not) and how many hold it now,
/// so the fake provider and stores can note whether a request or a write happened under the lock.
pub struct CountingLocks {
    pub inner: FileLocks,
    pub asked: Arc<AtomicUsize>,
    pub held: Arc<AtomicUsize>,
}

/// Counts down when the guard it rides in is dropped.
struct Held(Arc<AtomicUsize>);

impl Drop for Held {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Locks for CountingLocks {
    fn lock(&self, profile: &str, wait: Duration) -> Result<LockGuard> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        let guard = self.inner.lock(profile, wait)?;
        self.held.fetch_add(1, Ordering::SeqCst);
        Ok(LockGuard::new((guard, Held(self.held.clone()))))
    }
}
