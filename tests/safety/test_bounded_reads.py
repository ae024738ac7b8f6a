"""Every user file is read up to the limit plus one byte, whatever the source says its size is (issue 14 item 3).

``stat().st_size`` is 0 for ``/dev/zero``, a FIFO and a pipe on stdin, so a
size check before reading lets them through, and the read then never ends.
Each test counts the bytes the reader took from a source that has more than
the limit to give (a FIFO fed by a thread, a pipe into a real ``sketchfirst``
process); none of them measures time. ``/dev/zero`` runs in a real process
under an address-space limit, so a reader that does not stop fails with
``MemoryError`` in a second instead of filling the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cli import main
from critique.problems import ProblemError, load_problem
from design.readers.dispatch import MAX_INPUT_BYTES
from support.paths import EXAMPLES, ROOT

#: Bytes a source offers beyond the limit: far more than any pipe buffer (64 KiB on Linux, 1 MiB at most).
EXTRA = 4 * 1024 * 1024
PIPE_SLACK = 1024 * 1024 + 1


class Feeder(threading.Thread):
    """Writes ``total`` bytes (``prefix``, spaces, ``suffix``) into a FIFO, counting what the reader took before it closed."""

    def __init__(self, fifo: Path, total: int, prefix: bytes = b'{"objects": [', suffix: bytes = b"]}"):
        super().__init__(daemon=True)
        self.fifo, self.total, self.prefix, self.suffix = fifo, total, prefix, suffix
        self.written = 0

    def run(self) -> None:
        chunk = b" " * 65536
        padding = self.total - len(self.prefix) - len(self.suffix)
        try:
            with open(self.fifo, "wb", buffering=0) as out:
                for piece in (self.prefix, *[chunk] * (padding // len(chunk)), chunk[: padding % len(chunk)], self.suffix):
                    view = memoryview(piece)
                    while view:
                        n = out.write(view)
                        self.written += n
                        view = view[n:]
        except BrokenPipeError:
            pass  # the reader stopped and closed its end: what we want


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "design.json"
    os.mkfifo(path)
    return path


def feed(fifo: Path, limit: int) -> Feeder:
    feeder = Feeder(fifo, limit + EXTRA)
    feeder.start()
    return feeder


@pytest.mark.parametrize("argv", [
    ["analyze", "{fifo}"],
    ["analyze", "{fifo}", "--format", "json"],
    ["export", "{fifo}", "--to", "json", "-o", "-"],
    ["critique", "{fifo}", "--offline"],
    ["analyze", str(EXAMPLES / "chat.canvas.json"), "--capacity", "{fifo}"],
])
def test_a_fifo_is_read_up_to_the_limit_and_refused(argv, fifo, capsys):
    feeder = feed(fifo, MAX_INPUT_BYTES)
    code = main([a.replace("{fifo}", str(fifo)) for a in argv])
    feeder.join(timeout=60)
    err = capsys.readouterr().err
    assert code == 2 and err == f"sketchfirst: {fifo}: file is larger than 10 MiB\n"
    assert not feeder.is_alive(), "the reader closed the FIFO, so the writer stopped"
    assert feeder.written <= MAX_INPUT_BYTES + 1 + PIPE_SLACK, f"read {feeder.written:,} bytes"


def test_a_problem_file_that_is_a_fifo_is_read_up_to_its_limit(fifo):
    feeder = feed(fifo, MAX_INPUT_BYTES)
    with pytest.raises(ProblemError, match=r"^design\.json: file is larger than \d+ [KM]iB$"):
        load_problem(fifo)
    feeder.join(timeout=60)
    assert not feeder.is_alive() and feeder.written <= MAX_INPUT_BYTES + 1 + PIPE_SLACK


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (768 * 1024 * 1024, 768 * 1024 * 1024))


@pytest.mark.parametrize("argv", [["analyze", "/dev/zero"], ["export", "/dev/zero", "--to", "md", "-o", "-"],
                                  ["analyze", str(EXAMPLES / "chat.canvas.json"), "--capacity", "/dev/zero"]])
def test_dev_zero_is_refused_after_the_limit_in_a_real_process(argv):
    """A reader that trusts ``st_size`` (0 here) reads until memory runs out: MemoryError under the 768 MB cap."""
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), *argv], capture_output=True, text=True, cwd=ROOT,
                            preexec_fn=_limit_memory, timeout=300)
    assert result.returncode == 2, result.stderr[-600:]
    assert result.stderr == "sketchfirst: /dev/zero: file is larger than 10 MiB\n"


class PipeFeeder(threading.Thread):
    """Feeds a child's stdin up to ``total`` bytes, counting what it accepted before the child closed the pipe."""

    def __init__(self, stdin, total: int, head: bytes):
        super().__init__(daemon=True)
        self.stdin, self.total, self.head = stdin, total, head
        self.written = 0

    def run(self) -> None:
        chunk = b" " * 65536
        try:
            self.stdin.write(self.head)
            self.written = len(self.head)
            while self.written < self.total:
                self.written += self.stdin.write(chunk[: self.total - self.written])
            self.stdin.close()
        except (BrokenPipeError, ValueError):
            pass


def test_stdin_dash_is_read_up_to_the_limit_and_refused(tmp_path):
    err_path = tmp_path / "stderr"
    with err_path.open("wb") as err_file:
        proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "analyze", "-"], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=err_file, cwd=ROOT, bufsize=0)
        feeder = PipeFeeder(proc.stdin, MAX_INPUT_BYTES + EXTRA, b'{"objects": [')
        feeder.start()
        code = proc.wait(timeout=300)  # not communicate(): it would close stdin under the feeder
        feeder.join(timeout=60)
        proc.stdin.close()
    assert code == 2 and err_path.read_text() == "sketchfirst: standard input: file is larger than 10 MiB\n"
    assert feeder.written <= MAX_INPUT_BYTES + 1 + PIPE_SLACK, f"read {feeder.written:,} bytes"


def test_stdin_dash_reads_a_design_of_any_supported_format():
    mermaid = "flowchart LR\n  web[Web app] --> db[(Orders DB)]\n"
    for text in (mermaid, (EXAMPLES / "chat.canvas.json").read_text()):
        result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "analyze", "-", "--format", "json"],
                                input=text, capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["components"]


@pytest.mark.parametrize("extra", [0, 1])
def test_exactly_the_limit_is_read_and_one_byte_more_is_refused(extra, fifo, capsys):
    """At the boundary, through a FIFO (no size to trust): a design of exactly the limit is read; one byte more is not."""
    feeder = Feeder(fifo, MAX_INPUT_BYTES + extra)
    feeder.start()
    code = main(["analyze", str(fifo), "--format", "json"])
    feeder.join(timeout=60)
    out, err = capsys.readouterr()
    if extra == 0:
        assert code == 0 and json.loads(out)["components"] == [] and feeder.written == MAX_INPUT_BYTES
    else:
        assert code == 2 and err == f"sketchfirst: {fifo}: file is larger than 10 MiB\n"
