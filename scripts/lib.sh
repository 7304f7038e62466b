# shellcheck shell=bash
# What scripts/test, scripts/demo, scripts/bench, scripts/fuzz, scripts/completions and .ci/run share,
# kept in one place because the copies had started to drift apart (the private-HOME setup of
# scripts/bench isolated more than the one of scripts/test). Sourced, never run, from the repository root
# after the caller's `cd`:
#
#     LIB_NAME=scripts/foo; . scripts/lib.sh
#
# LIB_NAME prefixes the caller's messages. This file only defines functions and constants, so sourcing
# it at the top of a script's `{ ...; exit; }` block reads it whole before anything runs.

# Messages go to stderr, so that stdout stays the script's own output.
say() { printf '%s\n' "${LIB_NAME:-scripts}: $*" >&2; }
die() {
    say "error: $*"
    exit 1
}
# A visible, timestamped step in long logs (CI, fuzzing).
step() { printf '\n==> [%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# The Secret Service the keyring tests and benchmark need: its Debian packages and their commands.
# shellcheck disable=SC2034  # used by the scripts that source this file
KEYRING_PKGS=(gnome-keyring dbus libsecret-tools)
# shellcheck disable=SC2034
KEYRING_TOOLS=(gnome-keyring-daemon dbus-run-session dbus-send secret-tool)

# What the e2e tests use besides the keyring: the real browser (tests/provider/chromium.mjs drives Debian's
# Chromium, plus the fonts it only recommends, so pages render with real glyphs) and jq, which the README's
# CI recipe uses and tests/e2e/readme_ci.rs runs.
# shellcheck disable=SC2034
E2E_PKGS=(chromium fonts-liberation jq)

# The commands among "$@" that are not on PATH, one a line.
missing_commands() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || printf '%s\n' "$tool"
    done
}

# Installing is allowed as root on a machine with apt-get (a fresh Debian machine, CI) only.
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }

# apt_install PKG...: installs quietly, running `apt-get update` once per script run; 1 when not allowed.
lib_apt_updated=
apt_install() {
    can_apt || return 1
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "$lib_apt_updated" ]; then
        apt-get update -qq
        lib_apt_updated=1
    fi
    say "installing $* with apt-get"
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The npm deps of the test OpenID provider, installed (npm ci) when missing or older than the lock file.
provider_npm_ci() {
    local provider=tests/provider
    if [ ! -f "$provider/node_modules/.package-lock.json" ] \
        || [ "$provider/package-lock.json" -nt "$provider/node_modules/.package-lock.json" ]; then
        command -v npm >/dev/null || die "npm not found: the test provider needs Node.js 20+ and npm"
        say "installing the test provider's npm deps (npm ci in $provider)"
        (cd "$provider" && npm ci --no-audit --no-fund)
    fi
}

# The provider and the loopback listeners are on 127.0.0.1: never go through a proxy to reach them.
loopback_without_proxy() {
    export NO_PROXY="127.0.0.1,localhost,::1${NO_PROXY:+,$NO_PROXY}"
    export no_proxy="127.0.0.1,localhost,::1${no_proxy:+,$no_proxy}"
}

# private_home DIR: a fresh HOME and XDG_RUNTIME_DIR (mode 700) under DIR, so neither the user's keyring
# nor their oauthctl config is touched, and nothing from the caller's session leaks in: no other bus, no
# real config or data dirs, no oauthctl or GitHub settings, no browser or display to open.
private_home() {
    mkdir -m 700 "$1/home" "$1/runtime"
    # Keep the real toolchain and crate cache: both default to paths under HOME.
    export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
    if [ -z "${RUSTUP_HOME:-}" ] && [ -d "$HOME/.rustup" ]; then
        export RUSTUP_HOME="$HOME/.rustup"
    fi
    export HOME="$1/home" XDG_RUNTIME_DIR="$1/runtime"
    unset DBUS_SESSION_BUS_ADDRESS XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME \
        GNOME_KEYRING_CONTROL SSH_AUTH_SOCK BROWSER DISPLAY WAYLAND_DISPLAY \
        OAUTHCTL_PROFILE OAUTHCTL_CONFIG OAUTHCTL_DATA_DIR OAUTHCTL_STORE OAUTHCTL_OUTPUT \
        OAUTHCTL_CLIENT_SECRET GH_TOKEN GITHUB_TOKEN GH_HOST GH_ENTERPRISE_TOKEN
    loopback_without_proxy
}

# chromium (or `$CHROMIUM`) and jq for the e2e tests, installed with apt-get when missing and allowed
# (OAUTHCTL_TEST_INSTALL != 0, root, apt-get); otherwise says how, and exits 1.
ensure_e2e_tools() {
    if [ -n "${CHROMIUM:-}" ] && [ ! -x "$CHROMIUM" ]; then
        die "CHROMIUM=$CHROMIUM is not an executable file"
    fi
    local need=(jq)
    [ -n "${CHROMIUM:-}" ] || need+=(chromium)
    local missing
    mapfile -t missing < <(missing_commands "${need[@]}")
    [ "${#missing[@]}" -gt 0 ] || return 0
    if [ "${OAUTHCTL_TEST_INSTALL:-1}" != 0 ] && can_apt; then
        say "missing ${missing[*]} (the e2e tests need them)"
        apt_install "${E2E_PKGS[@]}"
        mapfile -t missing < <(missing_commands "${need[@]}")
        [ "${#missing[@]}" -eq 0 ] || die "${missing[*]} still missing after installing ${E2E_PKGS[*]}"
    else
        say "error: missing ${missing[*]}: the e2e tests drive a headless Chromium and run the README's jq recipe."
        local sudo=sudo
        [ "$(id -u)" != 0 ] || sudo=
        say "install them with:  ${sudo:+$sudo }apt-get install -y --no-install-recommends ${E2E_PKGS[*]}"
        say "(CHROMIUM=<path> names another Chromium binary; as root with apt-get, this script installs them itself)"
        exit 1
    fi
}
