//! The authorize-endpoint preflight, judged. Before the browser opens, the login fetches the authorize URL
//! once (no redirects followed, no cookies kept); this decides what the answer means, without I/O.
//!
//! Why: a wrong client id, a redirect URI the provider does not accept, or a wrong endpoint path all end
//! the same way without it: the browser shows an error page (or a blank one: Glewlwyd answers an empty
//! 403) that never redirects back, and the login waits for its whole timeout. The provider already said
//! what was wrong on the first request; reading that answer turns a five-minute wait into a one-line error.
//!
//! A 2xx or 3xx answer is a login page or a redirect to one: the preflight passes. An error status is a
//! [`Refusal`]: the status, the OAuth `error` when the body names one (JSON, or an error page that prints
//! it, as oidc-provider's does), a short sanitized detail, and the likely [`Cause`], from which the edge
//! words a hint. Everything shown is provider text, so it is sanitized, and the request's own `state`,
//! `nonce` and `code_challenge` are masked should the page echo them.

use super::error::sanitize;
use super::http::{HttpRequest, HttpResponse};
use serde_json::Value;
use url::Url;

/// What a browser sends when it asks for a page; JSON is welcome too, for providers that answer errors
/// as JSON to clients that accept it. The preflight must be answered as the browser will be.
const ACCEPT: &str = "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8";

/// The longest detail kept from an error page.
const MAX_DETAIL_CHARS: usize = 200;

/// The one GET of the authorize URL, exactly as the browser will send it.
pub fn request(authorize_url: &Url) -> HttpRequest {
    let mut req = HttpRequest::get(authorize_url.clone());
    req.headers = vec![("Accept".into(), ACCEPT.into())];
    req
}

/// What the login sent, as far as judging the answer needs it.
pub struct Sent<'a> {
    /// The redirect URI in the request, with its real port.
    pub redirect_uri: &'a str,
    /// The port was picked for this login (`:0`), so it differs on every run: a provider that matches
    /// redirect URIs exactly, port included, can never have it registered.
    pub ephemeral_port: bool,
    /// Values from the request that must not be shown even when the page echoes them back.
    pub masked: &'a [&'a str],
}

/// The provider's refusal of the authorize request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    /// The OAuth `error` code, from a JSON body or found on the error page.
    pub error: Option<String>,
    /// `error_description`, else the page's title or first line of text; sanitized and masked.
    pub detail: Option<String>,
    pub cause: Cause,
}

/// What most likely went wrong; the edge turns it into a hint naming the flag to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The provider does not know the client id.
    UnknownClient,
    /// The redirect URI sent is not registered. `fixed_port_advice`: the port was ephemeral, so the fix
    /// for a provider that matches exactly is a fixed-port `--redirect-uri` registered there.
    RedirectUri { fixed_port_advice: bool },
    /// A 403 with nothing in it and a port of the user's choosing: client or redirect URI, it won't say.
    BlankForbidden,
    /// 404 without an OAuth error: the URL is not an authorization endpoint.
    NotFound,
    /// 5xx without an OAuth error: the provider itself failed.
    ServerFailure,
    /// Any other refusal.
    Unclear,
}

impl Refusal {
    /// Whether the provider answered with an OAuth error (exit 3) rather than a bare failure (exit 1).
    pub fn is_oauth_error(&self) -> bool {
        self.error.is_some()
    }
}

/// `None` when the answer lets the login go on (2xx, 3xx, or a 1xx the transport passed through).
pub fn judge(resp: &HttpResponse, sent: &Sent) -> Option<Refusal> {
    if resp.status < 400 {
        return None;
    }
    let mask = |text: &str| {
        let mut out = sanitize(text.trim(), MAX_DETAIL_CHARS);
        for secret in sent.masked.iter().filter(|s| s.len() >= 4) {
            out = out.replace(secret, "***");
        }
        out
    };
    let page = Page::read(&resp.body);
    let error = page.error.as_deref().map(|e| sanitize(e, 80));
    let detail = page
        .description
        .as_deref()
        .or(page.title.as_deref())
        .or(page.lines.first().map(String::as_str))
        .map(mask)
        .filter(|d| !d.is_empty());
    let cause = cause(resp.status, &error, &page, sent);
    Some(Refusal {
        status: resp.status,
        error,
        detail,
        cause,
    })
}

fn cause(status: u16, error: &Option<String>, page: &Page, sent: &Sent) -> Cause {
    let redirect = Cause::RedirectUri {
        fixed_port_advice: sent.ephemeral_port,
    };
    match error.as_deref() {
        Some("invalid_client") => return Cause::UnknownClient,
        Some("invalid_redirect_uri") => return redirect,
        _ => {}
    }
    let text = page.all_text().to_lowercase();
    let squeezed: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
    if squeezed.contains("redirecturi") || squeezed.contains("redirecturl") {
        return redirect;
    }
    let client_words = [
        "not found",
        "unknown",
        "invalid",
        "does not exist",
        "doesn't exist",
        "not registered",
    ];
    if text.contains("client") && client_words.iter().any(|w| text.contains(w)) {
        return Cause::UnknownClient;
    }
    if error.is_some() {
        return Cause::Unclear;
    }
    match status {
        // Glewlwyd refuses an unregistered redirect URI with a bare 403; with a port that changes on
        // every login, that is by far the likeliest reason.
        403 if page.is_blank() && sent.ephemeral_port => redirect,
        403 if page.is_blank() => Cause::BlankForbidden,
        404 => Cause::NotFound,
        500..=599 => Cause::ServerFailure,
        _ => Cause::Unclear,
    }
}

/// OAuth error codes an error page may print (RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6, and the
/// common `invalid_redirect_uri`); any other snake_case word after an `error` label counts too.
const KNOWN_ERRORS: &[&str] = &[
    "invalid_request",
    "unauthorized_client",
    "access_denied",
    "unsupported_response_type",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable",
    "invalid_client",
    "invalid_redirect_uri",
    "invalid_grant",
    "login_required",
    "consent_required",
    "interaction_required",
];

/// What can be read from an error answer: a JSON error object or an HTML/text page.
#[derive(Default)]
struct Page {
    error: Option<String>,
    description: Option<String>,
    title: Option<String>,
    /// The page's visible text, one block per line, whitespace collapsed.
    lines: Vec<String>,
}

impl Page {
    fn read(body: &[u8]) -> Page {
        if let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(body) {
            let get = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
            return Page {
                error: get("error"),
                description: get("error_description"),
                ..Page::default()
            };
        }
        let raw = String::from_utf8_lossy(body);
        let lines = visible_lines(&raw);
        let error = lines.iter().find_map(|l| labelled_code(l));
        let description = lines
            .iter()
            .find_map(|l| label_value(l, "error_description").map(str::to_string))
            .filter(|d| !d.is_empty());
        Page {
            error,
            description,
            title: title(&raw),
            lines,
        }
    }

    fn is_blank(&self) -> bool {
        self.error.is_none() && self.title.is_none() && self.lines.is_empty()
    }

    fn all_text(&self) -> String {
        let mut parts: Vec<&str> = self.lines.iter().map(String::as_str).collect();
        parts.extend(self.error.as_deref());
        parts.extend(self.description.as_deref());
        parts.extend(self.title.as_deref());
        parts.join("\n")
    }
}

/// The text after `label` followed by `:` or `=` at the start of a line (case-insensitive).
fn label_value<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let head = line.get(..label.len())?;
    if !head.eq_ignore_ascii_case(label) {
        return None;
    }
    let rest = line[label.len()..].trim_start();
    let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('='))?;
    Some(rest.trim())
}

/// An OAuth error code printed after an `error` label anywhere in a line (`error: invalid_client`,
/// `?error=access_denied&…`).
fn labelled_code(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("error") {
        let start = from + at;
        from = start + "error".len();
        let before_ok = lower[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_');
        if !before_ok {
            continue;
        }
        let Some(value) = label_value(&line[start..], "error") else {
            continue;
        };
        let code: String = value
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        if KNOWN_ERRORS.contains(&code.as_str()) || (code.contains('_') && code.len() <= 64) {
            return Some(code);
        }
    }
    None
}

/// The `<title>` of an HTML page, entities decoded and whitespace collapsed.
fn title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let text = collapse(&decode_entities(&html[start..end]));
    (!text.is_empty()).then_some(text)
}

/// Tags that do not break a line of text: `<pre><strong>error</strong>: x</pre>` reads `error: x`.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "code", "em", "i", "kbd", "mark", "q", "s", "samp", "small", "span",
    "strong", "sub", "sup", "tt", "u", "var",
];

/// The visible text of an HTML (or plain text) page: scripts, styles and the head left out, every
/// block-level tag a line break, entities decoded, empty lines dropped.
fn visible_lines(page: &str) -> Vec<String> {
    let lower = page.to_ascii_lowercase();
    let mut text = String::new();
    let mut at = 0;
    while let Some(lt) = lower[at..].find('<') {
        let lt = at + lt;
        text.push_str(&page[at..lt]);
        let Some(gt) = lower[lt..].find('>') else {
            at = page.len();
            break;
        };
        let gt = lt + gt;
        let tag = &lower[lt + 1..gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        at = gt + 1;
        if !tag.starts_with('/') && ["script", "style", "title", "head"].contains(&name.as_str()) {
            // Skip to the matching close tag: none of this is shown to the person.
            let close = format!("</{name}");
            match lower[at..].find(&close) {
                Some(end) => {
                    let end = at + end;
                    at = lower[end..].find('>').map_or(page.len(), |g| end + g + 1);
                }
                None => at = page.len(),
            }
            text.push('\n');
        } else if !INLINE_TAGS.contains(&name.as_str()) {
            text.push('\n');
        }
    }
    text.push_str(&page[at..]);
    text.lines()
        .map(|l| collapse(&decode_entities(l)))
        .filter(|l| !l.is_empty())
        .collect()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The entities error pages use: the five named ones, `&nbsp;` and numeric references.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let entity = rest.find(';').filter(|end| *end <= 10).map(|end| {
            let name = &rest[1..end];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            (ch, end)
        });
        match entity {
            Some((Some(ch), end)) => {
                out.push(ch);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = "st4te-value-AAAA";

    fn sent(ephemeral_port: bool) -> Sent<'static> {
        Sent {
            redirect_uri: "http://127.0.0.1:4242/callback",
            ephemeral_port,
            masked: &[STATE],
        }
    }

    fn answer(status: u16, content_type: &str, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            content_type: Some(content_type.into()),
            www_authenticate: None,
            dpop_nonce: None,
            body: body.as_bytes().to_vec(),
        }
    }

    fn judged(status: u16, content_type: &str, body: &str) -> Refusal {
        judge(&answer(status, content_type, body), &sent(true)).expect("a refusal")
    }

    /// oidc-provider's page for an unknown client id, as it really answers (abridged style sheet).
    const OIDC_PROVIDER_UNKNOWN_CLIENT: &str = r#"<!DOCTYPE html>
    <html><head><meta charset="utf-8"><title>oops! something went wrong</title>
      <style>h1{font-weight:100}</style></head>
    <body><div class="container"><h1>oops! something went wrong</h1>
      <pre><strong>error</strong>: invalid_client</pre><pre><strong>error_description</strong>: client is invalid</pre><pre><strong>state</strong>: st4te-value-AAAA</pre><pre><strong>iss</strong>: http://127.0.0.1:9</pre>
    </div></body></html>"#;

    const OIDC_PROVIDER_BAD_REDIRECT: &str = r#"<html><head><title>oops! something went wrong</title></head>
    <body><h1>oops! something went wrong</h1>
      <pre><strong>error</strong>: invalid_redirect_uri</pre><pre><strong>error_description</strong>: redirect_uri did not match any of the client&#39;s registered redirect_uris</pre>
    </body></html>"#;

    #[test]
    fn a_login_page_or_a_redirect_to_one_passes() {
        for status in [200, 204, 302, 303, 307] {
            assert_eq!(
                judge(
                    &answer(status, "text/html", "<title>Sign in</title>"),
                    &sent(true)
                ),
                None,
                "{status}"
            );
        }
    }

    #[test]
    fn every_error_status_is_a_refusal() {
        for status in [400, 401, 403, 404, 405, 500, 502, 503] {
            let r = judged(status, "text/plain", "no");
            assert_eq!(r.status, status);
        }
    }

    #[test]
    fn oidc_provider_unknown_client_page() {
        let r = judged(
            400,
            "text/html; charset=utf-8",
            OIDC_PROVIDER_UNKNOWN_CLIENT,
        );
        assert_eq!(r.error.as_deref(), Some("invalid_client"));
        assert_eq!(r.detail.as_deref(), Some("client is invalid"));
        assert_eq!(r.cause, Cause::UnknownClient);
        assert!(r.is_oauth_error());
    }

    #[test]
    fn oidc_provider_unregistered_redirect_uri_page() {
        let r = judged(400, "text/html", OIDC_PROVIDER_BAD_REDIRECT);
        assert_eq!(r.error.as_deref(), Some("invalid_redirect_uri"));
        assert_eq!(
            r.detail.as_deref(),
            Some("redirect_uri did not match any of the client's registered redirect_uris")
        );
        assert_eq!(
            r.cause,
            Cause::RedirectUri {
                fixed_port_advice: true
            }
        );
        let fixed = judge(
            &answer(400, "text/html", OIDC_PROVIDER_BAD_REDIRECT),
            &sent(false),
        )
        .unwrap();
        assert_eq!(
            fixed.cause,
            Cause::RedirectUri {
                fixed_port_advice: false
            }
        );
    }

    #[test]
    fn a_json_oauth_error() {
        let r = judged(
            401,
            "application/json",
            r#"{"error":"invalid_client","error_description":"Client authentication failed"}"#,
        );
        assert_eq!(r.error.as_deref(), Some("invalid_client"));
        assert_eq!(r.detail.as_deref(), Some("Client authentication failed"));
        assert_eq!(r.cause, Cause::UnknownClient);
        let r = judged(400, "application/json", r#"{"error":"invalid_scope"}"#);
        assert_eq!(
            (r.error.as_deref(), r.detail),
            (Some("invalid_scope"), None)
        );
        assert_eq!(r.cause, Cause::Unclear);
    }

    #[test]
    fn a_page_with_a_title_only_is_no_oauth_error() {
        let r = judged(
            404,
            "text/html",
            "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>",
        );
        assert_eq!(r.error, None);
        assert_eq!(r.detail.as_deref(), Some("404 Not Found"));
        assert_eq!(r.cause, Cause::NotFound);
        assert!(!r.is_oauth_error());
    }

    #[test]
    fn an_empty_403_with_an_ephemeral_port_is_the_redirect_uri() {
        let r = judged(403, "text/html", "");
        assert_eq!((r.error.as_ref(), r.detail.as_ref()), (None, None));
        assert_eq!(
            r.cause,
            Cause::RedirectUri {
                fixed_port_advice: true
            }
        );
        let fixed = judge(&answer(403, "text/html", " \n"), &sent(false)).unwrap();
        assert_eq!(fixed.cause, Cause::BlankForbidden);
    }

    #[test]
    fn server_failures() {
        let r = judged(500, "text/plain", "Internal Server Error");
        assert_eq!(r.detail.as_deref(), Some("Internal Server Error"));
        assert_eq!(r.cause, Cause::ServerFailure);
        assert_eq!(judged(503, "text/html", "").cause, Cause::ServerFailure);
    }

    #[test]
    fn pages_naming_the_client_or_the_redirect_uri() {
        // Keycloak's wording, in its page body.
        let r = judged(
            400,
            "text/html",
            "<title>We are sorry...</title><p id=\"instruction1\">Client not found.</p>",
        );
        assert_eq!(r.cause, Cause::UnknownClient);
        assert_eq!(r.detail.as_deref(), Some("We are sorry..."));
        let r = judged(
            400,
            "text/html",
            "<title>Error</title><p>Invalid parameter: redirect_uri</p>",
        );
        assert!(matches!(r.cause, Cause::RedirectUri { .. }));
        let r = judged(400, "text/plain", "The Redirect URI is not allowed");
        assert!(matches!(r.cause, Cause::RedirectUri { .. }));
        assert_eq!(judged(401, "text/plain", "go away").cause, Cause::Unclear);
    }

    #[test]
    fn an_error_code_in_a_query_string_on_the_page() {
        let r = judged(
            400,
            "text/html",
            "<p>Redirecting to /cb?error=access_denied&amp;state=1</p>",
        );
        assert_eq!(r.error.as_deref(), Some("access_denied"));
        // A word that merely follows "Error:" is no OAuth code.
        let r = judged(400, "text/html", "<h1>Error: Something went wrong</h1>");
        assert_eq!(r.error, None);
        // Nor is a label inside another word.
        let r = judged(400, "text/plain", "myerror: bad_thing");
        assert_eq!(r.error, None);
    }

    #[test]
    fn echoed_request_values_are_masked_and_control_characters_dropped() {
        let r = judged(
            400,
            "text/plain",
            &format!("bad request for state {STATE}\x1b[2J"),
        );
        assert_eq!(r.detail.as_deref(), Some("bad request for state ***[2J"));
        let r = judged(
            400,
            "application/json",
            &format!(r#"{{"error":"invalid_request","error_description":"state {STATE}"}}"#),
        );
        assert_eq!(r.detail.as_deref(), Some("state ***"));
    }

    #[test]
    fn a_long_detail_is_cut() {
        let r = judged(400, "text/plain", &"x".repeat(1000));
        assert_eq!(r.detail.unwrap().chars().count(), MAX_DETAIL_CHARS + 1);
    }

    #[test]
    fn scripts_and_styles_are_not_text() {
        let lines = visible_lines(
            "<head><title>T</title><style>a{b:c}</style></head><script>var error = 'x_y';</script><p>Hi &amp; bye&#33; &#x3C;3</p>",
        );
        assert_eq!(lines, ["Hi & bye! <3"]);
    }

    #[test]
    fn entities_that_are_not_entities_stay() {
        assert_eq!(
            decode_entities("a & b &zz; &#xZZ; &;"),
            "a & b &zz; &#xZZ; &;"
        );
        assert_eq!(decode_entities("&lt;&gt;&quot;&apos;&nbsp;"), "<>\"' ");
    }

    #[test]
    fn the_request_is_a_browser_like_get() {
        let url = Url::parse("http://127.0.0.1/authorize?client_id=c&state=s").unwrap();
        let req = request(&url);
        assert_eq!(req.method, super::super::http::Method::Get);
        assert_eq!(req.url, url);
        assert!(req.header("accept").unwrap().starts_with("text/html"));
        assert_eq!(req.headers.len(), 1);
    }
}
