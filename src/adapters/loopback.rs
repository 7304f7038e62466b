//! The loopback redirect listener (RFC 8252 §7.3): binds exactly the host of the redirect URI (never
//! 0.0.0.0), picks an ephemeral port when asked for port 0, ignores stray requests, and hands the first
//! request on the callback path to the caller's judge, whose verdict is shown to the browser.

use crate::error::{Error, Result};
use crate::oauth::redirect_uri::RedirectUri;
use crate::oauth::types::AuthorizationCode;
use crate::ports::{Judge, Listen, Listener, Verdict};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

/// Longest request target accepted; a real callback is a few hundred bytes.
const MAX_TARGET_BYTES: usize = 16 * 1024;

pub struct LoopbackListener {
    server: tiny_http::Server,
    redirect_uri: RedirectUri,
}

/// Binds real loopback listeners (the [`Listen`] port).
pub struct Loopback;

impl Listen for Loopback {
    fn bind(&self, redirect_uri: &RedirectUri) -> Result<Box<dyn Listener>> {
        Ok(Box::new(LoopbackListener::bind(redirect_uri)?))
    }
}

/// Where the redirect URI says to listen: the loopback address it names (validated by [`RedirectUri`]).
fn bind_address(uri: &RedirectUri) -> SocketAddr {
    let ip = match uri.url().host() {
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        // `localhost` may resolve to either family; RFC 8252 §8.3 prefers the literal, and IPv4 is what
        // browsers try first.
        _ => IpAddr::V4(Ipv4Addr::LOCALHOST),
    };
    SocketAddr::new(ip, uri.port())
}

impl LoopbackListener {
    /// Binds the listener; with port 0 the real port is written into the redirect URI.
    pub fn bind(redirect_uri: &RedirectUri) -> Result<LoopbackListener> {
        let addr = bind_address(redirect_uri);
        let server = tiny_http::Server::http(addr).map_err(|e| {
            Error::other(format!("cannot listen on {addr} for the redirect: {e}"))
                .with_hint("choose another port in --redirect-uri, or port 0 for a free one")
        })?;
        let mut uri = redirect_uri.clone();
        if addr.port() == 0 {
            let port = server
                .server_addr()
                .to_ip()
                .map(|a| a.port())
                .ok_or_else(|| Error::other("the listener has no IP address"))?;
            uri = uri.with_port(port);
        }
        Ok(LoopbackListener {
            server,
            redirect_uri: uri,
        })
    }
}

impl Listener for LoopbackListener {
    fn redirect_uri(&self) -> &RedirectUri {
        &self.redirect_uri
    }

    /// Waits until `deadline` for the callback; `judge` gets its query string and decides the outcome.
    fn wait(&self, deadline: Instant, judge: &mut Judge) -> Result<AuthorizationCode> {
        let path = self.redirect_uri.url().path();
        let mut not_ours = None;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                if let Some(e) = not_ours {
                    return Err(e);
                }
                return Err(Error::network(
                    "no redirect reached oauthctl before the login timeout",
                )
                .with_hint(
                    "finish the login in the browser sooner, or raise --login-timeout SECS",
                ));
            }
            let request = match self
                .server
                .recv_timeout(left.min(Duration::from_millis(500)))
            {
                Ok(Some(r)) => r,
                Ok(None) => continue,
                Err(e) => return Err(Error::other(format!("the redirect listener failed: {e}"))),
            };
            let target = request.url().to_string();
            if target.len() > MAX_TARGET_BYTES {
                respond(
                    request,
                    414,
                    "Request too long",
                    "That request is too long for a login callback.",
                );
                continue;
            }
            let (req_path, query) = target.split_once('?').unwrap_or((&target, ""));
            if req_path != path {
                respond(
                    request,
                    404,
                    "Not found",
                    "This is oauthctl's login listener; nothing is here.",
                );
                continue;
            }
            if *request.method() != tiny_http::Method::Get {
                respond(
                    request,
                    405,
                    "Method not allowed",
                    "The login callback is a GET request.",
                );
                continue;
            }
            match judge(query) {
                Verdict::Final(Ok(code)) => {
                    respond(
                        request,
                        200,
                        "Login received",
                        "oauthctl received the authorization response. You can close this window and return to the terminal.",
                    );
                    return Ok(code);
                }
                Verdict::Final(Err(e)) => {
                    respond(request, 400, "Login failed", &e.message);
                    return Err(e);
                }
                // Not this login's redirect: refuse it and keep waiting for the real one.
                Verdict::NotOurs(e) => {
                    respond(request, 400, "Not this login's redirect", &e.message);
                    not_ours = Some(e);
                }
            }
        }
    }
}

fn respond(request: tiny_http::Request, status: u16, title: &str, text: &str) {
    let page = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>oauthctl: {t}</title></head>\
         <body style=\"font-family:sans-serif;margin:3em\"><h1>{t}</h1><p>{x}</p></body></html>",
        t = html_escape(title),
        x = html_escape(text)
    );
    let content_type =
        tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"text/html; charset=utf-8"[..])
            .expect("static header");
    let no_store = tiny_http::Header::from_bytes(&b"Cache-Control"[..], &b"no-store"[..])
        .expect("static header");
    let response = tiny_http::Response::from_string(page)
        .with_status_code(status)
        .with_header(content_type)
        .with_header(no_store);
    // The browser may already have gone away; the outcome does not depend on it seeing the page.
    let _ = request.respond(response);
}

pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> RedirectUri {
        RedirectUri::parse(s).unwrap()
    }

    fn bind(s: &str) -> LoopbackListener {
        LoopbackListener::bind(&uri(s)).unwrap()
    }

    fn port_of(l: &LoopbackListener) -> u16 {
        l.redirect_uri().url().port().unwrap()
    }

    #[test]
    fn binds_the_loopback_address_named() {
        let addr = |s: &str| bind_address(&uri(s)).to_string();
        assert_eq!(addr("http://127.0.0.1:0/cb"), "127.0.0.1:0");
        assert_eq!(addr("http://localhost:8080/cb"), "127.0.0.1:8080");
        assert_eq!(addr("http://[::1]:9/cb"), "[::1]:9");
        assert_eq!(addr("http://127.0.0.1/cb"), "127.0.0.1:80");
    }

    #[test]
    fn escapes_html() {
        assert_eq!(
            html_escape("<script>\"x\"&'"),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;"
        );
    }

    /// One raw HTTP/1.0 GET; returns the whole response.
    fn get(port: u16, target: &str) -> String {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(s, "GET {target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn stray_requests_get_404_and_the_first_callback_decides() {
        let l = bind("http://127.0.0.1:0/callback");
        let port = port_of(&l);
        let browser = std::thread::spawn(move || {
            let stray = get(port, "/favicon.ico");
            let callback = get(port, "/callback?error=%3Cscript%3E");
            (stray, callback)
        });
        let deadline = Instant::now() + Duration::from_secs(10);
        let verdict = l.wait(deadline, &mut |q| {
            Verdict::Final(Err(Error::oauth(format!("<b>{q}</b>"))))
        });
        let (stray, callback) = browser.join().unwrap();
        assert!(
            stray.starts_with("HTTP/1.1 404") || stray.starts_with("HTTP/1.0 404"),
            "{stray}"
        );
        assert_eq!(verdict.unwrap_err().message, "<b>error=%3Cscript%3E</b>");
        assert!(callback.contains(" 400 "), "{callback}");
        assert!(
            callback.contains("&lt;b&gt;error=%3Cscript%3E&lt;/b&gt;"),
            "{callback}"
        );
    }

    #[test]
    fn times_out_without_a_callback() {
        let l = bind("http://127.0.0.1:0/cb");
        let err = l
            .wait(Instant::now() + Duration::from_millis(200), &mut |_| {
                Verdict::Final(Ok(AuthorizationCode::new("c")))
            })
            .unwrap_err();
        assert_eq!(err.kind, crate::error::Kind::Network);
    }

    /// The judge of these tests: only a callback with `state=ours` is this login's.
    fn ours(q: &str) -> Verdict {
        if q.contains("state=ours") {
            Verdict::Final(Ok(AuthorizationCode::new(q)))
        } else {
            Verdict::NotOurs(Error::security(format!("not ours: {q}")))
        }
    }

    #[test]
    fn a_callback_that_is_not_ours_gets_400_and_the_wait_goes_on() {
        let l = bind("http://127.0.0.1:0/callback");
        let port = port_of(&l);
        let browser = std::thread::spawn(move || {
            let forged = get(port, "/callback?error=access_denied");
            let real = get(port, "/callback?code=c&state=ours");
            (forged, real)
        });
        let code = l
            .wait(Instant::now() + Duration::from_secs(10), &mut ours)
            .unwrap();
        assert_eq!(code.secret(), "code=c&state=ours");
        let (forged, real) = browser.join().unwrap();
        assert!(forged.contains(" 400 "), "{forged}");
        assert!(forged.contains("not ours: error=access_denied"), "{forged}");
        assert!(real.contains(" 200 "), "{real}");
    }

    #[test]
    fn only_callbacks_that_are_not_ours_until_the_deadline_is_a_security_failure() {
        let l = bind("http://127.0.0.1:0/callback");
        let port = port_of(&l);
        let browser = std::thread::spawn(move || get(port, "/callback?error=x"));
        let err = l
            .wait(Instant::now() + Duration::from_millis(700), &mut ours)
            .unwrap_err();
        browser.join().unwrap();
        assert_eq!(err.kind, crate::error::Kind::Security);
        assert_eq!(err.message, "not ours: error=x");
    }

    #[test]
    fn ephemeral_port_goes_into_the_redirect_uri() {
        let l = bind("http://127.0.0.1:0/callback");
        assert_ne!(port_of(&l), 0);
    }
}
