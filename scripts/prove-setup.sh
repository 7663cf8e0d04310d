#!/bin/bash
# Proves that the editor-test tools install on a machine that never had them: runs
# scripts/setup-e2e-tools.sh into an empty tools folder, then the editor tests with it.
#
#   bash scripts/prove-setup.sh            # always (npm run test:fresh)
#   bash scripts/prove-setup.sh --if-changed
#       only when the setup scripts or their pinned versions changed since the last proof
#       on this machine (a stamp of their hash in the tools folder); CI runs this, because its
#       machines keep the tools folder and the apt packages, which would hide a broken install.
#
# The Debian packages (chromium, libkrb5-dev, neovim, python3-build, ...) cannot be removed to
# prove their install without root's say-so on a shared machine; their install lines are plain
# apt-get, and a machine without them runs them (see test/e2e/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${SCRIPT_CONTRACTS_TOOLS:-$HOME/.cache/script-contracts-tools}
STAMP=$TOOLS/.setup-proven
HASH=$(cat scripts/setup-e2e-tools.sh scripts/setup-neovim.sh scripts/setup-packaging-tools.sh test/e2e/run.sh | sha256sum | cut -c1-16)
if [ "${1:-}" = --if-changed ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$HASH" ]; then
  echo "prove-setup: the setup is unchanged since it was last proven from nothing ($HASH)"
  exit 0
fi
FRESH=$(mktemp -d -t sc-fresh-tools-XXXXXX)
trap 'rm -rf "$FRESH"' EXIT
echo "prove-setup: installing the editor-test tools into an empty folder ($FRESH)"
T0=$(date +%s)
SCRIPT_CONTRACTS_TOOLS=$FRESH bash scripts/setup-e2e-tools.sh >/dev/null
echo "prove-setup: installed in $(( $(date +%s) - T0 )) s, $(du -sm "$FRESH" | cut -f1) MB"
SCRIPT_CONTRACTS_TOOLS=$FRESH SC_E2E_ONLY=ext bash test/e2e/run.sh
mkdir -p "$TOOLS"
echo "$HASH" > "$STAMP"
echo "prove-setup: proven ($HASH)"
