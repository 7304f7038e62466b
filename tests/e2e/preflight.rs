//! Mistakes caught in seconds, against the real oidc-provider: a wrong client id and a redirect URI that is
//! not registered end the login before the browser opens, with the provider's reason and a hint, instead
//! of a login timeout. The scripted browser is configured and must never be needed.

use crate::harness::*;
use std::time::{Duration, Instant};

/// How long a caught mistake may take, the provider's first answer included.
const FAST: Duration = Duration::from_secs(5);

/// A login of `client` with `extra` flags, timed; its login timeout (30 s) is far beyond [`FAST`].
fn timed_login(user: &User, p: &Provider, client: &str, extra: &[&str]) -> (Run, Duration) {
    let mut args = oidc_login_args(p, client);
    args.extend(owned(extra));
    let started = Instant::now();
    let run = user.run(&strs(&args));
    (run, started.elapsed())
}

fn hint_line(run: &Run) -> &str {
    run.stderr
        .lines()
        .find(|l| l.starts_with("hint: "))
        .unwrap_or_else(|| panic!("no hint: {run:?}"))
}

#[test]
fn a_wrong_client_id_fails_in_seconds() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let (run, took) = timed_login(&user, &p, "no-such-client", &[]);
    assert!(took < FAST, "took {took:?}");
    let run = run.fails(
        3,
        "the authorization endpoint refused the login request (HTTP 400): invalid_client (client is invalid)",
    );
    assert_eq!(
        hint_line(&run),
        "hint: check --client-id: the provider does not accept the client id \"no-such-client\""
    );
    assert!(!run.stderr.contains("state"), "{run:?}");
    assert!(!run.stderr.contains("Opened the browser"), "{run:?}");
    user.assert_nothing_stored();
    // One look at the authorize endpoint, and nothing after it.
    let auth: Vec<_> = p
        .oidc_log()
        .into_iter()
        .filter(|l| l["path"] == "/auth")
        .collect();
    assert_eq!(auth.len(), 1, "{auth:?}");
    assert_eq!(auth[0]["status"], 400);
}

#[test]
fn an_unregistered_redirect_uri_fails_in_seconds() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let (run, took) = timed_login(
        &user,
        &p,
        "public-client",
        &["--redirect-uri", "http://127.0.0.1:0/not-registered"],
    );
    assert!(took < FAST, "took {took:?}");
    let run = run.fails(
        3,
        "(HTTP 400): invalid_redirect_uri (redirect_uri did not match any of the client's registered redirect_uris)",
    );
    let hint = hint_line(&run);
    let sent = hint
        .strip_prefix("hint: the redirect URI sent was ")
        .and_then(|h| h.split_once(", on a port picked for this login"))
        .map(|(uri, _)| uri)
        .unwrap_or_else(|| panic!("{hint}"));
    assert!(
        sent.starts_with("http://127.0.0.1:")
            && sent.ends_with("/not-registered")
            && !sent.contains(":0/"),
        "the exact URI sent, with its real port: {sent}"
    );
    assert!(
        hint.ends_with("register http://127.0.0.1:PORT/not-registered with a fixed PORT of your choice and pass it with --redirect-uri"),
        "{hint}"
    );
    user.assert_nothing_stored();
}

/// The check costs one request and does not disturb the real login that follows it.
#[test]
fn a_good_login_passes_the_preflight() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let (run, _) = timed_login(&user, &p, "public-client", &[]);
    run.ok();
    let auth = p
        .oidc_log()
        .into_iter()
        .filter(|l| l["path"] == "/auth")
        .count();
    // The preflight, then the browser's visit and its return after login and consent.
    assert!(auth >= 2, "{auth}");
}

/// `OAUTHCTL_NO_PREFLIGHT=1` (any value but a "false" one) skips the check as `--no-preflight` does: the
/// wrong client id is then found only by the browser, and the login runs into its timeout.
#[test]
fn the_variable_skips_the_preflight_like_the_flag() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = oidc_login_args(&p, "no-such-client");
    let at = args.iter().position(|a| a == "--login-timeout").unwrap();
    args[at + 1] = "2".into();
    let run = user.run_with(
        &strs(&args),
        &[("OAUTHCTL_NO_PREFLIGHT", "1"), ("BROWSER_NO_CALLBACK", "1")],
    );
    let run = run.fails(4, "no redirect");
    assert!(!run.stderr.contains("refused the login request"), "{run:?}");
    user.assert_nothing_stored();
}
