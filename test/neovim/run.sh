#!/bin/bash
# Neovim tests (npm run test:neovim): the real language server (dist/server.js server --stdio) driven by
# Neovim's own built-in LSP client, headless.
#  1. builds dist/server.js (npm run build) unless SC_TEST_SERVER names a server bundle to test
#  2. installs Neovim once (scripts/setup-neovim.sh: Debian's neovim, 0.7.2 on bookworm)
#  3. runs each case of test/neovim/cases.lua in a fresh Neovim
#       nvim --headless -u NONE -i NONE --noplugin -c 'luafile test/neovim/driver.lua'
#     on its own copy of examples/seed-pipeline, under an outer `timeout` so that nothing can hang
#  4. prints `N passed, N failed` and exits non-zero when any case failed.
# A case in EXPECTED_FAILURES fails today because of a known server issue: its failure is reported as
# "expected failure (...)" and does not fail the run; if it passes, the run fails, so that the entry
# is removed once the server is fixed.
# Env: SC_NEOVIM_ONLY=<case>[,<case>...], SC_NEOVIM_TIMEOUT=<seconds per case, default 30>,
#      SC_NVIM=<nvim binary>, SC_TEST_SERVER=<server bundle>, SC_LSP_LOG=<Neovim lsp.log level>,
#      SC_KEEP_RUN=1 (keep the run folder).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd -P)
cd "$ROOT"
log() { echo "[test:neovim] $*"; }
ART=$ROOT/test-artifacts/neovim
TIMEOUT=${SC_NEOVIM_TIMEOUT:-30}

# Known server issues, by case. Empty an entry when the server is fixed (the run then fails until you do).
declare -A EXPECTED_FAILURES=(
)

# ---- 1. the server
if [ -n "${SC_TEST_SERVER:-}" ]; then
  SERVER=$(cd "$(dirname "$SC_TEST_SERVER")" && pwd -P)/$(basename "$SC_TEST_SERVER")
else
  npm run --silent build >/dev/null || { log "npm run build failed"; echo "0 passed, 1 failed"; exit 1; }
  SERVER=$ROOT/dist/server.js
fi
[ -f "$SERVER" ] || { log "no server bundle at $SERVER"; echo "0 passed, 1 failed"; exit 1; }
NODE=$(command -v node)

# ---- 2. Neovim
NVIM=$(bash scripts/setup-neovim.sh | tail -1) || { log "Neovim setup failed"; echo "0 passed, 1 failed"; exit 1; }
log "$("$NVIM" --version | head -1), server $SERVER"

RUN=$(cd "$(mktemp -d -t sc-neovim-XXXXXX)" && pwd -P)
cleanup() { [ -n "${SC_KEEP_RUN:-}" ] && log "run folder kept: $RUN" || rm -rf "$RUN"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
rm -rf "$ART" && mkdir -p "$ART"

# One fresh Neovim on one case. Sets CASE_DIR; returns nvim's status (124 when the outer timeout hit).
nvim_case() {
  local name=$1
  CASE_DIR=$RUN/$name
  mkdir -p "$CASE_DIR/xdg" "$CASE_DIR/cache"
  [ "$name" = list ] || cp -r examples/seed-pipeline "$CASE_DIR/ws"
  # Neovim's own files (lsp.log, shada, swap) and the server's facts cache stay in the case folder.
  env XDG_CONFIG_HOME="$CASE_DIR/xdg/config" XDG_DATA_HOME="$CASE_DIR/xdg/data" XDG_STATE_HOME="$CASE_DIR/xdg/state" \
    XDG_CACHE_HOME="$CASE_DIR/xdg/cache" SCRIPT_CONTRACTS_CACHE_DIR="$CASE_DIR/cache" \
    SC_CASE="$name" SC_WS="$CASE_DIR/ws" SC_SERVER="$SERVER" SC_NODE="$NODE" SC_RESULT="$CASE_DIR/result" SC_NOTES="$CASE_DIR/notes" \
    SC_SERVER_EXIT="$CASE_DIR/server-exit" SC_SERVER_PID="$CASE_DIR/server-pid" \
    timeout -k 5 "$TIMEOUT" "$NVIM" --headless -u NONE -i NONE --noplugin -n \
      -c "luafile $ROOT/test/neovim/driver.lua" </dev/null >"$CASE_DIR/nvim.log" 2>&1
}

# Waits (polling, up to $2 seconds) until process $1 is gone; returns 1 if it is still there.
gone() {
  local pid=$1 end=$(( $(date +%s) + $2 ))
  while kill -0 "$pid" 2>/dev/null; do
    [ "$(date +%s)" -ge "$end" ] && return 1
    sleep 0.05
  done
  return 0
}

# ---- 3. the cases
nvim_case list
if [ ! -s "$RUN/list/result" ]; then
  log "the driver could not list the cases"; cat "$RUN/list/nvim.log"; echo "0 passed, 1 failed"; exit 1
fi
mapfile -t CASES <"$RUN/list/result"
if [ -n "${SC_NEOVIM_ONLY:-}" ]; then
  IFS=, read -ra ONLY <<<"$SC_NEOVIM_ONLY"
  CASES=("${ONLY[@]}")
fi

passed=0 failed=0 xfailed=0
T0=$(date +%s%N)
for name in "${CASES[@]}"; do
  t0=$(date +%s%N)
  nvim_case "$name"
  status=$?
  verdict=$(head -1 "$CASE_DIR/result" 2>/dev/null)
  detail=$(tail -n +1 "$CASE_DIR/result" 2>/dev/null | sed '1s/^fail //')
  if [ "$status" = 124 ] || [ "$status" = 137 ]; then
    verdict="fail"; detail="Neovim did not finish within ${TIMEOUT}s (killed by the outer timeout)${detail:+; last result: $detail}"
  elif [ -z "$verdict" ]; then
    verdict="fail"; detail="Neovim exited with status $status without a result"
  fi
  # The server must not outlive Neovim. For the shutdown case it must also have exited by itself, with
  # code 0 (shutdown received before exit); elsewhere a server left behind is killed (by its pid).
  spid=$(cat "$CASE_DIR/server-pid" 2>/dev/null)
  if [ -n "$spid" ]; then
    if [ "$name" = shutdown ]; then
      if ! gone "$spid" 10; then
        verdict="fail"; detail="the server (pid $spid) was still running 10 s after :qa"
        kill "$spid" 2>/dev/null
      elif [ "${verdict%% *}" = pass ]; then
        read -r code signal <"$CASE_DIR/server-exit" 2>/dev/null
        if [ "${code:-}" != 0 ] || [ "${signal:-}" != 0 ]; then
          verdict="fail"; detail="the server exited with code ${code:-?}, signal ${signal:-?} after :qa (want code 0, signal 0: a clean shutdown)"
        fi
      fi
    elif ! gone "$spid" 10; then
      log "$name: the server (pid $spid) outlived Neovim; killing it"
      kill "$spid" 2>/dev/null
    fi
  elif [ "$name" = shutdown ] && [ "${verdict%% *}" = pass ]; then
    verdict="fail"; detail="no server pid was recorded"
  fi
  [ -s "$CASE_DIR/notes" ] && [ "${verdict%% *}" != pass ] && detail="$detail
$(sed 's/^/note: /' "$CASE_DIR/notes")"
  if [ "$status" = 124 ] || [ "$status" = 137 ]; then
    detail="$detail
$(grep -v '^$' "$CASE_DIR/nvim.log" | tail -4 | sed 's/^/nvim: /')"
  fi
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  cp "$CASE_DIR/nvim.log" "$ART/$name.nvim.log" 2>/dev/null
  cp "$CASE_DIR/xdg/cache/nvim/lsp.log" "$ART/$name.lsp.log" 2>/dev/null || cp "$CASE_DIR/xdg/state/nvim/lsp.log" "$ART/$name.lsp.log" 2>/dev/null
  expected=${EXPECTED_FAILURES[$name]:-}
  if [ "${verdict%% *}" = pass ]; then
    if [ -n "$expected" ]; then
      failed=$((failed + 1))
      echo "  ✘ $name (${ms} ms): passed, but is listed in EXPECTED_FAILURES ($expected); remove it from test/neovim/run.sh"
    else
      passed=$((passed + 1))
      echo "  ✔ $name (${ms} ms)"
    fi
  elif [ -n "$expected" ]; then
    xfailed=$((xfailed + 1))
    echo "  ~ $name (${ms} ms): expected failure ($expected)"
    echo "$detail" | sed 's/^/      /'
  else
    failed=$((failed + 1))
    echo "  ✘ $name (${ms} ms)"
    echo "$detail" | sed 's/^/      /'
    [ "$status" = 124 ] || [ "$status" = 137 ] || grep -v '^$' "$CASE_DIR/nvim.log" | tail -15 | sed 's/^/      nvim: /'
  fi
done
log "cases took $(( ($(date +%s%N) - T0) / 1000000 )) ms; logs in test-artifacts/neovim/"
[ "$xfailed" -gt 0 ] && echo "$xfailed expected failures (EXPECTED_FAILURES in test/neovim/run.sh)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
