//! `smoke` end to end: two profiles logged in to the real oidc-provider smoked at once (JSON, JUnit, exit
//! 0), and the fault provider's userinfo answering for another subject (that check fails with exit 6,
//! the others still run).

use crate::harness::*;
use serde_json::json;

fn statuses(doc: &serde_json::Value, profile: usize) -> Vec<(String, String)> {
    doc["profiles"][profile]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn two_oidc_provider_profiles_pass_with_json_and_junit() {
    let p = Provider::oidc(3600);
    let user = User::new();
    for profile in ["one", "two"] {
        let mut args = owned(&["-p", profile]);
        args.extend(oidc_login_args(&p, "public-client"));
        user.run(&strs(&args)).ok();
    }
    let junit = user.dir.path().join("smoke.xml");
    let run = user
        .run(&[
            "--store",
            "file",
            "smoke",
            "-p",
            "one",
            "-p",
            "two",
            "-o",
            "json",
            "--junit",
            junit.to_str().unwrap(),
        ])
        .ok();
    let doc = run.json();
    let all_pass = pairs(&[
        ("jwks", "pass"),
        ("token", "pass"),
        ("id_token", "pass"),
        ("userinfo", "pass"),
        ("refresh", "pass"),
    ]);
    assert_eq!(doc["profiles"][0]["profile"], "one");
    assert_eq!(doc["profiles"][1]["profile"], "two");
    assert_eq!(statuses(&doc, 0), all_pass, "{}", run.stderr);
    assert_eq!(statuses(&doc, 1), all_pass, "{}", run.stderr);
    assert_eq!(
        (&doc["passed"], &doc["failed"], &doc["skipped"]),
        (&json!(10), &json!(0), &json!(0))
    );
    // oidc-provider rotates refresh tokens for public clients.
    assert_eq!(
        doc["profiles"][0]["checks"][4]["detail"],
        "works; the refresh token rotated"
    );
    let text = std::fs::read_to_string(&junit).unwrap();
    let xml = roxmltree::Document::parse(&text).unwrap();
    let suites: Vec<_> = xml
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 2);
    for suite in &suites {
        assert_eq!(suite.attribute("tests"), Some("5"));
        assert_eq!(suite.attribute("failures"), Some("0"));
        assert_eq!(suite.attribute("skipped"), Some("0"));
        let cases = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .count();
        assert_eq!(cases, 5);
    }
    // The rotated refresh tokens were stored: both profiles still refresh, and no token reached any
    // output.
    for profile in ["one", "two"] {
        let stored = user.stored(profile);
        for field in ["access_token", "refresh_token", "id_token"] {
            let token = stored["tokens"][field].as_str().unwrap();
            for out in [&run.stdout, &run.stderr, &text] {
                assert!(!out.contains(token), "{field} of {profile} leaked");
            }
        }
        user.run(&["-p", profile, "token", "refresh"]).ok();
    }
}

#[test]
fn a_userinfo_for_another_subject_fails_that_check_with_exit_6() {
    let p = Provider::fake(json!({
        "discovery": true,
        "auth": "none",
        "userinfo_sub": "mallory",
        "id_token_on_refresh": true,
        "rotate_refresh": true,
    }));
    let user = User::new();
    user.run(&strs(&fake_login_args(&p, true, &["-p", "f"])))
        .ok();
    let junit = user.dir.path().join("smoke.xml");
    let run = user.run(&[
        "--store",
        "file",
        "smoke",
        "-p",
        "f",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 6, "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("✗ userinfo"), "{}", run.stderr);
    assert!(
        run.stderr.contains("4 passed, 1 failed, 0 skipped"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(&junit).unwrap();
    let xml = roxmltree::Document::parse(&text).unwrap();
    let failures: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .map(|n| n.parent().unwrap().attribute("name").unwrap().to_string())
        .collect();
    assert_eq!(failures, ["userinfo"]);
}
