//! Finishing a login by pasting: over SSH, or on a machine without a browser, the person opens the URL
//! elsewhere and pastes the address the browser ends on (the redirect that could not reach this machine's
//! listener). Here: when pasting is on, and what a pasted line holds. The pasted query goes to the same
//! judge as a redirect the listener receives (state, `iss`, `error=`).

use crate::cli::LoginArgs;
use crate::context::Ctx;
use crate::error::{Error, Result};
use url::Url;

/// Pasting is on with `--paste`, or when stdin is a terminal; never when stdin carries the client
/// secret. A script's piped stdin is not read unless asked for.
pub fn enabled(ctx: &Ctx, args: &LoginArgs) -> Result<bool> {
    let secret_on_stdin = args.client_secret.as_deref() == Some("-");
    if args.paste && secret_on_stdin {
        return Err(Error::usage(
            "--paste and --client-secret - both want stdin; only one can have it",
        )
        .with_hint("pass the secret in OAUTHCTL_CLIENT_SECRET or with --client-secret-file PATH"));
    }
    Ok(args.paste || (!secret_on_stdin && ctx.deps.console.stdin_is_terminal()))
}

/// What one pasted line holds.
#[derive(Debug, PartialEq, Eq)]
pub enum Pasted<'a> {
    /// An empty line: ignored.
    Nothing,
    /// The redirect's query string, raw (the judge decodes it): from the full URL or pasted alone, with or
    /// without its `?`.
    Query(&'a str),
    /// A URL that is not the redirect URI (the authorize URL pasted back, another site): not judged.
    Elsewhere,
}

/// Reads a pasted line against the redirect URI the listener serves. A full URL must name that URI
/// (scheme, host, port, path), as the listener only hears its own; its fragment is dropped.
pub fn read<'a>(line: &'a str, redirect_uri: &Url) -> Pasted<'a> {
    let text = line.trim();
    if text.is_empty() {
        return Pasted::Nothing;
    }
    if !is_url(text) {
        return Pasted::Query(text.strip_prefix('?').unwrap_or(text));
    }
    let text = text.split_once('#').map_or(text, |(before, _)| before);
    let (base, query) = text.split_once('?').unwrap_or((text, ""));
    let Ok(base) = Url::parse(base) else {
        return Pasted::Elsewhere;
    };
    let same = base.scheme() == redirect_uri.scheme()
        && base.host() == redirect_uri.host()
        && base.port_or_known_default() == redirect_uri.port_or_known_default()
        && base.path() == redirect_uri.path();
    if same {
        Pasted::Query(query)
    } else {
        Pasted::Elsewhere
    }
}

/// Starts with `scheme://` (a query holding an unencoded `iss=http://…` does not).
fn is_url(text: &str) -> bool {
    text.split_once("://").is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redirect() -> Url {
        Url::parse("http://127.0.0.1:8400/callback").unwrap()
    }

    #[test]
    fn the_full_url_or_its_query_alone_is_read() {
        let r = redirect();
        let q = Pasted::Query("code=c%2B1&state=s");
        assert_eq!(
            read("http://127.0.0.1:8400/callback?code=c%2B1&state=s", &r),
            q
        );
        assert_eq!(
            read(
                "  http://127.0.0.1:8400/callback?code=c%2B1&state=s#x \r",
                &r
            ),
            q
        );
        assert_eq!(read("code=c%2B1&state=s", &r), q);
        assert_eq!(read("?code=c%2B1&state=s\n", &r), q);
        assert_eq!(
            read("HTTP://127.0.0.1:8400/callback?code=c%2B1&state=s", &r),
            q
        );
        assert_eq!(
            read("http://127.0.0.1:8400/callback", &r),
            Pasted::Query("")
        );
        assert_eq!(
            read("code=c&state=s&iss=http://idp.test", &r),
            Pasted::Query("code=c&state=s&iss=http://idp.test")
        );
    }

    #[test]
    fn blank_lines_are_nothing_and_other_urls_are_not_the_redirect() {
        let r = redirect();
        assert_eq!(read("", &r), Pasted::Nothing);
        assert_eq!(read("  \t", &r), Pasted::Nothing);
        for other in [
            "http://127.0.0.1:8401/callback?code=c&state=s",
            "http://127.0.0.1:8400/other?code=c&state=s",
            "https://127.0.0.1:8400/callback?code=c&state=s",
            "http://localhost:8400/callback?code=c&state=s",
            "https://idp.example/authorize?state=s&client_id=c",
            "http://[not a host/callback?code=c",
        ] {
            assert_eq!(read(other, &r), Pasted::Elsewhere, "{other}");
        }
    }
}
