//! The loopback redirect URI (RFC 8252 §7.3), validated once when built: plain `http` to 127.0.0.1, `[::1]`
//! or `localhost`, nothing else. The same value travels from the listener (which fills in an ephemeral
//! port) into the authorize URL and the token request, so the two can never disagree.

use url::Url;

/// Why a string is not an acceptable loopback redirect URI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedirectUriError {
    #[error("{given:?} is not a URL: {why}")]
    NotUrl { given: String, why: String },
    #[error("{0} must use http:// on a loopback address (RFC 8252 §7.3)")]
    NotHttp(String),
    #[error("{0} must name 127.0.0.1, [::1] or localhost: oauthctl only listens on loopback")]
    NotLoopback(String),
    /// RFC 6749 §3.1.2: the redirection endpoint URI must not include a fragment component.
    #[error("{0} must not have a #fragment (RFC 6749 §3.1.2)")]
    HasFragment(String),
    /// Credentials in a redirect URI would travel to the provider and into the browser's history.
    #[error("must not carry a user name or password")]
    HasUserinfo,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedirectUri(Url);

impl RedirectUri {
    pub fn parse(text: &str) -> Result<Self, RedirectUriError> {
        let url = Url::parse(text).map_err(|e| RedirectUriError::NotUrl {
            given: text.to_string(),
            why: e.to_string(),
        })?;
        // Checked first, and without echoing the URI: it may hold a password.
        if !url.username().is_empty() || url.password().is_some() {
            return Err(RedirectUriError::HasUserinfo);
        }
        if url.fragment().is_some() {
            return Err(RedirectUriError::HasFragment(url.to_string()));
        }
        if url.scheme() != "http" {
            return Err(RedirectUriError::NotHttp(url.to_string()));
        }
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d == "localhost",
            None => false,
        };
        if !loopback {
            return Err(RedirectUriError::NotLoopback(url.to_string()));
        }
        Ok(RedirectUri(url))
    }

    pub fn url(&self) -> &Url {
        &self.0
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The port to listen on: the explicit one, 80 when none is written, 0 for "pick a free one".
    pub fn port(&self) -> u16 {
        self.0.port_or_known_default().unwrap_or(80)
    }

    /// The same URI with the port the listener really got.
    pub fn with_port(&self, port: u16) -> RedirectUri {
        let mut url = self.0.clone();
        // Cannot fail: an http URL with a host always takes a port.
        let _ = url.set_port(Some(port));
        RedirectUri(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_loopback_http_only() {
        for ok in [
            "http://127.0.0.1:0/callback",
            "http://127.0.0.2:8080/cb",
            "http://[::1]:9/cb",
            "http://localhost/cb",
        ] {
            assert!(RedirectUri::parse(ok).is_ok(), "{ok}");
        }
        assert!(matches!(
            RedirectUri::parse("https://127.0.0.1/cb"),
            Err(RedirectUriError::NotHttp(_))
        ));
        for bad in [
            "http://0.0.0.0:0/cb",
            "http://example.com/cb",
            "http://10.0.0.1/cb",
        ] {
            assert!(
                matches!(
                    RedirectUri::parse(bad),
                    Err(RedirectUriError::NotLoopback(_))
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            RedirectUri::parse("not a url"),
            Err(RedirectUriError::NotUrl { .. })
        ));
    }

    #[test]
    fn a_fragment_or_credentials_are_refused() {
        for bad in ["http://127.0.0.1:0/cb#x", "http://127.0.0.1:0/cb#"] {
            assert!(
                matches!(
                    RedirectUri::parse(bad),
                    Err(RedirectUriError::HasFragment(_))
                ),
                "{bad}"
            );
        }
        for bad in [
            "http://user:pw@127.0.0.1:0/cb",
            "http://user@localhost/cb",
            "http://:pw@[::1]/cb",
        ] {
            let e = RedirectUri::parse(bad).unwrap_err();
            assert_eq!(e, RedirectUriError::HasUserinfo, "{bad}");
            assert!(!e.to_string().contains("pw"), "{e}");
        }
        assert!(RedirectUri::parse("http://127.0.0.1:0/cb?a=b").is_ok());
    }

    #[test]
    fn ports_default_to_80_and_can_be_filled_in() {
        assert_eq!(
            RedirectUri::parse("http://localhost/cb").unwrap().port(),
            80
        );
        let r = RedirectUri::parse("http://127.0.0.1:0/callback").unwrap();
        assert_eq!(r.port(), 0);
        assert_eq!(r.with_port(4242).as_str(), "http://127.0.0.1:4242/callback");
    }
}
