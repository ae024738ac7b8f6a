"""Synthetic canvas JSON shaped like the real component's output, at any size.

Why synthetic: the benchmarks need designs of 25 to 2,500 components, and
nobody draws 2,500 boxes by hand. Why "shaped like the real output": a
benchmark on tidy hand-written JSON would flatter the reader. So every object
is a copy of one the real canvas wrote (the recorded ``examples/chat.canvas.json``,
all of Fabric's bookkeeping keys included) with only position, size and text
changed, and the drawing follows the habits seen in recordings: boxes of
100–160 px with labels such as ``Orders API x3`` or ``Presence (Redis)``;
arrows dragged from inside one box to inside (or just short of) another, with
Line end points relative to the line's centre; most arrows labelled with an
IText beside their midpoint; a few arrows left dangling and a few free notes.

The design is built from *cells*: a small, realistic service (client, load
balancer, API, cache, database, queue, worker, object store, third party,
monitoring) with about 1.5 flows per component, cells tiled on a grid and
linked to their neighbours, so the graph has real request paths, sinks,
dominators and single points of failure for the rules to find. The same
``(n, seed)`` always gives the same bytes.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_SOURCE = ROOT / "examples" / "chat.canvas.json"

# One cell: (label pattern, width, column, row). ``{d}`` is the cell's domain word.
_CELL = [
    ("{D} users", 110, 0, 1),
    ("Load balancer x2", 130, 1, 1),
    ("{D} API x3", 120, 2, 1),
    ("{D} cache (Redis)", 140, 3, 0),
    ("{D} DB (Postgres)", 140, 3, 2),
    ("{D} events (Kafka)", 140, 2, 3),
    ("{D} worker", 120, 3, 3),
    ("{D} files (S3)", 120, 4, 2),
    ("Stripe", 100, 4, 0),
    ("Prometheus", 120, 1, 3),
]
# (source slot, target slot, flow label or ""): 13 flows inside a cell of 10; links between cells add the rest.
_CELL_FLOWS = [
    (0, 1, "https"),
    (1, 2, ""),
    (2, 3, "read"),
    (2, 4, "write"),
    (2, 5, "publish"),
    (5, 6, "consume"),
    (6, 4, "write"),
    (6, 7, "upload"),
    (2, 8, "charge"),
    (0, 7, "download"),
    (2, 9, "metrics"),
    (6, 9, ""),
    (3, 4, "miss"),
]
_DOMAINS = [
    "Orders", "Payments", "Users", "Search", "Feed", "Chat", "Media", "Billing", "Inventory", "Shipping",
    "Catalog", "Reviews", "Profile", "Session", "Ads", "Analytics", "Notify", "Tickets", "Maps", "Rides",
]
_CELL_W, _CELL_H = 5 * 180.0, 4 * 110.0
_BOX_H = 60.0


def _templates() -> dict[str, dict[str, Any]]:
    """One real object of each type, as the canvas wrote it."""
    objects = json.loads(TEMPLATE_SOURCE.read_text())["objects"]
    out: dict[str, dict[str, Any]] = {}
    for o in objects:
        out.setdefault(o["type"], o)
    missing = {"LabeledRect", "Line", "IText"} - set(out)
    if missing:
        raise RuntimeError(f"{TEMPLATE_SOURCE} has no {', '.join(sorted(missing))} to copy")
    return out


def synthetic_canvas(n: int, seed: int = 7, flows_per_component: float = 1.5, groups: bool = False) -> dict[str, Any]:
    """Canvas JSON with ``n`` components and about ``flows_per_component * n`` flows.

    With ``groups``, each cell is drawn inside a box of its own ("Orders zone 3"), as people draw a VPC or
    a zone around a service: recognition then finds ``n / 10`` groups by containment as well.
    """
    rng = random.Random(seed)
    tpl = _templates()
    cells = max(1, -(-n // len(_CELL)))
    per_row = max(1, round(cells**0.5))
    boxes: list[tuple[float, float, float, float]] = []  # left, top, width, height
    objects: list[dict[str, Any]] = []
    grid: dict[tuple[int, int], list[int]] = {}  # box indices by 200 px cell of their top-left corner

    def add_box(label: str, left: float, top: float, width: float) -> None:
        o = copy.deepcopy(tpl["LabeledRect"])
        o.update(label=label, left=round(left, 4), top=round(top, 4), width=width, height=_BOX_H)
        objects.append(o)
        grid.setdefault((int(left // 200), int(top // 200)), []).append(len(boxes))
        boxes.append((left, top, width, _BOX_H))

    def inside(i: int) -> tuple[float, float]:
        left, top, w, h = boxes[i]
        # Where a pen lands: anywhere inside, sometimes a few pixels short of the edge.
        x = left + rng.uniform(-8, w + 8) if rng.random() < 0.15 else left + rng.uniform(8, w - 8)
        return x, top + rng.uniform(6, h - 6)

    def add_line(x1: float, y1: float, x2: float, y2: float, label: str) -> None:
        o = copy.deepcopy(tpl["Line"])
        cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
        o.update(left=round(cx, 4), top=round(cy, 4), width=round(abs(x2 - x1), 4), height=round(abs(y2 - y1), 4),
                 x1=round(x1 - cx, 4), y1=round(y1 - cy, 4), x2=round(x2 - cx, 4), y2=round(y2 - cy, 4))
        objects.append(o)
        if label:
            # People write an arrow's label beside it, not inside a box (where it would rename the box).
            for dx, dy in ((0, -12), (0, 14), (-50, 0), (50, 0), (0, -30)):
                x, y = cx + dx + rng.uniform(-6, 6), cy + dy
                near = (boxes[i] for gx in (-1, 0, 1) for gy in (-1, 0, 1)
                        for i in grid.get((int(x // 200) + gx, int(y // 200) + gy), ()))
                if not any(bl - 4 <= x <= bl + bw + 4 and bt - 4 <= y <= bt + bh + 4 for bl, bt, bw, bh in near):
                    t = copy.deepcopy(tpl["IText"])
                    t.update(text=label, left=round(x, 4), top=round(y, 4), width=round(7.4 * len(label), 4))
                    objects.append(t)
                    break

    def add_flow(a: int, b: int, label: str) -> None:
        add_line(*inside(a), *inside(b), label)

    flows = 0
    target = round(flows_per_component * n)
    cell_of: list[int] = []
    for c in range(cells):
        domain = _DOMAINS[c % len(_DOMAINS)]
        ox, oy = (c % per_row) * _CELL_W, (c // per_row) * _CELL_H
        first = len(boxes)
        for slot, (pattern, width, col, row) in enumerate(_CELL):
            if len(boxes) >= n:
                break
            label = pattern.replace("{D}", domain)
            if slot == 4 and c % 3 == 0:
                label = f"{domain} DB (Postgres primary/replica)"
            if slot == 6 and c % 2 == 0:
                label = f"{domain} workers x4"
            add_box(label, ox + 20 + col * 180 + rng.uniform(-6, 6), oy + 20 + row * 110 + rng.uniform(-6, 6), width)
            cell_of.append(c)
        size = len(boxes) - first
        if groups and size:
            frame = copy.deepcopy(tpl["LabeledRect"])
            frame.update(label=f"{domain} zone {c}", left=round(ox + 5, 4), top=round(oy + 5, 4), width=_CELL_W - 10,
                         height=_CELL_H - 10, strokeDashArray=[8, 6])
            objects.insert(0, frame)  # under the boxes, as a group is drawn first
        for a, b, label in _CELL_FLOWS:
            if a == b or a >= size or b >= size or flows >= target:
                continue
            add_flow(first + a, first + b, label)
            flows += 1
    # Links between neighbouring cells (API calls API, worker reads a neighbour's DB) up to the flow target.
    api = [i for i in range(len(boxes)) if i % len(_CELL) == 2]
    db = [i for i in range(len(boxes)) if i % len(_CELL) == 4]
    k = 0
    while flows < target and len(boxes) > 1:
        if len(api) > 1 and k % 2 == 0:
            a = api[k // 2 % len(api)]
            b = api[(k // 2 + 1) % len(api)]
            label = "get"
        elif db and api:
            a = api[k % len(api)]
            b = db[(k + 1) % len(db)]
            label = "query" if a != b else ""
        else:
            a, b = rng.sample(range(len(boxes)), 2)
            label = ""
        if a != b:
            add_flow(a, b, label)
            flows += 1
        k += 1
    # The sloppiness of real drawings: about 1% dangling arrows and a few free notes.
    for _ in range(max(1, n // 100)):
        a = rng.randrange(len(boxes))
        x, y = inside(a)
        add_line(x, y, x + rng.uniform(60, 90), y - rng.uniform(80, 110), "")
    for i in range(max(1, n // 50)):
        t = copy.deepcopy(tpl["IText"])
        left, top, _, _ = boxes[rng.randrange(len(boxes))]
        t.update(text=f"TODO: check capacity ({i + 1})", left=left + 40, top=top - 30, width=150.0)
        objects.append(t)
    return {"version": tpl["LabeledRect"].get("version", "7.4.0"), "objects": objects}


def objects_for(n: int) -> int:
    """How many canvas objects :func:`synthetic_canvas` writes for ``n`` components."""
    return len(synthetic_canvas(n)["objects"])
