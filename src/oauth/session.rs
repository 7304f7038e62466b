//! The session: what a login leaves behind for the later commands of a profile (the token set plus the
//! provider endpoints, client id, auth method and client secret needed to use and refresh it). It is the
//! persisted aggregate; stores keep it whole, and it never goes to the TOML config because it holds secrets.

use super::provider::Provider;
use super::token::TokenSet;
use super::types::{AuthMethod, ClientId, ClientKeyText, ClientSecret};
use serde::{Deserialize, Serialize};

/// Bumped when the stored shape changes incompatibly.
pub const SESSION_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Session {
    pub version: u32,
    pub tokens: TokenSet,
    pub client_id: ClientId,
    pub auth_method: AuthMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<ClientSecret>,
    /// The private key of `private_key_jwt` (the key file's text), kept like the client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key: Option<ClientKeyText>,
    /// Which key of a key set signs (`--client-key-id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key_id: Option<String>,
    /// The `aud` of client assertions when not the token endpoint (`--assertion-audience`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assertion_audience: Option<String>,
    /// The DPoP key (RFC 9449) the session's tokens are bound to (`login --dpop`), a secret like the
    /// client key; every later request of the session proves possession of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_key: Option<super::dpop::StoredDpopKey>,
    /// Stored as `endpoints`, the name it had before it was validated into a [`Provider`].
    #[serde(rename = "endpoints")]
    pub provider: Provider,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub token_params: Vec<(String, String)>,
    /// How the tokens were obtained, and so how new ones are: sessions stored before this field came
    /// from the code grant.
    #[serde(default)]
    pub grant: Grant,
    /// The scope a client credentials session asks for again each time it obtains a token (the code
    /// grant's refresh keeps the original grant without naming it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// The grant a session came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grant {
    /// The browser login; new tokens come from the refresh token.
    #[default]
    AuthorizationCode,
    /// RFC 6749 §4.4; there is no refresh token: new tokens come from the client secret.
    ClientCredentials,
    /// `login --device` (RFC 8628); afterwards like the browser login: new tokens come from the refresh
    /// token.
    DeviceCode,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sessions stored before the grant was recorded came from the code grant.
    #[test]
    fn a_session_without_a_grant_is_the_code_grant() {
        let old = r#"{"version":1,"tokens":{"access_token":"at","token_type":"Bearer","obtained_at":1},
            "client_id":"c","auth_method":"none","endpoints":{"authorize_url":"https://idp.test/a","token_url":"https://idp.test/token"}}"#;
        let session: Session = serde_json::from_str(old).unwrap();
        assert_eq!(session.grant, Grant::AuthorizationCode);
        assert_eq!(session.scope, None);
        let back = serde_json::to_value(Session {
            grant: Grant::ClientCredentials,
            ..session
        })
        .unwrap();
        assert_eq!(back["grant"], "client_credentials");
    }
}
