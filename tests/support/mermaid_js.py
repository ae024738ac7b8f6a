"""Mermaid's own parser (mermaid-js under Node, in tests/js) as a function, for tests that check Mermaid text.

Needs Node and ``npm ci --prefix tests/js --ignore-scripts``; without them the
calling test skips and says why (or fails under ``SKETCHFIRST_REQUIRE_NODE=1``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable

import pytest

from support.paths import TESTS

JS = TESTS / "js"


def mermaid_parser() -> Callable[[list[str]], list[dict]]:
    """A function: list of Mermaid texts → list of results from ``mermaid.parse()`` (see tests/js/mermaid_parse.mjs)."""
    missing = None
    if shutil.which("node") is None:
        missing = "node is not on PATH"
    elif not (JS / "node_modules" / "mermaid").is_dir():
        missing = "mermaid-js is not installed (npm ci --prefix tests/js --ignore-scripts)"
    if missing:
        if os.environ.get("SKETCHFIRST_REQUIRE_NODE") == "1":
            pytest.fail(f"{missing}, and SKETCHFIRST_REQUIRE_NODE=1")
        pytest.skip(missing)

    def parse(texts: list[str]) -> list[dict]:
        out = subprocess.run(["node", str(JS / "mermaid_parse.mjs")], input=json.dumps(texts), capture_output=True,
                             text=True, timeout=300, cwd=JS)
        assert out.returncode == 0, out.stderr[-2000:]
        return json.loads(out.stdout)

    return parse
