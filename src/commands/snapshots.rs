//! Snapshot tests of what every command prints, human and JSON, stdout and stderr, against the scripted
//! provider with a fixed clock and fixed randomness. A change to any output shows up as a snapshot diff
//! under `src/commands/snapshots/` to review (`cargo insta review`, or `INSTA_UPDATE=always` and git diff).

use crate::testkit::{Run, World};

/// stdout and stderr of one run, labelled, for one snapshot.
fn shown(run: &Run) -> String {
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    )
}

fn logged_in() -> World {
    let w = World::new();
    w.login(&[]).ok();
    w
}

#[test]
fn login_output() {
    let w = World::new();
    insta::assert_snapshot!("login_human", shown(&w.login(&[])));
    let w = World::new();
    insta::assert_snapshot!("login_json", shown(&w.login(&["-o", "json"])));
}

#[test]
fn login_refusal_output() {
    let w = World::new();
    *w.front.tamper.lock().unwrap() = Some(Box::new(|q| q.replace("state=", "state=x")));
    insta::assert_snapshot!("login_wrong_state", shown(&w.login(&["-o", "json"])));
}

#[test]
fn token_output() {
    let w = logged_in();
    insta::assert_snapshot!("token_print", shown(&w.run(&["token", "print"])));
    insta::assert_snapshot!(
        "token_print_header",
        shown(&w.run(&["token", "print", "--header"]))
    );
    insta::assert_snapshot!(
        "token_print_json",
        shown(&w.run(&["token", "print", "-o", "json"]))
    );
    insta::assert_snapshot!("token_show", shown(&w.run(&["token", "show"])));
    insta::assert_snapshot!(
        "token_show_json",
        shown(&w.run(&["token", "show", "-o", "json"]))
    );
    w.advance(100);
    insta::assert_snapshot!("token_refresh", shown(&w.run(&["token", "refresh"])));
    insta::assert_snapshot!(
        "token_refresh_json",
        shown(&w.run(&["token", "refresh", "-o", "json"]))
    );
}

#[test]
fn userinfo_output() {
    let w = logged_in();
    insta::assert_snapshot!("userinfo", shown(&w.run(&["userinfo"])));
    insta::assert_snapshot!("userinfo_json", shown(&w.run(&["userinfo", "-o", "json"])));
}

#[test]
fn status_and_logout_output() {
    let w = World::new();
    insta::assert_snapshot!("status_empty", shown(&w.run(&["status"])));
    w.login(&[]).ok();
    w.run(&[
        "-p",
        "work",
        "login",
        "--issuer",
        crate::testkit::ISSUER,
        "--client-id",
        "cli",
    ])
    .ok();
    w.advance(3600);
    insta::assert_snapshot!("status", shown(&w.run(&["status"])));
    insta::assert_snapshot!("status_json", shown(&w.run(&["status", "-o", "json"])));
    insta::assert_snapshot!("logout", shown(&w.run(&["logout"])));
    insta::assert_snapshot!(
        "logout_json",
        shown(&w.run(&["-p", "work", "logout", "-o", "json"]))
    );
    insta::assert_snapshot!("logout_nothing", shown(&w.run(&["logout"])));
}

#[test]
fn login_needed_output() {
    let w = World::new();
    insta::assert_snapshot!("token_print_no_login", shown(&w.run(&["token", "print"])));
}

#[test]
fn profile_output() {
    let w = logged_in();
    insta::assert_snapshot!("profile_list", shown(&w.run(&["profile", "list"])));
    insta::assert_snapshot!(
        "profile_list_json",
        shown(&w.run(&["profile", "list", "-o", "json"]))
    );
    insta::assert_snapshot!("profile_show", shown(&w.run(&["profile", "show"])));
    insta::assert_snapshot!(
        "profile_show_json",
        shown(&w.run(&["profile", "show", "-o", "json"]))
    );
    insta::assert_snapshot!(
        "profile_set",
        shown(&w.run(&["profile", "set", "userinfo_url", "https://idp.example/me"]))
    );
    insta::assert_snapshot!(
        "profile_set_json",
        shown(&w.run(&["profile", "set", "scopes", "openid email", "-o", "json"]))
    );
    insta::assert_snapshot!(
        "profile_set_bad_value",
        shown(&w.run(&["profile", "set", "auth_method", "magic"]))
    );
    insta::assert_snapshot!(
        "profile_rm_json",
        shown(&w.run(&["profile", "rm", "default", "-o", "json"]))
    );
    insta::assert_snapshot!(
        "profile_rm_missing",
        shown(&w.run(&["profile", "rm", "default"]))
    );
}

#[test]
fn token_print_variants_output() {
    let w = logged_in();
    // ECDSA signatures differ on every signing: the stored ID token is checked, then masked.
    let id = w.session().tokens.id_token.unwrap().secret().to_string();
    let masked = |run: &Run| {
        assert!(run.stdout.contains(&id), "{}", run.stdout);
        shown(run).replace(&id, "<the stored ID token>")
    };
    insta::assert_snapshot!(
        "token_print_id_token",
        masked(&w.run(&["token", "print", "--id-token"]))
    );
    insta::assert_snapshot!(
        "token_print_id_token_json",
        masked(&w.run(&["token", "print", "--id-token", "-o", "json"]))
    );
    insta::assert_snapshot!(
        "token_print_header_json",
        shown(&w.run(&["token", "print", "--header", "-o", "json"]))
    );
}

#[test]
fn status_of_one_profile_output() {
    let w = logged_in();
    insta::assert_snapshot!("status_one", shown(&w.run(&["-p", "default", "status"])));
    let mut session = w.session();
    session.tokens.refresh_token = None;
    w.stores.put(
        crate::adapters::store::StoreKind::Keyring,
        "default",
        &session,
    );
    w.advance(4000);
    insta::assert_snapshot!(
        "status_one_login_needed_json",
        shown(&w.run(&["-p", "default", "status", "-o", "json"]))
    );
}

#[test]
fn discover_output() {
    // The scripted provider's plain metadata: several findings of both levels.
    let w = World::new();
    let args = ["discover", "--issuer", crate::testkit::ISSUER];
    insta::assert_snapshot!("discover_human", shown(&w.run(&args)));
    insta::assert_snapshot!(
        "discover_json",
        shown(&w.run(&[&args[..], &["-o", "json"]].concat()))
    );
}

#[test]
fn revoke_and_introspect_output() {
    let w = logged_in();
    insta::assert_snapshot!("token_introspect", shown(&w.run(&["token", "introspect"])));
    insta::assert_snapshot!(
        "token_introspect_json",
        shown(&w.run(&["token", "introspect", "-o", "json"]))
    );
    insta::assert_snapshot!("token_revoke", shown(&w.run(&["token", "revoke"])));
    let w = logged_in();
    insta::assert_snapshot!(
        "token_revoke_json",
        shown(&w.run(&["token", "revoke", "-o", "json"]))
    );
    let w = World::with(|s| s.revocation = false);
    w.login(&[]).ok();
    insta::assert_snapshot!(
        "token_revoke_no_endpoint",
        shown(&w.run(&["token", "revoke"]))
    );
}
