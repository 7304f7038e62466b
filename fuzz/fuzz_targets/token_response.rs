//! Fuzzes `parse_token_response`, which reads whatever the token endpoint sends back.
//!
//! The body comes from the network (a misbehaving provider, a proxy, a captive portal) and the parser
//! is deliberately lenient about provider quirks, which is where surprises hide. Input layout: the
//! first two bytes are the HTTP status (big-endian), the rest is the body. Besides "never panic", an
//! `Ok` must be a 2xx JSON object with a non-empty access token of type Bearer, and the token set must
//! survive the serde round trip it takes through the token store.

#![no_main]

use libfuzzer_sys::fuzz_target;
use oauthctl::oauth::http::HttpResponse;
use oauthctl::oauth::token::{TokenSet, parse_token_response};

const NOW: u64 = 1_700_000_000;

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [hi, lo, body @ ..] => (u16::from_be_bytes([*hi, *lo]), body),
        _ => return,
    };
    let resp = HttpResponse {
        status,
        content_type: Some("application/json; charset=utf-8".into()),
        www_authenticate: None,
        body: body.to_vec(),
        ..Default::default()
    };

    let set = match parse_token_response(&resp, NOW) {
        Ok(set) => set,
        Err(e) => {
            let shown = e.to_string();
            assert!(!shown.contains(['\n', '\r']), "multi-line error: {shown:?}");
            return;
        }
    };
    assert!(resp.is_success(), "Ok at HTTP {status}");
    assert!(
        serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|v| v.is_object()),
        "Ok for a body that is not a JSON object"
    );
    assert!(!set.access_token.secret().is_empty());
    assert_eq!(set.token_type, "Bearer");
    assert_eq!(set.obtained_at, NOW);
    assert!(set.expires_at.is_none_or(|at| at >= NOW));
    assert!(
        set.refresh_token
            .as_ref()
            .is_none_or(|t| !t.secret().is_empty())
    );
    assert!(set.id_token.as_ref().is_none_or(|t| !t.secret().is_empty()));
    assert!(set.scope.as_ref().is_none_or(|s| !s.is_empty()));

    // The clock at its limit must saturate, not overflow.
    let late = parse_token_response(&resp, u64::MAX).expect("Ok at NOW but not at u64::MAX");
    assert!(late.expires_at.is_none_or(|at| at == u64::MAX));

    // What the token store writes must read back the same.
    let stored = serde_json::to_string(&set).expect("a token set serializes");
    let back: TokenSet = serde_json::from_str(&stored).expect("a stored token set reads back");
    assert_eq!(back.access_token.secret(), set.access_token.secret());
    assert_eq!(
        back.refresh_token.as_ref().map(|t| t.secret()),
        set.refresh_token.as_ref().map(|t| t.secret())
    );
    assert_eq!(
        back.id_token.as_ref().map(|t| t.secret()),
        set.id_token.as_ref().map(|t| t.secret())
    );
    assert_eq!(back.scope, set.scope);
    assert_eq!(back.expires_at, set.expires_at);
    assert_eq!(back.obtained_at, set.obtained_at);
});
