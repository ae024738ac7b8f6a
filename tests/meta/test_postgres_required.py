"""No Postgres is a skip on a laptop and a failure under CI, like a missing browser."""

from __future__ import annotations

import os
import subprocess
import sys

from support.paths import ROOT


def run_store_tests(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SKETCHFIRST_")}
    environ.update(SKETCHFIRST_POSTGRES_BIN=str(tmp_path / "no-postgres-here"), **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/core/test_store.py",
         "-k", "numbers_are_per_design"],
        capture_output=True, text=True, cwd=ROOT, env=environ, timeout=300,
    )


def test_without_postgres_the_postgres_half_is_skipped_locally(tmp_path):
    done = run_store_tests(tmp_path)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "1 passed" in done.stdout and "1 skipped" in done.stdout and "no-postgres-here/initdb not found" in done.stdout


def test_without_postgres_the_postgres_half_fails_under_ci(tmp_path):
    done = run_store_tests(tmp_path, SKETCHFIRST_REQUIRE_POSTGRES="1")
    assert done.returncode == 1, done.stdout[-2000:]
    assert "1 passed" in done.stdout and "1 error" in done.stdout and "SKETCHFIRST_REQUIRE_POSTGRES=1" in done.stdout
