//! Headless and SSH logins with the real binary: the browser on "another machine" (the scripted browser
//! told not to request the callback) hands over the address it ends on, and that is piped into
//! `oauthctl login --paste` while the listener waits; Ctrl-C during the wait is one error line and exit 130.

use crate::harness::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Waits for the scripted browser to write the callback URL it did not request.
fn handed_over(path: &std::path::Path) -> String {
    let until = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text.trim_end().to_string();
        }
        assert!(
            Instant::now() < until,
            "the browser handed over no callback URL"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `login --paste -o json` of the public client, its browser told to hand the callback URL over to
/// `handover` instead of requesting it.
fn paste_login(p: &Provider, user: &User, handover: &std::path::Path) -> std::process::Child {
    let mut args = oidc_login_args(p, "public-client");
    args.extend(owned(&["--paste", "-o", "json"]));
    user.command()
        .args(&args)
        .env("BROWSER_CALLBACK_TO", handover)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finished(child: std::process::Child) -> Run {
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_redirect_url_piped_to_login_paste_finishes_the_login() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let handover = user.dir.path().join("callback-url");
    let mut child = paste_login(&p, &user, &handover);
    let url = handed_over(&handover);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let (_, query) = url.split_once('?').unwrap();
    let code = query
        .split('&')
        .find_map(|p| p.strip_prefix("code="))
        .unwrap()
        .to_string();
    let stale = query
        .split('&')
        .map(|p| {
            if p.starts_with("state=") {
                "state=stale"
            } else {
                p
            }
        })
        .collect::<Vec<_>>()
        .join("&");

    // First an old address (refused, the wait goes on), then the real one as the query alone.
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}?{stale}", url.split_once('?').unwrap().0).unwrap();
    writeln!(stdin, "?{query}").unwrap();
    let run = finished(child).ok();
    assert_eq!(run.json()["has_refresh_token"], true);
    assert_eq!(run.json()["id_token_claims"]["sub"], "alice");
    assert!(
        run.stderr.contains(
            "warning: the pasted address was refused: the redirect's `state` does not match"
        ),
        "{run:?}"
    );
    assert!(
        !run.stderr.contains(&code),
        "the pasted code was echoed: {run:?}"
    );
    assert!(
        p.oidc_log()
            .iter()
            .any(|l| l["grant_type"] == "authorization_code")
    );
    assert!(user.stored("default")["tokens"]["access_token"].is_string());
}

#[test]
fn ctrl_c_while_the_login_waits_is_one_error_line_and_exit_130() {
    let p = Provider::fake(serde_json::json!({}));
    let user = User::new();
    let mut child = user
        .command()
        .args([
            "--store",
            "file",
            "-o",
            "json",
            "login",
            "--client-id",
            "fake-client",
            "--authorize-url",
            &format!("{}/authorize", p.base),
            "--token-url",
            &format!("{}/token", p.base),
            "--no-browser",
            "--login-timeout",
            "60",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        assert_ne!(stderr.read_line(&mut line).unwrap(), 0, "no wait: {seen}");
        seen.push_str(&line);
        if line.starts_with("Waiting up to 60 s") {
            break;
        }
    }
    let started = Instant::now();
    // SAFETY: a signal to the child this test started and has not reaped yet.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    stderr.read_to_string(&mut seen).unwrap();
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    Run {
        code: status.code().unwrap_or(-1),
        stdout,
        stderr: seen,
    }
    .fails(130, "login cancelled");
    user.assert_nothing_stored();
}

/// A login is mostly a pause: the user takes longer in the browser than the provider keeps an idle
/// connection open. The code exchange after that pause must not go out on the connection discovery
/// left behind, which the provider has closed meanwhile (it failed with exit 4, "connection closed before
/// message completed", on every login slower than 5 s against a Node provider).
#[test]
fn the_code_exchange_after_a_pause_does_not_reuse_a_connection_the_provider_closed() {
    let p = Provider::oidc_with(3600, &[("KEEP_ALIVE_MS", "200".to_string())]);
    let user = User::new();
    let handover = user.dir.path().join("callback-url");
    let mut child = paste_login(&p, &user, &handover);
    let url = handed_over(&handover);
    // Well past the provider's keep-alive: it has closed the discovery connection by now.
    std::thread::sleep(Duration::from_millis(1500));
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{url}").unwrap();
    let run = finished(child).ok();
    assert_eq!(run.json()["id_token_claims"]["sub"], "alice");
}
