"""Which box sits inside which: the geometry behind groups ("VPC", "us-east-1", "Data layer").

A box drawn around other boxes is a boundary, not a component. Finding each
box's smallest container asks a grid index about the box's centre, so it is
near-linear in the number of boxes (a frame around everything is filed on a
coarse level and costs one look per query), never every box against every box.

Arrow ends then read the boundary as people draw it: an end inside (or near)
a member attaches to the member; an end on the container's border, or in its
empty interior, attaches to the container (:func:`attach`).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

from design.model.geometry import Box, GridIndex, Point

__all__ = ["CONTAIN_SLACK", "attach", "containers_of"]

#: How far (px) a box may poke out of another and still count as inside it (hand-drawn edges wobble).
CONTAIN_SLACK = 4.0


def containers_of(boxes: Sequence[Box], index: GridIndex | None = None,
                  near: Sequence[Sequence[tuple[int, Box]]] | None = None) -> list[int | None]:
    """For each box, the index of the smallest box that holds it whole (strictly larger), or ``None``.

    ``near`` passes, for each box, what ``index.near`` gives at its centre, when the caller has it already
    (recognition counts the candidates first).

    >>> containers_of([Box(0, 0, 300, 200), Box(20, 20, 100, 50), Box(400, 0, 50, 50)])
    [None, 0, None]
    """
    index = index if index is not None else GridIndex(enumerate(boxes), 0.0)
    out: list[int | None] = []
    s = CONTAIN_SLACK
    if near is None:
        near = [index.near(b.center) for b in boxes]
    for i, b in enumerate(boxes):
        area = b.width * b.height
        right, bottom = b.left + b.width, b.top + b.height
        best: tuple[float, int] | None = None
        for j, c in near[i]:
            if j == i:
                continue
            c_area = c.width * c.height
            if c_area <= area or (best is not None and (c_area, j) >= best):
                continue
            if c.left - s <= b.left and c.top - s <= b.top and c.left + c.width + s >= right and c.top + c.height + s >= bottom:
                best = (c_area, j)
        out.append(None if best is None else best[1])
    return out


def attach(index: GridIndex, p: Point, tolerance: float, containers: Collection[int] = (),
           near: Sequence[tuple[int, Box]] | None = None) -> int | None:
    """The box an arrow end belongs to, or ``None`` when it touches none within ``tolerance``.

    ``near`` passes what ``index.near(p)`` gives, when the caller has it already.

    A plain box is scored by the end's distance to it (0 inside); the smallest
    wins a tie. A container is scored by the distance to its border, so an end
    on the border attaches to the container even beside a member; an end in a
    container's empty interior attaches to it only when no member is within
    ``tolerance``.
    """
    best: tuple[float, int, float, int] | None = None
    x, y = p.x, p.y
    reach = tolerance + 1.0  # a margin over rounding: this only skips boxes that are surely too far
    for i, box in index.near(p) if near is None else near:
        left, top = box.left, box.top
        right, bottom = left + box.width, top + box.height
        if x < left - reach or y < top - reach or x > right + reach or y > bottom + reach:
            continue
        # Box.distance, inline; inside (most ends near a box) it is 0, which the formula gives there too.
        inside = left <= x <= right and top <= y <= bottom
        d = 0.0 if inside else math.hypot(max(left - x, 0.0, x - right), max(top - y, 0.0, y - bottom))
        if d > tolerance:
            continue
        rank = 0
        if d == 0.0 and containers and i in containers:  # inside a container: how far from its border?
            d = min(x - left, right - x, y - top, bottom - y)
            if d > tolerance:
                d, rank = tolerance, 1  # the empty interior: only when no member is near
        score = (d, rank, box.width * box.height, i)  # Box.area, inline
        if best is None or score < best:
            best = score
    return None if best is None else best[3]
