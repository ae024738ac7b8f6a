"""Read an Excalidraw scene (``.excalidraw``) into a sketch, keeping its own layout.

Excalidraw is where many people already sketch designs. Rectangles, ellipses
and diamonds with text bound to them (or sitting inside them) become
components; arrows and lines become flows, attached through their
``startBinding``/``endBinding`` or, failing that, by where their ends lie
(the canvas rule: in a shape or within :data:`~design.canvas.recognize.SNAP_TOLERANCE`
px of one). Unbound text near an arrow labels it, as on the canvas; other
free text is kept as a note. Deleted elements are ignored.

Like canvas restore, reading is lenient: a bad element is skipped with a note
naming it (``elements[4].x: not a finite number``); only a file that is not a
scene at all is refused. A ``customData.sketchfirst.kind`` (what Sketchfirst's
own Excalidraw export writes) states a kind.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from design.canvas.recognize import (
    FLOW_LABEL_TOLERANCE,
    SNAP_TOLERANCE,
    ComponentSpec,
    FlowSpec,
    assemble,
    attach,
    component_ids,
)
from design.model.geometry import Box, GridIndex, Point, clip_to_box, rotate, segment_distance
from design.model.numbers import MAX_COORDINATE, NumberError, finite_number, is_finite_number
from design.model.sketch import FreeText, Kind, Note, Sketch
from design.readers.result import Imported, clip_label, document_from_sketch

__all__ = ["ExcalidrawError", "excalidraw_sketch", "is_excalidraw", "read_excalidraw"]

MAX_ELEMENTS = 20_000
_SHAPES = {"rectangle": "rect", "ellipse": "ellipse", "diamond": "diamond"}
_ARROWS = {"arrow", "line"}
_IGNORED = {"freedraw": "freehand strokes are not read as flows (use an arrow)", "image": "images carry no design",
            "frame": "frames are grouping only", "magicframe": "frames are grouping only",
            "embeddable": "embeds carry no design", "iframe": "embeds carry no design"}
_MIN_SIDE = 12.0
_MARGIN = 40.0


class ExcalidrawError(ValueError):
    """The data is not an Excalidraw scene at all."""


def is_excalidraw(data: object) -> bool:
    """Whether parsed JSON is an Excalidraw scene (file or clipboard form)."""
    return isinstance(data, Mapping) and str(data.get("type", "")).startswith("excalidraw") and "elements" in data


class _Skip(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _num(el: Mapping[str, Any], key: str, default: float | None = None) -> float:
    value = el.get(key, default)
    if value is None:
        raise _Skip(key, "missing")
    try:
        return finite_number(value, -MAX_COORDINATE, MAX_COORDINATE)
    except NumberError as exc:
        raise _Skip(key, str(exc)) from None


def _frame(el: Mapping[str, Any]) -> tuple[float, float, float, float, float]:
    x, y = _num(el, "x"), _num(el, "y")
    w, h = _num(el, "width", 0.0), _num(el, "height", 0.0)
    return x, y, w, h, math.degrees(_num(el, "angle", 0.0))


def _box(el: Mapping[str, Any]) -> Box:
    """Axis-aligned box of a (possibly rotated) element; Excalidraw rotates about the centre."""
    x, y, w, h, angle = _frame(el)
    if w < 0:
        x, w = x + w, -w
    if h < 0:
        y, h = y + h, -h
    cx, cy = x + w / 2, y + h / 2
    corners = [rotate(dx, dy, angle) for dx, dy in ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2))]
    return Box.around(Point(cx + dx, cy + dy) for dx, dy in corners)


def _ends(el: Mapping[str, Any]) -> tuple[Point, Point]:
    x, y, w, h, angle = _frame(el)
    points = el.get("points")
    if not isinstance(points, list) or len(points) < 2:
        raise _Skip("points", "needs at least two points")
    pts = []
    for i in (0, len(points) - 1):
        p = points[i]
        if not (isinstance(p, list) and len(p) >= 2) or not all(
            is_finite_number(v, -MAX_COORDINATE, MAX_COORDINATE) for v in p[:2]
        ):
            raise _Skip(f"points[{i}]", "not a point")
        pts.append((float(p[0]), float(p[1])))
    cx, cy = x + w / 2, y + h / 2
    out = []
    for px, py in pts:
        dx, dy = rotate(x + px - cx, y + py - cy, angle)
        out.append(Point(cx + dx, cy + dy))
    return out[0], out[1]


@dataclass
class _Text:
    index: int
    text: str
    box: Box
    container: str | None


@dataclass
class _Arrow:
    index: int
    start: Point
    end: Point
    start_id: str | None
    end_id: str | None
    reverse: bool
    both: bool


def _text_of(el: Mapping[str, Any]) -> str:
    for key in ("originalText", "text"):
        value = el.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _binding(el: Mapping[str, Any], key: str) -> str | None:
    b = el.get(key)
    if isinstance(b, Mapping) and isinstance(b.get("elementId"), str):
        return b["elementId"]
    return None


def _stated_kind(el: Mapping[str, Any]) -> Kind | None:
    custom = el.get("customData")
    if isinstance(custom, Mapping) and isinstance(custom.get("sketchfirst"), Mapping):
        kind = custom["sketchfirst"].get("kind")
        if isinstance(kind, str) and kind in Kind._value2member_map_:
            return Kind(kind)
    return None


def excalidraw_sketch(scene: object) -> tuple[Sketch, dict[str, Kind]]:
    """The sketch an Excalidraw scene draws, and the kinds it states (by component id)."""
    if not isinstance(scene, Mapping):
        raise ExcalidrawError(f"an Excalidraw scene is a JSON object, not {type(scene).__name__}")
    elements = scene.get("elements")
    if not isinstance(elements, list):
        raise ExcalidrawError("elements: expected a list")
    notes: list[Note] = []
    if len(elements) > MAX_ELEMENTS:
        notes.append(Note("elements", f"{len(elements)} elements; only the first {MAX_ELEMENTS} are read"))
        elements = elements[:MAX_ELEMENTS]

    shapes: list[tuple[int, str, Box, Mapping[str, Any]]] = []
    texts: list[_Text] = []
    arrows: list[_Arrow] = []
    for i, el in enumerate(elements):
        path = f"elements[{i}]"
        if not isinstance(el, Mapping):
            notes.append(Note(path, "not an object, ignored"))
            continue
        if el.get("isDeleted") is True:
            continue
        kind = el.get("type")
        if not isinstance(kind, str):  # a list or object here made `kind in _SHAPES` raise TypeError
            notes.append(Note(f"{path}.type", "missing or not text, ignored"))
            continue
        try:
            if kind in _SHAPES:
                box = _box(el)
                if box.width < _MIN_SIDE or box.height < _MIN_SIDE:
                    notes.append(Note(path, f"{kind} is {box.width:.0f}×{box.height:.0f} px, too small to be a component"))
                    continue
                shapes.append((i, str(el.get("id", path)), box, el))
            elif kind == "text":
                text = _text_of(el)
                if text:
                    container = el.get("containerId")
                    texts.append(_Text(i, text, _box(el), container if isinstance(container, str) else None))
            elif kind in _ARROWS:
                start, end = _ends(el)
                head, tail = el.get("startArrowhead"), el.get("endArrowhead")
                arrows.append(_Arrow(i, start, end, _binding(el, "startBinding"), _binding(el, "endBinding"),
                                     reverse=bool(head) and not tail, both=kind == "arrow" and bool(head) and bool(tail)))
            elif isinstance(kind, str) and kind in _IGNORED:
                name = el.get("name")
                what = f"{kind} {clip_label(name, path, [])!r}" if isinstance(name, str) and name else kind
                notes.append(Note(path, f"{what} ignored: {_IGNORED[kind]}"))
            else:
                notes.append(Note(f"{path}.type", f"unknown element type {str(kind)[:40]!r}, ignored"))
        except _Skip as skip:
            notes.append(Note(f"{path}.{skip.field}", f"{skip.message}; element ignored"))

    # Shift the whole scene so it starts at the canvas margin (Excalidraw coordinates are unbounded).
    pts = [p for _, _, b, _ in shapes for p in (Point(b.left, b.top), Point(b.right, b.bottom))]
    pts += [p for a in arrows for p in (a.start, a.end)] + [t.box.center for t in texts if t.container is None]
    if pts:
        dx, dy = _MARGIN - min(p.x for p in pts), _MARGIN - min(p.y for p in pts)
    else:
        dx = dy = 0.0

    def move(p: Point) -> Point:
        return Point(p.x + dx, p.y + dy)

    boxes = [Box(b.left + dx, b.top + dy, b.width, b.height) for _, _, b, _ in shapes]
    by_id = {sid: n for n, (_, sid, _, _) in enumerate(shapes)}
    arrow_ids = {str(elements[a.index].get("id")): k for k, a in enumerate(arrows)}
    index = GridIndex(enumerate(boxes), SNAP_TOLERANCE)

    labels: dict[int, list[_Text]] = {}
    arrow_labels: dict[int, list[_Text]] = {}
    free: list[_Text] = []
    for t in texts:
        if t.container in by_id:
            labels.setdefault(by_id[t.container], []).append(t)
        elif t.container in arrow_ids:
            arrow_labels.setdefault(arrow_ids[t.container], []).append(t)
        else:
            c = move(t.box.center)
            holders = [(boxes[n].area, n) for n, _ in index.near(c) if boxes[n].contains(c)]
            if holders:
                labels.setdefault(min(holders)[1], []).append(t)
            else:
                free.append(t)

    def joined(ts: list[_Text]) -> str:
        return " ".join(t.text for t in sorted(ts, key=lambda t: (round(t.box.top), t.box.left)))

    specs = []
    for n, (i, _, _, el) in enumerate(shapes):
        label = clip_label(joined(labels.get(n, [])), f"elements[{i}]", notes)
        specs.append(ComponentSpec(label, boxes[n], _SHAPES[str(el.get("type"))], None, f"elements[{i}]", key=str(i)))

    moved = [(move(a.start), move(a.end)) for a in arrows]
    notes_out: list[FreeText] = []
    for t in free:
        c = move(t.box.center)
        near = [(segment_distance(c, s, e), k) for k, (s, e) in enumerate(moved)]
        near = [x for x in near if x[0] <= FLOW_LABEL_TOLERANCE]
        if near:
            arrow_labels.setdefault(min(near)[1], []).append(t)
        else:
            notes_out.append(FreeText(clip_label(t.text, f"elements[{t.index}]", notes), c, f"elements[{t.index}]"))

    flows = []
    for k, a in enumerate(arrows):
        start, end = moved[k]
        src = _end(by_id.get(a.start_id or ""), start, boxes, index)
        dst = _end(by_id.get(a.end_id or ""), end, boxes, index)
        label = clip_label(joined(arrow_labels.get(k, [])), f"elements[{a.index}]", notes)
        s_pt, e_pt = _snap(src, start, end, boxes), _snap(dst, end, start, boxes)
        origin = f"elements[{a.index}]"
        if a.reverse:
            flows.append(FlowSpec(dst, src, e_pt, s_pt, label, origin))
        else:
            flows.append(FlowSpec(src, dst, s_pt, e_pt, label, origin))
            if a.both:
                flows.append(FlowSpec(dst, src, e_pt, s_pt, "", origin))

    sketch = assemble(specs, flows, notes_out, notes)
    ids = component_ids(specs)
    kinds = {ids[n]: k for n, (_, _, _, el) in enumerate(shapes) if (k := _stated_kind(el)) is not None}
    return sketch, kinds


def _end(bound: int | None, p: Point, boxes: list[Box], index: GridIndex) -> int | None:
    """The shape an arrow end belongs to: its binding, else where the end lies."""
    return bound if bound is not None else attach(index, p, SNAP_TOLERANCE)


def _snap(shape: int | None, p: Point, other: Point, boxes: list[Box]) -> Point:
    """Move a bound end onto its shape's edge (1 px inside) when it stops short, so the canvas reads it the same way."""
    if shape is None:
        return p
    box = boxes[shape]
    if box.contains(p):
        return p
    centre = box.center
    edge = clip_to_box(centre, p, box)
    length = math.hypot(edge.x - centre.x, edge.y - centre.y) or 1.0
    return Point(edge.x - (edge.x - centre.x) / length, edge.y - (edge.y - centre.y) / length)


def read_excalidraw(scene: object, title: str) -> Imported:
    """Read a parsed ``.excalidraw`` file into a document the canvas can open."""
    sketch, kinds = excalidraw_sketch(scene)
    return Imported(document_from_sketch(sketch, title, "excalidraw", kinds), sketch.notes)
