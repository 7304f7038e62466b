//! `smoke` end to end. Against the real oidc-provider: a client credentials profile (`service-client`)
//! and a browser-logged-in one smoked at once (JSON field by field, JUnit, exit 0), then `--revoke`
//! once, after which the tokens are dead at the provider; a JWKS outage; and a CI run from `OAUTHCTL_*`
//! variables alone. Against the fault provider: one check broken at a time fails, the others still run.

use crate::harness::*;
use serde_json::{Value, json};
use std::os::unix::fs::PermissionsExt;

const SERVICE_SECRET: &str = "s3rvice-s3cret";

fn statuses(doc: &Value, profile: usize) -> Vec<(String, String)> {
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

/// (status, detail) of check `name` of the `profile`-th profile.
fn check(doc: &Value, profile: usize, name: &str) -> (String, String) {
    let c = doc["profiles"][profile]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no check {name} in {doc}"));
    (
        c["status"].as_str().unwrap().to_string(),
        c["detail"].as_str().unwrap().to_string(),
    )
}

/// One `<testsuite>`: name, tests, failures, skipped.
type Suite = (String, String, String, String);

/// The JUnit file: its suites, and the names of the failed cases.
fn junit(path: &std::path::Path) -> (Vec<Suite>, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let xml = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(xml.root_element().tag_name().name(), "testsuites");
    let suites = xml
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .map(|s| {
            let attr = |a: &str| s.attribute(a).unwrap().to_string();
            let cases = s.children().filter(|n| n.has_tag_name("testcase")).count();
            assert_eq!(cases.to_string(), attr("tests"));
            (
                attr("name"),
                attr("tests"),
                attr("failures"),
                attr("skipped"),
            )
        })
        .collect();
    let failed = xml
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .map(|n| n.parent().unwrap().attribute("name").unwrap().to_string())
        .collect();
    (suites, failed)
}

fn token_file(user: &User, profile: &str) -> std::path::PathBuf {
    user.data_dir().join(format!("{profile}.json"))
}

/// Puts a token file back as the file store writes it (0600), to ask about tokens a revoke deleted.
fn restore(user: &User, profile: &str, saved: &str) {
    let path = token_file(user, profile);
    std::fs::write(&path, saved).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// `svc` logged in with the client credentials grant, `web` with the browser (a stored refresh token).
fn two_profiles(p: &Provider) -> User {
    let user = User::new();
    user.run_with(
        &[
            "--store",
            "file",
            "-p",
            "svc",
            "login",
            "--client-credentials",
            "--issuer",
            &p.base,
            "--client-id",
            "service-client",
        ],
        &[("OAUTHCTL_CLIENT_SECRET", SERVICE_SECRET)],
    )
    .ok();
    let mut args = owned(&["-p", "web"]);
    args.extend(oidc_login_args(p, "public-client"));
    user.run(&strs(&args)).ok();
    user
}

#[test]
fn client_credentials_and_refresh_token_profiles_pass_then_revoke_kills_their_tokens() {
    let p = Provider::oidc(3600);
    let user = two_profiles(&p);
    let junit_path = user.dir.path().join("smoke.xml");
    let run = user
        .run(&[
            "smoke",
            "-p",
            "svc",
            "-p",
            "web",
            "-o",
            "json",
            "--junit",
            junit_path.to_str().unwrap(),
        ])
        .ok();
    let doc = run.json();
    assert_eq!(
        (&doc["passed"], &doc["failed"], &doc["skipped"]),
        (&json!(11), &json!(0), &json!(5)),
        "{doc}"
    );
    assert_eq!(doc["profiles"][0]["profile"], "svc");
    assert_eq!(doc["profiles"][1]["profile"], "web");
    assert_eq!(
        statuses(&doc, 0),
        pairs(&[
            ("discovery", "pass"),
            ("jwks", "pass"),
            ("token", "pass"),
            ("id_token", "skip"),
            ("userinfo", "skip"),
            ("refresh", "skip"),
            ("introspect", "pass"),
            ("revoke", "skip"),
        ]),
        "{}",
        run.stderr
    );
    assert_eq!(
        statuses(&doc, 1),
        pairs(&[
            ("discovery", "pass"),
            ("jwks", "pass"),
            ("token", "pass"),
            ("id_token", "pass"),
            ("userinfo", "pass"),
            ("refresh", "pass"),
            ("introspect", "pass"),
            ("revoke", "skip"),
        ]),
        "{}",
        run.stderr
    );
    // Field by field: what each check says it did.
    for profile in [0, 1] {
        let (_, discovery) = check(&doc, profile, "discovery");
        assert!(
            discovery == "no finding" || discovery.starts_with("no error; warnings: "),
            "{discovery}"
        );
        assert!(
            check(&doc, profile, "jwks").1.ends_with(" key")
                || check(&doc, profile, "jwks").1.ends_with(" keys")
        );
        assert_eq!(
            check(&doc, profile, "introspect").1,
            "the access token is active"
        );
        assert_eq!(
            check(&doc, profile, "revoke").1,
            "not asked for (--revoke destroys the tokens)"
        );
        for c in doc["profiles"][profile]["checks"].as_array().unwrap() {
            let mut keys: Vec<_> = c.as_object().unwrap().keys().cloned().collect();
            keys.sort();
            assert_eq!(keys, ["detail", "ms", "name", "status"]);
            assert!(c["ms"].is_u64());
        }
    }
    assert!(
        check(&doc, 0, "token").1.starts_with(
            "from the client credentials grant (not stored); access token valid until "
        ),
        "{doc}"
    );
    assert_eq!(
        check(&doc, 0, "userinfo").1,
        "a client credentials token stands for no user: nothing to ask userinfo about"
    );
    assert!(
        check(&doc, 1, "token")
            .1
            .starts_with("from the stored refresh token; access token valid until "),
        "{doc}"
    );
    assert_eq!(
        check(&doc, 1, "id_token").1,
        "signature and claims valid (sub \"alice\")"
    );
    assert_eq!(
        check(&doc, 1, "userinfo").1,
        "answers; sub matches the ID token's"
    );
    assert_eq!(
        check(&doc, 1, "refresh").1,
        "works; the refresh token rotated"
    );
    let (suites, failed) = junit(&junit_path);
    assert_eq!(
        suites,
        [
            ("svc".into(), "8".into(), "0".into(), "4".into()),
            ("web".into(), "8".into(), "0".into(), "1".into())
        ]
    );
    assert!(failed.is_empty());
    // The service client's grants: its login's, and the token check's (neither stored by smoke).
    let cc = p
        .oidc_log()
        .iter()
        .filter(|l| l["grant_type"] == "client_credentials")
        .count();
    assert_eq!(cc, 2);

    // Once with --revoke: both profiles' tokens die at the provider, and their stored copies go.
    let saved: Vec<String> = ["svc", "web"]
        .iter()
        .map(|p| std::fs::read_to_string(token_file(&user, p)).unwrap())
        .collect();
    let run = user
        .run(&["smoke", "-p", "svc", "-p", "web", "--revoke", "-o", "json"])
        .ok();
    let doc = run.json();
    for profile in [0, 1] {
        let (status, detail) = check(&doc, profile, "revoke");
        assert_eq!(status, "pass", "{doc}");
        assert!(
            detail.ends_with("and deleted the stored tokens: the profile needs a new login"),
            "{detail}"
        );
    }
    assert_eq!(doc["failed"], 0);
    for (i, profile) in ["svc", "web"].iter().enumerate() {
        assert!(!token_file(&user, profile).exists(), "{profile} deleted");
        user.run(&["-p", profile, "token", "print"])
            .fails(5, "no stored tokens");
        // The tokens stored before the run (the login's for svc; for web, of the grant the run
        // revoked) are inactive at the provider now.
        restore(&user, profile, &saved[i]);
        let envs: &[(&str, &str)] = if *profile == "svc" {
            &[("OAUTHCTL_CLIENT_SECRET", SERVICE_SECRET)]
        } else {
            &[]
        };
        let answer = user
            .run_with(&["-p", profile, "token", "introspect", "-o", "json"], envs)
            .ok()
            .json();
        assert_eq!(answer, json!({"active": false}), "{profile}");
    }
    let revocations: Vec<_> = p
        .oidc_log()
        .into_iter()
        .filter(|l| l["path"] == "/token/revocation")
        .map(|l| (l["client_id"].clone(), l["status"].clone()))
        .collect();
    assert!(
        revocations.iter().all(|(_, s)| *s == 200),
        "{revocations:?}"
    );
    // No token or secret reached any output.
    let text = std::fs::read_to_string(&junit_path).unwrap();
    for out in [&run.stdout, &run.stderr, &text] {
        assert!(!out.contains(SERVICE_SECRET));
        for s in &saved {
            let v: Value = serde_json::from_str(s).unwrap();
            for field in ["access_token", "refresh_token", "id_token"] {
                if let Some(t) = v["tokens"][field].as_str() {
                    assert!(!out.contains(t), "{field} leaked");
                }
            }
        }
    }
}

/// A CI job with neither config file, keyring nor browser: only `OAUTHCTL_*` variables. The verdict and
/// the JUnit report are right, and the config and data directories stay empty.
#[test]
fn a_smoke_from_the_environment_alone_writes_nothing_but_the_report() {
    let p = Provider::oidc(3600);
    let elsewhere = User::new();
    elsewhere
        .run_with(
            &strs(&oidc_login_args(&p, "basic-client")),
            &[("OAUTHCTL_CLIENT_SECRET", BASIC_SECRET)],
        )
        .ok();
    let rt = elsewhere.stored("default")["tokens"]["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    let ci = User::new();
    let reports = tempfile::tempdir().unwrap();
    let junit_path = reports.path().join("smoke.xml");
    let mut cmd = ci.command();
    cmd.args(["smoke", "-o", "json"])
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("OAUTHCTL_ISSUER", &p.base)
        .env("OAUTHCTL_CLIENT_ID", "basic-client")
        .env("OAUTHCTL_CLIENT_SECRET", BASIC_SECRET)
        .env("OAUTHCTL_REFRESH_TOKEN", &rt)
        .env("OAUTHCTL_SMOKE_JUNIT", &junit_path);
    let out = cmd.output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["profiles"][0]["profile"], "default");
    assert_eq!(
        (&doc["passed"], &doc["failed"], &doc["skipped"]),
        (&json!(7), &json!(0), &json!(1)),
        "{doc}"
    );
    assert!(
        check(&doc, 0, "token")
            .1
            .starts_with("from OAUTHCTL_REFRESH_TOKEN (nothing stored); "),
        "{doc}"
    );
    let (suites, failed) = junit(&junit_path);
    assert_eq!(
        suites,
        [("default".into(), "8".into(), "0".into(), "1".into())]
    );
    assert!(failed.is_empty());
    let left: Vec<_> = std::fs::read_dir(ci.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "written in CI mode: {left:?}");
    assert!(!stdout.contains(&rt) && !stderr.contains(&rt));
    assert!(!stderr.contains(BASIC_SECRET));
}

/// oidc-provider's key endpoint down after the login: the checks that need the keys fail (the lint
/// calls an unreachable JWKS an error: exit 6), the others still run and pass.
#[test]
fn a_jwks_outage_fails_the_checks_that_need_the_keys_and_the_others_still_run() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = owned(&["-p", "web"]);
    args.extend(oidc_login_args(&p, "public-client"));
    user.run(&strs(&args)).ok();
    p.set_jwks_outage(true);
    let run = user.run(&["smoke", "-p", "web", "-o", "json"]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    let doc = run.json();
    for name in ["discovery", "jwks", "id_token"] {
        assert_eq!(check(&doc, 0, name).0, "fail", "{name}: {doc}");
    }
    assert!(check(&doc, 0, "discovery").1.contains("jwks-unreachable"));
    for name in ["userinfo", "introspect"] {
        assert_eq!(check(&doc, 0, name).0, "pass", "{name}: {doc}");
    }
}

/// The fault provider breaking one check: that check fails with `code`, and every other check of the
/// list still runs and passes (revoke: skipped, not asked for).
fn one_fault(config: Value, broken: &str, code: i32, detail: &str) {
    let mut full = json!({
        "discovery": true,
        "auth": "none",
        "id_token_on_refresh": true,
        "rotate_refresh": true,
    });
    full.as_object_mut()
        .unwrap()
        .extend(config.as_object().unwrap().clone());
    let p = Provider::fake(full);
    let user = User::new();
    user.run(&strs(&fake_login_args(&p, true, &["-p", "f"])))
        .ok();
    let junit_path = user.dir.path().join("smoke.xml");
    let run = user.run(&[
        "--store",
        "file",
        "smoke",
        "-p",
        "f",
        "-o",
        "json",
        "--junit",
        junit_path.to_str().unwrap(),
    ]);
    assert_eq!(run.code, code, "{broken}: {}", run.stderr);
    let doc = run.json();
    let want: Vec<(String, String)> = [
        "discovery",
        "jwks",
        "token",
        "id_token",
        "userinfo",
        "refresh",
        "introspect",
        "revoke",
    ]
    .iter()
    .map(|n| {
        let status = match *n {
            n if n == broken => "fail",
            "revoke" => "skip",
            _ => "pass",
        };
        (n.to_string(), status.to_string())
    })
    .collect();
    assert_eq!(statuses(&doc, 0), want, "{}", run.stderr);
    let (_, got) = check(&doc, 0, broken);
    assert!(got.contains(detail), "{broken}: {got}");
    assert_eq!(
        (&doc["passed"], &doc["failed"], &doc["skipped"]),
        (&json!(6), &json!(1), &json!(1))
    );
    let (suites, failed) = junit(&junit_path);
    assert_eq!(suites, [("f".into(), "8".into(), "1".into(), "1".into())]);
    assert_eq!(failed, [broken]);
}

#[test]
fn a_metadata_error_finding_fails_discovery_with_exit_6() {
    one_fault(
        json!({"metadata_flaw": "no-code-response-type"}),
        "discovery",
        6,
        "no-code-response-type",
    );
}

#[test]
fn a_userinfo_for_another_subject_fails_that_check_with_exit_6() {
    one_fault(json!({"userinfo_sub": "mallory"}), "userinfo", 6, "mallory");
}

#[test]
fn an_inactive_token_at_introspection_fails_that_check_with_exit_6() {
    one_fault(
        json!({"introspect_active": false}),
        "introspect",
        6,
        "not active",
    );
}
