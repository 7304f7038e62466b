//! RFC 8705 §5 endpoint aliases: a provider may serve mutual TLS on other URLs than its plain endpoints
//! (so that browsers visiting the plain ones are never asked for a certificate) and lists them in the
//! metadata's `mtls_endpoint_aliases`. A client that presents a certificate (to authenticate, or to get
//! certificate-bound tokens) calls each endpoint through its alias when there is one. The authorize
//! endpoint (the browser's) and `jwks_uri` (no client credential) keep their plain URLs.
//!
//! `discover` has no finding for `tls_client_certificate_bound_access_tokens` without aliases: RFC 8705
//! §5 makes the aliases optional (a provider may ask for certificates on its plain endpoints), so such a
//! document is not wrong.

use super::discovery::Endpoints;
use super::error::{Error, Result, sanitize};
use super::http::HttpResponse;
use super::provider::secure_transport;
use serde_json::Value;
use url::Url;

/// `endpoints` with each endpoint a client calls directly replaced by its alias from the metadata
/// document `metadata`, when it lists one. Aliases are checked like the endpoints themselves: a URL, and
/// not clear text off loopback.
pub fn aliases(mut endpoints: Endpoints, metadata: &HttpResponse) -> Result<Endpoints> {
    let doc: Value = serde_json::from_slice(&metadata.body).unwrap_or(Value::Null);
    let Some(found) = doc.get("mtls_endpoint_aliases").and_then(Value::as_object) else {
        return Ok(endpoints);
    };
    // Only the endpoints oauthctl calls with client credentials or tokens.
    let slots: [(&'static str, &mut Option<String>); 6] = [
        ("token_endpoint", &mut endpoints.token_url),
        ("userinfo_endpoint", &mut endpoints.userinfo_url),
        ("revocation_endpoint", &mut endpoints.revocation_url),
        ("introspection_endpoint", &mut endpoints.introspection_url),
        (
            "device_authorization_endpoint",
            &mut endpoints.device_authorization_url,
        ),
        (
            "pushed_authorization_request_endpoint",
            &mut endpoints.par_url,
        ),
    ];
    for (name, slot) in slots {
        let Some(alias) = found.get(name).and_then(Value::as_str) else {
            continue;
        };
        let parsed = Url::parse(alias).map_err(|_| Error::MetadataBadUrl(name))?;
        if !secure_transport(&parsed) {
            return Err(Error::MetadataInsecureEndpoint {
                name,
                url: sanitize(alias, 200),
            });
        }
        *slot = Some(alias.to_string());
    }
    Ok(endpoints)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(body: Value) -> HttpResponse {
        HttpResponse {
            status: 200,
            body: body.to_string().into_bytes(),
            ..Default::default()
        }
    }

    fn plain() -> Endpoints {
        let at = |p: &str| Some(format!("https://idp.test/{p}"));
        Endpoints {
            issuer: at(""),
            authorize_url: at("auth"),
            token_url: at("token"),
            userinfo_url: at("me"),
            revocation_url: at("revoke"),
            introspection_url: at("introspect"),
            jwks_uri: at("jwks"),
            device_authorization_url: at("device"),
            par_url: at("par"),
            iss_parameter_supported: true,
            par_required: false,
        }
    }

    #[test]
    fn each_endpoint_the_client_calls_takes_its_alias_and_the_others_stay() {
        let mtls = |p: &str| format!("https://mtls.idp.test/{p}");
        let got = aliases(
            plain(),
            &doc(json!({"mtls_endpoint_aliases": {
                "token_endpoint": mtls("token"),
                "userinfo_endpoint": mtls("me"),
                "revocation_endpoint": mtls("revoke"),
                "introspection_endpoint": mtls("introspect"),
                "device_authorization_endpoint": mtls("device"),
                "pushed_authorization_request_endpoint": mtls("par"),
                // Not endpoints a client presents credentials to: never taken.
                "authorization_endpoint": mtls("auth"),
                "jwks_uri": mtls("jwks"),
            }})),
        )
        .unwrap();
        let want = Endpoints {
            token_url: Some(mtls("token")),
            userinfo_url: Some(mtls("me")),
            revocation_url: Some(mtls("revoke")),
            introspection_url: Some(mtls("introspect")),
            device_authorization_url: Some(mtls("device")),
            par_url: Some(mtls("par")),
            ..plain()
        };
        assert_eq!(got, want);
    }

    #[test]
    fn without_aliases_or_with_some_the_plain_endpoints_remain() {
        assert_eq!(aliases(plain(), &doc(json!({}))).unwrap(), plain());
        let got = aliases(
            plain(),
            &doc(json!({"mtls_endpoint_aliases": {"token_endpoint": "https://mtls.idp.test/t"}})),
        )
        .unwrap();
        assert_eq!(got.token_url.as_deref(), Some("https://mtls.idp.test/t"));
        assert_eq!(got.userinfo_url, plain().userinfo_url);
    }

    #[test]
    fn an_alias_in_clear_text_or_not_a_url_is_refused() {
        let insecure =
            doc(json!({"mtls_endpoint_aliases": {"token_endpoint": "http://evil.test/t"}}));
        assert!(matches!(
            aliases(plain(), &insecure),
            Err(Error::MetadataInsecureEndpoint {
                name: "token_endpoint",
                ..
            })
        ));
        let bad = doc(json!({"mtls_endpoint_aliases": {"userinfo_endpoint": "not a url"}}));
        assert_eq!(
            aliases(plain(), &bad).err(),
            Some(Error::MetadataBadUrl("userinfo_endpoint"))
        );
    }
}
