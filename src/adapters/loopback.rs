//! The loopback redirect listener (RFC 8252 §7.3): binds exactly the host of the redirect URI (never
//! 0.0.0.0), picks an ephemeral port when asked for port 0, ignores stray requests, and hands the first
//! request on the callback path to the caller's judge, whose verdict is shown to the browser.

use crate::error::{Error, Result};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::{Duration, Instant};
use url::Url;

/// Longest request target accepted; a real callback is a few hundred bytes.
const MAX_TARGET_BYTES: usize = 16 * 1024;

pub struct Listener {
    server: tiny_http::Server,
    redirect_uri: Url,
}

/// Where the redirect URI says to listen, after the loopback-only rules.
fn bind_address(uri: &Url) -> Result<SocketAddr> {
    if uri.scheme() != "http" {
        return Err(Error::usage(format!(
            "--redirect-uri {uri} must use http:// on a loopback address (RFC 8252 §7.3)"
        )));
    }
    let ip = match uri.host() {
        Some(url::Host::Ipv4(ip)) if ip.is_loopback() => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) if ip == Ipv6Addr::LOCALHOST => IpAddr::V6(ip),
        // `localhost` may resolve to either family; RFC 8252 §8.3 prefers the literal, and IPv4 is what
        // browsers try first.
        Some(url::Host::Domain("localhost")) => IpAddr::V4(Ipv4Addr::LOCALHOST),
        _ => {
            return Err(Error::usage(format!(
                "--redirect-uri {uri} must name 127.0.0.1, [::1] or localhost: oauthctl only listens on loopback"
            )));
        }
    };
    Ok(SocketAddr::new(
        ip,
        uri.port_or_known_default().unwrap_or(80),
    ))
}

impl Listener {
    /// Binds the listener; with port 0 the real port is written into [`Listener::redirect_uri`].
    pub fn bind(redirect_uri: &str) -> Result<Listener> {
        let mut uri = Url::parse(redirect_uri).map_err(|e| {
            Error::usage(format!("--redirect-uri {redirect_uri:?} is not a URL: {e}"))
        })?;
        let addr = bind_address(&uri)?;
        let server = tiny_http::Server::http(addr).map_err(|e| {
            Error::other(format!("cannot listen on {addr} for the redirect: {e}"))
                .with_hint("choose another port in --redirect-uri, or port 0 for a free one")
        })?;
        if addr.port() == 0 {
            let port = server
                .server_addr()
                .to_ip()
                .map(|a| a.port())
                .ok_or_else(|| Error::other("the listener has no IP address"))?;
            uri.set_port(Some(port))
                .map_err(|_| Error::other("cannot put the port into the redirect URI"))?;
        }
        Ok(Listener {
            server,
            redirect_uri: uri,
        })
    }

    /// The redirect URI to send to the provider, with the real port.
    pub fn redirect_uri(&self) -> &str {
        self.redirect_uri.as_str()
    }

    /// Waits until `deadline` for the callback; `judge` gets its query string and decides the outcome.
    pub fn wait<T>(
        &self,
        deadline: Instant,
        mut judge: impl FnMut(&str) -> Result<T>,
    ) -> Result<T> {
        let path = self.redirect_uri.path();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
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
            let verdict = judge(query);
            match &verdict {
                Ok(_) => respond(
                    request,
                    200,
                    "Login received",
                    "oauthctl received the authorization response. You can close this window and return to the terminal.",
                ),
                Err(e) => respond(request, 400, "Login failed", &e.message),
            }
            return verdict;
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

    #[test]
    fn binds_only_loopback() {
        let addr = |s: &str| bind_address(&Url::parse(s).unwrap());
        assert_eq!(
            addr("http://127.0.0.1:0/cb").unwrap().to_string(),
            "127.0.0.1:0"
        );
        assert_eq!(
            addr("http://localhost:8080/cb").unwrap().to_string(),
            "127.0.0.1:8080"
        );
        assert_eq!(addr("http://[::1]:9/cb").unwrap().to_string(), "[::1]:9");
        for bad in [
            "http://0.0.0.0:0/cb",
            "http://example.com/cb",
            "https://127.0.0.1/cb",
            "http://10.0.0.1/cb",
        ] {
            assert!(addr(bad).is_err(), "{bad}");
        }
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
        let l = Listener::bind("http://127.0.0.1:0/callback").unwrap();
        let port = Url::parse(l.redirect_uri()).unwrap().port().unwrap();
        let browser = std::thread::spawn(move || {
            let stray = get(port, "/favicon.ico");
            let callback = get(port, "/callback?error=%3Cscript%3E");
            (stray, callback)
        });
        let deadline = Instant::now() + Duration::from_secs(10);
        let verdict: Result<()> = l.wait(deadline, |q| Err(Error::oauth(format!("<b>{q}</b>"))));
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
        let l = Listener::bind("http://127.0.0.1:0/cb").unwrap();
        let err = l
            .wait(Instant::now() + Duration::from_millis(200), |_| Ok(()))
            .unwrap_err();
        assert_eq!(err.kind, crate::error::Kind::Network);
    }

    #[test]
    fn ephemeral_port_goes_into_the_redirect_uri() {
        let l = Listener::bind("http://127.0.0.1:0/callback").unwrap();
        let port = Url::parse(l.redirect_uri()).unwrap().port().unwrap();
        assert_ne!(port, 0);
    }
}
