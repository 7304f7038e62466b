//! A type for every protocol value, so a client id can never be passed where a token is expected, and so
//! secrets cannot leak through `Debug`, `Display` or a stray `format!`.
//!
//! Secret types have no `Display`, print as `Name(***)` in `Debug`, are read only through `.secret()`, and
//! wipe their memory when dropped.

use std::fmt;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

macro_rules! public_value {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

macro_rules! secret_value {
    ($(#[$doc:meta])* $name:ident $(, $derive:ident)*) => {
        $(#[$doc])*
        #[derive(Zeroize, ZeroizeOnDrop, serde::Serialize, serde::Deserialize $(, $derive)*)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }
            /// The raw value; every call site is a place where the secret leaves its wrapper.
            pub fn secret(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "(***)"))
            }
        }
    };
}

public_value!(
    /// The client identifier registered with the provider (RFC 6749 §2.2).
    ClientId
);

secret_value!(
    /// The client password for `client_secret_basic` / `client_secret_post`.
    ClientSecret, Clone
);
secret_value!(
    /// The text of the client's private key file (JWK, JWK set or PEM) for `private_key_jwt`, kept in
    /// the token store beside the tokens like the client secret.
    ClientKeyText, Clone
);
secret_value!(
    /// A one-time authorization code from the redirect.
    AuthorizationCode
);
secret_value!(
    /// A bearer access token.
    AccessToken, Clone
);
secret_value!(
    /// A refresh token; may rotate on every use.
    RefreshToken, Clone
);
secret_value!(
    /// A compact-serialized ID token (a JWT).
    IdToken, Clone
);
secret_value!(
    /// The RFC 8628 device code: whoever holds it collects the tokens once the user approves.
    DeviceCode
);
secret_value!(
    /// The PKCE code verifier (RFC 7636): deliberately not `Clone`, so it exists in exactly one place.
    PkceVerifier
);

/// The anti-CSRF `state` value. Not secret once sent, but compared in constant time because it guards the
/// callback.
#[derive(Clone, Debug)]
pub struct State(String);

/// The OpenID Connect `nonce` binding an ID token to this login; compared in constant time.
#[derive(Clone, Debug)]
pub struct Nonce(String);

macro_rules! ct_value {
    ($name:ident) => {
        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// Constant-time equality with a value that came back from the provider or the browser.
            pub fn matches(&self, other: &str) -> bool {
                self.0.as_bytes().ct_eq(other.as_bytes()).into()
            }
        }
    };
}
ct_value!(State);
ct_value!(Nonce);

/// Space-separated scope values (RFC 6749 §3.3), kept in the order given and without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope(Vec<String>);

impl Scope {
    /// Accepts repeated `--scope` values, each of which may itself hold several space-separated scopes.
    pub fn from_parts<S: AsRef<str>>(parts: &[S]) -> Self {
        let mut out: Vec<String> = Vec::new();
        for part in parts {
            for s in part.as_ref().split_whitespace() {
                if !out.iter().any(|have| have == s) {
                    out.push(s.to_string());
                }
            }
        }
        Scope(out)
    }
    pub fn contains(&self, scope: &str) -> bool {
        self.0.iter().any(|s| s == scope)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn values(&self) -> &[String] {
        &self.0
    }
    pub fn joined(&self) -> String {
        self.0.join(" ")
    }
}

/// How the client proves its identity at the token endpoint (RFC 6749 §2.3, OIDC Core §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    ClientSecretBasic,
    ClientSecretPost,
    /// RFC 7523 / OIDC Core §9: an assertion signed HS256 with the client secret.
    ClientSecretJwt,
    /// RFC 7523 / OIDC Core §9: an assertion signed with the client's private key.
    PrivateKeyJwt,
    None,
    /// RFC 8705 §2.1: a certificate from a CA the provider trusts, matched on its subject.
    TlsClientAuth,
    /// RFC 8705 §2.2: a self-signed certificate registered with the client (its JWKS).
    SelfSignedTlsClientAuth,
}

impl AuthMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::ClientSecretBasic => "client_secret_basic",
            AuthMethod::ClientSecretPost => "client_secret_post",
            AuthMethod::ClientSecretJwt => "client_secret_jwt",
            AuthMethod::PrivateKeyJwt => "private_key_jwt",
            AuthMethod::None => "none",
            AuthMethod::TlsClientAuth => "tls_client_auth",
            AuthMethod::SelfSignedTlsClientAuth => "self_signed_tls_client_auth",
        }
    }

    /// Whether the client proves itself with a signed assertion rather than by sending a secret.
    pub fn by_assertion(self) -> bool {
        matches!(
            self,
            AuthMethod::ClientSecretJwt | AuthMethod::PrivateKeyJwt
        )
    }

    /// The client proves itself with its TLS client certificate (RFC 8705), not with a secret.
    pub fn is_mtls(self) -> bool {
        matches!(
            self,
            AuthMethod::TlsClientAuth | AuthMethod::SelfSignedTlsClientAuth
        )
    }
}

/// The PKCE method to use (RFC 7636). `Off` exists for providers that reject the parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PkceMethod {
    S256,
    #[serde(rename = "plain")]
    Plain,
    #[serde(rename = "off")]
    Off,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_redact_themselves_in_debug() {
        let t = AccessToken::new("very-secret-token");
        let shown = format!("{t:?} {:?}", ClientSecret::new("hunter2"));
        assert_eq!(shown, "AccessToken(***) ClientSecret(***)");
        assert_eq!(t.secret(), "very-secret-token");
    }

    #[test]
    fn state_compares_exactly() {
        let s = State::new("abc");
        assert!(s.matches("abc"));
        assert!(!s.matches("abd"));
        assert!(!s.matches("ab"));
        assert!(!s.matches(""));
    }

    #[test]
    fn scopes_split_join_and_dedupe() {
        let s = Scope::from_parts(&["openid profile", "email", "openid"]);
        assert_eq!(s.joined(), "openid profile email");
        assert!(s.contains("email"));
        assert!(Scope::from_parts::<&str>(&[]).is_empty());
    }

    #[test]
    fn nonce_compares_exactly() {
        let n = Nonce::new("n-1");
        assert!(n.matches("n-1"));
        assert!(!n.matches("n-2"));
        assert!(!n.matches("n-10"));
        assert_eq!(n.as_str(), "n-1");
        assert_eq!(State::new("s").as_str(), "s");
    }

    #[test]
    fn scope_keeps_order_and_drops_duplicates_and_blanks() {
        let s = Scope::from_parts(&["  b  a ", "a\tc", "", "b"]);
        assert_eq!(s.values(), ["b", "a", "c"]);
        assert_eq!(s.joined(), "b a c");
        assert!(s.contains("c"));
        assert!(!s.contains("d"));
        assert!(!s.contains("b a"));
        assert!(!s.is_empty());
        assert!(Scope::from_parts(&[" "]).is_empty());
    }

    #[test]
    fn public_values_show_themselves() {
        let id = ClientId::new("my-app");
        assert_eq!(id.to_string(), "my-app");
        assert_eq!(id.as_str(), "my-app");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"my-app\"");
    }

    #[test]
    fn secrets_serialize_transparently_for_the_store() {
        let t = RefreshToken::new("rt");
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"rt\"");
        let back: RefreshToken = serde_json::from_str("\"rt\"").unwrap();
        assert_eq!(back.secret(), "rt");
    }

    #[test]
    fn method_names_follow_the_registries() {
        assert_eq!(
            AuthMethod::ClientSecretBasic.as_str(),
            "client_secret_basic"
        );
        assert_eq!(AuthMethod::ClientSecretPost.as_str(), "client_secret_post");
        assert_eq!(AuthMethod::None.as_str(), "none");
        for m in [
            AuthMethod::ClientSecretBasic,
            AuthMethod::ClientSecretPost,
            AuthMethod::None,
        ] {
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.as_str())
            );
        }
        let pkce: Vec<String> = [PkceMethod::S256, PkceMethod::Plain, PkceMethod::Off]
            .iter()
            .map(|m| serde_json::to_string(m).unwrap())
            .collect();
        assert_eq!(pkce, ["\"S256\"", "\"plain\"", "\"off\""]);
    }
}
