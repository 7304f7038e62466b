//! `oauthctl smoke`: the provider checks of `checks.rs` for one or more profiles, non-interactively, for
//! CI. Profiles are checked concurrently (at most `--jobs` at a time), each on a thread with its own
//! context: its own ports (`Deps::fork`: a profile's HTTP settings are its own) and its own buffered
//! stderr, printed whole when the profile is done, so the messages of two profiles never interleave.
//! The checks of one profile run in order; a failing check does not stop the next. The provider's
//! JWKS and metadata are fetched about once per run, whatever the number of profiles (`documents.rs`).

pub mod checks;
pub mod documents;
pub mod junit;
mod modern;

use crate::cli::SmokeArgs;
use crate::config::check_profile_name;
use crate::context::Ctx;
use crate::error::{Error, Kind, Result};
use crate::oauth::error::escape_unsafe;
use crate::output::docs::{SmokeCheck, SmokeProfile, SmokeReport};
use crate::output::{Output, Tone};
use checks::{Found, Subject};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Instant;

pub fn run(ctx: &Ctx, args: &SmokeArgs) -> Result<()> {
    let profiles = select(ctx, args)?;
    let list = checks::CHECKS;
    let documents = documents::Documents::default();
    // The -v traces of the HTTP requests go straight to stderr: with one profile at a time they read
    // in order instead of interleaving.
    let jobs = if ctx.global.verbose > 0 {
        1
    } else {
        (args.jobs.max(1) as usize).min(profiles.len().max(1))
    };
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<SmokeProfile>> = profiles.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel();
        for _ in 0..jobs {
            let (tx, next, profiles, documents) = (tx.clone(), &next, &profiles, &documents);
            let fork = ctx.deps.fork.clone();
            let (global, env, json, color) = (
                ctx.global.clone(),
                ctx.env.clone(),
                ctx.out.json,
                ctx.out.color(),
            );
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(name) = profiles.get(i) else { break };
                    let messages = Buffer::default();
                    let mut global = global.clone();
                    global.profile = name.clone();
                    global.profiles = vec![name.clone()];
                    global.profile_explicit = true;
                    let mut deps = fork();
                    let (http, scope) = documents.wrap(deps.http);
                    deps.http = http;
                    let worker = Ctx {
                        global,
                        env: env.clone(),
                        out: Output::with_sinks(
                            json,
                            color,
                            Box::new(std::io::sink()),
                            Box::new(messages.clone()),
                        ),
                        deps,
                    };
                    let report = check_profile(&worker, list, args.revoke, &scope);
                    if tx.send((i, report, messages.text())).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Each profile is reported whole as soon as it is done: progress in a long run, no interleaving.
        for (i, report, messages) in rx {
            print_profile(ctx, &report, &messages);
            results[i] = Some(report);
        }
    });
    let report = summarize(results.into_iter().flatten().collect());
    ctx.out.info(&format!(
        "{} passed, {} failed, {} skipped",
        report.passed, report.failed, report.skipped
    ));
    ctx.out.data(&report, None);
    if let Some(path) = &args.junit {
        crate::adapters::store::file::write_atomically(path, junit::render(&report).as_bytes())
            .map_err(|e| Error::other(format!("writing the JUnit report failed: {}", e.message)))?;
    }
    match verdict(&report) {
        None => Ok(()),
        Some(kind) => Err(Error::new(
            kind,
            format!(
                "{} of {} checks failed",
                report.failed,
                report.passed + report.failed
            ),
        )),
    }
}

/// The profiles to check, in order: every `-p` given, or `--all-profiles` (name order), else the one
/// profile in use; then the shard.
fn select(ctx: &Ctx, args: &SmokeArgs) -> Result<Vec<String>> {
    let mut names: Vec<String> = if args.all_profiles {
        ctx.deps.config.load()?.profiles.into_keys().collect()
    } else {
        let mut seen = Vec::new();
        for name in &ctx.global.profiles {
            if !seen.contains(name) {
                seen.push(name.clone());
            }
        }
        if seen.is_empty() {
            seen.push(ctx.global.profile.clone());
        }
        seen
    };
    for name in &names {
        check_profile_name(name)?;
    }
    if args.all_profiles && names.is_empty() {
        return Err(
            Error::usage("--all-profiles: the config file has no profiles")
                .with_hint("log in first: `oauthctl -p NAME login …`"),
        );
    }
    if let Some(shard) = args.shard {
        names = names
            .into_iter()
            .enumerate()
            .filter(|(i, _)| shard.keeps(*i))
            .map(|(_, n)| n)
            .collect();
    }
    Ok(names)
}

/// Runs every check of one profile in order; none is skipped because another failed, unless it lacks
/// its input (then it says so).
fn check_profile(
    ctx: &Ctx,
    list: &[(&'static str, checks::CheckFn)],
    revoke: bool,
    scope: &documents::CheckScope,
) -> SmokeProfile {
    let mut subject = Subject::new(revoke);
    let checks = list
        .iter()
        .filter_map(|(name, check)| {
            scope.next_check();
            let started = Instant::now();
            let outcome = check(ctx, &mut subject);
            let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            let (status, detail, code) = match outcome {
                Ok(Found::Pass(why)) => ("pass", why, None),
                Ok(Found::Skip(why)) => ("skip", why, None),
                Ok(Found::NotUsed) => return None,
                Err(e) => ("fail", e.message, Some(e.kind.exit_code())),
            };
            Some(SmokeCheck {
                detail,
                ms,
                name,
                status,
                code,
            })
        })
        .collect();
    SmokeProfile {
        checks,
        profile: ctx.profile_name().to_string(),
    }
}

fn summarize(profiles: Vec<SmokeProfile>) -> SmokeReport {
    let count = |status: &str| {
        profiles
            .iter()
            .flat_map(|p| &p.checks)
            .filter(|c| c.status == status)
            .count()
    };
    SmokeReport {
        failed: count("fail"),
        passed: count("pass"),
        skipped: count("skip"),
        profiles,
    }
}

/// The failure that decides the exit code: the most serious, in the contract's order 6, 3, 4, 5, then
/// any other (1).
fn verdict(report: &SmokeReport) -> Option<Kind> {
    let codes: Vec<u8> = report
        .profiles
        .iter()
        .flat_map(|p| &p.checks)
        .filter_map(|c| c.code)
        .collect();
    if codes.is_empty() {
        return None;
    }
    let order = [
        (6, Kind::Security),
        (3, Kind::OAuth),
        (4, Kind::Network),
        (5, Kind::LoginNeeded),
    ];
    Some(
        order
            .into_iter()
            .find(|(code, _)| codes.contains(code))
            .map_or(Kind::Other, |(_, kind)| kind),
    )
}

/// One profile on stderr: its name, what its checks printed along the way, then a line per check.
fn print_profile(ctx: &Ctx, report: &SmokeProfile, messages: &str) {
    let out = &ctx.out;
    out.info(&format!("profile {}", report.profile));
    for line in messages.lines() {
        out.raw(&format!("  {line}\n"));
    }
    let width = report
        .checks
        .iter()
        .map(|c| c.name.len())
        .max()
        .unwrap_or(0);
    for c in &report.checks {
        let (mark, tone) = match c.status {
            "pass" => ("✓", Tone::Good),
            "fail" => ("✗", Tone::Bad),
            _ => ("-", Tone::Warn),
        };
        out.info(&format!(
            "  {} {:width$} {:>6} ms  {}",
            out.mark(mark, tone),
            c.name,
            c.ms,
            escape_unsafe(&c.detail),
        ));
    }
}

/// A worker's stderr, kept until its profile is done.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

#[cfg(test)]
mod tests;
