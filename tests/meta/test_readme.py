"""The README's command-line section says what the CLI does: its examples run, its lists match the code."""

from __future__ import annotations

import re
import shlex

import pytest

import cli
from critique.models import Mode
from design.exports.formats import FORMATS
from support.paths import ROOT

README = (ROOT / "README.md").read_text()


def example_commands() -> list[list[str]]:
    """The README's `sketchfirst` lines whose input is a file in this repository."""
    out = []
    for line in README.splitlines():
        m = re.match(r"\.venv/bin/sketchfirst (analyze|export) (.*)", line.strip())
        if not m:
            continue
        args = shlex.split(m.group(2).split("#")[0].split(">")[0])
        if args[0].startswith("examples/"):
            out.append([m.group(1), *args])
    return out


@pytest.mark.parametrize("argv", example_commands(), ids=" ".join)
def test_every_readme_example_on_a_shipped_file_runs(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    assert cli.main(argv) in (0, 1), capsys.readouterr().err


def test_the_readme_examples_cover_analyze_kill_and_export():
    joined = [" ".join(a) for a in example_commands()]
    assert any("--kill" in a for a in joined) and any(a.startswith("export") for a in joined)


def test_the_readme_lists_every_export_format_and_critique_mode():
    formats = re.search(r"`--to` is one of ((?:`[a-z]+`(?:, )?)+)", README)
    assert formats is not None
    assert re.findall(r"`([a-z]+)`", formats.group(1)) == list(FORMATS)
    modes = re.search(r"--mode ([a-z|]+)\]", README)
    assert modes is not None and modes.group(1).split("|") == [m.value for m in Mode]
