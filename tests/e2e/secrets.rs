//! Secrets never reach the terminal unasked: a full login → refresh → userinfo → print run with `-vv`
//! traces every HTTP exchange, and none of the client secret, code, verifier or tokens may appear in it.

use crate::harness::*;
use serde_json::json;

#[test]
fn verbose_traces_mask_every_secret() {
    let secret = "cl13nt-s3cret-value";
    let p = Provider::fake(json!({
        "discovery": true, "client_secret": secret, "auth": "post",
        "rotate_refresh": true, "id_token_on_refresh": true,
    }));
    let user = User::new();
    let env = [("OAUTHCTL_CLIENT_SECRET", secret)];
    let args = fake_login_args(&p, true, &["-vv", "--auth-method", "client_secret_post"]);
    let mut runs = vec![user.run_with(&strs(&args), &env).ok()];
    let first = user.stored("default")["tokens"].clone();
    runs.push(user.run_with(&["-vv", "token", "refresh"], &env).ok());
    runs.push(user.run_with(&["-vv", "userinfo"], &env).ok());
    runs.push(user.run_with(&["-vv", "token", "show"], &env).ok());
    let last = user.stored("default")["tokens"].clone();

    let mut secrets: Vec<String> = vec![secret.to_string()];
    for set in [&first, &last] {
        for k in ["access_token", "refresh_token", "id_token"] {
            secrets.push(
                set[k]
                    .as_str()
                    .unwrap_or_else(|| panic!("{k} stored"))
                    .to_string(),
            );
        }
    }
    let token_request = p
        .fake_log()
        .into_iter()
        .find(|r| r["path"] == "/token")
        .unwrap();
    for (k, v) in url::form_urlencoded::parse(token_request["body"].as_str().unwrap().as_bytes()) {
        if k == "code" || k == "code_verifier" {
            secrets.push(v.into_owned());
        }
    }
    assert!(secrets.len() >= 9);

    let all: String = runs
        .iter()
        .map(|r| format!("{}\n{}", r.stdout, r.stderr))
        .collect();
    assert!(all.contains("> POST"), "the trace ran: {all}");
    assert!(all.contains("client_secret=***"), "{all}");
    for s in &secrets {
        assert!(
            !all.contains(s.as_str()),
            "a secret leaked into the output: {all}"
        );
    }
}

#[test]
fn a_secret_on_the_command_line_is_warned_about() {
    let p = Provider::fake(json!({"auth": "basic"}));
    let user = User::new();
    let out = user
        .run(&[
            "--store",
            "file",
            "login",
            "--authorize-url",
            &format!("{}/authorize", p.base),
            "--token-url",
            &format!("{}/token", p.base),
            "--client-id",
            "fake-client",
            "--client-secret",
            "fake-secret",
            "--browser",
            &browser_cmd(),
        ])
        .ok();
    assert!(
        out.stderr
            .contains("warning: --client-secret VALUE is visible"),
        "{out:?}"
    );
    assert!(!out.stderr.contains("fake-secret"));
}
