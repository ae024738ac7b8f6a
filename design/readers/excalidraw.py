"""Read an Excalidraw scene (``.excalidraw``) into a sketch, keeping its own layout.

Excalidraw is where many people already sketch designs, with habits the
reader follows:

- rectangles, ellipses and diamonds are boxes; one drawn around others (or a
  frame) is a group, whose title is its frame name, its bound text, or the
  topmost free text inside it away from every arrow;
- text bound to a box names it; free text inside a box names it only when it
  is the box's sole text, and otherwise describes it (the component's note),
  so two boxes' texts or a timestamp are never glued into one label;
- arrows attach through their ``startBinding``/``endBinding`` (a binding to a
  text means the box that text labels) or, failing that, by where their ends
  lie (the canvas rule: in a box or within :data:`~design.canvas.recognize.SNAP_TOLERANCE`
  px of one; a group's border takes the ends drawn on it); heads at both ends,
  or none, make one two-way conversation; a head at the start only reverses it;
- a plain ``line`` is a flow only when it joins two boxes: lines that outline
  a cylinder grow the ellipse they hang from into the database it draws, and
  other lines (lifelines, underlines, separators) are drawing, not flows;
- a scene that is a sequence diagram (lifelines under boxes whose names repeat
  at the bottom, or messages between lifelines) is refused with a message
  rather than analysed as architecture.

Unbound text near an arrow labels it; other free text is kept as a note.
Deleted elements are ignored. Like canvas restore, reading is lenient: a bad
element is skipped with a note naming it by its id and text (``element
'k3x' ("Orders DB"): ...``); only a file that is not a scene at all is
refused. A ``customData.sketchfirst.kind`` (what Sketchfirst's own Excalidraw
export writes) states a kind.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from design.canvas.containment import attach, containers_of
from design.canvas.recognize import (
    SNAP_TOLERANCE,
    ComponentSpec,
    FlowSpec,
    assemble_ids,
    plan_matching,
)
from design.canvas.work import WorkBudget
from design.model.echo import echo
from design.model.geometry import Box, GridIndex, Point, clip_to_box, rotate
from design.model.labels import clean_label
from design.model.numbers import MAX_COORDINATE, NumberError, finite_number, is_finite_number
from design.model.sketch import FreeText, Kind, Note, Sketch
from design.readers.result import Imported, clip_label, document_from_sketch

__all__ = ["MAX_ELEMENTS", "ExcalidrawError", "SceneTooLarge", "SequenceDiagramError", "excalidraw_sketch",
           "is_excalidraw", "read_excalidraw"]

MAX_ELEMENTS = 20_000
_SHAPES = {"rectangle": "rect", "ellipse": "ellipse", "diamond": "diamond"}
_FRAMES = {"frame", "magicframe"}
_ARROWS = {"arrow", "line"}
_IGNORED = {"freedraw": "freehand strokes are not read as flows (use an arrow)", "image": "images carry no design",
            "embeddable": "embeds carry no design", "iframe": "embeds carry no design"}
_MIN_SIDE = 12.0
_MARGIN = 40.0
#: A vertical line at least this long hanging under a box is a lifeline.
_LIFELINE = 150.0


class ExcalidrawError(ValueError):
    """The data is not an Excalidraw scene at all."""


#: Messages here quote what the file holds the way Python does ('star'), through echo().
_Q = "'"


class SceneTooLarge(ExcalidrawError):
    """An Excalidraw scene with more elements than :data:`MAX_ELEMENTS`: refused whole, never half-read."""


class SequenceDiagramError(ValueError):
    """The scene is a sequence diagram, not an architecture drawing; the message says why."""


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


def _points(el: Mapping[str, Any]) -> list[Point]:
    """Every point of a line or arrow, in scene coordinates (rotation applied)."""
    x, y, w, h, angle = _frame(el)
    points = el.get("points")
    if not isinstance(points, list) or len(points) < 2:
        raise _Skip("points", "needs at least two points")
    cx, cy = x + w / 2, y + h / 2
    out = []
    for i, p in enumerate(points):
        if not (isinstance(p, list) and len(p) >= 2) or not all(
            is_finite_number(v, -MAX_COORDINATE, MAX_COORDINATE) for v in p[:2]
        ):
            raise _Skip(f"points[{i}]", "not a point")
        dx, dy = rotate(x + float(p[0]) - cx, y + float(p[1]) - cy, angle)
        out.append(Point(cx + dx, cy + dy))
    return out


@dataclass
class _Text:
    index: int
    text: str
    box: Box
    container: str | None
    where: str


@dataclass
class _Arrow:
    index: int
    points: list[Point]
    start_id: str | None
    end_id: str | None
    head_start: bool
    head_end: bool
    line: bool  # a plain line, not an arrow
    dashed: bool
    where: str

    @property
    def start(self) -> Point:
        return self.points[0]

    @property
    def end(self) -> Point:
        return self.points[-1]


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


def _where(el: Mapping[str, Any], i: int, text: str = "") -> str:
    """How a note names an element: its id and its text, as the user sees them in Excalidraw."""
    eid = el.get("id")
    name = f"element {clean_label(eid)[:24]!r}" if isinstance(eid, str) and eid.strip() else f"elements[{i}]"
    text = clean_label(text)
    return f'{name} ("{text[:30]}{"…" if len(text) > 30 else ""}")' if text else name


def _is_closed(points: list[Point]) -> bool:
    """A polyline that ends where it began and encloses something: a hand-drawn box."""
    if len(points) < 4:
        return False
    box = Box.around(points)
    return math.hypot(points[0].x - points[-1].x, points[0].y - points[-1].y) <= 8.0 and min(box.width, box.height) >= _MIN_SIDE


def excalidraw_sketch(scene: object) -> tuple[Sketch, dict[str, Kind]]:
    """The sketch an Excalidraw scene draws, and the kinds it states (by component id).

    Raises :class:`ExcalidrawError` for data that is no scene, and
    :class:`SequenceDiagramError` for a scene that is a sequence diagram.
    """
    if not isinstance(scene, Mapping):
        raise ExcalidrawError(f"an Excalidraw scene is a JSON object, not {type(scene).__name__}")
    elements = scene.get("elements")
    if not isinstance(elements, list):
        raise ExcalidrawError("elements: expected a list")
    notes: list[Note] = []
    if len(elements) > MAX_ELEMENTS:  # refused, not cut: a scene is read whole or not at all
        raise SceneTooLarge(f"elements: {len(elements):,} elements; the limit is {MAX_ELEMENTS:,} (split the scene)")

    # Which text each element carries, so notes can name it by what the user sees.
    bound_text: dict[str, str] = {}
    for el in elements:
        if isinstance(el, Mapping) and el.get("type") == "text" and isinstance(el.get("containerId"), str):
            bound_text.setdefault(el["containerId"], _text_of(el))

    # (element index, id, shape name, box, element, is a frame)
    shapes: list[tuple[int, str, str, Box, Mapping[str, Any], bool]] = []
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
        eid = el.get("id")
        where = _where(el, i, bound_text.get(eid, "") if isinstance(eid, str) else "")
        try:
            if kind in _SHAPES or kind in _FRAMES:
                box = _box(el)
                if box.width < _MIN_SIDE or box.height < _MIN_SIDE:
                    notes.append(Note(where, f"{kind} is {box.width:.0f}×{box.height:.0f} px, too small to be a component"))
                    continue
                shapes.append((i, str(eid if eid is not None else path), _SHAPES.get(kind, "group"), box, el,
                               kind in _FRAMES))
            elif kind == "text":
                text = _text_of(el)
                if text:
                    container = el.get("containerId")
                    texts.append(_Text(i, text, _box(el), container if isinstance(container, str) else None,
                                       _where(el, i, text)))
            elif kind in _ARROWS:
                pts = _points(el)
                head, tail = bool(el.get("startArrowhead")), bool(el.get("endArrowhead"))
                if kind == "line" and _is_closed(pts):  # a box (or the oval top of a cylinder) drawn with lines
                    outline = Box.around(pts)
                    shape = "ellipse" if len(pts) > 5 and outline.height < 0.6 * outline.width else "rect"
                    shapes.append((i, str(eid if eid is not None else path), shape, outline, el, False))
                    continue
                arrows.append(_Arrow(i, pts, _binding(el, "startBinding"), _binding(el, "endBinding"), head, tail,
                                     kind == "line", el.get("strokeStyle") in ("dashed", "dotted"), where))
            elif kind in _IGNORED:
                notes.append(Note(where, f"{kind} ignored: {_IGNORED[kind]}"))
            else:
                notes.append(Note(f"{path}.type", f"unknown element type {echo(kind, quote=_Q)}, ignored"))
        except _Skip as skip:
            at = f"{path}.{skip.field}" if where.startswith("elements[") else f"{where}, {skip.field}"
            notes.append(Note(at, f"{skip.message}; element ignored"))

    # Shift the whole scene so it starts at the canvas margin (Excalidraw coordinates are unbounded).
    pts = [p for _, _, _, b, _, _ in shapes for p in (Point(b.left, b.top), Point(b.right, b.bottom))]
    pts += [p for a in arrows for p in (a.start, a.end)] + [t.box.center for t in texts if t.container is None]
    if pts:
        dx, dy = _MARGIN - min(p.x for p in pts), _MARGIN - min(p.y for p in pts)
    else:
        dx = dy = 0.0

    def move(p: Point) -> Point:
        return Point(p.x + dx, p.y + dy)

    boxes = [Box(b.left + dx, b.top + dy, b.width, b.height) for _, _, _, b, _, _ in shapes]
    for a in arrows:
        a.points = [move(p) for p in a.points]
    by_id = {sid: n for n, (_, sid, _, _, _, _) in enumerate(shapes)}
    text_ids = {str(elements[t.index].get("id")): t for t in texts}

    # Count the matching first: a scene of shapes piled at one spot is refused, not matched for minutes. Every
    # arrow and line, and every text not bound to a shape, bounds what is matched below.
    loose = [move(t.box.center) for t in texts if t.container not in by_id]
    index, _ = plan_matching(boxes, [(a.start, a.end) for a in arrows], loose)
    # The reader's own matching (cylinder outlines, lifelines, messages) is counted against a budget of its own.
    budget = WorkBudget(len(shapes) + len(arrows) + len(texts))

    # Plain lines that join no two boxes are drawing: a cylinder's outline grows its ellipse, the rest is ignored.
    connectors: list[_Arrow] = []
    drawing: list[_Arrow] = []
    for a in arrows:
        if not a.line:
            connectors.append(a)
            continue
        ends = {by_id.get(a.start_id or "", attach(index, a.start, SNAP_TOLERANCE)),
                by_id.get(a.end_id or "", attach(index, a.end, SNAP_TOLERANCE))}
        (connectors if None not in ends and len(ends) == 2 else drawing).append(a)
    _grow_cylinders(shapes, boxes, drawing, budget)

    # Counted again on the boxes as the cylinders grew them and the arrows that are flows: what is matched now.
    index, line_index = plan_matching(boxes, [(a.start, a.end) for a in connectors], loose)

    _refuse_sequence_diagram(boxes, texts, arrows, by_id, move, index, budget)

    parents = containers_of(boxes, index)
    groups = {p for p in parents if p is not None} | {n for n, s in enumerate(shapes) if s[5]}

    # Text: bound to a box, or free inside one (the smallest that is not a group), or inside a group only.
    bound: dict[int, list[_Text]] = {}
    loose_in: dict[int, list[_Text]] = {}
    in_group: dict[int, list[_Text]] = {}
    arrow_ids = {str(elements[a.index].get("id")): k for k, a in enumerate(connectors)}
    arrow_labels: dict[int, list[_Text]] = {}
    free: list[_Text] = []
    for t in texts:
        if t.container in by_id:
            bound.setdefault(by_id[t.container], []).append(t)
        elif t.container in arrow_ids:
            arrow_labels.setdefault(arrow_ids[t.container], []).append(t)
        else:
            c = move(t.box.center)
            holders = [(n in groups, boxes[n].area, n) for n, _ in index.near(c) if boxes[n].contains(c)]
            if not holders:
                free.append(t)
            else:
                is_group, _, n = min(holders)
                (in_group if is_group else loose_in).setdefault(n, []).append(t)

    def joined(ts: list[_Text], sep: str = " ") -> str:
        return sep.join(t.text for t in sorted(ts, key=lambda t: (round(t.box.top), t.box.left)))

    notes_out: list[FreeText] = []
    titles: dict[int, list[_Text]] = {}
    group_of_text = {id(t): n for n, ts in in_group.items() for t in ts}
    for t in free + [t for ts in in_group.values() for t in ts]:
        c = move(t.box.center)
        owner = line_index.nearest(c)
        group = group_of_text.get(id(t))
        if owner is not None:
            arrow_labels.setdefault(owner, []).append(t)
        elif group is not None:
            titles.setdefault(group, []).append(t)
        else:
            notes_out.append(FreeText(clip_label(t.text, t.where, notes), c, t.where))

    specs = []
    for n, (i, _, shape, _, el, frame) in enumerate(shapes):
        where = _where(el, i, joined(bound.get(n, [])) or (el.get("name") if isinstance(el.get("name"), str) else ""))
        if n in groups:
            own = sorted(titles.get(n, []), key=lambda t: (t.box.top, t.box.left))
            title = joined(bound.get(n, []))
            name = el.get("name")
            if frame:
                title = name if isinstance(name, str) and name.strip() else title or "Frame"
            if not title and own:
                title, own = own[0].text.split("\n", 1)[0], own[1:]
            notes_out += [FreeText(clip_label(t.text, t.where, notes), move(t.box.center), t.where) for t in own]
            specs.append(ComponentSpec(clip_label(title, where, notes), boxes[n], "group", None, where, key=str(i),
                                       group=True))
            continue
        inside = loose_in.get(n, [])
        # Free text names a box only when it is the box's sole text; beside a bound name it describes it.
        label = "\n".join(x for x in (joined(bound.get(n, [])), joined(inside, "\n")) if x)
        specs.append(ComponentSpec(clip_label(label, where, notes), boxes[n], shape, None, where, key=str(i)))

    # A binding to a text means the box that text names.
    text_box = {tid: by_id[t.container] for tid, t in text_ids.items() if t.container in by_id}
    for n, ts in loose_in.items():
        for t in ts:
            text_box[str(elements[t.index].get("id"))] = n

    def bound_to(eid: str | None) -> int | None:
        if eid is None:
            return None
        return by_id[eid] if eid in by_id else text_box.get(eid)

    flows = []
    for k, a in enumerate(connectors):
        start, end = a.start, a.end
        src = _end(bound_to(a.start_id), start, index, groups)
        dst = _end(bound_to(a.end_id), end, index, groups)
        label = clip_label(joined(arrow_labels.get(k, [])), a.where, notes)
        s_pt, e_pt = _snap(src, start, end, boxes), _snap(dst, end, start, boxes)
        if a.head_start and not a.head_end:
            flows.append(FlowSpec(dst, src, e_pt, s_pt, label, a.where))
        else:  # heads at both ends, or none (a connector with no direction): one two-way conversation
            flows.append(FlowSpec(src, dst, s_pt, e_pt, label, a.where, two_way=a.head_start == a.head_end))
    if drawing:
        notes.append(Note(drawing[0].where, f"{len(drawing)} line{'s' if len(drawing) > 1 else ''} joining no two "
                                            "boxes read as drawing (outlines, separators), not as flows"))

    sketch, ids = assemble_ids(specs, flows, notes_out, notes, parents=parents)
    kinds = {cid: k for n, (_, _, _, _, el, _) in enumerate(shapes)
             if (k := _stated_kind(el)) is not None and (cid := ids[n]) is not None}
    return sketch, kinds


def _grow_cylinders(shapes: list, boxes: list[Box], lines: list[_Arrow], budget: WorkBudget) -> None:
    """Grow each ellipse by the lines hanging from it (the sides and bottom of a drawn cylinder).

    Each line end asks a grid index for the ellipses near it rather than every ellipse in turn. An ellipse that
    grows is filed again, with room to grow to twice its size, so a long chain of lines re-files it a few times,
    not once per line; the candidates every end is handed are counted against ``budget``.
    """
    ellipses = [n for n, s in enumerate(shapes) if s[2] == "ellipse"]
    if not ellipses or not lines:
        return
    index = GridIndex(((n, boxes[n]) for n in ellipses), SNAP_TOLERANCE + 1.0)  # 1 px over rounding
    filed = {n: boxes[n] for n in ellipses}  # the extent each ellipse is filed under: its box, or more
    pending = list(lines)
    for _ in range(3):  # the sides touch the ellipse; the bottom arc touches the sides
        rest = []
        for ln in pending:
            hit = None  # the first ellipse (in scene order) either end touches, as the boxes stand now
            for p in (ln.start, ln.end):
                near = index.near(p)
                budget.spend(len(near), p, "lines with the ellipses they may hang from")
                for n, _ in near:
                    if (hit is None or n < hit) and boxes[n].distance(p) <= SNAP_TOLERANCE:
                        hit = n
            if hit is None:
                rest.append(ln)
                continue
            outline = Box.around([*ln.points, Point(boxes[hit].left, boxes[hit].top),
                                  Point(boxes[hit].right, boxes[hit].bottom)])
            boxes[hit] = outline
            room = filed[hit]
            if not (room.left <= outline.left and room.top <= outline.top
                    and outline.right <= room.right and outline.bottom <= room.bottom):
                room = filed[hit] = Box(outline.left - outline.width / 2, outline.top - outline.height / 2,
                                        2 * outline.width, 2 * outline.height)
                index.add((hit, room))
        if len(rest) == len(pending):
            return
        pending = rest


def _refuse_sequence_diagram(boxes: list[Box], texts: list[_Text], arrows: list[_Arrow], by_id: dict[str, int],
                             move, index: GridIndex, budget: WorkBudget) -> None:  # noqa: ANN001
    """Raise :class:`SequenceDiagramError` when lifelines hang under the boxes: this is no architecture.

    Every search goes through a grid index (``index`` holds ``boxes``; lifelines and the bands under and above
    the boxes get their own), so a large scene costs what its matches cost, and the candidates are counted
    against ``budget`` before they are looked at.
    """
    label = {}
    for t in texts:
        if t.container in by_id:
            label[by_id[t.container]] = clean_label(t.text).lower()
    inside: dict[int, list[_Text]] = {}  # free texts by the boxes holding them (counted by plan_matching)
    for t in texts:
        if t.container is None:
            c = move(t.box.center)
            for n, b in index.near(c):
                if b.contains(c):
                    inside.setdefault(n, []).append(t)
    for n, held in inside.items():
        if n not in label and len(held) == 1:
            label[n] = clean_label(held[0].text).lower()
    hanging: list[tuple[Point, Point]] = []  # (top, bottom) of every long, near-vertical line
    for a in arrows:
        (top, bottom) = sorted((a.start, a.end), key=lambda p: p.y)
        if bottom.y - top.y >= _LIFELINE and abs(bottom.x - top.x) <= 0.15 * (bottom.y - top.y):
            hanging.append((top, bottom))
    if len(hanging) < 2:
        return
    # A lifeline's top lies in the band under its box: 5 px either side, from SNAP_TOLERANCE above its bottom to 40 below.
    under = _search(((n, Box(b.left - 5, b.bottom - SNAP_TOLERANCE, b.width + 10, SNAP_TOLERANCE + 40))
                     for n, b in enumerate(boxes)), [top for top, _ in hanging], budget, "lifelines with the boxes above them")
    lifelines: list[tuple[int, float, float, float]] = []  # (box under whose bottom it hangs, x, top, bottom)
    for top, bottom in hanging:
        owner = min((n for n, _ in under.near(top)
                     if (b := boxes[n]).left - 5 <= top.x <= b.right + 5 and -SNAP_TOLERANCE <= top.y - b.bottom <= 40),
                    default=None)
        if owner is not None:
            lifelines.append((owner, (top.x + bottom.x) / 2, top.y, bottom.y))
    if len(lifelines) < 2:
        return
    # A lifeline's foot lies in the band above a box: from 40 px above its top to SNAP_TOLERANCE below.
    above = _search(((n, Box(b.left - 5, b.top - 40, b.width + 10, 40 + SNAP_TOLERANCE)) for n, b in enumerate(boxes)),
                    [Point(x, bottom) for _, x, _, bottom in lifelines], budget, "lifelines with the boxes below them")
    repeated = 0
    for owner, x, _, bottom in lifelines:
        foot = min((n for n, _ in above.near(Point(x, bottom))
                    if n != owner and (b := boxes[n]).left - 5 <= x <= b.right + 5 and -SNAP_TOLERANCE <= b.top - bottom <= 40),
                   default=None)
        if foot is not None and label.get(foot) and label.get(foot) == label.get(owner):
            repeated += 1
    messages_from = [a for a in arrows if not a.line or a.head_start or a.head_end]
    along = _search(((k, Box(x - SNAP_TOLERANCE, top, 2 * SNAP_TOLERANCE, bottom - top))
                     for k, (_, x, top, bottom) in enumerate(lifelines)),
                    [p for a in messages_from for p in (a.start, a.end)], budget, "arrows with the lifelines they join")
    messages = 0
    for a in messages_from:
        ends = [min((k for k, _ in along.near(p)
                     if abs(p.x - (ll := lifelines[k])[1]) <= SNAP_TOLERANCE and ll[2] <= p.y <= ll[3]), default=None)
                for p in (a.start, a.end)]
        if None not in ends and ends[0] != ends[1]:
            messages += 1
    if repeated >= 2 or messages >= 3:
        names = sorted({label.get(o, "?") for o, _, _, _ in lifelines})
        raise SequenceDiagramError(
            f"this scene is a sequence diagram (lifelines under {', '.join(echo(n, 32, _Q) for n in names[:4])}"
            f"{' and more' if len(names) > 4 else ''}); Sketchfirst reads architecture drawings: boxes for "
            "components joined by arrows for the calls between them"
        )


def _search(bands: Iterable[tuple[int, Box]], points: list[Point], budget: WorkBudget, what: str) -> GridIndex:
    """A grid index of ``bands`` (1 px over rounding), once the candidates ``points`` will be handed fit ``budget``."""
    index = GridIndex(bands, 1.0)
    budget.charge(index, points, what)
    return index


def _end(bound: int | None, p: Point, index: GridIndex, groups: set[int]) -> int | None:
    """The shape an arrow end belongs to: its binding, else where the end lies."""
    return bound if bound is not None else attach(index, p, SNAP_TOLERANCE, groups)


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
