//! What a token response granted, against what was requested: the scopes (RFC 6749 §5.1: a response
//! without `scope` grants exactly the requested ones; §3.3: the provider may grant fewer) and the
//! requested ones the provider dropped. Providers drop scopes silently (oidc-provider drops
//! `offline_access` without `prompt=consent`), so the login names what came back.

use super::types::Scope;

/// The scopes of a login's token response, judged against the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Granted {
    /// The granted scopes, in the provider's order (or the request's, when the response is silent).
    pub scopes: Vec<String>,
    /// `true`: the token response listed them; `false`: it omitted `scope`, so they are the requested ones.
    pub listed: bool,
    /// Requested scopes the response does not list, in request order.
    pub dropped: Vec<String>,
}

pub fn granted(requested: &Scope, response_scope: Option<&str>) -> Granted {
    match response_scope {
        None => Granted {
            scopes: requested.values().to_vec(),
            listed: false,
            dropped: Vec::new(),
        },
        Some(listed) => {
            let scopes = Scope::from_parts(&[listed]).values().to_vec();
            let dropped = requested
                .values()
                .iter()
                .filter(|s| !scopes.contains(s))
                .cloned()
                .collect();
            Granted {
                scopes,
                listed: true,
                dropped,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(s: &str) -> Scope {
        Scope::from_parts(&[s])
    }

    #[test]
    fn a_silent_response_grants_what_was_requested() {
        let g = granted(&scope("openid email"), None);
        assert_eq!(g.scopes, ["openid", "email"]);
        assert!(!g.listed);
        assert!(g.dropped.is_empty());
    }

    #[test]
    fn requested_scopes_missing_from_the_response_are_dropped() {
        let g = granted(
            &scope("openid email offline_access"),
            Some("email  openid extra"),
        );
        assert_eq!(g.scopes, ["email", "openid", "extra"]);
        assert!(g.listed);
        assert_eq!(g.dropped, ["offline_access"]);
    }

    #[test]
    fn an_empty_listed_scope_drops_everything() {
        let g = granted(&scope("a b"), Some(""));
        assert!(g.scopes.is_empty() && g.listed);
        assert_eq!(g.dropped, ["a", "b"]);
        let g = granted(&scope(""), Some(""));
        assert!(g.scopes.is_empty() && g.dropped.is_empty());
    }
}
