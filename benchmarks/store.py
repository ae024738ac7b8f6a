"""The store on Postgres against the store on SQLite: save and load latency, and saves per second from 8 writers.

Both backends are measured in one run, on this machine, with the same document
(the news-feed example with 2,000 characters of notes, ~15 KB of canonical
JSON) and the same code path (``open_store`` → ``save_version`` /
``load_version``), so the ratios compare the backends and not two days.

- **Latency**: one process saves ``--saves`` versions to each backend, taking
  turns save by save (so a busy machine slows every backend alike), then loads
  random versions ``--loads`` times and polls the newest number as a follower
  does; median and 95th percentile.
- **Throughput**: 8 writer processes start together (a start file, after each
  has opened its store) and save ``--each`` versions as fast as they can, once
  all on **one** design (every save queues behind the design's lock: the pairing
  and follow case) and once each on **its own** design (a cohort: SQLite still
  serialises every writer on the file, Postgres only saves to the same design).
  Saves per second = all saves / wall time from the start signal to the last;
  the backends take turns for ``--rounds`` rounds and the median is reported.

Backends:

- ``sqlite``: a file in a temporary directory, WAL, ``synchronous=NORMAL`` (the
  store's settings: a commit is not flushed to the disk one by one, a power cut
  may lose the last commits but never damages the file).
- ``postgres``: Debian's server in a throwaway cluster with the defaults a
  deployment has (``fsync=on``, ``synchronous_commit=on``: every commit flushed),
  or the server ``--postgres URL`` names (its role must be allowed to create
  databases). ``postgres, async commit`` is the same server with
  ``synchronous_commit=off`` per session: SQLite's durability level, for a like
  for like comparison.

Run: ``.venv/bin/python benchmarks/store.py [--saves 200] [--loads 400] [--each 50] [--rounds 3] [--json]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from design.analysis.analyze import analyze_document  # noqa: E402
from design.model.document import SketchDocument, dumps  # noqa: E402
from design.store import open_store  # noqa: E402

WRITERS = 8


def sample_document(title: str = "Feed") -> SketchDocument:
    canvas = json.loads((ROOT / "examples" / "news-feed.canvas.json").read_text())
    return SketchDocument(canvas=canvas, title=title, requirements="x" * 2000)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def latency(urls: dict[str, str], saves: int, loads: int) -> dict[str, dict[str, float]]:
    """Save, load and poll times per backend, interleaved save by save so a noisy machine slows all alike."""
    base = sample_document()
    findings = analyze_document(base).findings
    stores = {label: open_store(url) for label, url in urls.items()}
    times: dict[str, dict[str, list[float]]] = {label: {"save": [], "load": [], "poll": []} for label in urls}
    try:
        designs = {label: s.create_design("Latency") for label, s in stores.items()}
        order = list(stores)
        for i in range(saves):
            order = order[1:] + order[:1]  # who goes first rotates
            doc = dataclasses.replace(base, title=f"Feed {i}")
            for label in order:
                t = time.perf_counter()
                stores[label].save_version(designs[label], doc, findings)
                times[label]["save"].append((time.perf_counter() - t) * 1000)
        rng = random.Random(7)
        for _ in range(loads):
            n = rng.randint(1, saves)
            order = order[1:] + order[:1]
            for label in order:
                t = time.perf_counter()
                stores[label].load_version(designs[label], n)
                times[label]["load"].append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                stores[label].latest_number(designs[label])
                times[label]["poll"].append((time.perf_counter() - t) * 1000)
    finally:
        for s in stores.values():
            s.close()
    return {
        label: {
            "save_median_ms": statistics.median(t["save"]), "save_p95_ms": percentile(t["save"], 0.95),
            "load_median_ms": statistics.median(t["load"]), "load_p95_ms": percentile(t["load"], 0.95),
            "poll_median_ms": statistics.median(t["poll"]),
        }
        for label, t in times.items()
    }


def writer(url: str, design: int, count: int, start: str) -> int:
    """A writer process: open, say ready, wait for the start file, save ``count`` versions, say done."""
    base = sample_document()
    findings = analyze_document(base).findings
    with open_store(url) as store:
        print("ready", flush=True)
        while not os.path.exists(start):
            time.sleep(0.001)
        for i in range(count):
            store.save_version(design, dataclasses.replace(base, title=f"Feed {os.getpid()} {i}"), findings)
        print("done", flush=True)
    return 0


def throughput(url: str, each: int, shared: bool, scratch: Path) -> float:
    with open_store(url) as store:
        designs = [store.create_design("Race")] * WRITERS if shared else \
            [store.create_design(f"Own {w}") for w in range(WRITERS)]
    start = scratch / f"go-{time.monotonic_ns()}"
    procs = [subprocess.Popen([sys.executable, __file__, "--writer", url, str(d), str(each), str(start)],
                              stdout=subprocess.PIPE, text=True) for d in designs]
    try:
        for p in procs:
            assert p.stdout is not None and p.stdout.readline().startswith("ready")
        t = time.perf_counter()
        start.touch()
        for p in procs:  # until the last save returned (not until the processes have exited)
            assert p.stdout is not None and p.stdout.readline().startswith("done")
        elapsed = time.perf_counter() - t
        for p in procs:
            p.wait(timeout=120)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
            if p.stdout is not None:
                p.stdout.close()
    assert all(p.returncode == 0 for p in procs), "a writer failed"
    with open_store(url) as store:
        numbers = [store.latest_number(d) for d in set(designs)]
    assert sum(n or 0 for n in numbers) == WRITERS * each, numbers  # every save landed exactly once
    return WRITERS * each / elapsed


def measure(urls: dict[str, str], args: argparse.Namespace, scratch: Path) -> list[dict[str, Any]]:
    rows = {label: {"backend": label, **figures} for label, figures in latency(urls, args.saves, args.loads).items()}
    for key, shared in (("one_design_saves_per_s", True), ("own_designs_saves_per_s", False)):
        runs: dict[str, list[float]] = {label: [] for label in urls}
        for _ in range(args.rounds):  # backends take turns, round after round; the median of each is kept
            for label, url in urls.items():
                runs[label].append(throughput(url, args.each, shared, scratch))
        for label in urls:
            rows[label][key] = statistics.median(runs[label])
    return list(rows.values())


def with_options(url: str, options: str) -> str:
    return url + ("&" if "?" in url else "?") + "options=" + quote(options)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--writer":
        return writer(argv[1], int(argv[2]), int(argv[3]), argv[4])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--loads", type=int, default=400)
    parser.add_argument("--each", type=int, default=50, help="saves per writer process (8 writers)")
    parser.add_argument("--rounds", type=int, default=3, help="throughput runs per backend, taking turns")
    parser.add_argument("--postgres", metavar="URL", help="an existing server (default: a throwaway cluster)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from support.postgres import Cluster, ExistingServer, PostgresUnavailable

    try:
        server = ExistingServer(args.postgres) if args.postgres else Cluster(durable=True)
    except PostgresUnavailable as exc:
        print(f"benchmarks/store.py: no Postgres to measure ({exc}); set --postgres URL", file=sys.stderr)
        return 2
    databases: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="sketchfirst-bench-") as tmp:
            scratch = Path(tmp)
            urls = {"sqlite": str(scratch / "bench.db")}
            name, urls["postgres"] = server.create_database("sketchfirst_bench")
            databases.append(name)
            name, url = server.create_database("sketchfirst_bench")
            databases.append(name)
            urls["postgres, async commit"] = with_options(url, "-c synchronous_commit=off")
            rows = measure(urls, args, scratch)
    finally:
        for name in databases:
            server.drop_database(name)
        if isinstance(server, Cluster):
            server.destroy()

    base = rows[0]
    for row in rows[1:]:
        row["ratio_to_sqlite"] = {k: row[k] / base[k] for k in base if isinstance(base[k], float)}
    doc_bytes = len(dumps(sample_document()).encode())
    if args.json:
        print(json.dumps({"document_bytes": doc_bytes, "writers": WRITERS, "rows": rows}, indent=2))
        return 0
    print(f"document: {doc_bytes / 1024:.1f} KiB canonical JSON; {args.saves} saves, {args.loads} loads; "
          f"{WRITERS} writers x {args.each} saves, median of {args.rounds} rounds; {os.cpu_count()} CPUs; "
          f"load average at the end {os.getloadavg()[0]:.1f}")
    head = f"{'backend':<24}{'save p50':>10}{'save p95':>10}{'load p50':>10}{'load p95':>10}{'poll p50':>10}" \
           f"{'1 design/s':>12}{'8 designs/s':>13}"
    print(head)
    for r in rows:
        print(f"{r['backend']:<24}{r['save_median_ms']:>8.2f}ms{r['save_p95_ms']:>8.2f}ms{r['load_median_ms']:>8.2f}ms"
              f"{r['load_p95_ms']:>8.2f}ms{r['poll_median_ms']:>8.2f}ms{r['one_design_saves_per_s']:>12.0f}"
              f"{r['own_designs_saves_per_s']:>13.0f}")
    for r in rows[1:]:
        q = r["ratio_to_sqlite"]
        print(f"{r['backend']} / sqlite: save {q['save_median_ms']:.2f}x, load {q['load_median_ms']:.2f}x, "
              f"poll {q['poll_median_ms']:.2f}x (time); saves/s one design {q['one_design_saves_per_s']:.2f}x, "
              f"own designs {q['own_designs_saves_per_s']:.2f}x (throughput)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
