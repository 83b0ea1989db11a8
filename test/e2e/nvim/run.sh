#!/usr/bin/env bash
# Runs the headless Neovim end-to-end test (test/e2e/nvim/lsp_test.lua) against the built server.
# Usage: bash test/e2e/nvim/run.sh      (or: npm run test:nvim)
# Env: NATS_CONF_LSP_SERVER to test another server script, NATS_CONF_E2E_TIMEOUT (seconds, default 120).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
limit="${NATS_CONF_E2E_TIMEOUT:-120}"

if ! command -v nvim >/dev/null 2>&1; then
  echo "nvim e2e: FAILED: nvim not found; install Neovim 0.7+ (Debian/Ubuntu: apt-get install -y neovim)" >&2
  exit 1
fi
if ! command -v node >/dev/null 2>&1; then
  echo "nvim e2e: FAILED: node not found (Node 20+ is needed to run the server)" >&2
  exit 1
fi
if [ -z "${NATS_CONF_LSP_SERVER:-}" ] && [ ! -f "$root/server/out/server.js" ]; then
  echo "nvim e2e: server/out/server.js missing, building (node scripts/build.mjs)"
  (cd "$root" && node scripts/build.mjs)
fi

# A throw-away home: no user config, plugins, shada, swap or LSP log from the real one.
scratch="$(mktemp -d "${TMPDIR:-/tmp}/nats-conf-nvim.XXXXXX")"
cleanup() { rm -rf "$scratch"; }
trap cleanup EXIT
mkdir -p "$scratch/home" "$scratch/config" "$scratch/data" "$scratch/state" "$scratch/cache" "$scratch/run" "$scratch/work"
chmod 700 "$scratch/run"

status=0
(
  cd "$scratch/work"
  env HOME="$scratch/home" \
    XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_STATE_HOME="$scratch/state" \
    XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run" \
    XDG_CONFIG_DIRS="$scratch/config" XDG_DATA_DIRS="/usr/local/share:/usr/share" \
    NATS_CONF_E2E_DIR="$scratch/work" \
    timeout --kill-after=5 "$limit" \
    nvim --headless -u NONE -i NONE -n -c "luafile $here/lsp_test.lua" </dev/null
) >"$scratch/out.txt" 2>&1 || status=$?
cat "$scratch/out.txt"
[ -z "$(tail -c 1 "$scratch/out.txt")" ] || echo   # Neovim's own messages may lack the final newline

summary="$(grep -E '^nvim e2e: [0-9]+ passed' "$scratch/out.txt" | tail -n 1 || true)"
if [ "$status" -eq 0 ] && [ -n "$summary" ]; then
  echo "nvim e2e: PASSED: ${summary#nvim e2e: }"
  exit 0
fi
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  reason="timed out after ${limit}s"
elif [ -n "$summary" ]; then
  reason="${summary#nvim e2e: }"
else
  reason="nvim exited with status $status before the summary"
fi
if [ "$(wc -l <"$scratch/cache/nvim/lsp.log" 2>/dev/null || echo 0)" -gt 1 ]; then
  echo "--- last lines of Neovim's LSP log ---"
  tail -n 20 "$scratch/cache/nvim/lsp.log"
fi
echo "nvim e2e: FAILED: $reason"
[ "$status" -ne 0 ] && exit "$status" || exit 1
