//! Sends the core's [`HttpRequest`]s with reqwest: no redirects followed (a token endpoint that redirects is
//! broken or hostile), a per-request timeout, a hard cap on response size, and an optional trace on stderr
//! in which every credential is masked.

use crate::config::HttpSettings;
use crate::error::{Error, Result};
use crate::oauth::http::{
    HttpRequest, HttpResponse, MAX_RESPONSE_BYTES, Method, is_masked_query_param, is_secret_field,
    is_secret_header,
};
use crate::ports::Http;
use serde_json::Value;
use std::cell::{OnceCell, RefCell};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

/// How long an idle pooled connection may be reused: below any server's keep-alive timeout in common use.
const POOL_IDLE: Duration = Duration::from_secs(1);

/// The real [`Http`] port: a single-threaded tokio runtime and the reqwest clients, both built on the first
/// request, so the cached `token print` path never pays for them.
pub struct Transport {
    /// Until the first request: the profile's saved settings arrive through [`Http::configure`].
    opts: RefCell<HttpOptions>,
    runtime: OnceCell<tokio::runtime::Runtime>,
    client: OnceCell<HttpClient>,
}

impl Transport {
    pub fn new(opts: HttpOptions) -> Self {
        Transport {
            opts: RefCell::new(opts),
            runtime: OnceCell::new(),
            client: OnceCell::new(),
        }
    }
}

impl Http for Transport {
    fn send(&self, req: &HttpRequest) -> Result<HttpResponse> {
        let rt = match self.runtime.get() {
            Some(rt) => rt,
            None => {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| Error::other(format!("cannot start the async runtime: {e}")))?;
                self.runtime.get_or_init(|| rt)
            }
        };
        let client = self
            .client
            .get_or_init(|| HttpClient::new(&self.opts.borrow()));
        rt.block_on(client.send(req))
    }

    fn configure(&self, settings: &HttpSettings) {
        let mut opts = self.opts.borrow_mut();
        *opts = HttpOptions::new(settings, opts.verbose);
    }
}

/// The global options that shape every HTTP call.
#[derive(Clone, Debug, Default)]
pub struct HttpOptions {
    pub timeout: Duration,
    pub ca_cert: Option<PathBuf>,
    pub insecure: bool,
    /// RFC 8705: the certificate presented on every https request.
    pub client_identity: Option<crate::config::ClientIdentity>,
    /// 0 quiet, 1 request lines and statuses, 2 headers and bodies too.
    pub verbose: u8,
}

impl HttpOptions {
    pub fn new(settings: &HttpSettings, verbose: u8) -> Self {
        HttpOptions {
            timeout: Duration::from_secs(settings.timeout_secs.max(1)),
            ca_cert: settings.ca_cert.clone(),
            insecure: settings.insecure,
            client_identity: settings.client_identity.clone(),
            verbose,
        }
    }
}

pub struct HttpClient {
    opts: HttpOptions,
    /// For `http://` URLs (loopback providers, tests): built without trust roots, so plain-HTTP runs never
    /// pay for reading and parsing the system's CA store.
    plain: OnceCell<reqwest::Client>,
    /// For `https://` URLs: the platform verifier with the system roots, plus `--ca-cert`.
    tls: OnceCell<reqwest::Client>,
    /// Secret values seen so far, masked wherever they turn up in a trace, even in places no field name
    /// gives away (an HTML error page echoing a code, say). Wiped when the client goes away.
    seen_secrets: RefCell<Vec<Zeroizing<String>>>,
}

impl HttpClient {
    pub fn new(opts: &HttpOptions) -> Self {
        if opts.insecure {
            // Every run that uses it says so, also when it comes from the profile or OAUTHCTL_INSECURE.
            stderr_line(format_args!(
                "warning: --insecure: TLS certificates are NOT verified; anyone on the path can read and forge traffic"
            ));
        }
        HttpClient {
            opts: opts.clone(),
            plain: OnceCell::new(),
            tls: OnceCell::new(),
            seen_secrets: RefCell::new(Vec::new()),
        }
    }

    fn client_for(&self, url: &url::Url) -> Result<&reqwest::Client> {
        let (cell, tls) = if url.scheme() == "https" {
            (&self.tls, true)
        } else {
            (&self.plain, false)
        };
        if let Some(client) = cell.get() {
            return Ok(client);
        }
        let client = self.build(tls)?;
        Ok(cell.get_or_init(|| client))
    }

    fn build(&self, tls: bool) -> Result<reqwest::Client> {
        let opts = &self.opts;
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(opts.timeout)
            .connect_timeout(opts.timeout)
            // A pooled connection is reused only right after the last request. The runtime runs only while
            // a request is in flight, so a server's keep-alive close during a pause (the minutes a login
            // waits for the browser; Node closes idle connections after 5 s, gunicorn after 2 s) is not
            // seen until the next request is written to the dead connection and fails ("connection
            // closed before message completed"). Back-to-back requests (token, JWKS, userinfo) still
            // share one connection and one TLS handshake.
            .pool_idle_timeout(POOL_IDLE)
            .user_agent(concat!("oauthctl/", env!("CARGO_PKG_VERSION")));
        // Plain http cannot carry a certificate; every https request presents it, to whichever endpoint
        // (a provider that did not ask for one ignores it).
        let client_cert = match opts.client_identity.as_ref().filter(|_| tls) {
            Some(id) => {
                if super::tls::readable_by_others(&id.key) {
                    stderr_line(format_args!(
                        "warning: the private key of --client-cert ({}) is readable by other users; chmod 600 it",
                        id.key.display()
                    ));
                }
                Some(super::tls::ClientCert::read(id)?)
            }
            None => None,
        };
        if !tls {
            builder = builder.tls_certs_only(Vec::new());
        } else if let (Some(path), false) = (&opts.ca_cert, opts.insecure) {
            builder = builder
                .tls_backend_preconfigured(super::tls::client_config(path, client_cert.as_ref())?);
        } else {
            if opts.insecure {
                builder = builder.tls_danger_accept_invalid_certs(true);
            }
            if let Some(cert) = &client_cert {
                builder = builder.identity(cert.identity()?);
            }
        }
        builder
            .build()
            .map_err(|e| Error::other(format!("cannot set up the HTTP client: {e}")))
    }

    /// Sends one request and reads at most [`MAX_RESPONSE_BYTES`] of its answer.
    pub async fn send(&self, req: &HttpRequest) -> Result<HttpResponse> {
        let client = self.client_for(&req.url)?;
        self.remember_request_secrets(req);
        self.trace_request(req);
        let started = Instant::now();
        let mut builder = match req.method {
            Method::Get => client.get(req.url.clone()),
            Method::Post => client.post(req.url.clone()),
        };
        for (name, value) in &req.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = req.body() {
            builder = builder.body(body);
        }
        let host = req.url.host_str().unwrap_or("?").to_string();
        let mut resp = builder.send().await.map_err(|e| network_error(&host, &e))?;
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let mut out = HttpResponse {
            status: resp.status().as_u16(),
            content_type: header(reqwest::header::CONTENT_TYPE),
            www_authenticate: header(reqwest::header::WWW_AUTHENTICATE),
            dpop_nonce: header(reqwest::header::HeaderName::from_static("dpop-nonce")),
            body: Vec::new(),
        };
        if resp
            .content_length()
            .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
        {
            return Err(too_big(&req.url));
        }
        let headers = resp.headers().clone();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if out.body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                        return Err(too_big(&req.url));
                    }
                    out.body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => return Err(network_error(&host, &e)),
                Err(_) => {
                    return Err(Error::other(format!(
                        "the response from {} was cut short (connection closed mid-body)",
                        req.url
                    )));
                }
            }
        }
        self.trace_response(&out, &headers, started.elapsed());
        Ok(out)
    }

    fn remember_request_secrets(&self, req: &HttpRequest) {
        let mut seen = self.seen_secrets.borrow_mut();
        // The login's preflight sends the authorize URL, and error pages echo its `state` back.
        for (name, value) in req.url.query_pairs() {
            if is_masked_query_param(&name) && !value.is_empty() {
                remember_with_encoded(&mut seen, &value);
            }
        }
        for (name, value) in req.form.iter().flatten() {
            if is_secret_field(name) && !value.is_empty() {
                remember_with_encoded(&mut seen, value);
            }
        }
        for (name, value) in &req.headers {
            if is_secret_header(name)
                && let Some((scheme, cred)) = value.split_once(' ')
            {
                seen.push(Zeroizing::new(cred.to_string()));
                // A provider may echo the client secret it got under Basic auth (in an error page, say):
                // the base64 blob alone would not catch it.
                if scheme.eq_ignore_ascii_case("basic")
                    && let Some(secret) = basic_secret(cred)
                {
                    remember_with_encoded(&mut seen, &secret);
                }
            }
        }
    }

    fn trace_request(&self, req: &HttpRequest) {
        if self.opts.verbose == 0 {
            return;
        }
        stderr_line(format_args!(
            "> {} {}",
            req.method.as_str(),
            mask_url(&req.url)
        ));
        if self.opts.verbose < 2 {
            return;
        }
        for (name, value) in &req.headers {
            stderr_line(format_args!("> {name}: {}", mask_header(name, value)));
        }
        if let Some(form) = &req.form {
            let mut ser = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in form {
                ser.append_pair(k, if is_secret_field(k) { "***" } else { v });
            }
            stderr_line(format_args!("> {}", ser.finish()));
        }
    }

    fn trace_response(
        &self,
        resp: &HttpResponse,
        headers: &reqwest::header::HeaderMap,
        took: Duration,
    ) {
        if self.opts.verbose == 0 {
            return;
        }
        stderr_line(format_args!(
            "< HTTP {} ({} bytes, {} ms)",
            resp.status,
            resp.body.len(),
            took.as_millis()
        ));
        if self.opts.verbose < 2 {
            return;
        }
        for (name, value) in headers {
            let value = value.to_str().unwrap_or("<binary>");
            stderr_line(format_args!(
                "< {name}: {}",
                self.scrub(&mask_header(name.as_str(), value))
            ));
        }
        let body = match serde_json::from_slice::<Value>(&resp.body) {
            Ok(mut json) => {
                self.collect_json_secrets(&json);
                mask_json(&mut json);
                json.to_string()
            }
            Err(_) => crate::error::sanitize(&String::from_utf8_lossy(&resp.body), 2000),
        };
        stderr_line(format_args!("< {}", self.scrub(&body)));
    }

    fn collect_json_secrets(&self, json: &Value) {
        if let Value::Object(map) = json {
            let mut seen = self.seen_secrets.borrow_mut();
            for (k, v) in map {
                if let (true, Some(s)) = (is_secret_field(k), v.as_str())
                    && !s.is_empty()
                {
                    seen.push(Zeroizing::new(s.to_string()));
                }
            }
        }
    }

    fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for secret in self.seen_secrets.borrow().iter() {
            if secret.len() >= 4 {
                out = out.replace(secret.as_str(), "***");
            }
        }
        out
    }
}

/// Remembers a secret both raw and form-urlencoded, the two forms a provider may echo it in.
fn remember_with_encoded(seen: &mut Vec<Zeroizing<String>>, secret: &str) {
    let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    seen.push(Zeroizing::new(encoded));
    seen.push(Zeroizing::new(secret.to_string()));
}

/// The client secret inside a Basic credential (RFC 6749 §2.3.1: base64 of `urlencode(id):urlencode(secret)`),
/// decoded back to the raw secret.
fn basic_secret(cred: &str) -> Option<Zeroizing<String>> {
    use base64::Engine;
    let pair = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(cred.trim())
            .ok()?,
    );
    let pair = std::str::from_utf8(&pair).ok()?;
    let (_, secret) = pair.split_once(':')?;
    let query = Zeroizing::new(format!("s={secret}"));
    let raw: String = url::form_urlencoded::parse(query.as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())?;
    (!raw.is_empty()).then(|| Zeroizing::new(raw))
}

/// One trace line on stderr. A closed stderr (a pipe whose reader is gone) is no reason to die, so write
/// errors are ignored, as everywhere else output is written.
fn stderr_line(line: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn too_big(url: &url::Url) -> Error {
    Error::other(format!(
        "the response from {url} exceeds the {} MiB cap; refusing to read it",
        MAX_RESPONSE_BYTES / (1024 * 1024)
    ))
}

fn network_error(host: &str, e: &reqwest::Error) -> Error {
    // The innermost cause names what went wrong (refused, DNS, which TLS check); reqwest's own text
    // does not, and none of these echo request bodies.
    let mut cause = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    let what = if e.is_timeout() {
        "timed out".to_string()
    } else {
        cause
    };
    Error::network(format!("request to {host} failed: {what}"))
        .with_hint("check the URL and the network; --timeout SECS allows slower providers, --ca-cert PATH a private CA")
}

fn mask_header(name: &str, value: &str) -> String {
    if !is_secret_header(name) {
        return value.to_string();
    }
    match value.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} ***"),
        None => "***".to_string(),
    }
}

fn mask_url(url: &url::Url) -> String {
    if url.query().is_none() {
        return url.to_string();
    }
    let mut masked = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if is_masked_query_param(&k) {
                "***".to_string()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    masked.query_pairs_mut().clear().extend_pairs(pairs);
    masked.to_string()
}

fn mask_json(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if is_secret_field(k) && v.is_string() {
                    *v = Value::String("***".into());
                } else {
                    mask_json(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_json),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-shot HTTP server on loopback: answers every request with `reply` and counts them.
    fn serve(reply: &'static str) -> (url::Url, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = seen.clone();
        std::thread::spawn(move || {
            for mut conn in listener.incoming().flatten().take(3) {
                let mut buf = [0u8; 4096];
                let _ = conn.read(&mut buf);
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let _ = conn.write_all(reply.replace("PORT", &port.to_string()).as_bytes());
            }
        });
        let url = url::Url::parse(&format!("http://127.0.0.1:{port}/token")).unwrap();
        (url, seen)
    }

    #[test]
    fn redirects_are_returned_never_followed() {
        let (url, seen) = serve(
            "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:PORT/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        let transport = Transport::new(HttpOptions {
            timeout: Duration::from_secs(5),
            ..Default::default()
        });
        let resp = transport
            .send(&HttpRequest::post_form(
                url,
                vec![("code".into(), "c".into())],
            ))
            .unwrap();
        assert_eq!(resp.status, 302);
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    /// `-vv` must mask a client secret that a provider echoes back raw or form-encoded, although under
    /// Basic auth the request itself only carried it base64'd.
    #[test]
    fn a_basic_client_secret_echoed_back_is_masked() {
        use crate::oauth::token::basic_authorization;
        use crate::oauth::types::{ClientId, ClientSecret};
        let client = HttpClient::new(&HttpOptions::default());
        let mut req = HttpRequest::post_form(
            url::Url::parse("http://127.0.0.1/token").unwrap(),
            vec![("grant_type".into(), "client_credentials".into())],
        );
        let secret = ClientSecret::new("s3cr:t w%rd");
        req.headers.push((
            "Authorization".into(),
            basic_authorization(&ClientId::new("c:id"), &secret),
        ));
        client.remember_request_secrets(&req);
        assert_eq!(
            client.scrub("invalid secret s3cr:t w%rd (sent as s3cr%3At+w%25rd)"),
            "invalid secret *** (sent as ***)"
        );
        // The client id is no secret and stays readable.
        assert_eq!(client.scrub("client c:id"), "client c:id");
    }

    #[test]
    fn a_form_secret_is_masked_raw_and_encoded() {
        let client = HttpClient::new(&HttpOptions::default());
        let req = HttpRequest::post_form(
            url::Url::parse("http://127.0.0.1/token").unwrap(),
            vec![("client_secret".into(), "p0st s3cret&".into())],
        );
        client.remember_request_secrets(&req);
        assert_eq!(client.scrub("p0st s3cret& p0st+s3cret%26"), "*** ***");
    }

    /// `-v` traces the preflight's GET of the authorize URL: its state, nonce and challenge stay out, in
    /// the request line and where an error page echoes them.
    #[test]
    fn the_login_binding_values_of_an_authorize_url_are_masked() {
        let url = url::Url::parse(
            "http://127.0.0.1/auth?client_id=c&state=st4te&nonce=n0nce&code_challenge=ch4ll&scope=openid",
        )
        .unwrap();
        assert_eq!(
            mask_url(&url),
            "http://127.0.0.1/auth?client_id=c&state=***&nonce=***&code_challenge=***&scope=openid"
        );
        let client = HttpClient::new(&HttpOptions::default());
        client.remember_request_secrets(&HttpRequest::get(url));
        assert_eq!(
            client.scrub("state: st4te, nonce n0nce, ch4ll"),
            "state: ***, nonce ***, ***"
        );
    }

    /// The preflight must not carry a provider's session cookie into anything else: the transport keeps
    /// no cookie jar (reqwest's `cookies` feature is off).
    #[test]
    fn cookies_are_not_kept() {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        let seen = requests.clone();
        std::thread::spawn(move || {
            for mut conn in listener.incoming().flatten().take(2) {
                let mut buf = [0u8; 4096];
                let n = conn.read(&mut buf).unwrap_or(0);
                seen.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&buf[..n]).into_owned());
                let _ = conn.write_all(
                    b"HTTP/1.1 200 OK\r\nSet-Cookie: session=abc; Path=/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            }
        });
        let transport = Transport::new(HttpOptions {
            timeout: Duration::from_secs(5),
            ..Default::default()
        });
        let url = url::Url::parse(&format!("http://127.0.0.1:{port}/auth")).unwrap();
        for _ in 0..2 {
            assert_eq!(
                transport
                    .send(&HttpRequest::get(url.clone()))
                    .unwrap()
                    .status,
                200
            );
        }
        let requests = requests.lock().unwrap();
        assert_eq!(requests.len(), 2);
        assert!(
            !requests[1].to_ascii_lowercase().contains("cookie"),
            "{}",
            requests[1]
        );
    }

    #[test]
    fn basic_secret_decoding() {
        assert_eq!(
            basic_secret("Y2lkOnNlYw==").as_deref().map(String::as_str),
            Some("sec")
        );
        assert!(basic_secret("!!!").is_none());
        assert!(basic_secret("bm9jb2xvbg==").is_none()); // "nocolon"
        assert!(basic_secret("Y2lkOg==").is_none()); // "cid:" (empty secret)
    }

    #[test]
    fn masks_credentials_in_headers_urls_and_json() {
        assert_eq!(mask_header("Authorization", "Basic abc"), "Basic ***");
        assert_eq!(
            mask_header("Accept", "application/json"),
            "application/json"
        );
        let url = url::Url::parse("http://127.0.0.1/x?token=abc&a=b").unwrap();
        assert_eq!(mask_url(&url), "http://127.0.0.1/x?token=***&a=b");
        let mut json: Value =
            serde_json::json!({"access_token":"a","nested":{"refresh_token":"r"},"sub":"alice"});
        mask_json(&mut json);
        assert_eq!(
            json.to_string(),
            r#"{"access_token":"***","nested":{"refresh_token":"***"},"sub":"alice"}"#
        );
    }
}
