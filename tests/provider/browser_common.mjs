// What the two test browsers share (browser.mjs, the scripted one, and chromium.mjs, the real one):
// the loopback-only rule, redaction of login secrets in what they print, and the BROWSER_LOG step log
// (device.mjs, the person at the other device of `login --device`, uses them too).
// One copy, so the two cannot drift apart on what counts as loopback or as a secret.

import { appendFileSync } from 'node:fs';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const REDACT = new Set(['code', 'state', 'code_challenge', 'code_verifier', 'nonce', 'access_token', 'id_token', 'refresh_token']);
const STEP_LOG = process.env.BROWSER_LOG || undefined;

// https is allowed too (trusting NODE_EXTRA_CA_CERTS), for providers served over TLS in the tests.
export const isLoopback = (url) => ['http:', 'https:'].includes(url.protocol) && LOOPBACK_HOSTS.has(url.hostname);

/** `url` with the values of login secrets replaced by REDACTED. */
export function redact(url) {
  try {
    const u = new URL(url);
    for (const key of [...u.searchParams.keys()]) {
      if (REDACT.has(key)) u.searchParams.set(key, 'REDACTED');
    }
    return u.href;
  } catch {
    return String(url);
  }
}

/** Appends one line to the BROWSER_LOG step log, when there is one. */
export function step(line) {
  if (!STEP_LOG) return;
  try {
    appendFileSync(STEP_LOG, `${new Date().toISOString()} ${line}\n`);
  } catch {
    // debugging aid only
  }
}
