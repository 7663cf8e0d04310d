#!/bin/bash
# Installs what the Neovim tests (test/neovim/run.sh) need, idempotently: Debian's `neovim` package
# (0.7.2 on bookworm), whose built-in LSP client drives the real server. Does nothing when `nvim`
# is already on PATH (SC_NVIM=/path/to/nvim names another one and skips the install).
# Prints the nvim binary on its last line.
set -euo pipefail
if [ -n "${SC_NVIM:-}" ]; then
  [ -x "$SC_NVIM" ] || { echo "setup-neovim: SC_NVIM=$SC_NVIM is not an executable" >&2; exit 1; }
  echo "$SC_NVIM"; exit 0
fi
if ! command -v nvim >/dev/null 2>&1; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "setup-neovim: apt-get install neovim" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends neovim >/dev/null
fi
NVIM=$(command -v nvim)
echo "setup-neovim: $("$NVIM" --version | head -1)" >&2
echo "$NVIM"
