//! End-to-end checks that only the real binary can show: a closed stderr never turns an error into an
//! abort, and the browser oauthctl starts does not inherit the client secret from its environment.

use crate::harness::*;
use std::process::Stdio;

/// Every error is printed to stderr; when stderr is a pipe nobody reads any more, the exit code must
/// still be the contract's, not a panic's (101) or an abort's (134). `-vv` and `--insecure` print
/// traces and warnings too.
#[test]
fn a_closed_stderr_never_aborts() {
    let user = User::new();
    let refused = "http://127.0.0.1:1";
    for (args, code) in [
        (
            vec![
                "-vv",
                "login",
                "--issuer",
                refused,
                "--client-id",
                "c",
                "--no-browser",
            ],
            4,
        ),
        (
            vec![
                "--insecure",
                "-v",
                "login",
                "--issuer",
                refused,
                "--client-id",
                "c",
            ],
            4,
        ),
        (vec!["token", "print"], 5),
        (vec!["login", "--login-timeout", "18446744073709551615"], 2),
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let status = user
            .command()
            .args(&args)
            .stdout(Stdio::null())
            .stderr(writer)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(code), "{args:?}");
    }
}

/// A browser lives for hours and starts other programs: it must not be handed the client secret that
/// `OAUTHCTL_CLIENT_SECRET` gave oauthctl.
#[test]
fn the_browser_does_not_inherit_the_client_secret() {
    let user = User::new();
    let dump = user.dir.path().join("browser-env");
    let browser = format!("sh -c 'env > \"$1\"' sh '{}'", dump.display());
    let secret = "env-s3cret-for-the-client";
    let run = user.run_with(
        &[
            "--store",
            "file",
            "login",
            "--client-id",
            "c",
            "--authorize-url",
            "http://127.0.0.1:9/authorize",
            "--token-url",
            "http://127.0.0.1:9/token",
            "--auth-method",
            "client_secret_post",
            "--browser",
            &browser,
            "--login-timeout",
            "1",
            // Nothing listens on port 9: the preflight would end the login before the browser starts.
            "--no-preflight",
        ],
        &[("OAUTHCTL_CLIENT_SECRET", secret)],
    );
    assert_eq!(run.code, 4, "{}", run.stderr);
    let mut env = String::new();
    for _ in 0..50 {
        env = std::fs::read_to_string(&dump).unwrap_or_default();
        if env.contains("PATH=") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(env.contains("PATH="), "the browser did not run: {env:?}");
    assert!(!env.contains(secret), "the browser saw the client secret");
    assert!(!env.contains("OAUTHCTL_"), "{env}");
}
