//! `login --device` (RFC 8628) end to end: against oidc-provider, with `tests/provider/device.mjs` as the
//! person who reads the code from oauthctl's stderr and enters it on the provider's device page; and
//! against the fake provider for the polling rules (`slow_down`, refusal, expiry) on real time.

use crate::harness::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `oauthctl ARGS` with its stderr piped into `device.mjs` (which echoes it): the run's stderr is
/// what the script echoed; the script must finish cleanly.
fn run_with_device_page(user: &User, args: &[&str], envs: &[(&str, &str)]) -> Run {
    let mut oauthctl = user.command();
    oauthctl
        .args(args)
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut oauthctl = oauthctl.spawn().unwrap();
    let stderr = oauthctl.stderr.take().unwrap();
    let driver = Command::new("node")
        .arg(repo().join("tests/provider/device.mjs"))
        .envs(envs.iter().copied())
        .stdin(Stdio::from(stderr))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = oauthctl.wait_with_output().unwrap();
    let page = driver.wait_with_output().unwrap();
    let echoed = String::from_utf8_lossy(&page.stdout).into_owned();
    assert!(
        page.status.success(),
        "device.mjs failed: {}\noauthctl said: {echoed}",
        String::from_utf8_lossy(&page.stderr)
    );
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: echoed,
    }
}

fn oidc_device_args(p: &Provider) -> Vec<String> {
    owned(&[
        "--store",
        "file",
        "login",
        "--device",
        "--issuer",
        &p.base,
        "--client-id",
        "device-client",
        "--scope",
        "openid offline_access",
        "-o",
        "json",
    ])
}

#[test]
fn device_login_with_oidc_provider_then_token_print() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let run = run_with_device_page(&user, &strs(&oidc_device_args(&p)), &[]).ok();
    let doc = run.json();
    assert_eq!(doc["id_token_claims"]["sub"], "alice");
    assert_eq!(doc["has_refresh_token"], true);
    // The code and where to enter it went to stderr only.
    assert!(
        run.stderr
            .contains(&format!("open {}/device on any device", p.base)),
        "{}",
        run.stderr
    );
    let code = run
        .stderr
        .lines()
        .skip_while(|l| !l.contains("on any device"))
        .nth(1)
        .unwrap()
        .trim()
        .to_string();
    assert!(!code.is_empty() && !run.stdout.contains(&code), "{code:?}");
    assert!(p.oidc_log().iter().any(|l| l["grant_type"]
        == "urn:ietf:params:oauth:grant-type:device_code"
        && l["status"] == 200));

    let print = user.run(&["token", "print"]).ok();
    assert!(!print.stdout.trim().is_empty());
    assert_eq!(
        user.stored("default")["endpoints"]["device_authorization_url"],
        format!("{}/device/auth", p.base)
    );
}

#[test]
fn device_login_aborted_on_the_device_page_is_exit_3() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let run = run_with_device_page(
        &user,
        &strs(&oidc_device_args(&p)),
        &[("DEVICE_ABORT", "1")],
    );
    let run = run.fails(3, "access_denied");
    assert_eq!(run.stdout, "");
    user.assert_nothing_stored();
}

fn fake_device(config: Value, user: &User, extra: &[&str]) -> (Run, Vec<Value>) {
    let mut config = config;
    config["discovery"] = json!(true);
    let p = Provider::fake(config);
    let mut args = vec![
        "--store",
        "file",
        "login",
        "--device",
        "--issuer",
        &p.base,
        "--scope",
        "openid",
        "--client-id",
        "fake-client",
    ];
    args.extend_from_slice(extra);
    let run = user.run_with(&args, &[("OAUTHCTL_CLIENT_SECRET", "fake-secret")]);
    let polls = p
        .fake_log()
        .into_iter()
        .filter(|r| {
            r["path"] == "/token"
                && r["body"]
                    .as_str()
                    .is_some_and(|b| b.contains("device_code"))
        })
        .collect();
    (run, polls)
}

#[test]
fn bare_token_and_device_endpoints_without_issuer_or_authorize_endpoint() {
    // No discovery and no authorize endpoint: the two endpoints of the grant are all it needs.
    let p =
        Provider::fake(json!({"device_interval": 1, "device_polls": ["authorization_pending"]}));
    let user = User::new();
    let (token, device) = (
        format!("{}/token", p.base),
        format!("{}/device_authorization", p.base),
    );
    let login = [
        "--store",
        "file",
        "login",
        "--device",
        "--token-url",
        &token,
        "--device-authorization-url",
        &device,
        "--client-id",
        "fake-client",
        "--scope",
        "offline_access",
    ];
    let env = [("OAUTHCTL_CLIENT_SECRET", "fake-secret")];
    user.run_with(&login, &env).ok();
    let stored = user.stored("default");
    assert!(stored["tokens"]["refresh_token"].is_string(), "{stored}");
    assert_eq!(stored["grant"], "device_code");
    assert!(
        stored["endpoints"].get("authorize_url").is_none(),
        "{stored}"
    );
    // The stored endpoints serve the later commands.
    user.run(&["token", "refresh"]).ok();
    let paths: Vec<String> = p
        .fake_log()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        paths,
        ["/device_authorization", "/token", "/token", "/token"],
        "no discovery, no authorize endpoint"
    );
}

#[test]
fn slow_down_from_the_fake_adds_five_seconds_to_the_interval() {
    let user = User::new();
    let (run, polls) = fake_device(
        json!({"device_interval": 1, "device_polls": ["authorization_pending", "slow_down"]}),
        &user,
        &[],
    );
    run.ok();
    let at: Vec<u64> = polls.iter().map(|p| p["at"].as_u64().unwrap()).collect();
    assert_eq!(at.len(), 3, "{at:?}");
    let (first, second) = (at[1] - at[0], at[2] - at[1]);
    // 1 s between the first two polls; after slow_down 1 + 5 s.
    assert!((1000..5000).contains(&first), "{at:?}");
    assert!(second >= 6000, "{at:?}");
    assert!(user.stored("default")["tokens"]["access_token"].is_string());
}

#[test]
fn access_denied_from_the_fake_is_exit_3_and_a_short_expiry_is_exit_4() {
    let user = User::new();
    let (run, polls) = fake_device(
        json!({"device_interval": 1, "device_polls": ["authorization_pending", "access_denied"]}),
        &user,
        &["-vv"],
    );
    let run = run.fails(3, "access_denied");
    assert_eq!(polls.len(), 2);
    // The device code is a credential: masked in the -vv trace of both answer and polls.
    let body = polls[0]["body"].as_str().unwrap();
    let code = url::form_urlencoded::parse(body.as_bytes())
        .find(|(k, _)| k == "device_code")
        .unwrap()
        .1
        .into_owned();
    assert!(run.stderr.contains("device_code"), "{}", run.stderr);
    assert!(!run.stderr.contains(&code), "{}", run.stderr);
    user.assert_nothing_stored();

    let user = User::new();
    let (run, _) = fake_device(
        json!({"device_interval": 1, "device_expires_in": 2,
               "device_polls": vec!["authorization_pending"; 10]}),
        &user,
        &[],
    );
    let run = run.fails(4, "the device code expired before the login was completed");
    assert_eq!(run.stdout, "");
    user.assert_nothing_stored();
}

#[test]
fn ctrl_c_while_polling_is_one_error_line_and_exit_130() {
    let p = Provider::fake(json!({"discovery": true, "device_interval": 30,
        "device_polls": ["authorization_pending"]}));
    let user = User::new();
    let mut child = user
        .command()
        .args([
            "--store",
            "file",
            "login",
            "--device",
            "--issuer",
            &p.base,
            "--client-id",
            "fake-client",
        ])
        .env("OAUTHCTL_CLIENT_SECRET", "fake-secret")
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
        if line.starts_with("Waiting up to 600 s") {
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
