"""How fast is the pipeline, measured against a floor and against a peer, at 25 to 2,500 components.

For each size N it builds synthetic canvas JSON shaped like the real
component's output (see ``synthetic.py``) and times, as the median of
``--repeat`` runs after one warm-up run:

- ``json.loads`` of the canvas text: the floor, since reading the input at all costs this;
- each stage on its own: restore (Fabric JSON → shapes), recognise (shapes →
  sketch), graph build, and the full analysis (graph + shared facts + every rule);
- ``pipeline``: restore + recognise + graph + analysis from parsed JSON, the
  path the app and the CLI take (``design.analysis.analyze.analyze_document``, which
  builds the numbers model too); again with the label caches emptied before each run
  (``pipeline_cold``: what the first reading of a new drawing pays);
- ``model``: the numbers model (``design.analysis.numbers.numbers_of``: every component's
  figures, the slowest and least available request paths, the throughput ceiling and the
  monthly cost) on an analysis context whose rules have run, so it counts what the model adds
  to an analysis; the target is at most 20% of the full analysis at N=250, and growth no
  faster than the analysis. Measured twice: on the design alone (the model spreads a reference
  mix itself), and with a peak estimated (``ESTIMATES``), the case the issue describes, where the
  capacity rule has spread that peak already and the model's ceiling reads the same spread;
- the annotated PNG (``build_scene`` + ``render`` + PNG encoding), for N ≤ 250: as the app draws it
  (``screen_png``: at most 1,460 px wide) and as an export at the scene's size; for N ≤ 50 also as the
  file the export button downloads (``PNG_SCALE``, twice the scene's size);
- the offline critique of the saved design (when ``critique.offline`` exists);
- OWASP pytm's rule pass, ``TM.resolve()``, over an equivalent model (one
  element per component, one Dataflow per flow), the closest peer: a Python
  rule engine over a data-flow diagram.

It prints a table, the growth exponent of each stage between the two largest
sizes (1.0 is linear, 2.0 quadratic), the ratios against the ``json.loads``
floor and against pytm, and the targets from issues 7, 12 and 15 with PASS/MISS (issue 12's pipeline ratio and
issue 15's model ratios are medians of paired runs, see ``paired_ratio``; issue 12's recognise growth is
the median of paired runs of both sizes, see ``paired_growth``). ``--json``
prints the same as one JSON object. Timing uses ``time.perf_counter`` with the
garbage collector paused inside the timed call, as ``timeit`` does; ``--clock cpu``
times the CPU the measuring thread used instead (``time.thread_time``), which other
processes on a busy machine cannot inflate (the shared 2-core machine often runs at a
load of 10 or more, where wall-clock medians of the longer stages double).

Run: ``.venv/bin/python benchmarks/pipeline.py`` (or ``make bench``).
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib.util
import json
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import synthetic_canvas  # noqa: E402

from design.analysis.analyze import (
    analyze,  # noqa: E402
    analyze_document,  # noqa: E402
    run_rules,  # noqa: E402
)
from design.analysis.context import Context  # noqa: E402
from design.analysis.graph import to_graph  # noqa: E402
from design.analysis.numbers import numbers_of  # noqa: E402
from design.analysis.rules.latency import slow_work  # noqa: E402
from design.canvas.recognize import _read_label, build_sketch  # noqa: E402
from design.canvas.restore import MAX_OBJECTS, restore  # noqa: E402
from design.exports.formats import PNG_SCALE  # noqa: E402
from design.model.document import SketchDocument  # noqa: E402
from design.model.kinds import read_kind  # noqa: E402
from design.model.labels import numbered_stem, says_replica_copy, slugify  # noqa: E402
from design.model.sketch import Kind, Sketch  # noqa: E402
from design.picture.png import png_bytes, render, screen_png  # noqa: E402
from design.picture.scene import build_scene  # noqa: E402

SIZES = (25, 50, 250, 2500)
#: A peak stated as the user's own figures (5,000 reads and 500 writes a second): the capacity rule spreads it.
ESTIMATES = {"my_read_qps": 5000.0, "my_write_qps": 500.0}
PNG_MAX = 250
PNG_DOWNLOAD_MAX = 50  # the downloaded file is drawn at twice the size: 4× the pixels, so only the small sizes  # a 2,500-box picture is ~14,000 px wide: nobody renders that, so it is not timed.
STAGES = ("json_loads", "restore", "recognise", "graph", "analysis", "model", "analysis_est", "model_est",
          "pipeline", "pipeline_cold", "png", "png_export",
          "png_download",
          "critique",
          "pytm_resolve")
#: Streamlit's st.image passes a PNG up to this wide through untouched; the app draws to it (app.MAX_IMAGE_WIDTH).
SCREEN_WIDTH = 1460
LABELS = {
    "json_loads": "json.loads (floor)",
    "restore": "restore",
    "recognise": "recognise",
    "graph": "graph build",
    "analysis": "full analysis",
    "model": "numbers model",
    "analysis_est": "full analysis, peak estimated",
    "model_est": "numbers model, peak estimated",
    "pipeline": "restore+graph+analysis",
    "pipeline_cold": "restore+graph+analysis, labels unread",
    "png": "annotated PNG (app)",
    "png_export": "PNG export (full size)",
    "png_download": "PNG export (2×, downloaded)",
    "critique": "offline critique",
    "pytm_resolve": "pytm TM.resolve()",
}


#: The clock ``timed`` reads: wall time by default, the thread's CPU time with ``--clock cpu``.
CLOCK: Callable[[], float] = time.perf_counter


def timed(fn: Callable[[], Any], repeat: int, setup: Callable[[], Any] | None = None) -> float:
    """Median seconds of ``repeat`` calls after one warm-up; ``setup`` (untimed) runs before each call."""
    samples = []
    for i in range(repeat + 1):
        arg = setup() if setup else None
        gc.collect()
        gc.disable()
        try:
            t0 = CLOCK()
            fn() if setup is None else fn(arg)  # type: ignore[call-arg]
            elapsed = CLOCK() - t0
        finally:
            gc.enable()
        if i:  # the first call warms caches (compiled regexes, fonts) and is not counted
            samples.append(elapsed)
    return statistics.median(samples)


def paired_ratio(first: Callable[[], Any], second: Callable[[Any], Any], setup: Callable[[], Any], repeat: int) -> float:
    """The median of ``second ÷ first`` over ``repeat`` pairs timed back to back (after one warm-up pair).

    On a shared machine the load moves between one stage's runs and the next's, so two medians taken apart
    can disagree by a third; a pair sees the same load, and the median of the pairs' ratios stays put.
    ``second`` runs straight after ``setup``, as the model runs straight after the rules on their context
    (``analyze_with_numbers``); ``first`` after it.
    """
    ratios = []
    for i in range(repeat + 1):
        arg = setup()
        times = []
        for fn in (functools.partial(second, arg), first):
            gc.collect()
            gc.disable()
            try:
                t0 = CLOCK()
                fn()
                times.append(CLOCK() - t0)
            finally:
                gc.enable()
        if i:
            ratios.append(times[0] / times[1])
    return statistics.median(ratios)


# --- the offline critique (the critique stage may be absent on an older checkout) ------------


def offline_critic() -> Callable[[SketchDocument, tuple], Callable[[], Any]] | None:
    """A factory ``(document, findings) -> call`` for the offline critique, or ``None`` if it does not exist."""
    if importlib.util.find_spec("critique.offline") is None:
        return None
    from critique.models import Mode
    from critique.offline import OfflineCritic
    from critique.request import request_for

    critic = OfflineCritic()

    def factory(document: SketchDocument, findings: tuple) -> Callable[[], Any]:
        request = request_for(document, Mode.STRESS, version=1, findings=findings)
        return lambda: critic.critique(request)

    return factory


# --- OWASP pytm: the same design as a threat model ---------------------------------------------


def pytm_model(sketch: Sketch) -> Callable[[], Any]:
    """Build the pytm model of ``sketch`` from a clean slate and return its ``resolve``.

    pytm keeps every element in class-level state on ``TM`` (``TM._state``:
    elements, flows, threats, boundaries...). ``TM.reset()`` swaps in a fresh
    state; the ``TM(...)`` constructor then reloads the threat library into it,
    and every ``Element``/``Dataflow`` created afterwards registers itself there.
    So each model is built after a reset, and the registered counts are checked,
    so that no run times the leftovers of another.
    """
    from pytm import TM, Actor, Boundary, Dataflow, Datastore, ExternalEntity, Process, Server

    TM.reset()
    tm = TM(f"sketch of {len(sketch.components)} components", description="Synthetic benchmark model")
    internet, internal = Boundary("Internet"), Boundary("Internal network")
    servers = {Kind.LOAD_BALANCER, Kind.API_GATEWAY, Kind.CDN, Kind.DNS}
    stores = {Kind.DATABASE, Kind.CACHE, Kind.QUEUE, Kind.OBJECT_STORAGE, Kind.SEARCH}
    element: dict[str, Any] = {}
    for c in sketch.components:
        if c.kind is Kind.CLIENT:
            element[c.id] = Actor(c.id, inBoundary=internet)
        elif c.kind is Kind.EXTERNAL:
            element[c.id] = ExternalEntity(c.id, inBoundary=internet)
        elif c.kind in stores:
            element[c.id] = Datastore(c.id, inBoundary=internal)
        elif c.kind in servers:
            element[c.id] = Server(c.id, inBoundary=internal)
        else:
            element[c.id] = Process(c.id, inBoundary=internal)
    for f in sketch.flows:
        Dataflow(element[f.source], element[f.target], f.label or f.id)
    state = TM._get_state()
    expected = len(sketch.components) + len(sketch.flows) + 2  # the two boundaries are elements too
    if len(state.elements) != expected or len(state.flows) != len(sketch.flows) or not state.threats:
        raise RuntimeError(
            f"pytm state was not reset: {len(state.elements)} elements registered, expected {expected}"
        )
    tm.check()  # pytm's own order: check() sorts flows and applies defaults, then resolve() runs the rules
    return tm.resolve


# --- the run --------------------------------------------------------------------------------


def measure(n: int, repeat: int, with_pytm: bool, groups: bool = False) -> dict[str, Any]:
    canvas = synthetic_canvas(n, groups=groups)
    text = json.dumps(canvas)
    raw = json.loads(text)
    document = SketchDocument(canvas=raw, title=f"Synthetic design, {n} components")
    result = analyze_document(document)
    restored = restore(raw)
    sketch = result.sketch
    row: dict[str, Any] = {
        "n": n,
        "objects": len(raw["objects"]),
        "bytes": len(text.encode()),
        "components": len(sketch.components),
        "flows": len(sketch.flows),
        "findings": len(result.findings),
        "seconds": {},
    }
    s = row["seconds"]
    s["json_loads"] = timed(lambda: json.loads(text), repeat)
    s["restore"] = timed(lambda: restore(raw), repeat)
    s["recognise"] = timed(lambda: build_sketch(restored), repeat)
    s["graph"] = timed(lambda: to_graph(sketch), repeat)
    s["analysis"] = timed(lambda: analyze(sketch), repeat)
    s["model"] = timed(lambda ctx: numbers_of(ctx).ceiling, repeat, setup=lambda: _analysed(sketch))
    estimated = {"estimates": ESTIMATES}
    s["analysis_est"] = timed(lambda: analyze(sketch, estimated), repeat)
    s["model_est"] = timed(lambda ctx: numbers_of(ctx).ceiling, repeat, setup=lambda: _analysed(sketch, estimated))
    if n == 250:  # the target's ratios, each analysis and model timed back to back (see paired_ratio)
        row["model_ratio"] = paired_ratio(lambda: analyze(sketch), lambda ctx: numbers_of(ctx).ceiling,
                                          lambda: _analysed(sketch), 3 * repeat)
        row["model_est_ratio"] = paired_ratio(lambda: analyze(sketch, estimated), lambda ctx: numbers_of(ctx).ceiling,
                                              lambda: _analysed(sketch, estimated), 3 * repeat)
    s["pipeline"] = timed(lambda: analyze_document(document), repeat)
    # The same with the label caches emptied first: what the first reading of a new drawing pays (the app reads
    # the same labels again on every stroke, so the warm figure above is what a stroke costs).
    s["pipeline_cold"] = timed(lambda _: analyze_document(document), repeat, setup=_forget_labels)
    if n == 250:  # issue 12's ratio, the pipeline and json.loads timed back to back under the same load
        row["pipeline_ratio"] = paired_ratio(lambda: json.loads(text), lambda _: analyze_document(document),
                                             lambda: None, 3 * repeat)
    if n <= PNG_MAX:
        s["png"] = timed(lambda: screen_png(build_scene(sketch, result.findings, title=document.title), SCREEN_WIDTH),
                         repeat)
        s["png_export"] = timed(
            lambda: png_bytes(render(build_scene(sketch, result.findings, title=document.title))), repeat
        )
    if n <= PNG_DOWNLOAD_MAX:
        s["png_download"] = timed(
            lambda: png_bytes(render(build_scene(sketch, result.findings, title=document.title), scale=PNG_SCALE)),
            repeat,
        )
    critic = offline_critic()
    if critic is not None:
        s["critique"] = timed(critic(document, result.findings), repeat)
    if with_pytm:
        s["pytm_resolve"] = timed(lambda resolve: resolve(), repeat, setup=lambda: pytm_model(sketch))
        row["pytm_findings"] = _count_pytm_findings(sketch)
    return row


def _forget_labels() -> None:
    """Empty the caches that keep what each label says (recognition's readings, the kind of each name, slugs,
    numbered stems, replica copies and slow work)."""
    for cached in (_read_label, read_kind, slugify, numbered_stem, says_replica_copy, slow_work):
        cached.cache_clear()


def _analysed(sketch: Sketch, options: dict[str, Any] | None = None) -> Context:
    """An analysis context on which every rule has run (untimed): what the numbers model is added to."""
    ctx = Context(sketch, to_graph(sketch), options)
    run_rules(ctx)
    return ctx


def measure_limit(repeat: int) -> dict[str, Any]:
    """The pipeline on a canvas at the object limit (MAX_OBJECTS objects): what a maximal design costs."""
    canvas = synthetic_canvas(round(MAX_OBJECTS / 3.8))
    canvas["objects"] = canvas["objects"][:MAX_OBJECTS]
    text = json.dumps(canvas)
    raw = json.loads(text)
    document = SketchDocument(canvas=raw)
    result = analyze_document(document)
    return {
        "objects": len(raw["objects"]),
        "bytes": len(text.encode()),
        "components": len(result.sketch.components),
        "flows": len(result.sketch.flows),
        "notes": len(result.sketch.notes),
        "seconds": {
            "json_loads": timed(lambda: json.loads(text), repeat),
            "pipeline": timed(lambda: analyze_document(document), repeat),
        },
    }


def _count_pytm_findings(sketch: Sketch) -> int:
    """How many findings pytm's rule pass produced (shows it did real work)."""
    from pytm import TM

    resolve = pytm_model(sketch)
    resolve()
    count = len(resolve.__self__.findings)
    TM.reset()
    return count


def growth(rows: list[dict[str, Any]], stage: str) -> float | None:
    """The exponent k in t ∝ N^k between the two largest sizes that timed ``stage``."""
    timed_rows = [r for r in rows if stage in r["seconds"] and r["seconds"][stage] > 0]
    if len(timed_rows) < 2:
        return None
    a, b = timed_rows[-2], timed_rows[-1]
    return math.log(b["seconds"][stage] / a["seconds"][stage]) / math.log(b["n"] / a["n"])


def paired_growth(fn: Callable[[Any], Any], small: tuple[int, Any], large: tuple[int, Any], repeat: int) -> float:
    """The median over ``repeat`` pairs (after one warm-up pair) of the exponent k in t ∝ N^k, each pair timing
    ``fn`` on the ``small`` and the ``large`` input (``(N, input)``) back to back.

    :func:`growth` divides two medians taken a minute apart, so on a shared machine a change of load between the
    two sizes reads as growth (single runs under load ranged 0.84–1.26 for the same code); a pair sees the same
    load, as in :func:`paired_ratio`.
    """
    exponents = []
    for i in range(repeat + 1):
        times = []
        for _, arg in (small, large):
            gc.collect()
            gc.disable()
            try:
                t0 = CLOCK()
                fn(arg)
                times.append(CLOCK() - t0)
            finally:
                gc.enable()
        if i:
            exponents.append(math.log(times[1] / times[0]) / math.log(large[0] / small[0]))
    return statistics.median(exponents)


def targets(rows: list[dict[str, Any]], exponents: dict[str, float | None],
            paired: dict[str, float] | None = None) -> list[dict[str, Any]]:
    by_n = {r["n"]: r["seconds"] for r in rows}
    out = []

    def add(name: str, value: float | None, limit: float, unit: str, better: str = "below") -> None:
        if value is None:
            out.append({"target": name, "value": None, "limit": limit, "unit": unit, "met": None})
            return
        met = value <= limit if better == "below" else value >= limit
        out.append({"target": name, "value": value, "limit": limit, "unit": unit, "met": met})

    s250 = by_n.get(250, {})
    add("N=250 pipeline / json.loads", s250.get("pipeline", 0) / s250["json_loads"] if "json_loads" in s250 else None,
        10.0, "×")
    add("N=250 pytm resolve / pipeline",
        s250["pytm_resolve"] / s250["pipeline"] if "pytm_resolve" in s250 and "pipeline" in s250 else None,
        10.0, "×", better="above")
    s2500 = by_n.get(2500, {})
    add("N=2,500 pipeline", s2500.get("pipeline", 0) * 1000 if "pipeline" in s2500 else None, 1000.0, "ms")
    span = f"{rows[-2]['n']:,}→{rows[-1]['n']:,}" if len(rows) > 1 else "n/a"
    add(f"pipeline growth exponent {span}", exponents.get("pipeline"), 1.2, "")
    r250 = next((r for r in rows if r["n"] == 250), {})
    add("N=250 pipeline / json.loads (issue 12, median of paired runs)", r250.get("pipeline_ratio"), 4.0, "×")
    paired = paired or {}
    if "recognise" in paired:
        add(f"recognise growth exponent {span} (issue 12, median of paired runs)", paired["recognise"], 1.15, "")
    else:
        add(f"recognise growth exponent {span} (issue 12)", exponents.get("recognise"), 1.15, "")
    add("N=250 numbers model / full analysis (median of paired runs)", r250.get("model_ratio"), 0.2, "×")
    add("N=250 numbers model / full analysis, peak estimated (paired)", r250.get("model_est_ratio"), 0.2, "×")
    g_model, g_analysis = exponents.get("model"), exponents.get("analysis")
    add(f"numbers model growth minus analysis growth {span}",
        g_model - g_analysis if g_model is not None and g_analysis is not None else None, 0.1, "")
    s50 = by_n.get(50, {})
    add("N=50 annotated PNG (the app's picture)", s50["png"] * 1000 if "png" in s50 else None, 150.0, "ms")
    add("N=50 PNG export (full size)", s50["png_export"] * 1000 if "png_export" in s50 else None, 150.0, "ms")
    add("N=50 offline critique", s50["critique"] * 1000 if "critique" in s50 else None, 50.0, "ms")
    return out


def environment() -> dict[str, Any]:
    import networkx
    import PIL

    env = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "networkx": networkx.__version__,
        "pillow": PIL.__version__,
    }
    try:
        from importlib.metadata import version

        env["pytm"] = version("pytm")
    except Exception:  # noqa: BLE001 - the peer is optional
        env["pytm"] = None
    return env


def fmt_ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    ms = seconds * 1000
    return f"{ms:.3f}" if ms < 1 else f"{ms:.2f}" if ms < 10 else f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def report_text(data: dict[str, Any]) -> str:
    rows = data["rows"]
    lines = []
    env = data["environment"]
    lines.append(
        f"Python {env['python']} · {env['cpus']} CPUs · load {env['load_average']} · networkx {env['networkx']} · "
        f"Pillow {env['pillow']} · pytm {env['pytm'] or 'not installed'} · median of {data['repeat']} runs"
        f" · {data.get('clock', 'wall')} clock"
    )
    lines.append("")
    head = ["stage (median ms)"] + [f"N={r['n']:,}" for r in rows] + ["growth", "×floor", "pytm/this"]
    table = []
    big = rows[-1]
    for stage in STAGES:
        if not any(stage in r["seconds"] for r in rows):
            if stage == "critique":
                table.append([LABELS[stage]] + ["not available"] + [""] * (len(head) - 2))
            continue
        g = data["growth"].get(stage)
        ref = next((r for r in rows if r["n"] == 250), big)["seconds"]
        floor = ref.get("json_loads")
        peer = ref.get("pytm_resolve")
        mine = ref.get(stage)
        table.append(
            [LABELS[stage]]
            + [fmt_ms(r["seconds"].get(stage)) for r in rows]
            + [
                "—" if g is None else f"{g:.2f}",
                "—" if not (floor and mine) else f"{mine / floor:.1f}",
                "—" if not (peer and mine) or stage == "pytm_resolve" else f"{peer / mine:.1f}",
            ]
        )
    widths = [max(len(str(x)) for x in col) for col in zip(head, *table, strict=True)]
    lines.append("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths, strict=True))))
    lines.append("  ".join("-" * w for w in widths))
    for row in table:
        lines.append(
            "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        )
    lines.append("")
    lines.append(
        "growth: exponent k in t ∝ N^k between the two largest sizes; ×floor and pytm/this: at N=250 "
        "(×floor = this stage ÷ json.loads; pytm/this = pytm resolve ÷ this stage)."
    )
    for stage, k in data.get("paired_growth", {}).items():
        lines.append(f"{stage} growth, median of paired runs (both sizes timed back to back): {k:.2f}")
    sizes = ", ".join(
        f"N={r['n']:,}: {r['objects']:,} objects, {r['bytes'] / 1024:,.0f} KiB, {r['flows']:,} flows, "
        f"{r['findings']:,} findings" + (f", pytm {r['pytm_findings']:,}" if "pytm_findings" in r else "")
        for r in rows
    )
    lines.append(f"inputs: {sizes}")
    lim = data.get("at_object_limit")
    if lim:
        ls = lim["seconds"]
        lines.append(
            f"at the object limit: {lim['objects']:,} objects ({lim['bytes'] / 1024:,.0f} KiB, {lim['components']:,} "
            f"components, {lim['flows']:,} flows): restore+graph+analysis {fmt_ms(ls['pipeline'])} ms, "
            f"{ls['pipeline'] / ls['json_loads']:.1f}× json.loads ({fmt_ms(ls['json_loads'])} ms)"
        )
    lines.append("")
    lines.append("targets (issues 7, 12 and 15):")
    for t in data["targets"]:
        if t["value"] is None:
            lines.append(f"  n/a   {t['target']}: not measured")
            continue
        verdict = "PASS" if t["met"] else "MISS"
        relation = "≤" if t["target"] != "N=250 pytm resolve / pipeline" else "≥"
        lines.append(f"  {verdict}  {t['target']}: {t['value']:.2f}{t['unit']} (target {relation} {t['limit']:g}{t['unit']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (median; at least 5)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall time (default) or the measuring thread's CPU time, which a busy machine cannot inflate")
    parser.add_argument("--sizes", type=lambda s: tuple(int(x) for x in s.split(",")), default=SIZES,
                        help="comma-separated component counts (default: 25,50,250,2500)")
    parser.add_argument("--no-pytm", action="store_true", help="skip the pytm peer (it is the slowest part)")
    parser.add_argument("--no-limit", action="store_true", help="skip the run at the object limit")
    parser.add_argument("--groups", action="store_true",
                        help="draw every cell of ten components inside a box of its own (groups found by containment)")
    args = parser.parse_args(argv)
    if args.repeat < 5:
        parser.error("--repeat must be at least 5: a median of fewer runs is noise on a shared machine")
    global CLOCK
    CLOCK = time.thread_time if args.clock == "cpu" else time.perf_counter
    with_pytm = not args.no_pytm and importlib.util.find_spec("pytm") is not None
    rows = []
    for n in sorted(args.sizes):
        if not args.json:
            print(f"measuring N={n:,}...", file=sys.stderr, flush=True)
        rows.append(measure(n, args.repeat, with_pytm, args.groups))
    limit = None
    if not args.no_limit:
        if not args.json:
            print(f"measuring at the object limit ({MAX_OBJECTS:,} objects)...", file=sys.stderr, flush=True)
        limit = measure_limit(args.repeat)
    exponents = {stage: growth(rows, stage) for stage in STAGES}
    paired: dict[str, float] = {}
    if len(rows) > 1:  # issue 12's exponent, paired: recognition of the two largest sizes' drawings back to back
        a, b = (rows[-2]["n"], restore(synthetic_canvas(rows[-2]["n"], groups=args.groups))), \
               (rows[-1]["n"], restore(synthetic_canvas(rows[-1]["n"], groups=args.groups)))
        paired["recognise"] = paired_growth(build_sketch, a, b, args.repeat)
    data = {
        "environment": environment(),
        "repeat": args.repeat,
        "clock": args.clock,
        "critique_available": offline_critic() is not None,
        "rows": rows,
        "growth": exponents,
        "paired_growth": paired,
        "targets": targets(rows, exponents, paired),
        "at_object_limit": limit,
    }
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(report_text(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
