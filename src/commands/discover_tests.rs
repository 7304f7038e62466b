//! In-process tests of `discover`: where the issuer comes from, the exit codes, what goes to stdout and
//! stderr, and the JSON document's shape. The lint rules themselves are tested in `oauth::lint`.

use crate::testkit::idp::IdpSettings;
use crate::testkit::{ISSUER, World};
use serde_json::{Value, json};

/// The scripted provider with metadata no lint rule fires on.
fn clean(patch: Value) -> World {
    World::with(|s| {
        s.iss_parameter_supported = true;
        let mut members = json!({
            "scopes_supported": ["openid", "email"],
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "id_token_signing_alg_values_supported": ["ES256"],
        });
        for (k, v) in patch.as_object().unwrap() {
            members[k] = v.clone();
        }
        s.metadata_patch = members.as_object().unwrap().clone();
    })
}

fn discover(w: &World, extra: &[&str]) -> crate::testkit::Run {
    let mut args = vec!["discover", "--issuer", ISSUER];
    args.extend_from_slice(extra);
    w.run(&args)
}

#[test]
fn a_clean_provider_prints_its_metadata_and_exits_0() {
    let w = clean(json!({}));
    let run = discover(&w, &[]);
    run.ok();
    // stdout is the document alone.
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["issuer"], ISSUER);
    assert_eq!(doc["response_types_supported"], json!(["code"]));
    assert!(
        run.stderr
            .contains("0 errors and 0 warnings in the metadata of http://127.0.0.1:9/idp; JWKS with 1 usable key"),
        "{}",
        run.stderr
    );
    assert_eq!(w.idp.jwks_fetches(), 1);
}

#[test]
fn json_output_is_metadata_and_findings() {
    let w = clean(json!({"revocation_endpoint": null}));
    let run = discover(&w, &["-o", "json"]);
    run.ok();
    let doc = run.json();
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["findings", "metadata"]);
    assert_eq!(doc["metadata"]["issuer"], ISSUER);
    assert_eq!(
        doc["findings"],
        json!([{
            "level": "warning",
            "code": "no-revocation-endpoint",
            "message": "no `revocation_endpoint`: tokens cannot be revoked (RFC 7009)",
        }])
    );
    // JSON mode: nothing for people on stderr when all is well.
    assert_eq!(run.stderr, "");
}

#[test]
fn an_error_finding_is_exit_6_with_the_document_still_printed() {
    let w = clean(json!({}));
    w.settings().metadata_issuer = Some("http://127.0.0.1:9/other".into());
    let run = discover(&w, &[]);
    run.fails(6, "1 error and 0 warnings");
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["issuer"], "http://127.0.0.1:9/other");
    assert!(
        run.stderr.contains(
            "error   issuer-mismatch  the metadata names issuer \"http://127.0.0.1:9/other\""
        ),
        "{}",
        run.stderr
    );
    let json = discover(&w, &["-o", "json"]);
    assert_eq!(json.code, 6);
    assert_eq!(json.json()["findings"][0]["code"], "issuer-mismatch");
    assert_eq!(json.json()["findings"][0]["level"], "error");
}

#[test]
fn warnings_alone_are_exit_0_and_listed_one_a_line() {
    let w = clean(json!({
        "grant_types_supported": ["authorization_code", "implicit"],
        "code_challenge_methods_supported": ["plain"],
    }));
    let run = discover(&w, &[]);
    run.ok();
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    assert!(
        lines[0].starts_with("warning no-pkce-s256  `code_challenge"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("warning legacy-grant  the `implicit` grant"),
        "{}",
        lines[1]
    );
    assert!(lines[2].contains("0 errors and 2 warnings"), "{}", lines[2]);
}

#[test]
fn levels_are_coloured_on_a_terminal_only() {
    let w = clean(json!({"revocation_endpoint": null, "response_types_supported": ["token"]}));
    let plain = discover(&w, &[]);
    assert!(!plain.stderr.contains('\x1b'), "{}", plain.stderr);
    w.color.store(true, std::sync::atomic::Ordering::SeqCst);
    let run = discover(&w, &[]);
    assert_eq!(run.code, 6);
    assert!(
        run.stderr.contains("\x1b[1;31merror  \x1b[0m"),
        "{:?}",
        run.stderr
    );
    assert!(
        run.stderr.contains("\x1b[1;33mwarning\x1b[0m"),
        "{:?}",
        run.stderr
    );
}

#[test]
fn the_issuer_comes_from_the_profile_when_not_given() {
    let w = clean(json!({}));
    let run = w.run(&["discover"]);
    run.fails(2, "no issuer: pass --issuer URL");
    w.run(&["profile", "set", "issuer", ISSUER]).ok();
    w.run(&["discover"]).ok();
    assert_eq!(
        w.idp.seen_at("/.well-known/openid-configuration")[0].url,
        format!("{ISSUER}/.well-known/openid-configuration")
    );
}

#[test]
fn no_metadata_at_either_url_is_exit_4() {
    let w = World::with(|s: &mut IdpSettings| s.discovery = false);
    let run = discover(&w, &["-o", "json"]);
    run.fails(4, "no metadata found for http://127.0.0.1:9/idp");
    assert_eq!(run.stdout, "");
    // Both well-known URLs were tried, OpenID Connect's first.
    let paths: Vec<String> = w.idp.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths,
        [
            "/idp/.well-known/openid-configuration",
            "/.well-known/oauth-authorization-server/idp"
        ]
    );
}

#[test]
fn a_document_that_is_not_a_json_object_is_exit_1() {
    for raw in ["[1,2]", "<html>"] {
        let w = World::with(|s| s.metadata_raw = Some(raw));
        let run = discover(&w, &[]);
        run.fails(1, "is not a JSON object");
        assert_eq!(run.stdout, "");
    }
}

#[test]
fn an_issuer_in_clear_text_is_not_fetched() {
    let w = clean(json!({}));
    w.run(&["discover", "--issuer", "http://idp.example"])
        .fails(2, "http://idp.example");
    assert!(w.idp.seen().is_empty());
}

#[test]
fn the_jwks_is_checked() {
    let w = clean(json!({}));
    w.settings().jwks_fails = true;
    let run = discover(&w, &["-o", "json"]);
    assert_eq!(run.code, 6);
    assert_eq!(run.json()["findings"][0]["code"], "jwks-unreachable");
    assert!(
        run.json()["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("HTTP 500")
    );

    // A page that is not a JWKS.
    let w = clean(json!({"jwks_uri": format!("{ISSUER}/authorize")}));
    let run = discover(&w, &["-o", "json"]);
    assert_eq!(run.code, 6);
    assert_eq!(run.json()["findings"][0]["code"], "jwks-invalid");

    // A jwks_uri in clear text is a finding, and is not fetched.
    let w = clean(json!({"jwks_uri": "http://idp.example/jwks"}));
    let run = discover(&w, &["-o", "json"]);
    assert_eq!(run.code, 6);
    let findings = &run.json()["findings"];
    assert_eq!(findings.as_array().unwrap().len(), 1, "{findings}");
    assert_eq!(findings[0]["code"], "insecure-endpoint");
    assert_eq!(w.idp.jwks_fetches(), 0);
    assert!(w.idp.seen().iter().all(|s| !s.url.contains("idp.example")));
}

#[test]
fn inspect_reports_findings_as_data() {
    let w = clean(json!({"response_types_supported": ["token"]}));
    let ctx = w.ctx(&["discover"]);
    let found = super::discover::inspect(&ctx, ISSUER).unwrap();
    assert!(found.has_errors());
    assert_eq!(found.jwks_keys, Some(1));
    assert_eq!(found.findings[0].code, "no-code-response-type");
    assert!(
        found
            .metadata_url
            .as_str()
            .ends_with("/openid-configuration")
    );
}
