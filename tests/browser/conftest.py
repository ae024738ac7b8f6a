"""Every browser test ends with a clean server log: no warning, no error, no traceback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.server import AppServer, log_report


@pytest.fixture(autouse=True)
def _clean_server_log() -> Iterator[None]:
    """Stop every app server the test started and fail it on what their logs report (support.server.log_problems).

    An autouse fixture is set up before the test's own, so it is torn down after them (the page closed,
    ``app_server`` stopped); a server a test started by hand is stopped here (stopping is idempotent), so
    every log is read whole, after its server has exited.
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
