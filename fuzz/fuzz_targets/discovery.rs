//! Fuzzes provider discovery: `parse_metadata` on the fetched document and `metadata_urls` on the
//! issuer it is fetched for.
//!
//! The document comes from the network and decides where codes and tokens are sent next, and the
//! issuer comes from the user's flags or config. Input layout: the bytes before the first 0x00 are the
//! issuer (lossy UTF-8) and the rest is the document; without a 0x00 the whole input is the document,
//! fetched for a fixed issuer. Besides "never panic", an `Ok` must name exactly the issuer that was
//! asked for and only endpoints that are URLs, and survive the serde round trip into the stored session.

#![no_main]

use libfuzzer_sys::fuzz_target;
use oauthctl::oauth::discovery::{Endpoints, metadata_urls, parse_metadata};
use oauthctl::oauth::http::HttpResponse;
use url::Url;

const ISSUER: &str = "https://idp.test";

fuzz_target!(|data: &[u8]| {
    let (issuer, body) = match data.iter().position(|&b| b == 0) {
        Some(at) => (String::from_utf8_lossy(&data[..at]), &data[at + 1..]),
        None => (ISSUER.into(), data),
    };

    match metadata_urls(&issuer) {
        Ok(urls) => {
            assert_eq!(urls.len(), 2);
            // Only http(s) issuers may yield metadata addresses, and both must be well-known paths.
            let parsed = Url::parse(&issuer).expect("an accepted issuer is a URL");
            assert!(matches!(parsed.scheme(), "http" | "https"), "{issuer:?}");
            let (oidc, rfc8414) = (urls[0].path(), urls[1].path());
            assert!(
                oidc.ends_with("/.well-known/openid-configuration"),
                "{oidc}"
            );
            assert!(
                rfc8414.starts_with("/.well-known/oauth-authorization-server"),
                "{rfc8414}"
            );
        }
        Err(e) => single_line(&e.to_string()),
    }

    let resp = HttpResponse {
        status: 200,
        content_type: Some("application/json".into()),
        www_authenticate: None,
        body: body.to_vec(),
        ..Default::default()
    };
    let endpoints = match parse_metadata(&issuer, &resp) {
        Ok(endpoints) => endpoints,
        Err(e) => return single_line(&e.to_string()),
    };
    assert_eq!(endpoints.issuer.as_deref(), Some(&*issuer));
    for url in [
        &endpoints.authorize_url,
        &endpoints.token_url,
        &endpoints.userinfo_url,
        &endpoints.jwks_uri,
    ]
    .into_iter()
    .flatten()
    {
        assert!(Url::parse(url).is_ok(), "Ok with endpoint {url:?}");
    }

    let stored = serde_json::to_string(&endpoints).expect("endpoints serialize");
    let back: Endpoints = serde_json::from_str(&stored).expect("stored endpoints read back");
    assert_eq!(back, endpoints);
    assert_eq!(Endpoints::default().or(endpoints.clone()), endpoints);
});

fn single_line(message: &str) {
    assert!(
        !message.contains(['\n', '\r']),
        "multi-line error: {message:?}"
    );
}
