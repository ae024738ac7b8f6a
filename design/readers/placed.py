"""An opened file laid out for the canvas it opens on: the file's own direction, or across it when that fits better.

The canvas grows to hold an opened drawing at a readable size (:mod:`design.canvas.fit`): down to three times its
height (the page scrolls) and across to twice its width (the canvas scrolls in its own box). Growing down reads
better than scrolling sideways, and a Mermaid chart carries no positions (its layout is ours, along the direction
the file names), so when the chart's own way needs the canvas wider, or leaves components past its edge, the same
chart laid out across (left to right as top to bottom, and back) is fitted too. The one that leaves fewer
components past the edge opens, then the one that keeps the canvas's width, then the file's own way. A drawing that
carries its positions (Excalidraw, canvas JSON, a saved document) keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass

from design.canvas.fit import Fitted, beyond_edge, drawing_bottom, drawing_right, fit_design
from design.readers.dispatch import read_import
from design.readers.result import Imported

__all__ = ["Placed", "grown", "place_import"]


@dataclass(frozen=True, slots=True)
class Placed:
    """A read file, its drawing fitted to the canvas, the canvas's size grown to hold it, and whether the chart
    was laid out across the file's direction.

    ``fitted.beyond`` names what still sits past the edge of the grown canvas.
    """

    imported: Imported
    fitted: Fitted
    size: tuple[int, int]
    across: bool = False


def grown(canvas: dict[str, object], width: int, height: int, widest: int, tallest: int) -> tuple[int, int]:
    """The size of a ``width`` × ``height`` canvas grown (no further than ``widest`` × ``tallest``) to show all of
    ``canvas``'s drawing."""
    return max(width, min(drawing_right(canvas), widest)), max(height, min(drawing_bottom(canvas), tallest))


def place_import(name: str, data: bytes | str, width: int, height: int, widest: int, tallest: int) -> Placed:
    """Read file ``name`` and fit it to a ``width`` × ``height`` canvas that may grow to ``widest`` × ``tallest``.

    Raises what :func:`design.readers.dispatch.read_import` raises.
    """
    own = _fitted(read_import(name, data), width, height, widest, tallest)
    if own.imported.document.source != "mermaid" or (not own.fitted.beyond and own.size[0] == width):
        return own
    turned = _fitted(read_import(name, data, across=True), width, height, widest, tallest, across=True)
    return min((own, turned), key=lambda p: (len(p.fitted.beyond), p.size[0] > width, p.across))


def _fitted(imported: Imported, width: int, height: int, widest: int, tallest: int, *,
            across: bool = False) -> Placed:
    canvas = fit_design(imported.document.canvas, width, height).canvas
    size = grown(canvas, width, height, widest, tallest)
    return Placed(imported, Fitted(canvas, beyond_edge(canvas, *size)), size, across)
