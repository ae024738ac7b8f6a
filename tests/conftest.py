"""Shared fixtures: isolation from the environment, golden files, the real app in Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.server import CHROMIUM, CHROMIUM_ARGS, AppServer, log_report


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


@pytest.fixture(autouse=True)
def _clean_server_log() -> Iterator[None]:
    """Stop every app server the test started and fail it on what their logs report (support.server.log_problems).

    An autouse fixture is set up before the test's own, so it is torn down after them (the page closed,
    ``app_server`` stopped); a server a test started by hand is stopped here (stopping is idempotent), so
    every log is read whole, after its server has exited. Tests that start no server pass straight through.
    """
    first = len(AppServer.started)
    yield
    servers = AppServer.started[first:]
    del AppServer.started[first:]
    for server in servers:
        server.stop()
    report = log_report(servers)
    if report:
        pytest.fail(f"the app's server log is not clean:\n{report}", pytrace=False)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


# --- the real app in the real browser ------------------------------------------------


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


@pytest.fixture
def app_server(tmp_path: Path) -> Iterator[AppServer]:
    server = AppServer(tmp_path / "app.db")
    yield server
    server.stop()


@pytest.fixture
def page(browser, app_server):
    """A fresh browser page at the app, with the canvas mounted."""
    from support.browser import CONSOLE, console_problems, open_app, watch_console

    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    pg = context.new_page()
    messages = watch_console(pg)
    open_app(pg, app_server.url)
    yield pg
    context.close()
    CONSOLE.pop(id(pg), None)
    problems = console_problems(messages)
    if problems:  # the page must be as clean as the server's log: a 404, a Vega warning, an uncaught error
        pytest.fail("the page's console is not clean:\n" + "\n".join(problems[:40]), pytrace=False)
