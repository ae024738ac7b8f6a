"""Issue 14.6 and 14.7: a damaged database file and a full disk end in one readable line, and lose nothing.

- A page in the middle of a real database file is overwritten with random bytes (a copy of a real
  database, several seeds, so the damage lands on b-tree pages, overflow pages and text). Every store
  call either works or raises :class:`StoreError` with one line that points at a backup and at
  ``sqlite3 .recover``; the CLI prints that line and exits 2, never a traceback.
- The disk really fills: the database lives on a small tmpfs that a filler file has filled. Saving a
  version and autosaving a draft raise ``StoreError("Not saved: …")``; the last version and the last
  draft are intact, and saving works again once there is room. Where this machine cannot mount a
  tmpfs, a child process still gets a write the file system refuses, from a file-size limit
  (``RLIMIT_FSIZE``, which every Unix allows without privileges).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from design.analysis.analyze import analyze_document
from design.model.document import content_hash
from design.store import StoreError, open_store
from support.failures import Healthy, build_healthy, damage, feed, fill, tmpfs
from support.paths import ROOT


def one_line_error(message: str) -> None:
    assert "\n" not in message.rstrip("\n") and "Traceback" not in message and len(message) < 600, message


# --- a damaged page in the middle of the file ---------------------------------------------


@pytest.fixture(scope="module")
def healthy(tmp_path_factory) -> Healthy:
    return build_healthy(tmp_path_factory.mktemp("damage") / "healthy.db")


@pytest.mark.parametrize("seed", range(6))
def test_a_damaged_page_is_a_one_line_error_pointing_at_a_backup_and_recover(healthy, tmp_path, seed):
    bad = damage(healthy, tmp_path, seed)
    design = healthy.design
    store = open_store(bad)
    failures: list[str] = []
    calls = [
        store.list_designs,
        lambda: store.list_versions(design),
        lambda: [store.load_version(design, n) for n in range(1, 41)],
        lambda: store.latest_version(design),
        lambda: store.list_critiques(1),
        lambda: store.save_version(design, feed("after the damage"), ()),
        lambda: store.save_draft(design, feed("draft")),
        store.practice_log,
    ]
    for call in calls:
        try:
            call()
        except StoreError as exc:
            one_line_error(str(exc))
            failures.append(str(exc))
    assert failures, "the damage went unnoticed"
    damaged = [f for f in failures if "is damaged" in f]
    assert damaged, failures
    for message in damaged:
        assert str(bad) in message and "backup" in message and f"sqlite3 {bad} .recover" in message
    assert store.list_designs(), "what is readable stays readable (the design list does not touch the damage)"


def test_the_cli_prints_the_damage_as_one_line_and_exits_2(healthy, tmp_path):
    bad = damage(healthy, tmp_path, 0)
    env = {**os.environ, "SKETCHFIRST_DB": str(bad)}
    with open_store(bad) as store:  # which versions the damaged page belongs to depends on the file's layout
        hit = []
        for n in range(1, 41):
            try:
                store.load_version(healthy.design, n)
            except StoreError:
                hit.append(n)
    assert hit, "the damage hit no version of the feed"
    outcomes = []
    for number in sorted({hit[0], hit[-1], 1, 40}):
        proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "export", "--design", str(healthy.design),
                               "--version", str(number), "--to", "json", "-o", "-"],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
        outcomes.append(proc.returncode)
        if proc.returncode:
            assert proc.returncode == 2 and proc.stderr.startswith("sketchfirst: "), proc.stderr
            one_line_error(proc.stderr)
            assert "damaged" in proc.stderr and ".recover" in proc.stderr
    assert 2 in outcomes


# --- a full disk ----------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs of this test's own, unmounted afterwards."""
    with tmpfs(tmp_path / "disk") as mount:
        if isinstance(mount, str):
            pytest.skip(f"{mount}; the RLIMIT_FSIZE test covers a refused write here")
        yield mount


def test_a_full_disk_is_not_saved_and_loses_nothing(small_disk):
    db = small_disk / "sketchfirst.db"
    store = open_store(db)
    design = store.create_design("Feed")
    first = store.save_version(design, feed("Feed v1", 100), ())
    store.save_draft(design, feed("Draft 1", 100))
    filler = fill(small_disk)

    big = feed("Feed v2", 20_000)
    with pytest.raises(StoreError, match=r"^Not saved: .*the disk is full") as caught:
        store.save_version(design, big, analyze_document(big).findings)
    one_line_error(str(caught.value))
    with pytest.raises(StoreError, match=r"^Not saved: .*the disk is full"):
        store.save_draft(design, big)

    # Nothing half-written: the last version and the last draft are what they were, and reading works
    # while the disk is still full (the open store keeps the WAL's files, so nothing needs new room).
    assert store.latest_number(design) == 1
    assert store.load_version(design, 1).info.content_hash == first.content_hash == content_hash(feed("Feed v1", 100))
    assert store.load_draft(design).document.title == "Draft 1"
    assert store.integrity_ok()
    filler.unlink()
    assert store.save_version(design, big, ()).number == 2  # room again: saving works
    store.close()


FSIZE_CHILD = textwrap.dedent("""
    import resource, signal, sys
    sys.path[:0] = [{root!r}]
    from design.model.document import SketchDocument
    from design.store import StoreError, open_store
    store = open_store({db!r})
    design = store.list_designs()[0].id
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    doc = SketchDocument(canvas={{"objects": []}}, title="too big", requirements="x" * 20000, approach="y" * 20000)
    for call in (lambda: store.save_version(design, doc, ()), lambda: store.save_draft(design, doc)):
        try:
            call()
            print("saved")
        except StoreError as exc:
            print(exc)
""")


def test_a_write_the_file_system_refuses_is_not_saved_and_loses_nothing(tmp_path):
    """The unprivileged twin of the tmpfs test: a file-size limit makes SQLite's writes fail for real."""
    db = tmp_path / "sketchfirst.db"
    with open_store(db) as store:
        design = store.create_design("Feed")
        first = store.save_version(design, feed("Feed v1", 100), ())
        store.save_draft(design, feed("Draft 1", 100))
    with closing(sqlite3.connect(db)) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # Room for SQLite's 32 KiB shared-memory file, not for the ~45 KiB of WAL frames the new version needs.
    limit = 40_000
    proc = subprocess.run([sys.executable, "-c", FSIZE_CHILD.format(root=str(ROOT), db=str(db), limit=limit)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    # SQLite retries the part of a write that did not fit; the retry gets EFBIG, which it reports as an I/O error.
    assert lines == [f"Not saved: {db}: the disk failed to read or write (disk I/O error)"] * 2
    with open_store(db) as store:
        assert store.integrity_ok() and store.latest_number(design) == 1
        assert store.load_version(design, 1).info.content_hash == first.content_hash
        assert store.load_draft(design).document.title == "Draft 1"
