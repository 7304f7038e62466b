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
