// A real OpenID Provider (panva/oidc-provider) on plain-http loopback, so that
// oauthctl's integration tests can run full authorization-code flows offline.
//
// stdout carries exactly one line, once listening:
//   {"issuer":"http://127.0.0.1:PORT","port":PORT}
// Everything else goes to stderr. The process exits when its stdin pipe closes
// (so a harness that drops the child's stdin kills it) or on SIGTERM/SIGINT.
//
// Env: ACCESS_TOKEN_TTL (seconds, default 3600), KEEP_ALIVE_MS (idle connection life), LOG_FILE (JSON-lines request log),
// JWKS_OUTAGE_FILE (while a file exists at this path, /jwks answers 503: a key
// endpoint outage the tests switch on and off without restarting the provider).
// DPOP_NONCE=1: every DPoP proof must carry the provider's nonce (RFC 9449 §8–9); without it the nonce
// is only offered (a DPoP-Nonce header on every answer to a proof).
// MTLS_DIR (RFC 8705 mutual TLS; a directory of PEM files the test harness made at run time, see
// "mutual TLS" below): a second, HTTPS listener on another loopback port serves the same provider as the
// mtls_endpoint_aliases of its endpoints, and the clients tls-client and self-signed-client exist. The
// ready line then also has "mtls":"https://127.0.0.1:PORT2". The issuer stays plain http.
//
// Notes for the client side:
// - Discovery advertises authorization_response_iss_parameter_supported: true
//   (RFC 9207): every authorization response (success and error) redirected to
//   the client carries `iss=<issuer>`.
// - Clients are application_type "native": oidc-provider 9.x itself accepts any
//   port on a registered loopback redirect URI (RFC 8252 §7.3), so
//   http://127.0.0.1:<any>/callback matches the registered http://127.0.0.1/callback.
//   No override is needed.
// - Routes are oidc-provider's defaults: /auth, /token, /me (userinfo),
//   /token/revocation, /token/introspection, /jwks, /session/end, and the device
//   flow's /device/auth (RFC 8628) and /device (the page where the code is entered).

import { X509Certificate, createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, fstatSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { join } from 'node:path';

import Provider, { errors } from 'oidc-provider';

// oidc-provider prints NOTICEs with console.info (stdout). stdout is reserved
// for the single ready line, so route console's stdout methods to stderr.
// (On import it only warns, on stderr: 9.x asks for Node 22+ LTS, but works on 20.)
for (const method of ['log', 'info', 'debug']) console[method] = console.error;

const log = (...args) => console.error('[oidc]', ...args);

function envSeconds(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    log(`${name} must be a positive integer number of seconds, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

const ACCESS_TOKEN_TTL = envSeconds('ACCESS_TOKEN_TTL', 3600);
const LOG_FILE = process.env.LOG_FILE || undefined;
const JWKS_OUTAGE_FILE = process.env.JWKS_OUTAGE_FILE || undefined;
const MTLS_DIR = process.env.MTLS_DIR || undefined;

// Fresh RS256 signing key per run (never the library's dev keys).
function signingJwk() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

const LOOPBACK_REDIRECTS = [
  'http://127.0.0.1/callback',
  'http://[::1]/callback',
  'http://localhost/callback',
];

// The one API the provider issues resource-indicated tokens for (RFC 8707): an identifier, never
// contacted. Its tokens carry it as `aud` and only its scopes.
const TEST_API = 'urn:oauthctl:test-api';
const TEST_API_SCOPES = 'api:read api:write';
// The one rich authorization request type (RFC 9396) the provider knows; an `amount` must be a string.
const RAR_TYPE = 'payment_initiation';

// The public half of pkjwt-client.pem (a test-only key): what `private_key_jwt` assertions are
// verified with (RFC 7523). The client sends no secret at all.
const PKJWT_PUBLIC_JWK = {
  ...createPublicKey(readFileSync(new URL('./pkjwt-client.pem', import.meta.url))).export({ format: 'jwk' }),
  kid: 'pkjwt-1',
  use: 'sig',
};

const common = {
  application_type: 'native',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  redirect_uris: LOOPBACK_REDIRECTS,
};

const CLIENTS = [
  {
    ...common,
    client_id: 'basic-client',
    // Special characters on purpose: RFC 6749 §2.3.1 says id and secret are
    // application/x-www-form-urlencoded before being base64'd for Basic auth,
    // so the header must carry "basic-client:b4sic%3As3cret%25%2B"; a raw
    // "basic-client:b4sic:s3cret%+" is rejected (400 invalid_request), as '%'
    // does not decode. No non-ASCII here: RFC 6749 App. A.2 limits secrets to
    // VSCHAR (%x20-7E) and oidc-provider enforces that (a secret with 'é'
    // makes the client itself invalid).
    client_secret: 'b4sic:s3cret%+',
    token_endpoint_auth_method: 'client_secret_basic',
  },
  {
    ...common,
    client_id: 'post-client',
    client_secret: 'p0st-s3cret',
    token_endpoint_auth_method: 'client_secret_post',
  },
  {
    ...common,
    client_id: 'public-client',
    token_endpoint_auth_method: 'none', // PKCE required; refresh tokens rotate (library default)
    authorization_details_types: [RAR_TYPE],
  },
  {
    // A public client whose authorization requests must be pushed (RFC 9126, at /request): oidc-provider
    // redirects a plain one back with invalid_request. Per client, so the metadata does not say it.
    ...common,
    client_id: 'par-client',
    token_endpoint_auth_method: 'none',
    require_pushed_authorization_requests: true,
  },
  {
    // Client authentication by assertion (RFC 7523, OIDC Core §9): signed with the client's EC key...
    ...common,
    client_id: 'pkjwt-client',
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    jwks: { keys: [PKJWT_PUBLIC_JWK] },
  },
  {
    // JAR (RFC 9101): pkjwt-client's settings, and every authorization request must come as a request
    // object signed with the client's key (by value, or pushed); a plain one is invalid_request.
    ...common,
    client_id: 'jar-client',
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    jwks: { keys: [PKJWT_PUBLIC_JWK] },
    require_signed_request_object: true,
  },
  {
    // ...or HS256 with the client secret, which never travels itself.
    ...common,
    client_id: 'csjwt-client',
    client_secret: 'cs-jwt-s3cret-0123456789-0123456789',
    token_endpoint_auth_method: 'client_secret_jwt',
    token_endpoint_auth_signing_alg: 'HS256',
  },
  {
    // DPoP (RFC 9449), a public client whose access tokens must be bound to a key (no proof at the
    // token endpoint: invalid_grant). Its refresh tokens are bound too, and not rotated.
    ...common,
    client_id: 'dpop-client',
    token_endpoint_auth_method: 'none',
    dpop_bound_access_tokens: true,
  },
  {
    // The device authorization grant (RFC 8628), a public client: `login --device`.
    ...common,
    client_id: 'device-client',
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'none',
  },
];

// A service (machine-to-machine) client: the client credentials grant only (RFC 6749 §4.4), no
// redirect. Its tokens live ACCESS_TOKEN_TTL like the users' access tokens.
const SERVICE_CLIENT = {
  client_id: 'service-client',
  client_secret: 's3rvice-s3cret',
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
  token_endpoint_auth_method: 'client_secret_basic',
  authorization_details_types: [RAR_TYPE],
};

// ---- mutual TLS (RFC 8705) ----------------------------------------------
// MTLS_DIR holds, all made by the test harness for one run (no key is committed): ca.pem (the test CA),
// server.pem/server.key (for 127.0.0.1, issued by the CA), and self-signed.pem (the public certificate
// of self-signed-client). tls-client's certificate is any the CA issued with TLS_CLIENT_DN as subject.

const TLS_CLIENT_DN = 'CN=tls-client,O=oauthctl tests';

// The endpoints a client calls with its certificate, at their default paths (see the routes above).
const MTLS_ALIASED = {
  token_endpoint: '/token',
  userinfo_endpoint: '/me',
  revocation_endpoint: '/token/revocation',
  introspection_endpoint: '/token/introspection',
  device_authorization_endpoint: '/device/auth',
  pushed_authorization_request_endpoint: '/request',
};

function mtlsClients() {
  const selfSigned = new X509Certificate(readFileSync(join(MTLS_DIR, 'self-signed.pem')));
  return [
    {
      ...common,
      client_id: 'tls-client',
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: TLS_CLIENT_DN,
      tls_client_certificate_bound_access_tokens: true,
    },
    {
      ...common,
      client_id: 'self-signed-client',
      token_endpoint_auth_method: 'self_signed_tls_client_auth',
      // Matched by the x5t#S256 of x5c[0]: only this very certificate authenticates the client.
      jwks: {
        keys: [{
          ...selfSigned.publicKey.export({ format: 'jwk' }),
          x5c: [selfSigned.raw.toString('base64')],
        }],
      },
      tls_client_certificate_bound_access_tokens: true,
    },
  ];
}

function mtlsConfiguration(mtlsOrigin) {
  // X509Certificate of the TLS connection's client certificate; undefined on plain http or without one.
  const peer = (ctx) => ctx.socket.getPeerX509Certificate?.();
  return {
    // Every method: setting this list replaces the default one, and a client whose method is missing
    // becomes invalid (lazily, at its first request).
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt',
      'private_key_jwt', 'none', 'tls_client_auth', 'self_signed_tls_client_auth'],
    mTLS: {
      enabled: true,
      certificateBoundAccessTokens: true,
      tlsClientAuth: true,
      selfSignedTlsClientAuth: true,
      getCertificate: peer,
      // The chain was verified against the test CA by the TLS listener (`ca`, without rejecting).
      certificateAuthorized: (ctx) => ctx.socket.authorized === true,
      // Our DN format: node's subject lines (certificate order) joined with commas.
      certificateSubjectMatches: (ctx, property, expected) => property === 'tls_client_auth_subject_dn'
        && peer(ctx)?.subject.split('\n').join(',') === expected,
    },
    // oidc-provider never publishes the aliases itself.
    mtls_endpoint_aliases: Object.fromEntries(Object.entries(MTLS_ALIASED)
      .map(([name, path]) => [name, `${mtlsOrigin}${path}`])),
  };
}

function configuration(mtlsOrigin) {
  const mtls = mtlsOrigin ? mtlsConfiguration(mtlsOrigin) : undefined;
  return {
    jwks: { keys: [signingJwk()] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    clients: [...CLIENTS, SERVICE_CLIENT, ...(mtls ? mtlsClients() : [])],
    ...(mtls ? {
      clientAuthMethods: mtls.clientAuthMethods,
      discovery: { mtls_endpoint_aliases: mtls.mtls_endpoint_aliases },
    } : {}),
    // Any account id "exists".
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: `${id}@example.test`,
            email_verified: true,
            name: `User ${id}`,
          };
        },
      };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    features: {
      devInteractions: { enabled: true }, // built-in login / consent pages
      userinfo: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      // RFC 8628: /device/auth hands out codes, /device is the page where they are entered.
      deviceFlow: { enabled: true },
      clientCredentials: { enabled: true },
      // JAR: `request` by value (the aud must be the issuer), or pushed. JARM: response_mode=jwt and
      // query.jwt answer with one `response` JWT signed RS256 by the provider's key, errors too.
      requestObjects: { enabled: true },
      jwtResponseModes: { enabled: true },
      // RFC 9449 (on by default; ES256, Ed25519, EdDSA proofs). nonceSecret makes nonces available (a
      // 32-byte key: they are derived from it and the time); DPOP_NONCE makes them required.
      dPoP: {
        enabled: true,
        nonceSecret: randomBytes(32),
        requireNonce: () => process.env.DPOP_NONCE === '1',
        allowReplay: false,
      },
      // RFC 8707: TEST_API is the only resource; anything else is invalid_target.
      resourceIndicators: {
        enabled: true,
        async getResourceServerInfo(_ctx, resource) {
          if (resource === TEST_API) return { scope: TEST_API_SCOPES, accessTokenFormat: 'opaque' };
          throw new errors.InvalidTarget();
        },
      },
      // RFC 9396: the details granted are the ones asked for (the built-in consent page grants them),
      // and introspection shows them.
      richAuthorizationRequests: {
        enabled: true,
        types: {
          [RAR_TYPE]: {
            validate(_ctx, detail) {
              if (typeof detail.amount !== 'string') {
                throw new errors.InvalidAuthorizationDetails('amount must be a string');
              }
            },
          },
        },
        authorizationDetailsForGrantSource: (ctx) => ctx.oidc.grant.rar,
        authorizationDetailsForAccessToken: (ctx, _token, source) =>
          source?.rar ?? (ctx.oidc.params.authorization_details
            ? JSON.parse(ctx.oidc.params.authorization_details) : undefined),
        authorizationDetailsForIntrospection: (_ctx, token) => token.rar,
      },
      ...(mtls ? { mTLS: mtls.mTLS } : {}),
    },
    // Tokens expire exactly at their TTL (the default tolerance is 15 s, which
    // would keep a "2 s" access token working for 17 s).
    clockTolerance: 0,
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL,
      ClientCredentials: ACCESS_TOKEN_TTL,
      IdToken: 3600,
      // Long, but under a year: oidc-provider stops rotating refresh tokens
      // whose chain is older than 365.25 days.
      RefreshToken: 30 * 24 * 60 * 60,
      AuthorizationCode: 60,
      Interaction: 60 * 60,
      Session: 24 * 60 * 60,
      Grant: 30 * 24 * 60 * 60,
    },
    // Keep default issueRefreshToken / offline_access handling: a refresh token
    // is issued only when the authorize request had prompt=consent and the
    // scope included offline_access.
  };
}

// ---- request log -----------------------------------------------------------

function basicClientId(ctx) {
  const header = ctx.get('authorization');
  const m = /^basic\s+(\S+)$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i === -1) return undefined;
  try {
    return decodeURIComponent(decoded.slice(0, i).replace(/\+/g, ' '));
  } catch {
    return decoded.slice(0, i);
  }
}

function requestLogger(provider) {
  const tokenPath = new URL(provider.urlFor('token')).pathname;
  const userinfoPath = new URL(provider.urlFor('userinfo')).pathname;
  const revocationPath = new URL(provider.urlFor('revocation')).pathname;
  const introspectionPath = new URL(provider.urlFor('introspection')).pathname;
  const parPath = new URL(provider.urlFor('pushed_authorization_request')).pathname;

  return async function logRequest(ctx, next) {
    try {
      await next();
    } finally {
      let entry;
      if (ctx.path === tokenPath) {
        const body = ctx.oidc?.body ?? {};
        entry = {
          path: ctx.path,
          grant_type: body.grant_type ?? null,
          client_id: ctx.oidc?.client?.clientId ?? body.client_id ?? basicClientId(ctx) ?? null,
          status: ctx.status,
        };
        if (ctx.get('dpop')) entry.dpop = true;
      } else if (ctx.path === userinfoPath) {
        entry = { path: ctx.path, status: ctx.status, scheme: ctx.get('authorization').split(' ')[0] || null };
      } else if (ctx.path === parPath) {
        // RFC 9126: which client pushed a request, and whether it was taken (201).
        entry = { path: ctx.path, client_id: ctx.oidc?.client?.clientId ?? null, status: ctx.status };
      } else if (ctx.path === revocationPath || ctx.path === introspectionPath) {
        // Which client authenticated (and so by which method: see enforceRegisteredSecretMethod).
        const body = ctx.oidc?.body ?? {};
        entry = {
          path: ctx.path,
          client_id: ctx.oidc?.client?.clientId ?? null,
          token_type_hint: body.token_type_hint ?? null,
          status: ctx.status,
        };
      } else {
        // The user agent shows which browser walked the pages (the tests' real Chromium or the script).
        entry = { path: ctx.path, method: ctx.method, status: ctx.status, agent: ctx.get('user-agent') };
      }
      if (ctx.status >= 400 && ctx.body && typeof ctx.body === 'object' && ctx.body.error) {
        entry.error = ctx.body.error;
      }
      if (ctx.path === userinfoPath && ctx.get('dpop')) entry.dpop = true;
      // Only requests to the mTLS listener (RFC 8705 aliases) are marked, with whether a certificate came.
      if (ctx.socket.encrypted) {
        entry.mtls = { certificate: ctx.socket.getPeerX509Certificate?.() !== undefined };
      }
      try {
        appendFileSync(LOG_FILE, `${JSON.stringify(entry)}\n`);
      } catch (err) {
        log('cannot write LOG_FILE:', err.message);
      }
    }
  };
}

// ---- JWKS outage ----------------------------------------------------------
// A refresh that fails after the provider rotated the refresh token (here: the
// ID token cannot be verified because the keys are unreachable) must not lose
// the rotated token; this switch makes that failure happen on demand.

function jwksOutage(provider) {
  const jwksPath = new URL(provider.urlFor('jwks')).pathname;
  return async function maybeDown(ctx, next) {
    if (ctx.path === jwksPath && existsSync(JWKS_OUTAGE_FILE)) {
      ctx.status = 503;
      ctx.body = { error: 'temporarily_unavailable' };
      return;
    }
    await next();
  };
}

// ---- strict client authentication ---------------------------------------
// oidc-provider deliberately treats client_secret_basic and client_secret_post
// as interchangeable. Real servers often do not, and oauthctl must pick the
// registered one, so reject a secret sent the other way with 401 invalid_client
// (error_description "client authentication failed"; the reason goes to stderr).

function enforceRegisteredSecretMethod(provider) {
  const { Client } = provider;
  const compare = Client.prototype.compareClientSecret;
  Client.prototype.compareClientSecret = async function strictCompare(actual) {
    const ctx = Provider.ctx; // AsyncLocalStorage-backed current request
    if (ctx) {
      const used = ctx.headers.authorization !== undefined ? 'client_secret_basic' : 'client_secret_post';
      if (used !== this.clientAuthMethod) {
        const detail = `${this.clientId} is registered for ${this.clientAuthMethod} but the request used ${used}`;
        log(detail);
        throw new errors.InvalidClientAuth(detail);
      }
    }
    return compare.call(this, actual);
  };
}

// ---- lifecycle ------------------------------------------------------------

function shutdown(server, why) {
  log(`shutting down (${why})`);
  server.close();
  server.closeAllConnections?.();
  process.exit(0);
}

// Exit when the parent drops our stdin. Only watch a pipe/socket/tty: if stdin
// is /dev/null or a file it "ends" immediately, which would kill us at start.
function watchStdin(server) {
  let watch = false;
  try {
    const st = fstatSync(0);
    watch = st.isFIFO() || st.isSocket() || process.stdin.isTTY === true;
  } catch {
    watch = false;
  }
  if (!watch) {
    log('stdin is not a pipe; not watching it (stop me with SIGTERM)');
    return;
  }
  process.stdin.on('end', () => shutdown(server, 'stdin closed'));
  process.stdin.on('close', () => shutdown(server, 'stdin closed'));
  process.stdin.on('error', () => shutdown(server, 'stdin error'));
  process.stdin.resume(); // discard anything written to us
}

const server = createServer();
// KEEP_ALIVE_MS: how long an idle connection stays open (Node's default is 5 s), so a test can show
// that a client notices a closed keep-alive connection after a pause without waiting that long.
if (process.env.KEEP_ALIVE_MS) server.keepAliveTimeout = Number(process.env.KEEP_ALIVE_MS);

// The mTLS listener: asks every client for a certificate but lets those without one in (the plain
// requests of a test, and oidc-provider's own "certificate not provided" answers).
function mtlsServer() {
  if (!MTLS_DIR) return undefined;
  const pem = (name) => readFileSync(join(MTLS_DIR, name));
  return createTlsServer({
    key: pem('server.key'),
    cert: pem('server.pem'),
    ca: [pem('ca.pem')],
    requestCert: true,
    rejectUnauthorized: false,
  });
}

function listening(srv) {
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve(srv.address().port));
  });
}

const tlsServer = mtlsServer();

server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`; // no trailing slash
  const mtlsOrigin = tlsServer ? `https://127.0.0.1:${await listening(tlsServer)}` : undefined;

  const provider = new Provider(issuer, configuration(mtlsOrigin));
  enforceRegisteredSecretMethod(provider);
  if (LOG_FILE) provider.use(requestLogger(provider));
  if (JWKS_OUTAGE_FILE) provider.use(jwksOutage(provider));
  provider.on('server_error', (_ctx, err) => log('server_error:', err));

  server.on('request', provider.callback());
  tlsServer?.on('request', provider.callback());
  if (mtlsOrigin) {
    provider.on('grant.error', (_ctx, err) => log('grant.error:', err.error_detail ?? err.message));
    provider.on('userinfo.error', (_ctx, err) => log('userinfo.error:', err.error_detail ?? err.message));
  }

  process.stdout.write(`${JSON.stringify({ issuer, port, ...(mtlsOrigin ? { mtls: mtlsOrigin } : {}) })}\n`);
  log(`listening on ${issuer}`);

  watchStdin(server);
});

server.on('error', (err) => {
  log('server error:', err.message);
  process.exit(1);
});

process.on('SIGTERM', () => shutdown(server, 'SIGTERM'));
process.on('SIGINT', () => shutdown(server, 'SIGINT'));
