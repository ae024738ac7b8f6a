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
- the growth exponent (``log(time growth) / log(size growth)`` against the smallest size: 1 is linear, 2
  the square) and the ratio to ``json.loads`` of the same bytes, timed in the same run (the floor any
  reader of the file pays),
- the time of every export format for the largest accepted pile.

The Excalidraw layouts include three aimed at the Excalidraw reader's own searches (cylinder outlines,
lifelines, messages: ``cylinder_lines``, ``sequence``, ``stacked_lifelines``).

Nothing is asserted; the tests count work instead (tests/safety/test_dense_layouts.py).

Run: ``.venv/bin/python benchmarks/adversarial.py [--json] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import math
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
from design.readers.excalidraw import excalidraw_sketch  # noqa: E402
from support.adversarial import CANVAS_LAYOUTS, EXCALIDRAW_LAYOUTS, canvas_layout, excalidraw_layout  # noqa: E402

SIZES = (100, 200, 400, 1_000, 3_000, 10_000)
#: The unbounded (old) matching is only run up to this size: beyond it, minutes.
UNBOUNDED_UP_TO = 400
FORMATS = ("png", "svg", "md", "json", "mermaid", "excalidraw", "bundle")


#: The clock: wall time by default; ``--cpu`` takes this process's CPU time, steadier on a shared, loaded machine.
CLOCK = [time.perf_counter]


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median seconds of ``repeat`` calls after one warm-up."""
    clock = CLOCK[0]
    samples = []
    for i in range(repeat + 1):
        gc.collect()
        t0 = clock()
        fn()
        if i:
            samples.append(clock() - t0)
    return statistics.median(samples)


def layouts() -> list[tuple[str, str, Callable[[int], dict[str, Any]]]]:
    out = [(name, f"{name}.canvas.json", lambda n, name=name: canvas_layout(name, n)) for name in CANVAS_LAYOUTS]
    out += [(f"excalidraw {name}", f"{name}.excalidraw", lambda n, name=name: excalidraw_layout(name, n))
            for name in EXCALIDRAW_LAYOUTS]
    return out


def read_and_analyze(file_name: str, data: bytes) -> str:
    try:
        analyze_document(read_import(file_name, data).document)
    except InputError as exc:
        return "refused (sequence)" if "sequence diagram" in str(exc) else "refused"
    return "read"


def excalidraw_scene(scene: dict[str, Any]) -> None:
    with contextlib.suppress(ValueError):  # refused (a pile, a sequence diagram, too many elements): timed too
        excalidraw_sketch(scene)


def planned(canvas: dict[str, Any]) -> float:
    restored = restore(canvas)
    shapes = len(restored.boxes) + len(restored.lines) + len(restored.texts)
    budget = WorkBudget(shapes, limit=10**15)
    plan_matching([b.box for b in restored.boxes], [(ln.start, ln.end) for ln in restored.lines],
                  [t.box.center for t in restored.texts], budget=budget)
    return budget.spent / max(shapes, 1)


def measure(repeat: int, sizes: tuple[int, ...], only: str = "") -> list[dict[str, Any]]:
    rows = []
    for name, file_name, make in layouts():
        if only not in name:
            continue
        for n in sizes:
            data = json.dumps(make(n)).encode()
            outcome = read_and_analyze(file_name, data)
            row: dict[str, Any] = {"layout": name, "n": n, "bytes": len(data), "outcome": outcome,
                                   "seconds": timed(lambda f=file_name, d=data: read_and_analyze(f, d), repeat),
                                   "json_seconds": timed(lambda d=data: json.loads(d), repeat)}
            if name.startswith("excalidraw"):  # the reader alone: the part that was quadratic
                scene = make(n)
                row["reader_seconds"] = timed(lambda scene=scene: excalidraw_scene(scene), repeat)
            else:
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
        size_growth = r["n"] / first[r["layout"]]["n"]
        r["exponent"] = math.log(r["growth"]) / math.log(size_growth) if size_growth > 1 else None
        r["vs_json"] = r["seconds"] / r["json_seconds"]
        if "reader_seconds" in r:
            r["reader_vs_json"] = r["reader_seconds"] / r["json_seconds"]
            growth = r["reader_seconds"] / first[r["layout"]]["reader_seconds"]
            r["reader_exponent"] = math.log(growth) / math.log(size_growth) if size_growth > 1 else None
        control = "excalidraw grid" if r["layout"].startswith("excalidraw") else "grid"
        r["vs_grid"] = r["seconds"] / base[(control, r["n"])] if (control, r["n"]) in base else float("nan")
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
    parser.add_argument("--only", default="", help="only the layouts whose name contains this (e.g. excalidraw)")
    parser.add_argument("--no-exports", action="store_true", help="skip the export timings")
    parser.add_argument("--cpu", action="store_true", help="time in CPU seconds of this process, not wall time")
    args = parser.parse_args()
    if args.cpu:
        CLOCK[0] = time.process_time
    rows = measure(args.repeat, args.sizes, args.only)
    exports = [] if args.no_exports else export_times(args.repeat)
    if args.json:
        print(json.dumps({"rows": rows, "exports": exports}, indent=2))
        return
    print(f"{'layout':<28} {'n':>6} {'KiB':>7} {'checks/shape':>12} {'outcome':>18} {'time':>9} {'growth':>7} "
          f"{'exp':>5} {'vs json':>8} {'vs grid':>8} {'unbounded':>10} {'growth':>7}")
    for r in rows:
        cps = f"{r['checks_per_shape']:12.1f}" if "checks_per_shape" in r else f"{'—':>12}"
        unb = f"{r['unbounded_seconds'] * 1000:8.0f}ms {r['unbounded_growth']:6.1f}x" if "unbounded_seconds" in r \
            else f"{'—':>10} {'—':>7}"
        exp = f"{r['exponent']:5.2f}" if r["exponent"] is not None else f"{'—':>5}"
        print(f"{r['layout']:<28} {r['n']:>6,} {r['bytes'] // 1024:>7,} {cps} {r['outcome']:>18} "
              f"{r['seconds'] * 1000:7.0f}ms {r['growth']:6.1f}x {exp} {r['vs_json']:7.1f}x {r['vs_grid']:7.2f}x {unb}")
    readers = [r for r in rows if "reader_seconds" in r]
    if readers:
        print()
        print(f"{'the Excalidraw reader alone':<28} {'n':>6} {'time':>9} {'exp':>5} {'vs json':>8}")
        for r in readers:
            exp = f"{r['reader_exponent']:5.2f}" if r["reader_exponent"] is not None else f"{'—':>5}"
            print(f"{r['layout']:<28} {r['n']:>6,} {r['reader_seconds'] * 1000:7.0f}ms {exp} {r['reader_vs_json']:7.1f}x")
    print()
    print(f"{'exports of 100 of each':<24} {'format':>10} {'time':>9} {'vs grid':>8}")
    for r in exports:
        print(f"{r['layout']:<24} {r['format']:>10} {r['seconds'] * 1000:7.0f}ms {r['vs_grid']:7.2f}x")


if __name__ == "__main__":
    main()
