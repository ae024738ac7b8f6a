"""Postgres goes down in the middle of a run: every save in flight is refused in one line, nothing is half-saved.

A child saves versions in a loop on a real Postgres cluster of this test's own. The server is stopped
twice, once as an operator would (``pg_ctl stop -m fast``, which ends every session) and once as a
crash (``-m immediate``: no checkpoint, crash recovery on the next start), and started again. The child
rides it out (``--keep-going``): every refused save is one line that starts with "Not saved" and names
the server without its password; when the server is back, saves resume on their own (the pool checks
connections before use). Afterwards the numbers run 1..N with no gap, every save the child was told
was committed is there byte for byte, and at most one more (a commit whose answer was lost) exists.
"""

from __future__ import annotations

import time

import psycopg
import pytest

from support.postgres import Cluster, PostgresUnavailable
from support.saves import check_database, parse, spawn


@pytest.fixture
def own_cluster(postgres_server):
    """A cluster this test may stop and start (the session's server is shared by every other test)."""
    try:
        # Durable: with synchronous_commit off, a crash forgets commits already confirmed (this test catches that).
        cluster = Cluster(durable=True)
    except PostgresUnavailable as exc:  # the session server came from SKETCHFIRST_TEST_POSTGRES
        pytest.skip(f"this test needs its own cluster to stop: {exc}")
    yield cluster
    cluster.destroy()


def wait_for_lines(proc, prefix: str, at_least: int, seen: list[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while sum(line.startswith(prefix) for line in seen) < at_least:
        assert time.monotonic() < deadline, f"no {prefix!r} line in time: {seen[-5:]}"
        line = proc.stdout.readline()
        assert line, f"the worker ended early: {proc.stderr.read()}"
        seen.append(line)


def test_saves_while_postgres_stops_and_starts_are_refused_cleanly_and_nothing_is_half_saved(own_cluster):
    name, url = own_cluster.create_database()
    password = psycopg.conninfo.conninfo_to_dict(url)["password"]
    proc = spawn(url, "w", 60, keep_going=True)
    seen: list[str] = []
    try:
        wait_for_lines(proc, "ready", 1, seen)
        for mode in ("fast", "immediate"):
            before = sum(line.startswith("saved") for line in seen)
            wait_for_lines(proc, "saved", before + 5, seen)
            own_cluster.stop(mode)
            failures = sum(line.startswith("failed") for line in seen)
            wait_for_lines(proc, "failed", failures + 2, seen)  # it noticed, and is still refused while down
            own_cluster.start()
            wait_for_lines(proc, "saved", sum(line.startswith("saved") for line in seen) + 3, seen)
        # Read up to the last line through the same buffered reader: communicate() reads the pipe itself,
        # so lines readline() had already buffered would be lost (two "saved" lines were, once, under load).
        wait_for_lines(proc, "done", 1, seen, timeout=300)
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    seen += out.splitlines(keepends=True)
    assert proc.returncode == 0 and "Traceback" not in err, err
    failed = [line.removeprefix("failed ").rstrip("\n") for line in seen if line.startswith("failed")]
    assert len(failed) >= 4
    for message in failed:
        assert message.startswith(("Not saved: postgresql://sketchfirst:***@127.0.0.1:", "postgresql://sketchfirst:***@"))
        assert password not in message and "\n" not in message and "database server" in message or \
            "may or may not have been kept" in message, message
    saved, done = parse("".join(seen))
    assert done and len(saved) == 60
    stored = check_database(url, saved)
    ambiguous = sum("may or may not have been kept" in m for m in failed)
    assert 60 <= stored <= 60 + ambiguous, (stored, ambiguous)
    print(f"\noutage: {len(saved)} saves confirmed, {len(failed)} refused while down, {stored} stored; "
          f"refusals said: {sorted({m.split(': ', 2)[-1][:60] for m in failed})}")
