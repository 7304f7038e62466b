//! In-process tests of RFC 8705 mutual TLS: `tls_client_auth` / `self_signed_tls_client_auth` send the
//! client id and no secret, the certificate of `--client-cert` goes with every request (saved in the
//! profile for refresh, userinfo and the rest), and a client with a certificate calls the provider's
//! `mtls_endpoint_aliases` instead of the plain endpoints.

use crate::config::ClientIdentity;
use crate::oauth::types::{AuthMethod, ClientSecret};
use crate::testkit::World;
use crate::testkit::idp::{CLIENT_ID, ISSUER, MTLS_ORIGIN, Seen};
use std::path::PathBuf;

const CERT: &str = "/certs/client.pem";
const KEY: &str = "/certs/client.key";

fn mtls_world() -> World {
    World::with(|s| {
        s.mtls_aliases = true;
        s.client_cert = Some(CERT.into());
        s.bound_tokens = true;
    })
}

fn cert_args(method: &'static str) -> [&'static str; 6] {
    [
        "--auth-method",
        method,
        "--client-cert",
        CERT,
        "--client-cert-key",
        KEY,
    ]
}

fn identity() -> Option<ClientIdentity> {
    Some(ClientIdentity {
        cert: CERT.into(),
        key: KEY.into(),
    })
}

fn last(w: &World, path: &str) -> Seen {
    w.idp
        .seen_at(path)
        .pop()
        .unwrap_or_else(|| panic!("no request to {path}"))
}

#[test]
fn tls_client_auth_sends_the_client_id_and_no_secret_to_the_token_alias_with_the_certificate() {
    for method in ["tls_client_auth", "self_signed_tls_client_auth"] {
        let mut w = mtls_world();
        // A secret in the environment is never sent by a certificate-authenticated client.
        w.env.client_secret = Some(ClientSecret::new("exported-for-another-client"));
        w.login(&cert_args(method)).ok();
        let token = last(&w, "/token");
        assert!(token.url.starts_with(MTLS_ORIGIN), "{}", token.url);
        assert_eq!(token.form("client_id"), Some(CLIENT_ID));
        assert_eq!(token.form("client_secret"), None);
        assert_eq!(token.header("authorization"), None);
        assert_eq!(token.http.unwrap().client_identity, identity());
        // The browser and the metadata stay on the plain endpoints.
        assert!(
            w.opened_url().as_str().starts_with(ISSUER),
            "{}",
            w.opened_url()
        );
        assert!(
            last(&w, "/.well-known/openid-configuration")
                .url
                .starts_with(ISSUER)
        );
        let session = w.session();
        assert_eq!(session.auth_method.as_str(), method);
        assert!(session.client_secret.is_none(), "no secret is stored");
    }
}

#[test]
fn every_endpoint_the_client_calls_is_its_alias_with_the_saved_certificate() {
    let w = mtls_world();
    w.login(&cert_args("tls_client_auth")).ok();
    let profile = w.config.profile("default").unwrap();
    assert_eq!(profile.client_cert, Some(PathBuf::from(CERT)));
    assert_eq!(profile.client_cert_key, Some(PathBuf::from(KEY)));
    assert_eq!(profile.auth_method, Some(AuthMethod::TlsClientAuth));

    // Later commands take the certificate from the profile (no flag) and call the aliases.
    w.run(&["token", "refresh"]).ok();
    w.run(&["userinfo"]).ok();
    w.run(&["token", "introspect"]).ok();
    w.run(&["token", "revoke"]).ok();
    for path in ["/token", "/userinfo", "/introspect", "/revoke"] {
        let seen = last(&w, path);
        assert!(seen.url.starts_with(MTLS_ORIGIN), "{path}: {}", seen.url);
        assert_eq!(
            seen.http.clone().unwrap().client_identity,
            identity(),
            "{path}"
        );
        if path != "/userinfo" {
            assert_eq!(seen.form("client_id"), Some(CLIENT_ID), "{path}");
            assert_eq!(seen.form("client_secret"), None, "{path}");
        }
    }
    assert_eq!(w.idp.refreshes(), 1);
}

#[test]
fn the_device_grant_uses_the_device_alias() {
    let w = mtls_world();
    let mut args = vec!["--device"];
    args.extend(cert_args("tls_client_auth"));
    w.login(&args).ok();
    assert!(last(&w, "/device").url.starts_with(MTLS_ORIGIN));
    assert!(last(&w, "/token").url.starts_with(MTLS_ORIGIN));
}

#[test]
fn the_client_credentials_grant_needs_no_secret_with_a_certificate() {
    let w = mtls_world();
    let mut args = vec!["--client-credentials"];
    args.extend(cert_args("tls_client_auth"));
    w.login(&args).ok();
    let token = last(&w, "/token");
    assert_eq!(token.form("grant_type"), Some("client_credentials"));
    assert_eq!(token.form("client_id"), Some(CLIENT_ID));
    // And a new token later, from the profile's certificate alone.
    w.run(&["token", "refresh"]).ok();
    assert_eq!(w.idp.seen_at("/token").len(), 2);
}

#[test]
fn a_certificate_bound_token_needs_the_certificate_at_userinfo() {
    // The fake binds the access token to the certificate it was issued with; the same one is presented.
    let w = mtls_world();
    w.login(&cert_args("tls_client_auth")).ok();
    let run = w.run(&["userinfo", "-o", "json"]);
    run.ok();
    assert_eq!(run.json()["sub"], "alice");
}

#[test]
fn without_a_certificate_the_plain_endpoints_are_used() {
    let w = World::with(|s| s.mtls_aliases = true);
    w.login(&[]).ok();
    w.run(&["userinfo"]).ok();
    for path in ["/token", "/userinfo"] {
        let seen = last(&w, path);
        assert!(seen.url.starts_with(ISSUER), "{path}: {}", seen.url);
        assert_eq!(seen.http.unwrap().client_identity, None);
    }
}

#[test]
fn a_certificate_with_a_secret_method_still_takes_the_aliases_for_bound_tokens() {
    let w = World::with(|s| {
        s.mtls_aliases = true;
        s.client_secret = Some("s3cret".into());
    });
    let mut w = w;
    w.env.client_secret = Some(ClientSecret::new("s3cret"));
    w.login(&[
        "--auth-method",
        "client_secret_basic",
        "--client-cert",
        CERT,
    ])
    .ok();
    let token = last(&w, "/token");
    assert!(token.url.starts_with(MTLS_ORIGIN), "{}", token.url);
    assert!(token.header("authorization").is_some());
    // Without --client-cert-key the certificate file holds the key.
    assert_eq!(
        token.http.unwrap().client_identity,
        Some(ClientIdentity {
            cert: CERT.into(),
            key: CERT.into()
        })
    );
}

#[test]
fn a_relative_certificate_path_is_saved_absolute() {
    let w = World::with(|s| {
        s.mtls_aliases = true;
        s.client_cert = Some(std::path::absolute("certs/c.pem").unwrap());
    });
    w.login(&[
        "--auth-method",
        "tls_client_auth",
        "--client-cert",
        "certs/c.pem",
    ])
    .ok();
    let profile = w.config.profile("default").unwrap();
    let cert = profile.client_cert.unwrap();
    assert!(
        cert.is_absolute() && cert.ends_with("certs/c.pem"),
        "{cert:?}"
    );
}

#[test]
fn a_certificate_method_without_a_certificate_is_a_usage_error() {
    let w = mtls_world();
    w.login(&["--auth-method", "tls_client_auth"]).fails(
        2,
        "auth method tls_client_auth needs a TLS client certificate",
    );
    w.login(&["--client-cert-key", KEY])
        .fails(2, "--client-cert-key needs --client-cert");
    assert!(w.idp.seen_at("/token").is_empty());
}

#[test]
fn the_wrong_certificate_is_an_oauth_error() {
    let w = mtls_world();
    w.login(&[
        "--auth-method",
        "tls_client_auth",
        "--client-cert",
        "/certs/other.pem",
    ])
    .fails(3, "invalid_client");
    assert!(w.session_of("default").is_none());
}

#[test]
fn an_endpoint_found_after_the_login_is_its_alias_too() {
    // The OpenID document (the login's) lists no revocation endpoint; the RFC 8414 one, read by
    // `token revoke`, does, and its alias.
    let w = World::with(|s| {
        s.mtls_aliases = true;
        s.client_cert = Some(CERT.into());
        s.secret_endpoints_in_rfc8414_only = true;
    });
    w.login(&cert_args("tls_client_auth")).ok();
    assert!(w.session().provider.revocation_url.is_none());
    w.run(&["token", "revoke"]).ok();
    let revoke = last(&w, "/revoke");
    assert!(revoke.url.starts_with(MTLS_ORIGIN), "{}", revoke.url);
}

#[test]
fn the_certificate_variables_work_for_tokens_from_the_environment() {
    let mut w = mtls_world();
    w.login(&cert_args("tls_client_auth")).ok();
    let rt = w.idp.live_refresh_token().unwrap();
    w.stores.items.lock().unwrap().clear();
    *w.config.0.lock().unwrap() = String::new();
    w.env.refresh_token = Some(crate::oauth::types::RefreshToken::new(rt));
    for (k, v) in [
        ("OAUTHCTL_ISSUER", ISSUER),
        ("OAUTHCTL_CLIENT_ID", CLIENT_ID),
        ("OAUTHCTL_AUTH_METHOD", "tls_client_auth"),
        ("OAUTHCTL_CLIENT_CERT", CERT),
        ("OAUTHCTL_CLIENT_CERT_KEY", KEY),
    ] {
        w.env.login_vars.insert(k.into(), v.into());
    }
    w.run(&["token", "print"]).ok();
    let refresh = last(&w, "/token");
    assert_eq!(refresh.form("grant_type"), Some("refresh_token"));
    assert!(refresh.url.starts_with(MTLS_ORIGIN), "{}", refresh.url);
    assert_eq!(refresh.http.unwrap().client_identity, identity());
}
