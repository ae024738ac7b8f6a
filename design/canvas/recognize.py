"""Turn restored shapes into a :class:`~design.model.sketch.Sketch`: what is a component, what is a flow.

Geometry becomes topology here, once:

- a box is a component; text inside it is its label (the smallest box wins);
- an arrow end attaches to the box it lies in or within :data:`SNAP_TOLERANCE`
  pixels of; an arrow whose end touches nothing is a dangling flow, never
  snapped across the canvas; one whose ends land on the same box is noted;
- text near an arrow labels the arrow; any other text is a free note.

Ids are derived from labels (``web-server``, ``web-server-2``) and assigned in
an order that depends on content and position, never on the object order in
the input, so golden files, prompts and kind corrections stay stable.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from design.canvas.restore import BoxShape, LineShape, Restored, TextShape
from design.canvas.work import WorkBudget
from design.model.geometry import Box, GridIndex, Point
from design.model.kinds import infer_kind
from design.model.labels import parse_replicas, says_replicated, slugify
from design.model.sketch import Component, DanglingFlow, Flow, FreeText, Kind, Note, Sketch

__all__ = [
    "FLOW_LABEL_TOLERANCE",
    "SNAP_TOLERANCE",
    "ComponentSpec",
    "FlowSpec",
    "LineIndex",
    "assemble",
    "attach",
    "build_sketch",
    "check_density",
    "component_ids",
    "make_component",
    "plan_matching",
]

#: How far (px) outside a box an arrow end may stop and still attach to it.
SNAP_TOLERANCE = 20.0
#: How far (px) from an arrow a free text may sit and still label it.
FLOW_LABEL_TOLERANCE = 30.0

T = TypeVar("T")


def make_component(
    cid: str, label: str, box: Box, *, shape: str = "rect", shape_hint: Kind | None = None, origin: str = ""
) -> Component:
    """Build a component, reading kind, replicas and replication from its label."""
    kind, source = infer_kind(label, shape_hint)
    replicas = parse_replicas(label) or 1
    return Component(
        id=cid,
        label=label,
        kind=kind,
        replicas=replicas,
        box=box,
        shape=shape,
        kind_source=source,
        replicated=replicas > 1 or says_replicated(label),
        source=origin,
    )


def assign_ids(items: Sequence[T], slug: Callable[[T], str], order: Callable[[T], tuple[object, ...]]) -> list[str]:
    """Give each item a unique readable id, in an order that ignores input order.

    Items are visited sorted by ``(slug, order(item))``; the first with a slug
    gets it bare, the next ``slug-2``, and so on. Returns ids aligned with
    ``items``.
    """
    slugs = [slug(item) for item in items]
    ranked = sorted(range(len(items)), key=lambda i: (slugs[i], order(items[i])))
    used: set[str] = set()
    # The last suffix given per slug: every lower one is taken already, so a
    # design with many same-named boxes is not quadratic.
    last: dict[str, int] = {}
    ids: list[str] = [""] * len(items)
    for i in ranked:
        base = slugs[i]
        n = last.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        last[base] = n
        ids[i] = candidate
    return ids


def _geo(box: Box) -> tuple[float, ...]:
    return (round(box.top, 1), round(box.left, 1), round(box.width, 1), round(box.height, 1))


@dataclass(frozen=True, slots=True)
class ComponentSpec:
    """A component before ids: what an importer (canvas, Mermaid, Excalidraw) found."""

    label: str
    box: Box
    shape: str = "rect"
    shape_hint: Kind | None = None
    origin: str = ""
    key: str = ""


@dataclass(frozen=True, slots=True)
class FlowSpec:
    """An arrow before ids. ``source``/``target`` index into the component specs; ``None`` = unattached."""

    source: int | None
    target: int | None
    start: Point
    end: Point
    label: str = ""
    origin: str = ""


def component_ids(specs: Sequence[ComponentSpec]) -> list[str]:
    """The ids :func:`assemble` gives ``specs``, aligned with them (importers map their own keys with it)."""
    return assign_ids(
        specs,
        lambda s: slugify(s.label, "unlabeled-box") if s.label else "unlabeled-box",
        lambda s: (*_geo(s.box), s.label, s.key),
    )


def assemble(
    specs: Sequence[ComponentSpec],
    flows: Sequence[FlowSpec],
    texts: Iterable[FreeText] = (),
    notes: Iterable[Note] = (),
) -> Sketch:
    """Give ids to components and flows and build the sorted, frozen sketch.

    Importers of every format end here, so ids follow the same rules whatever
    the input was.
    """
    cids = component_ids(specs)
    components = [
        make_component(cid, s.label, s.box, shape=s.shape, shape_hint=s.shape_hint, origin=s.origin)
        for cid, s in zip(cids, specs, strict=True)
    ]
    out_notes = list(notes)
    attached: list[FlowSpec] = []
    loose: list[FlowSpec] = []
    for f in flows:
        if f.source is not None and f.source == f.target:
            out_notes.append(Note(f.origin, f"both ends of this arrow are on {cids[f.source]!r}; ignored"))
        elif f.source is None or f.target is None:
            loose.append(f)
        else:
            attached.append(f)

    def flow_order(f: FlowSpec) -> tuple[object, ...]:
        return (round(f.start.y, 1), round(f.start.x, 1), round(f.end.y, 1), round(f.end.x, 1), f.label)

    fids = assign_ids(attached, lambda f: f"{cids[f.source]}->{cids[f.target]}", flow_order)  # type: ignore[index]
    flow_records = [
        Flow(fid, cids[f.source], cids[f.target], f.label, f.start, f.end, f.origin)  # type: ignore[index]
        for fid, f in zip(fids, attached, strict=True)
    ]
    ranked = sorted(loose, key=flow_order)
    dangling = [
        DanglingFlow(
            f"dangling-{n}",
            f.start,
            f.end,
            cids[f.source] if f.source is not None else None,
            cids[f.target] if f.target is not None else None,
            f.label,
            f.origin,
        )
        for n, f in enumerate(ranked, 1)
    ]
    return Sketch(
        components=tuple(sorted(components, key=lambda c: c.id)),
        flows=tuple(sorted(flow_records, key=lambda f: f.id)),
        dangling=tuple(dangling),
        texts=tuple(sorted(texts, key=lambda t: (round(t.at.y, 1), round(t.at.x, 1), t.text))),
        notes=tuple(out_notes),
    )


def attach(index: GridIndex, p: Point, tolerance: float) -> int | None:
    """The box an arrow end belongs to: the smallest containing one, else the nearest within tolerance."""
    best: tuple[float, float, int] | None = None
    x, y = p.x, p.y
    reach = tolerance + 1.0  # a margin over rounding: this only skips boxes that are surely too far
    for i, box in index.near(p):
        left, top = box.left, box.top
        right, bottom = left + box.width, top + box.height
        if x < left - reach or y < top - reach or x > right + reach or y > bottom + reach:
            continue
        d = math.hypot(max(left - x, 0.0, x - right), max(top - y, 0.0, y - bottom))  # Box.distance, inline
        if d > tolerance:
            continue
        score = (d, box.area, i)
        if best is None or score < best:
            best = score
    return None if best is None else best[2]


def _extent(a: Point, b: Point) -> Box:
    """``Box.around((a, b))`` without building lists: the same numbers."""
    x0, y0 = min(a.x, b.x), min(a.y, b.y)
    return Box(x0, y0, max(a.x, b.x) - x0, max(a.y, b.y) - y0)


def _join(texts: list[TextShape]) -> str:
    return " ".join(t.text for t in sorted(texts, key=lambda t: (round(t.box.top), t.box.left)))


class LineIndex:
    """Arrows filed by extent, so that finding the arrow a text labels looks at the arrows near it, not at all."""

    def __init__(self, lines: Sequence[tuple[Point, Point]]):
        self.index = GridIndex(((i, _extent(a, b)) for i, (a, b) in enumerate(lines)), FLOW_LABEL_TOLERANCE)
        # Each arrow as segment_distance reads it (start, direction, squared length), computed once, not per text.
        self._segments = []
        for a, b in lines:
            dx, dy = b.x - a.x, b.y - a.y
            self._segments.append((a.x, a.y, dx, dy, dx * dx + dy * dy))

    def nearest(self, c: Point) -> int | None:
        """The arrow within :data:`FLOW_LABEL_TOLERANCE` of ``c`` (the nearest, then the first), or ``None``."""
        reach = FLOW_LABEL_TOLERANCE + 1.0  # as in attach: a margin over rounding for the first, cheapest test
        best: tuple[float, int] | None = None
        x, y = c.x, c.y
        for i, extent in self.index.near(c):
            left, top = extent.left, extent.top
            right, bottom = left + extent.width, top + extent.height
            if x < left - reach or y < top - reach or x > right + reach or y > bottom + reach:
                continue
            # Box.distance, inline: the cheap reject before the exact distance.
            if math.hypot(max(left - x, 0.0, x - right), max(top - y, 0.0, y - bottom)) > FLOW_LABEL_TOLERANCE:
                continue
            # segment_distance(c, start, end), inline, with the same arithmetic.
            ax, ay, dx, dy, length2 = self._segments[i]
            u = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
            d = math.hypot(x - (ax + u * dx), y - (ay + u * dy))
            if d <= FLOW_LABEL_TOLERANCE and (best is None or (d, i) < best):
                best = (d, i)
        return None if best is None else best[1]


def plan_matching(
    boxes: Sequence[Box], lines: Sequence[tuple[Point, Point]], texts: Sequence[Point], *,
    tolerance: float = SNAP_TOLERANCE, budget: WorkBudget | None = None,
) -> tuple[GridIndex, LineIndex]:
    """The indexes recognition matches with, once the work they imply is within ``budget``.

    Every text centre is counted against the boxes and the arrows, and both
    ends of every arrow against the boxes: an upper bound on the matching
    (a text inside a box is never matched with arrows), so a drawing that
    passes here passes wherever it is recognised again. Raises
    :class:`~design.canvas.work.LayoutTooDense` before any matching.
    """
    budget = budget if budget is not None else WorkBudget(len(boxes) + len(lines) + len(texts))
    box_index = GridIndex(enumerate(boxes), tolerance)
    line_index = LineIndex(lines)
    budget.charge(box_index, texts, "texts with the boxes around them")
    budget.charge(box_index, [p for ends in lines for p in ends], "arrow ends with boxes")
    budget.charge(line_index.index, texts, "texts with the arrows they may label")
    return box_index, line_index


def check_density(restored: Restored) -> None:
    """Refuse (:class:`~design.canvas.work.LayoutTooDense`) a canvas :func:`build_sketch` would refuse, cheaply."""
    plan_matching([b.box for b in restored.boxes], [(ln.start, ln.end) for ln in restored.lines],
                  [t.box.center for t in restored.texts])


def build_sketch(restored: Restored, *, tolerance: float = SNAP_TOLERANCE, budget: WorkBudget | None = None) -> Sketch:
    """Recognise components, flows, dangling arrows and notes in restored canvas shapes.

    The matching work is counted first and bounded by ``budget`` (by default
    one that grows linearly with the shapes): shapes piled at one spot are
    refused with :class:`~design.canvas.work.LayoutTooDense`, never matched for minutes.
    """
    boxes: list[BoxShape] = list(restored.boxes)
    lines: list[LineShape] = list(restored.lines)
    box_index, line_index = plan_matching(
        [b.box for b in boxes], [(ln.start, ln.end) for ln in lines], [t.box.center for t in restored.texts],
        tolerance=tolerance, budget=budget,
    )

    inside: dict[int, list[TextShape]] = {}
    free: list[TextShape] = []
    for t in restored.texts:
        c = t.box.center
        x, y = c.x, c.y
        holders = [  # Box.contains and Box.area, inline: every text asks every box near it
            (b.width * b.height, i)
            for i, b in box_index.near(c)
            if b.left <= x <= b.left + b.width and b.top <= y <= b.top + b.height
        ]
        if holders:
            inside.setdefault(min(holders)[1], []).append(t)
        else:
            free.append(t)

    specs = []
    for i, b in enumerate(boxes):
        label = " ".join(x for x in (b.label, _join(inside.get(i, []))) if x)
        specs.append(ComponentSpec(label, b.box, b.shape, None, f"objects[{b.index}]", key=str(b.index)))

    flow_labels: dict[int, list[TextShape]] = {}
    texts: list[FreeText] = []
    for t in free:
        c = t.box.center
        owner = line_index.nearest(c) if lines else None
        if owner is not None:
            flow_labels.setdefault(owner, []).append(t)
        else:
            texts.append(FreeText(t.text, c, f"objects[{t.index}]"))

    flows = [
        FlowSpec(
            attach(box_index, ln.start, tolerance),
            attach(box_index, ln.end, tolerance),
            ln.start,
            ln.end,
            _join(flow_labels.get(i, [])),
            f"objects[{ln.index}]",
        )
        for i, ln in enumerate(lines)
    ]
    return assemble(specs, flows, texts, restored.notes)
