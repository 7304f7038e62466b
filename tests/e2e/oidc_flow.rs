//! The whole product path against a real, independently written OpenID Provider (panva's oidc-provider):
//! login with each client authentication method, userinfo, refresh with rotation, token print, status,
//! logout, and the failed logins that must store nothing.

use crate::harness::*;

fn login(user: &User, p: &Provider, client: &str, envs: &[(&str, &str)]) -> Run {
    let mut args = oidc_login_args(p, client);
    args.extend(["-o".into(), "json".into()]);
    user.run_with(&strs(&args), envs)
}

#[test]
fn basic_client_login_userinfo_refresh() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let out = login(
        &user,
        &p,
        "basic-client",
        &[("OAUTHCTL_CLIENT_SECRET", BASIC_SECRET)],
    )
    .ok();
    let doc = out.json();
    assert_eq!(doc["profile"], "default");
    assert_eq!(doc["token_type"], "Bearer");
    assert_eq!(doc["has_refresh_token"], true);
    assert_eq!(doc["id_token_claims"]["sub"], "alice");
    assert!(
        doc.get("access_token").is_none(),
        "raw tokens only with --show-tokens"
    );

    // Later commands need no flags and no secret: the profile and the store hold what they need.
    let info = user.run(&["userinfo", "-o", "json"]).ok().json();
    assert_eq!(info["sub"], "alice");
    assert_eq!(info["email"], "alice@example.test");
    let before = user.stored("default");
    user.run(&["token", "refresh"]).ok();
    user.run(&["token", "refresh", "-o", "json"]).ok().json();
    assert_eq!(p.refresh_count(), 2);
    assert_ne!(
        user.stored("default")["tokens"]["access_token"],
        before["tokens"]["access_token"]
    );
    assert!(
        p.oidc_log()
            .iter()
            .any(|l| l["grant_type"] == "authorization_code" && l["client_id"] == "basic-client")
    );
}

#[test]
fn post_client_with_secret_file() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let secret_file = user.dir.path().join("secret");
    std::fs::write(&secret_file, format!("{POST_SECRET}\n")).unwrap();
    let mut args = oidc_login_args(&p, "post-client");
    args.extend([
        "--client-secret-file".into(),
        secret_file.display().to_string(),
    ]);
    let out = user.run(&strs(&args)).ok();
    assert!(out.stderr.contains("logged in"), "{out:?}");
    assert_eq!(
        user.run(&["userinfo", "-o", "json"]).ok().json()["sub"],
        "alice"
    );
    user.run(&["token", "refresh"]).ok();
    // The secret is kept in the token store, never in the TOML profile.
    let config = std::fs::read_to_string(user.config_path()).unwrap();
    assert!(!config.contains(POST_SECRET));
    assert_eq!(user.stored("default")["client_secret"], POST_SECRET);
}

#[test]
fn public_client_refresh_token_rotates_and_keeps_working() {
    let p = Provider::oidc(3600);
    let user = User::new();
    login(&user, &p, "public-client", &[]).ok();
    let rt0 = user.stored("default")["tokens"]["refresh_token"].clone();
    user.run(&["token", "refresh"]).ok();
    let rt1 = user.stored("default")["tokens"]["refresh_token"].clone();
    assert_ne!(
        rt0, rt1,
        "oidc-provider rotates public clients' refresh tokens"
    );
    user.run(&["token", "refresh"]).ok();
    let rt2 = user.stored("default")["tokens"]["refresh_token"].clone();
    assert_ne!(rt1, rt2);
    assert_eq!(
        user.run(&["userinfo", "-o", "json"]).ok().json()["sub"],
        "alice"
    );
}

#[test]
fn token_print_uses_a_valid_token_without_network() {
    let p = Provider::oidc(3600);
    let user = User::new();
    login(&user, &p, "public-client", &[]).ok();
    let seen = p.oidc_log().len();
    let out = user.run(&["token", "print"]).ok();
    let stored = user.stored("default");
    assert_eq!(
        out.stdout.trim_end(),
        stored["tokens"]["access_token"].as_str().unwrap()
    );
    assert_eq!(out.stderr, "");
    let header = user.run(&["token", "print", "--header"]).ok();
    assert!(header.stdout.starts_with("Authorization: Bearer "));
    let doc = user.run(&["token", "print", "-o", "json"]).ok().json();
    assert_eq!(doc["access_token"], stored["tokens"]["access_token"]);
    assert_eq!(
        p.oidc_log().len(),
        seen,
        "a valid cached token needs no request"
    );
}

#[test]
fn token_print_refreshes_a_token_about_to_expire() {
    // 30 s of life is inside the 60 s margin, so the token counts as expiring at once.
    let p = Provider::oidc(30);
    let user = User::new();
    login(&user, &p, "public-client", &[]).ok();
    let old = user.stored("default")["tokens"]["access_token"].clone();
    let out = user.run(&["token", "print"]).ok();
    assert_eq!(p.refresh_count(), 1);
    let new = user.stored("default")["tokens"]["access_token"].clone();
    assert_ne!(old, new);
    assert_eq!(out.stdout.trim_end(), new.as_str().unwrap());
}

#[test]
fn userinfo_refreshes_an_expired_token_first() {
    let p = Provider::oidc(2);
    let user = User::new();
    login(&user, &p, "public-client", &[]).ok();
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert_eq!(
        user.run(&["userinfo", "-o", "json"]).ok().json()["sub"],
        "alice"
    );
    assert_eq!(p.refresh_count(), 1);
}

#[test]
fn userinfo_refreshes_once_on_401() {
    let p = Provider::oidc(3600);
    let user = User::new();
    login(&user, &p, "public-client", &[]).ok();
    // An unexpired access token the provider no longer honours (as after a server-side revocation of that
    // token alone; oidc-provider's own revocation endpoint would end the whole grant): its userinfo
    // answers 401, and only the refresh-and-retry can get the claims.
    let file = user.data_dir().join("default.json");
    let mut stored = user.stored("default");
    stored["tokens"]["access_token"] = "no-longer-honoured".into();
    std::fs::write(&file, stored.to_string()).unwrap();
    assert_eq!(
        user.run(&["userinfo", "-o", "json"]).ok().json()["sub"],
        "alice"
    );
    assert_eq!(p.refresh_count(), 1);
    let userinfo_calls = p.oidc_log().iter().filter(|l| l["path"] == "/me").count();
    assert_eq!(userinfo_calls, 2, "one 401, one retry");
}

#[test]
fn consent_denied_is_exit_3_and_stores_nothing() {
    let p = Provider::oidc(3600);
    let user = User::new();
    login(&user, &p, "public-client", &[("BROWSER_DENY", "1")]).fails(3, "access_denied");
    user.assert_nothing_stored();
}

#[test]
fn tampered_state_is_exit_6_and_stores_nothing() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let out = login(&user, &p, "public-client", &[("BROWSER_TAMPER_STATE", "1")]).fails(6, "state");
    assert_eq!(out.stdout, "", "with -o json a failure leaves stdout empty");
    user.assert_nothing_stored();
    assert!(
        !p.oidc_log().iter().any(|l| l["path"] == "/token"),
        "no code exchange after a bad state"
    );
}

#[test]
fn no_callback_times_out_with_exit_4() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = oidc_login_args(&p, "public-client");
    let at = args.iter().position(|a| a == "--login-timeout").unwrap();
    args[at + 1] = "2".into();
    let started = std::time::Instant::now();
    user.run_with(&strs(&args), &[("BROWSER_NO_CALLBACK", "1")])
        .fails(4, "login timeout");
    assert!(started.elapsed().as_secs() < 10);
    user.assert_nothing_stored();
}

#[test]
fn status_and_logout() {
    let p = Provider::oidc(3600);
    let user = User::new();
    assert_eq!(
        user.run(&["status", "-o", "json"]).ok().json(),
        serde_json::json!([])
    );
    user.run(&["token", "print"]).fails(5, "no stored tokens");
    login(&user, &p, "public-client", &[]).ok();
    let status = user.run(&["status", "-o", "json"]).ok().json();
    assert_eq!(status[0]["profile"], "default");
    assert_eq!(status[0]["state"], "valid");
    assert_eq!(status[0]["login_needed"], false);
    assert_eq!(status[0]["store"], "file");

    let out = user.run(&["logout", "-o", "json"]).ok().json();
    assert_eq!(
        out,
        serde_json::json!({"profile": "default", "deleted": true, "revoked": true})
    );
    assert!(
        p.oidc_log()
            .iter()
            .filter(|l| l["path"] == "/token/revocation" && l["status"] == 200)
            .count()
            == 2
    );
    let status = user.run(&["status", "-o", "json"]).ok().json();
    assert_eq!(status[0]["state"], "none");
    assert_eq!(status[0]["login_needed"], true);
    user.run(&["userinfo"]).fails(5, "no stored tokens");
    user.run(&["token", "refresh"]).fails(5, "no stored tokens");
}

#[test]
fn profiles_are_independent_and_global_options_go_anywhere() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = oidc_login_args(&p, "public-client");
    args.extend(["--profile".into(), "work".into()]);
    user.run(&strs(&args)).ok();
    user.run(&["token", "print"]).fails(5, "\"default\"");
    user.run(&["userinfo", "-p", "work"]).ok();
    user.run_with(&["userinfo"], &[("OAUTHCTL_PROFILE", "work")])
        .ok();
    let show = user
        .run(&["-p", "work", "-o", "json", "token", "show"])
        .ok()
        .json();
    assert_eq!(show["id_token_claims"]["sub"], "alice");
    assert!(show.get("access_token").is_none());
    let shown = user
        .run(&["-p", "work", "-o", "json", "token", "show", "--show-tokens"])
        .ok()
        .json();
    assert!(shown["access_token"].is_string());
}

#[test]
fn ipv6_loopback_and_explicit_port() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let port = {
        let l = std::net::TcpListener::bind("[::1]:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut args = oidc_login_args(&p, "public-client");
    let redirect = format!("http://[::1]:{port}/callback");
    args.extend(["--redirect-uri".into(), redirect.clone()]);
    let out = user.run(&strs(&args)).ok();
    assert!(
        out.stderr.contains(
            &url::form_urlencoded::byte_serialize(redirect.as_bytes()).collect::<String>()
        )
    );
}
