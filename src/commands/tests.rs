//! In-process tests of `userinfo`, `logout`, `status` and `token show` against the scripted provider.

use crate::adapters::store::StoreKind;
use crate::testkit::{T0, World};
use serde_json::json;

fn logged_in(setup: impl FnOnce(&mut crate::testkit::idp::IdpSettings)) -> World {
    let w = World::with(setup);
    w.login(&[]).ok();
    w
}

#[test]
fn userinfo_returns_the_claims() {
    let w = logged_in(|_| {});
    let run = w.run(&["userinfo", "-o", "json"]);
    run.ok();
    assert_eq!(
        run.json(),
        json!({"sub": "alice", "email": "alice@example.test"})
    );
    let call = &w.idp.seen_at("/userinfo")[0];
    assert_eq!(call.header("authorization"), Some("Bearer at-2"));
}

#[test]
fn userinfo_refreshes_and_retries_once_on_401() {
    let w = logged_in(|s| s.userinfo_401s = 1);
    w.run(&["userinfo"]).ok();
    let calls = w.idp.seen_at("/userinfo");
    assert_eq!(calls.len(), 2);
    assert_eq!(w.idp.refreshes(), 1);
    assert_eq!(calls[0].header("authorization"), Some("Bearer at-2"));
    assert_eq!(calls[1].header("authorization"), Some("Bearer at-3"));
}

#[test]
fn userinfo_retries_only_once() {
    let w = logged_in(|s| s.userinfo_401s = 5);
    w.run(&["userinfo"]).fails(1, "HTTP 401");
    assert_eq!(w.idp.seen_at("/userinfo").len(), 2);
    assert_eq!(w.idp.refreshes(), 1);
}

#[test]
fn userinfo_without_a_refresh_token_does_not_retry() {
    let w = logged_in(|s| {
        s.issue_refresh_token = false;
        s.userinfo_401s = 1;
    });
    w.run(&["userinfo"]).fails(1, "HTTP 401");
    assert_eq!(w.idp.seen_at("/userinfo").len(), 1);
}

#[test]
fn userinfo_refreshes_an_expired_token_first() {
    let w = logged_in(|_| {});
    w.advance(3600);
    w.run(&["userinfo"]).ok();
    assert_eq!(w.idp.refreshes(), 1);
    assert_eq!(w.idp.seen_at("/userinfo").len(), 1);
}

#[test]
fn userinfo_about_another_subject_is_refused() {
    let w =
        logged_in(|s| s.userinfo_claims = json!({"sub": "mallory"}).as_object().unwrap().clone());
    let run = w.run(&["userinfo", "-o", "json"]);
    run.fails(6, "subject");
    assert!(run.stdout.is_empty());
}

/// OIDC Core §5.3.2: userinfo must carry `sub` as a string equal to the ID token's; an answer without one
/// cannot be tied to the logged-in user.
#[test]
fn userinfo_without_a_string_sub_is_refused() {
    for sub in [
        None,
        Some(json!(null)),
        Some(json!(7)),
        Some(json!(["alice"])),
    ] {
        let w = logged_in(|s| match &sub {
            None => s.userinfo_claims = json!({"sub": null}).as_object().unwrap().clone(),
            Some(v) => s.userinfo_raw = json!({"sub": v}).as_object().unwrap().clone(),
        });
        let run = w.run(&["userinfo", "-o", "json"]);
        run.fails(6, "sub");
        assert!(run.stdout.is_empty(), "{sub:?}");
    }
}

#[test]
fn logout_revokes_the_refresh_token_first_then_the_access_token_then_deletes() {
    let w = logged_in(|_| {});
    let run = w.run(&["logout", "-o", "json"]);
    run.ok();
    assert_eq!(
        run.json(),
        json!({"deleted": true, "profile": "default", "revoked": true})
    );
    let revoked: Vec<(Option<String>, Option<String>)> = w
        .idp
        .seen_at("/revoke")
        .iter()
        .map(|r| {
            (
                r.form("token").map(str::to_string),
                r.form("token_type_hint").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        revoked,
        [
            (Some("rt-2".into()), Some("refresh_token".into())),
            (Some("at-2".into()), Some("access_token".into()))
        ]
    );
    assert!(w.session_of("default").is_none());
    let again = w.run(&["logout", "-o", "json"]);
    assert_eq!(again.json()["deleted"], false);
}

#[test]
fn logout_without_a_revocation_endpoint_only_deletes() {
    let w = logged_in(|s| s.revocation = false);
    let run = w.run(&["logout", "-o", "json"]);
    assert_eq!(run.json()["revoked"], false);
    assert_eq!(run.json()["deleted"], true);
    assert!(w.idp.seen_at("/revoke").is_empty());
}

#[test]
fn status_shows_every_state() {
    let w = World::new();
    for profile in ["valid", "refreshable", "expired", "none"] {
        w.run(&[
            "-p",
            profile,
            "login",
            "--issuer",
            crate::testkit::ISSUER,
            "--client-id",
            "cli",
            "--scope",
            "openid",
        ])
        .ok();
    }
    let mut expired = w.session_of("expired").unwrap();
    expired.tokens.refresh_token = None;
    expired.tokens.expires_at = Some(T0 + 30);
    w.stores.put(StoreKind::Keyring, "expired", &expired);
    let mut refreshable = w.session_of("refreshable").unwrap();
    refreshable.tokens.expires_at = Some(T0 + 60);
    w.stores
        .put(StoreKind::Keyring, "refreshable", &refreshable);
    w.stores
        .items
        .lock()
        .unwrap()
        .remove(&(StoreKind::Keyring, "none".into()));
    w.run(&[
        "-p",
        "broken",
        "login",
        "--issuer",
        crate::testkit::ISSUER,
        "--client-id",
        "cli",
    ])
    .ok();
    w.stores
        .items
        .lock()
        .unwrap()
        .insert((StoreKind::Keyring, "broken".into()), "{not json".into());

    let rows = w.run(&["status", "-o", "json"]).json();
    let states: Vec<(String, String, bool)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["profile"].as_str().unwrap().to_string(),
                r["state"].as_str().unwrap().to_string(),
                r["login_needed"].as_bool().unwrap(),
            )
        })
        .collect();
    let expect = [
        ("broken", "unreadable", true),
        ("expired", "expired", true),
        ("none", "none", true),
        ("refreshable", "refreshable", false),
        ("valid", "valid", false),
    ];
    let expect: Vec<(String, String, bool)> = expect
        .iter()
        .map(|(p, s, l)| (p.to_string(), s.to_string(), *l))
        .collect();
    assert_eq!(states, expect);
    assert_eq!(rows[4]["expires_at"], T0 + 3600);
    assert_eq!(rows[4]["store"], "keyring");
    assert_eq!(rows[4]["provider"], crate::testkit::ISSUER);
    let human = w.run(&["status"]).stdout;
    assert!(
        human.contains("valid until 2027-01-15T09:00:00Z"),
        "{human}"
    );
    assert!(human.contains("expired, refreshable"), "{human}");
    assert!(human.contains("no tokens: login needed"), "{human}");
}

#[test]
fn status_reads_no_network() {
    let w = logged_in(|_| {});
    let before = w.idp.seen().len();
    w.advance(10_000);
    w.run(&["status"]).ok();
    assert_eq!(w.idp.seen().len(), before);
}

#[test]
fn status_without_profiles_says_how_to_start() {
    let w = World::new();
    assert_eq!(
        w.run(&["status"]).stdout,
        "no profiles yet: run `oauthctl login`\n"
    );
}

#[test]
fn token_show_hides_raw_tokens_unless_asked() {
    let w = logged_in(|_| {});
    let doc = w.run(&["token", "show", "-o", "json"]).json();
    assert_eq!(doc["client_id"], "cli");
    assert_eq!(doc["store"], "keyring");
    assert_eq!(doc["obtained_at"], T0);
    assert_eq!(doc["id_token_claims"]["sub"], "alice");
    assert!(doc.get("access_token").is_none() && doc.get("refresh_token").is_none());
    let human = w.run(&["token", "show"]).stdout;
    assert!(
        !human.contains("at-2") && !human.contains("rt-2"),
        "{human}"
    );
    assert!(
        human.contains("expires_at: 2027-01-15T09:00:00Z (1800003600)"),
        "{human}"
    );
    let doc = w
        .run(&["token", "show", "--show-tokens", "-o", "json"])
        .json();
    assert_eq!(doc["access_token"], "at-2");
    assert_eq!(doc["refresh_token"], "rt-2");
}

/// Past the threshold where status reads the stores on two threads, rows keep the profiles' order and
/// each its own state.
#[test]
fn status_over_many_profiles_keeps_order_and_states() {
    use crate::ports::ConfigStore;
    let w = logged_in(|_| {});
    let session = w.session();
    let mut config = w.config.load().unwrap();
    let template = config.profiles["default"].clone();
    let mut expect = vec![("default".to_string(), "valid")];
    for i in 0..100 {
        let name = format!("p{i:03}");
        config.profiles.insert(name.clone(), template.clone());
        let state = match i % 3 {
            0 => "none",
            1 => "valid",
            _ => "refreshable",
        };
        if state != "none" {
            let mut s = session.clone();
            if state == "refreshable" {
                s.tokens.expires_at = Some(T0 + 10);
            }
            w.stores.put(StoreKind::Keyring, &name, &s);
        }
        expect.push((name, state));
    }
    w.config.save(&config);
    let rows = w.run(&["status", "-o", "json"]).json();
    let got: Vec<(String, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["profile"].as_str().unwrap().to_string(),
                r["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, expect);
}

/// Runs `args` while another process holds the profile lock for `hold`; returns how long the run took.
fn run_against_held_lock(
    w: &World,
    args: &[&str],
    hold: std::time::Duration,
) -> std::time::Duration {
    let guard = w.hold_lock("default");
    let started = std::time::Instant::now();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            std::thread::sleep(hold);
            drop(guard);
        });
        w.run(args).ok();
    });
    started.elapsed()
}

#[test]
fn logout_waits_for_a_refresh_in_flight_and_works_under_the_lock() {
    let w = logged_in(|_| {});
    w.stores.writes.lock().unwrap().clear();
    let hold = std::time::Duration::from_millis(300);
    assert!(run_against_held_lock(&w, &["logout"], hold) >= hold);
    assert!(w.session_of("default").is_none());
    assert!(w.idp.seen_at("/revoke").iter().all(|r| r.under_lock));
    let writes = w.stores.writes.lock().unwrap().clone();
    assert!(
        !writes.is_empty() && writes.iter().all(|(_, locked)| *locked),
        "{writes:?}"
    );
}

#[test]
fn login_writes_under_the_profile_lock() {
    let w = World::new();
    let hold = std::time::Duration::from_millis(300);
    let took = run_against_held_lock(
        &w,
        &[
            "login",
            "--issuer",
            crate::testkit::ISSUER,
            "--client-id",
            "cli",
        ],
        hold,
    );
    assert!(took >= hold);
    let writes = w.stores.writes.lock().unwrap().clone();
    assert!(writes.contains(&("save", true)), "{writes:?}");
    assert!(writes.iter().all(|(_, locked)| *locked), "{writes:?}");
}

#[test]
fn logout_revokes_and_deletes_a_copy_left_in_the_other_store() {
    let w = logged_in(|_| {});
    let mut stale = w.session();
    stale.tokens.refresh_token = Some(crate::oauth::types::RefreshToken::new("rt-old"));
    w.stores.put(StoreKind::File, "default", &stale);
    let run = w.run(&["logout", "-o", "json"]);
    assert_eq!(run.json()["deleted"], true);
    assert!(w.stores.items.lock().unwrap().is_empty(), "a copy survived");
    let revoked: Vec<String> = w
        .idp
        .seen_at("/revoke")
        .iter()
        .filter_map(|r| r.form("token").map(str::to_string))
        .collect();
    assert!(revoked.contains(&"rt-2".to_string()) && revoked.contains(&"rt-old".to_string()));
}

#[test]
fn logout_deletes_an_unreadable_token_set() {
    let w = logged_in(|_| {});
    w.stores.items.lock().unwrap().insert(
        (StoreKind::Keyring, "default".into()),
        "{\"version\": 99}".into(),
    );
    let run = w.run(&["logout", "-o", "json"]);
    run.ok();
    assert_eq!(run.json()["deleted"], true);
    assert!(
        run.stderr.contains("deleting it unrevoked"),
        "{}",
        run.stderr
    );
    assert!(w.stores.items.lock().unwrap().is_empty());
}

#[test]
fn moving_a_profile_to_another_store_deletes_the_old_copy() {
    let w = logged_in(|_| {});
    assert!(w.stores.get(StoreKind::Keyring, "default").is_some());
    w.login(&["--store", "file"]).ok();
    assert!(
        w.stores.get(StoreKind::Keyring, "default").is_none(),
        "old copy kept"
    );
    assert!(w.stores.get(StoreKind::File, "default").is_some());
    assert_eq!(
        w.config.profile("default").unwrap().store,
        Some(StoreKind::File)
    );
}

#[test]
fn a_login_whose_config_write_fails_keeps_the_previous_tokens() {
    let w = logged_in(|_| {});
    let before = w.session();
    *w.config.1.lock().unwrap() = true;
    w.login(&[]).fails(1, "config");
    assert_eq!(
        w.session().tokens.access_token.secret(),
        before.tokens.access_token.secret()
    );
    let fresh = World::new();
    *fresh.config.1.lock().unwrap() = true;
    fresh.login(&[]).fails(1, "config");
    assert!(
        fresh.stores.items.lock().unwrap().is_empty(),
        "tokens without a profile"
    );
}

#[test]
fn store_auto_falls_back_to_the_file_store_when_the_keyring_refuses_the_write() {
    let w = World::new();
    *w.stores.keyring_refuses_saves.lock().unwrap() = true;
    let run = w.login(&[]);
    run.ok();
    assert!(
        run.stderr.contains("the OS keyring refused the tokens"),
        "{}",
        run.stderr
    );
    assert!(w.stores.get(StoreKind::File, "default").is_some());
    assert_eq!(
        w.config.profile("default").unwrap().store,
        Some(StoreKind::File)
    );
    let w = World::new();
    *w.stores.keyring_refuses_saves.lock().unwrap() = true;
    w.login(&["--store", "keyring"]).fails(1, "locked");
    assert!(w.stores.items.lock().unwrap().is_empty());
}

#[test]
fn status_never_reads_a_store_for_an_invalid_profile_name() {
    let w = logged_in(|_| {});
    let mut config = crate::ports::ConfigStore::load(&w.config).unwrap();
    let template = config.profiles["default"].clone();
    config.profiles.insert("../elsewhere/x".into(), template);
    w.config.save(&config);
    let session = w.session();
    w.stores.put(StoreKind::Keyring, "../elsewhere/x", &session);
    let rows = w.run(&["status", "-o", "json"]).json();
    assert_eq!(rows[0]["profile"], "../elsewhere/x");
    assert_eq!(rows[0]["state"], "unreadable");
}

/// M7: an access token with CR/LF would inject headers through `token print --header`; the login refuses
/// it with exit 1 and stores nothing.
#[test]
fn a_login_with_a_header_injecting_access_token_stores_nothing() {
    let w = World::with(|s| {
        s.token_patch = json!({"access_token": "at\r\nX-Injected: 1"})
            .as_object()
            .unwrap()
            .clone()
    });
    let run = w.login(&[]);
    run.fails(1, "printable ASCII");
    assert!(!run.stderr.contains("Injected"), "{}", run.stderr);
    assert!(w.session_of("default").is_none());
}

/// M7 on refresh: a rotated refresh token with an escape sequence is refused and the stored set stays.
#[test]
fn a_refresh_with_an_escape_in_the_refresh_token_is_refused_and_the_set_stays() {
    let w = logged_in(|_| {});
    let before = w.session();
    w.settings().token_patch = json!({"refresh_token": "rt\u{1b}]0;pwned\u{7}"})
        .as_object()
        .unwrap()
        .clone();
    let run = w.run(&["token", "refresh"]);
    run.fails(1, "`refresh_token`");
    assert!(!run.stderr.contains("pwned"), "{}", run.stderr);
    let after = w.session();
    assert_eq!(
        after.tokens.refresh_token.unwrap().secret(),
        before.tokens.refresh_token.unwrap().secret()
    );
    assert_eq!(
        after.tokens.access_token.secret(),
        before.tokens.access_token.secret()
    );
}

/// A provider answering `expires_in: -1` used to abort the login: the token is kept as already expired,
/// and the next use refreshes it.
#[test]
fn a_negative_expires_in_logs_in_with_an_expired_token() {
    let w = World::with(|s| s.token_patch = json!({"expires_in": -1}).as_object().unwrap().clone());
    w.login(&[]).ok();
    assert_eq!(w.session().tokens.expires_at, Some(T0));
    w.settings().token_patch.clear();
    w.run(&["token", "print"]).ok();
    assert_eq!(w.idp.refreshes(), 1);
}

/// No raw control, bidi or zero-width character from the provider reaches the terminal.
fn assert_terminal_safe(text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| *c != '\n' && crate::oauth::error::is_unsafe_char(*c))
        .collect();
    assert!(bad.is_empty(), "unsafe {bad:?} in {text:?}");
}

#[test]
fn token_show_escapes_provider_strings() {
    let w = logged_in(|s| {
        s.id_claims = json!({"name": "Eve\u{1b}[2J\u{202e}evil", "org\u{200b}": "\u{9b}31m"})
            .as_object()
            .unwrap()
            .clone();
        s.token_patch = json!({"scope": "openid\u{2066} admin\u{feff}"})
            .as_object()
            .unwrap()
            .clone();
    });
    let human = w.run(&["token", "show"]).ok().stdout.clone();
    assert_terminal_safe(&human);
    assert!(
        human.contains(r"scope: openid\u{2066} admin\u{feff}"),
        "{human}"
    );
    assert!(human.contains(r"Eve\u001b[2J\u{202e}evil"), "{human}");
    assert!(human.contains(r#""org\u{200b}": "\u{009b}31m""#), "{human}");
}

#[test]
fn status_escapes_the_provider_column() {
    let w = logged_in(|_| {});
    let text = w.config.0.lock().unwrap().clone();
    let hostile = format!("{}\\u001B[2J\\u202E\\u200B", crate::testkit::ISSUER);
    assert!(text.contains(crate::testkit::ISSUER), "{text}");
    *w.config.0.lock().unwrap() = text.replace(crate::testkit::ISSUER, &hostile);
    let human = w.run(&["status"]).ok().stdout.clone();
    assert_terminal_safe(&human);
    assert!(human.contains(r"01b}[2J\u{202e}\u{200b}"), "{human}");
}

#[test]
fn userinfo_human_output_escapes_provider_strings() {
    let w = logged_in(|s| {
        s.userinfo_claims =
            json!({"name": "Eve\u{9b}2J\u{202e}\u{200d}x", "email": "e\u{1b}]0;t\u{7}"})
                .as_object()
                .unwrap()
                .clone()
    });
    let human = w.run(&["userinfo"]).ok().stdout.clone();
    assert_terminal_safe(&human);
    assert!(
        human.contains(r#""name": "Eve\u{009b}2J\u{202e}\u{200d}x""#),
        "{human}"
    );
    // JSON output is data: exact, with serde's own escaping.
    let doc = w.run(&["userinfo", "-o", "json"]).json();
    assert_eq!(doc["name"], "Eve\u{9b}2J\u{202e}\u{200d}x");
}

/// H2, for sessions a login did not check (stored earlier, or a secret that only came later from the
/// environment): logout never sends the client secret to a revocation endpoint off the token endpoint's
/// origin.
#[test]
fn logout_never_sends_the_secret_to_a_revocation_endpoint_on_another_origin() {
    let mut w = logged_in(|_| {});
    let mut session = w.session();
    session.provider.revocation_url =
        Some(url::Url::parse("http://127.0.0.2:9/idp/revoke").unwrap());
    // A confidential client's session: a public one never takes the variable's secret.
    session.auth_method = crate::oauth::types::AuthMethod::ClientSecretBasic;
    w.stores.put(StoreKind::Keyring, "default", &session);
    w.env.client_secret = Some(crate::oauth::types::ClientSecret::new("s3cret"));
    let run = w.run(&["logout", "-o", "json"]);
    run.ok();
    assert!(
        w.idp.seen_at("/revoke").is_empty(),
        "the secret went off origin"
    );
    assert_eq!(run.json()["deleted"], true);
    assert_eq!(run.json()["revoked"], false);
    assert!(run.stderr.contains("not revoking"), "{}", run.stderr);
    assert!(!run.stderr.contains("s3cret"));
}

/// `profile set userinfo_url` after a login without one: `userinfo` uses it with the stored tokens, no new
/// login needed; a profile re-pointed at another token endpoint does not lend its URL to the old tokens.
#[test]
fn a_userinfo_url_added_to_the_profile_is_used_while_the_profile_names_the_same_provider() {
    use crate::testkit::idp::ISSUER;
    let w = World::new();
    let authorize = format!("{ISSUER}/authorize");
    let token = format!("{ISSUER}/token");
    let userinfo = format!("{ISSUER}/userinfo");
    w.run(&[
        "login",
        "--authorize-url",
        &authorize,
        "--token-url",
        &token,
        "--client-id",
        crate::testkit::CLIENT_ID,
        "--scope",
        "profile",
    ])
    .ok();
    let run = w.run(&["userinfo"]);
    run.fails(2, "no userinfo endpoint");
    assert!(
        run.stderr.contains("profile set userinfo_url"),
        "{}",
        run.stderr
    );
    assert!(w.idp.seen_at("/userinfo").is_empty());

    w.run(&["profile", "set", "userinfo_url", &userinfo]).ok();
    w.run(&["userinfo", "-o", "json"]).ok();
    assert_eq!(w.idp.seen_at("/userinfo").len(), 1);

    let elsewhere = "http://127.0.0.1:9/other/token";
    w.run(&["profile", "set", "token_url", elsewhere]).ok();
    w.run(&["userinfo"]).fails(2, "no userinfo endpoint");
    assert_eq!(
        w.idp.seen_at("/userinfo").len(),
        1,
        "the token followed a re-pointed profile"
    );
}
