"""Shared fixtures: isolation from the environment, leak checks, golden files, the real app in Chromium."""

from __future__ import annotations

import gc
import os
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.postgres import ENV_REQUIRE, ENV_URL, Cluster, ExistingServer, PostgresUnavailable, Server
from support.server import CHROMIUM, CHROMIUM_ARGS, AppServer, log_report
from support.stores import Backend


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


def pytest_configure(config: pytest.Config) -> None:
    # Where a leaked socket or file was opened, in the failure (`make leaks`; about five times slower, so opt-in).
    frames = int(os.environ.get("SKETCHFIRST_TRACE_LEAKS", "0") or 0)
    if frames and not tracemalloc.is_tracing():
        tracemalloc.start(frames)


# --- leaks fail the test that leaks ------------------------------------------------------------


def _open_files() -> dict[int, str]:
    """Open descriptors other than sockets and event fds: files, pipes, SQLite databases (fd -> target)."""
    found = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:  # the descriptor listdir itself used, already closed
            continue
        # /dev/shm/pym-*: a multiprocessing lock a library makes once per process on first use (the OIDC test
        # provider's server does), held for the process's life: not something one test opened and forgot.
        if not target.startswith(("socket:", "anon_inode:", "/dev/shm/pym-")):
            found[int(name)] = target
    return found


def _children() -> set[int]:
    """Child processes of this one, running or exited but not yet waited for."""
    pids: set[int] = set()
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/children") as f:
                pids.update(int(p) for p in f.read().split())
        except OSError:  # the thread ended meanwhile
            continue
    return pids


@pytest.fixture(autouse=True)
def _no_leaks() -> Iterator[None]:
    """A test that leaves a socket, file, pipe or process behind fails itself, not whichever test runs next.

    CPython reports an unclosed socket or file (a ResourceWarning, an error under
    ``filterwarnings``) only when the garbage collector finalises it, which may be
    during a later test: collecting here reports it on the test that leaked. SQLite
    connections do not warn on Python 3.11, and a process left running does not
    warn at all, so descriptors other than sockets and child processes are
    compared before and after. (Sockets still referenced, such as the clients the
    app caches with ``st.cache_resource``, are not leaks.)
    """
    files, children = _open_files(), _children()
    yield
    resources = sys.modules.get("ui.resources")
    if resources is not None:  # each test's app opened its own store (its own SKETCHFIRST_DB): the cache closes it
        resources._store_at.clear()
    gc.collect()
    leaked = sorted(target for fd, target in _open_files().items() if files.get(fd) != target)
    running = sorted(_children() - children)
    if leaked or running:
        pytest.fail(f"the test left open: {', '.join(leaked) or 'no files'}; child processes: {running or 'none'}",
                    pytrace=False)


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


# --- both store backends: a real SQLite file, a real Postgres ---------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """The server test databases are made on: ``SKETCHFIRST_TEST_POSTGRES``, else a throwaway cluster.

    A machine without Postgres skips these tests, or fails them under CI (``SKETCHFIRST_REQUIRE_POSTGRES=1``).
    """
    if os.environ.get(ENV_URL):
        yield ExistingServer(os.environ[ENV_URL])
        return
    try:
        cluster = Cluster()
    except PostgresUnavailable as exc:
        if os.environ.get(ENV_REQUIRE) == "1":
            pytest.fail(f"{exc}, and {ENV_REQUIRE}=1")
        pytest.skip(str(exc))
    yield cluster
    cluster.destroy()


@pytest.fixture
def pg_url(postgres_server: Server) -> Iterator[str]:
    """A fresh, empty database of its own for one test."""
    name, url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Run the test once on an SQLite file and once on a Postgres database."""
    url = str(tmp_path / "store.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    b = Backend(request.param, url)
    yield b
    b.close()


@pytest.fixture
def store(backend: Backend):
    return backend.open()


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
