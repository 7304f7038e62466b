//! Adapters: the thin parts that talk to the outside world (HTTP, the loopback listener, the browser, the
//! token store, the clock). They make no protocol decisions; the core does, and the commands connect them.

pub mod browser;
pub mod clock;
pub mod http;
pub mod loopback;
pub mod store;
