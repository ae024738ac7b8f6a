"""The real app on a loopback port, and Debian's Chromium: what browser tests and scripts start."""

from __future__ import annotations

import os
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


class AppServer:
    """A real ``streamlit run app.py`` on a free loopback port with its own database."""

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
        extra = ["--secrets.files", str(secrets)] if secrets is not None else []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", *extra],
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
