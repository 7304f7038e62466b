//! The browser command, with the real binary and oidc-provider: `$BROWSER` as a colon-separated list (the
//! first entry that starts wins) and a browser command that fails at once (reported, the URL printed).

use crate::harness::*;

/// `oidc_login_args` without its `--browser` (so `$BROWSER` decides) and `--login-timeout`.
fn args_without_browser(p: &Provider) -> Vec<String> {
    let mut args = oidc_login_args(p, "public-client");
    for flag in ["--browser", "--login-timeout"] {
        let at = args.iter().position(|a| a == flag).unwrap();
        args.drain(at..at + 2);
    }
    args
}

#[test]
fn browser_var_entries_are_tried_in_turn() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let list = format!("no-such-browser-here:false:{}", browser_cmd());
    let mut args = args_without_browser(&p);
    args.extend(owned(&["--login-timeout", "30"]));
    let run = user.run_with(&strs(&args), &[("BROWSER", &list)]).ok();
    assert!(!run.stderr.contains("could not open a browser"), "{run:?}");
}

#[test]
fn a_browser_command_that_fails_is_reported_and_the_url_printed() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = args_without_browser(&p);
    args.extend(owned(&[
        "--browser",
        "sh -c 'exit 3'",
        "--login-timeout",
        "1",
    ]));
    let run = user.run(&strs(&args)).fails(4, "no redirect");
    assert!(
        run.stderr
            .contains("warning: could not open a browser (\"sh\" exited with status 3)"),
        "{run:?}"
    );
    let url_line = run
        .stderr
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{}/auth?", p.base)))
        .unwrap_or_else(|| panic!("no URL printed: {run:?}"));
    assert!(url_line.contains("client_id=public-client"), "{url_line}");
}
