//! Tokens survive concurrency and crashes: parallel `token print` on an expired token spends the
//! rotating refresh token exactly once, a refresh killed mid-write leaves a whole token set behind, and a
//! refresh that fails after the provider rotated the refresh token keeps the rotated one.

use crate::harness::*;
use serde_json::{Value, json};
use std::process::Stdio;

/// Marks the stored access token as expired, as time passing would.
fn expire(user: &User, profile: &str) {
    let path = user.data_dir().join(format!("{profile}.json"));
    let mut session: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    session["tokens"]["expires_at"] = json!(1);
    std::fs::write(&path, session.to_string()).unwrap();
}

#[test]
fn twenty_parallel_prints_refresh_exactly_once() {
    let p = Provider::oidc(3600);
    let user = User::new();
    user.run(&strs(&oidc_login_args(&p, "public-client"))).ok();
    expire(&user, "default");
    let children: Vec<_> = (0..20)
        .map(|_| {
            user.command()
                .args(["token", "print"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let stored = user.stored("default")["tokens"]["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    for out in &outputs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), stored);
    }
    assert_eq!(
        p.refresh_count(),
        1,
        "the provider saw one refresh, not one per process"
    );
    // The rotated refresh token is the one stored: a further refresh still works.
    user.run(&["token", "refresh"]).ok();
}

#[test]
fn refresh_killed_mid_write_leaves_the_old_set_whole() {
    let p = Provider::fake(json!({"auth": "none", "rotate_refresh": false}));
    let user = User::new();
    let args = fake_login_args(&p, false, &[]);
    // Padding makes the stored set larger than the file size limit used below.
    let padding = format!("pad={}", "x".repeat(1024));
    let mut args = args;
    args.extend(["--token-param".to_string(), padding]);
    user.run(&strs(&args)).ok();
    let before = std::fs::read_to_string(user.data_dir().join("default.json")).unwrap();
    assert!(
        before.len() > 1024,
        "the set must be larger than the write limit below"
    );

    // A 512-byte file size limit kills the process (SIGXFSZ) part-way through writing the new set.
    let bin = env!("CARGO_BIN_EXE_oauthctl");
    let template = user.command();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -f 1; exec '{bin}' token refresh"))
        .env_clear()
        .envs(std::env::vars().filter(|(k, _)| k == "PATH" || k == "HOME"))
        .envs(
            template
                .get_envs()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
        )
        .status()
        .unwrap();
    assert!(!status.success(), "the write must have been cut off");
    assert!(p.fake_log().iter().any(|r| r["path"] == "/token" && r["body"].as_str().unwrap().contains("refresh_token")));

    let after = std::fs::read_to_string(user.data_dir().join("default.json")).unwrap();
    assert_eq!(after, before, "the stored set is untouched");
    user.run(&["token", "print"]).ok();
    user.run(&["token", "refresh"]).ok();
    assert_eq!(
        user.run(&["userinfo", "-o", "json"]).ok().json()["sub"],
        "alice"
    );
}

/// oidc-provider rotates the public client's refresh token on every refresh and revokes the whole grant
/// when a spent one comes back. With its JWKS down, the refreshed ID token cannot be verified: the refresh
/// fails, but the rotated refresh token is stored, so the refresh after the outage presents it and works.
#[test]
fn a_jwks_outage_during_refresh_keeps_the_rotated_refresh_token() {
    let p = Provider::oidc(3600);
    let user = User::new();
    user.run(&strs(&oidc_login_args(&p, "public-client"))).ok();
    let before = user.stored("default")["tokens"].clone();
    // oidc-provider's ID tokens carry no at_hash, so one refreshed within the login's second is the
    // login's own token byte for byte, and there is nothing new to verify.
    std::thread::sleep(std::time::Duration::from_millis(1100));

    p.set_jwks_outage(true);
    user.run(&["token", "refresh"]).fails(1, "JWKS");
    assert!(
        p.oidc_log()
            .iter()
            .any(|l| l["path"] == "/jwks" && l["status"] == 503),
        "the refresh met the outage"
    );
    let kept = user.stored("default")["tokens"].clone();
    assert_ne!(
        kept["refresh_token"], before["refresh_token"],
        "the rotated refresh token is stored"
    );
    assert_eq!(
        kept["access_token"], before["access_token"],
        "the unverified tokens are not"
    );

    p.set_jwks_outage(false);
    user.run(&["token", "refresh"]).ok();
    let refreshes: Vec<_> = p
        .oidc_log()
        .into_iter()
        .filter(|l| l["grant_type"] == "refresh_token")
        .collect();
    assert_eq!(refreshes.len(), 2);
    assert!(
        refreshes
            .iter()
            .all(|l| l["status"] == 200 && l.get("error").is_none()),
        "no refresh token was presented twice: {refreshes:?}"
    );
    assert_ne!(
        user.stored("default")["tokens"]["refresh_token"],
        kept["refresh_token"]
    );
    // The grant is alive: its access token is honoured.
    assert_eq!(
        user.run(&["userinfo", "-o", "json"]).ok().json()["sub"],
        "alice"
    );
}
