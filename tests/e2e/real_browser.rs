//! A real browser end to end: headless Chromium (`tests/provider/chromium.mjs`) clicks through
//! oidc-provider's own login and consent pages and follows the redirect into oauthctl's listener — once
//! as a `--browser` command, once found by oauthctl's default opener through an `xdg-open` on `PATH`.
//! The scripted browser elsewhere proves the protocol; these prove that what a real browser does with
//! the pages, cookies, redirects and the callback page works too. Chromium missing is a failure with the
//! fix in the message, never a skip.

use crate::harness::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long oauthctl waits for the redirect: above the driver's own 60 s limit, so a driver failure is
/// reported by the driver's log rather than cut short.
const LOGIN_TIMEOUT: &str = "90";

/// The Chromium the driver will start: `$CHROMIUM`, else `chromium` (or `chromium-browser`) on `PATH`.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        let path = PathBuf::from(path);
        assert!(path.is_file(), "CHROMIUM={} is not a file", path.display());
        return path;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| [dir.join("chromium"), dir.join("chromium-browser")])
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "headless Chromium is missing: install it (Debian: `apt-get install chromium`; \
                 scripts/test does that itself as root) or set CHROMIUM=<path>"
            )
        })
}

/// The driver script, after checking that it can run (Chromium and playwright-core present).
fn driver() -> PathBuf {
    chromium();
    let provider = repo().join("tests/provider");
    assert!(
        provider.join("node_modules/playwright-core").is_dir(),
        "tests/provider/node_modules/playwright-core is missing: run `npm ci` in tests/provider (scripts/test does)"
    );
    provider.join("chromium.mjs")
}

fn quote(path: &Path) -> String {
    format!("'{}'", path.display())
}

fn run(mut cmd: std::process::Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `login` against oidc-provider's public client, with a refresh token; `extra` is appended.
fn login_args(p: &Provider, extra: &[&str]) -> Vec<String> {
    let mut args = owned(&[
        "--store",
        "file",
        "login",
        "--issuer",
        &p.base,
        "--client-id",
        "public-client",
        "--scope",
        "openid email offline_access",
        "--param",
        "prompt=consent",
        "--login-timeout",
        LOGIN_TIMEOUT,
        "-o",
        "json",
    ]);
    args.extend(owned(extra));
    args
}

/// The driver's step log once it has finished: oauthctl may exit as soon as the redirect arrives, a
/// moment before Chromium has rendered the answer and the driver has written its last line.
fn driver_outcome(step_log: &Path) -> String {
    let until = Instant::now() + Duration::from_secs(15);
    loop {
        let steps = std::fs::read_to_string(step_log).unwrap_or_default();
        let done = steps
            .lines()
            .any(|l| l.contains(" OK ") || l.contains(" FAILED "));
        if done || Instant::now() > until {
            return steps;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The login succeeded, the tokens are stored and usable, and Chromium — not the scripted browser —
/// submitted oidc-provider's login and consent forms.
#[track_caller]
fn assert_logged_in_by_chromium(user: &User, p: &Provider, out: Run, step_log: &Path) {
    let steps = driver_outcome(step_log);
    assert_eq!(
        out.code, 0,
        "login failed: {out:?}\nchromium.mjs steps:\n{steps}"
    );
    let doc = out.json();
    assert_eq!(doc["id_token_claims"]["sub"], "alice");
    assert_eq!(doc["has_refresh_token"], true);

    let form_posts: Vec<_> = p
        .oidc_log()
        .into_iter()
        .filter(|l| {
            l["method"] == "POST" && l["path"].as_str().unwrap().starts_with("/interaction/")
        })
        .collect();
    assert_eq!(
        form_posts.len(),
        2,
        "one login and one consent form: {form_posts:?}"
    );
    for post in &form_posts {
        let agent = post["agent"].as_str().unwrap_or_default();
        assert!(
            agent.contains("HeadlessChrome"),
            "not submitted by Chromium: {post}"
        );
    }
    assert!(
        steps.contains("OK callback") && steps.contains("\"oauthctl: Login received\""),
        "Chromium did not load oauthctl's success page:\n{steps}"
    );

    let stored = user.stored("default");
    let printed = user.run(&["token", "print"]).ok();
    assert_eq!(printed.stdout.trim_end(), stored["tokens"]["access_token"]);
    assert_eq!(
        user.run(&["userinfo", "-o", "json"]).ok().json()["email"],
        "alice@example.test"
    );
}

#[test]
fn chromium_as_browser_command_logs_in_through_the_real_pages() {
    let driver = driver();
    let p = Provider::oidc(3600);
    let user = User::new();
    let step_log = user.dir.path().join("chromium-steps.log");
    let mut cmd = user.command();
    cmd.args(login_args(
        &p,
        &["--browser", &format!("node {}", quote(&driver))],
    ))
    .env("BROWSER_LOG", &step_log);
    let out = run(cmd);
    assert_logged_in_by_chromium(&user, &p, out, &step_log);
}

#[test]
fn default_opener_runs_xdg_open_from_path_which_hands_the_url_to_chromium() {
    let driver = driver();
    let p = Provider::oidc(3600);
    let user = User::new();
    let step_log = user.dir.path().join("chromium-steps.log");
    let marker = user.dir.path().join("xdg-open-called");

    // A desktop's `xdg-open` as far as oauthctl can tell: first on PATH, given the URL, hands it to the
    // browser. It notes that it ran, so the test knows this path (not some other opener) was taken.
    let bin = user.dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let xdg_open = bin.join("xdg-open");
    std::fs::write(
        &xdg_open,
        format!(
            "#!/bin/sh\necho \"$#\" > {}\nexec node {} \"$1\"\n",
            quote(&marker),
            quote(&driver)
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&xdg_open, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path =
        std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path))).unwrap();

    let mut cmd = user.command();
    cmd.args(login_args(&p, &[]))
        .env("PATH", path)
        .env("BROWSER_LOG", &step_log)
        // A desktop session (so no headless fallback to printing the URL), no `$BROWSER` to prefer.
        .env("DISPLAY", ":0")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("BROWSER")
        .env_remove("SSH_CONNECTION")
        .env_remove("SSH_CLIENT")
        .env_remove("SSH_TTY");
    let out = run(cmd);
    assert_eq!(
        std::fs::read_to_string(&marker).ok().as_deref(),
        Some("1\n"),
        "oauthctl did not run the xdg-open on PATH with the URL as its one argument: {out:?}"
    );
    assert_logged_in_by_chromium(&user, &p, out, &step_log);
}

/// A loopback web server whose pages try to take the browser elsewhere: `/redirect` answers 302 to a
/// non-loopback address, `/script` navigates there from JavaScript. Its address, e.g. `127.0.0.1:PORT`.
fn escaping_site() -> String {
    use std::io::{BufRead, BufReader, Write};
    const AWAY: &str = "http://192.0.2.1/away";
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut line = String::new();
            let _ = BufReader::new(&stream).read_line(&mut line);
            let head = if line.starts_with("GET /redirect ") {
                format!("302 Found\r\nLocation: {AWAY}\r\nContent-Length: 0")
            } else if line.starts_with("GET /script ") {
                let page = format!("<!doctype html><script>location.href = '{AWAY}';</script>");
                format!(
                    "200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{page}",
                    page.len()
                )
            } else {
                "404 Not Found\r\nContent-Length: 0".to_string()
            };
            let head = if head.contains("\r\n\r\n") {
                head
            } else {
                format!("{head}\r\n\r\n")
            };
            let _ = (&stream).write_all(format!("HTTP/1.1 {head}").as_bytes());
        }
    });
    addr
}

/// The driver never lets Chromium leave loopback: a page that navigates away (seen by route
/// interception) and a redirect away (which interception does not see, so it goes to the dead proxy)
/// both end the run with exit 1 and say why; and a non-loopback start URL is not even opened.
#[test]
fn chromium_driver_refuses_to_leave_loopback() {
    let driver = driver();
    let site = escaping_site();
    let dir = tempfile::tempdir().unwrap();
    for (path, evidence) in [
        ("script", "refused navigation to http://192.0.2.1/away"),
        (
            "redirect",
            "failed http://192.0.2.1/away: net::ERR_PROXY_CONNECTION_FAILED",
        ),
    ] {
        let step_log = dir.path().join(format!("{path}.log"));
        let mut cmd = std::process::Command::new("node");
        cmd.arg(&driver)
            .arg(format!("http://{site}/{path}"))
            .env("BROWSER_LOG", &step_log);
        let out = run(cmd);
        let steps = std::fs::read_to_string(&step_log).unwrap_or_default();
        assert_eq!(out.code, 1, "{path}: {out:?}\n{steps}");
        assert!(
            out.stderr
                .contains("refused to navigate to non-loopback URL http://192.0.2.1/away"),
            "{path}: {out:?}\n{steps}"
        );
        assert!(
            steps.contains(evidence),
            "{path}: {evidence:?} missing:\n{steps}"
        );
    }
    let out = run({
        let mut cmd = std::process::Command::new("node");
        cmd.arg(&driver).arg("http://192.0.2.1/");
        cmd
    });
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stderr.contains("refusing to open non-loopback URL"),
        "{out:?}"
    );
}
