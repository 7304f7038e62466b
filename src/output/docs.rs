//! Every JSON document oauthctl prints, as a type: the JSON side of the command-line contract is defined
//! here once. Fields are declared in alphabetical order, the order the documents have always had.
//!
//! Raw tokens appear only in the fields that `--show-tokens` (or `token print`) asks for.

use crate::oauth::session::Session;
use serde::Serialize;
use serde_json::{Map, Value};

/// `login` and `token refresh`: what was granted, raw tokens only when asked for.
#[derive(Serialize)]
pub struct TokenSummary<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<&'a str>,
    /// Login only: requested scopes the token response does not list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dropped_scopes: Option<Vec<String>>,
    pub expires_at: Option<u64>,
    /// Login only: the granted scopes, space-separated: `scope` when the response has one, else the
    /// requested ones (RFC 6749 §5.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub granted_scope: Option<String>,
    /// Login only: where `granted_scope` comes from: `"response"` or `"request"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub granted_scope_source: Option<&'static str>,
    pub has_refresh_token: bool,
    /// Outer `None`: not asked for; inner `None`: asked for but there is none (`null`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_claims: Option<Map<String, Value>>,
    pub profile: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Option<&'a str>>,
    /// Login only: the scopes requested, space-separated (`null`: none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_scope: Option<Option<String>>,
    pub scope: Option<&'a str>,
    pub token_type: &'a str,
}

impl<'a> TokenSummary<'a> {
    pub fn new(profile: &'a str, session: &'a Session, show_tokens: bool) -> Self {
        let t = &session.tokens;
        let shown = |v: Option<&'a str>| show_tokens.then_some(v);
        TokenSummary {
            access_token: show_tokens.then(|| t.access_token.secret()),
            dropped_scopes: None,
            expires_at: t.expires_at,
            granted_scope: None,
            granted_scope_source: None,
            has_refresh_token: t.refresh_token.is_some(),
            id_token: shown(t.id_token.as_ref().map(|i| i.secret())),
            id_token_claims: None,
            profile,
            refresh_token: shown(t.refresh_token.as_ref().map(|r| r.secret())),
            requested_scope: None,
            scope: t.scope.as_deref(),
            token_type: &t.token_type,
        }
    }
}

/// `token print -o json`: `access_token`, or with `--id-token` `id_token` (then `expires_at` is the ID
/// token's `exp`); `header` only with `--header`.
#[derive(Serialize)]
pub struct PrintedToken<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<&'a str>,
    pub expires_at: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<&'a str>,
}

/// `token print --dpop-for METHOD URL -o json`: the values of the two headers of that request.
#[derive(Serialize)]
pub struct DpopHeaders<'a> {
    pub authorization: &'a str,
    pub dpop: &'a str,
}

/// `token show`: the stored set's metadata and its decoded (unverified) JWT claims.
#[derive(Serialize)]
pub struct TokenShow<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_claims: Option<Value>,
    pub client_id: &'a str,
    pub expires_at: Option<u64>,
    pub has_refresh_token: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_claims: Option<Value>,
    pub issuer: Option<&'a str>,
    pub obtained_at: u64,
    pub profile: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Option<&'a str>>,
    pub scope: Option<&'a str>,
    pub store: &'a str,
    pub token_endpoint: Option<&'a str>,
    pub token_type: &'a str,
}

/// `logout`.
#[derive(Serialize)]
pub struct LoggedOut<'a> {
    pub deleted: bool,
    pub profile: &'a str,
    pub revoked: bool,
}

/// `token revoke`: the tokens the provider accepted, in the order sent.
#[derive(Serialize)]
pub struct Revoked {
    pub revoked: Vec<&'static str>,
}

/// `profile show`, and `profile set` (the profile after the change). `settings` are the saved settings
/// as in the config file, which never holds a secret.
#[derive(Serialize)]
pub struct ProfileShow<'a> {
    pub profile: &'a str,
    pub settings: Map<String, Value>,
    /// Where the tokens (and the client secret) are kept, for people.
    pub token_location: String,
    pub token_store: &'a str,
}

/// `profile rm`: `deleted` is the profile; `revoked` and `tokens_deleted` as `logout` reports them.
#[derive(Serialize)]
pub struct ProfileRemoved<'a> {
    pub deleted: bool,
    pub profile: &'a str,
    pub revoked: bool,
    pub tokens_deleted: bool,
}

/// One row of `status` (the document is an array of them).
#[derive(Serialize)]
pub struct StatusRow<'a> {
    pub expires_at: Option<u64>,
    /// A refresh token is stored (an expired access token can then be renewed without a login).
    pub has_refresh_token: bool,
    pub login_needed: bool,
    pub profile: &'a str,
    pub provider: Option<&'a str>,
    pub state: TokenState,
    pub store: &'a str,
}

/// Whether a profile's next command would need a login.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenState {
    Valid,
    Refreshable,
    Expired,
    None,
    Unreadable,
}

impl TokenState {
    pub fn login_needed(self) -> bool {
        matches!(
            self,
            TokenState::None | TokenState::Expired | TokenState::Unreadable
        )
    }
}

/// `smoke`: every profile's checks in order, and the totals.
#[derive(Serialize)]
pub struct SmokeReport {
    pub failed: usize,
    pub passed: usize,
    pub profiles: Vec<SmokeProfile>,
    pub skipped: usize,
}

#[derive(Serialize)]
pub struct SmokeProfile {
    pub checks: Vec<SmokeCheck>,
    pub profile: String,
}

/// One check: `status` is `pass`, `fail` or `skip`; `detail` says why (never a secret).
#[derive(Serialize)]
pub struct SmokeCheck {
    pub detail: String,
    pub ms: u64,
    pub name: &'static str,
    pub status: &'static str,
    /// The exit code a failure maps to (not in the document: the command's exit code sums them up).
    #[serde(skip)]
    pub code: Option<u8>,
}

/// `discover`: the metadata as the provider sent it and the lint's findings. The one document whose
/// fields are not alphabetical: the contract spells it `{"metadata", "findings"}`, data first.
#[derive(Serialize)]
pub struct Discovered<'a> {
    pub metadata: &'a Value,
    pub findings: &'a [crate::oauth::lint::Finding],
}
