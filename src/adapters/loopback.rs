//! The loopback redirect listener (RFC 8252 §7.3): binds exactly the host of the redirect URI (never
//! 0.0.0.0; `localhost` on both 127.0.0.1 and `[::1]`, the same port, since a browser may resolve it to
//! either), picks an ephemeral port when asked for port 0, answers stray requests, and hands each request on
//! the callback path to the caller's judge, whose verdict is shown to the browser.
//!
//! It is a small HTTP/1.x reader of its own on `std::net` rather than a general server: any local process
//! can connect, so every resource it spends is bounded. The request head is read with a cap on its size
//! and line count, at most [`Limits::connections`] connections are held (the oldest idle one is dropped for
//! a newcomer), each for at most [`Limits::connection_time`], and accept errors (EMFILE, ECONNABORTED) are
//! transient. One thread serves everything with non-blocking sockets: no thread or buffer per attacker.

use crate::error::{Error, Result};
use crate::oauth::redirect_uri::RedirectUri;
use crate::oauth::types::AuthorizationCode;
use crate::ports::{Judge, Listen, Listener, Tick, Verdict};
use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// What one listener spends at most on the requests of any local process.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Request line and headers together; a real callback is a few hundred bytes of target plus what a
    /// browser adds (cookies for 127.0.0.1 included).
    pub head_bytes: usize,
    /// Header lines.
    pub header_lines: usize,
    /// Connections held open at once.
    pub connections: usize,
    /// How long one connection may take to send its request head.
    pub connection_time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            head_bytes: 32 * 1024,
            header_lines: 100,
            connections: 32,
            connection_time: Duration::from_secs(10),
        }
    }
}

/// Longest request target accepted; a real callback is a few hundred bytes.
const MAX_TARGET_BYTES: usize = 16 * 1024;
/// How long the loop sleeps when nothing happened.
const IDLE: Duration = Duration::from_millis(10);
/// How long writing a response page may take.
const WRITE_TIME: Duration = Duration::from_secs(2);

pub struct LoopbackListener {
    sockets: Vec<TcpListener>,
    redirect_uri: RedirectUri,
    limits: Limits,
}

/// Binds real loopback listeners (the [`Listen`] port).
pub struct Loopback;

impl Listen for Loopback {
    fn bind(&self, redirect_uri: &RedirectUri) -> Result<Box<dyn Listener>> {
        Ok(Box::new(LoopbackListener::bind(redirect_uri)?))
    }
}

/// Where the redirect URI says to listen: the loopback address it names (validated by [`RedirectUri`]);
/// `localhost` on both families, IPv4 first.
fn bind_addresses(uri: &RedirectUri) -> Vec<IpAddr> {
    match uri.url().host() {
        Some(url::Host::Ipv6(ip)) => vec![IpAddr::V6(ip)],
        Some(url::Host::Ipv4(ip)) => vec![IpAddr::V4(ip)],
        _ => vec![
            IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(Ipv6Addr::LOCALHOST),
        ],
    }
}

/// How often a port chosen for the first family is tried again when the second family has it taken.
const EPHEMERAL_TRIES: usize = 8;

impl LoopbackListener {
    /// Binds the listener; with port 0 the real port is written into the redirect URI.
    pub fn bind(redirect_uri: &RedirectUri) -> Result<LoopbackListener> {
        let ips = bind_addresses(redirect_uri);
        let wanted = redirect_uri.port();
        let mut last = None;
        for _ in 0..EPHEMERAL_TRIES {
            match bind_all(&ips, wanted) {
                Ok(sockets) => return Self::from_sockets(redirect_uri, sockets),
                // Another program has this ephemeral port on the other family: pick another one.
                Err((addr, e)) if wanted == 0 && e.kind() == ErrorKind::AddrInUse => {
                    last = Some((addr, e))
                }
                Err((addr, e)) => return Err(bind_error(addr, &e)),
            }
        }
        let (addr, e) = last.expect("at least one try");
        Err(bind_error(addr, &e))
    }

    fn from_sockets(redirect_uri: &RedirectUri, sockets: Vec<TcpListener>) -> Result<Self> {
        let port = sockets[0]
            .local_addr()
            .map_err(|e| Error::other(format!("the listener has no address: {e}")))?
            .port();
        for s in &sockets {
            s.set_nonblocking(true)
                .map_err(|e| Error::other(format!("cannot set up the redirect listener: {e}")))?;
        }
        let uri = if redirect_uri.port() == 0 {
            redirect_uri.with_port(port)
        } else {
            redirect_uri.clone()
        };
        Ok(LoopbackListener {
            sockets,
            redirect_uri: uri,
            limits: Limits::default(),
        })
    }
}

fn bind_error(addr: SocketAddr, e: &std::io::Error) -> Error {
    Error::other(format!("cannot listen on {addr} for the redirect: {e}"))
        .with_hint("choose another port in --redirect-uri, or port 0 for a free one")
}

/// Binds every address on one port (the first one's, when `port` is 0). A second address that cannot be
/// bound for any reason but "in use" is skipped: this machine lacks it (no IPv6 on loopback), so no
/// browser reaches it either. In use means another program could receive the redirect there: refused.
fn bind_all(
    ips: &[IpAddr],
    port: u16,
) -> std::result::Result<Vec<TcpListener>, (SocketAddr, std::io::Error)> {
    let mut sockets: Vec<TcpListener> = Vec::new();
    for (i, ip) in ips.iter().enumerate() {
        let port = match sockets.first() {
            Some(first) => first.local_addr().map(|a| a.port()).unwrap_or(port),
            None => port,
        };
        let addr = SocketAddr::new(*ip, port);
        match TcpListener::bind(addr) {
            Ok(s) => sockets.push(s),
            Err(e) if i > 0 && e.kind() != ErrorKind::AddrInUse => {}
            Err(e) => return Err((addr, e)),
        }
    }
    Ok(sockets)
}

/// One accepted connection whose request head is still being read.
struct Conn {
    stream: TcpStream,
    head: Vec<u8>,
    since: Instant,
}

/// A request line, read in full.
struct Request {
    method: String,
    target: String,
}

/// What reading a connection's request head gave.
enum Head {
    /// The head is not complete yet.
    Pending,
    /// The client went away.
    Closed,
    Request(Request),
    /// Status and text of the refusal.
    Refuse(u16, &'static str, &'static str),
}

impl Conn {
    fn new(stream: TcpStream) -> Conn {
        Conn {
            stream,
            head: Vec::new(),
            since: Instant::now(),
        }
    }

    /// Reads what has arrived, never more than the head limit (plus one buffer).
    fn read(&mut self, limits: &Limits) -> Head {
        let mut buf = [0u8; 4096];
        loop {
            match self.stream.read(&mut buf) {
                Ok(0) => return Head::Closed,
                Ok(n) => {
                    self.head.extend_from_slice(&buf[..n]);
                    if let Some(end) = head_end(&self.head) {
                        return parse_head(&self.head[..end], limits);
                    }
                    if self.head.len() > limits.head_bytes {
                        return too_large();
                    }
                    if count_lines(&self.head) > limits.header_lines + 1 {
                        return too_large();
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Head::Pending,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => return Head::Closed,
            }
        }
    }
}

fn too_large() -> Head {
    Head::Refuse(
        431,
        "Request too large",
        "That request is too large for a login callback.",
    )
}

/// Where the head ends (after the empty line), accepting bare LF line ends too.
fn head_end(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4);
    let lf = bytes.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn count_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

fn parse_head(head: &[u8], limits: &Limits) -> Head {
    if head.len() > limits.head_bytes || count_lines(head) > limits.header_lines + 2 {
        return too_large();
    }
    let bad = Head::Refuse(400, "Bad request", "That is not an HTTP request.");
    let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    let Ok(line) = std::str::from_utf8(&head[..line_end]) else {
        return bad;
    };
    let mut parts = line.trim_end_matches('\r').split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return bad;
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() || target.is_empty() {
        return bad;
    }
    Head::Request(Request {
        method: method.to_string(),
        target: target.to_string(),
    })
}

impl Listener for LoopbackListener {
    fn redirect_uri(&self) -> &RedirectUri {
        &self.redirect_uri
    }

    /// Waits until `deadline` for the callback; `judge` gets each callback's query string and decides;
    /// `tick` runs once a round (every 10 ms when nothing happens).
    fn wait_with(
        &self,
        deadline: Instant,
        judge: &mut Judge,
        tick: &mut Tick,
    ) -> Result<AuthorizationCode> {
        let path = self.redirect_uri.url().path();
        let limits = &self.limits;
        let mut not_ours = None;
        let mut conns: Vec<Conn> = Vec::new();
        loop {
            if let Some(outcome) = tick(judge) {
                return outcome;
            }
            if Instant::now() >= deadline {
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
            let mut busy = false;
            // Accept a bounded batch per round; each newcomer is read at once, so a request that has
            // already arrived is served even when idle connections crowd the table.
            for socket in &self.sockets {
                for _ in 0..limits.connections {
                    let stream = match socket.accept() {
                        Ok((stream, _)) => stream,
                        Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                        // EMFILE, ENFILE, ECONNABORTED…: the next round tries again.
                        Err(_) => break,
                    };
                    busy = true;
                    if stream.set_nonblocking(true).is_err() {
                        continue;
                    }
                    if conns.len() >= limits.connections {
                        conns.remove(0);
                    }
                    conns.push(Conn::new(stream));
                }
            }
            let mut i = 0;
            while i < conns.len() {
                let outcome = conns[i].read(limits);
                let request = match outcome {
                    Head::Pending if conns[i].since.elapsed() < limits.connection_time => {
                        i += 1;
                        continue;
                    }
                    Head::Pending | Head::Closed => {
                        conns.remove(i);
                        continue;
                    }
                    Head::Refuse(status, title, text) => {
                        respond(conns.remove(i).stream, status, title, text);
                        busy = true;
                        continue;
                    }
                    Head::Request(r) => r,
                };
                busy = true;
                let stream = conns.remove(i).stream;
                if let Some(code) = serve(stream, request, path, judge, &mut not_ours)? {
                    return Ok(code);
                }
            }
            if !busy {
                std::thread::sleep(IDLE.min(deadline.saturating_duration_since(Instant::now())));
            }
        }
    }
}

/// Answers one request; `Ok(Some)` ends the wait with the code, `Err` with the judge's refusal.
fn serve(
    stream: TcpStream,
    request: Request,
    path: &str,
    judge: &mut Judge,
    not_ours: &mut Option<Error>,
) -> Result<Option<AuthorizationCode>> {
    let target = &request.target;
    if target.len() > MAX_TARGET_BYTES {
        respond(
            stream,
            414,
            "Request too long",
            "That request is too long for a login callback.",
        );
        return Ok(None);
    }
    let (req_path, query) = target.split_once('?').unwrap_or((target, ""));
    if req_path != path {
        respond(
            stream,
            404,
            "Not found",
            "This is oauthctl's login listener; nothing is here.",
        );
        return Ok(None);
    }
    if request.method != "GET" {
        respond(
            stream,
            405,
            "Method not allowed",
            "The login callback is a GET request.",
        );
        return Ok(None);
    }
    match judge(query) {
        Verdict::Final(Ok(code)) => {
            respond(
                stream,
                200,
                "Login received",
                "oauthctl received the authorization response. You can close this window and return to the terminal.",
            );
            Ok(Some(code))
        }
        Verdict::Final(Err(e)) => {
            respond(stream, 400, "Login failed", &e.message);
            Err(e)
        }
        // Not this login's redirect: refuse it and keep waiting for the real one.
        Verdict::NotOurs(e) => {
            respond(stream, 400, "Not this login's redirect", &e.message);
            *not_ours = Some(e);
            Ok(None)
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        _ => "Bad Request",
    }
}

fn respond(mut stream: TcpStream, status: u16, title: &str, text: &str) {
    let page = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>oauthctl: {t}</title></head>\
         <body style=\"font-family:sans-serif;margin:3em\"><h1>{t}</h1><p>{x}</p></body></html>",
        t = html_escape(title),
        x = html_escape(text)
    );
    let response = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{page}",
        reason(status),
        page.len()
    );
    // The browser may already have gone away; the outcome does not depend on it seeing the page.
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_write_timeout(Some(WRITE_TIME));
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.shutdown(Shutdown::Write);
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
        let addrs = |s: &str| {
            bind_addresses(&uri(s))
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(addrs("http://127.0.0.1:0/cb"), ["127.0.0.1"]);
        assert_eq!(addrs("http://127.0.0.2:0/cb"), ["127.0.0.2"]);
        assert_eq!(addrs("http://localhost:8080/cb"), ["127.0.0.1", "::1"]);
        assert_eq!(addrs("http://[::1]:9/cb"), ["::1"]);
    }

    fn ipv6_loopback_works() -> bool {
        TcpListener::bind("[::1]:0").is_ok()
    }

    #[test]
    fn localhost_listens_on_both_loopback_families_on_one_port() {
        let l = bind("http://localhost:0/callback");
        let port = port_of(&l);
        assert_eq!(
            l.redirect_uri().as_str(),
            format!("http://localhost:{port}/callback")
        );
        let v4 = TcpStream::connect(("127.0.0.1", port));
        assert!(v4.is_ok(), "127.0.0.1:{port}");
        if !ipv6_loopback_works() {
            eprintln!("no IPv6 loopback here: only the IPv4 half is checked");
            return;
        }
        // The browser resolves localhost to ::1: the callback arrives there.
        let browser = std::thread::spawn(move || {
            use std::io::{Read, Write};
            let mut s = TcpStream::connect(("::1", port)).unwrap();
            write!(s, "GET /callback?state=ours HTTP/1.0\r\n\r\n").unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).unwrap();
            out
        });
        let code = l
            .wait(Instant::now() + Duration::from_secs(10), &mut ours)
            .unwrap();
        assert_eq!(code.secret(), "state=ours");
        assert!(browser.join().unwrap().contains(" 200 "));
    }

    #[test]
    fn localhost_with_the_ipv6_port_taken_is_refused() {
        if !ipv6_loopback_works() {
            return;
        }
        // Another program on [::1]:PORT would receive the redirect of any browser resolving localhost
        // there: an explicit port that is half taken is an error, not a silent IPv4-only listener.
        let squatter = TcpListener::bind("[::1]:0").unwrap();
        let port = squatter.local_addr().unwrap().port();
        if TcpListener::bind(("127.0.0.1", port)).is_err() {
            return; // the IPv4 half is taken too: nothing to show
        }
        let err = LoopbackListener::bind(&uri(&format!("http://localhost:{port}/cb")))
            .err()
            .expect("refused");
        assert!(err.message.contains("[::1]"), "{}", err.message);
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
    fn many_idle_connections_do_not_stop_a_real_callback() {
        let l = bind("http://127.0.0.1:0/callback");
        let port = port_of(&l);
        let browser = std::thread::spawn(move || {
            // More idle connections than the listener holds (or than an unbounded one had file
            // descriptors for under a low limit), all kept open while the browser comes.
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            let idle: Vec<TcpStream> = (0..300)
                .filter_map(|_| TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok())
                .collect();
            let answer = get(port, "/callback?state=ours");
            (idle.len(), answer)
        });
        let code = l
            .wait(Instant::now() + Duration::from_secs(20), &mut ours)
            .unwrap();
        assert_eq!(code.secret(), "state=ours");
        let (idle, answer) = browser.join().unwrap();
        assert!(idle > 2 * Limits::default().connections, "{idle}");
        assert!(answer.contains(" 200 "), "{answer}");
    }

    /// Sends `prefix`, then up to `total` filler bytes while the listener keeps reading; returns what the
    /// client read back (empty when the connection was reset).
    fn flood(port: u16, prefix: &str, filler: &[u8], total: usize) -> (usize, String) {
        use std::io::{Read, Write};
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
        s.write_all(prefix.as_bytes()).unwrap();
        let mut sent = 0;
        while sent < total {
            match s.write(filler) {
                Ok(n) => sent += n,
                Err(_) => break,
            }
        }
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        (sent, String::from_utf8_lossy(&out).into_owned())
    }

    #[test]
    fn an_endless_header_line_gets_the_connection_closed() {
        let l = bind("http://127.0.0.1:0/callback");
        let port = port_of(&l);
        let attacker = std::thread::spawn(move || {
            let result = flood(
                port,
                "GET /callback?state=ours HTTP/1.1\r\nX-Long: ",
                &[b'a'; 64 * 1024],
                256 * 1024 * 1024,
            );
            let real = get(port, "/callback?state=ours");
            (result, real)
        });
        let code = l
            .wait(Instant::now() + Duration::from_secs(30), &mut ours)
            .unwrap();
        assert_eq!(code.secret(), "state=ours");
        let ((sent, answer), real) = attacker.join().unwrap();
        // The listener stopped reading long before 256 MiB (kernel buffers hold a few MiB at most), and
        // answered 431 unless the close reset the connection first.
        assert!(sent < 256 * 1024 * 1024, "all {sent} bytes were taken");
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
            "{answer}"
        );
        assert!(real.contains(" 200 "), "{real}");
    }

    #[test]
    fn too_many_header_lines_are_refused() {
        let l = bind("http://127.0.0.1:0/callback");
        let port = port_of(&l);
        let attacker = std::thread::spawn(move || {
            use std::io::{Read, Write};
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            let mut head = String::from("GET /callback?state=ours HTTP/1.1\r\n");
            for i in 0..500 {
                head.push_str(&format!("X-{i}: y\r\n"));
            }
            head.push_str("\r\n");
            let _ = s.write_all(head.as_bytes());
            let mut out = Vec::new();
            let _ = s.read_to_end(&mut out);
            let answer = String::from_utf8_lossy(&out).into_owned();
            (answer, get(port, "/callback?state=ours&real"))
        });
        let code = l
            .wait(Instant::now() + Duration::from_secs(10), &mut ours)
            .unwrap();
        let (answer, _) = attacker.join().unwrap();
        assert_eq!(code.secret(), "state=ours&real");
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
            "{answer}"
        );
    }

    #[test]
    fn a_connection_that_is_too_slow_is_closed() {
        let mut l = bind("http://127.0.0.1:0/callback");
        l.limits.connection_time = Duration::from_millis(200);
        let port = port_of(&l);
        let slow = std::thread::spawn(move || {
            use std::io::{Read, Write};
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET /callback?state=ours HTTP/1.1\r\n")
                .unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let started = Instant::now();
            let mut buf = [0u8; 16];
            let n = s.read(&mut buf).unwrap_or(0);
            let waited = started.elapsed();
            get(port, "/callback?state=ours&real");
            (n, waited)
        });
        let code = l
            .wait(Instant::now() + Duration::from_secs(10), &mut ours)
            .unwrap();
        assert_eq!(code.secret(), "state=ours&real");
        let (n, waited) = slow.join().unwrap();
        assert_eq!(n, 0, "closed without an answer");
        assert!(waited < Duration::from_secs(4), "{waited:?}");
    }

    #[test]
    fn requests_that_are_not_http_or_not_get_are_refused() {
        let l = bind("http://127.0.0.1:0/callback");
        let port = port_of(&l);
        let client = std::thread::spawn(move || {
            use std::io::{Read, Write};
            let raw = |text: &str| {
                let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                s.write_all(text.as_bytes()).unwrap();
                let mut out = String::new();
                let _ = s.read_to_string(&mut out);
                out
            };
            let garbage = raw("\x16\x03\x01 hello\r\n\r\n");
            let post = raw("POST /callback?state=ours HTTP/1.1\r\n\r\n");
            let bare_lf = raw("GET /callback?state=ours&lf HTTP/1.0\n\n");
            (garbage, post, bare_lf)
        });
        let code = l
            .wait(Instant::now() + Duration::from_secs(10), &mut ours)
            .unwrap();
        let (garbage, post, bare_lf) = client.join().unwrap();
        assert!(garbage.starts_with("HTTP/1.1 400"), "{garbage}");
        assert!(post.starts_with("HTTP/1.1 405"), "{post}");
        assert!(bare_lf.starts_with("HTTP/1.1 200"), "{bare_lf}");
        assert_eq!(code.secret(), "state=ours&lf");
    }

    /// What else may end the wait (a pasted redirect, Ctrl-C) is asked every round while nothing
    /// arrives, with the judge, and its answer ends the wait well before the deadline.
    #[test]
    fn the_tick_runs_while_the_listener_idles_and_can_end_the_wait() {
        let l = bind("http://127.0.0.1:0/callback");
        let mut ticks = 0;
        let started = Instant::now();
        let code = l
            .wait_with(
                Instant::now() + Duration::from_secs(20),
                &mut ours,
                &mut |judge| {
                    ticks += 1;
                    (ticks == 20).then(|| match judge("code=pasted&state=ours") {
                        Verdict::Final(outcome) => outcome,
                        Verdict::NotOurs(e) => Err(e),
                    })
                },
            )
            .unwrap();
        assert_eq!(code.secret(), "code=pasted&state=ours");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn ephemeral_port_goes_into_the_redirect_uri() {
        let l = bind("http://127.0.0.1:0/callback");
        assert_ne!(port_of(&l), 0);
    }
}
