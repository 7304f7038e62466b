//! The operating system's random source (the [`Random`] port): `state`, `nonce` and the PKCE verifier
//! must be unguessable, so they come from getrandom and nowhere else.

use crate::error::{Error, Result};
use crate::ports::Random;

pub struct OsRandom;

impl Random for OsRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<()> {
        getrandom::fill(buf).map_err(|e| Error::other(format!("the OS random source failed: {e}")))
    }
}
