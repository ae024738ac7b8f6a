"""Read a drawing the way the CLI does, in any format, and build Excalidraw scenes for tests.

``read("d.mmd", text)`` (or an Excalidraw scene, or canvas JSON) goes through
``read_import`` → ``analyze_document``: the whole pipeline, the reader's notes
included. The ``ex_*`` helpers write Excalidraw elements with the fields the
editor writes (ids, bindings, ``containerId``, arrowheads), so tests describe a
habit in a few lines instead of copying a file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from design.analysis.analyze import analyze_document
from design.model.sketch import Component, Finding, Sketch
from design.readers.dispatch import read_import


@dataclass(frozen=True)
class Read:
    sketch: Sketch
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]

    def by_label(self, label: str) -> Component:
        return next(c for c in self.sketch.components if c.label == label)

    def flows(self) -> set[tuple[str, str, str]]:
        names = {c.id: c.label for c in self.sketch.components}
        return {(names[f.source], names[f.target], f.label) for f in self.sketch.flows}

    def two_way(self) -> set[tuple[str, str]]:
        names = {c.id: c.label for c in self.sketch.components}
        return {(names[f.source], names[f.target]) for f in self.sketch.flows if f.two_way}

    def groups(self) -> dict[str, list[str]]:
        names = {c.id: c.label for c in self.sketch.components}
        return {g.title: sorted(names[m] for m in g.members) for g in self.sketch.groups}

    def fired(self, rule: str) -> list[tuple[str, ...]]:
        return [f.elements for f in self.findings if f.rule == rule]

    def on(self, label: str) -> set[str]:
        """The rules that fired on a component (by label)."""
        cid = self.by_label(label).id
        return {f.rule for f in self.findings if cid in f.elements}


def read(name: str, data: str | dict[str, Any]) -> Read:
    text = data if isinstance(data, str) else json.dumps(data)
    imported = read_import(name, text)
    result = analyze_document(imported.document)
    notes = tuple(dict.fromkeys(str(n) for n in (*imported.notes, *result.sketch.notes)))
    return Read(result.sketch, result.findings, notes)


def scene(*elements: dict[str, Any] | list[dict[str, Any]]) -> dict[str, Any]:
    flat: list[dict[str, Any]] = []
    for e in elements:
        flat.extend(e if isinstance(e, list) else [e])
    return {"type": "excalidraw", "version": 2, "source": "https://excalidraw.com", "elements": flat}


def ex_shape(eid: str, x: float, y: float, label: str | None = None, w: float = 160, h: float = 70,
             kind: str = "rectangle", **extra: Any) -> list[dict[str, Any]]:
    """A shape, with its label as bound text when given."""
    shape = {"id": eid, "type": kind, "x": x, "y": y, "width": w, "height": h, "angle": 0, "isDeleted": False,
             "boundElements": [{"id": f"{eid}-t", "type": "text"}] if label else None, **extra}
    out = [shape]
    if label:
        out.append(ex_text(f"{eid}-t", x + 10, y + h / 2 - 12, label, container=eid))
    return out


def ex_text(eid: str, x: float, y: float, text: str, container: str | None = None, **extra: Any) -> dict[str, Any]:
    lines = text.split("\n")
    return {"id": eid, "type": "text", "x": x, "y": y, "width": 9.0 * max(len(ln) for ln in lines),
            "height": 25.0 * len(lines), "angle": 0, "isDeleted": False, "text": text, "originalText": text,
            "containerId": container, **extra}


def ex_arrow(eid: str, start: tuple[float, float], end: tuple[float, float], source: str | None = None,
             target: str | None = None, heads: tuple[str | None, str | None] = (None, "arrow"),
             kind: str = "arrow", label: str | None = None) -> list[dict[str, Any]]:
    (x0, y0), (x1, y1) = start, end
    arrow = {"id": eid, "type": kind, "x": x0, "y": y0, "width": abs(x1 - x0), "height": abs(y1 - y0), "angle": 0,
             "isDeleted": False, "points": [[0, 0], [x1 - x0, y1 - y0]],
             "startBinding": {"elementId": source, "focus": 0, "gap": 4} if source else None,
             "endBinding": {"elementId": target, "focus": 0, "gap": 4} if target else None,
             "startArrowhead": heads[0], "endArrowhead": heads[1]}
    out = [arrow]
    if label:
        out.append(ex_text(f"{eid}-t", (x0 + x1) / 2, (y0 + y1) / 2 - 12, label, container=eid))
    return out


def ex_line(eid: str, *points: tuple[float, float]) -> dict[str, Any]:
    x0, y0 = points[0]
    return {"id": eid, "type": "line", "x": x0, "y": y0, "width": max(p[0] for p in points) - min(p[0] for p in points),
            "height": max(p[1] for p in points) - min(p[1] for p in points), "angle": 0, "isDeleted": False,
            "points": [[px - x0, py - y0] for px, py in points], "startArrowhead": None, "endArrowhead": None}


def ex_frame(eid: str, x: float, y: float, w: float, h: float, name: str | None) -> dict[str, Any]:
    return {"id": eid, "type": "frame", "x": x, "y": y, "width": w, "height": h, "angle": 0, "isDeleted": False,
            "name": name}
