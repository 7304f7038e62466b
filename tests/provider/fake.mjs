#!/usr/bin/env node
// fake.mjs — a hand-written fake OAuth 2.0 / OpenID Connect authorization
// server for oauthctl's integration tests.
//
// Why it exists: real providers disagree with the RFCs and with each other
// (HTTP Basic vs. body credentials, token errors at HTTP 404, "bearer" in
// lowercase, "expires_in":"3600", "id_token":"", rotating refresh tokens, no
// discovery), and a well-behaved server never produces the faults a client
// must survive (forged / alg=none / key-confusion ID tokens, truncated, huge
// or non-JSON bodies, hangs). This server reproduces each one on demand, on
// 127.0.0.1 only, with Node built-ins only (no npm install in CI).
//
// Harness protocol: `node tests/provider/fake.mjs` listens on 127.0.0.1:0 and
// prints exactly one stdout line: {"base":"http://127.0.0.1:PORT","port":PORT}.
// Diagnostics go to stderr. It exits when stdin closes or on SIGTERM.
// Unknown config keys or bad enum values make it exit 2 (catches test typos).
//
// Config: env FAKE_CONFIG = JSON object, every key optional.
//   key                  default        meaning
//   client_id            "fake-client"  the one registered client
//   client_secret        "fake-secret"
//   auth                 "basic"        basic | post | none: the ONLY client auth /token accepts
//   error_status         400            HTTP status of every OAuth error JSON from /token
//   token_type           "Bearer"       emitted verbatim
//   expires_in           3600           emitted verbatim (number or string); null = omit
//   access_ttl           = expires_in   seconds, enforced by /userinfo; null = never expires
//   refresh              true           issue a refresh token with the code grant
//   rotate_refresh       false          each refresh returns a new RT and kills the old one
//   discovery            false          serve /.well-known/{openid-configuration,oauth-authorization-server}
//   discovery_issuer     base           "issuer" in metadata (and "iss" in ID tokens)
//   iss_param            "none"         none | correct | wrong: RFC 9207 iss on the redirect
//   iss_supported        false          authorization_response_iss_parameter_supported
//   authorize_error      null           e.g. "access_denied": /authorize redirects with that error
//   id_token             "auto"         auto | empty | none | forged | alg_none | hs256 | wrong_aud |
//                                       wrong_iss | expired | wrong_nonce | unknown_kid | es256 | eddsa
//   id_token_on_refresh  false          also put an ID token (no nonce) in refresh responses
//   token_body           null           html | garbage | huge | slow | missing_access_token |
//                                       unknown_token_type | invalid_utf8 | truncated | error_200 | empty
//   userinfo_sub         "alice"        sub returned by /userinfo
//   userinfo_status      null           force this HTTP status on /userinfo
//   device_polls         []             RFC 8628: the OAuth errors the device code's polls get, in
//                                       order (authorization_pending, slow_down, access_denied…);
//                                       once used up, the tokens
//   device_interval      null           `interval` of the device authorization answer; null = omit
//   device_expires_in    600            `expires_in` of the device authorization answer
//   revoke_error         null           refresh_token | access_token: /revoke answers 400
//                                       unsupported_token_type for that token_type_hint (forgets nothing)
//   rfc8414_only_secret_endpoints false the OIDC discovery document leaves out revocation_endpoint and
//                                       introspection_endpoint; only the RFC 8414 one lists them
//   metadata_flaw        null           a LINT_CASES name: the login metadata gets that one flaw
//                                       (for `smoke`'s discovery check; the login still works)
//   introspect_active    true           false: /introspect calls every token inactive
//   jarm                 "valid"        valid | forged | wrong_iss | wrong_aud | expired: how a
//                                       response_mode=jwt (or query.jwt) redirect's single `response`
//                                       JWT is made (forged: signed by a key not in the JWKS)
//
// Endpoints: GET /authorize, POST /token, GET|POST /userinfo, GET /jwks,
// POST /revoke, POST /introspect, POST /device_authorization (RFC 8628),
// GET /_log (every request except /_log, each with `at`, its time in ms),
// GET /.well-known/* when discovery is on, GET /lint/<case>/... (metadata
// with one flaw each for `discover`, see LINT_CASES). Anything else: 404.

import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { URL, URLSearchParams } from 'node:url';

// ---------------------------------------------------------------- config

const DEFAULTS = {
  client_id: 'fake-client',
  client_secret: 'fake-secret',
  auth: 'basic',
  error_status: 400,
  token_type: 'Bearer',
  expires_in: 3600,
  access_ttl: undefined,
  refresh: true,
  rotate_refresh: false,
  discovery: false,
  discovery_issuer: undefined,
  iss_param: 'none',
  iss_supported: false,
  authorize_error: null,
  id_token: 'auto',
  id_token_on_refresh: false,
  token_body: null,
  userinfo_sub: 'alice',
  userinfo_status: null,
  device_polls: [],
  device_interval: null,
  device_expires_in: 600,
  revoke_error: null,
  rfc8414_only_secret_endpoints: false,
  metadata_flaw: null,
  introspect_active: true,
  jarm: 'valid',
};

const ENUMS = {
  auth: ['basic', 'post', 'none'],
  iss_param: ['none', 'correct', 'wrong'],
  id_token: ['auto', 'empty', 'none', 'forged', 'alg_none', 'hs256', 'wrong_aud', 'wrong_iss',
    'expired', 'wrong_nonce', 'unknown_kid', 'es256', 'eddsa'],
  revoke_error: [null, 'refresh_token', 'access_token'],
  jarm: ['valid', 'forged', 'wrong_iss', 'wrong_aud', 'expired'],
  token_body: [null, 'html', 'garbage', 'huge', 'slow', 'missing_access_token',
    'unknown_token_type', 'invalid_utf8', 'truncated', 'error_200', 'empty'],
};

function die(message) {
  process.stderr.write(`fake: ${message}\n`);
  process.exit(2);
}

function loadConfig() {
  let given = {};
  try {
    given = JSON.parse(process.env.FAKE_CONFIG || '{}');
  } catch (e) {
    die(`FAKE_CONFIG is not JSON: ${e.message}`);
  }
  if (given === null || typeof given !== 'object' || Array.isArray(given)) die('FAKE_CONFIG must be a JSON object');
  for (const key of Object.keys(given)) if (!(key in DEFAULTS)) die(`unknown FAKE_CONFIG key "${key}"`);
  const cfg = { ...DEFAULTS, ...given };
  for (const [key, allowed] of Object.entries(ENUMS)) {
    if (!allowed.includes(cfg[key])) die(`FAKE_CONFIG.${key} must be one of ${JSON.stringify(allowed)}`);
  }
  // Seconds the access token really lives; a string expires_in still counts.
  const ttl = cfg.access_ttl === undefined ? cfg.expires_in : cfg.access_ttl;
  cfg.ttlSeconds = ttl === null || ttl === undefined || !Number.isFinite(Number(ttl)) ? null : Number(ttl);
  return cfg;
}

const cfg = loadConfig();
let base = ''; // http://127.0.0.1:PORT, set once listening
const issuer = () => cfg.discovery_issuer ?? base;

// ---------------------------------------------------------------- keys & JWT

function keyPair(type, options = {}) {
  return crypto.generateKeyPairSync(type, options);
}

const KEYS = {
  rsa: keyPair('rsa', { modulusLength: 2048 }),
  forged: keyPair('rsa', { modulusLength: 2048 }), // NOT in the JWKS
  ec: keyPair('ec', { namedCurve: 'P-256' }),
  ed: keyPair('ed25519'),
};
// The "classic" HS256 key-confusion secret: the RSA public key as SPKI PEM text.
const RSA_PUBLIC_PEM = KEYS.rsa.publicKey.export({ type: 'spki', format: 'pem' });

const jwk = (publicKey, kid, alg) => ({ ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' });
const JWKS = {
  keys: [
    jwk(KEYS.rsa.publicKey, 'rsa1', 'RS256'),
    jwk(KEYS.ec.publicKey, 'ec1', 'ES256'),
    jwk(KEYS.ed.publicKey, 'ed1', 'EdDSA'),
  ],
};

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const b64json = (obj) => b64url(JSON.stringify(obj));
const sha256 = (data) => crypto.createHash('sha256').update(data).digest();

const SIGNERS = {
  RS256: (input, key) => crypto.sign('sha256', input, key),
  ES256: (input, key) => crypto.sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }),
  EdDSA: (input, key) => crypto.sign(null, input, key),
  HS256: (input, secret) => crypto.createHmac('sha256', secret).update(input).digest(),
  none: () => Buffer.alloc(0),
};

function jwt(header, claims, key) {
  const input = `${b64json({ ...header, typ: 'JWT' })}.${b64json(claims)}`;
  return `${input}.${b64url(SIGNERS[header.alg](Buffer.from(input), key))}`;
}

// Left half of SHA-256 of the access token (OIDC Core §3.1.3.6, SHA-256 algs).
const atHash = (accessToken) => b64url(sha256(accessToken).subarray(0, 16));

// One builder per id_token mode; `c` holds valid claims (with at_hash).
const ID_TOKEN_BUILDERS = {
  auto: (c) => jwt({ alg: 'RS256', kid: 'rsa1' }, c, KEYS.rsa.privateKey),
  forged: (c) => jwt({ alg: 'RS256', kid: 'rsa1' }, c, KEYS.forged.privateKey),
  alg_none: (c) => jwt({ alg: 'none' }, c),
  hs256: (c) => jwt({ alg: 'HS256', kid: 'rsa1' }, c, RSA_PUBLIC_PEM),
  wrong_aud: (c) => ID_TOKEN_BUILDERS.auto({ ...c, aud: 'some-other-client' }),
  wrong_iss: (c) => ID_TOKEN_BUILDERS.auto({ ...c, iss: 'http://evil.example' }),
  expired: (c) => ID_TOKEN_BUILDERS.auto({ ...c, iat: c.iat - 7200, exp: c.iat - 3600 }),
  wrong_nonce: (c) => ID_TOKEN_BUILDERS.auto({ ...c, nonce: 'not-the-nonce-you-sent' }),
  // Signed with the real rsa1 key so that only the kid is wrong.
  unknown_kid: (c) => jwt({ alg: 'RS256', kid: 'rsa-unknown' }, c, KEYS.rsa.privateKey),
  es256: (c) => jwt({ alg: 'ES256', kid: 'ec1' }, c, KEYS.ec.privateKey),
  // Ed25519's OIDC hash would be SHA-512; at_hash is optional, so leave it out.
  eddsa: ({ at_hash, ...c }) => jwt({ alg: 'EdDSA', kid: 'ed1' }, c, KEYS.ed.privateKey),
};

// Returns the id_token value to emit, or undefined for "no id_token member".
// "auto" emits only when openid was requested; any explicit mode always emits.
function idTokenFor({ scope, nonce, accessToken }) {
  const mode = cfg.id_token;
  if (mode === 'none') return undefined;
  if (mode === 'empty') return '';
  if (mode === 'auto' && !scopeList(scope).includes('openid')) return undefined;
  const iat = Math.floor(Date.now() / 1000);
  const claims = { iss: issuer(), sub: 'alice', aud: cfg.client_id, exp: iat + 3600, iat };
  if (nonce !== undefined && nonce !== null) claims.nonce = nonce;
  claims.at_hash = atHash(accessToken);
  return ID_TOKEN_BUILDERS[mode](claims);
}

// ---------------------------------------------------------------- state

const codes = new Map(); // code -> { redirect_uri, code_challenge, code_challenge_method, nonce, scope, expires, used, issued }
const accessTokens = new Map(); // token -> { scope, iat, exp (ms or null) }
const refreshTokens = new Map(); // token -> { scope }
const retiredRefreshTokens = new Set(); // rotated away; reuse -> invalid_grant
const requestLog = [];
const heldSockets = new Set(); // token_body "slow"

const CODE_TTL_MS = 10 * 60 * 1000;
const newToken = (prefix) => `${prefix}-${crypto.randomBytes(24).toString('base64url')}`;
const scopeList = (scope) => (scope ? scope.split(' ').filter(Boolean) : []);
const nowSeconds = () => Math.floor(Date.now() / 1000);

function newAccessToken(scope) {
  const token = newToken('at');
  const exp = cfg.ttlSeconds === null ? null : Date.now() + cfg.ttlSeconds * 1000;
  accessTokens.set(token, { scope, iat: nowSeconds(), exp });
  return token;
}

function newRefreshToken(scope) {
  const token = newToken('rt');
  refreshTokens.set(token, { scope });
  return token;
}

function liveAccessToken(token) {
  const rec = token ? accessTokens.get(token) : undefined;
  return rec && (rec.exp === null || Date.now() < rec.exp) ? rec : undefined;
}

function forgetToken(token) {
  accessTokens.delete(token);
  refreshTokens.delete(token);
}

// ---------------------------------------------------------------- HTTP helpers

function send(res, status, contentType, body, headers = {}) {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': payload.length, ...headers });
  res.end(payload);
}

function sendJson(res, status, obj, headers = {}) {
  send(res, status, 'application/json', JSON.stringify(obj), { 'Cache-Control': 'no-store', ...headers });
}

function htmlPage(res, status, message) {
  const escaped = message.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  send(res, status, 'text/html; charset=utf-8',
    `<!DOCTYPE html>\n<html><head><title>Error</title></head><body><h1>${status}</h1><p>${escaped}</p></body></html>\n`);
}

function methodNotAllowed(res, allowed) {
  send(res, 405, 'text/plain', 'method not allowed\n', { Allow: allowed });
}

function oauthError(res, status, error, description, headers = {}) {
  process.stderr.write(`fake: ${error}: ${description}\n`);
  sendJson(res, status, { error, error_description: description }, { Pragma: 'no-cache', ...headers });
}

function firstDuplicate(params) {
  const seen = new Set();
  for (const key of params.keys()) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return null;
}

function queryObject(params) {
  const out = Object.create(null);
  for (const [k, v] of params) out[k] = k in out ? [].concat(out[k], v) : v;
  return out;
}

// Parses an application/x-www-form-urlencoded body; { params } or { error }.
function parseForm(req, body) {
  const type = (req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return { error: 'Content-Type must be application/x-www-form-urlencoded' };
  if (/%(?![0-9A-Fa-f]{2})/.test(body)) return { error: 'malformed percent-encoding in body' };
  const params = new URLSearchParams(body);
  const dup = firstDuplicate(params);
  return dup ? { error: `parameter "${dup}" included more than once` } : { params };
}

// ---------------------------------------------------------------- client authentication

// application/x-www-form-urlencoded output alphabet (plus RFC 3986 unreserved
// and the characters encodeURIComponent leaves alone). A raw ":" or non-ASCII
// byte in either half means the client skipped the RFC 6749 §2.3.1 encoding.
const FORM_ENCODED = /^[A-Za-z0-9\-._~*+%!'()]*$/;
const formDecode = (s) => decodeURIComponent(s.replace(/\+/g, ' '));

// Decodes `Authorization: Basic ...` per RFC 6749 §2.3.1; { id, secret } or { error }.
function parseBasic(header) {
  const m = /^basic +([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  if (!m || m[1].length % 4 !== 0) return { error: 'malformed HTTP Basic credentials' };
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { error: 'HTTP Basic credentials lack the ":" separator' };
  const parts = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  if (!parts.every((p) => FORM_ENCODED.test(p))) {
    return { error: 'client_id and client_secret must each be form-urlencoded before base64 (RFC 6749 §2.3.1)' };
  }
  try {
    return { id: formDecode(parts[0]), secret: formDecode(parts[1]) };
  } catch {
    return { error: 'malformed percent-encoding in HTTP Basic credentials' };
  }
}

function checkBasic(header, params) {
  if (!header || !/^basic\s/i.test(header)) return 'client authentication required: HTTP Basic (client_secret_basic)';
  if (params.has('client_secret')) return 'client_secret in the body is not accepted; use HTTP Basic only';
  const creds = parseBasic(header);
  if (creds.error) return creds.error;
  if (creds.id !== cfg.client_id || creds.secret !== cfg.client_secret) return 'bad client credentials';
  if (params.has('client_id') && params.get('client_id') !== creds.id) return 'client_id in body differs from HTTP Basic';
  return null;
}

function checkPost(header, params) {
  if (header) return 'Authorization header not accepted; send client_id and client_secret in the body (client_secret_post)';
  if (!params.has('client_id') || !params.has('client_secret')) return 'client_id and client_secret required in the body';
  if (params.get('client_id') !== cfg.client_id || params.get('client_secret') !== cfg.client_secret) return 'bad client credentials';
  return null;
}

function checkNone(header, params) {
  if (header) return 'public client: no Authorization header allowed';
  if (params.has('client_secret')) return 'public client: client_secret not allowed';
  if (params.get('client_id') !== cfg.client_id) return 'client_id missing or unknown';
  return null;
}

const AUTH_CHECKS = { basic: checkBasic, post: checkPost, none: checkNone };
const AUTH_METHOD_NAMES = { basic: 'client_secret_basic', post: 'client_secret_post', none: 'none' };

// Returns an error description, or null when the client authenticated as configured.
const clientAuthError = (req, params) => AUTH_CHECKS[cfg.auth](req.headers.authorization, params);
const basicChallenge = () => (cfg.auth === 'basic' ? { 'WWW-Authenticate': 'Basic realm="fake"' } : {});

// ---------------------------------------------------------------- /authorize

function redirectTo(res, redirectUri, params) {
  const defined = Object.entries(params).filter(([, v]) => v !== undefined && v !== null);
  const query = new URLSearchParams(defined).toString();
  const sep = !redirectUri.includes('?') ? '?' : /[?&]$/.test(redirectUri) ? '' : '&';
  res.writeHead(302, { Location: redirectUri + sep + query, 'Cache-Control': 'no-store', 'Content-Length': 0 });
  res.end();
}

const ISS_PARAM = { none: () => undefined, correct: () => base, wrong: () => 'http://evil.example' };

// Problems that must not be sent back to an unverified redirect_uri.
function authorizePageError(q) {
  const dup = firstDuplicate(q);
  if (dup) return `parameter "${dup}" included more than once`;
  const uri = q.get('redirect_uri');
  if (!uri) return 'missing redirect_uri';
  if (!URL.canParse(uri) || uri.includes('#')) return 'redirect_uri must be an absolute URI without fragment';
  if (q.get('client_id') !== cfg.client_id) return 'missing or unknown client_id';
  return null;
}

// Problems reported back to the client through the redirect; { error, error_description } or null.
function authorizeRedirectError(q) {
  if (cfg.authorize_error) return { error: cfg.authorize_error, error_description: 'User denied' };
  if (q.get('response_type') !== 'code') return { error: 'unsupported_response_type', error_description: 'only response_type=code' };
  const challenge = q.get('code_challenge');
  const method = q.get('code_challenge_method');
  if (method !== null && !challenge) return { error: 'invalid_request', error_description: 'code_challenge_method without code_challenge' };
  if (method !== null && !['S256', 'plain'].includes(method)) {
    return { error: 'invalid_request', error_description: 'code_challenge_method must be S256 or plain' };
  }
  return null;
}

// JARM: the redirect's parameters as one JWT (as oidc-provider makes it: iss, aud, exp, no iat), with
// the fault of cfg.jarm.
const JARM_BUILDERS = {
  valid: (c) => jwt({ alg: 'RS256', kid: 'rsa1' }, c, KEYS.rsa.privateKey),
  forged: (c) => jwt({ alg: 'RS256', kid: 'rsa1' }, c, KEYS.forged.privateKey),
  wrong_iss: (c) => JARM_BUILDERS.valid({ ...c, iss: 'http://evil.example' }),
  wrong_aud: (c) => JARM_BUILDERS.valid({ ...c, aud: 'some-other-client' }),
  expired: (c) => JARM_BUILDERS.valid({ ...c, exp: c.exp - 3600 }),
};

function jarmParams(q, params) {
  if (!['jwt', 'query.jwt'].includes(q.get('response_mode'))) return params;
  const defined = Object.fromEntries(Object.entries(params).filter(([k, v]) => v !== undefined && v !== null && k !== 'iss'));
  const claims = { ...defined, iss: issuer(), aud: cfg.client_id, exp: Math.floor(Date.now() / 1000) + 120 };
  return { response: JARM_BUILDERS[cfg.jarm](claims) };
}

function handleAuthorize(req, res, url) {
  if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
  const q = url.searchParams;
  const pageError = authorizePageError(q);
  if (pageError) return htmlPage(res, 400, pageError);
  const redirectUri = q.get('redirect_uri');
  const trailer = { state: q.get('state'), iss: ISS_PARAM[cfg.iss_param]() };
  const err = authorizeRedirectError(q);
  if (err) return redirectTo(res, redirectUri, jarmParams(q, { ...err, ...trailer }));
  const code = newToken('code');
  codes.set(code, {
    redirect_uri: redirectUri,
    code_challenge: q.get('code_challenge'),
    code_challenge_method: q.get('code_challenge') ? q.get('code_challenge_method') ?? 'plain' : null,
    nonce: q.get('nonce'),
    scope: q.get('scope') ?? '',
    expires: Date.now() + CODE_TTL_MS,
    used: false,
    issued: [],
  });
  redirectTo(res, redirectUri, jarmParams(q, { code, ...trailer }));
}

// ---------------------------------------------------------------- /token

const fail = (error, description) => ({ error, description });

function tokenResponse({ scope, nonce, refreshToken, withIdToken }) {
  const accessToken = newAccessToken(scope);
  const body = { access_token: accessToken, token_type: cfg.token_type };
  if (cfg.expires_in !== null) body.expires_in = cfg.expires_in;
  if (refreshToken) body.refresh_token = refreshToken;
  if (scope) body.scope = scope;
  const idToken = withIdToken ? idTokenFor({ scope, nonce, accessToken }) : undefined;
  if (idToken !== undefined) body.id_token = idToken;
  return body;
}

// RFC 7636 §4.6; returns an error description or null.
function pkceError(rec, verifier) {
  if (!rec.code_challenge) return verifier === null ? null : 'code_verifier sent but the authorization request had no code_challenge';
  if (verifier === null) return 'missing code_verifier';
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return 'code_verifier must be 43-128 unreserved characters (RFC 7636 §4.1)';
  const expected = rec.code_challenge_method === 'S256' ? b64url(sha256(verifier)) : verifier;
  return expected === rec.code_challenge ? null : 'code_verifier does not match code_challenge';
}

function grantAuthorizationCode(params) {
  const code = params.get('code');
  if (!code) return fail('invalid_request', 'missing code');
  const rec = codes.get(code);
  if (!rec) return fail('invalid_grant', 'unknown authorization code');
  if (rec.used) {
    rec.issued.forEach(forgetToken); // RFC 6749 §4.1.2: revoke what the code produced
    return fail('invalid_grant', 'authorization code already used');
  }
  rec.used = true;
  if (Date.now() > rec.expires) return fail('invalid_grant', 'authorization code expired');
  if (!params.has('redirect_uri')) return fail('invalid_request', 'missing redirect_uri');
  if (params.get('redirect_uri') !== rec.redirect_uri) return fail('invalid_grant', 'redirect_uri differs from the authorization request');
  const pkce = pkceError(rec, params.get('code_verifier'));
  if (pkce) return fail('invalid_grant', pkce);
  const refreshToken = cfg.refresh ? newRefreshToken(rec.scope) : undefined;
  const body = tokenResponse({ scope: rec.scope, nonce: rec.nonce, refreshToken, withIdToken: true });
  rec.issued = [body.access_token, refreshToken].filter(Boolean);
  return { body };
}

function grantRefreshToken(params) {
  const token = params.get('refresh_token');
  if (!token) return fail('invalid_request', 'missing refresh_token');
  if (retiredRefreshTokens.has(token)) return fail('invalid_grant', 'refresh token already used (rotated)');
  const rec = refreshTokens.get(token);
  if (!rec) return fail('invalid_grant', 'unknown or revoked refresh token');
  const requested = params.get('scope');
  if (requested !== null && !scopeList(requested).every((s) => scopeList(rec.scope).includes(s))) {
    return fail('invalid_scope', 'requested scope exceeds the original grant');
  }
  let refreshToken;
  if (cfg.rotate_refresh) {
    refreshTokens.delete(token);
    retiredRefreshTokens.add(token);
    refreshToken = newRefreshToken(rec.scope);
  }
  const scope = requested ?? rec.scope;
  return { body: tokenResponse({ scope, nonce: undefined, refreshToken, withIdToken: cfg.id_token_on_refresh }) };
}

// ---------------------------------------------------------------- device grant (RFC 8628)

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const deviceCodes = new Map(); // device_code -> { scope, polls: [error…], expires }

function handleDeviceAuthorization(req, res, url, raw) {
  if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
  const form = parseForm(req, raw);
  if (form.error) return oauthError(res, 400, 'invalid_request', form.error);
  const authError = clientAuthError(req, form.params);
  if (authError) return oauthError(res, 401, 'invalid_client', authError, basicChallenge());
  const deviceCode = newToken('device');
  const scope = form.params.get('scope') ?? '';
  deviceCodes.set(deviceCode, {
    scope,
    polls: [...cfg.device_polls],
    expires: Date.now() + cfg.device_expires_in * 1000,
  });
  const body = {
    device_code: deviceCode,
    user_code: 'FAKE-CODE',
    verification_uri: `${base}/device`,
    verification_uri_complete: `${base}/device?user_code=FAKE-CODE`,
    expires_in: cfg.device_expires_in,
  };
  if (cfg.device_interval !== null) body.interval = cfg.device_interval;
  sendJson(res, 200, body);
}

function grantDeviceCode(params) {
  const rec = deviceCodes.get(params.get('device_code'));
  if (!rec) return fail('invalid_grant', 'unknown device code');
  if (Date.now() > rec.expires) return fail('expired_token', 'the device code expired');
  if (rec.polls.length) return fail(rec.polls.shift(), 'scripted by device_polls');
  deviceCodes.delete(params.get('device_code'));
  const refreshToken = cfg.refresh ? newRefreshToken(rec.scope) : undefined;
  const withIdToken = scopeList(rec.scope).includes('openid');
  return { body: tokenResponse({ scope: rec.scope, nonce: undefined, refreshToken, withIdToken }) };
}

const GRANTS = {
  authorization_code: grantAuthorizationCode,
  refresh_token: grantRefreshToken,
  [DEVICE_GRANT]: grantDeviceCode,
};

// token_body modes: each replaces a successful token response.
const TOKEN_BODIES = {
  html: (res) => htmlPage(res, 200, 'Something went wrong. Please try again later.'),
  garbage: (res) => send(res, 200, 'application/json', Buffer.concat([Buffer.from('\x00}{'), crypto.randomBytes(256)])),
  huge: (res, body) => sendJson(res, 200, { ...body, padding: 'x'.repeat(3 * 1024 * 1024) }),
  slow: (res) => holdForever(res),
  missing_access_token: (res) => sendJson(res, 200, { token_type: 'Bearer' }),
  unknown_token_type: (res, body) => sendJson(res, 200, { ...body, token_type: 'MAC' }),
  invalid_utf8: (res, body) => sendInvalidUtf8(res, body),
  truncated: (res, body) => sendTruncated(res, body),
  error_200: (res) => sendJson(res, 200, { error: 'invalid_grant', error_description: 'bad code' }),
  empty: (res) => send(res, 200, 'application/json', ''),
};

function holdForever(res) {
  const socket = res.socket;
  socket.setTimeout(0);
  heldSockets.add(socket);
  socket.on('close', () => heldSockets.delete(socket));
}

// Raw 0xff 0xfe bytes at the end of the access_token string.
function sendInvalidUtf8(res, body) {
  const marker = '@@INVALID_UTF8@@';
  const [head, tail] = JSON.stringify({ ...body, access_token: body.access_token + marker }).split(marker);
  send(res, 200, 'application/json; charset=utf-8', Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0xfe]), Buffer.from(tail)]));
}

// Announce the full length, send half, then close the connection.
function sendTruncated(res, body) {
  const full = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': full.length });
  res.write(full.subarray(0, Math.floor(full.length / 2)), () => res.socket?.destroy());
}

function sendTokenBody(res, body) {
  if (cfg.token_body) return TOKEN_BODIES[cfg.token_body](res, body);
  sendJson(res, 200, body, { Pragma: 'no-cache' });
}

function handleToken(req, res, url, raw) {
  if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
  const error = (code, description, headers) => oauthError(res, cfg.error_status, code, description, headers);
  const form = parseForm(req, raw);
  if (form.error) return error('invalid_request', form.error);
  const authError = clientAuthError(req, form.params);
  if (authError) return error('invalid_client', authError, basicChallenge());
  const grantType = form.params.get('grant_type');
  if (!grantType) return error('invalid_request', 'missing grant_type');
  if (!GRANTS[grantType]) return error('unsupported_grant_type', `grant_type ${grantType} not supported`);
  const result = GRANTS[grantType](form.params);
  if (result.error) return error(result.error, result.description);
  sendTokenBody(res, result.body);
}

// ---------------------------------------------------------------- /userinfo

const USER = { email: 'alice@example.test', name: 'Alice' };
const userinfoBody = () => ({ sub: cfg.userinfo_sub, ...USER });

function userinfoUnauthorized(res, description) {
  sendJson(res, 401, { error: 'invalid_token', error_description: description },
    { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
}

function userinfoForced(res, status) {
  if (status === 401) return userinfoUnauthorized(res, 'forced by userinfo_status');
  if (status >= 200 && status < 300) return sendJson(res, status, userinfoBody());
  sendJson(res, status, { error: 'server_error', error_description: 'forced by userinfo_status' });
}

function handleUserinfo(req, res) {
  if (req.method !== 'GET' && req.method !== 'POST') return methodNotAllowed(res, 'GET, POST');
  if (cfg.userinfo_status !== null) return userinfoForced(res, cfg.userinfo_status);
  const m = /^bearer +(\S+)\s*$/i.exec(req.headers.authorization || '');
  if (!m) return userinfoUnauthorized(res, 'missing Bearer access token');
  if (!liveAccessToken(m[1])) return userinfoUnauthorized(res, 'unknown, revoked or expired access token');
  sendJson(res, 200, userinfoBody());
}

// ---------------------------------------------------------------- /revoke, /introspect

// Shared front half of the RFC 7009 / 7662 endpoints: { params } or { reject(res) }.
function authenticatedForm(req, raw) {
  const reject = (status, error, description, headers) => ({ reject: (res) => oauthError(res, status, error, description, headers) });
  if (req.method !== 'POST') return { reject: (res) => methodNotAllowed(res, 'POST') };
  const form = parseForm(req, raw);
  if (form.error) return reject(400, 'invalid_request', form.error);
  const authError = clientAuthError(req, form.params);
  if (authError) return reject(401, 'invalid_client', authError, basicChallenge());
  if (!form.params.get('token')) return reject(400, 'invalid_request', 'missing token');
  return { params: form.params };
}

function handleRevoke(req, res, url, raw) {
  const { params, reject } = authenticatedForm(req, raw);
  if (reject) return reject(res);
  if (cfg.revoke_error !== null && params.get('token_type_hint') === cfg.revoke_error) {
    return oauthError(res, 400, 'unsupported_token_type', `this server does not revoke ${cfg.revoke_error}s`);
  }
  forgetToken(params.get('token'));
  send(res, 200, 'text/plain', '');
}

function introspection(token) {
  if (!cfg.introspect_active) return { active: false };
  const common = { active: true, client_id: cfg.client_id, sub: 'alice', iss: issuer() };
  const access = liveAccessToken(token);
  if (access) {
    const exp = access.exp === null ? {} : { exp: Math.floor(access.exp / 1000) };
    return { ...common, scope: access.scope, token_type: cfg.token_type, iat: access.iat, ...exp };
  }
  const refresh = refreshTokens.get(token);
  if (refresh) return { ...common, scope: refresh.scope, token_type: 'refresh_token' };
  return { active: false };
}

function handleIntrospect(req, res, url, raw) {
  const { params, reject } = authenticatedForm(req, raw);
  if (reject) return reject(res);
  sendJson(res, 200, introspection(params.get('token')));
}

// ---------------------------------------------------------------- metadata, JWKS, log

function metadata(url) {
  const authMethods = [AUTH_METHOD_NAMES[cfg.auth]];
  const doc = {
    issuer: issuer(),
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    userinfo_endpoint: `${base}/userinfo`,
    jwks_uri: `${base}/jwks`,
    revocation_endpoint: `${base}/revoke`,
    introspection_endpoint: `${base}/introspect`,
    device_authorization_endpoint: `${base}/device_authorization`,
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', DEVICE_GRANT],
    subject_types_supported: ['public'],
    code_challenge_methods_supported: ['S256', 'plain'],
    id_token_signing_alg_values_supported: ['RS256', 'ES256', 'EdDSA'],
    token_endpoint_auth_methods_supported: authMethods,
    revocation_endpoint_auth_methods_supported: authMethods,
    introspection_endpoint_auth_methods_supported: authMethods,
    authorization_response_iss_parameter_supported: cfg.iss_supported,
  };
  if (cfg.rfc8414_only_secret_endpoints && url.pathname === '/.well-known/openid-configuration') {
    delete doc.revocation_endpoint;
    delete doc.introspection_endpoint;
  }
  return doc;
}

function getOnly(handler) {
  return (req, res, ...rest) => (req.method === 'GET' ? handler(req, res, ...rest) : methodNotAllowed(res, 'GET'));
}

const handleDiscovery = getOnly((req, res, url) =>
  cfg.discovery ? sendJson(res, 200, flawed(metadata(url))) : send(res, 404, 'text/plain', 'not found\n'));

// The login metadata with `metadata_flaw`'s one flaw, if any.
function flawed(doc) {
  return cfg.metadata_flaw === null ? doc : LINT_CASES[cfg.metadata_flaw](doc);
}
const handleJwks = getOnly((req, res) => sendJson(res, 200, JWKS));
const handleLog = getOnly((req, res) => sendJson(res, 200, requestLog));

// ---------------------------------------------------------------- discover lint cases

// `oauthctl discover` lint fixtures, served whatever FAKE_CONFIG says (they share nothing with the login
// endpoints): GET /lint/<case>/.well-known/openid-configuration is the metadata of the issuer
// `${base}/lint/<case>`, a clean document with exactly one flaw, the one whose finding code is the case
// name ("clean" has none); /lint/<case>/jwks is its JWKS. One provider run serves every case.
const LINT_CASES = {
  clean: (m) => m,
  'issuer-mismatch': (m) => ({ ...m, issuer: `${m.issuer}/other` }),
  'insecure-endpoint': (m) => ({ ...m, token_endpoint: 'http://idp.example/token' }),
  'no-code-response-type': (m) => ({ ...m, response_types_supported: ['token', 'id_token'] }),
  'alg-none': (m) => ({ ...m, id_token_signing_alg_values_supported: ['RS256', 'none'] }),
  'jwks-missing': ({ jwks_uri: _, ...m }) => m,
  // Nothing listens on port 1: the connection is refused.
  'jwks-unreachable': (m) => ({ ...m, jwks_uri: 'http://127.0.0.1:1/jwks' }),
  'jwks-invalid': (m) => ({ ...m, jwks_uri: `${m.issuer}/jwks-page` }),
  'par-endpoint-missing': (m) => ({ ...m, require_pushed_authorization_requests: true }),
  'auth-alg-none': (m) => ({ ...m, token_endpoint_auth_signing_alg_values_supported: ['ES256', 'none'] }),
  'dpop-alg-weak': (m) => ({ ...m, dpop_signing_alg_values_supported: ['ES256', 'HS256'] }),
  'no-pkce-s256': (m) => ({ ...m, code_challenge_methods_supported: ['plain'] }),
  'legacy-grant': (m) => ({ ...m, grant_types_supported: [...m.grant_types_supported, 'password'] }),
  'no-iss-parameter': (m) => ({ ...m, authorization_response_iss_parameter_supported: false }),
  'no-revocation-endpoint': ({ revocation_endpoint: _, ...m }) => m,
};

if (cfg.metadata_flaw !== null && !(cfg.metadata_flaw in LINT_CASES)) {
  die(`FAKE_CONFIG.metadata_flaw must be null or one of ${JSON.stringify(Object.keys(LINT_CASES))}`);
}

function lintMetadata(name) {
  const issuer = `${base}/lint/${name}`;
  return LINT_CASES[name]({
    ...metadata(),
    issuer,
    jwks_uri: `${issuer}/jwks`,
    authorization_response_iss_parameter_supported: true,
  });
}

// Answers /lint/... paths; false when the path is not one.
function handleLint(req, res, url) {
  const m = /^\/lint\/([a-z0-9-]+)(\/.*)$/.exec(url.pathname);
  if (!m || !(m[1] in LINT_CASES)) return false;
  const [, name, rest] = m;
  if (req.method !== 'GET') methodNotAllowed(res, 'GET');
  else if (rest === '/.well-known/openid-configuration') sendJson(res, 200, lintMetadata(name));
  else if (rest === '/jwks') sendJson(res, 200, JWKS);
  else if (rest === '/jwks-page') send(res, 200, 'text/html', '<html><title>Keys</title></html>\n');
  else send(res, 404, 'text/plain', 'not found\n');
  return true;
}

// ---------------------------------------------------------------- server

const ROUTES = {
  '/authorize': handleAuthorize,
  '/token': handleToken,
  '/userinfo': handleUserinfo,
  '/jwks': handleJwks,
  '/revoke': handleRevoke,
  '/introspect': handleIntrospect,
  '/device_authorization': handleDeviceAuthorization,
  '/_log': handleLog,
  '/.well-known/openid-configuration': handleDiscovery,
  '/.well-known/oauth-authorization-server': handleDiscovery,
};

const MAX_BODY = 1024 * 1024;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) return reject(new Error('request body too large'));
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function logRequest(req, url, body) {
  requestLog.push({
    at: Date.now(),
    method: req.method,
    path: url.pathname,
    query: queryObject(url.searchParams),
    headers: { ...req.headers },
    body,
  });
}

async function handle(req, res) {
  try {
    const url = new URL(base + req.url);
    const body = await readBody(req);
    if (url.pathname !== '/_log') logRequest(req, url, body);
    if (handleLint(req, res, url)) return;
    const route = ROUTES[url.pathname];
    if (!route) return send(res, 404, 'text/plain', 'not found\n');
    route(req, res, url, body);
  } catch (e) {
    process.stderr.write(`fake: ${req.method} ${req.url}: ${e.stack || e}\n`);
    if (!res.headersSent) send(res, 400, 'text/plain', `bad request: ${e.message}\n`);
  }
}

// Env FAKE_TLS_CERT / FAKE_TLS_KEY (PEM files): serve https instead, to exercise the client's TLS path.
const tls = process.env.FAKE_TLS_CERT
  ? { cert: fs.readFileSync(process.env.FAKE_TLS_CERT), key: fs.readFileSync(process.env.FAKE_TLS_KEY) }
  : null;
const server = tls ? https.createServer(tls, handle) : http.createServer(handle);

function shutdown() {
  for (const socket of heldSockets) socket.destroy();
  server.close();
  process.exit(0);
}

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  base = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  process.stdout.write(`${JSON.stringify({ base, port })}\n`);
});

process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.on('error', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
