"""Adversarial layouts beside a spread-out one: recognition's work and time as the pile grows.

Issue 14, item 1: shapes piled at one spot, or arrows crossing every cell of
the grid index, made recognition quadratic (two CPU minutes for 10,000 of
each). Recognition now counts the candidate checks it would make before it
matches anything (:mod:`design.canvas.work`) and refuses past a budget that
grows linearly with the shapes. For every layout of
``tests/support/adversarial.py`` and sizes up to the review's 10,000, this
reports, in one run:

- the checks planned per shape (the work; linear layouts stay near constant),
- the time from file bytes to the end of analysis (``read_import`` and
  ``analyze_document``), or to the refusal, with its growth against the
  smallest size of the same layout and its ratio to the spread-out ``grid``
  control of the same size,
- for the smaller piles, the time the old unbounded matching took
  (``--unbounded``, the same code with an unlimited budget), to show the
  square growth the budget cuts off,
- the time of every export format for the largest accepted pile.

Nothing is asserted; the tests count work instead (tests/safety/test_dense_layouts.py).

Run: ``.venv/bin/python benchmarks/adversarial.py [--json] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))

from design.analysis.analyze import analyze_document  # noqa: E402
from design.canvas.recognize import build_sketch, plan_matching  # noqa: E402
from design.canvas.restore import restore  # noqa: E402
from design.canvas.work import WorkBudget  # noqa: E402
from design.exports.formats import export_bytes  # noqa: E402
from design.exports.subject import subject_for  # noqa: E402
from design.readers.dispatch import InputError, read_import  # noqa: E402
from support.adversarial import CANVAS_LAYOUTS, canvas_layout, excalidraw_layout  # noqa: E402

SIZES = (100, 200, 400, 1_000, 3_000, 10_000)
#: The unbounded (old) matching is only run up to this size: beyond it, minutes.
UNBOUNDED_UP_TO = 400
FORMATS = ("png", "svg", "md", "json", "mermaid", "excalidraw", "bundle")


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median seconds of ``repeat`` calls after one warm-up."""
    samples = []
    for i in range(repeat + 1):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        if i:
            samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def layouts() -> list[tuple[str, str, Callable[[int], dict[str, Any]]]]:
    out = [(name, f"{name}.canvas.json", lambda n, name=name: canvas_layout(name, n)) for name in CANVAS_LAYOUTS]
    out += [(f"excalidraw {name}", f"{name}.excalidraw", lambda n, name=name: excalidraw_layout(name, n))
            for name in ("grid", "stacked", "long_arrows")]
    return out


def read_and_analyze(file_name: str, data: bytes) -> str:
    try:
        analyze_document(read_import(file_name, data).document)
    except InputError:
        return "refused"
    return "read"


def planned(canvas: dict[str, Any]) -> float:
    restored = restore(canvas)
    shapes = len(restored.boxes) + len(restored.lines) + len(restored.texts)
    budget = WorkBudget(shapes, limit=10**15)
    plan_matching([b.box for b in restored.boxes], [(ln.start, ln.end) for ln in restored.lines],
                  [t.box.center for t in restored.texts], budget=budget)
    return budget.spent / max(shapes, 1)


def measure(repeat: int, sizes: tuple[int, ...]) -> list[dict[str, Any]]:
    rows = []
    for name, file_name, make in layouts():
        for n in sizes:
            data = json.dumps(make(n)).encode()
            outcome = read_and_analyze(file_name, data)
            row: dict[str, Any] = {"layout": name, "n": n, "bytes": len(data), "outcome": outcome,
                                   "seconds": timed(lambda f=file_name, d=data: read_and_analyze(f, d), repeat)}
            if not name.startswith("excalidraw"):
                row["checks_per_shape"] = planned(make(n))
                if n <= UNBOUNDED_UP_TO:
                    restored = restore(make(n))
                    row["unbounded_seconds"] = timed(
                        lambda restored=restored: build_sketch(restored, budget=WorkBudget(0, limit=10**15)), 1)
            rows.append(row)
    base = {(r["layout"], r["n"]): r["seconds"] for r in rows}
    first = {}
    for r in rows:
        first.setdefault(r["layout"], r)
        r["growth"] = r["seconds"] / first[r["layout"]]["seconds"]
        control = "excalidraw grid" if r["layout"].startswith("excalidraw") else "grid"
        r["vs_grid"] = r["seconds"] / base[(control, r["n"])]
        if "unbounded_seconds" in r:
            f = first[r["layout"]]
            r["unbounded_growth"] = r["unbounded_seconds"] / f["unbounded_seconds"]
    return rows


def export_times(repeat: int) -> list[dict[str, Any]]:
    """Every export of the largest pile that is still read (stacked, 100 of each) against the grid of the same size."""
    out = []
    for name in ("grid", "stacked", "long_arrows"):
        doc = read_import(f"{name}.canvas.json", json.dumps(canvas_layout(name, 100)).encode()).document
        subject = subject_for(doc)
        for fmt in FORMATS:
            out.append({"layout": name, "format": fmt, "seconds": timed(lambda f=fmt, s=subject: export_bytes(s, f, True), repeat)})
    grid = {r["format"]: r["seconds"] for r in out if r["layout"] == "grid"}
    for r in out:
        r["vs_grid"] = r["seconds"] / grid[r["format"]]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", type=lambda s: tuple(int(x) for x in s.split(",")), default=SIZES)
    args = parser.parse_args()
    rows = measure(args.repeat, args.sizes)
    exports = export_times(args.repeat)
    if args.json:
        print(json.dumps({"rows": rows, "exports": exports}, indent=2))
        return
    print(f"{'layout':<24} {'n':>6} {'KiB':>7} {'checks/shape':>12} {'outcome':>8} {'time':>9} {'growth':>7} "
          f"{'vs grid':>8} {'unbounded':>10} {'growth':>7}")
    for r in rows:
        cps = f"{r['checks_per_shape']:12.1f}" if "checks_per_shape" in r else f"{'—':>12}"
        unb = f"{r['unbounded_seconds'] * 1000:8.0f}ms {r['unbounded_growth']:6.1f}x" if "unbounded_seconds" in r \
            else f"{'—':>10} {'—':>7}"
        print(f"{r['layout']:<24} {r['n']:>6,} {r['bytes'] // 1024:>7,} {cps} {r['outcome']:>8} "
              f"{r['seconds'] * 1000:7.0f}ms {r['growth']:6.1f}x {r['vs_grid']:7.2f}x {unb}")
    print()
    print(f"{'exports of 100 of each':<24} {'format':>10} {'time':>9} {'vs grid':>8}")
    for r in exports:
        print(f"{r['layout']:<24} {r['format']:>10} {r['seconds'] * 1000:7.0f}ms {r['vs_grid']:7.2f}x")


if __name__ == "__main__":
    main()
