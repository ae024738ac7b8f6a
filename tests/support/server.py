"""The real app on a loopback port, and Debian's Chromium: what browser tests and scripts start."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from support.paths import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: Words that mark a line of the server's log as a problem: a warning, an error, a stack trace.
_PROBLEM = re.compile(r"traceback|warn|error|exception|critical|deprecat", re.IGNORECASE)
#: Streamlit's own lines start with the time; an INFO or DEBUG one is ordinary unless its words say otherwise.
_STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[.,]\d+ (?:(?:DEBUG|INFO|WARNING|ERROR|CRITICAL) )?")

#: Exact log messages that are not ours to fix, each with the reason. Add one only for a line truly outside
#: the project's control, matching that message exactly (never a pattern).
ALLOWED_LOG_LINES: dict[str, str] = {
    # st.logout sends the provider's end_session back to /oauth2callback (Streamlit 1.67 hard-codes it as
    # post_logout_redirect_uri), which arrives without a login state; Streamlit then logs this and redirects
    # home, signed out, as intended. It happens on every sign-out against a provider with end_session
    # (streamlit/streamlit#13101); nothing of ours is involved.
    "Missing provider for OAuth callback; this often indicates a stale or replayed callback (for example, "
    "from browser back/forward navigation).": "Streamlit's sign-out round trip",
}

#: Stack traces that are not ours to fix, by (the innermost frame's function, the exception line), each with
#: the reason. Only a trace whose every frame is in Streamlit itself can be listed (checked below).
ALLOWED_TRACEBACKS: dict[tuple[str, str], str] = {
    # Streamlit 1.67 races two script runners of one session: a page switch (st.switch_page) while a
    # fragment's timed rerun (the practice clock, run_every=1s) is queued lets the next runner change the
    # session state while the finishing one walks it in SessionState._reset_triggers. The run itself has
    # finished; nothing of ours is on the stack. Seen once entering the presenter during a round.
    ("_reset_triggers", "RuntimeError: dictionary changed size during iteration"): "Streamlit's own race",
}

_FRAME = re.compile(r'^\s+File "(?P<file>[^"]+)", line \d+, in (?P<func>\S+)')


def _allowed_trace(block: list[str]) -> bool:
    frames = [m for m in map(_FRAME.match, block) if m]
    if not frames or (frames[-1]["func"], block[-1].strip()) not in ALLOWED_TRACEBACKS:
        return False
    return all("/streamlit/" in m["file"] or "/threading.py" in m["file"] for m in frames)


def log_problems(text: str) -> list[str]:
    """The lines of a server log that report a warning, an error or a traceback (with the traceback's body).

    A line is allowed only when its message (the text after Streamlit's timestamp) is in
    :data:`ALLOWED_LOG_LINES` exactly; a stack trace only when it is in :data:`ALLOWED_TRACEBACKS`.
    """
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        message = _STAMP.sub("", line).strip()
        starts_trace = message.startswith("Exception in thread") or "Traceback (most recent call last)" in line
        if starts_trace:
            block = [line]
            i += 1
            while i < len(lines):  # the body, indented, up to and with the exception's own line
                block.append(lines[i])
                i += 1
                if block[-1] and not block[-1].startswith((" ", "\t")) and "Traceback" not in block[-1]:
                    break
            if not _allowed_trace(block):
                out.extend(block)
            continue
        if message not in ALLOWED_LOG_LINES and _PROBLEM.search(line):
            out.append(line)
        i += 1
    return out


class AppServer:
    """A real ``streamlit run app.py`` on a free loopback port with its own database.

    Every server a test starts is listed in :attr:`started`; the browser tests' teardown
    (tests/conftest.py) stops each and fails the test on a warning or traceback in its log.
    """

    started: list[AppServer] = []

    def __init__(self, db: Path | str, env: dict[str, str] | None = None, *, port: int | None = None,
                 secrets: Path | None = None, log: Path | None = None, app: Path = ROOT / "app.py"):
        """``db``: an SQLite file or a ``postgresql://`` URL (then name the ``log``); ``secrets``: a secrets.toml
        (sign-in) in place of the project's; ``port``: one chosen before (a redirect URI names it); ``app``:
        the script to serve (a benchmark's floor serves an empty one)."""
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db = db
        run_env = {**os.environ, "SKETCHFIRST_DB": str(db), **(env or {})}
        self.log = log or Path(db).with_suffix(".log")
        self._log_file = self.log.open("w")
        AppServer.started.append(self)
        extra = ["--secrets.files", str(secrets)] if secrets is not None else []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", *extra,
             # The level on every line: Streamlit's default format drops it, and a warning must be told apart.
             "--logger.messageFormat", "%(asctime)s %(levelname)s %(message)s"],
            cwd=ROOT, env=run_env, stdout=self._log_file, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"streamlit did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop the server and reap it (a process left unwaited is a leak: tests/conftest.py checks)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log_file.close()

    def problems(self) -> list[str]:
        """The warnings, errors and tracebacks this server has logged (see :func:`log_problems`)."""
        if not self._log_file.closed:
            self._log_file.flush()
        return log_problems(self.log.read_text(errors="replace"))


def log_report(servers: list[AppServer]) -> str:
    """What the servers logged that they should not have, one block per server; empty when every log is clean."""
    blocks = []
    for server in servers:
        lines = server.problems()
        if lines:
            blocks.append(f"{server.log} logged {len(lines)} problem line(s):\n" + "\n".join(lines[:60]))
    return "\n\n".join(blocks)
