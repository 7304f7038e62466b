//! Adapters: the thin parts that talk to the outside world (HTTP, the loopback listener, the browser, the
//! token stores and their lock, the config file, the clock, randomness, the console a login waits in),
//! each implementing one port of `crate::ports`. They make no protocol decisions; the core does, and the commands connect them.

pub mod browser;
pub mod clock;
pub mod config_file;
pub mod console;
pub mod http;
pub mod loopback;
pub mod random;
pub mod store;
pub mod tls;
