//! In-process tests of headless and SSH logins: a redirect pasted on stdin (when it is read, what it may
//! look like, the same checks as the listener's), Ctrl-C, the instructions shown when no browser starts
//! here, and the spinner.

use crate::testkit::World;
use crate::testkit::fakes::Paste;
use std::sync::atomic::Ordering;

/// The browser is elsewhere: its redirect never reaches this machine's listener.
fn remote(w: &World, pasted: Vec<Paste>) {
    *w.front.real_lost.lock().unwrap() = true;
    *w.console.pasted.lock().unwrap() = pasted;
}

fn full_url(query: &str) -> String {
    format!("http://127.0.0.1:4242/callback?{query}")
}

#[track_caller]
fn nothing_stored(w: &World) {
    assert!(w.stores.items.lock().unwrap().is_empty(), "tokens stored");
    assert!(w.config.profile("default").is_none(), "profile saved");
}

#[test]
fn a_pasted_redirect_url_completes_the_login_when_stdin_is_a_terminal() {
    let w = World::new();
    *w.console.stdin_terminal.lock().unwrap() = true;
    remote(&w, vec![Paste::Redirect(full_url)]);
    let run = w.login(&["-o", "json"]);
    run.ok();
    assert_eq!(run.json()["has_refresh_token"], true);
    assert_eq!(*w.console.sessions.lock().unwrap(), [true]);
    let token = w.idp.seen_at("/token");
    assert_eq!(token.len(), 1);
    let code = token[0].form("code").unwrap().to_string();
    assert!(code.starts_with("code-"));
    assert!(!run.stderr.contains(&code) && !run.stdout.contains(&code));
    assert_eq!(w.session().tokens.access_token.secret(), "at-2");
    assert!(run.stderr.contains("or a pasted address"), "{}", run.stderr);
}

#[test]
fn the_query_alone_is_accepted_with_or_without_its_question_mark() {
    for shape in [(|q: &str| q.to_string()) as fn(&str) -> String, |q| {
        format!("?{q}\r")
    }] {
        let w = World::new();
        remote(&w, vec![Paste::Text(String::new()), Paste::Redirect(shape)]);
        w.login(&["--paste"]).ok();
        assert_eq!(w.idp.seen_at("/token").len(), 1);
    }
}

#[test]
fn stdin_that_is_not_a_terminal_is_read_only_with_paste() {
    let w = World::new();
    remote(&w, vec![Paste::Redirect(full_url)]);
    w.login(&[]).fails(4, "no redirect");
    assert_eq!(*w.console.sessions.lock().unwrap(), [false]);
    nothing_stored(&w);

    let w = World::new();
    remote(&w, vec![Paste::Redirect(full_url)]);
    w.login(&["--paste"]).ok();
    assert_eq!(*w.console.sessions.lock().unwrap(), [true]);
}

#[test]
fn paste_and_a_client_secret_on_stdin_is_a_usage_error() {
    let w = World::new();
    let run = w.login(&["--paste", "--client-secret", "-"]);
    run.fails(2, "--paste and --client-secret -");
    assert!(w.front.opened.lock().unwrap().is_empty());
    assert!(w.console.sessions.lock().unwrap().is_empty());
}

#[test]
fn a_pasted_address_that_fails_the_state_check_is_reported_and_the_wait_goes_on() {
    let w = World::new();
    remote(
        &w,
        vec![
            Paste::Redirect(|q| full_url(&q.replace("state=", "state=old"))),
            Paste::Text("https://idp.example/authorize?client_id=cli&state=x".into()),
            Paste::Text("http://127.0.0.1:4243/callback?code=c&state=x".into()),
            Paste::Redirect(full_url),
        ],
    );
    let run = w.login(&["--paste"]);
    run.ok();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: the pasted address"))
        .collect();
    assert_eq!(warnings.len(), 3, "{}", run.stderr);
    assert!(warnings[0].contains("refused") && warnings[0].contains("`state`"));
    assert!(
        warnings[1].contains("is not the redirect (it starts with http://127.0.0.1:4242/callback)")
    );
    // Only the real code was redeemed, and no pasted code was echoed.
    assert_eq!(w.idp.seen_at("/token").len(), 1);
    assert!(!run.stderr.contains("code-"), "{}", run.stderr);
}

#[test]
fn a_pasted_error_redirect_is_the_providers_answer() {
    let w = World::new();
    remote(
        &w,
        vec![Paste::Redirect(|q| {
            let state = q.split('&').find(|p| p.starts_with("state=")).unwrap();
            format!("error=access_denied&{state}")
        })],
    );
    w.login(&["--paste"]).fails(3, "access_denied");
    nothing_stored(&w);
}

#[test]
fn a_pasted_redirect_from_another_issuer_is_refused() {
    let w = World::with(|s| s.redirect_iss = Some("http://127.0.0.1:9/evil".into()));
    remote(&w, vec![Paste::Redirect(full_url)]);
    w.login(&["--paste"]).fails(6, "iss");
    assert!(w.idp.seen_at("/token").is_empty());
    nothing_stored(&w);
}

#[test]
fn ctrl_c_ends_the_login_with_exit_130_one_line_and_nothing_stored() {
    let w = World::new();
    *w.console.interrupt.lock().unwrap() = true;
    let run = w.login(&["-o", "json"]);
    run.fails(130, "login cancelled");
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .count(),
        1
    );
    assert_eq!(run.stdout, "");
    assert!(w.idp.seen_at("/token").is_empty());
    nothing_stored(&w);
}

#[test]
fn the_console_is_restored_whenever_the_wait_ends() {
    let w = World::new();
    *w.console.stdin_terminal.lock().unwrap() = true;
    w.login(&[]).ok();
    *w.console.interrupt.lock().unwrap() = true;
    w.login(&[]).fails(130, "cancelled");
    *w.console.interrupt.lock().unwrap() = false;
    *w.front.real_lost.lock().unwrap() = true;
    w.login(&[]).fails(4, "no redirect");
    assert_eq!(w.console.sessions.lock().unwrap().len(), 3);
    assert_eq!(w.console.ended.load(Ordering::SeqCst), 3);
}

#[test]
fn with_no_display_no_browser_starts_and_the_way_to_finish_elsewhere_is_shown() {
    let mut w = World::new();
    w.env.headless = true;
    *w.console.stdin_terminal.lock().unwrap() = true;
    let run = w.login(&[]);
    run.ok();
    assert_eq!(w.front.opened.lock().unwrap()[0].0, "none");
    let err = &run.stderr;
    assert!(err.contains("No display here"), "{err}");
    assert!(
        err.contains(
            "paste here the address the browser ends on (http://127.0.0.1:4242/callback?…"
        ),
        "{err}"
    );
    // An ephemeral port cannot be forwarded ahead of time: the instructions fix one.
    assert!(
        err.contains("--redirect-uri http://127.0.0.1:8400/callback and run `ssh -L 8400:127.0.0.1:8400 THIS-HOST`"),
        "{err}"
    );

    // A fixed port is this login's own, ready to forward.
    let run = w.login(&["--redirect-uri", "http://127.0.0.1:9123/callback"]);
    run.ok();
    assert!(
        run.stderr
            .contains("`ssh -L 9123:127.0.0.1:9123 THIS-HOST`"),
        "{}",
        run.stderr
    );

    // A browser named by $BROWSER still starts without a display (a text browser, a script).
    w.env.browser = Some("env-browser".into());
    let run = w.login(&[]);
    assert_eq!(w.front.opened.lock().unwrap()[2].0, "env-browser");
    assert!(!run.stderr.contains("ssh -L"), "{}", run.stderr);
}

#[test]
fn no_browser_shows_the_way_to_finish_elsewhere_and_a_started_browser_does_not() {
    let w = World::new();
    let run = w.login(&["--no-browser"]);
    run.ok();
    assert!(run.stderr.contains("ssh -L"), "{}", run.stderr);
    // Without a terminal or --paste, pasting is not offered.
    assert!(
        run.stderr.contains("run login with --paste"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("No display here"));

    let run = w.login(&[]);
    assert_eq!(w.front.opened.lock().unwrap()[1].0, "system");
    assert!(!run.stderr.contains("ssh -L"), "{}", run.stderr);
}

#[test]
fn a_terminal_gets_a_spinner_with_the_time_left_and_a_pipe_one_plain_line() {
    let w = World::new();
    *w.console.stderr_terminal.lock().unwrap() = true;
    let run = w.login(&["-o", "json"]);
    run.ok();
    assert!(
        run.stderr
            .contains("\r\x1b[K⠋ Waiting for the redirect… 5:00 left (Ctrl-C to cancel)"),
        "{:?}",
        run.stderr
    );
    assert!(!run.stderr.contains("Waiting up to"), "{:?}", run.stderr);
    // The row is cleared before the next line, and stdout stays one JSON document.
    assert!(
        run.stderr.contains("(Ctrl-C to cancel)\r\x1b[K✓ logged in"),
        "{:?}",
        run.stderr
    );
    run.json();

    let w = World::new();
    let run = w.login(&[]);
    assert!(
        run.stderr
            .contains("Waiting up to 300 s for the redirect (Ctrl-C to cancel)…\n")
    );
    assert!(!run.stderr.contains('\r'), "{:?}", run.stderr);
}
