// The person at the other device, for `oauthctl login --device` tests against oidc-provider.
// oauthctl's stderr is piped into this script's stdin: every line is echoed to stdout (so the test still
// sees what oauthctl printed), and once the verification URI and the user code have been shown, the
// script opens the URI, enters the code, confirms it, signs in on the devInteractions login page and
// grants consent, with plain HTTP and a small cookie jar. It reads stdin to its end, so oauthctl never
// writes into a closed pipe.
//
// Env:
//   DEVICE_LOGIN=<id>   account to sign in as (default "alice")
//   DEVICE_ABORT=1      abort at the confirmation page: the device code is denied (access_denied)
//   BROWSER_LOG=<file>  append one line per step (secrets redacted), as the test browsers do
// Exit 0 when the walk finished and stdin ended; exit 1 with a message on stderr on any failure.
// It refuses to contact anything that is not a loopback address; gives up after 30 s.

import { createInterface } from 'node:readline';
import { isLoopback, redact, step } from './browser_common.mjs';

const TIMEOUT_MS = 30_000;
const MAX_STEPS = 20;
const LOGIN = process.env.DEVICE_LOGIN || 'alice';
const ABORT = process.env.DEVICE_ABORT === '1';

process.stderr.on('error', () => {});
const say = (msg) => process.stderr.write(`[device] ${msg}\n`);

function fail(msg) {
  say(`FAILED: ${msg}`);
  step(`FAILED ${msg}`);
  process.exit(1);
}

// ---- cookie jar (one provider) and requests ---------------------------------

const jar = new Map();

async function request(method, url, form) {
  if (!isLoopback(url)) fail(`refusing to contact non-loopback URL ${redact(url.href)}`);
  step(`${method} ${redact(url.href)}`);
  const headers = { accept: 'text/html,*/*', 'user-agent': 'oauthctl-test-device' };
  if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let body;
  if (form) {
    body = new URLSearchParams(form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body, redirect: 'manual' });
  } catch (err) {
    fail(`${method} ${redact(url.href)}: ${err.cause?.message || err.message}`);
  }
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const eq = pair.indexOf('=');
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  const location = response.headers.get('location');
  step(`  -> ${response.status}${location ? ` location=${redact(new URL(location, url).href)}` : ''}`);
  return { status: response.status, location, text: await response.text() };
}

// ---- just enough HTML for oidc-provider's device and devInteractions pages ---

const decode = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attr(tag, name) {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return m ? decode(m[1] ?? m[2]) : undefined;
}

function forms(html) {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map((m) => {
    const fields = {};
    for (const input of m[2].matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(input[0], 'name');
      if (name !== undefined) fields[name] = attr(input[0], 'value') ?? '';
    }
    return { id: attr(`<form${m[1]}>`, 'id'), action: attr(`<form${m[1]}>`, 'action'), fields };
  });
}

// ---- the walk -----------------------------------------------------------------

async function walk(verificationUri, userCode) {
  let url = new URL(verificationUri);
  let method = 'GET';
  let form;
  let aborted = false;
  for (let i = 0; i < MAX_STEPS; i += 1) {
    const { status, location, text } = await request(method, url, form);
    if (status >= 300 && status < 400) {
      if (!location) fail(`HTTP ${status} without Location`);
      url = new URL(location, url);
      method = 'GET';
      form = undefined;
      continue;
    }
    if (status !== 200) fail(`HTTP ${status} from ${redact(url.href)}`);
    const found = forms(text);
    const input = found.find((f) => f.id === 'op.deviceInputForm');
    const confirm = found.find((f) => f.id === 'op.deviceConfirmForm');
    const login = found.find((f) => f.fields.prompt === 'login');
    const consent = found.find((f) => f.fields.prompt === 'consent');
    const chosen = input ?? confirm ?? login ?? consent;
    // After an abort the provider shows the code input page again: the walk is over.
    if (!chosen || aborted) {
      // The device flow's last page (success, or the aborted notice): nothing more to do.
      say(`done: ${/<h1>([^<]*)<\/h1>/.exec(text)?.[1] ?? 'a page without a form'}`);
      return;
    }
    method = 'POST';
    if (input) {
      say('device page: entering the code');
      form = { ...input.fields, user_code: userCode };
    } else if (confirm) {
      say(`confirmation page: ${ABORT ? 'aborting (DEVICE_ABORT=1)' : 'confirming'}`);
      form = ABORT ? { ...confirm.fields, abort: 'yes' } : { ...confirm.fields };
      aborted = ABORT;
    } else if (login) {
      say(`login page: signing in as ${LOGIN}`);
      form = { ...login.fields, login: LOGIN, password: 'any-password' };
    } else {
      say('consent page: granting');
      form = { ...consent.fields };
    }
    const { action } = chosen;
    url = new URL(action || url.href, url);
  }
  fail(`gave up after ${MAX_STEPS} steps`);
}

let uri;
let code;
let walking;
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  process.stdout.write(`${line}\n`);
  const open = /open (\S+) on any device/.exec(line);
  if (open) uri = open[1];
  else if (uri && code === undefined && /^ {2}\S+$/.test(line)) code = line.trim();
  if (uri && code && !walking) walking = walk(uri, code).catch((err) => fail(err?.stack || String(err)));
});
lines.on('close', async () => {
  if (!walking) fail('oauthctl showed no verification URI and user code');
  await walking;
  process.exit(0);
});
setTimeout(() => fail(`timed out after ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS).unref();
