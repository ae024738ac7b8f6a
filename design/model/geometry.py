"""Plain 2-D geometry: points, axis-aligned boxes, and a grid index for hit tests.

Restore normalises every Fabric object into these once; only the renderer
looks at coordinates after that.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from design.model.records import quick_init

__all__ = ["Box", "GridIndex", "Point", "clip_to_box", "joined", "rotate", "segment_distance"]

_MAX_CELLS_PER_BOX = 64
T = TypeVar("T")


@quick_init
@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@quick_init
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


class GridIndex(Generic[T]):
    """A pyramid of uniform grids over boxes, so that snapping N arrow ends to M boxes is not N×M.

    Each box is filed, at the finest level where its (tolerance-inflated)
    extent covers at most a few dozen cells, under every cell it covers; a
    query looks at one cell per level. Levels get 8× coarser, so a long arrow
    drawn across a big canvas (or a frame around everything) lands on a
    coarse level instead of being checked against every query.

    An entry is ``(number, box)``, or, filed with :meth:`file`, ``(number, anything)`` under a box's extent
    (the arrow search files what it reads of each arrow, so a candidate is read without a second look-up).
    """

    def __init__(self, boxes: Iterable[tuple[int, Box]], tolerance: float, cell: float = 200.0):
        self._cell = cell
        self._tol = tolerance
        # level -> cell -> items; only levels that hold something are queried.
        self._levels: dict[int, dict[tuple[int, int], list[tuple[int, T]]]] = {}
        # Boxes with no usable extent (NaN edges) are checked on every query instead of filed.
        self._large: list[tuple[int, T]] = []
        self._sizes = [cell * _FANOUT**level for level in range(_LEVELS)]
        self._by_size: list[tuple[float, dict[tuple[int, int], list[tuple[int, T]]]]] = []
        file = self.file
        for item in boxes:
            b = item[1]
            file(item, b.left, b.top, b.width, b.height)  # type: ignore[arg-type]

    def add(self, item: tuple[int, Box]) -> None:
        """File one more box (a box that grew is filed again: :meth:`near` then returns it once per filing)."""
        b = item[1]
        self.file(item, b.left, b.top, b.width, b.height)  # type: ignore[arg-type]

    def file(self, item: tuple[int, T], left: float, top: float, width: float, height: float) -> None:
        """File ``item`` under the box ``left, top, width, height``."""
        tolerance = self._tol
        lo_x, hi_x = left - tolerance, left + width + tolerance
        lo_y, hi_y = top - tolerance, top + height + tolerance
        limit = _COORD_LIMIT
        if not (-limit <= lo_x <= limit and -limit <= hi_x <= limit and -limit <= lo_y <= limit and -limit <= hi_y <= limit):
            if lo_x != lo_x or hi_x != hi_x or lo_y != lo_y or hi_y != hi_y:
                self._large.append(item)
                return
            # Each edge's cell per level: clamped once (rare: beyond ±1e9), then divided per level.
            lo_x, hi_x, lo_y, hi_y = _clamp(lo_x), _clamp(hi_x), _clamp(lo_y), _clamp(hi_y)
        last = _LEVELS - 1
        for level, size in enumerate(self._sizes):
            i0, i1 = int(lo_x // size), int(hi_x // size)
            j0, j1 = int(lo_y // size), int(hi_y // size)
            if (i1 - i0 + 1) * (j1 - j0 + 1) <= _MAX_CELLS_PER_BOX or level == last:
                cells = self._levels.get(level)
                if cells is None:
                    cells = self._levels[level] = {}
                    self._by_size.append((size, cells))
                get = cells.get
                for i in range(i0, i1 + 1):
                    for j in range(j0, j1 + 1):
                        hit = get((i, j))
                        if hit is None:
                            cells[(i, j)] = [item]
                        else:
                            hit.append(item)
                return

    def count_near(self, p: Point) -> int:
        """How many boxes :meth:`near` would return for ``p``, without building the list (a few dict look-ups)."""
        n = len(self._large)
        x, y = p.x, p.y
        if x != x or y != y:
            return n
        if not (-_COORD_LIMIT <= x <= _COORD_LIMIT and -_COORD_LIMIT <= y <= _COORD_LIMIT):  # rare: clamp
            x, y = _clamp(x), _clamp(y)
        for size, cells in self._by_size:
            hit = cells.get((int(x // size), int(y // size)))
            if hit:
                n += len(hit)
        return n

    def cells_near_all(self, points: Iterable[Point]) -> tuple[int, list[list[list[tuple[int, T]]]]]:
        """For each point, the filed lists :meth:`near` would join for it (the lists themselves, not copies), and
        how many entries they hold in all.

        A budget counts the work from them before any matching, and the matching then reads the same lists
        (:func:`joined`) instead of asking the index again. Only references are kept, so a pile costs no more
        memory here than the index itself.
        """
        large, by_size, limit = self._large, self._by_size, _COORD_LIMIT
        n = 0
        out: list[list[list[tuple[int, T]]]] = []
        for p in points:
            cells = [large] if large else []
            n += len(large)
            x, y = p.x, p.y
            if x == x and y == y:
                if not (-limit <= x <= limit and -limit <= y <= limit):  # rare: clamp
                    x, y = _clamp(x), _clamp(y)
                for size, filed in by_size:
                    hit = filed.get((int(x // size), int(y // size)))
                    if hit:
                        n += len(hit)
                        cells.append(hit)
            out.append(cells)
        return n, out

    def near(self, p: Point) -> list[tuple[int, T]]:
        """Boxes whose inflated extent may cover ``p`` (a superset of the hits).

        A list, not a generator: every arrow end and every text asks, and resuming a generator per
        candidate cost more than checking it.
        """
        out = list(self._large)
        x, y = p.x, p.y
        if x != x or y != y:
            return out
        if not (-_COORD_LIMIT <= x <= _COORD_LIMIT and -_COORD_LIMIT <= y <= _COORD_LIMIT):  # rare: clamp
            x, y = _clamp(x), _clamp(y)
        for size, cells in self._by_size:
            hit = cells.get((int(x // size), int(y // size)))
            if hit:
                out += hit
        return out


def joined(cells: list[list[tuple[int, T]]]) -> list[tuple[int, T]]:
    """The candidates :meth:`GridIndex.near` gives, from the lists :meth:`GridIndex.cells_near_all` found for a
    point: the one list itself when there is one (most points; read it, never change it), else a new list."""
    return cells[0] if len(cells) == 1 else [item for cell in cells for item in cell]


_FANOUT = 8
# 200 px × 8**7 ≈ 4e8 px per cell: the coarsest level spans the clamped ±1e9 range in a few cells.
_LEVELS = 8
_COORD_LIMIT = 1e9


def _clamp(v: float) -> float:
    """``v`` within ±1e9: coordinates beyond it share the outermost cells (a query clamps once, then divides per
    level)."""
    if -_COORD_LIMIT <= v <= _COORD_LIMIT:
        return v
    return max(-_COORD_LIMIT, min(_COORD_LIMIT, v))
