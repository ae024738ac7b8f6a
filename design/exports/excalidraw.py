"""The Excalidraw export: the user's layout as a scene that keeps working as a diagram in Excalidraw.

Each component is a rectangle with its label as bound text (move the box and
the label follows; a note is the text's second line); a pool is one rectangle
per box it was drawn as; each flow is an arrow bound to its start and end
rectangles (move a box and the arrow follows), with its label bound to it and
a head at each end when it is two-way. A group is a frame (a group inside a
group, which Excalidraw frames cannot hold, a dashed rectangle with its title
bound to its top-left corner).
Findings show twice: the concerned shapes and arrows get the severity colour
as their stroke, and a text note under the drawing lists every finding with
its number. A loose arrow stays a dashed arrow bound at the end that touched
something. ``customData.sketchfirst`` keeps each component's id and kind, so
:mod:`design.readers.excalidraw` reads the design back exactly.

Element ids, seeds and nonces derive from the design, never from a clock or
random source, so the same version always gives the same file.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from design.canvas.recognize import response_pairs
from design.exports.subject import ExportSubject
from design.model.geometry import Box, Point, clip_to_box
from design.model.sketch import Group, Severity
from design.picture.scene import INK, KIND_FILL, SEVERITY_COLOR

__all__ = ["excalidraw_scene", "excalidraw_text"]

_FONT = 20
_NOTE_FONT = 16
_LINE = 1.25


def _seed(key: str) -> int:
    return zlib.crc32(key.encode()) & 0x7FFFFFFF or 1


def _base(eid: str, kind: str, x: float, y: float, w: float, h: float, stroke: str) -> dict[str, Any]:
    return {
        "id": eid, "type": kind, "x": round(x, 2), "y": round(y, 2), "width": round(w, 2), "height": round(h, 2),
        "angle": 0, "strokeColor": stroke, "backgroundColor": "transparent", "fillStyle": "solid",
        "strokeWidth": 2, "strokeStyle": "solid", "roughness": 1, "opacity": 100, "groupIds": [], "frameId": None,
        "roundness": None, "seed": _seed(eid), "version": 1, "versionNonce": _seed(eid + "#"), "isDeleted": False,
        "boundElements": None, "updated": 1, "link": None, "locked": False,
    }


def _text(eid: str, text: str, x: float, y: float, size: int, container: str | None, color: str = INK,
          align: str = "left") -> dict[str, Any]:
    lines = text.split("\n")
    w = max(len(line) for line in lines) * size * 0.55
    h = len(lines) * size * _LINE
    el = _base(eid, "text", x - (w / 2 if align == "center" else 0), y - (h / 2 if align == "center" else 0), w, h,
               color)
    el.update({
        "text": text, "originalText": text, "fontSize": size, "fontFamily": 5, "textAlign": align,
        "verticalAlign": "middle" if container else "top", "containerId": container, "autoResize": True,
        "lineHeight": _LINE,
    })
    return el


def _bind(element: dict[str, Any], eid: str, kind: str) -> None:
    element["boundElements"] = [*(element["boundElements"] or []), {"id": eid, "type": kind}]


def _edge(box: Box, toward: Point) -> Point:
    return clip_to_box(box.center, toward, box)


def excalidraw_scene(subject: ExportSubject) -> dict[str, Any]:
    """The scene as plain JSON data (``{"type": "excalidraw", "version": 2, "elements", ...}``)."""
    sketch = subject.sketch
    worst = subject.worst()

    def stroke(element_id: str) -> str:
        return SEVERITY_COLOR[worst[element_id]] if element_id in worst else INK

    elements: list[dict[str, Any]] = []
    pts = [p for c in sketch.components for p in (Point(c.box.left, c.box.top), Point(c.box.right, c.box.bottom))]
    pts += [p for d in sketch.dangling for p in (d.start, d.end)] + [t.at for t in sketch.texts]
    left = min((p.x for p in pts), default=0.0)
    top = min((p.y for p in pts), default=0.0)
    elements.append(_text("sf-title", subject.heading, left, top - 70, 24, None))

    groups = sorted(sketch.groups, key=lambda g: (-g.box.area, g.id))
    frame_of: dict[str, str] = {}  # group id -> the frame it is (top-level groups only)
    for g in groups:
        drawn = _group(g, frame_of)
        if g.parent is not None:  # a dashed box inside a frame belongs to that frame, so it moves with it
            outer = next((frame_of[o.id] for o in groups if o.id in frame_of and _inside(g.box, o.box)), None)
            for e in drawn:
                e["frameId"] = outer
        elements.extend(drawn)

    def frame_for(box: Box) -> str | None:
        inner = [g for g in groups if g.id in frame_of and _inside(box, g.box)]
        return frame_of[inner[-1].id] if inner else None

    shapes: dict[str, list[dict[str, Any]]] = {}
    for c in sketch.components:
        parts = [(m.label, m.box) for m in c.members] or [(c.label, c.box)]
        for k, (label, box) in enumerate(parts):
            eid = f"sf-box-{c.id}" + (f"-{k + 1}" if c.members else "")
            rect = _base(eid, "rectangle", box.left, box.top, box.width, box.height, stroke(c.id))
            rect["backgroundColor"] = KIND_FILL[c.kind]
            rect["roundness"] = {"type": 3}
            rect["strokeWidth"] = 4 if c.id in worst else 2
            rect["frameId"] = frame_for(box)
            rect["customData"] = {"sketchfirst": {"id": c.id, "kind": c.kind.value, "replicas": c.replicas}}
            shapes.setdefault(c.id, []).append(rect)
            elements.append(rect)
            text = "\n".join(x for x in (label, c.note if k == 0 else "") if x)
            if text:
                tid = f"sf-label-{c.id}" + (f"-{k + 1}" if c.members else "")
                _bind(rect, tid, "text")
                size = _FONT if len(label) * _FONT * 0.55 <= box.width - 10 else 16
                elements.append(_text(tid, text, box.center.x, box.center.y, size, eid, align="center"))
                elements[-1]["frameId"] = rect["frameId"]

    seen: set[tuple[object, ...]] = set()
    paired = response_pairs(sketch.flows)
    n = 0
    for f in sketch.flows:
        key = (f.start, f.end, f.label, f.origin, f.two_way)
        if key in seen:  # an arrow to a group, read as one flow per member: drawn once
            continue
        seen.add(key)
        n += 1
        eid = f"sf-arrow-{n}"
        src, dst = _part(shapes[f.source], f.start), _part(shapes[f.target], f.end)
        a, b = _rect_box(src), _rect_box(dst)
        start = _edge(a, b.center) if a.contains(f.start) else f.start
        end = _edge(b, a.center) if b.contains(f.end) else f.end
        if start == end:
            start, end = _edge(a, b.center), _edge(b, a.center)
        elements.append(_arrow(eid, start, end, stroke(f.id), src, dst, f.id in worst))
        if f.two_way and f.id not in paired:  # a call and its answer stay two one-headed arrows
            elements[-1]["startArrowhead"] = "arrow"
        if f.label:
            tid = f"sf-arrow-label-{n}"
            _bind(elements[-1], tid, "text")
            mid = Point((start.x + end.x) / 2, (start.y + end.y) / 2)
            elements.append(_text(tid, f.label, mid.x, mid.y, 16, eid, align="center"))
    for n, d in enumerate(sketch.dangling, 1):
        eid = f"sf-loose-{n}"
        src = _part(shapes[d.source], d.start) if d.source in shapes else None
        dst = _part(shapes[d.target], d.end) if d.target in shapes else None
        arrow = _arrow(eid, d.start, d.end, SEVERITY_COLOR[Severity.MEDIUM], src, dst, True)
        arrow["strokeStyle"] = "dashed"
        elements.append(arrow)
    for n, t in enumerate(sketch.texts, 1):
        elements.append(_text(f"sf-note-{n}", t.text, t.at.x - len(t.text) * _NOTE_FONT * 0.275,
                              t.at.y - _NOTE_FONT * _LINE / 2, _NOTE_FONT, None))

    bottom = max([c.box.bottom for c in sketch.components] + [p.y for d in sketch.dangling for p in (d.start, d.end)]
                 + [t.at.y for t in sketch.texts] + [top])
    if subject.findings:
        rows = ["Findings (Sketchfirst):"]
        for i, f in enumerate(subject.findings, 1):
            where = ", ".join(subject.names().get(e, e) for e in f.elements) or "whole design"
            status = " [accepted]" if f.key in subject.accepted else ""
            rows.append(f"{i}. {f.severity.value.upper()} {f.rule} ({where}){status}: {f.message}")
        elements.append(_text("sf-findings", "\n".join(rows), left, bottom + 80, _NOTE_FONT, None))
    return {
        "type": "excalidraw",
        "version": 2,
        "source": "https://github.com/sketchfirst",
        "elements": elements,
        "appState": {"viewBackgroundColor": "#ffffff", "gridSize": None},
        "files": {},
    }


def _rect_box(rect: dict[str, Any]) -> Box:
    return Box(rect["x"], rect["y"], rect["width"], rect["height"])


def _part(rects: list[dict[str, Any]], p: Point) -> dict[str, Any]:
    """The rectangle of a component (one of a pool's) an arrow end belongs to."""
    return rects[0] if len(rects) == 1 else min(rects, key=lambda r: (_rect_box(r).distance(p), _rect_box(r).area))


def _inside(inner: Box, outer: Box) -> bool:
    return outer.left - 4 <= inner.left and outer.top - 4 <= inner.top and inner.right <= outer.right + 4 \
        and inner.bottom <= outer.bottom + 4


def _group(g: Group, frame_of: dict[str, str]) -> list[dict[str, Any]]:
    """A top-level group as a frame; a nested one as a dashed rectangle with its title bound to its corner."""
    b = g.box
    if g.parent is None:
        eid = f"sf-frame-{g.id}"
        frame_of[g.id] = eid
        frame = _base(eid, "frame", b.left, b.top, b.width, b.height, INK)
        frame["name"] = g.title
        return [frame]
    eid = f"sf-group-{g.id}"
    rect = _base(eid, "rectangle", b.left, b.top, b.width, b.height, INK)
    rect.update(strokeStyle="dashed", strokeWidth=1, roundness={"type": 3})
    out = [rect]
    if g.title:
        tid = f"sf-group-title-{g.id}"
        _bind(rect, tid, "text")
        title = _text(tid, g.title, b.left + 8, b.top + 4, _NOTE_FONT, eid)
        title["verticalAlign"] = "top"
        out.append(title)
    return out


def _arrow(eid: str, start: Point, end: Point, color: str, src: dict[str, Any] | None, dst: dict[str, Any] | None,
           flagged: bool) -> dict[str, Any]:
    dx, dy = end.x - start.x, end.y - start.y
    arrow = _base(eid, "arrow", start.x, start.y, abs(dx), abs(dy), color)
    arrow.update({
        "strokeWidth": 4 if flagged else 2, "roundness": {"type": 2},
        "points": [[0, 0], [round(dx, 2), round(dy, 2)]], "lastCommittedPoint": None,
        "startBinding": None, "endBinding": None, "startArrowhead": None, "endArrowhead": "arrow", "elbowed": False,
    })
    for key, shape in (("startBinding", src), ("endBinding", dst)):
        if shape is not None:
            arrow[key] = {"elementId": shape["id"], "focus": 0, "gap": 1}
            _bind(shape, eid, "arrow")
    return arrow


def excalidraw_text(subject: ExportSubject) -> str:
    """The ``.excalidraw`` file text."""
    return json.dumps(excalidraw_scene(subject), indent=2, ensure_ascii=False) + "\n"
