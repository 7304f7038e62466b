//! The TLS path: a provider served over https with a private CA is refused (exit 4, with the reason)
//! until the CA is given with `--ca-cert`, and then the whole login → userinfo → refresh works, later
//! commands taking the CA from the profile. A self-signed server certificate given with `--ca-cert` is
//! trusted exactly, as curl's `--cacert` does; an unrelated one is not. A saved `--insecure` warns on
//! every use.

use crate::harness::*;
use serde_json::json;
use std::path::Path;
use std::process::Command;

/// A private CA and a leaf certificate for 127.0.0.1, made with the openssl command-line tool.
fn make_certs(dir: &Path) {
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("the TLS test needs the openssl command (Debian package openssl)");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    std::fs::write(
        dir.join("leaf.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=oauthctl test CA",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "leaf.key",
        "-out",
        "leaf.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    openssl(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "leaf.pem",
        "-days",
        "2",
        "-extfile",
        "leaf.ext",
    ]);
}

#[test]
fn private_ca_is_refused_until_given_with_ca_cert() {
    let user = User::new();
    let certs = user.dir.path().join("certs");
    std::fs::create_dir(&certs).unwrap();
    make_certs(&certs);
    let p = Provider::fake_tls(
        json!({"discovery": true, "auth": "none"}),
        &certs.join("leaf.pem"),
        &certs.join("leaf.key"),
    );
    assert!(p.base.starts_with("https://"));
    let ca = certs.join("ca.pem").display().to_string();
    let mut args = fake_login_args(&p, true, &[]);
    let browser_env = [("NODE_EXTRA_CA_CERTS", ca.as_str())];
    user.run_with(&strs(&args), &browser_env)
        .fails(4, "UnknownIssuer");
    user.assert_nothing_stored();

    args.splice(0..0, ["--ca-cert".to_string(), ca.clone()]);
    user.run_with(&strs(&args), &browser_env).ok();
    user.run(&["--ca-cert", &ca, "userinfo"]).ok();
    user.run(&["--ca-cert", &ca, "token", "refresh"]).ok();
    // The login saved the CA: later commands need no flag.
    user.run(&["token", "refresh"]).ok();
    user.run(&["userinfo"]).ok();
    // A flag or the variable still wins over the profile: another trust anchor cannot reach the provider.
    make_self_signed(&certs, "unrelated");
    let other = certs.join("unrelated.pem").display().to_string();
    user.run(&["--ca-cert", &other, "token", "refresh"])
        .fails(4, "UnknownIssuer");
    user.run_with(
        &["token", "refresh"],
        &[("OAUTHCTL_CA_CERT", other.as_str())],
    )
    .fails(4, "UnknownIssuer");
}

/// A self-signed certificate as `openssl req -x509` makes one for a development server (CA:TRUE from
/// the default config, the address in subjectAltName), written to `NAME.pem` and `NAME.key`.
fn make_self_signed(dir: &Path, name: &str) {
    let out = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args([
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .args([
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
        ])
        .current_dir(dir)
        .output()
        .expect("the TLS test needs the openssl command (Debian package openssl)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_self_signed_server_certificate_given_with_ca_cert_is_trusted_exactly_and_saved() {
    let user = User::new();
    let certs = user.dir.path().join("certs");
    std::fs::create_dir(&certs).unwrap();
    make_self_signed(&certs, "server");
    make_self_signed(&certs, "unrelated");
    let p = Provider::fake_tls(
        json!({"discovery": true, "auth": "none"}),
        &certs.join("server.pem"),
        &certs.join("server.key"),
    );
    let server = certs.join("server.pem").display().to_string();
    let unrelated = certs.join("unrelated.pem").display().to_string();
    let browser_env = [("NODE_EXTRA_CA_CERTS", server.as_str())];
    let login = |ca: &str| {
        let mut args = fake_login_args(&p, true, &[]);
        args.splice(0..0, ["--ca-cert".to_string(), ca.to_string()]);
        user.run_with(&strs(&args), &browser_env)
    };

    // Another self-signed certificate with the same name and address is no key to this server.
    login(&unrelated).fails(4, "request to 127.0.0.1 failed");
    user.assert_nothing_stored();

    // The server's own certificate, given by a relative path: trusted, and saved made absolute.
    let mut args = fake_login_args(&p, true, &[]);
    args.splice(0..0, owned(&["--ca-cert", "certs/server.pem"]));
    let mut cmd = user.command();
    cmd.args(strs(&args))
        .envs(browser_env)
        .current_dir(user.dir.path());
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = std::fs::read_to_string(user.config_path()).unwrap();
    assert!(
        config.contains(&format!("ca_cert = \"{server}\"")),
        "{config}"
    );

    // Later commands, from another directory and without the flag, trust it from the profile.
    user.run(&["token", "refresh"]).ok();
    user.run(&["userinfo"]).ok();
    user.run(&["--ca-cert", &unrelated, "token", "refresh"])
        .fails(4, "request to 127.0.0.1 failed");
}

#[test]
fn a_saved_insecure_warns_on_every_use_until_turned_off() {
    let user = User::new();
    let certs = user.dir.path().join("certs");
    std::fs::create_dir(&certs).unwrap();
    make_self_signed(&certs, "server");
    let p = Provider::fake_tls(
        json!({"discovery": true, "auth": "none"}),
        &certs.join("server.pem"),
        &certs.join("server.key"),
    );
    let server = certs.join("server.pem").display().to_string();
    let browser_env = [
        ("NODE_EXTRA_CA_CERTS", server.as_str()),
        ("OAUTHCTL_INSECURE", "1"),
    ];
    let args = fake_login_args(&p, true, &[]);
    let warning = "TLS certificates are NOT verified";
    let run = user.run_with(&strs(&args), &browser_env).ok();
    assert!(run.stderr.contains(warning), "{}", run.stderr);

    let run = user.run(&["token", "refresh"]).ok();
    assert!(
        run.stderr.contains(warning),
        "a saved --insecure is silent: {}",
        run.stderr
    );
    // --insecure=false turns it off for one run, and a login with it clears the saved one.
    user.run(&["--insecure=false", "token", "refresh"])
        .fails(4, "request to 127.0.0.1 failed");
    let mut args = fake_login_args(&p, true, &[]);
    args.splice(0..0, owned(&["--insecure=false", "--ca-cert", &server]));
    user.run_with(&strs(&args), &browser_env[..1]).ok();
    let run = user.run(&["--ca-cert", &server, "token", "refresh"]).ok();
    assert!(!run.stderr.contains(warning), "{}", run.stderr);
}
