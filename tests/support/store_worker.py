"""A child process that saves versions for the crash and concurrency tests (run as a script).

``python tests/support/store_worker.py DB NAME COUNT [--wait-for FILE] [--keep-going]``

Opens the real store at ``DB`` (an SQLite path or a ``postgresql://`` URL), finds or creates the one
design, prints ``ready``, optionally waits until ``FILE`` exists (a start line
for several workers), then saves ``COUNT`` versions as fast as it can. After
each save returns it prints ``saved NUMBER HASH TITLE`` and flushes: a line on
the parent's side means "the store told this process the version was
committed". Each version's title names the worker and its sequence number, so
a version read back can be matched to the save that wrote it.

With ``--keep-going`` a save the store refuses (the database went away) prints
``failed MESSAGE`` and the worker tries again a moment later, until COUNT saves
were confirmed: the outage test watches it ride out a Postgres restart.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from design.analysis.analyze import analyze_document  # noqa: E402
from design.model.document import SketchDocument  # noqa: E402
from design.store import StoreError, open_store  # noqa: E402

EXAMPLE = ROOT / "examples" / "news-feed.canvas.json"
DESIGN_TITLE = "Crash and concurrency test"


def main(argv: list[str]) -> int:
    db, name, count = argv[0], argv[1], int(argv[2])
    wait_for = Path(argv[argv.index("--wait-for") + 1]) if "--wait-for" in argv else None
    keep_going = "--keep-going" in argv
    base = SketchDocument(canvas=json.loads(EXAMPLE.read_text()), title=DESIGN_TITLE, requirements="x" * 2000)
    findings = analyze_document(base).findings
    store = open_store(db)
    designs = [d for d in store.list_designs() if d.title.startswith(DESIGN_TITLE)]
    design_id = designs[0].id if designs else store.create_design(DESIGN_TITLE)
    print(f"ready {design_id}", flush=True)
    if wait_for is not None:
        while not wait_for.exists():
            time.sleep(0.001)
    attempt = confirmed = 0
    while confirmed < count:
        # Each attempt has its own title, so a save that was kept although it was reported lost is recognisable.
        doc = dataclasses.replace(base, title=f"{DESIGN_TITLE} {name} {attempt}", approach=f"{name} save {attempt}")
        attempt += 1
        try:
            info = store.save_version(design_id, doc, findings, driver=name)
        except StoreError as exc:
            if not keep_going:
                raise
            print(f"failed {exc}", flush=True)
            time.sleep(0.2)
            continue
        print(f"saved {info.number} {info.content_hash} {doc.title}", flush=True)
        confirmed += 1
    print("done", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
