//! Provider metadata: where the well-known documents live (OIDC Discovery, RFC 8414) and what oauthctl
//! keeps of them. The issuer check here is what stops a metadata mix-up from sending tokens elsewhere.

use super::http::HttpResponse;
use super::token::describe_body;
use crate::error::{Error, Result, sanitize};
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
    /// RFC 9207: the redirect must then carry `iss`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub iss_parameter_supported: bool,
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
            jwks_uri
        );
        self.iss_parameter_supported |= other.iss_parameter_supported;
        self
    }
}

/// Where to look for metadata, in order: OIDC Discovery, then RFC 8414 with the well-known segment
/// inserted before the issuer's path.
pub fn metadata_urls(issuer: &str) -> Result<Vec<Url>> {
    let parsed = Url::parse(issuer)
        .map_err(|e| Error::usage(format!("--issuer {issuer:?} is not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "https" | "http") || parsed.host().is_none() {
        return Err(Error::usage(format!(
            "--issuer {issuer:?} must be an https:// URL (http:// for local test providers)"
        )));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::usage("an issuer URL has no query or fragment"));
    }
    let trimmed = issuer.trim_end_matches('/');
    let oidc = format!("{trimmed}/.well-known/openid-configuration");
    let path = parsed.path().trim_end_matches('/');
    let mut rfc8414 = parsed.clone();
    rfc8414.set_path(&format!("/.well-known/oauth-authorization-server{path}"));
    Ok(vec![
        Url::parse(&oidc).map_err(|e| Error::usage(e.to_string()))?,
        rfc8414,
    ])
}

/// Parses a metadata document fetched for `issuer`, refusing one that names another issuer.
pub fn parse_metadata(issuer: &str, resp: &HttpResponse) -> Result<Endpoints> {
    let value: Value = serde_json::from_slice(&resp.body).map_err(|_| {
        Error::other(format!(
            "the discovery document is not JSON ({})",
            describe_body(resp)
        ))
    })?;
    let obj = value
        .as_object()
        .ok_or_else(|| Error::other("the discovery document is not a JSON object"))?;
    let get = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
    let claimed =
        get("issuer").ok_or_else(|| Error::other("the discovery document has no `issuer`"))?;
    if claimed != issuer {
        return Err(Error::security(format!(
            "the discovery document names issuer {:?}, not {issuer:?} as asked",
            sanitize(&claimed, 200)
        ))
        .with_hint("pass --issuer exactly as the provider spells it (trailing slash included)"));
    }
    let endpoints = Endpoints {
        issuer: Some(claimed),
        authorize_url: get("authorization_endpoint"),
        token_url: get("token_endpoint"),
        userinfo_url: get("userinfo_endpoint"),
        revocation_url: get("revocation_endpoint"),
        introspection_url: get("introspection_endpoint"),
        jwks_uri: get("jwks_uri"),
        iss_parameter_supported: obj
            .get("authorization_response_iss_parameter_supported")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    };
    for (name, url) in [
        ("authorization_endpoint", &endpoints.authorize_url),
        ("token_endpoint", &endpoints.token_url),
        ("userinfo_endpoint", &endpoints.userinfo_url),
        ("jwks_uri", &endpoints.jwks_uri),
    ] {
        if let Some(u) = url {
            Url::parse(u).map_err(|_| {
                Error::other(format!("the discovery document's {name} is not a URL"))
            })?;
        }
    }
    Ok(endpoints)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

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
    }

    #[test]
    fn parses_endpoints_and_refuses_issuer_mismatch() {
        let body = r#"{"issuer":"https://idp.test","authorization_endpoint":"https://idp.test/auth",
            "token_endpoint":"https://idp.test/token","authorization_response_iss_parameter_supported":true}"#;
        let e = parse_metadata("https://idp.test", &doc(body)).unwrap();
        assert_eq!(e.token_url.as_deref(), Some("https://idp.test/token"));
        assert!(e.iss_parameter_supported);
        assert_eq!(
            parse_metadata("https://other.test", &doc(body))
                .unwrap_err()
                .kind,
            Kind::Security
        );
        assert_eq!(
            parse_metadata("https://idp.test", &doc("<html>"))
                .unwrap_err()
                .kind,
            Kind::Other
        );
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
}
