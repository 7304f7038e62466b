//! Trust for `--ca-cert`, as curl's `--cacert` gives it: each certificate in the file is a trust anchor for
//! ordinary chains, and a certificate that *is* the server's own (a self-signed development certificate,
//! often marked CA:TRUE by `openssl req -x509`, which WebPKI path building refuses as an end entity) is
//! trusted exactly: the server's certificate must be byte for byte one of those given, valid today and
//! for the server name, and the handshake signature is still checked against its key.
//!
//! Also the client's own certificate (`--client-cert`, RFC 8705 mTLS), read from its PEM files here so
//! that a missing or broken file is a usage error that names it, whichever TLS setup presents it.

use crate::config::ClientIdentity;
use crate::error::{Error, Result};
use rustls::DigitallySignedStruct;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use std::path::Path;
use std::sync::Arc;
use zeroize::Zeroizing;

/// A TLS client certificate with its key, ready for either TLS setup.
pub struct ClientCert {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    /// Key and certificates as one PEM text, the form reqwest's `Identity` takes. Wiped on drop.
    pem: Zeroizing<Vec<u8>>,
}

impl ClientCert {
    /// Reads `--client-cert` and its key. Errors name the file, never its content.
    pub fn read(id: &ClientIdentity) -> Result<ClientCert> {
        let read = |path: &Path, what: &str| {
            std::fs::read(path)
                .map(Zeroizing::new)
                .map_err(|e| Error::usage(format!("cannot read {what} {}: {e}", path.display())))
        };
        let cert_pem = read(&id.cert, "--client-cert")?;
        let chain = CertificateDer::pem_slice_iter(&cert_pem)
            .collect::<std::result::Result<Vec<_>, _>>()
            .ok()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| {
                Error::usage(format!(
                    "--client-cert {} holds no PEM certificate",
                    id.cert.display()
                ))
            })?;
        let key_pem = if id.key == id.cert {
            cert_pem.clone()
        } else {
            read(&id.key, "--client-cert-key")?
        };
        let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|_| {
            Error::usage(format!(
                "{} holds no PEM private key for --client-cert",
                id.key.display()
            ))
            .with_hint("pass the key file with --client-cert-key PATH (unencrypted PEM)")
        })?;
        let mut pem = key_pem;
        pem.push(b'\n');
        pem.extend_from_slice(&cert_pem);
        Ok(ClientCert { chain, key, pem })
    }

    /// For reqwest's own TLS setup (system roots, or `--insecure`).
    pub fn identity(&self) -> Result<reqwest::Identity> {
        reqwest::Identity::from_pem(&self.pem)
            .map_err(|e| Error::usage(format!("cannot use --client-cert: {e}")))
    }
}

/// Whether a key file may be read by users other than its owner (its group or everyone).
pub fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o044 != 0)
        .unwrap_or(false)
}

/// The TLS configuration for `https://` with the certificates of `path` trusted as well as the system's,
/// presenting `client` when given.
pub fn client_config(path: &Path, client: Option<&ClientCert>) -> Result<rustls::ClientConfig> {
    let pem = std::fs::read(path)
        .map_err(|e| Error::usage(format!("cannot read --ca-cert {}: {e}", path.display())))?;
    let no_cert = |why: String| {
        Error::usage(format!(
            "--ca-cert {} holds no usable PEM certificate{why}",
            path.display()
        ))
    };
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| no_cert(format!(": {e}")))?;
    if certs.is_empty() {
        return Err(no_cert(String::new()));
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let chains =
        rustls_platform_verifier::Verifier::new_with_extra_roots(certs.clone(), provider.clone())
            .map_err(|e| no_cert(format!(": {e}")))?;
    let verifier = PinnedOrChain {
        pinned: certs,
        chains: Arc::new(chains),
    };
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::other(format!("cannot set up TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier));
    let mut config = match client {
        Some(c) => builder
            .with_client_auth_cert(c.chain.clone(), c.key.clone_key())
            .map_err(|e| Error::usage(format!("cannot use --client-cert: {e}")))?,
        None => builder.with_no_client_auth(),
    };
    // reqwest sets ALPN only on configurations it builds itself; it speaks HTTP/1.1 here.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// The server's certificate when it is one of `pinned`, else the ordinary chain verification.
#[derive(Debug)]
struct PinnedOrChain {
    pinned: Vec<CertificateDer<'static>>,
    chains: Arc<dyn ServerCertVerifier>,
}

impl ServerCertVerifier for PinnedOrChain {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        if !self
            .pinned
            .iter()
            .any(|c| c.as_ref() == end_entity.as_ref())
        {
            return self.chains.verify_server_cert(
                end_entity,
                intermediates,
                server_name,
                ocsp_response,
                now,
            );
        }
        check_validity(end_entity, now)?;
        let parsed = rustls::server::ParsedCertificate::try_from(end_entity)?;
        rustls::client::verify_server_name(&parsed, server_name)?;
        Ok(ServerCertVerified::assertion())
    }

    // The handshake signatures prove the server holds the certificate's key, whichever way it is trusted.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.chains.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.chains.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.chains.supported_verify_schemes()
    }
}

/// A pinned certificate must still be inside its validity period (curl checks it too).
fn check_validity(
    cert: &CertificateDer<'_>,
    now: UnixTime,
) -> std::result::Result<(), rustls::Error> {
    use rustls::CertificateError;
    let (not_before, not_after) = validity(cert.as_ref()).ok_or(
        rustls::Error::InvalidCertificate(CertificateError::BadEncoding),
    )?;
    let now = now.as_secs() as i64;
    if now < not_before {
        return Err(rustls::Error::InvalidCertificate(
            CertificateError::NotValidYet,
        ));
    }
    if now > not_after {
        return Err(rustls::Error::InvalidCertificate(CertificateError::Expired));
    }
    Ok(())
}

/// `notBefore` and `notAfter` of an X.509 certificate (RFC 5280 §4.1), in Unix seconds.
fn validity(der: &[u8]) -> Option<(i64, i64)> {
    let (_, cert, _) = tlv(der)?;
    let (_, mut tbs, _) = tlv(cert)?;
    // version [0] EXPLICIT (optional), serialNumber, signature, issuer, then validity.
    let (tag, _, rest) = tlv(tbs)?;
    if tag == 0xa0 {
        tbs = rest;
    }
    for _ in 0..3 {
        tbs = tlv(tbs)?.2;
    }
    let (_, validity, _) = tlv(tbs)?;
    let (t1, before, rest) = tlv(validity)?;
    let (t2, after, _) = tlv(rest)?;
    Some((der_time(t1, before)?, der_time(t2, after)?))
}

/// One DER tag-length-value: (tag, value, what follows).
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        first as usize
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | *b as usize);
        rest = &rest[n..];
        len
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// UTCTime (`YYMMDDHHMMSSZ`, years 1950–2049) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) in Unix seconds.
fn der_time(tag: u8, value: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(value).ok()?.strip_suffix('Z')?;
    let (year, rest) = match tag {
        0x17 if text.len() == 12 => {
            let yy: i64 = text[..2].parse().ok()?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, &text[2..])
        }
        0x18 if text.len() == 14 => (text[..4].parse().ok()?, &text[4..]),
        _ => return None,
    };
    if !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |i: usize| rest[i..i + 2].parse::<i64>().ok();
    let (month, day) = (num(0)?, num(2)?);
    let (hour, min, sec) = (num(4)?, num(6)?, num(8)?);
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + min * 60 + sec)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_times() {
        assert_eq!(der_time(0x17, b"700101000000Z"), Some(0));
        assert_eq!(der_time(0x17, b"270115080000Z"), Some(1_800_000_000));
        assert_eq!(der_time(0x18, b"20270115080000Z"), Some(1_800_000_000));
        assert_eq!(
            der_time(0x17, b"490101000000Z"),
            der_time(0x18, b"20490101000000Z")
        );
        assert_eq!(
            der_time(0x17, b"500101000000Z"),
            der_time(0x18, b"19500101000000Z")
        );
        assert_eq!(der_time(0x17, b"700101000000"), None);
        assert_eq!(der_time(0x04, b"700101000000Z"), None);
    }

    #[test]
    fn validity_is_read_after_the_fields_before_it() {
        let time = |t: &[u8]| [&[0x17, t.len() as u8][..], t].concat();
        let seq = |tag: u8, body: Vec<u8>| [vec![tag, body.len() as u8], body].concat();
        let period = seq(
            0x30,
            [time(b"700101000000Z"), time(b"700102000000Z")].concat(),
        );
        let tbs = seq(
            0x30,
            [
                seq(0xa0, vec![2, 1, 2]),
                vec![2, 1, 7],
                seq(0x30, vec![]),
                seq(0x30, vec![]),
                period,
            ]
            .concat(),
        );
        let cert = seq(0x30, tbs);
        assert_eq!(validity(&cert), Some((0, 86_400)));
        assert_eq!(validity(&cert[..cert.len() - 3]), None);
    }
}
