"""``sketchfirst critique`` prints the critic's words, never its terminal escapes (issue 14 item 13).

The reply comes from a model (or whatever answers at ``ANTHROPIC_BASE_URL``:
a proxy, a prompt-injected reply). Printed raw, its text can clear the screen
(CSI), retitle the window (OSC 0), write the clipboard (OSC 52), ring the bell,
use 8-bit C1 controls and reorder the line with bidi overrides. Text output
shows every probe field cleaned as labels are; JSON output keeps the exact
text, with every control and format character written as a JSON escape.
The reply travels through the real SDK from the loopback stub.
"""

from __future__ import annotations

import json
import unicodedata

import pytest

from cli import main
from support.anthropic_stub import StubAPI, good
from support.critique_designs import DESIGNS

KEY = "sk-ant-FAKE-terminal-0123456789"
ESCAPES = {
    "clear screen": "\x1b[2J\x1b[H",
    "retitle": "\x1b]0;owned\x07",
    "clipboard": "\x1b]52;c;cm0gLXJmIH4vCg==\x07",
    "colour": "\x1b[31;1m",
    "bell": "\x07",
    "C1 CSI": "\x9b2J",
    "C1 OSC": "\x9d0;owned\x9c",
    "C1 DCS": "\x90q\x9c",
    "bidi": "\u202egnp.exe\u202c \u2066isolate\u2069 \u200f",
    "backspace": "safe\x08\x08\x08\x08evil",
    "NUL": "a\x00b",
}
HOSTILE = "".join(ESCAPES.values())
QUESTION = f"What happens to writes when Postgres dies?{HOSTILE}"
WHY = f"Because{HOSTILE} it is the only copy."


def unsafe(text: str) -> list[str]:
    return [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs")]


@pytest.fixture
def design_file(tmp_path):
    path = tmp_path / "shop.canvas.json"
    path.write_text(json.dumps(DESIGNS["minimal"]))
    return path


def critique(design_file, monkeypatch, capsys, fmt: str) -> str:
    with StubAPI() as api:
        api.push(good([{"question": QUESTION, "why_it_matters": WHY, "targets": ["postgres"],
                        "category": "durability", "severity": "high"}]))
        monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
        monkeypatch.setenv("ANTHROPIC_BASE_URL", api.url)
        monkeypatch.setenv("SKETCHFIRST_MODEL", "claude-haiku-5-5" + ESCAPES["retitle"])
        assert main(["critique", str(design_file), "--format", fmt]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_text_output_carries_no_escape_sequence_from_the_reply(design_file, monkeypatch, capsys):
    out = critique(design_file, monkeypatch, capsys, "text")
    assert "claude-haiku-5-5" in out, "the critic's reply was used (not the offline fallback)"
    assert unsafe(out) == []
    assert "What happens to writes when Postgres dies?" in out and "it is the only copy." in out
    assert "Q1. [HIGH · durability]" in out


def test_json_output_keeps_the_exact_text_with_every_control_escaped(design_file, monkeypatch, capsys):
    out = critique(design_file, monkeypatch, capsys, "json")
    assert unsafe(out) == [], "C1 controls and bidi overrides are escaped too, not only C0"
    data = json.loads(out)
    assert data["critic"] == "claude"
    assert data["probes"][0]["question"] == QUESTION and data["probes"][0]["why_it_matters"] == WHY
    assert "\\u009b" in out and "\\u202e" in out and "\\u001b" in out
