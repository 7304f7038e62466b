//! Fuzzes `parse_callback`, the judge of the redirect query that reaches the loopback listener.
//!
//! That query is written by whoever can make the user's browser hit 127.0.0.1, so it is fully
//! attacker-controlled, and it is where the CSRF (`state`) and mix-up (RFC 9207 `iss`) defences live.
//! Besides "never panic", the target checks those defences with its own decoder: an `Ok(code)` must
//! only come from a query that carries exactly this login's `state`, exactly one non-empty `code`
//! (the one returned), no `error`, and, when the issuer is enforced, exactly that `iss`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use oauthctl::oauth::authorize::{CallbackExpectations, parse_callback};
use oauthctl::oauth::types::State;

const STATE: &str = "fz-St8_q";
const ISSUER: &str = "https://idp.test";

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    let state = State::new(STATE);
    let pairs = decode(&query);

    // Lenient: a provider without RFC 9207. Strict: metadata promised `iss`.
    for (issuer, iss_required) in [(None, false), (Some(ISSUER), true)] {
        let expect = CallbackExpectations {
            state: &state,
            issuer,
            iss_required,
        };
        match parse_callback(&query, &expect) {
            Ok(code) => {
                assert_eq!(one(&pairs, "state"), Some(STATE), "Ok without our state");
                assert!(!has(&pairs, "error"), "Ok despite `error`");
                assert_eq!(
                    one(&pairs, "code"),
                    Some(code.secret()),
                    "Ok with another code"
                );
                assert!(!code.secret().is_empty(), "Ok with an empty code");
                for k in ["error_description", "iss"] {
                    assert!(count(&pairs, k) <= 1, "Ok with `{k}` repeated");
                }
                if let Some(want) = issuer {
                    assert_eq!(one(&pairs, "iss"), Some(want), "Ok with a foreign `iss`");
                }
            }
            Err(e) => {
                let shown = e.to_string();
                assert!(!shown.contains(['\n', '\r']), "multi-line error: {shown:?}");
            }
        }
    }
});

/// `application/x-www-form-urlencoded` decoding written independently of the `url` crate: split on
/// `&`, then on the first `=`, `+` is a space, `%XX` a byte, invalid UTF-8 replaced.
fn decode(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (unescape(k), unescape(v))
        })
        .collect()
}

fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push(hi * 16 + lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

fn count(pairs: &[(String, String)], key: &str) -> usize {
    pairs.iter().filter(|(k, _)| k == key).count()
}

fn has(pairs: &[(String, String)], key: &str) -> bool {
    count(pairs, key) > 0
}

/// The value of `key` when it occurs exactly once.
fn one<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    let mut it = pairs.iter().filter(|(k, _)| k == key);
    match (it.next(), it.next()) {
        (Some((_, v)), None) => Some(v),
        _ => None,
    }
}
