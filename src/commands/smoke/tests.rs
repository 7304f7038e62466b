//! In-process tests of `smoke` against the scripted provider: several profiles at once, concurrency,
//! shard selection, the exit code's precedence, the JSON and JUnit documents, and that no secret leaks.

use super::{summarize, verdict};
use crate::cli::{Cli, Command};
use crate::error::Kind;
use crate::oauth::types::ClientSecret;
use crate::output::docs::{SmokeCheck, SmokeProfile};
use crate::testkit::idp::IdpSettings;
use crate::testkit::{Run, World};
use serde_json::{Value, json};
use std::sync::atomic::Ordering;
use std::time::Duration;

const CHECKS: [&str; 8] = [
    "discovery",
    "jwks",
    "token",
    "id_token",
    "userinfo",
    "refresh",
    "introspect",
    "revoke",
];

/// Every check of a healthy profile passes, but `revoke`, which waits for `--revoke`.
fn healthy() -> Vec<(String, String)> {
    all(&CHECKS[..7], "pass")
        .into_iter()
        .chain(all(&["revoke"], "skip"))
        .collect()
}

/// The detail of check `name` of the `profile`-th profile.
fn detail<'a>(doc: &'a Value, profile: usize, name: &str) -> &'a str {
    doc["profiles"][profile]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()["detail"]
        .as_str()
        .unwrap()
}

/// Metadata the `discover` lint finds no error in (one warning: no RFC 9207 `iss` parameter).
fn lint_clean(s: &mut IdpSettings) {
    s.metadata_patch
        .insert("response_types_supported".into(), json!(["code"]));
    s.metadata_patch
        .insert("code_challenge_methods_supported".into(), json!(["S256"]));
}

/// A provider where every login is a grant of its own, with `names` logged in.
fn logged_in(names: &[&str], setup: impl FnOnce(&mut IdpSettings)) -> World {
    let w = World::with(|s| {
        s.separate_grants = true;
        lint_clean(s);
        setup(s);
    });
    for name in names {
        w.login(&["-p", name]).ok();
    }
    w
}

fn smoke(w: &World, args: &[&str]) -> Run {
    let mut all = vec!["smoke"];
    all.extend_from_slice(args);
    w.run(&all)
}

/// (name, status) of every check of every profile, in order.
fn statuses(doc: &Value) -> Vec<(String, Vec<(String, String)>)> {
    doc["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let checks = p["checks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    (
                        c["name"].as_str().unwrap().to_string(),
                        c["status"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (p["profile"].as_str().unwrap().to_string(), checks)
        })
        .collect()
}

fn all(names: &[&str], status: &str) -> Vec<(String, String)> {
    names
        .iter()
        .map(|n| (n.to_string(), status.to_string()))
        .collect()
}

#[test]
fn two_profiles_pass_every_check_and_the_json_has_the_contract_shape() {
    let w = logged_in(&["a", "b"], |_| {});
    let run = smoke(&w, &["-p", "a", "-p", "b", "-o", "json"]);
    run.ok();
    let doc = run.json();
    let mut keys: Vec<_> = doc.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["failed", "passed", "profiles", "skipped"]);
    assert_eq!(
        (&doc["passed"], &doc["failed"], &doc["skipped"]),
        (&json!(14), &json!(0), &json!(2))
    );
    for p in doc["profiles"].as_array().unwrap() {
        let mut keys: Vec<_> = p.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["checks", "profile"]);
        for c in p["checks"].as_array().unwrap() {
            let mut keys: Vec<_> = c.as_object().unwrap().keys().cloned().collect();
            keys.sort();
            assert_eq!(keys, ["detail", "ms", "name", "status"]);
            assert!(c["ms"].is_u64() && !c["detail"].as_str().unwrap().is_empty());
        }
    }
    assert_eq!(
        statuses(&doc),
        [("a".to_string(), healthy()), ("b".to_string(), healthy())]
    );
    assert_eq!(
        detail(&doc, 0, "refresh"),
        "works; the refresh token rotated"
    );
    assert_eq!(
        detail(&doc, 0, "discovery"),
        "no error; warnings: no-iss-parameter"
    );
    assert_eq!(detail(&doc, 0, "introspect"), "the access token is active");
    assert_eq!(
        detail(&doc, 0, "revoke"),
        "not asked for (--revoke destroys the tokens)"
    );
}

#[test]
fn human_mode_prints_a_summary_on_stderr_and_nothing_on_stdout() {
    let w = logged_in(&["a"], |_| {});
    let run = smoke(&w, &["-p", "a"]);
    run.ok();
    assert_eq!(run.stdout, "");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines[0], "profile a");
    for (line, name) in lines[1..9].iter().zip(CHECKS) {
        let mark = if name == "revoke" { "-" } else { "✓" };
        assert!(line.starts_with(&format!("  {mark} {name}")), "{line}");
        assert!(line.contains(" ms  "), "{line}");
    }
    assert_eq!(lines[9], "7 passed, 0 failed, 1 skipped");
    assert_eq!(lines.len(), 10, "{}", run.stderr);
}

/// With no -p the profile in use is checked (here the default one).
#[test]
fn without_a_profile_named_the_default_profile_is_checked() {
    let w = logged_in(&[], |_| {});
    w.login(&[]).ok();
    let doc = smoke(&w, &["-o", "json"]).json();
    assert_eq!(statuses(&doc)[0].0, "default");
}

/// The token and refresh checks go through the token life cycle: each rotated refresh token is stored,
/// so the profile still works after the smoke.
#[test]
fn rotated_refresh_tokens_are_stored() {
    let w = logged_in(&["a"], |_| {});
    smoke(&w, &["-p", "a"]).ok();
    assert_eq!(w.idp.refreshes(), 2);
    let stored = w.session_of("a").unwrap();
    assert_eq!(
        stored
            .tokens
            .refresh_token
            .as_ref()
            .map(|t| t.secret().to_string()),
        w.idp.live_refresh_token()
    );
    w.run(&["-p", "a", "token", "refresh"]).ok();
}

#[test]
fn profiles_are_checked_concurrently_up_to_jobs() {
    let names = ["a", "b", "c", "d", "e", "f"];
    for (jobs, want) in [("3", 3), ("1", 1)] {
        let w = logged_in(&names, |s| s.token_delay = Duration::from_millis(80));
        w.idp.most_in_flight.store(0, Ordering::SeqCst);
        let mut args = vec!["--jobs", jobs, "-o", "json"];
        for n in &names {
            args.extend(["-p", n]);
        }
        let run = smoke(&w, &args);
        run.ok();
        assert_eq!(
            w.idp.most_in_flight.load(Ordering::SeqCst),
            want,
            "--jobs {jobs}"
        );
        // The document keeps the order asked for, whatever order the profiles finished in.
        let order: Vec<String> = statuses(&run.json()).into_iter().map(|p| p.0).collect();
        assert_eq!(order, names);
    }
}

/// With `-v` the request traces go straight to stderr, so the profiles are checked one at a time.
#[test]
fn verbose_checks_one_profile_at_a_time() {
    let names = ["a", "b", "c"];
    let w = logged_in(&names, |s| s.token_delay = Duration::from_millis(40));
    w.idp.most_in_flight.store(0, Ordering::SeqCst);
    let mut args = vec!["-v", "--jobs", "3"];
    for n in &names {
        args.extend(["-p", n]);
    }
    smoke(&w, &args).ok();
    assert_eq!(w.idp.most_in_flight.load(Ordering::SeqCst), 1);
}

#[test]
fn the_default_is_four_jobs() {
    let names = ["a", "b", "c", "d", "e", "f"];
    let w = logged_in(&names, |s| s.token_delay = Duration::from_millis(80));
    w.idp.most_in_flight.store(0, Ordering::SeqCst);
    let mut args = vec![];
    for n in &names {
        args.extend(["-p", n]);
    }
    smoke(&w, &args).ok();
    assert_eq!(w.idp.most_in_flight.load(Ordering::SeqCst), 4);
}

/// Seven profiles in the config; `--all-profiles` takes them in name order, the shard every N-th.
#[test]
fn shard_keeps_every_nth_profile_from_the_kth() {
    let w = World::new();
    for name in ["g", "c", "a", "e", "b", "f", "d"] {
        w.run(&["-p", name, "profile", "set", "client_id", "x"])
            .ok();
    }
    let names = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--all-profiles", "-o", "json"];
        all.extend_from_slice(args);
        statuses(&smoke(&w, &all).json())
            .into_iter()
            .map(|p| p.0)
            .collect()
    };
    assert_eq!(names(&[]), ["a", "b", "c", "d", "e", "f", "g"]);
    assert_eq!(names(&["--shard", "1/3"]), ["a", "d", "g"]);
    assert_eq!(names(&["--shard", "2/3"]), ["b", "e"]);
    assert_eq!(names(&["--shard", "3/3"]), ["c", "f"]);
    assert_eq!(names(&["--shard", "1/1"]).len(), 7);
    // More shards than profiles: the last ones are empty, and pass.
    assert_eq!(names(&["--shard", "9/9"]), Vec::<String>::new());
    smoke(&w, &["--all-profiles", "--shard", "9/9"]).ok();
    // -p lists are sharded in the order given.
    let doc = smoke(
        &w,
        &[
            "-p", "z", "-p", "y", "-p", "x", "--shard", "2/2", "-o", "json",
        ],
    )
    .json();
    assert_eq!(statuses(&doc)[0].0, "y");
    assert_eq!(statuses(&doc).len(), 1);
}

#[test]
fn bad_shards_and_jobs_are_usage_errors() {
    for bad in [
        "0/2", "3/2", "1/0", "a/b", "1", "-1/2", "+1/2", "1/2/3", " 1/2", "",
    ] {
        let e = Cli::parse_args(["oauthctl", "smoke", "--shard", bad])
            .err()
            .unwrap_or_else(|| panic!("{bad:?} accepted"));
        assert_eq!(e.exit_code(), 2, "{bad:?}");
    }
    for bad in ["0", "-1", "x", "257"] {
        let e = Cli::parse_args(["oauthctl", "smoke", "--jobs", bad])
            .err()
            .unwrap();
        assert_eq!(e.exit_code(), 2, "{bad:?}");
    }
}

#[test]
fn all_profiles_without_profiles_is_a_usage_error() {
    smoke(&World::new(), &["--all-profiles"]).fails(2, "no profiles");
}

/// `-p` repeats for smoke only; every other command still refuses a second one (exit 2).
#[test]
fn only_smoke_takes_several_profiles() {
    let cli = Cli::parse_args(["oauthctl", "smoke", "-p", "a", "-p", "b"]).unwrap();
    assert_eq!(cli.global.profiles, ["a", "b"]);
    assert!(matches!(cli.command, Command::Smoke(_)));
    let cli = Cli::parse_args(["oauthctl", "-p", "a", "-p", "b", "smoke"]).unwrap();
    assert_eq!(cli.global.profiles, ["a", "b"]);
    // clap's rule for global options: the ones given after the subcommand replace those before it.
    let cli = Cli::parse_args(["oauthctl", "-p", "a", "smoke", "-p", "b"]).unwrap();
    assert_eq!(cli.global.profiles, ["b"]);
    let cli = Cli::parse_args(["oauthctl", "token", "print", "-p", "w"]).unwrap();
    assert_eq!(
        (cli.global.profile.as_str(), cli.global.profiles.len()),
        ("w", 1)
    );
    // As before: the -p after the subcommand replaces the one before it.
    let cli = Cli::parse_args(["oauthctl", "-p", "a", "token", "print", "-p", "b"]).unwrap();
    assert_eq!(cli.global.profile, "b");
    for args in [
        &["oauthctl", "token", "print", "-p", "a", "-p", "b"][..],
        &["oauthctl", "-p", "a", "-p", "b", "status"],
        &["oauthctl", "smoke", "--all-profiles", "-p", "a"],
    ] {
        let e = Cli::parse_args(args)
            .err()
            .unwrap_or_else(|| panic!("{args:?}"));
        assert_eq!(e.exit_code(), 2, "{args:?}");
    }
}

fn check(code: Option<u8>) -> SmokeCheck {
    SmokeCheck {
        detail: "why".into(),
        ms: 1,
        name: "x",
        status: if code.is_some() { "fail" } else { "pass" },
        code,
    }
}

#[test]
fn the_exit_code_is_the_most_serious_failure_in_the_contract_order() {
    let verdict_of = |codes: &[Option<u8>]| {
        verdict(&summarize(vec![SmokeProfile {
            checks: codes.iter().map(|c| check(*c)).collect(),
            profile: "p".into(),
        }]))
        .map(|k| k.exit_code())
    };
    assert_eq!(verdict_of(&[None, None]), None);
    assert_eq!(
        verdict_of(&[Some(1), Some(5), Some(4), Some(3), Some(6)]),
        Some(6)
    );
    assert_eq!(
        verdict_of(&[Some(1), Some(5), Some(4), Some(3), None]),
        Some(3)
    );
    assert_eq!(verdict_of(&[Some(5), Some(1), Some(4)]), Some(4));
    assert_eq!(verdict_of(&[Some(1), Some(5)]), Some(5));
    assert_eq!(verdict_of(&[Some(1), None]), Some(1));
    // A code outside the list (a profile's missing setting, exit 2) counts as "any other failure".
    assert_eq!(verdict_of(&[Some(2)]), Some(1));
    assert_eq!(Kind::Security.exit_code(), 6);
}

/// A userinfo about another subject fails with exit 6, the checks after it still run, and a profile
/// needing a login (exit 5) does not hide the more serious failure of another.
#[test]
fn a_failing_check_does_not_stop_the_others_and_sets_the_exit_code() {
    let w = logged_in(&["a"], |s| {
        s.userinfo_claims.insert("sub".into(), json!("mallory"));
    });
    let run = smoke(&w, &["-p", "nobody", "-p", "a", "-o", "json"]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    let doc = run.json();
    let s = statuses(&doc);
    assert_eq!(
        s[0].1,
        all(&["discovery", "jwks"], "skip")
            .into_iter()
            .chain(all(&["token"], "fail"))
            .chain(all(&CHECKS[3..], "skip"))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        s[1].1,
        all(&CHECKS[..4], "pass")
            .into_iter()
            .chain(all(&["userinfo"], "fail"))
            .chain(all(&["refresh", "introspect"], "pass"))
            .chain(all(&["revoke"], "skip"))
            .collect::<Vec<_>>()
    );
    let userinfo = detail(&doc, 1, "userinfo");
    assert!(userinfo.contains("mallory"), "{userinfo}");
    assert!(detail(&doc, 0, "token").contains("no stored tokens"));
    assert_eq!((&doc["failed"], &doc["skipped"]), (&json!(2), &json!(8)));
    assert!(
        run.stderr.contains("error: 2 of 8 checks failed"),
        "{}",
        run.stderr
    );
    // Only the login-needed profile: exit 5.
    assert_eq!(smoke(&w, &["-p", "nobody"]).code, 5);
}

#[test]
fn a_broken_jwks_fails_that_check_and_the_id_token_check() {
    let w = logged_in(&["a"], |_| {});
    w.settings().jwks_fails = true;
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    let s = statuses(&run.json());
    let failed: Vec<&str> = s[0]
        .1
        .iter()
        .filter(|(_, st)| st == "fail")
        .map(|(n, _)| n.as_str())
        .collect();
    // The token check refreshes, and the refresh verifies the new ID token against the JWKS too.
    assert!(
        failed.contains(&"jwks") && failed.contains(&"token"),
        "{s:?}"
    );
    assert_ne!(run.code, 0);
}

#[test]
fn checks_without_their_input_are_skipped_with_why() {
    let w = logged_in(&["a"], |s| {
        s.refresh_id_token = false;
        s.rotate_refresh = false;
        s.metadata_patch
            .insert("userinfo_endpoint".into(), Value::Null);
    });
    // The login's ID token has expired by now, and the refresh brings no new one.
    w.advance(4000);
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    run.ok();
    let doc = run.json();
    let checks = doc["profiles"][0]["checks"].as_array().unwrap();
    let by_name = |n: &str| checks.iter().find(|c| c["name"] == n).unwrap();
    assert_eq!(by_name("id_token")["status"], "skip");
    assert_eq!(
        by_name("id_token")["detail"],
        "the token response carried no new ID token (the stored one has expired)"
    );
    assert_eq!(by_name("userinfo")["status"], "skip");
    assert_eq!(
        by_name("userinfo")["detail"],
        "the provider has no userinfo endpoint"
    );
    assert_eq!(
        by_name("refresh")["detail"],
        "works; the refresh token did not rotate"
    );
    assert_eq!((&doc["passed"], &doc["skipped"]), (&json!(5), &json!(3)));
}

/// A refresh without a new ID token leaves the login's in the set: still valid, it is verified.
#[test]
fn an_id_token_kept_from_the_login_is_verified_while_valid() {
    let w = logged_in(&["a"], |s| s.refresh_id_token = false);
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    run.ok();
    assert_eq!(run.json()["profiles"][0]["checks"][3]["name"], "id_token");
    assert_eq!(run.json()["profiles"][0]["checks"][3]["status"], "pass");
}

#[test]
fn without_a_refresh_token_the_token_check_fails_with_login_needed() {
    let w = logged_in(&["a"], |s| s.issue_refresh_token = false);
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    assert_eq!(run.code, 5, "{}", run.stderr);
    let checks = run.json()["profiles"][0]["checks"].clone();
    assert_eq!(checks[2]["name"], "token");
    assert_eq!(checks[2]["status"], "fail");
    assert!(
        checks[2]["detail"]
            .as_str()
            .unwrap()
            .contains("no refresh token")
    );
    assert_eq!(checks[5]["name"], "refresh");
    assert_eq!(checks[5]["status"], "skip");
}

#[test]
fn junit_has_a_suite_per_profile_and_a_case_per_check() {
    let w = logged_in(&["a", "b"], |s| {
        s.userinfo_claims.insert("sub".into(), json!("<m&\"a'>"));
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("smoke.xml");
    let run = smoke(
        &w,
        &[
            "-p",
            "a",
            "-p",
            "b",
            "-p",
            "none",
            "--junit",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 6);
    let text = std::fs::read_to_string(&path).unwrap();
    let xml = roxmltree::Document::parse(&text).unwrap();
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(
        [
            root.attribute("tests"),
            root.attribute("failures"),
            root.attribute("skipped")
        ],
        [Some("24"), Some("3"), Some("9")]
    );
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let names: Vec<_> = suites
        .iter()
        .map(|s| s.attribute("name").unwrap())
        .collect();
    assert_eq!(names, ["a", "b", "none"]);
    for (suite, (failures, skipped)) in suites.iter().zip([("1", "1"), ("1", "1"), ("1", "7")]) {
        assert_eq!(suite.attribute("tests"), Some("8"));
        assert_eq!(suite.attribute("failures"), Some(failures));
        assert_eq!(suite.attribute("skipped"), Some(skipped));
        assert!(suite.attribute("time").unwrap().parse::<f64>().is_ok());
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        let names: Vec<_> = cases.iter().map(|c| c.attribute("name").unwrap()).collect();
        assert_eq!(names, CHECKS);
        assert_eq!(
            cases[0].attribute("classname"),
            Some(format!("oauthctl.smoke.{}", suite.attribute("name").unwrap()).as_str())
        );
    }
    let userinfo = suites[0]
        .children()
        .find(|c| c.attribute("name") == Some("userinfo"))
        .unwrap();
    let failure = userinfo
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(
        failure.attribute("message").unwrap().contains("<m&\\\"a'>"),
        "{:?}",
        failure.attribute("message")
    );
    let skipped = suites[2]
        .descendants()
        .filter(|n| n.has_tag_name("skipped"))
        .count();
    assert_eq!(skipped, 7);
}

/// Neither stdout, stderr nor the JUnit file carries a token or the client secret, in either mode.
#[test]
fn no_secret_in_any_output() {
    let mut w = World::with(|s| {
        s.separate_grants = true;
        s.client_secret = Some("s3cret-value".into());
        s.userinfo_claims.insert("sub".into(), json!("mallory"));
    });
    w.env.client_secret = Some(ClientSecret::new("s3cret-value".to_string()));
    w.login(&["-p", "a"]).ok();
    let before = w.session_of("a").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.xml");
    let mut outputs = vec![];
    for mode in ["human", "json"] {
        let run = smoke(
            &w,
            &["-p", "a", "-o", mode, "--junit", path.to_str().unwrap()],
        );
        assert_eq!(run.code, 6);
        outputs.extend([
            run.stdout,
            run.stderr,
            std::fs::read_to_string(&path).unwrap(),
        ]);
    }
    let after = w.session_of("a").unwrap();
    let mut secrets = vec!["s3cret-value".to_string()];
    for s in [&before, &after] {
        secrets.push(s.tokens.access_token.secret().to_string());
        secrets.extend(
            s.tokens
                .refresh_token
                .iter()
                .map(|t| t.secret().to_string()),
        );
        secrets.extend(s.tokens.id_token.iter().map(|t| t.secret().to_string()));
    }
    for out in &outputs {
        for secret in &secrets {
            assert!(!out.contains(secret.as_str()), "{secret} in {out}");
        }
    }
}

/// What a profile's checks print along the way (here the warning that OAUTHCTL_CLIENT_SECRET is ignored
/// for a public client, at each refresh and at the introspection) stays inside that profile's block.
#[test]
fn messages_of_one_profile_stay_in_its_block() {
    let mut w = logged_in(&["a", "b", "c"], |s| {
        s.token_delay = Duration::from_millis(20)
    });
    w.env.client_secret = Some(ClientSecret::new("x".to_string()));
    let run = smoke(&w, &["-p", "a", "-p", "b", "-p", "c"]);
    run.ok();
    let blocks: Vec<&str> = run.stderr.split("\nprofile ").collect();
    let blocks: Vec<&str> = std::iter::once(blocks[0].trim_start_matches("profile "))
        .chain(blocks[1..].iter().copied())
        .collect();
    assert_eq!(blocks.len(), 3, "{}", run.stderr);
    let mut seen = vec![];
    for block in blocks {
        let name = block.lines().next().unwrap();
        seen.push(name.to_string());
        let warnings = block
            .lines()
            .filter(|l| l.starts_with("  warning:"))
            .count();
        assert_eq!(warnings, 3, "{block}");
        assert!(block.contains(&format!("\"{name}\"")), "{block}");
        assert_eq!(
            block.lines().filter(|l| l.starts_with("  ✓")).count(),
            7,
            "{block}"
        );
    }
    seen.sort();
    assert_eq!(seen, ["a", "b", "c"]);
}

/// Status marks take the colour rules of every message on stderr: coloured only when stderr takes it.
#[test]
fn marks_are_coloured_only_when_stderr_takes_colour() {
    let w = logged_in(&["a"], |_| {});
    let plain = smoke(&w, &["-p", "a"]);
    assert!(!plain.stderr.contains('\x1b'), "{}", plain.stderr);
    w.color.store(true, Ordering::SeqCst);
    colored::control::set_override(true);
    let coloured = smoke(&w, &["-p", "a"]);
    assert!(
        coloured.stderr.contains("\x1b[32m✓\x1b[0m jwks"),
        "{:?}",
        coloured.stderr
    );
}

mod modern;
mod wired;
