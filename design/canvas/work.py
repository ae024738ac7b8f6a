"""A budget on the matching work of recognition: refuse a pile of shapes rather than run for minutes.

Recognition asks a spatial index which boxes lie near each arrow end and each
text, and which arrows lie near each free text. On any drawing a person makes
the answer is a handful, so the work grows with the number of shapes. Shapes
stacked at one spot, or thousands of arrows long enough to cross every cell
of the index, make every answer hold thousands, and the work grows with the
square: 10,000 boxes and 10,000 arrows at one spot were two CPU minutes. The
object and byte caps do not bound that; this does.

Before matching, the candidates every query will examine are counted (a few
dictionary look-ups per query, linear in the shapes) and compared with a
budget that grows linearly with the shapes. Past it, recognition refuses
with :class:`LayoutTooDense`, naming the busiest spot, and does no matching
at all. The budget is far above what real layouts use (see
``benchmarks/adversarial.py`` and docs/PERFORMANCE.md). Where the candidates
change as matching goes (the Excalidraw reader grows a cylinder's ellipse as
its outline lines are found), they are counted as they are handed out
(:meth:`WorkBudget.spend`), which bounds the work the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from design.model.geometry import GridIndex, Point

__all__ = ["WORK_FLOOR", "WORK_PER_SHAPE", "LayoutTooDense", "WorkBudget"]

T = TypeVar("T")

#: Candidate checks allowed per shape read (box, arrow or text), on top of :data:`WORK_FLOOR`. Real drawings
#: use 3 to 12 (the examples, the fidelity corpus, synthetic designs up to the 20,000-object limit).
WORK_PER_SHAPE = 64
#: Candidate checks any drawing may use, however few its shapes (a second or two of matching at worst).
WORK_FLOOR = 250_000


class LayoutTooDense(ValueError):
    """Shapes are piled so that matching them would take far more work than any drawing needs."""


class WorkBudget:
    """The candidate checks one recognition may make; :attr:`spent` counts what was planned so far."""

    def __init__(self, shapes: int, limit: int | None = None):
        self.shapes = shapes
        self.limit = WORK_FLOOR + WORK_PER_SHAPE * shapes if limit is None else limit
        self.spent = 0

    def charge(self, index: GridIndex, points: Sequence[Point], what: str) -> None:
        """Count the candidates ``index`` holds near each of ``points``; refuse if the total passes the limit."""
        self.spent += index.cells_near_all(points)[0]
        self._check(index, points, what)

    def charge_cells(self, index: GridIndex[T], points: Sequence[Point], what: str) -> list[list[list[tuple[int, T]]]]:
        """:meth:`charge`, keeping the filed lists each point's candidates sit in
        (:meth:`~design.model.geometry.GridIndex.cells_near_all`), so the matching reads them without asking the
        index again."""
        spent, cells = index.cells_near_all(points)
        self.spent += spent
        self._check(index, points, what)
        return cells

    def _check(self, index: GridIndex, points: Sequence[Point], what: str) -> None:
        if self.spent > self.limit:
            busiest, where = max(((index.count_near(p), i) for i, p in enumerate(points)), default=(0, -1))
            self._refuse(what, points[where] if where >= 0 else None, busiest)

    def spend(self, checks: int, at: Point, what: str) -> None:
        """Count ``checks`` made at ``at`` where the candidates change as matching goes (so cannot be planned)."""
        self.spent += checks
        if self.spent > self.limit:
            self._refuse(what, at, checks)

    def _refuse(self, what: str, at: Point | None, busiest: int) -> None:
        spot = f" (the busiest spot, near x={at.x:,.0f}, y={at.y:,.0f}, has {busiest:,} within reach)" \
            if at is not None else ""
        raise LayoutTooDense(
            f"too many shapes on top of one another to read: matching {what} would take {self.spent:,} checks, "
            f"more than the {self.limit:,} allowed for {self.shapes:,} shapes{spot}; spread out or remove "
            "the stacked copies"
        )
