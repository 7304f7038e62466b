//! Settings that stick, through the real binary: a login configured by environment variables alone
//! (no flags, no config file), as a CI job does, against the real provider; and `CLICOLOR_FORCE`.

use crate::harness::*;

#[test]
fn a_login_needs_no_flags_when_the_environment_holds_the_settings() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let browser = browser_cmd();
    let env = [
        ("OAUTHCTL_STORE", "file"),
        ("OAUTHCTL_ISSUER", p.base.as_str()),
        ("OAUTHCTL_CLIENT_ID", "public-client"),
        ("OAUTHCTL_SCOPE", "openid email offline_access"),
        // One KEY=VALUE per line: read as one value, `prompt` would be refused by the provider.
        ("OAUTHCTL_PARAM", "prompt=consent\nlogin_hint=alice"),
        ("OAUTHCTL_BROWSER", browser.as_str()),
        ("OAUTHCTL_LOGIN_TIMEOUT", "30"),
        ("OAUTHCTL_TIMEOUT", "12"),
        ("OAUTHCTL_OUTPUT", "json"),
    ];
    let run = user.run_with(&["login"], &env).ok();
    assert_eq!(run.json()["has_refresh_token"], true, "{}", run.stderr);
    let config = std::fs::read_to_string(user.config_path()).unwrap();
    for saved in [
        format!("issuer = \"{}\"", p.base),
        "client_id = \"public-client\"".to_string(),
        "timeout = 12".to_string(),
        "\"prompt=consent\"".to_string(),
        "\"login_hint=alice\"".to_string(),
    ] {
        assert!(config.contains(&saved), "{saved} not saved: {config}");
    }
    user.run(&["userinfo"]).ok();
}

#[test]
fn clicolor_force_colours_stderr_on_a_pipe_and_no_color_wins() {
    let user = User::new();
    let run = |envs: &[(&str, &str)]| {
        let mut cmd = user.command();
        cmd.env_remove("NO_COLOR")
            .args(["token", "print"])
            .envs(envs.iter().copied());
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(5));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(!run(&[]).contains('\x1b'), "colour on a pipe");
    assert!(
        run(&[("CLICOLOR_FORCE", "1")]).contains("\x1b["),
        "CLICOLOR_FORCE ignored"
    );
    assert!(!run(&[("CLICOLOR_FORCE", "0")]).contains('\x1b'));
    assert!(!run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\x1b'));
    let mut cmd = user.command();
    cmd.env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .args(["--no-color", "token", "print"]);
    assert!(!String::from_utf8_lossy(&cmd.output().unwrap().stderr).contains('\x1b'));
}

/// A flag wins over a variable also where two options exclude each other: `--no-browser` over
/// `OAUTHCTL_BROWSER`, `--client-secret` over `OAUTHCTL_CLIENT_SECRET_FILE`.
#[test]
fn flags_win_over_the_variables_of_options_they_exclude() {
    let p = Provider::fake(serde_json::json!({"discovery": true, "auth": "none"}));
    let user = User::new();
    let marker = user.dir.path().join("browser-ran");
    let browser = format!("touch {}", marker.display());
    let env = [
        ("OAUTHCTL_BROWSER", browser.as_str()),
        ("OAUTHCTL_CLIENT_SECRET_FILE", "/nonexistent/secret"),
    ];
    let args = [
        "--store",
        "file",
        "login",
        "--issuer",
        &p.base,
        "--client-id",
        "fake-client",
        "--client-secret",
        "-",
        "--no-browser",
        "--login-timeout",
        "1",
    ];
    // Past the settings (the file of the variable is not read) to the wait, which times out.
    user.run_with(&args, &env).fails(4, "login timeout");
    assert!(!marker.exists(), "the browser of OAUTHCTL_BROWSER ran");
}
