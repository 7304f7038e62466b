//! The provider a session talks to, validated once: endpoints are `Url`s parsed when the login builds the
//! value (from flags, the saved profile and discovery), so no later command re-parses a string or finds a
//! broken URL halfway through a refresh. It is stored inside the session under its historical name
//! `endpoints`, in the same JSON shape as before.

use super::discovery::Endpoints;
use serde::{Deserialize, Serialize};
use url::Url;

/// Why a provider value cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("no authorize and token endpoints known")]
    MissingEndpoints,
    /// The grants without a browser (device, client credentials) need only the token endpoint.
    #[error("no token endpoint known")]
    MissingTokenEndpoint,
    #[error("the {what} {value:?} is not a URL: {why}")]
    NotUrl {
        what: &'static str,
        value: String,
        why: String,
    },
    /// Not https, and not plain http on a loopback host (any other scheme included: `file:`,
    /// `javascript:`… must never reach the browser or the HTTP client).
    #[error("the {what} {value:?} must be an https:// URL (http:// only on a loopback host)")]
    Insecure { what: &'static str, value: String },
}

/// Whether credentials may travel to `url`: https anywhere, plain http only to a loopback host
/// (127.0.0.0/8, ::1, `localhost`), where nothing crosses a network (OIDC Discovery §3, RFC 8414 §2,
/// RFC 6749 §3.1 and §3.2 require TLS). Every other scheme is refused.
pub fn secure_transport(url: &Url) -> bool {
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            None => false,
        },
        _ => false,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    /// Kept as the exact string: ID tokens, metadata and RFC 9207 `iss` must match it character for
    /// character, and a `Url` would normalise it (a trailing slash, case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Only the code grant uses it: a provider for the device or client credentials grant may have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorize_url: Option<Url>,
    pub token_url: Url,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub userinfo_url: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_url: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introspection_url: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwks_uri: Option<Url>,
    /// RFC 8628 device authorization endpoint (`login --device`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_authorization_url: Option<Url>,
    /// RFC 9126 pushed authorization request endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub par_url: Option<Url>,
    /// RFC 9207: the redirect must then carry `iss`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub iss_parameter_supported: bool,
    /// RFC 9126 §5: authorization requests must be pushed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub par_required: bool,
}

/// An endpoint URL as a provider may hold it: a URL, https (http only on a loopback host).
pub fn parse(what: &'static str, value: &str) -> Result<Url, ProviderError> {
    let url = Url::parse(value).map_err(|e| ProviderError::NotUrl {
        what,
        value: value.to_string(),
        why: e.to_string(),
    })?;
    if !secure_transport(&url) {
        return Err(ProviderError::Insecure {
            what,
            value: value.to_string(),
        });
    }
    Ok(url)
}

fn optional(what: &'static str, value: &Option<String>) -> Result<Option<Url>, ProviderError> {
    value.as_deref().map(|v| parse(what, v)).transpose()
}

impl Provider {
    /// Validates explicit and discovered endpoints (already merged) into a provider for the code grant,
    /// which needs the authorize endpoint.
    pub fn from_endpoints(e: &Endpoints) -> Result<Provider, ProviderError> {
        Self::for_grant(e, true)
    }

    /// As [`Provider::from_endpoints`]; without `needs_authorize` (the device and client credentials
    /// grants, which never send a browser there) the token endpoint is enough.
    pub fn for_grant(e: &Endpoints, needs_authorize: bool) -> Result<Provider, ProviderError> {
        let Some(token) = &e.token_url else {
            return Err(if needs_authorize {
                ProviderError::MissingEndpoints
            } else {
                ProviderError::MissingTokenEndpoint
            });
        };
        if needs_authorize && e.authorize_url.is_none() {
            return Err(ProviderError::MissingEndpoints);
        }
        Ok(Provider {
            issuer: e.issuer.clone(),
            authorize_url: optional("authorize endpoint", &e.authorize_url)?,
            token_url: parse("token endpoint", token)?,
            userinfo_url: optional("userinfo endpoint", &e.userinfo_url)?,
            revocation_url: optional("revocation endpoint", &e.revocation_url)?,
            introspection_url: optional("introspection endpoint", &e.introspection_url)?,
            jwks_uri: optional("jwks_uri", &e.jwks_uri)?,
            device_authorization_url: optional(
                "device authorization endpoint",
                &e.device_authorization_url,
            )?,
            par_url: optional("pushed authorization request endpoint", &e.par_url)?,
            iss_parameter_supported: e.iss_parameter_supported,
            par_required: e.par_required,
        })
    }

    /// The first endpoint besides the token endpoint that would receive the client secret (revocation,
    /// introspection: RFC 7009 §2.1, RFC 7662 §2.1 authenticate the client there) but lies on another origin
    /// than the token endpoint. The secret was given for the token endpoint's origin and goes nowhere else.
    pub fn secret_endpoint_off_origin(&self) -> Option<(&'static str, &Url)> {
        let origin = self.token_url.origin();
        [
            ("revocation endpoint", &self.revocation_url),
            ("introspection endpoint", &self.introspection_url),
            // RFC 8628 §3.1: the client authenticates at the device authorization endpoint too.
            (
                "device authorization endpoint",
                &self.device_authorization_url,
            ),
            // RFC 9126 §2: and at the pushed authorization request endpoint.
            ("pushed authorization request endpoint", &self.par_url),
        ]
        .into_iter()
        .find_map(|(what, url)| {
            url.as_ref()
                .filter(|u| u.origin() != origin)
                .map(|u| (what, u))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoints() -> Endpoints {
        Endpoints {
            issuer: Some("https://idp.test".into()),
            authorize_url: Some("https://idp.test/auth".into()),
            token_url: Some("https://idp.test/token".into()),
            jwks_uri: Some("https://idp.test/jwks".into()),
            iss_parameter_supported: true,
            ..Default::default()
        }
    }

    #[test]
    fn builds_from_endpoints_and_keeps_the_issuer_exact() {
        let p = Provider::from_endpoints(&endpoints()).unwrap();
        assert_eq!(p.issuer.as_deref(), Some("https://idp.test"));
        assert_eq!(p.token_url.as_str(), "https://idp.test/token");
        assert_eq!(p.jwks_uri.unwrap().as_str(), "https://idp.test/jwks");
        assert!(p.userinfo_url.is_none());
        assert!(p.iss_parameter_supported);
    }

    #[test]
    fn needs_authorize_and_token_endpoints_that_are_urls() {
        for missing in [
            Endpoints {
                token_url: None,
                ..endpoints()
            },
            Endpoints {
                authorize_url: None,
                ..endpoints()
            },
        ] {
            assert_eq!(
                Provider::from_endpoints(&missing),
                Err(ProviderError::MissingEndpoints)
            );
        }
        let bad = Endpoints {
            userinfo_url: Some("not a url".into()),
            ..endpoints()
        };
        assert!(matches!(
            Provider::from_endpoints(&bad),
            Err(ProviderError::NotUrl {
                what: "userinfo endpoint",
                ..
            })
        ));
    }

    #[test]
    fn the_grants_without_a_browser_need_only_the_token_endpoint() {
        let bare = Endpoints {
            issuer: None,
            authorize_url: None,
            ..endpoints()
        };
        let p = Provider::for_grant(&bare, false).unwrap();
        assert_eq!(p.authorize_url, None);
        assert_eq!(p.token_url.as_str(), "https://idp.test/token");
        // Stored without the member, and read back so.
        let json = serde_json::to_value(&p).unwrap();
        assert!(json.get("authorize_url").is_none(), "{json}");
        assert_eq!(serde_json::from_value::<Provider>(json).unwrap(), p);
        assert_eq!(
            Provider::for_grant(&bare, true),
            Err(ProviderError::MissingEndpoints)
        );
        assert_eq!(
            Provider::for_grant(
                &Endpoints {
                    token_url: None,
                    ..endpoints()
                },
                false
            ),
            Err(ProviderError::MissingTokenEndpoint)
        );
        // One given is still checked.
        assert!(matches!(
            Provider::for_grant(
                &Endpoints {
                    authorize_url: Some("javascript:alert(1)".into()),
                    ..bare
                },
                false
            ),
            Err(ProviderError::Insecure {
                what: "authorize endpoint",
                ..
            })
        ));
    }

    #[test]
    fn the_secret_endpoints_must_share_the_token_endpoints_origin() {
        let same = Endpoints {
            revocation_url: Some("https://idp.test/revoke".into()),
            introspection_url: Some("https://idp.test:443/introspect".into()),
            ..endpoints()
        };
        let p = Provider::from_endpoints(&same).unwrap();
        assert_eq!(p.secret_endpoint_off_origin(), None);
        for (what, other) in [
            ("revocation endpoint", "https://evil.test/revoke"),
            ("revocation endpoint", "http://127.0.0.1/revoke"),
            ("revocation endpoint", "https://idp.test:8443/revoke"),
        ] {
            let p = Provider::from_endpoints(&Endpoints {
                revocation_url: Some(other.into()),
                ..same.clone()
            })
            .unwrap();
            let (w, u) = p.secret_endpoint_off_origin().unwrap();
            assert_eq!((w, u.as_str()), (what, other));
        }
        let p = Provider::from_endpoints(&Endpoints {
            introspection_url: Some("https://evil.test/i".into()),
            ..same.clone()
        })
        .unwrap();
        assert_eq!(
            p.secret_endpoint_off_origin().map(|(w, _)| w),
            Some("introspection endpoint")
        );
        let p = Provider::from_endpoints(&Endpoints {
            device_authorization_url: Some("https://evil.test/device".into()),
            ..same.clone()
        })
        .unwrap();
        assert_eq!(
            p.secret_endpoint_off_origin().map(|(w, _)| w),
            Some("device authorization endpoint")
        );
        let p = Provider::from_endpoints(&Endpoints {
            par_url: Some("https://evil.test/par".into()),
            ..same
        })
        .unwrap();
        assert_eq!(
            p.secret_endpoint_off_origin().map(|(w, _)| w),
            Some("pushed authorization request endpoint")
        );
    }

    #[test]
    fn https_anywhere_http_only_on_loopback_and_no_other_scheme() {
        for ok in [
            "https://idp.test/t",
            "http://127.0.0.1:9/t",
            "http://127.8.9.10/t",
            "http://[::1]:8080/t",
            "http://localhost/t",
            "http://LOCALHOST:1/t",
        ] {
            assert!(secure_transport(&Url::parse(ok).unwrap()), "{ok}");
        }
        for bad in [
            "http://idp.test/t",
            "http://10.0.0.1/t",
            "http://[::2]/t",
            "http://localhost.evil.test/t",
            "http://0.0.0.0/t",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "smb://host/share",
            "data:text/html,x",
            "ftp://idp.test/t",
        ] {
            assert!(!secure_transport(&Url::parse(bad).unwrap()), "{bad}");
        }
    }

    #[test]
    fn every_endpoint_must_travel_securely() {
        for (what, e) in [
            (
                "authorize endpoint",
                Endpoints {
                    authorize_url: Some("javascript:alert(1)".into()),
                    ..endpoints()
                },
            ),
            (
                "token endpoint",
                Endpoints {
                    token_url: Some("http://idp.test/token".into()),
                    ..endpoints()
                },
            ),
            (
                "userinfo endpoint",
                Endpoints {
                    userinfo_url: Some("http://idp.test/me".into()),
                    ..endpoints()
                },
            ),
            (
                "revocation endpoint",
                Endpoints {
                    revocation_url: Some("file:///tmp/x".into()),
                    ..endpoints()
                },
            ),
            (
                "introspection endpoint",
                Endpoints {
                    introspection_url: Some("http://idp.test/i".into()),
                    ..endpoints()
                },
            ),
            (
                "jwks_uri",
                Endpoints {
                    jwks_uri: Some("http://idp.test/jwks".into()),
                    ..endpoints()
                },
            ),
            (
                "device authorization endpoint",
                Endpoints {
                    device_authorization_url: Some("http://idp.test/device".into()),
                    ..endpoints()
                },
            ),
        ] {
            assert!(
                matches!(Provider::from_endpoints(&e), Err(ProviderError::Insecure { what: w, .. }) if w == what),
                "{what}"
            );
        }
    }

    #[test]
    fn stored_form_is_the_old_endpoints_shape() {
        let p = Provider::from_endpoints(&endpoints()).unwrap();
        let json = serde_json::to_value(&p).unwrap();
        let old: Endpoints = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(old, endpoints());
        assert_eq!(serde_json::from_value::<Provider>(json).unwrap(), p);
    }
}
