//! In-process tests of `profile list|show|set|rm`, and of the `status -p` and `token print --id-token`
//! additions that came with them.

use crate::adapters::store::StoreKind;
use crate::cli::Cli;
use crate::oauth::types::ClientSecret;
use crate::testkit::{ISSUER, T0, World};
use serde_json::json;

fn login_as(w: &World, profile: &str, scope: &str) {
    w.run(&[
        "-p",
        profile,
        "login",
        "--issuer",
        ISSUER,
        "--client-id",
        "cli",
        "--scope",
        scope,
    ])
    .ok();
}

/// `profile`'s stored set without a refresh token (a login without offline_access on many providers).
fn drop_refresh_token(w: &World, profile: &str) {
    let mut session = w.session_of(profile).unwrap();
    session.tokens.refresh_token = None;
    w.stores.put(StoreKind::Keyring, profile, &session);
}

fn two_profiles() -> World {
    let w = World::new();
    login_as(&w, "default", "openid offline_access");
    login_as(&w, "work", "openid");
    w
}

#[test]
fn list_prints_the_names_one_a_line_or_a_json_array() {
    let w = World::new();
    let empty = w.run(&["profile", "list"]);
    empty.ok();
    assert_eq!(
        empty.stdout, "",
        "nothing for the completion scripts to offer"
    );
    assert!(empty.stderr.contains("no profiles yet"), "{}", empty.stderr);
    assert_eq!(w.run(&["profile", "list", "-o", "json"]).json(), json!([]));
    let w = two_profiles();
    assert_eq!(w.run(&["profile", "list"]).ok().stdout, "default\nwork\n");
    assert_eq!(
        w.run(&["profile", "list", "-o", "json"]).json(),
        json!(["default", "work"])
    );
}

#[test]
fn show_prints_the_saved_settings_and_where_the_tokens_are_never_a_secret() {
    let w = World::new();
    login_as(&w, "work", "openid");
    let mut session = w.session_of("work").unwrap();
    session.client_secret = Some(ClientSecret::new("s3cret-value"));
    w.stores.put(StoreKind::Keyring, "work", &session);
    let run = w.run(&["-p", "work", "profile", "show", "-o", "json"]);
    run.ok();
    let doc = run.json();
    assert_eq!(doc["profile"], "work");
    assert_eq!(doc["settings"]["client_id"], "cli");
    assert_eq!(doc["settings"]["issuer"], ISSUER);
    assert_eq!(doc["settings"]["scopes"], json!(["openid"]));
    assert_eq!(doc["token_store"], "keyring");
    assert_eq!(doc["token_location"], "memory:keyring:work");
    assert!(doc["settings"].get("store").is_none());
    let human = w.run(&["profile", "show", "work"]);
    human.ok();
    assert!(
        human.stdout.contains("client_id: cli\n"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("scopes: openid\n"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("tokens: memory:keyring:work"));
    for out in [&run.stdout, &human.stdout, &run.stderr, &human.stderr] {
        assert!(!out.contains("s3cret"), "{out}");
        assert!(!out.contains("at-"), "{out}");
    }
    // The -p profile by default; a missing one is a usage error.
    w.run(&["profile", "show"])
        .fails(2, "no profile \"default\"");
}

#[test]
fn set_changes_one_setting_and_keeps_the_others() {
    let w = two_profiles();
    let run = w.run(&[
        "-p",
        "work",
        "profile",
        "set",
        "userinfo_url",
        "https://idp.example/userinfo",
    ]);
    run.ok();
    assert!(run.stderr.contains("userinfo_url set"), "{}", run.stderr);
    let work = w.config.profile("work").unwrap();
    assert_eq!(
        work.endpoints.userinfo_url.as_deref(),
        Some("https://idp.example/userinfo")
    );
    assert_eq!(work.endpoints.issuer.as_deref(), Some(ISSUER));
    assert_eq!(work.client_id.as_deref(), Some("cli"));
    assert_eq!(work.store, Some(StoreKind::Keyring));
    // Lists: several values, each scope value split on spaces; the alias of the login flag works.
    w.run(&[
        "-p",
        "work",
        "profile",
        "set",
        "scope",
        "openid email",
        "profile",
    ])
    .ok();
    assert_eq!(
        w.config.profile("work").unwrap().scopes,
        ["openid", "email", "profile"]
    );
    w.run(&[
        "-p",
        "work",
        "profile",
        "set",
        "auth_method",
        "client_secret_post",
    ])
    .ok();
    assert_eq!(
        w.config.profile("work").unwrap().auth_method,
        Some(crate::oauth::types::AuthMethod::ClientSecretPost)
    );
    // An empty value removes the setting.
    let removed = w.run(&["-p", "work", "profile", "set", "userinfo_url", ""]);
    removed.ok();
    assert!(removed.stderr.contains("userinfo_url removed"));
    assert_eq!(
        w.config.profile("work").unwrap().endpoints.userinfo_url,
        None
    );
    // The other profile is untouched; JSON mode prints the profile after the change.
    assert_eq!(
        w.config.profile("default").unwrap().scopes,
        ["openid offline_access"]
    );
    let doc = w
        .run(&[
            "-p",
            "work",
            "profile",
            "set",
            "client_id",
            "other",
            "-o",
            "json",
        ])
        .json();
    assert_eq!(doc["settings"]["client_id"], "other");
}

#[test]
fn set_checks_values_as_login_does_and_changes_nothing_on_a_bad_one() {
    let w = two_profiles();
    let before = w.config.0.lock().unwrap().clone();
    let bad: [(&[&str], &str); 9] = [
        (&["userinfo_url", "http://idp.example/ui"], "https://"),
        (&["token_url", "not a url"], "not a URL"),
        (&["issuer", "ftp://idp.example"], "https://"),
        (&["redirect_uri", "https://app.example/cb"], "loopback"),
        (&["auth_method", "carrier_pigeon"], "client_secret_basic"),
        (&["pkce", "S512"], "S256"),
        (&["params", "state=x"], "state"),
        (&["params", "novalue"], "KEY=VALUE"),
        (&["client_id", "a", "b"], "one value"),
    ];
    for (args, fragment) in bad {
        let mut line = vec!["-p", "work", "profile", "set"];
        line.extend_from_slice(args);
        w.run(&line).fails(2, fragment);
    }
    assert_eq!(*w.config.0.lock().unwrap(), before);
}

#[test]
fn set_on_a_missing_profile_creates_it() {
    let w = World::new();
    let run = w.run(&["-p", "new", "profile", "set", "issuer", ISSUER]);
    run.ok();
    assert!(run.stderr.contains("(new profile)"), "{}", run.stderr);
    let new = w.config.profile("new").unwrap();
    assert_eq!(new.endpoints.issuer.as_deref(), Some(ISSUER));
    assert_eq!(new.client_id, None);
}

#[test]
fn an_unknown_key_is_a_usage_error_listing_the_keys() {
    let err = Cli::parse_args(["oauthctl", "profile", "set", "colour", "red"]).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let text = err.to_string();
    for key in [
        "issuer",
        "userinfo_url",
        "client_id",
        "scopes",
        "redirect_uri",
    ] {
        assert!(text.contains(key), "{text}");
    }
}

#[test]
fn rm_revokes_deletes_the_tokens_in_every_store_and_the_entry() {
    let w = two_profiles();
    // A copy an earlier login left in the file store goes too.
    let copy = w.session_of("default").unwrap();
    w.stores.put(StoreKind::File, "default", &copy);
    let run = w.run(&["profile", "rm", "default", "-o", "json"]);
    run.ok();
    assert_eq!(
        run.json(),
        json!({"deleted": true, "profile": "default", "revoked": true, "tokens_deleted": true})
    );
    let revoked: Vec<String> = w
        .idp
        .seen_at("/revoke")
        .iter()
        .filter_map(|r| r.form("token_type_hint").map(str::to_string))
        .collect();
    assert_eq!(revoked[..2], ["refresh_token", "access_token"]);
    assert!(w.stores.get(StoreKind::Keyring, "default").is_none());
    assert!(w.stores.get(StoreKind::File, "default").is_none());
    assert_eq!(w.config.profile("default"), None);
    // The other profile keeps its entry and tokens.
    assert!(w.config.profile("work").is_some());
    assert!(w.session_of("work").is_some());
    // Gone: a second rm is a usage error.
    w.run(&["profile", "rm", "default"])
        .fails(2, "no profile \"default\"");
}

#[test]
fn rm_of_a_profile_without_tokens_deletes_the_entry() {
    let w = World::new();
    w.run(&["-p", "bare", "profile", "set", "client_id", "c"])
        .ok();
    let run = w.run(&["profile", "rm", "bare", "-o", "json"]);
    run.ok();
    assert_eq!(run.json()["tokens_deleted"], false);
    assert_eq!(run.json()["revoked"], false);
    assert_eq!(w.config.profile("bare"), None);
}

#[test]
fn rm_of_a_hand_edited_name_touches_no_store() {
    let w = World::new();
    *w.config.0.lock().unwrap() = "[profiles.\"../x\"]\nclient_id = \"c\"\n".into();
    let key = (StoreKind::File, "../x".to_string());
    w.stores
        .items
        .lock()
        .unwrap()
        .insert(key.clone(), "{}".into());
    w.run(&["profile", "rm", "../x"]).ok();
    assert_eq!(w.config.profile("../x"), None);
    assert!(w.stores.writes.lock().unwrap().is_empty());
    assert!(w.stores.items.lock().unwrap().contains_key(&key));
}

#[test]
fn status_with_a_profile_named_shows_it_alone_and_exits_5_when_it_needs_a_login() {
    let w = two_profiles();
    let run = w.run(&["-p", "work", "status", "-o", "json"]);
    run.ok();
    let rows = run.json();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["profile"], "work");
    assert_eq!(rows[0]["state"], "valid");
    // Without -p: every profile (the default profile is not "named").
    assert_eq!(
        w.run(&["status", "-o", "json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Expired with a refresh token: refreshable, no login needed.
    drop_refresh_token(&w, "work");
    w.advance(4000);
    let run = w.run(&["-p", "default", "status", "-o", "json"]);
    run.ok();
    assert_eq!(run.json()[0]["state"], "refreshable");
    assert_eq!(run.json()[0]["has_refresh_token"], true);
    // Expired without one (work logged in without offline_access): the row, and exit 5.
    let run = w.run(&["-p", "work", "status"]);
    run.fails(5, "no refresh token");
    assert!(
        run.stdout.contains("expired: login needed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("oauthctl -p work login"),
        "{}",
        run.stderr
    );
    // No tokens at all.
    w.stores
        .items
        .lock()
        .unwrap()
        .remove(&(StoreKind::Keyring, "default".into()));
    w.run(&["-p", "default", "status"])
        .fails(5, "no stored tokens");
    // A profile that does not exist needs a login to exist.
    let run = w.run(&["-p", "nope", "status", "-o", "json"]);
    run.fails(5, "no saved settings");
    assert_eq!(run.stdout, "");
}

#[test]
fn status_table_has_a_header_and_survives_long_names_and_urls() {
    let w = World::new();
    let long_name = "customer-with-a-really-long-profile-name-for-staging";
    login_as(&w, long_name, "openid");
    login_as(&w, "a", "openid");
    let text = w.config.0.lock().unwrap().clone();
    let long_url = format!("{ISSUER}/tenants/0123456789abcdef0123456789abcdef/v2.0");
    *w.config.0.lock().unwrap() = text.replacen(ISSUER, &long_url, 1);
    let out = w.run(&["status"]).ok().stdout.clone();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("PROFILE    "), "{out}");
    assert!(lines[0].contains("  STORE    PROVIDER    "), "{out}");
    // Every row's state starts in the same column as the header's STATE.
    let state_col = lines[0].find("STATE").unwrap();
    for line in &lines[1..] {
        let chars: Vec<char> = line.chars().collect();
        let state: String = chars[state_col..].iter().collect();
        assert!(state.starts_with("valid until"), "{out}");
    }
    assert!(lines[1].starts_with("a      "), "{out}");
    assert!(
        lines[1].contains("http://127.0.0.1:9/idp/t…ef0123456789abcdef/v2.0  "),
        "{out}"
    );
    assert!(lines[2].starts_with("customer-wit…for-staging  "), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 120), "{out}");
}

#[test]
fn status_colours_the_state_on_a_terminal_only() {
    let w = two_profiles();
    drop_refresh_token(&w, "work");
    w.advance(4000);
    let plain = w.run(&["status"]).stdout;
    assert!(!plain.contains('\x1b'), "{plain}");
    w.color.store(true, std::sync::atomic::Ordering::SeqCst);
    let coloured = w.run(&["status"]).stdout;
    assert!(
        coloured.contains("\x1b[33mexpired, refreshable\x1b[0m"),
        "{coloured}"
    );
    assert!(
        coloured.contains("\x1b[31mexpired: login needed\x1b[0m"),
        "{coloured}"
    );
    login_as(&w, "fresh", "openid");
    let coloured = w.run(&["status"]).stdout;
    assert!(coloured.contains("\x1b[32mvalid until"), "{coloured}");
    // Never in JSON.
    assert!(!w.run(&["status", "-o", "json"]).stdout.contains('\x1b'));
}

#[test]
fn token_print_id_token_prints_the_stored_id_token() {
    let w = two_profiles();
    let id = w.session().tokens.id_token.unwrap();
    let run = w.run(&["token", "print", "--id-token"]);
    run.ok();
    assert_eq!(run.stdout, format!("{}\n", id.secret()));
    let doc = w
        .run(&["token", "print", "--id-token", "-o", "json"])
        .json();
    assert_eq!(doc["id_token"], id.secret());
    assert!(doc.get("access_token").is_none(), "{doc}");
    assert!(doc["expires_at"].as_u64().unwrap() > T0, "{doc}");
}

#[test]
fn token_print_id_token_refreshes_like_the_access_token() {
    let w = World::new();
    w.login(&[]).ok();
    let old = w.session().tokens.id_token.unwrap().secret().to_string();
    w.advance(4000);
    let run = w.run(&["token", "print", "--id-token"]);
    run.ok();
    let new = w.session().tokens.id_token.unwrap().secret().to_string();
    assert_ne!(new, old);
    assert_eq!(run.stdout.trim_end(), new);
}

#[test]
fn token_print_id_token_without_one_is_exit_5_with_a_hint() {
    let w = World::new();
    w.login(&[]).ok();
    let mut session = w.session();
    session.tokens.id_token = None;
    w.stores.put(StoreKind::Keyring, "default", &session);
    let run = w.run(&["token", "print", "--id-token"]);
    run.fails(5, "no ID token");
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn token_print_header_in_json_adds_the_header_field() {
    let w = two_profiles();
    let token = w.session().tokens.access_token.secret().to_string();
    let doc = w.run(&["token", "print", "--header", "-o", "json"]).json();
    assert_eq!(
        doc,
        json!({
            "access_token": token,
            "expires_at": T0 + 3600,
            "header": format!("Authorization: Bearer {token}"),
        })
    );
    let plain = w.run(&["token", "print", "-o", "json"]).json();
    assert!(plain.get("header").is_none(), "{plain}");
}

#[test]
fn id_token_and_header_together_are_a_usage_error() {
    let err =
        Cli::parse_args(["oauthctl", "token", "print", "--id-token", "--header"]).unwrap_err();
    assert_eq!(err.exit_code(), 2);
}

#[test]
fn a_profile_given_on_the_command_line_is_named_the_default_is_not() {
    let named = |args: &[&str]| {
        Cli::parse_args(std::iter::once("oauthctl").chain(args.iter().copied()))
            .unwrap()
            .global
            .profile_explicit
    };
    // (OAUTHCTL_PROFILE is covered end to end: the environment is the process's.)
    assert!(!named(&["status"]));
    assert!(named(&["-p", "default", "status"]));
    assert!(named(&["status", "--profile", "work"]));
}

/// The HTTP settings a login saves can be edited too, and the next command uses them at once.
#[test]
fn set_edits_the_saved_http_settings_which_apply_at_once() {
    let w = World::new();
    login_as(&w, "default", "openid offline_access");
    let ca = std::env::current_exe().unwrap();
    let ca_arg = ca.to_str().unwrap();
    for args in [["timeout", "7"], ["ca_cert", ca_arg], ["insecure", "true"]] {
        let run = w.run(&["profile", "set", args[0], args[1]]);
        run.ok();
        assert!(!run.stderr.contains("next login"), "{}", run.stderr);
    }
    let p = w.config.profile("default").unwrap();
    assert_eq!(p.timeout, Some(7));
    assert_eq!(
        p.ca_cert.as_deref(),
        Some(ca.canonicalize().unwrap().as_path())
    );
    assert_eq!(p.insecure, Some(true));
    w.run(&["token", "refresh"]).ok();
    let sent = w
        .idp
        .seen_at("/token")
        .last()
        .unwrap()
        .http
        .clone()
        .unwrap();
    assert_eq!(
        (sent.timeout_secs, sent.insecure),
        (7, true),
        "the refresh ran without the edited settings"
    );

    w.run(&["profile", "set", "insecure", "false"]).ok();
    assert_eq!(w.config.profile("default").unwrap().insecure, None);

    let before = w.config.0.lock().unwrap().clone();
    for (args, fragment) in [
        (["timeout", "0"], "1 to 86400"),
        (["timeout", "soon"], "1 to 86400"),
        (["insecure", "yes"], "true or false"),
        (["ca_cert", "/no/such/ca.pem"], "ca_cert"),
    ] {
        w.run(&["profile", "set", args[0], args[1]])
            .fails(2, fragment);
    }
    assert_eq!(*w.config.0.lock().unwrap(), before);
}

#[test]
fn set_switches_of_the_modern_features_and_the_client_certificate() {
    let w = World::new();
    for key in ["par", "request_object", "jarm", "dpop"] {
        w.run(&["profile", "set", key, "true"]).ok();
        w.run(&["profile", "set", key, "maybe"])
            .fails(2, &format!("{key} takes true or false"));
    }
    let p = w.config.profile("default").unwrap();
    assert_eq!(
        (p.par, p.request_object, p.jarm, p.dpop),
        (Some(true), Some(true), Some(true), Some(true))
    );
    for key in ["par", "request_object", "jarm", "dpop"] {
        w.run(&["profile", "set", key, "false"]).ok();
    }
    let p = w.config.profile("default").unwrap();
    assert_eq!(
        (p.par, p.request_object, p.jarm, p.dpop),
        (None, None, None, None)
    );

    // Certificate paths are saved absolute, and must exist.
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("client.pem");
    std::fs::write(&cert, "x").unwrap();
    w.run(&["profile", "set", "client_cert", cert.to_str().unwrap()])
        .ok();
    assert_eq!(
        w.config.profile("default").unwrap().client_cert,
        Some(std::fs::canonicalize(&cert).unwrap())
    );
    w.run(&["profile", "set", "client_cert_key", "/nonexistent/key.pem"])
        .fails(2, "client_cert_key \"/nonexistent/key.pem\"");
}
