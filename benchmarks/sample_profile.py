"""Where the pipeline's time goes at N components, by sampling: unbiased by how many calls a function makes.

cProfile charges a fixed cost to every Python call, so it inflates code made of many small calls (record
constructors, per-coordinate helpers) against code that spends its time in C (regular expressions, dict
look-ups), and its figures disagreed with timing the stages apart. This samples the stack instead:
``SIGPROF`` every half millisecond of CPU, and counts, per function, the samples it was on the stack
(inclusive) and at the top of it (its own time). Samples land where the interpreter checks for signals,
so time spent inside one C call is charged to the next Python line: read "own" shares per function, not
per line.

Run: ``.venv/bin/python benchmarks/sample_profile.py pipeline --n 250 --seconds 20`` (stages: pipeline,
restore, recognise, rules, model). Unix only (``signal.setitimer``).
"""

from __future__ import annotations

import argparse
import collections
import json
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from synthetic import synthetic_canvas  # noqa: E402

from design.analysis.analyze import analyze_document, run_rules  # noqa: E402
from design.analysis.context import Context  # noqa: E402
from design.analysis.graph import to_graph  # noqa: E402
from design.analysis.numbers import numbers_of  # noqa: E402
from design.canvas.recognize import build_sketch  # noqa: E402
from design.canvas.restore import restore  # noqa: E402
from design.model.document import SketchDocument  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stage", choices=("pipeline", "restore", "recognise", "rules", "model"))
    parser.add_argument("--n", type=int, default=250, help="components in the synthetic design")
    parser.add_argument("--seconds", type=float, default=20.0, help="CPU seconds to sample for")
    parser.add_argument("--top", type=int, default=30, help="functions shown per table")
    args = parser.parse_args(argv)

    raw = json.loads(json.dumps(synthetic_canvas(args.n)))
    document = SketchDocument(canvas=raw, title="profile")
    sketch = analyze_document(document).sketch
    restored = restore(raw)
    sampling = [False]

    def analysed() -> Context:
        ctx = Context(sketch, to_graph(sketch), None)
        run_rules(ctx)
        return ctx

    def model() -> None:  # only the model is sampled: its context is built (and its rules run) unsampled
        sampling[0] = False
        ctx = analysed()
        sampling[0] = True
        numbers_of(ctx).ceiling  # noqa: B018 - the ceiling is part of what is measured

    runs: dict[str, Callable[[], object]] = {
        "pipeline": lambda: analyze_document(document),
        "restore": lambda: restore(raw),
        "recognise": lambda: build_sketch(restored),
        "rules": lambda: run_rules(Context(sketch, to_graph(sketch), None)),
        "model": model,
    }
    run = runs[args.stage]
    run()  # warm: compiled patterns, label caches

    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total = [0]

    def on_sample(signum: int, frame: FrameType | None) -> None:
        if not sampling[0]:
            return
        total[0] += 1
        seen: set[str] = set()
        top = True
        while frame is not None:
            code = frame.f_code
            where = f"{code.co_filename.replace(str(ROOT) + '/', '')}:{code.co_name}"
            if top:
                own[where] += 1
                top = False
            if where not in seen:
                inclusive[where] += 1
                seen.add(where)
            frame = frame.f_back

    signal.signal(signal.SIGPROF, on_sample)
    signal.setitimer(signal.ITIMER_PROF, 0.0005, 0.0005)
    calls, start = 0, time.process_time()
    try:
        while time.process_time() - start < args.seconds:
            sampling[0] = True
            run()
            sampling[0] = False
            calls += 1
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
    if not total[0]:
        print("no samples")
        return 1
    print(f"{args.stage} at N={args.n:,}: {calls} runs, {total[0]} samples")
    for title, counts in (("on the stack (inclusive)", inclusive), ("at the top (own time)", own)):
        print(f"\n{title}:")
        for where, k in counts.most_common(args.top):
            if not where.startswith(str(Path(__file__).name)) and "sample_profile.py" not in where:
                print(f"  {100 * k / total[0]:5.1f}%  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
