"""Write Excalidraw scenes the way the editor saves them, for the fidelity corpus and tests.

A scene is described as shapes, texts, frames, lines and arrows at page
coordinates; this fills in what excalidraw.com writes for each element (seed,
version, nonces, fractional ``index``, ``boundElements`` on both sides of a
binding, ``containerId`` on bound text, arrow ``points`` relative to the
arrow's origin, binding gaps and focus) with the small irregularities of a
hand-made drawing: coordinates off the grid, ids in the editor's alphabet,
deleted leftovers. Deterministic for a given seed, so regenerated files diff
cleanly.
"""

from __future__ import annotations

import math
import random
from typing import Any

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-"
_INDEX_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SHAPES = ("rectangle", "ellipse", "diamond")


def fractional_index(n: int) -> str:
    """The n-th integer key of the fractional-indexing scheme Excalidraw orders elements by: a0…az, b00…bzz."""
    base = len(_INDEX_DIGITS)
    if n < base:
        return "a" + _INDEX_DIGITS[n]
    n -= base
    return "b" + _INDEX_DIGITS[n // base] + _INDEX_DIGITS[n % base]


def text_size(value: str, font: float) -> tuple[float, float]:
    """Width and height Excalidraw gives a text in Excalifont at ``font`` px (close enough for layout)."""
    lines = value.split("\n")
    return max(len(ln) for ln in lines) * font * 0.55, len(lines) * font * 1.25


class Scene:
    """An Excalidraw scene being drawn. Every method returns the new element's id."""

    def __init__(self, seed: int, *, source: str = "https://excalidraw.com") -> None:
        self.rng = random.Random(seed)
        self.source = source
        self.elements: list[dict[str, Any]] = []
        self.by_id: dict[str, dict[str, Any]] = {}
        #: shape id → the id of the text that names it (bound or free)
        self.labels: dict[str, str] = {}
        self.clock = 1_716_000_000_000 + seed * 7_919_000

    # -- bookkeeping ---------------------------------------------------------------------------------------------

    def _new_id(self) -> str:
        return "".join(self.rng.choice(_ALPHABET) for _ in range(21))

    def _jitter(self, v: float, by: float = 2.5) -> float:
        return round(v + self.rng.uniform(-by, by), 4)

    def _base(self, kind: str, x: float, y: float, w: float, h: float, **extra: Any) -> dict[str, Any]:
        self.clock += self.rng.randint(800, 40_000)
        el: dict[str, Any] = {
            "id": self._new_id(), "type": kind, "x": x, "y": y, "width": w, "height": h, "angle": 0,
            "strokeColor": "#1e1e1e", "backgroundColor": "transparent", "fillStyle": "solid", "strokeWidth": 2,
            "strokeStyle": "solid", "roughness": 1, "opacity": 100, "groupIds": [], "frameId": None,
            "index": "", "roundness": None, "seed": self.rng.randint(1, 2_000_000_000),
            "version": self.rng.randint(3, 240), "versionNonce": self.rng.randint(1, 2_000_000_000),
            "isDeleted": False, "boundElements": None, "updated": self.clock, "link": None, "locked": False,
        }
        el.update(extra)
        self.elements.append(el)
        self.by_id[el["id"]] = el
        return el

    def _bind(self, target: str, kind: str, el_id: str) -> None:
        t = self.by_id[target]
        if t.get("boundElements") is None:
            t["boundElements"] = []
        t["boundElements"].append({"type": kind, "id": el_id})

    def box_of(self, el_id: str) -> tuple[float, float, float, float]:
        el = self.by_id[el_id]
        return el["x"], el["y"], el["width"], el["height"]

    # -- elements ------------------------------------------------------------------------------------------------

    def text(self, value: str, x: float, y: float, *, size: float = 20, frame: str | None = None,
             container: str | None = None, align: str = "left", groups: list[str] | None = None,
             color: str = "#1e1e1e") -> str:
        """A text whose top-left corner is at (x, y); ``container`` binds it to a shape or an arrow."""
        w, h = text_size(value, size)
        el = self._base("text", x, y, round(w, 4), h, text=value, fontSize=size, fontFamily=5, textAlign=align,
                        verticalAlign="middle" if container else "top", containerId=container, originalText=value,
                        autoResize=True, lineHeight=1.25, frameId=frame, groupIds=list(groups or []),
                        strokeColor=color)
        if container:
            self._bind(container, "text", el["id"])
        return el["id"]

    def shape(self, label: str, x: float, y: float, w: float = 170, h: float = 72, *, kind: str = "rectangle",
              bound: bool = True, frame: str | None = None, dashed: bool = False, size: float = 20,
              groups: list[str] | None = None, fill: str = "transparent", label_dy: float = 0.0) -> str:
        """A rectangle, ellipse or diamond with its label: bound (typed into the shape) or free text inside it."""
        assert kind in _SHAPES
        el = self._base(kind, self._jitter(x), self._jitter(y), round(w + self.rng.uniform(-3, 3), 4),
                        round(h + self.rng.uniform(-2, 2), 4), roundness={"type": 3} if kind == "rectangle" else
                        {"type": 2}, frameId=frame, strokeStyle="dashed" if dashed else "solid",
                        groupIds=list(groups or []), backgroundColor=fill)
        if label:
            tw, th = text_size(label, size)
            cx, cy = el["x"] + el["width"] / 2, el["y"] + el["height"] / 2 + label_dy
            if bound:
                tid = self.text(label, round(cx - tw / 2, 4), round(cy - th / 2, 4), size=size, frame=frame,
                                container=el["id"], align="center", groups=groups)
            else:
                tid = self.text(label, self._jitter(cx - tw / 2, 6), self._jitter(cy - th / 2, 3), size=size,
                                frame=frame, groups=groups)
            self.labels[el["id"]] = tid
        return el["id"]

    def frame(self, name: str, x: float, y: float, w: float, h: float) -> str:
        """An Excalidraw frame; give its id as ``frame=`` to the elements drawn inside it."""
        el = self._base("frame", x, y, w, h, name=name, roughness=0, strokeWidth=2)
        # Frames are drawn below their children: excalidraw.com keeps them first in z-order.
        self.elements.insert(0, self.elements.pop())
        return el["id"]

    def container(self, title: str, x: float, y: float, w: float, h: float, *, dashed: bool = True,
                  frame: str | None = None, size: float = 20, color: str = "#1971c2") -> str:
        """A box drawn around other boxes, titled by a free text in its top-left corner (not bound to it)."""
        el = self._base("rectangle", x, y, w, h, strokeStyle="dashed" if dashed else "solid", strokeColor=color,
                        backgroundColor="transparent", roundness={"type": 3}, frameId=frame)
        # Drawn first, so it sits under its members.
        self.elements.insert(0, self.elements.pop())
        if title:
            self.text(title, self._jitter(x + 14, 3), self._jitter(y + 10, 2), size=size, frame=frame, color=color)
        return el["id"]

    def line(self, points: list[tuple[float, float]], *, dashed: bool = False, frame: str | None = None,
             groups: list[str] | None = None, width: float = 2) -> str:
        """A plain line (no arrowheads, no bindings) through page points."""
        x0, y0 = points[0]
        rel = [[round(px - x0, 4), round(py - y0, 4)] for px, py in points]
        xs, ys = [p[0] for p in rel], [p[1] for p in rel]
        el = self._base("line", x0, y0, round(max(xs) - min(xs), 4), round(max(ys) - min(ys), 4), points=rel,
                        lastCommittedPoint=None, startBinding=None, endBinding=None, startArrowhead=None,
                        endArrowhead=None, strokeStyle="dashed" if dashed else "solid", frameId=frame,
                        groupIds=list(groups or []), roundness={"type": 2}, strokeWidth=width)
        return el["id"]

    def freedraw(self, points: list[tuple[float, float]]) -> str:
        """A pen stroke (a scribble or an underline)."""
        x0, y0 = points[0]
        rel = [[round(px - x0, 2), round(py - y0, 2)] for px, py in points]
        xs, ys = [p[0] for p in rel], [p[1] for p in rel]
        el = self._base("freedraw", x0, y0, max(xs) - min(xs), max(ys) - min(ys), points=rel,
                        pressures=[], simulatePressure=True, lastCommittedPoint=rel[-1])
        return el["id"]

    def leftover(self, label: str, x: float, y: float) -> None:
        """A shape the author deleted: still in the file with ``isDeleted``, as the editor keeps it."""
        sid = self.shape(label, x, y)
        for el in self.elements:
            if el["id"] == sid or el.get("containerId") == sid:
                el["isDeleted"] = True

    def anchor(self, el_id: str, toward: tuple[float, float], gap: float,
               offset: tuple[float, float] = (0.0, 0.0)) -> tuple[float, float]:
        """Where an arrow bound to ``el_id`` stops: on the ray from its centre (moved by ``offset``) toward
        ``toward``, ``gap`` px outside the shape's outline."""
        x, y, w, h = self.box_of(el_id)
        cx, cy = x + w / 2 + offset[0], y + h / 2 + offset[1]
        dx, dy = toward[0] - cx, toward[1] - cy
        if dx == 0 and dy == 0:
            return cx, cy
        el = self.by_id[el_id]
        if el["type"] == "ellipse" and offset == (0.0, 0.0):
            t = 1 / math.sqrt((dx / (w / 2)) ** 2 + (dy / (h / 2)) ** 2)
        elif el["type"] == "diamond" and offset == (0.0, 0.0):
            t = 1 / (abs(dx) / (w / 2) + abs(dy) / (h / 2))
        else:
            tx = ((x + w - cx) / dx if dx > 0 else (x - cx) / dx) if dx else math.inf
            ty = ((y + h - cy) / dy if dy > 0 else (y - cy) / dy) if dy else math.inf
            t = min(tx, ty)
        length = math.hypot(dx, dy)
        return cx + dx * t + dx / length * gap, cy + dy * t + dy / length * gap

    def centre(self, el_id: str) -> tuple[float, float]:
        x, y, w, h = self.box_of(el_id)
        return x + w / 2, y + h / 2

    def arrow(self, a: str | tuple[float, float], b: str | tuple[float, float], *, label: str | None = None,
              label_bound: bool = True, both: bool = False, backwards: bool = False, bind: bool = True,
              via: list[tuple[float, float]] | None = None, dashed: bool = False, gap: float | None = None,
              frame: str | None = None, kind: str = "arrow", elbowed: bool = False, shift: float = 0.0) -> str:
        """An arrow from ``a`` to ``b`` (element ids, or free page points for a loose end).

        ``backwards`` draws it from ``b`` to ``a`` with the head at its start, as people do when they drag
        from the target; ``both`` puts heads at both ends; ``via`` adds bend points; ``label_bound`` puts the
        label in the arrow (the editor's way since 2023) instead of as free text beside it; ``aim`` moves the
        point an end aims at (default: the other end's centre) so parallel arrows do not overlap.
        """
        src, dst = (b, a) if backwards else (a, b)
        if backwards:
            shift = -shift
        pts_mid = list(reversed(via)) if (via and backwards) else list(via or [])

        def centre_of(end: str | tuple[float, float]) -> tuple[float, float]:
            return end if isinstance(end, tuple) else self.centre(end)

        (sx, sy), (ex, ey) = centre_of(src), centre_of(dst)
        n = math.hypot(ex - sx, ey - sy) or 1.0
        off = ((ey - sy) / n * shift, -(ex - sx) / n * shift)

        def pos(end: str | tuple[float, float], other: str | tuple[float, float],
                mid: tuple[float, float] | None) -> tuple[float, float]:
            if isinstance(end, tuple):
                return end
            if mid:
                target = mid
            else:
                ox, oy = centre_of(other)
                target = (ox + off[0], oy + off[1])
            return self.anchor(end, target, gap if gap is not None else self.rng.uniform(3, 9),
                               off if not mid else (0.0, 0.0))

        start = pos(src, dst, pts_mid[0] if pts_mid else None)
        end = pos(dst, src, pts_mid[-1] if pts_mid else None)
        pts = [start, *pts_mid, end]
        x0, y0 = start
        rel = [[round(px - x0, 4), round(py - y0, 4)] for px, py in pts]
        xs, ys = [p[0] for p in rel], [p[1] for p in rel]

        def binding(end: str | tuple[float, float]) -> dict[str, Any] | None:
            if not bind or isinstance(end, tuple):
                return None
            return {"elementId": end, "focus": round(self.rng.uniform(-0.2, 0.2), 6),
                    "gap": round(self.rng.uniform(2, 9), 6)}

        heads = {"startArrowhead": "arrow" if (both or backwards) else None,
                 "endArrowhead": None if backwards else "arrow"}
        if kind == "line":
            heads = {"startArrowhead": None, "endArrowhead": None}
        el = self._base(kind, round(x0, 4), round(y0, 4), round(max(xs) - min(xs), 4),
                        round(max(ys) - min(ys), 4), points=rel, lastCommittedPoint=None,
                        startBinding=binding(src), endBinding=binding(dst), **heads, elbowed=elbowed,
                        strokeStyle="dashed" if dashed else "solid", frameId=frame, roundness={"type": 2})
        for bound_to in (src, dst):
            if bind and isinstance(bound_to, str):
                self._bind(bound_to, "arrow", el["id"])
        if label:
            mid = pts[len(pts) // 2] if len(pts) % 2 else (
                ((pts[len(pts) // 2 - 1][0] + pts[len(pts) // 2][0]) / 2,
                 (pts[len(pts) // 2 - 1][1] + pts[len(pts) // 2][1]) / 2))
            tw, th = text_size(label, 16)
            if label_bound:
                self.text(label, round(mid[0] - tw / 2, 4), round(mid[1] - th / 2, 4), size=16, container=el["id"],
                          align="center", frame=frame)
            else:
                horizontal = abs(end[0] - start[0]) >= abs(end[1] - start[1])
                dx, dy = (0.0, -th / 2 - 9) if horizontal else (tw / 2 + 8, 0.0)
                self.text(label, round(mid[0] - tw / 2 + dx, 4), round(mid[1] - th / 2 + dy, 4), size=16,
                          frame=frame)
        return el["id"]

    def group(self, *ids: str) -> str:
        """Put elements (and their bound texts) in one Excalidraw group, as Ctrl+G does."""
        gid = self._new_id()
        for el in self.elements:
            if el["id"] in ids or el.get("containerId") in ids:
                el["groupIds"].append(gid)
        return gid

    def scene(self) -> dict[str, Any]:
        for n, el in enumerate(self.elements):  # fractional indices follow z-order, as the editor keeps them
            el["index"] = fractional_index(n)
        return {
            "type": "excalidraw", "version": 2, "source": self.source, "elements": self.elements,
            "appState": {"gridSize": 20, "gridStep": 5, "gridModeEnabled": False, "viewBackgroundColor": "#ffffff"},
            "files": {},
        }
