"""The saving children of the crash, concurrency and outage tests, and what their reports must match.

A child (``tests/support/store_worker.py``) prints ``saved NUMBER HASH TITLE`` after each save the store
confirmed; :func:`check_database` then holds the database to every such line.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from design.model.document import content_hash
from design.store import Store, open_store
from support.paths import ROOT

WORKER = ROOT / "tests" / "support" / "store_worker.py"


@dataclass
class Saved:
    number: int
    digest: str
    title: str


def parse(output: str) -> tuple[list[Saved], bool]:
    """Complete ``saved`` lines only: a line cut by the kill was never a report."""
    saved: list[Saved] = []
    done = False
    for line in output.splitlines(keepends=True):
        if not line.endswith("\n"):
            break
        parts = line.rstrip("\n").split(" ", 3)
        if parts[0] == "saved":
            saved.append(Saved(int(parts[1]), parts[2], parts[3]))
        elif parts[0] == "done":
            done = True
    return saved, done


def spawn(db: str, name: str, count: int, wait_for: Path | None = None, *,
          keep_going: bool = False) -> subprocess.Popen[str]:
    args = [sys.executable, str(WORKER), str(db), name, str(count)]
    if wait_for is not None:
        args += ["--wait-for", str(wait_for)]
    if keep_going:
        args += ["--keep-going"]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def check_database(db: str, reported: list[Saved]) -> int:
    """The database is sound, numbered without gaps, and holds every reported save intact. Returns the count."""
    if not db.startswith("postgresql:"):
        with closing(sqlite3.connect(db)) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with open_store(db) as store:  # opens (and would migrate) like the app does after a crash
        return _check_store(store, reported)


def _check_store(store: Store, reported: list[Saved]) -> int:
    assert store.integrity_ok()
    designs = store.list_designs()
    if not designs:
        assert not reported
        return 0
    assert len(designs) == 1, designs
    design_id = designs[0].id
    numbers = [v.number for v in store.list_versions(design_id)]
    assert numbers == list(range(1, len(numbers) + 1)), "version numbers have a gap or a duplicate"
    for s in reported:
        version = store.load_version(design_id, s.number)
        assert version.info.content_hash == s.digest
        assert content_hash(version.document) == s.digest  # the stored text is the document that was saved
        assert version.document.title == s.title
    return len(numbers)
