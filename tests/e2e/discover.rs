//! `oauthctl discover` against real HTTP: every lint finding from the fake provider's `/lint/<case>`
//! issuers (a clean document with one flaw each), the real oidc-provider's metadata, and the exit codes
//! when there is no metadata to fetch.

use crate::harness::*;
use serde_json::{Value, json};
use std::sync::OnceLock;

/// One fake provider serves every lint case; it exits when the test binary does (its stdin closes).
fn lint_provider() -> &'static Provider {
    static FAKE: OnceLock<Provider> = OnceLock::new();
    FAKE.get_or_init(|| Provider::fake(json!({})))
}

/// `discover -o json` for the lint case `name`.
fn discover_case(name: &str) -> Run {
    let issuer = format!("{}/lint/{name}", lint_provider().base);
    User::new().run(&["discover", "--issuer", &issuer, "-o", "json"])
}

/// The case's document produces exactly its own finding, at `level`, and the exit code that level means.
#[track_caller]
fn finds(name: &str, level: &str) -> Value {
    let run = discover_case(name);
    let want = if level == "error" { 6 } else { 0 };
    assert_eq!(run.code, want, "{run:?}");
    let doc = run.json();
    let findings = doc["findings"].as_array().unwrap();
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f["level"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [(level, name)], "{run:?}");
    assert!(doc["metadata"].is_object(), "{run:?}");
    findings[0].clone()
}

#[test]
fn a_clean_document_has_no_findings() {
    let run = discover_case("clean").ok();
    assert_eq!(run.json()["findings"], json!([]));
    let base = &lint_provider().base;
    assert_eq!(
        run.json()["metadata"]["issuer"],
        format!("{base}/lint/clean")
    );
}

#[test]
fn issuer_mismatch_is_an_error() {
    let f = finds("issuer-mismatch", "error");
    assert!(f["message"].as_str().unwrap().contains("/other"), "{f}");
}

#[test]
fn an_endpoint_in_clear_text_is_an_error() {
    let f = finds("insecure-endpoint", "error");
    assert!(
        f["message"].as_str().unwrap().contains("token_endpoint"),
        "{f}"
    );
}

#[test]
fn no_code_response_type_is_an_error() {
    finds("no-code-response-type", "error");
}

#[test]
fn alg_none_is_an_error() {
    finds("alg-none", "error");
}

#[test]
fn a_required_par_without_its_endpoint_is_an_error() {
    finds("par-endpoint-missing", "error");
}

#[test]
fn unsigned_client_assertions_are_an_error() {
    finds("auth-alg-none", "error");
}

#[test]
fn a_symmetric_dpop_algorithm_is_an_error() {
    let f = finds("dpop-alg-weak", "error");
    assert!(f["message"].as_str().unwrap().contains("HS256"), "{f}");
}

#[test]
fn a_missing_jwks_uri_is_an_error() {
    finds("jwks-missing", "error");
}

#[test]
fn an_unreachable_jwks_is_an_error() {
    let f = finds("jwks-unreachable", "error");
    assert!(f["message"].as_str().unwrap().contains("refused"), "{f}");
}

#[test]
fn a_page_instead_of_a_jwks_is_an_error() {
    let f = finds("jwks-invalid", "error");
    assert!(f["message"].as_str().unwrap().contains("text/html"), "{f}");
}

#[test]
fn no_pkce_s256_is_a_warning() {
    finds("no-pkce-s256", "warning");
}

#[test]
fn a_password_grant_is_a_warning() {
    let f = finds("legacy-grant", "warning");
    assert!(f["message"].as_str().unwrap().contains("password"), "{f}");
}

#[test]
fn no_iss_parameter_is_a_warning() {
    finds("no-iss-parameter", "warning");
}

#[test]
fn no_revocation_endpoint_is_a_warning() {
    finds("no-revocation-endpoint", "warning");
}

/// Human output: the document on stdout, the findings then the summary error on stderr; the issuer from
/// `OAUTHCTL_ISSUER`.
#[test]
fn human_output_and_the_issuer_from_the_environment() {
    let issuer = format!("{}/lint/issuer-mismatch", lint_provider().base);
    let run = User::new()
        .run_with(&["discover"], &[("OAUTHCTL_ISSUER", &issuer)])
        .fails(6, "1 error and 0 warnings");
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["issuer"], format!("{issuer}/other"));
    let first = run.stderr.lines().next().unwrap();
    assert!(
        first.starts_with("error   issuer-mismatch  the metadata names issuer"),
        "{run:?}"
    );
}

#[test]
fn oidc_provider_metadata_has_no_error_finding() {
    let p = Provider::oidc(3600);
    let run = User::new()
        .run(&["discover", "--issuer", &p.base, "-o", "json"])
        .ok();
    let doc = run.json();
    assert_eq!(doc["metadata"]["issuer"], p.base.as_str());
    let errors: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == "error")
        .collect();
    assert!(errors.is_empty(), "{run:?}");
}

#[test]
fn an_unreachable_issuer_is_exit_4() {
    // Nothing listens on port 1.
    let run = User::new()
        .run(&["discover", "--issuer", "http://127.0.0.1:1", "-o", "json"])
        .fails(4, "127.0.0.1");
    assert_eq!(run.stdout, "");
}

#[test]
fn a_provider_without_metadata_is_exit_4() {
    let p = Provider::fake(json!({"discovery": false}));
    User::new()
        .run(&["discover", "--issuer", &p.base])
        .fails(4, "no metadata found");
}
