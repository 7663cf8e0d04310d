#!/bin/bash
# Installs what the packaging tests (test/packages/run.sh) need, idempotently, from Debian only
# (the machine reaches no Python index, so nothing comes from PyPI):
#   - python3-build and python3-hatchling: `python3 -m build --wheel --no-isolation` of python/
#   - python3-venv: a fresh venv to install the wheel into
#   - pre-commit (3.0.4 on Debian 12): runs the hook of .pre-commit-hooks.yaml from a clone
# All of them are used through Debian's interpreter, /usr/bin/python3, which is the one these
# packages install into (a python3 earlier on PATH, e.g. pyenv's, does not see them).
# Prints nothing on stdout when everything is there already.
set -euo pipefail
PY=/usr/bin/python3
need_apt=()
[ -x "$PY" ] || need_apt+=(python3)
"$PY" -c 'import build' 2>/dev/null || need_apt+=(python3-build)
"$PY" -c 'import hatchling' 2>/dev/null || need_apt+=(python3-hatchling)
"$PY" -c 'import ensurepip, venv' 2>/dev/null || need_apt+=(python3-venv)
[ -x /usr/bin/pre-commit ] || need_apt+=(pre-commit)
command -v git >/dev/null 2>&1 || need_apt+=(git)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "setup-packaging-tools: apt-get install ${need_apt[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
