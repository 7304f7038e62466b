//! Resource indicators (RFC 8707) and rich authorization requests (RFC 9396): which APIs a token is for,
//! and what exactly it may do there. Both are checked here when given, so a typo fails at once with the
//! flag's name rather than as the provider's `invalid_target` after a browser round trip.
//!
//! They travel as ordinary request parameters: every `resource` on the authorize request and on each token
//! request (code, refresh, client credentials, device), so that a refreshed token is for the same API
//! (RFC 8707 §2.2); `authorization_details` on the authorize request, and on the token request of the
//! grants that have no authorize request (RFC 9396 §6).

use serde_json::Value;
use url::Url;

/// An RFC 8707 §2 resource indicator: an absolute URI without a fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceIndicator(String);

impl ResourceIndicator {
    pub fn parse(text: &str) -> Result<Self, String> {
        let url = Url::parse(text)
            .map_err(|e| format!("--resource {text:?} is not an absolute URI ({e})"))?;
        if url.fragment().is_some() {
            return Err(format!(
                "--resource {text:?} has a fragment, which RFC 8707 §2 forbids"
            ));
        }
        // Sent as given: a provider compares the indicator with the one it registered, character for
        // character, and the parser's normal form (a trailing `/` added) would not match it.
        Ok(ResourceIndicator(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// RFC 9396 §2 `authorization_details`: a JSON array of objects, each with a string `type`. Kept in the
/// compact form it is sent in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorizationDetails(String);

impl AuthorizationDetails {
    pub fn parse(text: &str) -> Result<Self, String> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| format!("--authorization-details is not JSON: {e}"))?;
        let Value::Array(items) = &value else {
            return Err(
                "--authorization-details must be a JSON array of objects (RFC 9396 §2)".into(),
            );
        };
        if items.is_empty() {
            return Err("--authorization-details is an empty array".into());
        }
        for (i, item) in items.iter().enumerate() {
            match item.get("type") {
                Some(Value::String(t)) if !t.is_empty() => {}
                _ => {
                    return Err(format!(
                        "--authorization-details item {i} has no string `type` (RFC 9396 §2)"
                    ));
                }
            }
        }
        Ok(AuthorizationDetails(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The request parameters for `resources` and `details`, in that order.
pub fn params(
    resources: &[ResourceIndicator],
    details: Option<&AuthorizationDetails>,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = resources
        .iter()
        .map(|r| ("resource".to_string(), r.as_str().to_string()))
        .collect();
    if let Some(d) = details {
        out.push(("authorization_details".into(), d.as_str().into()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_indicators_are_absolute_uris_without_fragment_kept_as_given() {
        assert_eq!(
            ResourceIndicator::parse("https://api.example.test")
                .unwrap()
                .as_str(),
            "https://api.example.test"
        );
        assert_eq!(
            ResourceIndicator::parse("urn:example:api")
                .unwrap()
                .as_str(),
            "urn:example:api"
        );
        let relative = ResourceIndicator::parse("/api").unwrap_err();
        assert!(relative.contains("not an absolute URI"), "{relative}");
        let fragment = ResourceIndicator::parse("https://api.example.test/#x").unwrap_err();
        assert!(fragment.contains("fragment"), "{fragment}");
    }

    #[test]
    fn authorization_details_are_an_array_of_typed_objects_sent_compact() {
        let d = AuthorizationDetails::parse(r#"[ {"type": "payment", "amount": 5} ]"#).unwrap();
        assert_eq!(d.as_str(), r#"[{"amount":5,"type":"payment"}]"#);
        for (bad, why) in [
            ("{", "not JSON"),
            (r#"{"type":"a"}"#, "must be a JSON array"),
            ("[]", "empty array"),
            (
                r#"[{"type":"a"},{"amount":1}]"#,
                "item 1 has no string `type`",
            ),
            (r#"[{"type":""}]"#, "item 0"),
            (r#"["payment"]"#, "item 0"),
        ] {
            let err = AuthorizationDetails::parse(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn params_list_every_resource_then_the_details() {
        let r = |s| ResourceIndicator::parse(s).unwrap();
        let d = AuthorizationDetails::parse(r#"[{"type":"t"}]"#).unwrap();
        assert_eq!(
            params(&[r("urn:a"), r("urn:b")], Some(&d)),
            [
                ("resource".to_string(), "urn:a".to_string()),
                ("resource".into(), "urn:b".into()),
                ("authorization_details".into(), r#"[{"type":"t"}]"#.into()),
            ]
        );
        assert!(params(&[], None).is_empty());
    }
}
