"""Shared fixtures: isolation from the environment, golden files, the real app in Chromium."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture(autouse=True)
def _isolate_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees a real key, a proxy, the user's database or a real profile."""
    for key in list(os.environ):
        if key.startswith("ANTHROPIC_") or key.lower() in ("http_proxy", "https_proxy", "all_proxy"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.delenv("SKETCHFIRST_MODEL", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("SKETCHFIRST_DB", str(tmp_path / "sketchfirst.db"))


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def check_golden(name: str, actual: str, update: bool) -> None:
    """Compare ``actual`` with ``tests/golden/name``; write ``.actual`` beside it on mismatch."""
    path = GOLDEN / name
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual)
        if not update:
            pytest.fail(f"golden file {name} did not exist; written now, check it in")
        return
    expected = path.read_text()
    actual_path = path.with_name(path.name + ".actual")
    if expected != actual:
        actual_path.write_text(actual)
        pytest.fail(f"{name} differs from the golden file; see {actual_path.name} (rerun with --update-golden)")
    elif actual_path.exists():
        actual_path.unlink()


def example_names() -> list[str]:
    index = json.loads((EXAMPLES / "index.json").read_text())
    return [e["file"] for e in index]


def load_example(file: str) -> dict:
    return json.loads((EXAMPLES / file).read_text())


# --- the real app in the real browser ------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; a missing browser skips, or fails under CI."""
    required = os.environ.get("SKETCHFIRST_REQUIRE_BROWSER") == "1"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the machine
        if required:
            pytest.fail("playwright is not installed, and SKETCHFIRST_REQUIRE_BROWSER=1")
        pytest.skip("playwright is not installed")
    if not Path(CHROMIUM).exists():
        if required:
            pytest.fail(f"{CHROMIUM} is missing, and SKETCHFIRST_REQUIRE_BROWSER=1 (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class AppServer:
    """A real ``streamlit run app.py`` on a free loopback port with its own database."""

    def __init__(self, db: Path, env: dict[str, str] | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db = db
        run_env = {**os.environ, "SKETCHFIRST_DB": str(db), **(env or {})}
        self.log = db.with_suffix(".log")
        self._log_file = self.log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=run_env, stdout=self._log_file, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"streamlit did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._log_file.close()


@pytest.fixture
def app_server(tmp_path: Path) -> Iterator[AppServer]:
    server = AppServer(tmp_path / "app.db")
    yield server
    server.stop()


@pytest.fixture
def page(browser, app_server):
    """A fresh browser page at the app, with the canvas mounted."""
    from browser_helpers import open_app

    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    pg = context.new_page()
    open_app(pg, app_server.url)
    yield pg
    context.close()
