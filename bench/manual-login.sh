#!/usr/bin/env bash
# The authorization code + PKCE login that `oauthctl login` performs, written
# by hand the way one would in a shell script: the comparison point of the
# login benchmark (see bench/README.md).
#
#   bench/manual-login.sh ISSUER OUT_FILE
#
# Discovers the endpoints, makes state / nonce / PKCE with openssl, starts a
# one-shot loopback listener (bench/callback-listener.py), sends the scripted
# browser (tests/provider/browser.mjs) to the authorize URL, checks state and
# iss on the callback, redeems the code with curl and writes the token
# response to OUT_FILE (0600). Client: public-client (no secret, PKCE S256),
# scope "openid offline_access", prompt=consent: the same request oauthctl's
# benchmarked login makes. Unlike oauthctl it does not verify the ID token
# (no JWKS fetch, no nonce/signature check): a hand-written client rarely does,
# so this is, if anything, an easier baseline than the real thing.
#
# Env: PYTHON (interpreter for the listener; default python3; scripts/bench
# passes the real binary, since a version-manager shim can cost more than the
# whole login).
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 ISSUER OUT_FILE" >&2; exit 2; }
issuer=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
client_id=public-client
umask 077

die() { echo "manual-login: $*" >&2; exit 1; }

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
# Percent-decoding for the callback's query values ('+' is a space there).
urldecode() { local v=${1//+/ }; printf '%b' "${v//%/\\x}"; }
# Percent-encoding for the authorize URL: everything but RFC 3986 unreserved.
urlencode() {
    local s=$1 out='' c i
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
            [A-Za-z0-9._~-]) out+=$c ;;
            *) printf -v c '%%%02X' "'$c"; out+=$c ;;
        esac
    done
    printf %s "$out"
}

# --- discovery -------------------------------------------------------------
meta=$(curl -sSf --max-time 10 "$issuer/.well-known/openid-configuration")
{ read -r authorize_url; read -r token_url; } < <(jq -r '.authorization_endpoint, .token_endpoint' <<<"$meta")
for v in "$authorize_url" "$token_url"; do
    if [ -z "$v" ] || [ "$v" = null ]; then die "discovery lacks the authorization or token endpoint"; fi
done

# --- state, nonce, PKCE (RFC 7636 S256) -------------------------------------
state=$(openssl rand 32 | b64url)
nonce=$(openssl rand 32 | b64url)
verifier=$(openssl rand 32 | b64url)
challenge=$(printf %s "$verifier" | openssl dgst -sha256 -binary | b64url)

# --- loopback listener -------------------------------------------------------
coproc LISTENER { exec "${PYTHON:-python3}" "$here/callback-listener.py" 1; }
# shellcheck disable=SC2153 # LISTENER_PID is set by coproc
listener_pid=$LISTENER_PID
# bash closes a coproc's fds as soon as it reaps it, which can be before the
# callback line is read: keep a duplicate of its stdout of our own.
exec {listener_out}<&"${LISTENER[0]}"
trap 'kill "$listener_pid" 2>/dev/null || true' EXIT
read -r -t 10 port <&"$listener_out" || die "the loopback listener did not start"
redirect_uri="http://127.0.0.1:$port/callback"

# --- the browser ---------------------------------------------------------------
url="$authorize_url?response_type=code&client_id=$client_id"
url+="&redirect_uri=$(urlencode "$redirect_uri")&scope=openid%20offline_access"
url+="&state=$state&nonce=$nonce&code_challenge=$challenge&code_challenge_method=S256&prompt=consent"
node "$here/../tests/provider/browser.mjs" "$url" 2>/dev/null || die "the browser failed"

read -r -t 10 query <&"$listener_out" || die "no callback arrived"
wait "$listener_pid" 2>/dev/null || true

# --- the authorization response -----------------------------------------------
code='' got_state='' got_iss='' error=''
IFS='&' read -r -a pairs <<<"$query"
for pair in "${pairs[@]}"; do
    case $pair in
        code=*) code=$(urldecode "${pair#code=}") ;;
        state=*) got_state=$(urldecode "${pair#state=}") ;;
        iss=*) got_iss=$(urldecode "${pair#iss=}") ;;
        error=*) error=$(urldecode "${pair#error=}") ;;
    esac
done
[ "$got_state" = "$state" ] || die "state mismatch"
[ -z "$got_iss" ] || [ "$got_iss" = "$issuer" ] || die "iss mismatch (RFC 9207)"
[ -z "$error" ] || die "authorization error: $error"
[ -n "$code" ] || die "no code in the callback"

# --- token exchange --------------------------------------------------------------
curl -sSf --max-time 10 -o "$out" \
    --data-urlencode grant_type=authorization_code \
    --data-urlencode "code=$code" \
    --data-urlencode "redirect_uri=$redirect_uri" \
    --data-urlencode "client_id=$client_id" \
    --data-urlencode "code_verifier=$verifier" \
    "$token_url"
jq -e '.access_token and .refresh_token' "$out" >/dev/null || die "the token response lacks tokens"
