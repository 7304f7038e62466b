//! The protocol core: everything OAuth 2.0 / OpenID Connect decides, and nothing that touches a socket, a
//! file, an environment variable or the clock. Inputs (random bytes, the time, HTTP responses) come in as
//! values; outputs (URLs, requests, token sets, errors) go out as values.

pub mod authorize;
pub mod client_assertion;
pub mod client_key;
pub mod device;
pub mod discovery;
pub mod dpop;
pub mod error;
pub mod granted;
pub mod http;
pub mod id_token;
pub mod introspection;
pub mod jarm;
mod key_material;
pub mod lint;
pub mod mtls;
pub mod par;
pub mod pkce;
pub mod preflight;
pub mod provider;
pub mod redirect_uri;
pub mod request_object;
pub mod resource;
pub mod revocation;
pub mod session;
#[cfg(test)]
pub(crate) mod test_jwt;
pub mod token;
pub mod types;
