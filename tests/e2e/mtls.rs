//! RFC 8705 mutual TLS against the real oidc-provider: its plain-http issuer stays as it is, and a second
//! (HTTPS) listener with a test CA made here, at run time, serves the same provider as the
//! `mtls_endpoint_aliases`. Each certificate client (`tls_client_auth` with a CA-issued certificate,
//! `self_signed_tls_client_auth` with a registered self-signed one) logs in, refreshes and reads userinfo
//! through the aliases with certificate-bound tokens; a bound token without the certificate is refused,
//! and so is a client with the wrong certificate.

use crate::harness::*;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The test CA, the provider's certificate for 127.0.0.1, a certificate the CA issued to tls-client, the
/// self-signed one registered for self-signed-client, and a rogue self-signed one with tls-client's name.
/// Keys are written 0600 by openssl and live in a temporary directory for one test.
fn make_certs(dir: &Path) {
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("the mTLS test needs the openssl command (Debian package openssl)");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let self_signed = |name: &str, subject: &str| {
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            subject,
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
        ]);
    };
    let issued = |name: &str, subject: &str, ext: &str| {
        std::fs::write(dir.join(format!("{name}.ext")), ext).unwrap();
        openssl(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            subject,
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.csr"),
        ]);
        openssl(&[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-out",
            &format!("{name}.pem"),
            "-extfile",
            &format!("{name}.ext"),
        ]);
    };
    self_signed("ca", "/CN=oauthctl test CA");
    issued(
        "server",
        "/CN=127.0.0.1",
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    );
    issued(
        "tls-client",
        "/CN=tls-client/O=oauthctl tests",
        "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n",
    );
    self_signed("self-signed", "/CN=self-signed-client");
    self_signed("rogue", "/CN=tls-client/O=oauthctl tests");
}

struct Mtls {
    user: User,
    provider: Provider,
    certs: PathBuf,
}

impl Mtls {
    fn start() -> Mtls {
        let user = User::new();
        let certs = user.dir.path().join("certs");
        std::fs::create_dir(&certs).unwrap();
        make_certs(&certs);
        let provider = Provider::oidc_with(3600, &[("MTLS_DIR", certs.display().to_string())]);
        Mtls {
            user,
            provider,
            certs,
        }
    }

    fn path(&self, name: &str) -> String {
        self.certs.join(name).display().to_string()
    }

    /// `login` for `client` with the certificate `cert` (`NAME.pem` and `NAME.key`), trusting the test CA.
    fn login(&self, client: &str, method: &str, cert: &str) -> Run {
        let mut args = owned(&["--ca-cert", &self.path("ca.pem")]);
        args.extend(oidc_login_args(&self.provider, client));
        args.extend(owned(&[
            "--auth-method",
            method,
            "--client-cert",
            &self.path(&format!("{cert}.pem")),
            "--client-cert-key",
            &self.path(&format!("{cert}.key")),
        ]));
        self.user.run(&strs(&args))
    }

    /// The provider's log entries for `path` that came through the mTLS listener with a certificate.
    fn through_alias(&self, path: &str) -> Vec<Value> {
        self.provider
            .oidc_log()
            .into_iter()
            .filter(|e| e["path"] == path && e["mtls"]["certificate"] == true)
            .collect()
    }
}

/// `GET /me` on the plain listener (no TLS, so no certificate) with `token`: status line and body.
fn plain_userinfo(issuer: &str, token: &str) -> String {
    let host = issuer.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /me HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

fn login_refresh_userinfo(client: &str, method: &str, cert: &str) {
    let m = Mtls::start();
    m.login(client, method, cert).ok();
    // Later commands take the certificate (and the CA) from the profile.
    let claims = m.user.run(&["userinfo", "-o", "json"]).ok().json();
    assert!(claims["sub"].is_string(), "{claims}");
    m.user.run(&["token", "refresh"]).ok();
    m.user.run(&["userinfo"]).ok();
    // Every token and userinfo request went to the aliases, with the certificate.
    let tokens = m.through_alias("/token");
    assert_eq!(tokens.len(), 2, "{:?}", m.provider.oidc_log());
    assert!(
        tokens
            .iter()
            .all(|e| e["client_id"] == client && e["status"] == 200)
    );
    assert_eq!(m.through_alias("/me").len(), 2);
    // The provider bound the access token to the certificate...
    let introspection = m
        .user
        .run(&["token", "introspect", "-o", "json"])
        .ok()
        .json();
    assert!(
        introspection["cnf"]["x5t#S256"].is_string(),
        "{introspection}"
    );
    // ...so without it (the plain listener carries no certificate) the token is refused.
    let token = m.user.run(&["token", "print"]).ok().stdout;
    let answer = plain_userinfo(&m.provider.base, token.trim());
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(answer.contains("invalid_token"), "{answer}");
    let config = std::fs::read_to_string(m.user.config_path()).unwrap();
    assert!(
        config.contains(&format!(
            "client_cert = \"{}\"",
            m.path(&format!("{cert}.pem"))
        )),
        "{config}"
    );
}

#[test]
fn tls_client_auth_logs_in_refreshes_and_reads_userinfo_through_the_aliases() {
    login_refresh_userinfo("tls-client", "tls_client_auth", "tls-client");
}

#[test]
fn self_signed_tls_client_auth_logs_in_refreshes_and_reads_userinfo_through_the_aliases() {
    login_refresh_userinfo(
        "self-signed-client",
        "self_signed_tls_client_auth",
        "self-signed",
    );
}

#[test]
fn the_wrong_certificate_is_invalid_client_and_the_other_clients_still_work() {
    let m = Mtls::start();
    // The right name, but not issued by the CA the provider trusts.
    m.login("tls-client", "tls_client_auth", "rogue")
        .fails(3, "invalid_client");
    // Another client's registered certificate is no key to this one either.
    m.login(
        "self-signed-client",
        "self_signed_tls_client_auth",
        "tls-client",
    )
    .fails(3, "invalid_client");
    m.user.assert_nothing_stored();
    let refused = m.through_alias("/token");
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(
        refused
            .iter()
            .all(|e| e["status"] == 401 && e["error"] == "invalid_client")
    );
    // With every method listed for mTLS, the clients without certificates are still valid.
    m.user
        .run(&strs(&oidc_login_args(&m.provider, "public-client")))
        .ok();
    m.user.run(&["userinfo"]).ok();
    // A client without a certificate keeps the plain endpoints.
    assert_eq!(m.through_alias("/token").len(), 2);
}

#[test]
fn without_ca_cert_the_certificate_goes_out_too_and_a_key_others_can_read_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let m = Mtls::start();
    let key = m.certs.join("tls-client.key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o640)).unwrap();
    // reqwest's own TLS setup (here --insecure, as the system roots would not know the test CA).
    let mut args = owned(&["--insecure"]);
    args.extend(oidc_login_args(&m.provider, "tls-client"));
    args.extend(owned(&[
        "--auth-method",
        "tls_client_auth",
        "--client-cert",
        &m.path("tls-client.pem"),
        "--client-cert-key",
        &m.path("tls-client.key"),
    ]));
    let run = m.user.run(&strs(&args)).ok();
    let warning = "the private key of --client-cert";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    assert!(!run.stderr.contains("PRIVATE KEY"), "{}", run.stderr);
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = m.user.run(&["userinfo"]).ok();
    assert!(!run.stderr.contains(warning), "{}", run.stderr);
    assert_eq!(m.through_alias("/token").len(), 1);
    assert_eq!(m.through_alias("/me").len(), 1);
}
