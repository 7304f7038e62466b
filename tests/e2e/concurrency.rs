//! Tokens survive concurrency and crashes: parallel `token print` on an expired token spends the
//! rotating refresh token exactly once, and a refresh killed mid-write leaves a whole token set behind.

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
