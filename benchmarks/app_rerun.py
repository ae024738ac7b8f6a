"""Server-side time of one app rerun after a stroke, on a 50-component sketch, through AppTest.

Every mouse-up on the canvas sends the drawing and reruns the whole script, so
this is the latency a user feels while drawing (on top of the ~0.2 s the
component debounces and the browser round trip). The scenario:

1. a fresh database; the app runs once; a 50-component synthetic sketch
   (``synthetic.py``, shaped like the real canvas output) arrives as the
   canvas's state, exactly as the browser sends it
   (``session_state["canvas-N"] = {"drawing": {"raw": ..., "data": None}}``);
2. it is saved as v1, so the sidebar lists a design and its versions and the
   critique panel is live, as in real use;
3. ``--strokes`` times, one more arrow is drawn (a new canvas state) and the
   rerun is timed; then reruns with no change are timed for contrast.

Two figures per rerun: the wall time of ``AppTest.run()``, and the time the
script thread itself ran (what a real server spends). A real server compiles
``app.py`` once and keeps the bytecode; AppTest recompiles it on every run, so
the benchmark shares one bytecode cache across runs, like the server
(``--recompile`` measures AppTest's default instead).

It also attributes the time of a stroke rerun to the parts of the pipeline the
app calls (analysis, fingerprint, scene, render, PNG encoding, st.image's
processing, Streamlit's hashing of cached-function arguments, storage reads),
by wrapping those functions, so the report says where the rest goes.
``--profile`` prints a cProfile of the script thread for one stroke rerun.

Run: ``.venv/bin/python benchmarks/app_rerun.py`` (or ``make bench``).
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import functools
import importlib
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from synthetic import synthetic_canvas  # noqa: E402

APP = ROOT / "app.py"

# (module, attribute, label): what a stroke rerun may spend its time on.
PARTS = [
    ("design.analysis.analyze", "analyze_document", "analysis (restore → findings)"),
    ("design.analysis.analyze", "fingerprint", "fingerprint (saved vs unsaved)"),
    ("design.model.document", "dumps", "document → canonical JSON"),
    ("design.model.document", "loads", "JSON → document (validated)"),
    ("design.picture.scene", "build_scene", "scene layout"),
    ("design.picture.png", "render", "PNG drawing"),
    ("design.picture.png", "png_bytes", "PNG encoding"),
    ("streamlit.elements.lib.image_utils", "image_to_url", "st.image processing"),
    ("streamlit.runtime.caching.cache_utils", "_make_value_key", "hashing cached-function arguments"),
    ("design.store.base", "Store.list_designs", "store: list designs"),
    ("design.store.base", "Store.list_versions", "store: list versions"),
    ("design.store.base", "Store.load_version", "store: load a version"),
    ("design.store.base", "Store.find_critique", "store: find critique"),
]


class Attribution:
    """Wraps functions by name and adds up the time spent in them (outermost call only)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._depth: dict[str, int] = defaultdict(int)
        self._undo: list[Callable[[], None]] = []

    def wrap(self, module_name: str, attribute: str, label: str) -> None:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return
        owner: Any = module
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part, None)
            if owner is None:
                return
        original = getattr(owner, name, None)
        if original is None:
            return

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._depth[label] += 1
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self._depth[label] -= 1
                if not self._depth[label]:
                    self.seconds[label] += time.perf_counter() - t0
                    self.calls[label] += 1

        setattr(owner, name, timed)
        self._undo.append(lambda: setattr(owner, name, original))

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()

    def restore(self) -> None:
        for undo in reversed(self._undo):
            undo()
        self._undo.clear()


class ScriptTimer:
    """Times (and optionally profiles) the script thread of each AppTest run."""

    def __init__(self) -> None:
        from streamlit.testing.v1.local_script_runner import LocalScriptRunner

        self.last = 0.0
        self.profile: cProfile.Profile | None = None
        original = LocalScriptRunner._run_script_thread
        timer = self

        def run_script_thread(runner: Any) -> None:
            profile = timer.profile
            t0 = time.perf_counter()
            if profile is not None:
                profile.enable()
            try:
                original(runner)
            finally:
                if profile is not None:
                    profile.disable()
                timer.last = time.perf_counter() - t0

        LocalScriptRunner._run_script_thread = run_script_thread  # type: ignore[method-assign]


def share_bytecode() -> None:
    """Give every AppTest run the same ScriptCache, as a real server does (it compiles app.py once)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    for module in (app_test, local_script_runner):
        module.ScriptCache = lambda: shared  # type: ignore[attr-defined]


def add_stroke(canvas: dict[str, Any], k: int) -> dict[str, Any]:
    """The canvas after one more arrow: a copy of an existing Line, nudged so it is a new flow."""
    out = copy.deepcopy(canvas)
    lines = [o for o in out["objects"] if o.get("type") == "Line"]
    stroke = copy.deepcopy(lines[k % len(lines)])
    stroke["top"] += 2.5 + k % 5
    out["objects"].append(stroke)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--components", type=int, default=50)
    parser.add_argument("--strokes", type=int, default=7, help="timed stroke reruns (median; at least 5)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--recompile", action="store_true", help="let AppTest recompile app.py on every run")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one stroke rerun")
    parser.add_argument("--app", type=Path, default=APP, help="the app script (to compare another version of app.py)")
    args = parser.parse_args(argv)
    if args.strokes < 5:
        parser.error("--strokes must be at least 5")

    tmp = tempfile.TemporaryDirectory(prefix="sketchfirst-bench-")
    os.environ["SKETCHFIRST_DB"] = str(Path(tmp.name) / "bench.db")
    for key in [k for k in os.environ if k.startswith("ANTHROPIC_")]:
        del os.environ[key]  # the offline critic only: a benchmark never calls the API

    from streamlit.testing.v1 import AppTest

    if not args.recompile:
        share_bytecode()
    timer = ScriptTimer()
    parts = Attribution()
    for module_name, attribute, label in PARTS:
        parts.wrap(module_name, attribute, label)

    at = AppTest.from_file(str(args.app.resolve()), default_timeout=300)

    def rerun(canvas: dict[str, Any] | None = None) -> tuple[float, float]:
        if canvas is not None:
            gen = at.session_state.get("canvas_gen", 0)
            at.session_state[f"canvas-{gen}"] = {"drawing": {"raw": canvas, "data": None}}
        t0 = time.perf_counter()
        at.run()
        wall = time.perf_counter() - t0
        if at.exception:
            raise RuntimeError(f"the app raised: {at.exception[0].value}")
        return wall, timer.last

    rerun()
    canvas = synthetic_canvas(args.components)
    rerun(canvas)
    at.button(key="save").click()
    rerun()
    saved = [m.value for m in at.success]
    if not any("Saved as version 1" in s for s in saved):
        raise RuntimeError(f"the setup save did not happen: {saved}")

    rerun(add_stroke(canvas, 99))  # warm-up stroke: first-use costs (fonts, imports) are not a stroke's cost
    strokes = []
    per_part: dict[str, list[float]] = defaultdict(list)
    for k in range(args.strokes):
        parts.reset()
        strokes.append(rerun(add_stroke(canvas, k)))
        for _, _, label in PARTS:
            per_part[label].append(parts.seconds.get(label, 0.0))
    idle = []
    for _ in range(args.strokes):
        idle.append(rerun())

    profile_text = ""
    if args.profile:
        timer.profile = cProfile.Profile()
        rerun(add_stroke(canvas, 1000))
        timer.profile.disable()
        out = io.StringIO()
        pstats.Stats(timer.profile, stream=out).sort_stats("cumulative").print_stats(45)
        profile_text = out.getvalue()
        timer.profile = None
    parts.restore()

    def med(values: list[float]) -> float:
        return statistics.median(values)

    data = {
        "app": str(args.app),
        "components": args.components,
        "objects": len(canvas["objects"]) + 1,
        "canvas_bytes": len(json.dumps(canvas)),
        "strokes": args.strokes,
        "bytecode": "recompiled per run (AppTest default)" if args.recompile else "cached, as on a server",
        "stroke_rerun": {"wall_ms": med([w for w, _ in strokes]) * 1000, "script_ms": med([s for _, s in strokes]) * 1000},
        "unchanged_rerun": {"wall_ms": med([w for w, _ in idle]) * 1000, "script_ms": med([s for _, s in idle]) * 1000},
        "stroke_parts_ms": {label: med(v) * 1000 for label, v in per_part.items() if any(v)},
    }
    tmp.cleanup()
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(f"App rerun, {data['components']} components ({data['objects']} canvas objects, "
          f"{data['canvas_bytes'] / 1024:.0f} KiB), median of {args.strokes}; bytecode {data['bytecode']}")
    print()
    print(f"{'rerun':<34}{'script thread':>15}{'AppTest.run()':>15}")
    for name, key in (("after a stroke", "stroke_rerun"), ("with nothing changed", "unchanged_rerun")):
        print(f"{name:<34}{data[key]['script_ms']:>12.0f} ms{data[key]['wall_ms']:>12.0f} ms")
    print()
    print("where a stroke rerun's script time goes (median ms; parts may nest, e.g. analysis inside a cached call):")
    for label, ms in sorted(data["stroke_parts_ms"].items(), key=lambda kv: -kv[1]):
        print(f"  {label:<40}{ms:>8.1f}")
    accounted = sum(data["stroke_parts_ms"].values())
    print(f"  {'everything else (widgets, layout, state)':<40}{max(0.0, data['stroke_rerun']['script_ms'] - accounted):>8.1f}")
    if profile_text:
        print()
        print(profile_text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
