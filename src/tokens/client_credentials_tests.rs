//! In-process tests of `login --client-credentials` and of the new tokens such a profile obtains later
//! (`token print`, `token refresh`, `userinfo`).

use crate::oauth::session::Grant;
use crate::oauth::types::ClientSecret;
use crate::testkit::{CLIENT_ID, ISSUER, T0, World};
use base64::Engine;
use std::sync::atomic::Ordering;

const SECRET: &str = "s3cret";

/// A confidential client's world, with the secret in `OAUTHCTL_CLIENT_SECRET`.
fn world() -> World {
    let mut w = World::with(|s| s.client_secret = Some(SECRET.into()));
    w.env.client_secret = Some(ClientSecret::new(SECRET));
    w
}

fn cc_login(w: &World, extra: &[&str]) -> crate::testkit::Run {
    let mut args = vec![
        "login",
        "--client-credentials",
        "--issuer",
        ISSUER,
        "--client-id",
        CLIENT_ID,
    ];
    args.extend_from_slice(extra);
    w.run(&args)
}

#[test]
fn login_sends_exactly_the_client_credentials_request() {
    let w = world();
    let run = cc_login(
        &w,
        &[
            "--scope",
            "api:read api:write",
            "--token-param",
            "audience=https://api.test",
        ],
    );
    run.ok();
    let sent: Vec<_> = w.idp.seen().iter().map(|s| s.path.clone()).collect();
    // Discovery and the token request: no preflight, no browser, no listener.
    assert_eq!(
        sent,
        ["/idp/.well-known/openid-configuration", "/idp/token"]
    );
    assert!(w.front.opened.lock().unwrap().is_empty(), "no browser");
    let token = &w.idp.seen_at("/token")[0];
    assert_eq!(
        token.form,
        [
            ("grant_type".to_string(), "client_credentials".to_string()),
            ("scope".to_string(), "api:read api:write".to_string()),
            ("audience".to_string(), "https://api.test".to_string()),
        ]
    );
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{SECRET}"));
    assert_eq!(
        token.header("authorization"),
        Some(format!("Basic {basic}").as_str())
    );
    let s = w.session();
    assert_eq!(s.grant, Grant::ClientCredentials);
    assert_eq!(s.tokens.access_token.secret(), "cc-1");
    assert!(s.tokens.refresh_token.is_none());
    assert!(
        run.stderr
            .contains("logged in; granted scope: api:read api:write"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(SECRET) && !run.stdout.contains("cc-1"));
}

#[test]
fn login_json_output_is_the_login_summary() {
    let w = world();
    let doc = cc_login(&w, &["-o", "json", "--auth-method", "client_secret_post"]).json();
    assert_eq!(doc["profile"], "default");
    assert_eq!(doc["has_refresh_token"], false);
    assert_eq!(doc["expires_at"], T0 + 3600);
    assert!(doc.get("access_token").is_none(), "{doc}");
    let token = &w.idp.seen_at("/token")[0];
    assert_eq!(token.form("client_secret"), Some(SECRET));
    assert_eq!(
        token.form("scope"),
        None,
        "no default `openid` for this grant"
    );
}

#[test]
fn a_public_client_is_refused() {
    let w = world();
    cc_login(&w, &["--auth-method", "none"]).fails(2, "needs client authentication");
    let w = World::with(|s| s.client_secret = Some(SECRET.into()));
    cc_login(&w, &[]).fails(2, "needs client authentication");
    assert!(w.idp.seen_at("/token").is_empty());
    assert!(w.stores.items.lock().unwrap().is_empty());
}

#[test]
fn an_id_token_in_the_answer_is_dropped_with_a_warning() {
    let w = world();
    w.settings().client_credentials_id_token = true;
    let run = cc_login(&w, &[]);
    run.ok();
    assert!(
        run.stderr
            .contains("sent an ID token with the client credentials grant"),
        "{}",
        run.stderr
    );
    assert!(w.session().tokens.id_token.is_none());
}

#[test]
fn the_profile_saves_the_grant_and_a_later_login_repeats_it() {
    let w = world();
    cc_login(&w, &["--scope", "api"]).ok();
    assert_eq!(
        w.config.profile("default").unwrap().client_credentials,
        Some(true)
    );
    w.run(&["login"]).ok();
    let again = w.idp.seen_at("/token");
    assert_eq!(again.len(), 2);
    assert_eq!(again[1].form("grant_type"), Some("client_credentials"));
    assert_eq!(again[1].form("scope"), Some("api"));
    // `=false` turns it off: back to the code grant, and the profile forgets it.
    w.run(&["login", "--client-credentials=false"]).ok();
    assert_eq!(
        w.config.profile("default").unwrap().client_credentials,
        None
    );
    assert_eq!(w.session().grant, Grant::AuthorizationCode);
}

#[test]
fn token_print_obtains_a_new_token_on_expiry_and_not_before() {
    let w = world();
    cc_login(&w, &["--scope", "api"]).ok();
    w.lock_asked.store(0, Ordering::SeqCst);
    w.advance(3600 - 61);
    assert_eq!(w.run(&["token", "print"]).ok().stdout, "cc-1\n");
    assert_eq!(w.idp.seen_at("/token").len(), 1, "still valid: no request");
    w.advance(1);
    let run = w.run(&["token", "print"]);
    assert_eq!(run.ok().stdout, "cc-2\n");
    let tokens = w.idp.seen_at("/token");
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[1].form("grant_type"), Some("client_credentials"));
    assert_eq!(tokens[1].form("scope"), Some("api"));
    assert!(tokens[1].under_lock, "obtained under the profile lock");
    let s = w.session();
    assert_eq!(s.tokens.access_token.secret(), "cc-2");
    assert_eq!(s.tokens.expires_at, Some(T0 + 3600 - 60 + 3600));
}

#[test]
fn the_stored_secret_serves_later_commands() {
    let mut w = world();
    cc_login(&w, &[]).ok();
    w.env.client_secret = None;
    w.advance(3600);
    assert_eq!(w.run(&["token", "print"]).ok().stdout, "cc-2\n");
}

#[test]
fn token_refresh_always_obtains_a_new_token_and_userinfo_retries_with_one() {
    let w = world();
    cc_login(&w, &[]).ok();
    let doc = w.run(&["token", "refresh", "-o", "json"]).ok().json();
    assert_eq!(doc["has_refresh_token"], false);
    assert_eq!(w.session().tokens.access_token.secret(), "cc-2");
    w.settings().userinfo_401s = 1;
    w.run(&["userinfo"]).ok();
    assert_eq!(w.session().tokens.access_token.secret(), "cc-3");
}

#[test]
fn status_calls_an_expired_client_credentials_token_renewable() {
    let w = world();
    cc_login(&w, &[]).ok();
    w.advance(3600);
    let run = w.run(&["status", "-p", "default", "-o", "json"]);
    assert_eq!(run.ok().json()[0]["login_needed"], false);
}

#[test]
fn the_token_endpoint_alone_is_enough() {
    let w = world();
    let token = format!("{ISSUER}/token");
    w.run(&[
        "login",
        "--client-credentials",
        "--client-id",
        CLIENT_ID,
        "--token-url",
        &token,
    ])
    .ok();
    let sent: Vec<_> = w.idp.seen().iter().map(|s| s.path.clone()).collect();
    assert_eq!(sent, ["/idp/token"]);
    let s = w.session();
    assert_eq!(s.provider.authorize_url, None);
    assert_eq!(s.grant, Grant::ClientCredentials);
    w.advance(3600);
    assert_eq!(w.run(&["token", "print"]).ok().stdout, "cc-2\n");
}

/// A client credentials profile saved in the config (a fleet of them in a CI repository) and never
/// logged in on this machine: the secret from the environment is enough, and nothing is written.
#[test]
fn a_saved_profile_never_logged_in_obtains_a_token_in_memory() {
    let w = world();
    *w.config.0.lock().unwrap() = format!(
        "[profiles.default]\nissuer = \"{ISSUER}\"\nclient_id = \"{CLIENT_ID}\"\nclient_credentials = true\n"
    );
    let config_before = w.config.0.lock().unwrap().clone();
    let run = w.run(&["token", "print"]);
    assert_eq!(run.ok().stdout, "cc-1\n");
    assert_eq!(
        w.idp.seen_at("/token")[0].form("grant_type"),
        Some("client_credentials")
    );
    assert!(w.stores.items.lock().unwrap().is_empty(), "nothing stored");
    assert!(w.stores.writes.lock().unwrap().is_empty(), "nothing stored");
    assert_eq!(*w.config.0.lock().unwrap(), config_before);
    assert_eq!(w.lock_asked.load(Ordering::SeqCst), 0, "no lock file");
}

/// With no config at all: the login variables name the grant, as in a CI job.
#[test]
fn the_variables_alone_obtain_a_token_and_smoke_passes() {
    let mut w = world();
    for (k, v) in [
        ("OAUTHCTL_ISSUER", ISSUER),
        ("OAUTHCTL_CLIENT_ID", CLIENT_ID),
        ("OAUTHCTL_CLIENT_CREDENTIALS", "1"),
    ] {
        w.env.login_vars.insert(k.into(), v.into());
    }
    assert_eq!(w.run(&["token", "print"]).ok().stdout, "cc-1\n");
    // (The scripted provider's metadata fails the lint: the discovery check, not this one.)
    let doc = w.run(&["smoke", "-o", "json"]).json();
    let checks = &doc["profiles"][0]["checks"];
    assert_eq!(checks[2]["name"], "token");
    assert_eq!(checks[2]["status"], "pass", "{doc}");
    assert!(w.stores.items.lock().unwrap().is_empty(), "nothing stored");
    assert_eq!(*w.config.0.lock().unwrap(), "");
}

/// Any other profile without stored tokens is "log in" at once, before any request.
#[test]
fn a_profile_of_another_grant_without_tokens_sends_nothing() {
    let w = world();
    *w.config.0.lock().unwrap() =
        format!("[profiles.default]\nissuer = \"{ISSUER}\"\nclient_id = \"{CLIENT_ID}\"\n");
    w.run(&["token", "print"]).fails(5, "no stored tokens");
    assert!(w.idp.seen().is_empty());
}

/// Without a credential at hand, a client credentials profile with nothing stored (after a logout, a
/// revocation) needs a login, as any other.
#[test]
fn a_saved_profile_without_a_secret_at_hand_needs_a_login() {
    let mut w = world();
    w.env.client_secret = None;
    *w.config.0.lock().unwrap() = format!(
        "[profiles.default]\nissuer = \"{ISSUER}\"\nclient_id = \"{CLIENT_ID}\"\nclient_credentials = true\n"
    );
    w.run(&["token", "print"]).fails(5, "no stored tokens");
    assert!(w.idp.seen().is_empty());
}
