//! `oauthctl logout`: revoke what the provider lets us revoke (RFC 7009), then delete the stored tokens.
//! A failed revocation is reported but does not keep the tokens on disk.

use super::Ctx;
use super::session::{client_secret, parse_url};
use crate::error::Result;
use crate::oauth::token::{self, ClientAuth};
use serde_json::json;

pub fn run(ctx: &Ctx) -> Result<()> {
    let config = ctx.load_config()?;
    let profile = ctx.profile_name();
    let store = ctx.store_for(config.profiles.get(profile));
    let mut revoked = false;
    if let Some(session) = store.load(profile)? {
        if let Some(url) = session.endpoints.revocation_url.as_deref() {
            let url = parse_url("revocation endpoint", url)?;
            let secret = client_secret(&session);
            let auth = ClientAuth { client_id: &session.client_id, secret: secret.as_ref(), method: session.auth_method };
            let t = &session.tokens;
            let mut all_ok = true;
            let targets = t
                .refresh_token
                .as_ref()
                .map(|r| (r.secret(), "refresh_token"))
                .into_iter()
                .chain([(t.access_token.secret(), "access_token")]);
            for (value, hint) in targets {
                let ok = token::revoke_request(&url, &auth, value, hint)
                    .and_then(|req| ctx.send(&req))
                    .map(|resp| resp.is_success());
                match ok {
                    Ok(true) => {}
                    Ok(false) => {
                        all_ok = false;
                        ctx.out.warn(&format!("the provider did not revoke the {hint}"));
                    }
                    Err(e) => {
                        all_ok = false;
                        ctx.out.warn(&format!("revoking the {hint} failed: {}", e.message));
                    }
                }
            }
            revoked = all_ok;
        }
    }
    let deleted = store.delete(profile)?;
    if deleted {
        ctx.out.success(&format!(
            "logged out of profile {profile:?}{}",
            if revoked { "; tokens revoked and deleted" } else { "; tokens deleted" }
        ));
    } else {
        ctx.out.info(&format!("profile {profile:?} had no stored tokens"));
    }
    ctx.out.data(&json!({"profile": profile, "deleted": deleted, "revoked": revoked}), None);
    Ok(())
}
