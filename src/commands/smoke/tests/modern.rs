//! In-process tests of the checks of the modern features (`par`, `private_key_jwt`): run only for a
//! profile that uses the feature, and each able to fail on the provider's fault.

use super::*;

const EC_KEY: &str = include_str!("../../../oauth/testdata/ec_p256.pem");

fn names(doc: &Value) -> Vec<String> {
    statuses(doc)[0].1.iter().map(|(n, _)| n.clone()).collect()
}

fn status_of(doc: &Value, name: &str) -> (String, String) {
    let c = doc["profiles"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no {name} check in {doc}"));
    (
        c["status"].as_str().unwrap().into(),
        c["detail"].as_str().unwrap().into(),
    )
}

#[test]
fn a_plain_profile_gets_the_contracts_eight_checks_only() {
    let w = logged_in(&["a"], |_| {});
    let doc = smoke(&w, &["-p", "a", "-o", "json"]).json();
    assert_eq!(names(&doc), CHECKS);
}

#[test]
fn a_pushing_profile_gets_a_par_check_that_pushes_a_request() {
    let w = logged_in(&[], |s| s.par = true);
    w.login(&["-p", "a", "--par"]).ok();
    let pushes = w.idp.seen_at("/par").len();
    let doc = smoke(&w, &["-p", "a", "-o", "json"]).json();
    assert_eq!(
        status_of(&doc, "par"),
        (
            "pass".into(),
            "the pushed request was taken (its request_uri lives 60 s)".into()
        )
    );
    let pushed = w.idp.seen_at("/par");
    assert_eq!(pushed.len(), pushes + 1);
    let last = pushed.last().unwrap();
    assert_eq!(last.form("response_type"), Some("code"));
    assert_eq!(last.form("code_challenge_method"), Some("S256"));
    assert_eq!(last.form("redirect_uri"), Some("http://127.0.0.1/callback"));
    // The par check sits before revoke, after the contract's others.
    let n = names(&doc);
    assert_eq!(n[n.len() - 2], "par");
}

#[test]
fn a_refused_push_fails_the_par_check_with_exit_3_and_the_rest_still_runs() {
    let w = logged_in(&[], |s| s.par = true);
    w.login(&["-p", "a", "--par"]).ok();
    w.settings().par_answer = Some((400, json!({"error": "invalid_request"})));
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(status_of(&doc, "par").0, "fail");
    assert_eq!(status_of(&doc, "userinfo").0, "pass");
}

fn key_file() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.pem");
    std::fs::write(&path, EC_KEY).unwrap();
    let shown = path.to_string_lossy().into_owned();
    (dir, shown)
}

#[test]
fn an_assertion_profile_checks_its_key_is_taken_and_a_foreign_audience_refused() {
    let w = logged_in(&[], |s| s.assertion_key = Some(EC_KEY));
    let (_dir, path) = key_file();
    w.login(&["-p", "a", "--client-key", &path]).ok();
    let revokes = w.idp.seen_at("/revoke").len();
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        status_of(&run.json(), "private_key_jwt"),
        (
            "pass".into(),
            "the key's assertion was taken, and one for another audience refused".into()
        )
    );
    // Two probes: a token that does not exist, revoked with each assertion.
    let probes = w.idp.seen_at("/revoke");
    assert_eq!(probes.len(), revokes + 2);
    assert_eq!(
        probes.last().unwrap().form("token"),
        Some("oauthctl-smoke-no-such-token")
    );
}

#[test]
fn a_provider_taking_an_assertion_for_any_audience_fails_with_exit_6() {
    let w = logged_in(&[], |s| s.assertion_key = Some(EC_KEY));
    let (_dir, path) = key_file();
    w.login(&["-p", "a", "--client-key", &path]).ok();
    w.settings().assertion_any_audience = true;
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    let (status, detail) = status_of(&run.json(), "private_key_jwt");
    assert_eq!(status, "fail");
    assert!(detail.contains("another audience"), "{detail}");
}

#[test]
fn a_dpop_profile_checks_its_bound_token_is_refused_without_its_proof() {
    let w = logged_in(&[], |_| {});
    w.login(&["-p", "a", "--dpop"]).ok();
    let before = w.idp.seen_at("/userinfo").len();
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        status_of(&doc, "dpop"),
        (
            "pass".into(),
            "the bound token is refused without its proof (Bearer: HTTP 401, DPoP: HTTP 400)"
                .into()
        )
    );
    assert_eq!(status_of(&doc, "userinfo").0, "pass");
    // The userinfo check's request with its proof, then the two without.
    let calls = w.idp.seen_at("/userinfo");
    let probes = &calls[before + 1..];
    assert_eq!(probes.len(), 2);
    assert!(probes.iter().all(|p| p.header("dpop").is_none()));
    let n = names(&doc);
    assert_eq!(n[n.len() - 2], "dpop");
}

#[test]
fn a_provider_taking_a_bound_token_without_its_proof_fails_the_dpop_check_with_exit_6() {
    let w = logged_in(&[], |_| {});
    w.login(&["-p", "a", "--dpop"]).ok();
    w.settings().dpop_lax_userinfo = true;
    let run = smoke(&w, &["-p", "a", "-o", "json"]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    let (status, detail) = status_of(&run.json(), "dpop");
    assert_eq!(status, "fail");
    assert!(
        detail.contains("without its proof (Bearer scheme"),
        "{detail}"
    );
}

/// A profile with a fixed redirect URI pushes that one (the provider matches it exactly); one with an
/// ephemeral port (`:0`) gets a portless loopback URI, which RFC 8252 §7.3 lets any port match.
#[test]
fn the_par_check_names_the_profiles_fixed_redirect_uri() {
    let w = logged_in(&[], |s| s.par = true);
    w.login(&[
        "-p",
        "a",
        "--par",
        "--redirect-uri",
        "http://127.0.0.1:8765/callback",
    ])
    .ok();
    smoke(&w, &["-p", "a"]).ok();
    let last = w.idp.seen_at("/par").last().unwrap().clone();
    assert_eq!(
        last.form("redirect_uri"),
        Some("http://127.0.0.1:8765/callback")
    );
    w.run(&[
        "-p",
        "a",
        "profile",
        "set",
        "redirect_uri",
        "http://127.0.0.1:0/callback",
    ])
    .ok();
    smoke(&w, &["-p", "a"]).ok();
    let last = w.idp.seen_at("/par").last().unwrap().clone();
    assert_eq!(last.form("redirect_uri"), Some("http://127.0.0.1/callback"));
}
