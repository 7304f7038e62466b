//! In-process tests of the settings that stick: the HTTP settings a login saves (`--ca-cert`,
//! `--timeout`, `--insecure`) and their precedence in later commands (flag > env > profile > default),
//! and `OAUTHCTL_CLIENT_SECRET`, which never changes a public client and is named when refused.

use crate::config::HttpSettings;
use crate::oauth::types::{AuthMethod, ClientSecret};
use crate::testkit::World;
use std::path::PathBuf;

/// The settings the last request to `path` went out with.
fn sent_with(w: &World, path: &str) -> HttpSettings {
    let seen = w.idp.seen_at(path);
    let last = seen
        .last()
        .unwrap_or_else(|| panic!("no request to {path}"));
    last.http
        .clone()
        .expect("the command configured the HTTP port")
}

fn settings(timeout_secs: u64, ca_cert: Option<PathBuf>, insecure: bool) -> HttpSettings {
    HttpSettings {
        timeout_secs,
        ca_cert,
        insecure,
        client_identity: None,
    }
}

#[test]
fn login_saves_the_http_settings_and_later_commands_use_them() {
    let w = World::new();
    w.login(&["--ca-cert", "certs/dev.pem", "--timeout", "7", "--insecure"])
        .ok();
    let profile = w.config.profile("default").unwrap();
    let ca = profile.ca_cert.clone().expect("the CA path is saved");
    // Relative at login, absolute in the profile: a refresh may run from any directory.
    assert!(ca.is_absolute() && ca.ends_with("certs/dev.pem"), "{ca:?}");
    assert_eq!((profile.timeout, profile.insecure), (Some(7), Some(true)));
    // The login itself (discovery first) already ran with them, the path as given.
    assert_eq!(
        sent_with(&w, "/.well-known/openid-configuration"),
        settings(7, Some("certs/dev.pem".into()), true)
    );

    w.run(&["token", "refresh"]).ok();
    assert_eq!(sent_with(&w, "/token"), settings(7, Some(ca.clone()), true));
    w.run(&["userinfo"]).ok();
    assert_eq!(sent_with(&w, "/userinfo"), settings(7, Some(ca), true));
}

#[test]
fn flags_win_over_the_saved_http_settings() {
    let w = World::new();
    w.login(&["--ca-cert", "/etc/dev.pem", "--timeout", "7", "--insecure"])
        .ok();
    w.run(&[
        "--ca-cert",
        "/etc/other.pem",
        "--timeout",
        "9",
        "--insecure=false",
        "token",
        "refresh",
    ])
    .ok();
    assert_eq!(
        sent_with(&w, "/token"),
        settings(9, Some("/etc/other.pem".into()), false)
    );
    // A one-off flag on a later command does not change the profile.
    let profile = w.config.profile("default").unwrap();
    assert_eq!(profile.ca_cert, Some("/etc/dev.pem".into()));
    assert_eq!((profile.timeout, profile.insecure), (Some(7), Some(true)));
}

#[test]
fn without_flags_or_profile_the_defaults_apply() {
    let w = World::new();
    w.login(&[]).ok();
    assert_eq!(sent_with(&w, "/token"), settings(30, None, false));
    let profile = w.config.profile("default").unwrap();
    assert_eq!(
        (profile.ca_cert, profile.timeout, profile.insecure),
        (None, None, None)
    );
}

#[test]
fn a_later_login_keeps_the_saved_http_settings_and_insecure_false_clears_one() {
    let w = World::new();
    w.login(&["--ca-cert", "/etc/dev.pem", "--insecure"]).ok();
    w.login(&[]).ok();
    assert_eq!(
        sent_with(&w, "/token"),
        settings(30, Some("/etc/dev.pem".into()), true)
    );
    let profile = w.config.profile("default").unwrap();
    assert_eq!(profile.ca_cert, Some("/etc/dev.pem".into()));
    assert_eq!(profile.insecure, Some(true));

    w.login(&["--insecure=false"]).ok();
    assert_eq!(w.config.profile("default").unwrap().insecure, None);
    w.run(&["token", "refresh"]).ok();
    assert!(!sent_with(&w, "/token").insecure);
}

const IGNORED: &str = "OAUTHCTL_CLIENT_SECRET is ignored: profile \"default\" is a public client";

#[test]
fn an_env_secret_never_turns_a_saved_public_profile_into_basic_auth() {
    let mut w = World::new();
    w.login(&[]).ok();
    assert_eq!(
        w.config.profile("default").unwrap().auth_method,
        Some(AuthMethod::None),
        "the default method is saved"
    );
    w.env.client_secret = Some(ClientSecret::new("meant-for-another-client"));
    let run = w.login(&[]);
    run.ok();
    assert!(run.stderr.contains(IGNORED), "{}", run.stderr);
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
    let token = w.idp.seen_at("/token").pop().unwrap();
    assert_eq!(token.header("authorization"), None);
    assert_eq!(token.form("client_id"), Some(crate::testkit::CLIENT_ID));
    let session = w.session();
    assert_eq!(session.auth_method, AuthMethod::None);
    assert!(session.client_secret.is_none(), "the secret was stored");
    assert!(!run.stderr.contains("meant-for-another-client"));
}

/// Profiles saved before the auth method was: the stored session says the client is public.
#[test]
fn an_env_secret_never_changes_a_public_session_saved_without_its_method() {
    let mut w = World::new();
    w.login(&[]).ok();
    let mut config = crate::ports::ConfigStore::load(&w.config).unwrap();
    config.profiles.get_mut("default").unwrap().auth_method = None;
    w.config.save(&config);
    w.env.client_secret = Some(ClientSecret::new("meant-for-another-client"));
    let run = w.login(&[]);
    run.ok();
    assert!(run.stderr.contains(IGNORED), "{}", run.stderr);
    assert_eq!(w.session().auth_method, AuthMethod::None);
}

#[test]
fn an_env_secret_is_ignored_with_auth_method_none_and_on_refresh_of_a_public_session() {
    let mut w = World::new();
    w.env.client_secret = Some(ClientSecret::new("meant-for-another-client"));
    let run = w.login(&["--auth-method", "none"]);
    run.ok();
    assert!(run.stderr.contains(IGNORED), "{}", run.stderr);
    assert!(w.session().client_secret.is_none());

    let run = w.run(&["token", "refresh"]);
    run.ok();
    assert!(run.stderr.contains(IGNORED), "{}", run.stderr);
}

/// A secret given by flag on a public profile means the client became confidential (the old default).
#[test]
fn a_secret_given_by_flag_still_makes_a_public_profile_confidential() {
    let w = World::new();
    w.login(&[]).ok();
    w.settings().client_secret = Some("s3cret".into());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secret");
    std::fs::write(&file, "s3cret\n").unwrap();
    let run = w.login(&["--client-secret-file", file.to_str().unwrap()]);
    run.ok();
    assert!(!run.stderr.contains("ignored"), "{}", run.stderr);
    assert_eq!(w.session().auth_method, AuthMethod::ClientSecretBasic);
    assert_eq!(
        w.config.profile("default").unwrap().auth_method,
        Some(AuthMethod::ClientSecretBasic)
    );
}

#[test]
fn invalid_client_names_the_variable_when_the_secret_came_from_it() {
    let mut w = World::with(|s| s.client_secret = Some("right".into()));
    w.env.client_secret = Some(ClientSecret::new("wrong"));
    let run = w.login(&[]);
    run.fails(3, "invalid_client");
    let hint = run.error.as_ref().unwrap().hint.clone().unwrap_or_default();
    assert!(hint.contains("OAUTHCTL_CLIENT_SECRET"), "{hint}");

    // Given by file, the secret is not the variable's: the usual hint.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secret");
    std::fs::write(&file, "wrong\n").unwrap();
    w.env.client_secret = None;
    let run = w.login(&["--client-secret-file", file.to_str().unwrap()]);
    run.fails(3, "invalid_client");
    let hint = run.error.as_ref().unwrap().hint.clone().unwrap_or_default();
    assert!(!hint.contains("OAUTHCTL_CLIENT_SECRET"), "{hint}");
}

#[test]
fn invalid_client_on_refresh_names_the_variable_when_the_secret_came_from_it() {
    let mut w = World::with(|s| s.client_secret = Some("right".into()));
    w.env.client_secret = Some(ClientSecret::new("right"));
    w.login(&[]).ok();
    w.env.client_secret = Some(ClientSecret::new("rotated-away"));
    let run = w.run(&["token", "refresh"]);
    run.fails(3, "invalid_client");
    let hint = run.error.as_ref().unwrap().hint.clone().unwrap_or_default();
    assert!(hint.contains("OAUTHCTL_CLIENT_SECRET"), "{hint}");
}
