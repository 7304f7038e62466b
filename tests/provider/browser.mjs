// A scripted stand-in for a web browser, for oauthctl's integration tests.
// oauthctl launches it as its "browser": `node tests/provider/browser.mjs <URL>`.
// It walks oidc-provider's devInteractions login and consent pages with plain
// HTTP + a tiny cookie jar, then delivers the authorization response to the
// client's loopback callback. Node built-ins only. It uses node:http rather
// than fetch so that, like a real browser, "localhost" tries both 127.0.0.1
// and ::1 (whatever /etc/hosts says) while still sending Host: localhost:PORT.
//
// Env:
//   BROWSER_LOGIN=<id>        account to log in as (default "alice")
//   BROWSER_DENY=1            cancel at the consent page -> error=access_denied
//   BROWSER_TAMPER_STATE=1    replace `state` in the callback URL with "tampered"
//   BROWSER_NO_CALLBACK=1     stop (exit 0) without requesting the callback
//   BROWSER_CALLBACK_TO=<file> do not request the callback: write its full URL (one line) to <file>
//                             ("-" for stdout), as a person on another machine copies the address
//                             the browser ends on to paste it into `oauthctl login`
//   BROWSER_LOG=<file>        append one line per step (secrets redacted)
// Exit 0 once the callback was requested (whatever its status) or skipped;
// exit 1 with a message on stderr on any failure; gives up after 30 s.
// It refuses to contact anything that is not a loopback address.

import { lookup as dnsLookup } from 'node:dns';
import { renameSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isLoopback, redact, step } from './browser_common.mjs';

const TIMEOUT_MS = 30_000;
const MAX_STEPS = 30;

const env = process.env;
const LOGIN = env.BROWSER_LOGIN || 'alice';
const DENY = env.BROWSER_DENY === '1';
const TAMPER_STATE = env.BROWSER_TAMPER_STATE === '1';
const NO_CALLBACK = env.BROWSER_NO_CALLBACK === '1';
const CALLBACK_TO = env.BROWSER_CALLBACK_TO || undefined;

// We may run detached with stderr gone; never crash on that.
process.stderr.on('error', () => {});

const say = (msg) => process.stderr.write(`[browser] ${msg}\n`);

function fail(msg) {
  say(`FAILED: ${msg}`);
  step(`FAILED ${msg}`);
  process.exit(1);
}




// ---- cookie jar: host:port -> name -> { value, path } ----------------------

const jar = new Map();

function storeCookies(url, response) {
  const key = url.host;
  if (!jar.has(key)) jar.set(key, new Map());
  const cookies = jar.get(key);
  for (const header of response.setCookies) {
    const [pair, ...attrs] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let path = '/';
    let expired = value === '';
    for (const attr of attrs) {
      const [k, v = ''] = attr.split('=');
      const attrName = k.trim().toLowerCase();
      if (attrName === 'path' && v.trim().startsWith('/')) path = v.trim();
      if (attrName === 'max-age' && Number(v) <= 0) expired = true;
      if (attrName === 'expires' && Date.parse(v) <= Date.now()) expired = true;
    }
    const id = `${name};${path}`;
    if (expired) cookies.delete(id);
    else cookies.set(id, { name, value, path });
  }
}

function cookieHeader(url) {
  const cookies = jar.get(url.host);
  if (!cookies) return undefined;
  const matching = [...cookies.values()]
    .filter(({ path }) => url.pathname === path
      || url.pathname.startsWith(path.endsWith('/') ? path : `${path}/`))
    .sort((a, b) => b.path.length - a.path.length)
    .map(({ name, value }) => `${name}=${value}`);
  return matching.length ? matching.join('; ') : undefined;
}

// ---- HTTP -------------------------------------------------------------------

// "localhost" is loopback on both families, as in browsers; with Node's default
// autoSelectFamily the connection falls through to the address that answers.
function loopbackLookup(hostname, options, callback) {
  if (hostname !== 'localhost') return dnsLookup(hostname, options, callback);
  const all = [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }];
  if (options?.all) return callback(null, all);
  return callback(null, all[0].address, all[0].family);
}

// One request, redirects not followed. Resolves to { status, location, setCookies, text }.
function send(method, url, headers, body) {
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request({
      method,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: { host: url.host, ...headers },
      lookup: loopbackLookup,
      autoSelectFamily: true,
      timeout: TIMEOUT_MS,
    }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({
        status: res.statusCode,
        location: res.headers.location,
        setCookies: res.headers['set-cookie'] ?? [],
        text: Buffer.concat(chunks).toString('utf8'),
      }));
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

async function request(method, url, form) {
  if (!isLoopback(url)) fail(`refusing to contact non-loopback URL ${redact(url.href)}`);
  step(`${method} ${redact(url.href)}`);
  const headers = { accept: 'text/html,*/*', 'user-agent': 'oauthctl-test-browser' };
  const cookie = cookieHeader(url);
  if (cookie) headers.cookie = cookie;
  let body;
  if (form) {
    body = new URLSearchParams(form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = Buffer.byteLength(body);
  }
  let response;
  try {
    response = await send(method, url, headers, body);
  } catch (err) {
    const why = err.errors?.map((e) => e.message).join('; ') || err.message || err.code;
    fail(`${method} ${redact(url.href)}: ${why}`);
  }
  storeCookies(url, response);
  const { location } = response;
  step(`  -> ${response.status}${location ? ` location=${redact(new URL(location, url).href)}` : ''}`);
  return { response, text: response.text };
}

// ---- HTML scraping (just enough for oidc-provider's dev views) -------------

const decodeEntities = (s) => s
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attr(tag, name) {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3]) : undefined;
}

function parseForms(html) {
  const forms = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const open = `<form${m[1]}>`;
    const fields = {};
    for (const input of m[2].matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(input[0], 'name');
      if (name !== undefined) fields[name] = attr(input[0], 'value') ?? '';
    }
    forms.push({ action: attr(open, 'action'), method: (attr(open, 'method') || 'get').toUpperCase(), fields });
  }
  return forms;
}

function findLink(html, pattern) {
  for (const m of html.matchAll(/<a\b[^>]*>/gi)) {
    const href = attr(m[0], 'href');
    if (href && pattern.test(href)) return href;
  }
  return undefined;
}

// oidc-provider's error page lists "error: x", "error_description: y" in <pre>s.
function pageError(html) {
  const pres = [...html.matchAll(/<pre\b[^>]*>([\s\S]*?)<\/pre>/gi)].map((m) => m[1]);
  const body = /<body\b[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const text = (pres.length ? pres.join('; ') : body)
    .replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  return decodeEntities(text).slice(0, 500);
}

// ---- the walk ---------------------------------------------------------------

async function deliverCallback(url, method = 'GET', form = undefined) {
  if (TAMPER_STATE) {
    if (form && 'state' in form) form.state = 'tampered';
    else url.searchParams.set('state', 'tampered');
  }
  if (NO_CALLBACK) {
    say(`not requesting callback ${redact(url.href)} (BROWSER_NO_CALLBACK=1)`);
    step('callback skipped');
    process.exit(0);
  }
  if (CALLBACK_TO) {
    if (method !== 'GET') fail(`BROWSER_CALLBACK_TO needs a GET callback, not ${method}`);
    if (CALLBACK_TO === '-') {
      process.stdout.write(`${url.href}\n`);
    } else {
      // Written whole, then renamed: a reader polling for the file never sees half a URL.
      writeFileSync(`${CALLBACK_TO}.part`, `${url.href}\n`);
      renameSync(`${CALLBACK_TO}.part`, CALLBACK_TO);
    }
    say(`callback ${redact(url.href)} handed over, not requested (BROWSER_CALLBACK_TO)`);
    step('callback handed over');
    process.exit(0);
  }
  const { response } = await request(method, url, form);
  say(`callback ${redact(url.href)} -> HTTP ${response.status}`);
  process.exit(0);
}

async function main() {
  const arg = process.argv[process.argv.length - 1];
  let url;
  try {
    url = new URL(arg);
  } catch {
    fail(`usage: node browser.mjs <URL> (got ${JSON.stringify(arg)})`);
  }
  const providerHost = url.host;
  const isCallback = (u) => isLoopback(u) && u.host !== providerHost;

  let method = 'GET';
  let form;
  let denied = false;
  for (let i = 0; i < MAX_STEPS; i += 1) {
    if (isCallback(url)) return deliverCallback(url, method, form);

    const { response, text } = await request(method, url, form);
    const { status } = response;

    if (status >= 300 && status < 400) {
      const { location } = response;
      if (!location) fail(`HTTP ${status} without Location from ${redact(url.href)}`);
      url = new URL(location, url);
      method = 'GET';
      form = undefined;
      continue;
    }
    if (status !== 200) {
      fail(`HTTP ${status} from ${redact(url.href)}: ${pageError(text)}`);
    }

    const forms = parseForms(text);
    const login = forms.find((f) => f.fields.prompt === 'login');
    const consent = forms.find((f) => f.fields.prompt === 'consent');
    // response_mode=form_post: an auto-submitting form aimed at the callback.
    const post = forms.find((f) => f.action && isCallback(new URL(f.action, url)));

    if (login) {
      say(`login page: signing in as ${LOGIN}`);
      url = new URL(login.action || url.href, url);
      method = 'POST';
      form = { ...login.fields, prompt: 'login', login: LOGIN, password: 'any-password' };
    } else if (consent && DENY) {
      const abort = findLink(text, /\/abort(?:$|[?#])/);
      if (!abort) fail('consent page has no abort link');
      say('consent page: cancelling (BROWSER_DENY=1)');
      denied = true;
      url = new URL(abort, url);
      method = 'GET';
      form = undefined;
    } else if (consent) {
      say('consent page: granting');
      url = new URL(consent.action || url.href, url);
      method = 'POST';
      form = { ...consent.fields, prompt: 'consent' };
    } else if (post) {
      url = new URL(post.action, url);
      method = post.method;
      form = { ...post.fields };
    } else {
      fail(`unexpected page at ${redact(url.href)}${denied ? ' after cancelling' : ''}: ${pageError(text)}`);
    }
  }
  fail(`gave up after ${MAX_STEPS} steps`);
}

setTimeout(() => fail(`timed out after ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS).unref();
main().catch((err) => fail(err?.stack || String(err)));
