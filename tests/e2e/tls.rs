//! The TLS path: a provider served over https with a private CA is refused (exit 4, with the reason)
//! until the CA is given with `--ca-cert`, and then the whole login → userinfo → refresh works.

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
    // Without the CA the stored session cannot reach the provider either.
    user.run(&["token", "refresh"]).fails(4, "UnknownIssuer");
}
