#!/usr/bin/env bash
# Installs what the end-to-end tests need, idempotently, with pinned versions:
#   - Debian packages: chromium (the browser playwright-core drives), libkrb5-dev (headers for
#     code-server's 'kerberos' native module), ripgrep (stands in for @vscode/ripgrep's GitHub download)
#   - code-server 4.100.3 (VS Code 1.100.3, the newest on Node 20) into $E2E_ROOT/cs
#   - test/e2e/package.json's pinned tools (playwright-core, mocha, @vscode/test-electron) into test/e2e/node_modules
# Nothing is downloaded from anywhere but the npm registry and Debian apt.
#
# Usage: bash scripts/e2e-setup.sh           install what is missing, then verify
#        bash scripts/e2e-setup.sh --check   only verify; exit 1 with the command to run when something is missing
# Env:   E2E_ROOT (default <repo>/.e2e, git-ignored)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
E2E_ROOT=${E2E_ROOT:-$REPO/.e2e}
CS_VERSION=4.100.3            # last code-server whose engines.node is 20 (VS Code 1.100.3)
RG_NPM_VERSION=1.15.11        # @vscode/ripgrep pinned by code-server 4.100.3's lib/vscode/npm-shrinkwrap.json
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz   # the asset that version's postinstall would download
APT_PACKAGES=(chromium libkrb5-dev ripgrep)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CS_PKG="$E2E_ROOT/cs/node_modules/code-server"
E2E_DIR="$REPO/test/e2e"

CHECK_ONLY=0
case "${1:-}" in
  --check) CHECK_ONLY=1 ;;
  "") ;;
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
  *) echo "e2e-setup: unknown argument '$1' (use --check or nothing)" >&2; exit 2 ;;
esac

say() { echo "[e2e-setup] $*"; }
die() { echo "[e2e-setup] ERROR: $*" >&2; exit 1; }
SETUP_CMD="bash scripts/e2e-setup.sh"
[ "$E2E_ROOT" = "$REPO/.e2e" ] || SETUP_CMD="E2E_ROOT=$E2E_ROOT $SETUP_CMD"
fix_hint() {
  if [ "$CHECK_ONLY" = 1 ]; then
    die "$1
  Run:  $SETUP_CMD    (in $REPO; installs what is missing: about 1.5 min with apt, 3 min on a cold machine)"
  fi
}

# --- 1. Debian packages ----------------------------------------------------------------------
missing_apt=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing_apt+=("$p"); fi
done
if [ ${#missing_apt[@]} -gt 0 ]; then
  fix_hint "Debian packages missing: ${missing_apt[*]}"
  if [ "$(id -u)" != 0 ]; then
    die "Debian packages missing: ${missing_apt[*]}
  Run as root:  apt-get update && apt-get install -y ${missing_apt[*]}
  then run this script again."
  fi
  say "apt-get install ${missing_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing_apt[@]}" >/dev/null
fi

# --- 2. code-server --------------------------------------------------------------------------
cs_ok() {
  [ -f "$CS_PKG/package.json" ] &&
    [ "$(node -p "require('$CS_PKG/package.json').version" 2>/dev/null)" = "$CS_VERSION" ] &&
    # its postinstall runs a nested `npm install` in lib/vscode; without it code-server cannot start
    [ -d "$CS_PKG/lib/vscode/node_modules" ] &&
    # native modules its nested install builds (skipped install scripts would leave these out)
    [ -f "$CS_PKG/lib/vscode/node_modules/node-pty/build/Release/pty.node" ] &&
    [ -f "$CS_PKG/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] &&
    [ -f "$E2E_ROOT/cs/.installed-$CS_VERSION" ]
}
if ! cs_ok; then
  fix_hint "code-server $CS_VERSION is not (completely) installed in $E2E_ROOT/cs"
  say "installing code-server@$CS_VERSION into $E2E_ROOT/cs (about 1 min: downloads plus native builds)"
  mkdir -p "$E2E_ROOT/cs" "$E2E_ROOT/tmp"
  rm -f "$E2E_ROOT/cs/.installed-"*
  # @vscode/ripgrep's postinstall downloads rg from api.github.com (unreachable). It first looks in
  # $TMPDIR/vscode-ripgrep-cache-<version>/<asset>; seed that with Debian's rg.
  rg_cache="$E2E_ROOT/tmp/vscode-ripgrep-cache-$RG_NPM_VERSION"
  if [ ! -f "$rg_cache/$RG_ASSET" ]; then
    rgdir=$(mktemp -d)
    cp /usr/bin/rg "$rgdir/rg"
    mkdir -p "$rg_cache"
    tar czf "$rg_cache/$RG_ASSET" -C "$rgdir" rg
    rm -rf "$rgdir"
  fi
  # The host package.json declares which dependencies may run install scripts (npm >= 11.16 reads
  # allowScripts; npm 12 blocks the rest). code-server's postinstall is what installs VS Code.
  cat > "$E2E_ROOT/cs/package.json" <<JSON
{
  "name": "e2e-code-server-host",
  "private": true,
  "dependencies": { "code-server": "$CS_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
  # - --unsafe-perm: code-server's postinstall.sh refuses to run as root without it
  #   (npm 11 prints 'Unknown cli config "--unsafe-perm"'; harmless)
  # - npm_config_yes=true: node-pty's postinstall runs `npx node-gyp`, and ~/.npmrc may say yes=false
  # - TMPDIR: where the seeded ripgrep cache lives
  (cd "$E2E_ROOT/cs" && TMPDIR="$E2E_ROOT/tmp" npm_config_yes=true \
    npm install --unsafe-perm --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION") ||
    die "npm install code-server@$CS_VERSION failed (see above). Common causes: libkrb5-dev missing
  (gssapi/gssapi.h), the ripgrep cache not seeded (ENOTFOUND api.github.com), npx refusing node-gyp (npm_config_yes)."
  [ -d "$CS_PKG/lib/vscode/node_modules" ] ||
    die "code-server's postinstall did not run ($CS_PKG/lib/vscode/node_modules is missing).
  npm may have skipped install scripts. Run: rm -rf $E2E_ROOT/cs && $SETUP_CMD"
  touch "$E2E_ROOT/cs/.installed-$CS_VERSION"
fi
cs_ok || die "code-server $CS_VERSION in $E2E_ROOT/cs is incomplete. Run: rm -rf $E2E_ROOT/cs && $SETUP_CMD"

# --- 3. test/e2e tools (pinned in test/e2e/package-lock.json) --------------------------------
lock_sum=$(sha256sum "$E2E_DIR/package-lock.json" | cut -d' ' -f1)
stamp="$E2E_DIR/node_modules/.e2e-lock-sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ] || [ ! -d "$E2E_DIR/node_modules/playwright-core" ]; then
  fix_hint "test/e2e/node_modules is missing or older than test/e2e/package-lock.json"
  say "npm ci in test/e2e"
  (cd "$E2E_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$stamp"
fi
for m in playwright-core mocha @vscode/test-electron; do
  [ -f "$E2E_DIR/node_modules/$m/package.json" ] || die "test/e2e/node_modules/$m is missing. Run: (cd test/e2e && npm ci)"
done

# --- 4. smoke checks -------------------------------------------------------------------------
# Chromium and code-server both write under ~ unless pointed elsewhere.
scratch="$E2E_ROOT/tmp/setup-home"
mkdir -p "$scratch"
chromium_version=$(HOME="$scratch" XDG_CONFIG_HOME="$scratch/.config" XDG_CACHE_HOME="$scratch/.cache" \
  "$CHROMIUM" --version 2>/dev/null | grep -Eo 'Chromium [0-9.]+' | head -1) ||
  die "$CHROMIUM --version failed. Run as root: apt-get update && apt-get install -y chromium"
[ -n "$chromium_version" ] || die "$CHROMIUM --version printed no version. Run as root: apt-get install --reinstall -y chromium"
cs_version=$(HOME="$scratch" XDG_CONFIG_HOME="$scratch/.config" XDG_DATA_HOME="$scratch/.local/share" \
  "$E2E_ROOT/cs/node_modules/.bin/code-server" --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+ [0-9a-f]+' | head -1) ||
  die "code-server --version failed. Run: rm -rf $E2E_ROOT/cs && $SETUP_CMD"
say "ok: $chromium_version; code-server $cs_version; playwright-core $(node -p "require('$E2E_DIR/node_modules/playwright-core/package.json').version")"
