//! In-process tests of `login --device` (RFC 8628) against the scripted provider, on fake time: the
//! polls and their times, `slow_down`, every way the wait ends, and nothing stored unless it succeeded.

use crate::oauth::device::GRANT_TYPE;
use crate::oauth::session::Grant;
use crate::oauth::types::ClientSecret;
use crate::testkit::idp::{POLL_REFUSED, POLL_TIMED_OUT};
use crate::testkit::{CLIENT_ID, ISSUER, T0, World};
use serde_json::json;

#[track_caller]
fn nothing_stored(w: &World) {
    assert!(w.stores.items.lock().unwrap().is_empty(), "tokens stored");
    assert!(w.config.profile("default").is_none(), "profile saved");
}

fn device_world(polls: &[&'static str]) -> World {
    let w = World::new();
    w.settings().device_polls = polls.to_vec();
    w
}

/// The times of the token endpoint's polls, relative to the start.
fn poll_times(w: &World) -> Vec<u64> {
    w.idp.seen_at("/token").iter().map(|s| s.at - T0).collect()
}

#[test]
fn polls_at_the_interval_slows_down_by_five_seconds_and_stores_the_verified_set() {
    let w = device_world(&[
        "authorization_pending",
        "slow_down",
        "authorization_pending",
    ]);
    let run = w.login(&["--device", "-o", "json"]);
    run.ok();

    let device = &w.idp.seen_at("/device")[0];
    assert_eq!(device.form("client_id"), Some(CLIENT_ID));
    assert_eq!(device.form("scope"), Some("openid offline_access"));
    // pending at 5, slow_down at 10, then every 10 s: pending at 20, the tokens at 30.
    assert_eq!(poll_times(&w), [5, 10, 20, 30]);
    for poll in w.idp.seen_at("/token") {
        assert_eq!(poll.form("grant_type"), Some(GRANT_TYPE));
        assert_eq!(poll.form("device_code"), Some("dc-1"));
        assert_eq!(poll.form("client_id"), Some(CLIENT_ID));
    }
    assert!(
        w.front.opened.lock().unwrap().is_empty(),
        "no browser in the device grant"
    );

    let session = w.session();
    assert_eq!(session.tokens.access_token.secret(), "at-2");
    assert_eq!(session.tokens.expires_at, Some(T0 + 30 + 3600));
    assert_eq!(session.provider.issuer.as_deref(), Some(ISSUER));
    assert_eq!(
        session.provider.device_authorization_url.unwrap().as_str(),
        format!("{ISSUER}/device")
    );
    let doc = run.json();
    assert_eq!(doc["id_token_claims"]["sub"], "alice");
    assert_eq!(doc["has_refresh_token"], true);
    assert!(
        run.stderr.contains("every 10 s from now on"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_code_and_the_urls_go_to_stderr_never_stdout() {
    let w = World::new();
    let run = w.login(&["--device", "-o", "json"]);
    run.ok();
    assert!(
        run.stderr
            .contains(&format!("open {ISSUER}/device on any device"))
    );
    assert!(run.stderr.contains("  WDJB-MJHT\n"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("{ISSUER}/device?user_code=WDJB-MJHT")),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("WDJB") && !run.stdout.contains("/device"));
    assert!(
        run.stderr
            .contains("Waiting up to 600 s for the code to be entered (Ctrl-C to cancel)")
    );
    // The device code is a credential: never shown.
    assert!(!run.stdout.contains("dc-1") && !run.stderr.contains("dc-1"));
    // Human output too: the code on stderr, stdout empty.
    let w = World::new();
    let run = w.login(&["--device"]);
    run.ok();
    assert!(run.stderr.contains("WDJB-MJHT"));
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn access_denied_is_exit_3_and_stores_nothing() {
    let w = device_world(&["authorization_pending", "access_denied"]);
    let run = w.login(&["--device"]);
    run.fails(3, "access_denied");
    assert!(run.stderr.contains("hint: the request was refused"));
    assert_eq!(poll_times(&w), [5, 10]);
    nothing_stored(&w);
}

#[test]
fn expired_token_is_exit_3_and_stores_nothing() {
    let w = device_world(&["expired_token"]);
    w.login(&["--device"]).fails(3, "expired_token");
    nothing_stored(&w);
}

#[test]
fn the_wait_ends_at_expires_in_with_exit_4() {
    let w = device_world(&["authorization_pending"; 20]);
    w.settings().device_patch = json!({"expires_in": 12}).as_object().cloned().unwrap();
    let run = w.login(&["--device"]);
    run.fails(
        4,
        "the device code expired before the login was completed (12 s)",
    );
    // Polls at 5 and 10; the wait for the third ends at the expiry (12), with no poll of a dead code.
    assert_eq!(poll_times(&w), [5, 10]);
    assert_eq!(w.clock.load(std::sync::atomic::Ordering::SeqCst), T0 + 12);
    nothing_stored(&w);
}

#[test]
fn the_interval_defaults_to_five_seconds_and_the_provider_may_set_it() {
    let w = device_world(&["authorization_pending"]);
    w.settings().device_patch = json!({"interval": null}).as_object().cloned().unwrap();
    w.login(&["--device"]).ok();
    assert_eq!(poll_times(&w), [5, 10]);
    let w = device_world(&["authorization_pending"]);
    w.settings().device_patch = json!({"interval": 2}).as_object().cloned().unwrap();
    w.login(&["--device"]).ok();
    assert_eq!(poll_times(&w), [2, 4]);
}

#[test]
fn ctrl_c_while_waiting_is_exit_130_and_stores_nothing() {
    let w = device_world(&["authorization_pending"]);
    *w.console.interrupt.lock().unwrap() = true;
    let run = w.login(&["--device"]);
    run.fails(130, "cancelled");
    assert!(w.idp.seen_at("/token").is_empty());
    assert_eq!(w.console.ended.load(std::sync::atomic::Ordering::SeqCst), 1);
    nothing_stored(&w);
}

#[test]
fn no_device_endpoint_is_a_usage_error_with_a_hint() {
    let w = World::with(|s| s.device = false);
    let run = w.login(&["--device"]);
    run.fails(2, "no device authorization endpoint");
    assert!(run.stderr.contains("hint: pass --device-authorization-url"));
    assert!(w.idp.seen_at("/token").is_empty());
    nothing_stored(&w);
}

#[test]
fn an_explicit_device_endpoint_wins_and_is_saved_in_the_profile() {
    let w = World::with(|s| s.device = false);
    let url = format!("{ISSUER}/device");
    w.login(&["--device", "--device-authorization-url", &url])
        .ok();
    assert_eq!(w.idp.seen_at("/device").len(), 1);
    let profile = w.config.profile("default").unwrap();
    assert_eq!(
        profile.endpoints.device_authorization_url.as_deref(),
        Some(url.as_str())
    );
    // A clear-text endpoint off loopback is refused like any other.
    let w = World::new();
    w.login(&[
        "--device",
        "--device-authorization-url",
        "http://idp.test/device",
    ])
    .fails(2, "device authorization endpoint");
    assert!(w.idp.seen_at("/device").is_empty());
}

#[test]
fn a_confidential_client_authenticates_at_both_endpoints() {
    let mut w = World::with(|s| s.client_secret = Some("s3cret".into()));
    w.env.client_secret = Some(ClientSecret::new("s3cret"));
    w.login(&["--device"]).ok();
    let basic = "Basic Y2xpOnMzY3JldA==";
    assert_eq!(
        w.idp.seen_at("/device")[0].header("authorization"),
        Some(basic)
    );
    assert_eq!(
        w.idp.seen_at("/token")[0].header("authorization"),
        Some(basic)
    );
    assert_eq!(w.idp.seen_at("/device")[0].form("client_id"), None);
}

#[test]
fn the_id_token_is_verified() {
    let w = World::new();
    w.settings().id_claims = json!({"aud": "someone-else"}).as_object().cloned().unwrap();
    w.login(&["--device"]).fails(6, "ID token");
    nothing_stored(&w);
}

#[test]
fn a_hostile_device_answer_is_refused_before_anything_is_shown() {
    for (patch, fragment) in [
        (
            json!({"user_code": "AB\u{1b}[2J"}),
            "`user_code` holds characters",
        ),
        (
            json!({"verification_uri": "javascript:alert(1)"}),
            "`verification_uri`",
        ),
        (json!({"expires_in": null}), "no `expires_in`"),
    ] {
        let w = World::new();
        w.settings().device_patch = patch.as_object().cloned().unwrap();
        let run = w.login(&["--device"]);
        run.fails(1, fragment);
        assert!(!run.stderr.contains('\u{1b}'));
        assert!(w.idp.seen_at("/token").is_empty());
        nothing_stored(&w);
    }
}

#[test]
fn a_refusal_at_the_device_endpoint_is_exit_3() {
    let w = World::with(|s| s.client_secret = Some("s3cret".into()));
    let run = w.login(&["--device"]);
    run.fails(
        3,
        "the device authorization endpoint refused: invalid_client",
    );
    nothing_stored(&w);
}

#[test]
fn profile_set_takes_the_device_endpoint() {
    let w = World::new();
    let url = format!("{ISSUER}/device");
    w.run(&["profile", "set", "device_authorization_url", &url])
        .ok();
    assert_eq!(
        w.config
            .profile("default")
            .unwrap()
            .endpoints
            .device_authorization_url
            .as_deref(),
        Some(url.as_str())
    );
    w.run(&[
        "profile",
        "set",
        "device_authorization_url",
        "ftp://idp.test/d",
    ])
    .fails(2, "device authorization endpoint");
}

#[test]
fn a_terminal_gets_the_complete_uri_as_a_qr_code_a_log_does_not() {
    let w = World::new();
    *w.console.stderr_terminal.lock().unwrap() = true;
    let run = w.login(&["--device"]);
    run.ok();
    let qr = super::device::qr_code(&format!("{ISSUER}/device?user_code=WDJB-MJHT")).unwrap();
    assert!(qr.lines().count() > 10 && qr.contains('█'), "{qr}");
    assert!(run.stderr.contains(&qr), "{}", run.stderr);
    assert!(run.stdout.is_empty());

    let w = World::new();
    let run = w.login(&["--device"]);
    run.ok();
    assert!(!run.stderr.contains('█') && !run.stderr.contains("scan"));
    // No complete URI, nothing to scan.
    let w = World::new();
    *w.console.stderr_terminal.lock().unwrap() = true;
    w.settings().device_patch = json!({"verification_uri_complete": null})
        .as_object()
        .cloned()
        .unwrap();
    let run = w.login(&["--device"]);
    run.ok();
    assert!(!run.stderr.contains("scan"));
}

/// RFC 8628 §3.1: the client authenticates at the device endpoint, so with a secret it must share the
/// token endpoint's origin, as the revocation and introspection endpoints must.
#[test]
fn the_secret_never_goes_to_a_device_endpoint_on_another_origin() {
    let mut w = World::with(|s| s.client_secret = Some("s3cret".into()));
    w.env.client_secret = Some(ClientSecret::new("s3cret"));
    let run = w.login(&[
        "--device",
        "--device-authorization-url",
        "http://127.0.0.2:9/device",
    ]);
    run.fails(2, "the device authorization endpoint http://127.0.0.2:9/device is not on the token endpoint's origin");
    assert!(w.idp.seen().iter().all(|s| !s.url.contains("127.0.0.2")));
    nothing_stored(&w);
}

#[test]
fn the_session_records_the_device_grant_and_refreshes_with_its_refresh_token() {
    let w = World::new();
    w.login(&["--device"]).ok();
    assert_eq!(w.session().grant, Grant::DeviceCode);
    // Afterwards a refresh-token grant like the browser login: `token refresh` and an expired
    // `token print` send the refresh token, never the device code again.
    w.run(&["token", "refresh"]).ok();
    w.advance(3600);
    let print = w.run(&["token", "print"]);
    print.ok();
    let polls = w.idp.seen_at("/token");
    let grants: Vec<_> = polls.iter().map(|p| p.form("grant_type")).collect();
    assert_eq!(
        grants,
        [
            Some(GRANT_TYPE),
            Some("refresh_token"),
            Some("refresh_token")
        ]
    );
    assert_eq!(
        print.stdout,
        format!("{}\n", w.session().tokens.access_token.secret())
    );
    assert_eq!(w.session().grant, Grant::DeviceCode);
    assert_eq!(w.session().scope, None);
}

#[test]
fn device_and_client_credentials_together_are_a_usage_error() {
    let mut w = World::with(|s| s.client_secret = Some("s3cret".into()));
    w.env.client_secret = Some(ClientSecret::new("s3cret"));
    let run = w.login(&["--device", "--client-credentials"]);
    run.fails(2, "--device and --client-credentials are different grants");
    assert!(w.idp.seen().is_empty(), "nothing sent");
    nothing_stored(&w);
    // A profile that saved the client credentials grant says so too, and `=false` lifts it.
    w.login(&["--client-credentials"]).ok();
    let run = w.login(&["--device"]);
    run.fails(2, "different grants");
    assert!(run.stderr.contains("hint: "), "{}", run.stderr);
    assert!(w.idp.seen_at("/device").is_empty());
    w.login(&["--device", "--client-credentials=false"]).ok();
    assert_eq!(w.session().grant, Grant::DeviceCode);
}

/// `login --device` with bare endpoints: no issuer, no discovery, no authorize endpoint.
fn bare_device_login(w: &World, extra: &[&str]) -> crate::testkit::Run {
    let (token, device) = (format!("{ISSUER}/token"), format!("{ISSUER}/device"));
    let mut args = vec![
        "login",
        "--device",
        "--client-id",
        CLIENT_ID,
        "--scope",
        "offline_access",
        "--token-url",
        &token,
        "--device-authorization-url",
        &device,
    ];
    args.extend_from_slice(extra);
    w.run(&args)
}

#[test]
fn the_token_and_device_endpoints_are_enough_without_an_authorize_endpoint() {
    let w = World::with(|s| {
        s.token_patch = json!({"id_token": null}).as_object().cloned().unwrap();
    });
    bare_device_login(&w, &[]).ok();
    let sent: Vec<_> = w.idp.seen().iter().map(|s| s.path.clone()).collect();
    assert_eq!(sent, ["/idp/device", "/idp/token"], "no discovery");
    let session = w.session();
    assert_eq!(session.provider.authorize_url, None);
    assert_eq!(session.provider.issuer, None);
    assert_eq!(session.grant, Grant::DeviceCode);
    // The stored provider serves the later commands.
    w.run(&["token", "refresh"]).ok();
    assert_eq!(
        w.idp.seen_at("/token")[1].form("grant_type"),
        Some("refresh_token")
    );
    // Without the token endpoint there is nothing to poll.
    let w = World::new();
    let run = w.run(&[
        "login",
        "--device",
        "--client-id",
        CLIENT_ID,
        "--device-authorization-url",
        &format!("{ISSUER}/device"),
    ]);
    run.fails(2, "no token endpoint known");
    assert!(
        run.stderr
            .contains("hint: pass --issuer URL for discovery, or --token-url")
    );
    assert!(w.idp.seen().is_empty());
}

#[test]
fn the_code_grant_still_needs_the_authorize_endpoint() {
    let w = World::new();
    let run = w.run(&[
        "login",
        "--client-id",
        CLIENT_ID,
        "--token-url",
        &format!("{ISSUER}/token"),
        "--device-authorization-url",
        &format!("{ISSUER}/device"),
    ]);
    run.fails(2, "no authorize and token endpoints known");
    assert!(
        run.stderr
            .contains("hint: pass --issuer URL for discovery, or --authorize-url and --token-url")
    );
    assert!(w.idp.seen().is_empty());
    nothing_stored(&w);
}

#[test]
fn without_discovery_the_endpoints_given_are_enough_for_the_device_grant() {
    let w = World::with(|s| {
        s.discovery = false;
        s.token_patch = json!({"id_token": null}).as_object().cloned().unwrap();
    });
    let run = bare_device_login(&w, &["--issuer", ISSUER]);
    run.ok();
    assert!(run.stderr.contains("discovery failed"), "{}", run.stderr);
    assert_eq!(w.session().provider.authorize_url, None);
}

#[test]
fn a_poll_the_network_failed_doubles_the_interval_and_the_wait_goes_on() {
    let w = device_world(&[POLL_REFUSED, POLL_TIMED_OUT, "authorization_pending"]);
    let run = w.login(&["--device", "-v"]);
    run.ok();
    // Refused at 5 (then every 10 s), timed out at 15 (then every 20 s), pending at 35, the tokens at 55.
    assert_eq!(poll_times(&w), [5, 15, 35, 55]);
    assert_eq!(w.session().grant, Grant::DeviceCode);
    assert!(
        run.stderr.contains(
            "* poll failed (request to 127.0.0.1 failed: Connection refused (os error 111)); polling every 10 s from now on"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("* poll failed (request to 127.0.0.1 failed: timed out); polling every 20 s"),
        "{}",
        run.stderr
    );
    // Without -v the wait is quiet about it.
    let w = device_world(&[POLL_REFUSED]);
    let run = w.login(&["--device"]);
    run.ok();
    assert!(!run.stderr.contains("poll failed"), "{}", run.stderr);
}

#[test]
fn polls_the_network_fails_until_expires_in_end_there_with_exit_4_and_the_last_failure() {
    let w = device_world(&[POLL_REFUSED; 10]);
    w.settings().device_patch = json!({"expires_in": 30}).as_object().cloned().unwrap();
    let run = w.login(&["--device"]);
    run.fails(
        4,
        "the device code expired before the login was completed (30 s); the last poll failed: request to 127.0.0.1 failed: Connection refused",
    );
    assert!(
        run.stderr.contains("hint: check the network"),
        "{}",
        run.stderr
    );
    // At 5 and 15; the next, at 35, would be past the expiry at 30.
    assert_eq!(poll_times(&w), [5, 15]);
    nothing_stored(&w);
}
