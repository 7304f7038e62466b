//! In-process tests of `--resource` (RFC 8707) and `--authorization-details` (RFC 9396): where each goes on
//! each grant, that a refresh asks for the same resources, and that bad values stop the login before any
//! request.

use crate::oauth::types::ClientSecret;
use crate::testkit::{CLIENT_ID, ISSUER, World};

const DETAILS: &str = r#"[{"type":"payment_initiation","amount":"5.00"}]"#;
const DETAILS_SENT: &str = r#"[{"amount":"5.00","type":"payment_initiation"}]"#;

fn all(pairs: Vec<(String, String)>, name: &str) -> Vec<String> {
    pairs
        .into_iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v)
        .collect()
}

#[test]
fn the_code_grant_sends_resources_everywhere_and_details_to_the_authorize_endpoint() {
    let w = World::new();
    w.login(&[
        "--resource",
        "https://api.example.test/a",
        "--resource",
        "urn:example:b",
        "--authorization-details",
        DETAILS,
    ])
    .ok();
    let query: Vec<(String, String)> = w.opened_url().query_pairs().into_owned().collect();
    let resources = ["https://api.example.test/a", "urn:example:b"];
    assert_eq!(all(query.clone(), "resource"), resources);
    assert_eq!(all(query, "authorization_details"), [DETAILS_SENT]);
    let exchange = w.idp.seen_at("/token")[0].form.clone();
    assert_eq!(all(exchange.clone(), "resource"), resources);
    assert!(all(exchange, "authorization_details").is_empty());

    // Saved as given, and a refresh asks for the same resources (RFC 8707 §2.2).
    let profile = w.config.profile("default").unwrap();
    assert_eq!(profile.resources, resources);
    assert_eq!(profile.authorization_details.as_deref(), Some(DETAILS));
    w.run(&["token", "refresh"]).ok();
    let refresh = w.idp.seen_at("/token").last().unwrap().form.clone();
    assert_eq!(all(refresh.clone(), "grant_type"), ["refresh_token"]);
    assert_eq!(all(refresh, "resource"), resources);
}

#[test]
fn the_client_credentials_grant_sends_both_on_its_token_request() {
    let mut w = World::with(|s| s.client_secret = Some("s3cret".into()));
    w.env.client_secret = Some(ClientSecret::new("s3cret"));
    w.run(&[
        "login",
        "--client-credentials",
        "--issuer",
        ISSUER,
        "--client-id",
        CLIENT_ID,
        "--resource",
        "urn:example:api",
        "--authorization-details",
        DETAILS,
    ])
    .ok();
    let form = w.idp.seen_at("/token")[0].form.clone();
    assert_eq!(all(form.clone(), "resource"), ["urn:example:api"]);
    assert_eq!(all(form, "authorization_details"), [DETAILS_SENT]);
}

#[test]
fn bad_values_are_usage_errors_before_any_request() {
    for (flag, value, why) in [
        ("--resource", "api/v1", "not an absolute URI"),
        ("--resource", "https://api.example.test/#top", "fragment"),
        ("--authorization-details", "{\"type\":\"a\"}", "JSON array"),
        (
            "--authorization-details",
            "[{\"amount\":1}]",
            "no string `type`",
        ),
    ] {
        let w = World::new();
        w.login(&[flag, value]).fails(2, why);
        assert!(
            w.idp.seen().is_empty(),
            "{flag} {value}: a request was sent"
        );
        assert!(w.config.profile("default").is_none());
    }
}

#[test]
fn profile_set_checks_and_saves_them() {
    let w = World::new();
    w.run(&[
        "profile",
        "set",
        "resource",
        "urn:example:a",
        "urn:example:b",
    ])
    .ok();
    w.run(&["profile", "set", "authorization_details", DETAILS])
        .ok();
    let p = w.config.profile("default").unwrap();
    assert_eq!(p.resources, ["urn:example:a", "urn:example:b"]);
    assert_eq!(p.authorization_details.as_deref(), Some(DETAILS));
    w.run(&["profile", "set", "resources", "relative"])
        .fails(2, "not an absolute URI");
    w.run(&["profile", "set", "authorization_details", "[]"])
        .fails(2, "empty array");
    w.run(&["profile", "set", "resources", ""]).ok();
    assert!(w.config.profile("default").unwrap().resources.is_empty());
}
