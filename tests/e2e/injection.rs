//! CI injection against the real oidc-provider: a refresh token obtained by a normal login in one place,
//! then used from the environment alone by a user with empty config and data directories, which stay
//! empty (no token file, no lock file, no profile).

use crate::harness::*;

/// A refresh token from a browser login of `client` into a user of its own.
fn refresh_token_of(p: &Provider, client: &str, envs: &[(&str, &str)]) -> String {
    let elsewhere = User::new();
    elsewhere
        .run_with(&strs(&oidc_login_args(p, client)), envs)
        .ok();
    elsewhere.stored("default")["tokens"]["refresh_token"]
        .as_str()
        .unwrap()
        .to_string()
}

#[track_caller]
fn assert_dirs_empty(user: &User) {
    let left: Vec<_> = std::fs::read_dir(user.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "written in CI mode: {left:?}");
}

#[test]
fn token_print_and_userinfo_from_the_environment_alone() {
    let p = Provider::oidc(3600);
    let rt = refresh_token_of(
        &p,
        "basic-client",
        &[("OAUTHCTL_CLIENT_SECRET", BASIC_SECRET)],
    );
    let ci = User::new();
    let envs = [
        ("OAUTHCTL_REFRESH_TOKEN", rt.as_str()),
        ("OAUTHCTL_ISSUER", p.base.as_str()),
        ("OAUTHCTL_CLIENT_ID", "basic-client"),
        ("OAUTHCTL_CLIENT_SECRET", BASIC_SECRET),
    ];
    let refreshes = p.refresh_count();
    let printed = ci.run_with(&["token", "print"], &envs).ok();
    let token = printed.stdout.trim_end();
    assert!(!token.is_empty());
    assert!(!printed.stderr.contains(&rt), "{printed:?}");
    assert_eq!(p.refresh_count(), refreshes + 1, "refreshed first");
    let info = ci.run_with(&["userinfo", "-o", "json"], &envs).ok().json();
    assert_eq!(info["sub"], "alice");
    assert_dirs_empty(&ci);
}

#[test]
fn a_rotating_provider_spends_the_variable_and_says_so() {
    let p = Provider::oidc(3600);
    let rt = refresh_token_of(&p, "public-client", &[]);
    let ci = User::new();
    let run = ci
        .run_with(
            &["token", "print", "-o", "json"],
            &[
                ("OAUTHCTL_REFRESH_TOKEN", rt.as_str()),
                ("OAUTHCTL_ISSUER", p.base.as_str()),
                ("OAUTHCTL_CLIENT_ID", "public-client"),
            ],
        )
        .ok();
    assert!(run.json()["access_token"].as_str().is_some());
    assert_eq!(
        run.stderr
            .matches("OAUTHCTL_REFRESH_TOKEN is now spent")
            .count(),
        1,
        "{run:?}"
    );
    assert_dirs_empty(&ci);
}

#[test]
fn an_access_token_from_the_environment_is_used_as_is() {
    let p = Provider::oidc(3600);
    let ci = User::new();
    let run = ci
        .run_with(
            &["token", "print", "--header"],
            &[
                ("OAUTHCTL_ACCESS_TOKEN", "opaque-ci-token"),
                ("OAUTHCTL_ISSUER", p.base.as_str()),
                ("OAUTHCTL_CLIENT_ID", "public-client"),
            ],
        )
        .ok();
    assert_eq!(run.stdout, "Authorization: Bearer opaque-ci-token\n");
    assert_eq!(p.refresh_count(), 0);
    assert_dirs_empty(&ci);
}
