"""Sketch → canvas JSON, so an imported design opens on the canvas like a drawn one.

The output is what the canvas component itself emits (Fabric 7.4):
``LabeledRect`` boxes, ``Line`` flows and ``IText`` labels and notes, each with
explicit ``originX``/``originY`` (Fabric 7 defaults to centre, which would
shift everything). Read back through restore and recognition it gives the
same components, groups, ids, flows and flow labels:

- a group is a dashed ``LabeledRect`` around its members (the canvas shows its
  label as a tag on its corner), drawn first so it sits under them;
- a pool is its member boxes, each with its own label; a component's note is
  an ``IText`` inside its box, under the name;
- a two-way flow gets a ``Triangle`` head at each end; an arrow drawn to a
  group (read as several flows, one per member it reaches) is one line again;
- each flow label sits where recognition will give it to that flow (off every
  box, nearest to its own line), and a free note that would be read as a
  label or a box name moves to a notes row under the drawing.

Every object names where it came from (``sfOrigin``: "line 12", an
Excalidraw element), so notes about an import speak the file's language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from design.canvas.recognize import FLOW_LABEL_TOLERANCE, SNAP_TOLERANCE, response_pairs
from design.canvas.restore import ORIGIN_KEY
from design.model.geometry import Box, GridIndex, Point, segment_distance
from design.model.sketch import Flow, Sketch

__all__ = ["FABRIC_VERSION", "to_canvas"]

FABRIC_VERSION = "7.4.0"
INK = "#1d2733"
BOX_FILL = "rgba(31, 119, 180, 0.08)"
FONT_SIZE = 16
NOTE_FONT_SIZE = 14
# Along the line from the middle outwards, then a little to either side of it.
_LABEL_SPOTS = tuple(sorted((k / 50 for k in range(3, 48)), key=lambda t: (abs(t - 0.5), t)))
_LABEL_OFFSETS = (0.0, 10.0, -10.0, 18.0, -18.0, 25.0, -25.0)


GROUP_STROKE = "#6b7785"
HEAD_SIZE = 12.0


def _box(left: float, top: float, width: float, height: float, label: str) -> dict[str, Any]:
    return {
        "type": "LabeledRect", "version": FABRIC_VERSION, "originX": "left", "originY": "top",
        "left": _r(left), "top": _r(top), "width": _r(width), "height": _r(height), "label": label,
        "fontSize": FONT_SIZE, "fill": BOX_FILL, "stroke": INK, "strokeWidth": 2, "strokeUniform": True,
        "scaleX": 1, "scaleY": 1, "angle": 0, "rx": 0, "ry": 0, "lockRotation": True,
    }


def _group(box: Box, title: str) -> dict[str, Any]:
    out = _box(box.left, box.top, box.width, box.height, title)
    out.update(fill="rgba(0, 0, 0, 0)", stroke=GROUP_STROKE, strokeDashArray=[8, 6], rx=6, ry=6)
    return out


def _head(at: Point, toward: Point) -> dict[str, Any]:
    """A triangle on ``at`` pointing away from ``toward`` (Fabric's triangle points up at angle 0)."""
    angle = math.degrees(math.atan2(at.y - toward.y, at.x - toward.x)) + 90
    return {
        "type": "Triangle", "version": FABRIC_VERSION, "originX": "center", "originY": "center",
        "left": _r(at.x), "top": _r(at.y), "width": HEAD_SIZE, "height": HEAD_SIZE, "angle": _r(angle),
        "fill": INK, "stroke": INK, "strokeWidth": 1, "scaleX": 1, "scaleY": 1,
    }


def _from(obj: dict[str, Any], origin: str) -> dict[str, Any]:
    if origin:
        obj[ORIGIN_KEY] = origin
    return obj


def _line(start: Point, end: Point) -> dict[str, Any]:
    cx, cy = (start.x + end.x) / 2, (start.y + end.y) / 2
    return {
        "type": "Line", "version": FABRIC_VERSION, "originX": "center", "originY": "center",
        "left": _r(cx), "top": _r(cy), "x1": _r(start.x - cx), "y1": _r(start.y - cy),
        "x2": _r(end.x - cx), "y2": _r(end.y - cy), "width": _r(abs(end.x - start.x)),
        "height": _r(abs(end.y - start.y)), "stroke": INK, "fill": INK, "strokeWidth": 2,
        "scaleX": 1, "scaleY": 1, "angle": 0,
    }


def _text(text: str, at: Point, size: int) -> dict[str, Any]:
    lines = text.split("\n")
    return {
        "type": "IText", "version": FABRIC_VERSION, "originX": "center", "originY": "center",
        "left": _r(at.x), "top": _r(at.y), "text": text, "fontSize": size, "fontFamily": "Times New Roman",
        "fill": INK, "width": _r(max(1.0, max(len(line) for line in lines) * size * 0.5)),
        "height": _r(size * 1.13 + (len(lines) - 1) * size * 1.16),
        "lineHeight": 1.16, "textAlign": "left", "styles": [], "scaleX": 1, "scaleY": 1, "angle": 0,
    }


def _r(v: float) -> float:
    """Round to 1/10 000 px, as the browser does: short JSON, and no -0.0."""
    out = round(v, 4)
    return 0.0 if out == 0 else out


class _Obstacles:
    """The boxes and lines of a canvas being written, filed by extent: placing a label or a note looks at what is
    near the spot, not at every box and line (which made importing 8,000 labelled links quadratic)."""

    #: The farthest a line may be and still matter to a spot: a label's offset plus its margin, or a note's reach.
    _REACH = max(max(abs(o) for o in _LABEL_OFFSETS) + 4.0, FLOW_LABEL_TOLERANCE + 2) + 1.0

    #: Candidate checks one canvas may spend on placing labels and notes, per box and line, on top of a floor.
    #: A layered chart whose long links cross the whole picture lands every link on the coarse cells every spot
    #: looks at; past the budget, the remaining labels go to their line's midpoint (still beside their line).
    _WORK_PER_SHAPE = 400
    _WORK_FLOOR = 1_000_000

    def __init__(self, lines: Sequence[tuple[Point, Point]], boxes: Sequence[Box], note_boxes: Sequence[Box] = ()):
        """``note_boxes`` keep notes out (untitled groups, whose note would read back as a title), not labels."""
        self._lines = lines
        self.budget = self._WORK_FLOOR + self._WORK_PER_SHAPE * (len(lines) + len(boxes) + len(note_boxes))
        self._boxes = GridIndex(enumerate(boxes), 2.0)
        self._note_boxes = GridIndex(enumerate(note_boxes), 0.0) if note_boxes else None
        self._line_index = GridIndex(
            ((j, Box(min(a.x, b.x), min(a.y, b.y), abs(b.x - a.x), abs(b.y - a.y))) for j, (a, b) in enumerate(lines)),
            self._REACH,
        )

    @property
    def exhausted(self) -> bool:
        return self.budget <= 0

    def near_box(self, p: Point, margin: float = 2.0) -> bool:
        """Whether ``p`` is inside a box or within ``margin`` (at most 2 px) of one."""
        near = self._boxes.near(p)
        self.budget -= len(near)
        return any(box.distance(p) <= margin for _, box in near)

    def in_note_box(self, p: Point) -> bool:
        """Whether ``p`` is inside one of the boxes that keep notes out."""
        if self._note_boxes is None:
            return False
        near = self._note_boxes.near(p)
        self.budget -= len(near)
        return any(box.contains(p) for _, box in near)

    def near_line(self, p: Point, within: float, skip: int = -1, *, inclusive: bool = False) -> bool:
        """Whether a line other than ``skip`` passes closer than ``within`` (at most the reach) to ``p``
        (``inclusive``: or at exactly ``within``)."""
        near = self._line_index.near(p)
        self.budget -= len(near)
        for j, _ in near:
            if j != skip:
                d = segment_distance(p, *self._lines[j])
                if d < within or (inclusive and d == within):
                    return True
        return False


def _label_point(i: int, lines: Sequence[tuple[Point, Point]], near: _Obstacles) -> Point:
    """A point by line ``i`` that is in no box and clearly nearer to line ``i`` than to any other.

    Tried along the line first, then a little to either side of it (a line
    that crosses another box may have no free spot on it), always within the
    distance at which recognition gives a text to its nearest line.
    """
    a, b = lines[i]
    length = math.hypot(b.x - a.x, b.y - a.y) or 1.0
    nx, ny = -(b.y - a.y) / length, (b.x - a.x) / length
    for offset in _LABEL_OFFSETS:
        for t in _LABEL_SPOTS:
            if near.exhausted:  # a pathological chart: stop searching, keep the label beside its own line
                return Point((a.x + b.x) / 2, (a.y + b.y) / 2)
            p = Point(a.x + (b.x - a.x) * t + nx * offset, a.y + (b.y - a.y) * t + ny * offset)
            if near.near_box(p) or near.near_line(p, abs(offset) + 4.0, skip=i):
                continue
            return p
    return Point((a.x + b.x) / 2, (a.y + b.y) / 2)


def _free(p: Point, near: _Obstacles) -> bool:
    """Whether a note at ``p`` stays a note: in no box and out of every arrow's label reach."""
    if near.exhausted:  # moved to the row of notes under the drawing, where no box or line is
        return False
    return (not near.near_box(p, 0.0) and not near.in_note_box(p)
            and not near.near_line(p, FLOW_LABEL_TOLERANCE + 2, inclusive=True))


def _drawn_arrows(flows: Sequence[Flow]) -> list[Flow]:
    """One flow per drawn arrow: an arrow to a group was read as one flow per member it reaches."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in flows:
        key = (f.start, f.end, f.label, f.origin, f.two_way)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def to_canvas(sketch: Sketch) -> dict[str, Any]:
    """Canvas JSON (``{"version", "objects"}``) that recognition reads back as ``sketch``.

    Positions are the sketch's own; importers place things first (Excalidraw
    keeps its layout, Mermaid gets :func:`design.canvas.layout.layered_layout`).
    """
    boxes = [b for c in sketch.components for b in c.boxes]
    depth = {g.id: 0 for g in sketch.groups}
    parents = {g.id: g.parent for g in sketch.groups}
    for gid in depth:
        p, d = parents.get(gid), 0
        while p is not None and d < 64:
            p, d = parents.get(p), d + 1
        depth[gid] = d
    objects: list[dict[str, Any]] = [
        _from(_group(g.box, g.title), g.source) for g in sorted(sketch.groups, key=lambda g: (depth[g.id], g.id))
    ]
    for c in sketch.components:
        drawn = [(m.label, m.box) for m in c.members] or [(c.label, c.box)]
        for label, b in drawn:
            objects.append(_from(_box(b.left, b.top, b.width, b.height, label), c.source))
        if c.note:
            b = drawn[0][1]
            objects.append(_from(_text(c.note, Point(b.center.x, b.center.y + min(12.0, b.height / 4)), NOTE_FONT_SIZE),
                                 c.source))
    drawn_flows = _drawn_arrows(sketch.flows)
    arrows: list[tuple[Point, Point, str, str]] = [(f.start, f.end, f.label, f.origin) for f in drawn_flows]
    arrows += [(d.start, d.end, d.label, d.origin) for d in sketch.dangling]
    lines = [(s, e) for s, e, _, _ in arrows]
    objects += [_from(_line(s, e), origin) for s, e, _, origin in arrows]
    paired = response_pairs(drawn_flows)  # read as two-way from their labels: no heads needed
    for f in drawn_flows:
        if f.two_way and f.id not in paired:
            objects += [_from(_head(f.end, f.start), f.origin), _from(_head(f.start, f.end), f.origin)]
    # A note inside an untitled group would be read back as its title.
    near = _Obstacles(lines, boxes, [g.box for g in sketch.groups if not g.title])
    for i, (_, _, label, origin) in enumerate(arrows):
        if label:
            objects.append(_from(_text(label, _label_point(i, lines, near), NOTE_FONT_SIZE), origin))

    outlines = boxes + [g.box for g in sketch.groups]
    pts = [p for b in outlines for p in (Point(b.left, b.top), Point(b.right, b.bottom))] + [p for ln in lines for p in ln]
    bottom = max((p.y for p in pts), default=0.0)
    left = min((p.x for p in pts), default=40.0)
    row = bottom + FLOW_LABEL_TOLERANCE + SNAP_TOLERANCE + 20
    for t in sketch.texts:
        at = t.at
        if not _free(at, near):
            width = len(t.text) * NOTE_FONT_SIZE * 0.5
            at = Point(left + width / 2, row)
            row += NOTE_FONT_SIZE * 2
        objects.append(_from(_text(t.text, at, NOTE_FONT_SIZE), t.origin))
    return {"version": FABRIC_VERSION, "objects": objects}
