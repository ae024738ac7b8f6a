"""Each command imports what it uses: the Anthropic SDK only when Claude is called, Streamlit never.

The SDK (with pydantic and httpx2) takes over a second to import, and it was
imported by every command, ``--help`` included (issue 11). Each command runs
in a fresh process here, and what it left in ``sys.modules`` is checked;
``benchmarks/startup.py`` shows what that saves.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from support.paths import EXAMPLES, ROOT

SDK = {"anthropic", "pydantic", "pydantic_core", "httpx2"}
APP = {"streamlit", "streamlit_drawable_canvas", "altair", "pyarrow"}

_WRAPPER = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {root!r})
    import cli
    try:
        code = cli.main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
    print("MODULES " + json.dumps(sorted({{m.split(".")[0] for m in sys.modules}})), file=sys.stderr)
    sys.exit(code)
""")


def loaded(args: list[str], env: dict[str, str], cwd) -> tuple[int, set[str], str]:
    """Run ``sketchfirst ARGS`` in a fresh interpreter; its exit code, top-level modules loaded, and stderr."""
    out = subprocess.run([sys.executable, "-c", _WRAPPER.format(root=str(ROOT)), *args], capture_output=True,
                         text=True, cwd=cwd, env=env, timeout=120)
    line = next(ln for ln in out.stderr.splitlines() if ln.startswith("MODULES "))
    return out.returncode, set(json.loads(line.removeprefix("MODULES "))), out.stderr


@pytest.fixture
def env(tmp_path, monkeypatch):
    import os

    return {**os.environ, "SKETCHFIRST_DB": str(tmp_path / "s.db")}


CHAT = str(EXAMPLES / "chat.canvas.json")


@pytest.mark.parametrize("args", [
    ["--help"],
    ["analyze", CHAT],
    ["analyze", CHAT, "--format", "json", "--kill", "cassandra-cluster"],
    ["export", CHAT, "--to", "md", "-o", "out/"],
    ["export", CHAT, "--to", "bundle", "-o", "out/"],
    ["critique", CHAT],  # no key: the offline critic
    ["critique", CHAT, "--offline", "--format", "json"],
], ids=lambda a: " ".join(x for x in a if not x.endswith(".json")))
def test_commands_that_do_not_call_claude_never_import_the_sdk_or_streamlit(args, env, tmp_path):
    code, modules, err = loaded(args, env, tmp_path)
    assert code in (0, 1), err
    assert not modules & SDK, f"{args[0]} imported {sorted(modules & SDK)}"
    assert not modules & APP, f"{args[0]} imported {sorted(modules & APP)}"
    assert "networkx" in modules or args == ["--help"]  # the check sees real imports


def test_offline_with_a_key_set_still_imports_no_sdk(env, tmp_path):
    env = {**env, "ANTHROPIC_API_KEY": "sk-ant-not-used", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9"}
    code, modules, err = loaded(["critique", CHAT, "--offline"], env, tmp_path)
    assert code == 0 and not modules & SDK, err


def test_critique_with_a_key_imports_the_sdk_because_it_calls_claude(env, tmp_path):
    # Nothing listens on the discard port, so the call fails at once and the offline critique stands in.
    env = {**env, "ANTHROPIC_API_KEY": "sk-ant-not-used", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9"}
    code, modules, err = loaded(["critique", CHAT], env, tmp_path)
    assert code == 0, err
    assert "anthropic" in modules
