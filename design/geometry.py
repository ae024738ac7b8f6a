"""Plain 2-D geometry: points, axis-aligned boxes, and a grid index for hit tests.

Restore normalises every Fabric object into these once; only the renderer
looks at coordinates after that.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = ["Box", "GridIndex", "Point", "clip_to_box", "rotate", "segment_distance"]

_MAX_CELLS_PER_BOX = 64


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in canvas pixels (origin top-left)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def center(self) -> Point:
        return Point(self.left + self.width / 2, self.top + self.height / 2)

    @property
    def area(self) -> float:
        return self.width * self.height

    def contains(self, p: Point) -> bool:
        return self.left <= p.x <= self.right and self.top <= p.y <= self.bottom

    def distance(self, p: Point) -> float:
        """Distance from ``p`` to the box; 0 inside it."""
        dx = max(self.left - p.x, 0.0, p.x - self.right)
        dy = max(self.top - p.y, 0.0, p.y - self.bottom)
        return math.hypot(dx, dy)

    @classmethod
    def around(cls, points: Iterable[Point]) -> Box:
        """The bounding box of some points."""
        pts = list(points)
        xs = [p.x for p in pts]
        ys = [p.y for p in pts]
        return cls(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def rotate(x: float, y: float, degrees: float) -> tuple[float, float]:
    """Rotate ``(x, y)`` about the origin, clockwise on screen (Fabric's convention)."""
    if not degrees:
        return x, y
    r = math.radians(degrees)
    c, s = math.cos(r), math.sin(r)
    return x * c - y * s, x * s + y * c


def segment_distance(p: Point, a: Point, b: Point) -> float:
    """Distance from ``p`` to the segment ``a``–``b`` (which text labels which arrow)."""
    dx, dy = b.x - a.x, b.y - a.y
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2))
    return math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))


def clip_to_box(inside: Point, outside: Point, box: Box) -> Point:
    """Where the segment from ``inside`` (the box centre) towards ``outside`` leaves ``box``.

    Used to end arrows at a box edge rather than under its label. If
    ``outside`` is itself inside the box, it is returned unchanged.
    """
    if not box.contains(inside) or box.contains(outside):
        return outside
    dx, dy = outside.x - inside.x, outside.y - inside.y
    ts = []
    if dx:
        ts += [(box.left - inside.x) / dx, (box.right - inside.x) / dx]
    if dy:
        ts += [(box.top - inside.y) / dy, (box.bottom - inside.y) / dy]
    t = min((t for t in ts if t > 0), default=1.0)
    t = min(t, 1.0)
    return Point(inside.x + dx * t, inside.y + dy * t)


class GridIndex:
    """A uniform grid over boxes, so that snapping N arrow ends to M boxes is not N×M.

    Each box is filed under every cell its (tolerance-inflated) extent covers;
    a query looks at one cell only.
    """

    def __init__(self, boxes: Iterable[tuple[int, Box]], tolerance: float, cell: float = 200.0):
        self._cell = cell
        self._tol = tolerance
        self._cells: dict[tuple[int, int], list[tuple[int, Box]]] = {}
        # Boxes spanning many cells (a frame drawn around everything, or a
        # hostile 1e300-pixel box) are checked on every query instead of filed.
        self._large: list[tuple[int, Box]] = []
        for item in boxes:
            _, b = item
            i0, i1 = self._cell_range(b.left - tolerance, b.right + tolerance)
            j0, j1 = self._cell_range(b.top - tolerance, b.bottom + tolerance)
            if (i1 - i0 + 1) * (j1 - j0 + 1) > _MAX_CELLS_PER_BOX:
                self._large.append(item)
                continue
            for i in range(i0, i1 + 1):
                for j in range(j0, j1 + 1):
                    self._cells.setdefault((i, j), []).append(item)

    def _cell_range(self, lo: float, hi: float) -> tuple[int, int]:
        return int(max(-1e9, lo) // self._cell), int(min(1e9, hi) // self._cell)

    def near(self, p: Point) -> Iterator[tuple[int, Box]]:
        """Boxes whose inflated extent may cover ``p`` (a superset of the hits)."""
        yield from self._large
        if abs(p.x) < 1e9 and abs(p.y) < 1e9:
            yield from self._cells.get((int(p.x // self._cell), int(p.y // self._cell)), ())
