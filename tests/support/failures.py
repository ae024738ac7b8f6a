"""Real storage failures for tests: a database file with a damaged page, and a disk that is full."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import random
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from design.analysis.analyze import analyze_document
from design.model.document import SketchDocument
from design.store import open_store
from support.paths import ROOT
from support.stores import populate

FEED = json.loads((ROOT / "examples" / "news-feed.canvas.json").read_text())


def feed(title: str, notes: int = 3000) -> SketchDocument:
    return SketchDocument(canvas=FEED, title=title, requirements="r" * notes)


@dataclasses.dataclass(frozen=True)
class Healthy:
    """A real database of ~1.4 MB: the populated designs plus forty versions of the news feed (``design``)."""

    path: Path
    design: int
    pages: int


def build_healthy(path: Path) -> Healthy:
    with open_store(path) as store:
        populate(store)
        design = store.create_design("Feed")
        base = feed("Feed")
        findings = analyze_document(base).findings
        for i in range(40):
            store.save_version(design, dataclasses.replace(base, title=f"Feed {i}"), findings)
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, nothing in the WAL
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
    return Healthy(path, design, pages)


def damage(healthy: Healthy, directory: Path, seed: int) -> Path:
    """A copy of the healthy file with one page near its middle overwritten by random bytes."""
    bad = directory / f"damaged-{seed}.db"
    shutil.copy(healthy.path, bad)
    rng = random.Random(seed)
    page = healthy.pages // 2 + rng.randrange(-healthy.pages // 8, healthy.pages // 8)
    with bad.open("r+b") as f:
        f.seek((page - 1) * 4096)
        f.write(rng.randbytes(4096))
    return bad


@contextmanager
def tmpfs(directory: Path, size: str = "2m") -> Iterator[Path | str]:
    """A small tmpfs mounted on ``directory`` (root with CAP_SYS_ADMIN); yields why not, as text, when it cannot."""
    directory.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        yield "mounting a tmpfs needs root"
        return
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700",
                           f"sketchfirst-{uuid.uuid4().hex[:8]}", str(directory)], capture_output=True, text=True)
    if done.returncode:
        yield f"cannot mount a tmpfs here ({done.stderr.strip()})"
        return
    try:
        yield directory
    finally:
        subprocess.run(["umount", "-l", str(directory)], check=False)


def fill(directory: Path) -> Path:
    """Write a filler file until the disk says it is full (ENOSPC); returns it."""
    filler = directory / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
    finally:
        os.close(fd)
    return filler
