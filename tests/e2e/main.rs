//! One integration-test binary (one link on 2 cores) holding every end-to-end test of oauthctl.

mod browser_command;
mod client_credentials;
mod completions;
mod concurrency;
mod device;
mod discover;
mod faults;
mod granted;
mod harness;
mod headless;
mod injection;
mod keyring;
mod mtls;
mod oidc_flow;
mod preflight;
mod profiles;
mod quirks;
mod readme_ci;
mod real_browser;
mod resource;
mod revoke;
mod secrets;
mod settings;
mod tls;
mod values;
