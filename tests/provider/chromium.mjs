// A real browser for oauthctl's integration tests: headless Chromium, driven by
// playwright-core, clicks through oidc-provider's devInteractions login and
// consent pages and follows the redirect into oauthctl's loopback listener.
// oauthctl launches it as its browser: `node tests/provider/chromium.mjs <URL>`.
// Where browser.mjs imitates a browser over plain HTTP, this one is the real
// thing: cookies, redirects, form submission and the callback page load are
// Chromium's own.
//
// Env:
//   CHROMIUM=<path>     the Chromium binary (default: `chromium`, else
//                       `chromium-browser`, looked up on PATH)
//   BROWSER_LOGIN=<id>  account to log in as (default "alice")
//   BROWSER_LOG=<file>  append one line per step (secrets redacted)
// Exit 0 once Chromium has loaded oauthctl's callback page; exit 1 with a
// reason on stderr on any failure; gives up after 60 s.
//
// Everything stays on loopback, in two layers: route interception aborts any
// request for a non-loopback host (a navigation there fails the run), and a
// dead proxy catches what interception cannot see (redirect targets): Chromium
// always sends loopback traffic direct and everything else, unresolved, to the
// proxy, where it fails. The background flags keep Chromium from calling home
// (update checks, sync, field trials).

import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { isLoopback, redact, step } from './browser_common.mjs';

const TIMEOUT_MS = 60_000;
const MAX_PAGES = 10;
// Nothing listens on the discard port: whatever Chromium sends to this proxy fails.
const DEAD_PROXY = 'http://127.0.0.1:9';

const env = process.env;
const LOGIN = env.BROWSER_LOGIN || 'alice';

// We may run detached with stderr gone; never crash on that.
process.stderr.on('error', () => {});

const say = (msg) => process.stderr.write(`[chromium] ${msg}\n`);




// ---- finding Chromium ---------------------------------------------------------

function executable(name) {
  try {
    accessSync(name, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findChromium() {
  if (env.CHROMIUM) {
    if (!executable(env.CHROMIUM)) throw new Error(`CHROMIUM=${env.CHROMIUM} is not an executable file`);
    return env.CHROMIUM;
  }
  const dirs = (env.PATH || '').split(delimiter).filter(Boolean);
  for (const name of ['chromium', 'chromium-browser']) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (executable(candidate)) return candidate;
    }
  }
  throw new Error('no `chromium` on PATH: install it (Debian: apt-get install chromium) or set CHROMIUM=<path>');
}

// ---- the run -------------------------------------------------------------------

let context;
let profileDir;
let finished = false;

async function finish(code, msg) {
  if (finished) return;
  finished = true;
  if (code === 0) say(msg);
  else say(`FAILED: ${msg}`);
  step(code === 0 ? `OK ${msg}` : `FAILED ${msg}`);
  // Chromium must not outlive us; give closing a few seconds, then exit regardless.
  const closing = context ? context.close().catch(() => {}) : Promise.resolve();
  await Promise.race([closing, new Promise((r) => setTimeout(r, 5_000))]);
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  process.exit(code);
}

class Failure extends Error {}
const fail = (msg) => {
  throw new Failure(msg);
};

async function main() {
  const arg = process.argv[process.argv.length - 1];
  let start;
  try {
    start = new URL(arg);
  } catch {
    fail(`usage: node chromium.mjs <URL> (got ${JSON.stringify(arg)})`);
  }
  if (!isLoopback(start)) fail(`refusing to open non-loopback URL ${redact(start.href)}`);
  const providerHost = start.host;
  const isCallback = (u) => isLoopback(u) && u.host !== providerHost;

  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    fail('playwright-core is not installed: run `npm ci` in tests/provider');
  }
  let executablePath;
  try {
    executablePath = findChromium();
  } catch (err) {
    fail(err.message);
  }

  profileDir = mkdtempSync(join(tmpdir(), 'oauthctl-chromium-'));
  step(`launch ${executablePath}`);
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath,
      headless: true,
      chromiumSandbox: false,
      timeout: TIMEOUT_MS,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        `--proxy-server=${DEAD_PROXY}`,
      ],
    });
  } catch (err) {
    fail(`cannot start Chromium (${executablePath}): ${err.message.split('\n')[0]}`);
  }

  // Layer one: nothing but loopback leaves the browser. A non-loopback page is a failure; a
  // non-loopback subresource (oidc-provider's pages @import a web font) is only refused.
  let refusedNavigation;
  await context.route('**/*', (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (isLoopback(url) || url.protocol === 'data:') return route.continue();
    if (request.isNavigationRequest()) refusedNavigation ??= url.href;
    step(`refused ${request.isNavigationRequest() ? 'navigation' : 'request'} to ${redact(url.href)}`);
    return route.abort('blockedbyclient');
  });

  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  // Main-frame responses, redirects included, for the step log and the callback's status.
  let callbackStatus;
  page.on('request', (request) => {
    if (request.frame() !== page.mainFrame() || !request.isNavigationRequest()) return;
    step(`${request.method()} ${redact(request.url())}`);
    // A redirect to another host bypasses route interception; the dead proxy stops it, this names it.
    if (!isLoopback(new URL(request.url()))) refusedNavigation ??= request.url();
  });
  let lastFailure;
  page.on('requestfailed', (request) => {
    if (request.frame() !== page.mainFrame() || !request.isNavigationRequest()) return;
    lastFailure = `${redact(request.url())}: ${request.failure()?.errorText}`;
    step(`  -> failed ${lastFailure}`);
  });
  page.on('response', (response) => {
    const request = response.request();
    if (request.frame() !== page.mainFrame() || !request.isNavigationRequest()) return;
    step(`  -> ${response.status()}`);
    if (isCallback(new URL(response.url()))) callbackStatus = response.status();
  });

  // One page load at a time: the action (a click, the first goto) and the navigation it causes.
  const navigate = async (action) => {
    await Promise.all([page.waitForEvent('framenavigated', (f) => f === page.mainFrame()), action()]);
    await page.waitForLoadState('load');
  };

  await navigate(() => page.goto(start.href).catch(() => {}));
  for (let i = 0; i < MAX_PAGES; i += 1) {
    if (refusedNavigation) fail(`refused to navigate to non-loopback URL ${redact(refusedNavigation)}`);
    const here = new URL(page.url());
    if (isCallback(here)) {
      if (callbackStatus === undefined) fail(`the callback ${redact(here.href)} did not load`);
      return finish(0, `callback ${redact(here.href)} -> HTTP ${callbackStatus} "${await page.title()}"`);
    }
    if (here.protocol === 'chrome-error:') fail(`page load failed: ${lastFailure ?? 'no reason given'}`);
    if (!isLoopback(here)) fail(`unexpected page ${redact(here.href)}`);

    const login = page.locator('form:has(input[name="prompt"][value="login"])');
    const consent = page.locator('form:has(input[name="prompt"][value="consent"])');
    if (await login.count()) {
      say(`login page: signing in as ${LOGIN}`);
      await login.locator('input[name="login"]').fill(LOGIN);
      await login.locator('input[name="password"]').fill('any-password');
      await navigate(() => login.locator('button[type="submit"]').click());
    } else if (await consent.count()) {
      say('consent page: granting');
      await navigate(() => consent.locator('button[type="submit"]').click());
    } else {
      // A script may be navigating away; let it, so that a refused navigation is reported as such.
      await page.waitForLoadState('networkidle').catch(() => {});
      if (refusedNavigation) continue;
      const text = (await page.locator('body').innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
      fail(`unexpected page at ${redact(here.href)}: ${text.slice(0, 500)}`);
    }
  }
  fail(`gave up after ${MAX_PAGES} pages`);
}

setTimeout(() => finish(1, `timed out after ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS).unref();
main().catch((err) => finish(1, err instanceof Failure ? err.message : (err?.stack || String(err))));
