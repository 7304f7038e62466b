//! Provider metadata: where the well-known documents live (OIDC Discovery, RFC 8414) and what oauthctl
//! keeps of them. The issuer check here is what stops a metadata mix-up from sending tokens elsewhere.

use super::error::{BodyInfo, Error, Result, sanitize};
use super::http::HttpResponse;
use super::provider::secure_transport;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

/// The endpoints and facts about a provider that a login and the later commands need.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoints {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorize_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub userinfo_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introspection_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwks_uri: Option<String>,
    /// RFC 8628 device authorization endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_authorization_url: Option<String>,
    /// RFC 9126 pushed authorization request endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub par_url: Option<String>,
    /// RFC 9207: the redirect must then carry `iss`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub iss_parameter_supported: bool,
    /// RFC 9126 §5: the provider takes authorization requests only when pushed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub par_required: bool,
}

impl Endpoints {
    /// Fills every endpoint this set lacks from `other` (explicit flags win over discovery).
    pub fn or(mut self, other: Endpoints) -> Endpoints {
        macro_rules! fill {
            ($($f:ident),*) => { $( if self.$f.is_none() { self.$f = other.$f; } )* };
        }
        fill!(
            issuer,
            authorize_url,
            token_url,
            userinfo_url,
            revocation_url,
            introspection_url,
            jwks_uri,
            device_authorization_url,
            par_url
        );
        self.iss_parameter_supported |= other.iss_parameter_supported;
        self.par_required |= other.par_required;
        self
    }
}

/// Where to look for metadata, in order: OIDC Discovery, then RFC 8414 with the well-known segment
/// inserted before the issuer's path.
pub fn metadata_urls(issuer: &str) -> Result<Vec<Url>> {
    let not_url = |reason| Error::IssuerNotUrl {
        issuer: issuer.to_string(),
        reason,
    };
    let parsed = Url::parse(issuer).map_err(not_url)?;
    // Plain http only on loopback (OIDC Discovery §3, RFC 8414 §2): the metadata decides where secrets go.
    if !secure_transport(&parsed) {
        return Err(Error::IssuerScheme {
            issuer: issuer.to_string(),
        });
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::IssuerHasQuery);
    }
    let trimmed = issuer.trim_end_matches('/');
    let oidc = format!("{trimmed}/.well-known/openid-configuration");
    let path = parsed.path().trim_end_matches('/');
    let mut rfc8414 = parsed.clone();
    rfc8414.set_path(&format!("/.well-known/oauth-authorization-server{path}"));
    Ok(vec![Url::parse(&oidc).map_err(not_url)?, rfc8414])
}

/// Parses a metadata document fetched for `issuer`, refusing one that names another issuer.
pub fn parse_metadata(issuer: &str, resp: &HttpResponse) -> Result<Endpoints> {
    let value: Value = serde_json::from_slice(&resp.body)
        .map_err(|_| Error::MetadataNotJson(BodyInfo::of(resp)))?;
    let obj = value.as_object().ok_or(Error::MetadataNotObject)?;
    let get = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
    let claimed = get("issuer").ok_or(Error::MetadataNoIssuer)?;
    if claimed != issuer {
        return Err(Error::MetadataIssuerMismatch {
            claimed: sanitize(&claimed, 200),
            asked: issuer.to_string(),
        });
    }
    let endpoints = Endpoints {
        issuer: Some(claimed),
        authorize_url: get("authorization_endpoint"),
        token_url: get("token_endpoint"),
        userinfo_url: get("userinfo_endpoint"),
        revocation_url: get("revocation_endpoint"),
        introspection_url: get("introspection_endpoint"),
        jwks_uri: get("jwks_uri"),
        device_authorization_url: get("device_authorization_endpoint"),
        par_url: get("pushed_authorization_request_endpoint"),
        iss_parameter_supported: obj
            .get("authorization_response_iss_parameter_supported")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        par_required: obj
            .get("require_pushed_authorization_requests")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    };
    for (name, url) in [
        ("authorization_endpoint", &endpoints.authorize_url),
        ("token_endpoint", &endpoints.token_url),
        ("userinfo_endpoint", &endpoints.userinfo_url),
        ("jwks_uri", &endpoints.jwks_uri),
        ("revocation_endpoint", &endpoints.revocation_url),
        ("introspection_endpoint", &endpoints.introspection_url),
        (
            "device_authorization_endpoint",
            &endpoints.device_authorization_url,
        ),
        ("pushed_authorization_request_endpoint", &endpoints.par_url),
    ] {
        if let Some(u) = url {
            let parsed = Url::parse(u).map_err(|_| Error::MetadataBadUrl(name))?;
            // An https issuer pointing its endpoints at clear text (or `file:`, `javascript:`…) would
            // send codes, secrets and tokens where anyone on the path reads them.
            if !secure_transport(&parsed) {
                return Err(Error::MetadataInsecureEndpoint {
                    name,
                    url: sanitize(u, 200),
                });
            }
        }
    }
    Ok(endpoints)
}

/// Whether a metadata document describes an OpenID provider: fetched from the OpenID Connect discovery
/// URL (`oidc_url`), or listing `openid` in `scopes_supported` (an RFC 8414 document may).
pub fn is_openid_provider(resp: &HttpResponse, oidc_url: bool) -> bool {
    oidc_url
        || serde_json::from_slice::<Value>(&resp.body)
            .ok()
            .and_then(|v| {
                v.get("scopes_supported")?
                    .as_array()
                    .map(|scopes| scopes.iter().any(|s| s == "openid"))
            })
            .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> HttpResponse {
        HttpResponse {
            status: 200,
            body: body.as_bytes().to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn well_known_urls_for_plain_and_path_issuers() {
        let urls = metadata_urls("https://idp.test").unwrap();
        assert_eq!(
            urls[0].as_str(),
            "https://idp.test/.well-known/openid-configuration"
        );
        assert_eq!(
            urls[1].as_str(),
            "https://idp.test/.well-known/oauth-authorization-server"
        );
        let urls = metadata_urls("https://idp.test/tenant/a/").unwrap();
        assert_eq!(
            urls[0].as_str(),
            "https://idp.test/tenant/a/.well-known/openid-configuration"
        );
        assert_eq!(
            urls[1].as_str(),
            "https://idp.test/.well-known/oauth-authorization-server/tenant/a"
        );
        assert_eq!(metadata_urls("http://127.0.0.1:8080").unwrap().len(), 2);
    }

    #[test]
    fn an_issuer_that_is_not_a_url_is_refused() {
        assert!(matches!(
            metadata_urls("idp.test"),
            Err(Error::IssuerNotUrl { issuer, .. }) if issuer == "idp.test"
        ));
    }

    #[test]
    fn an_issuer_must_be_http_or_https_with_a_host() {
        for issuer in ["ftp://idp.test", "file:///etc", "data:text/plain,x"] {
            assert_eq!(
                metadata_urls(issuer).err(),
                Some(Error::IssuerScheme {
                    issuer: issuer.into()
                }),
                "{issuer}"
            );
        }
    }

    #[test]
    fn an_issuer_has_no_query_or_fragment() {
        for issuer in ["https://idp.test/?a=b", "https://idp.test/#x"] {
            assert_eq!(
                metadata_urls(issuer).err(),
                Some(Error::IssuerHasQuery),
                "{issuer}"
            );
        }
    }

    #[test]
    fn parses_every_endpoint() {
        let body = r#"{"issuer":"https://idp.test","authorization_endpoint":"https://idp.test/auth",
            "token_endpoint":"https://idp.test/token","userinfo_endpoint":"https://idp.test/me",
            "revocation_endpoint":"https://idp.test/revoke","introspection_endpoint":"https://idp.test/intro",
            "jwks_uri":"https://idp.test/jwks","authorization_response_iss_parameter_supported":true,
            "device_authorization_endpoint":"https://idp.test/device",
            "pushed_authorization_request_endpoint":"https://idp.test/par",
            "require_pushed_authorization_requests":true}"#;
        let e = parse_metadata("https://idp.test", &doc(body)).unwrap();
        assert_eq!(
            e,
            Endpoints {
                issuer: Some("https://idp.test".into()),
                authorize_url: Some("https://idp.test/auth".into()),
                token_url: Some("https://idp.test/token".into()),
                userinfo_url: Some("https://idp.test/me".into()),
                revocation_url: Some("https://idp.test/revoke".into()),
                introspection_url: Some("https://idp.test/intro".into()),
                jwks_uri: Some("https://idp.test/jwks".into()),
                device_authorization_url: Some("https://idp.test/device".into()),
                par_url: Some("https://idp.test/par".into()),
                iss_parameter_supported: true,
                par_required: true,
            }
        );
        let minimal =
            parse_metadata("https://idp.test", &doc(r#"{"issuer":"https://idp.test"}"#)).unwrap();
        assert!(!minimal.iss_parameter_supported);
        assert!(!minimal.par_required);
        assert_eq!(minimal.token_url, None);
    }

    #[test]
    fn a_document_for_another_issuer_is_refused() {
        let body = r#"{"issuer":"https://idp.test/"}"#;
        assert_eq!(
            parse_metadata("https://idp.test", &doc(body)).err(),
            Some(Error::MetadataIssuerMismatch {
                claimed: "https://idp.test/".into(),
                asked: "https://idp.test".into(),
            })
        );
    }

    #[test]
    fn a_document_without_issuer_is_refused() {
        for body in [r#"{}"#, r#"{"issuer":5}"#] {
            assert_eq!(
                parse_metadata("https://idp.test", &doc(body)).err(),
                Some(Error::MetadataNoIssuer),
                "{body}"
            );
        }
    }

    #[test]
    fn a_document_that_is_not_a_json_object_is_refused() {
        assert!(matches!(
            parse_metadata("https://idp.test", &doc("<html>")),
            Err(Error::MetadataNotJson(BodyInfo {
                status: 200,
                bytes: 6,
                ..
            }))
        ));
        assert_eq!(
            parse_metadata("https://idp.test", &doc("[]")).err(),
            Some(Error::MetadataNotObject)
        );
    }

    #[test]
    fn an_endpoint_that_is_not_a_url_is_refused() {
        for name in [
            "authorization_endpoint",
            "token_endpoint",
            "userinfo_endpoint",
            "jwks_uri",
        ] {
            let body = format!(r#"{{"issuer":"https://idp.test","{name}":"not a url"}}"#);
            assert_eq!(
                parse_metadata("https://idp.test", &doc(&body)).err(),
                Some(Error::MetadataBadUrl(name)),
                "{name}"
            );
        }
    }

    #[test]
    fn plain_http_issuers_only_on_loopback() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost/x",
            "http://[::1]:1",
        ] {
            assert!(metadata_urls(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            metadata_urls("http://example.com").err(),
            Some(Error::IssuerScheme {
                issuer: "http://example.com".into()
            })
        );
    }

    #[test]
    fn an_endpoint_in_clear_text_or_another_scheme_is_refused() {
        for name in [
            "authorization_endpoint",
            "token_endpoint",
            "userinfo_endpoint",
            "jwks_uri",
            "revocation_endpoint",
            "introspection_endpoint",
            "device_authorization_endpoint",
        ] {
            for url in [
                "http://idp.test/x",
                "file:///etc/passwd",
                "javascript:alert(1)",
            ] {
                let body = format!(r#"{{"issuer":"https://idp.test","{name}":"{url}"}}"#);
                assert_eq!(
                    parse_metadata("https://idp.test", &doc(&body)).err(),
                    Some(Error::MetadataInsecureEndpoint {
                        name,
                        url: url.into()
                    }),
                    "{name} {url}"
                );
            }
        }
        // A loopback provider may use plain http throughout.
        let body = r#"{"issuer":"http://127.0.0.1:9","token_endpoint":"http://localhost:9/t"}"#;
        assert!(parse_metadata("http://127.0.0.1:9", &doc(body)).is_ok());
    }

    #[test]
    fn explicit_endpoints_win() {
        let explicit = Endpoints {
            token_url: Some("https://mine/token".into()),
            ..Default::default()
        };
        let found = Endpoints {
            token_url: Some("https://idp/token".into()),
            userinfo_url: Some("https://idp/me".into()),
            ..Default::default()
        };
        let merged = explicit.or(found);
        assert_eq!(merged.token_url.as_deref(), Some("https://mine/token"));
        assert_eq!(merged.userinfo_url.as_deref(), Some("https://idp/me"));
    }

    #[test]
    fn or_fills_every_missing_endpoint() {
        let found = Endpoints {
            issuer: Some("i".into()),
            authorize_url: Some("a".into()),
            token_url: Some("t".into()),
            userinfo_url: Some("u".into()),
            revocation_url: Some("r".into()),
            introspection_url: Some("n".into()),
            jwks_uri: Some("j".into()),
            device_authorization_url: Some("d".into()),
            par_url: Some("p".into()),
            iss_parameter_supported: false,
            par_required: false,
        };
        assert_eq!(Endpoints::default().or(found.clone()), found);
    }

    #[test]
    fn iss_parameter_support_is_ored() {
        let yes = Endpoints {
            iss_parameter_supported: true,
            ..Default::default()
        };
        let no = Endpoints::default();
        assert!(yes.clone().or(no.clone()).iss_parameter_supported);
        assert!(no.clone().or(yes).iss_parameter_supported);
        assert!(!no.clone().or(no).iss_parameter_supported);
    }

    #[test]
    fn an_openid_provider_is_found_by_its_discovery_url_or_its_scopes() {
        assert!(is_openid_provider(&doc("{}"), true));
        assert!(is_openid_provider(
            &doc(r#"{"scopes_supported":["email","openid"]}"#),
            false
        ));
        assert!(!is_openid_provider(
            &doc(r#"{"scopes_supported":["email"]}"#),
            false
        ));
        assert!(!is_openid_provider(
            &doc(r#"{"scopes_supported":"openid"}"#),
            false
        ));
        assert!(!is_openid_provider(&doc("not json"), false));
    }
}
