#!/usr/bin/env bash
# The keyring part of the benchmark: `oauthctl token print` with the tokens in
# a real Secret Service. scripts/bench runs this inside a private D-Bus session
# (dbus-run-session), with HOME and XDG_RUNTIME_DIR already pointing at
# throwaway directories, the same isolation scripts/test uses: the caller's
# real keyring is never touched.
#
#   dbus-run-session -- bash bench/keyring.sh ISSUER WORKDIR JSON_PREFIX ROUNDS [hyperfine args...]
#
# Logs in once (public-client, --store keyring) into WORKDIR, then runs
# hyperfine ROUNDS times (exports JSON_PREFIX.<round>.json) on `oauthctl token
# print` (the profile remembers store = keyring, so this is the call a script
# would make) and, as a reference for the Secret Service round trip itself,
# `secret-tool lookup` of the same item.
set -euo pipefail

[ $# -ge 4 ] || { echo "usage: $0 ISSUER WORKDIR JSON_PREFIX ROUNDS [hyperfine args...]" >&2; exit 2; }
issuer=$1 work=$2 json=$3 rounds=$4
shift 4
cd "$(dirname "$0")/.."
say() { printf '%s\n' "bench/keyring: $*" >&2; }

# A fresh keyring: --unlock creates the "login" collection with this random
# password, unlocks it and makes it the default collection.
PW=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf %s "$PW" | gnome-keyring-daemon --unlock --components=secrets >/dev/null \
    || { say "gnome-keyring-daemon --unlock failed"; exit 1; }
unset PW

# Wait (up to 5 s) for the daemon to own the Secret Service name, so nothing
# races it into D-Bus activation of a second daemon.
for _ in $(seq 50); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
        | grep -q "boolean true" && break
    sleep 0.1
done

export OAUTHCTL_CONFIG="$work/config.toml" OAUTHCTL_DATA_DIR="$work/data"
bin=target/release/oauthctl
# The keyring may need a moment after the name appears: retry the login briefly.
ok=
for _ in 1 2 3 4 5; do
    if "$bin" --store keyring login --issuer "$issuer" --client-id public-client \
        --scope "openid offline_access" --param prompt=consent \
        --browser "node tests/provider/browser.mjs" >/dev/null 2>"$work/login.err"; then
        ok=1
        break
    fi
    sleep 0.5
done
[ -n "$ok" ] || { say "login into the keyring failed:"; cat "$work/login.err" >&2; exit 1; }
grep -q '^store = "keyring"' "$OAUTHCTL_CONFIG" || { say "the profile does not record store = keyring"; exit 1; }
[ ! -e "$OAUTHCTL_DATA_DIR/default.json" ] || { say "tokens went to the file store, not the keyring"; exit 1; }
"$bin" token print >/dev/null || { say "token print from the keyring failed"; exit 1; }

cmds=(-n "oauthctl token print (keyring)" "$bin token print")
# The keyring crate stores the item with service/username attributes; if
# secret-tool finds it the same way, time it as the Secret Service floor.
if command -v secret-tool >/dev/null \
    && [ -n "$(secret-tool lookup service oauthctl username default 2>/dev/null)" ]; then
    cmds+=(-n "secret-tool lookup (same item)" "secret-tool lookup service oauthctl username default")
else
    say "secret-tool cannot read the item; timing oauthctl alone"
fi
for ((i = 1; i <= rounds; i++)); do
    hyperfine -N --style none "$@" --export-json "$json.$i.json" "${cmds[@]}"
done
