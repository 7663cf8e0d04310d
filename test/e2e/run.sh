#!/bin/bash
# Editor tests (npm run test:editor): the packaged extension in a real VS Code (code-server), offline.
#  1. builds the .vsix (npm run package) unless SC_VSIX names one, and bundles the tests (test/e2e/build.mjs)
#  2. installs the tools once (scripts/setup-e2e-tools.sh: chromium, Node 24, code-server)
#  3. starts a fresh code-server (own run folder, settings from test/e2e/code-server-settings.json,
#     --vscode-option enable-smoke-test-driver) and installs the .vsix into it
#  4. runs the UI test (test/e2e/ui.js: playwright-core + chromium; screenshots in test-artifacts/screenshots/)
#     and the extension tests (test/e2e/suite/*.test.ts through extensionTestsPath, in the Node extension host),
#     each on its own copy of examples/seed-pipeline
#  5. prints `N passed, N failed` and exits non-zero when any test failed.
# Env: SC_VSIX=path (skip packaging), SC_E2E_ONLY=ui|ext, SC_E2E_GREP=<mocha grep>, SC_KEEP_RUN=1 (keep the run folder),
#      SCRIPT_CONTRACTS_TOOLS (tools folder), PORT.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
ART=$ROOT/test-artifacts
SHOTS=$ART/screenshots
log() { echo "[test:editor] $*"; }

# ---- 1. build
if [ -n "${SC_VSIX:-}" ]; then
  VSIX=$(cd "$(dirname "$SC_VSIX")" && pwd)/$(basename "$SC_VSIX")
  log "using $VSIX"
else
  log "packaging the extension (npm run package)"
  npm run --silent package || { log "packaging failed"; echo "0 passed, 1 failed"; exit 1; }
  VSIX=$ROOT/dist/script-contracts.vsix
fi
node test/e2e/build.mjs || { echo "0 passed, 1 failed"; exit 1; }
[ -d examples/seed-pipeline ] || { log "examples/seed-pipeline is missing"; echo "0 passed, 1 failed"; exit 1; }

# ---- 2. tools
TOOLS=$(bash scripts/setup-e2e-tools.sh | tail -1) || { log "tool setup failed"; echo "0 passed, 1 failed"; exit 1; }
N24=$TOOLS/node24/node_modules/node/bin
CS_BIN=$TOOLS/cs/node_modules/.bin/code-server

# ---- 3. a fresh code-server
RUN=$(mktemp -d -t sc-e2e-XXXXXX)
mkdir -p "$RUN/user/User" "$RUN/exts" "$RUN/xdg-config" "$RUN/xdg-data" "$SHOTS"
rm -f "$SHOTS"/*.png
cp test/e2e/code-server-settings.json "$RUN/user/User/settings.json"
cp -r examples/seed-pipeline "$RUN/ws-ui"
cp -r examples/seed-pipeline "$RUN/ws-test"
# The notebook example beside it (its own script-contracts.toml applies to it): suite/3-notebook.test.ts.
cp -r examples/notebook "$RUN/ws-test/notebook"
export XDG_CONFIG_HOME=$RUN/xdg-config XDG_DATA_HOME=$RUN/xdg-data   # keeps code-server out of ~/.config
CS=("$CS_BIN" --user-data-dir "$RUN/user" --extensions-dir "$RUN/exts")
PATH=$N24:$PATH "${CS[@]}" --install-extension "$VSIX" >"$RUN/install.log" 2>&1 || { cat "$RUN/install.log"; log "installing the .vsix failed"; echo "0 passed, 1 failed"; exit 1; }
EXT_DIR=$(ls -d "$RUN"/exts/script-contracts.script-contracts-* 2>/dev/null | head -1)
[ -d "$EXT_DIR" ] || { log "the .vsix did not install into $RUN/exts"; echo "0 passed, 1 failed"; exit 1; }
PORT=${PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
SC_E2E_RESULT=$RUN/exttest-result.json PATH=$N24:$PATH setsid "${CS[@]}" --auth none --bind-addr 127.0.0.1:$PORT \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --vscode-option enable-smoke-test-driver >"$RUN/code-server.log" 2>&1 &
CSPID=$!
cleanup() {
  kill -- -"$CSPID" 2>/dev/null    # the whole group: code-server, extension hosts, language servers
  wait "$CSPID" 2>/dev/null
  mkdir -p "$ART"
  cp "$RUN/code-server.log" "$RUN"/*.log "$ART/" 2>/dev/null
  [ -n "${SC_KEEP_RUN:-}" ] && log "run folder kept: $RUN" || rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
node -e '
  const url = process.argv[1], end = Date.now() + 30000;
  (function poll() {
    fetch(url).then((r) => (r.ok ? process.exit(0) : retry()), retry);
    function retry() { if (Date.now() > end) process.exit(1); setTimeout(poll, 200); }
  })();' "http://127.0.0.1:$PORT/healthz" || { log "code-server did not start"; tail -20 "$RUN/code-server.log"; echo "0 passed, 1 failed"; exit 1; }
log "code-server $PORT (pid $CSPID), extension at $EXT_DIR"

# ---- 4. tests (playwright-core runs on the system Node, not Node 24)
T0=$(date +%s)
if [ "${SC_E2E_ONLY:-}" != ext ]; then
  log "UI test"
  SHOTS=$SHOTS SC_UI_RESULT=$RUN/ui-result.json CS_URL="http://127.0.0.1:$PORT/?folder=$RUN/ws-ui" node test/e2e/ui.js
fi
if [ "${SC_E2E_ONLY:-}" != ui ]; then
  log "extension tests"
  node test/e2e/exttest.js "http://127.0.0.1:$PORT" "$RUN/ws-test" "$EXT_DIR" "$ROOT/out/e2e/suite/index.js" >"$RUN/exttest.log" 2>&1
  # the test host's own console output, without the workbench's noise
  grep -v "^%c\|INFO\|socket\|connection token\|ENOTFOUND\|^    at \|AccountPolicy\|grace-time\|builtin ext\|Service Worker\|AgentHost\|\[Extension Host\]\|Extension host agent\|NO_PROXY\|ERR_CONNECTION" "$RUN/exttest.log" | sed 's/^/  /'
fi
log "tests took $(( $(date +%s) - T0 ))s"

# ---- 5. summary
node - "$RUN/ui-result.json" "$RUN/exttest-result.json" "${SC_E2E_ONLY:-}" <<'JS'
const fs = require('fs');
const [uiFile, extFile, only] = process.argv.slice(2);
let passed = 0, failed = 0;
const read = (f, what, expected) => {
  if (!expected) return;
  if (!fs.existsSync(f)) { failed++; console.log(`  ✘ ${what}: no results (the run did not finish)`); return; }
  for (const t of JSON.parse(fs.readFileSync(f, 'utf8')).tests) {
    if (t.state === 'passed') passed++;
    else if (t.state === 'failed') { failed++; console.log(`  ✘ ${t.title}\n      ${(t.error || '').split('\n')[0]}`); }
  }
};
read(uiFile, 'UI test', only !== 'ext');
read(extFile, 'extension tests', only !== 'ui');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
JS
