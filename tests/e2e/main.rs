//! One integration-test binary (one link on 2 cores) holding every end-to-end test of oauthctl.

mod browser_command;
mod completions;
mod concurrency;
mod faults;
mod granted;
mod harness;
mod keyring;
mod oidc_flow;
mod preflight;
mod quirks;
mod secrets;
mod tls;
mod values;
