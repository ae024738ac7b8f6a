"""Everything the numbers model says about many designs, one digest per design and option set: two trees compared.

A change made for speed must not change a result, and the model's results are more than its JSON: which of two
equally slow paths it reports, the last bit of a load, the words of a working or of a missing figure. This
prints one line per (design, options) with a digest of all of it (the findings too, since the capacity rule
shares the traffic spread), so two trees are compared with ``cmp``:

    git worktree add /tmp/before HEAD~1
    .venv/bin/python benchmarks/model_dump.py --tree /tmp/before --out /tmp/before.txt
    .venv/bin/python benchmarks/model_dump.py --out /tmp/after.txt
    cmp /tmp/before.txt /tmp/after.txt

The designs: the examples, the fidelity corpus (the files that import), synthetic designs of 5 to 1,000
components with and without groups, and 300 random designs written as arrows between box labels (pools, caches,
queues, monitoring, two-way arrows, replication, answers, zones; many with cycles). The option sets: none, two
kinds of peak, a ratio alone, requirements of every target kind, requirements with a peak, and three other cache
hit ratios.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

#: One line of each kind of target the requirement parser reads.
REQUIREMENTS = "\n".join((
    "p99 under 200 ms", "redirect in < 50 ms", "99.99% availability", "10k QPS", "100M new links a month",
    "keep links 5 years", "four nines",
))
OPTIONS: tuple[dict[str, Any], ...] = (
    {},
    {"estimates": {"my_read_qps": 5000.0, "my_write_qps": 500.0}},
    {"estimates": {"read_write_ratio": 10.0}},
    {"requirements": REQUIREMENTS},
    {"requirements": REQUIREMENTS, "estimates": {"my_read_qps": 120000.0, "my_write_qps": 3000.0}},
    {"cache_hit_ratio": 0.995},
    {"cache_hit_ratio": 0.3},
    {"cache_hit_ratio": 0.0, "requirements": REQUIREMENTS},
)
#: Labels and flow labels the random designs are written from.
BOXES = ("Users", "Mobile App", "LB x2", "API x3", "API", "Auth Service", "Postgres", "Postgres replica", "Redis cache",
         "Session store Redis", "Kafka", "Worker", "S3", "CDN", "Stripe", "Search", "Prometheus", "Feed service",
         "Posts DB", "Memcached", "SQS queue", "Web Server 1", "Web Server 2", "Cassandra (sharded)")
FLOWS = ("", "read", "write", "reads", "response", "async", "metrics", "replicate", "upload", "GET /feed")
HOP_FIELDS = ("id", "instances", "p50_ms", "p99_ms", "availability", "monthly_usd", "name", "unit_availability",
              "unit_usd", "priced", "fleet", "latency_missing", "availability_missing", "cost_missing", "domain", "own",
              "availability_working", "cost_working", "yours")
CEILING_FIELDS = ("reads", "writes", "basis", "scale", "hop", "what", "where", "limit", "per_instance", "limit_text",
                  "unsized", "working", "qps")


def designs(random_count: int, sizes: tuple[int, ...] = (5, 20, 60, 250, 1000)) -> Iterator[tuple[str, Any]]:
    """(name, sketch) for every design of the corpus, in a fixed order."""
    from synthetic import synthetic_canvas

    from design.analysis.analyze import sketch_of
    from design.model.document import SketchDocument
    from design.readers.dispatch import read_design
    from support.sketch_dsl import design

    root = Path(sys.modules["design"].__file__ or "").resolve().parent.parent
    for f in sorted((root / "examples").glob("*.canvas.json")):
        yield f.name, sketch_of(SketchDocument(canvas=json.loads(f.read_text())))
    for f in sorted((root / "tests" / "fidelity" / "corpus").iterdir()):
        if f.name.endswith(".key.json"):
            continue
        try:
            yield f.name, sketch_of(read_design(f.name, f.read_bytes()))
        except ValueError:
            continue  # a file the corpus keeps to be refused (a sequence diagram, C4)
    for n in sizes:
        for groups in (False, True):
            for seed in (7, 11):
                yield f"synthetic-{n}-{groups}-{seed}", sketch_of(
                    SketchDocument(canvas=synthetic_canvas(n, seed=seed, groups=groups)))
    rng = random.Random(5)
    for i in range(random_count):
        names = rng.sample(BOXES, rng.randint(3, 12))
        lines = []
        for _ in range(rng.randint(len(names) - 1, 2 * len(names))):
            a, b = rng.sample(names, 2)
            label = rng.choice(FLOWS)
            lines.append(f"{a} {'<->' if rng.random() < 0.1 else '->'} {b}" + (f": {label}" if label else ""))
        zones = {"us-east-1a": names[:2], "region eu-west": names[2:4]} if rng.random() < 0.3 else None
        yield f"random-{i}", design(*lines, groups=zones)


def observe(sketch: Any, options: dict[str, Any]) -> str:
    """Every observable of the model of ``sketch`` (every lazy part read), as canonical JSON."""
    from design.analysis.analyze import analyze_with_numbers

    findings, numbers = analyze_with_numbers(sketch, options)
    paths = numbers._paths
    ceiling = numbers.ceiling
    return json.dumps({
        "findings": [f.to_json() for f in findings],
        "json": numbers.to_json(),
        "least_available_paths": [p.nodes for p in (paths.avail_paths if paths else [])],
        "headline": numbers.headline(),
        "marks": numbers.marks(),
        "checks": [r.to_json() for r in numbers.requirements],
        "slowest": repr(numbers.slowest),
        "least_available": repr(numbers.least_available),
        "ceiling": [repr(getattr(ceiling, f)) for f in CEILING_FIELDS],
        "hops": [[repr(getattr(h, f)) for f in HOP_FIELDS] for h in numbers.hops.values()],
        "cost": numbers.cost.working,
    }, sort_keys=True, default=repr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=HERE.parent, help="the checkout whose model is dumped")
    parser.add_argument("--out", type=Path, required=True, help="where the digests go, one line each")
    parser.add_argument("--random", type=int, default=300, help="how many random designs")
    parser.add_argument("--sizes", type=lambda s: tuple(int(x) for x in s.split(",") if x), default=(5, 20, 60, 250, 1000),
                        help="components in the synthetic designs, comma-separated")
    args = parser.parse_args(argv)
    tree = args.tree.resolve()
    sys.path[:0] = [str(tree), str(tree / "benchmarks"), str(tree / "tests"), str(HERE)]
    total = hashlib.sha256()
    lines = []
    count = 0
    for name, sketch in designs(args.random, args.sizes):
        count += 1
        for i, options in enumerate(OPTIONS):
            text = observe(sketch, options).encode()
            total.update(text)
            lines.append(f"{name}/{i} {hashlib.sha256(text).hexdigest()[:16]}")
    args.out.write_text("\n".join(lines) + "\n")
    print(f"{count} designs × {len(OPTIONS)} option sets from {tree}: {total.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
