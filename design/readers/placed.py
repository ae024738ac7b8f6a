"""An opened file laid out for the canvas it opens on: the file's own direction, or across it when that shows more.

A Mermaid chart carries no positions: its layout is ours, along the direction the file names. Fitted to a 760 px
canvas, a long left-to-right chart keeps every box readable by reaching past the right edge
(:mod:`design.canvas.fit`), and a page can grow down but not across. So when the chart's own direction leaves
components past the edge, the same chart laid out across (left to right as top to bottom, and back) is fitted too,
and the one that leaves fewer past the edge opens: the file's own on a tie. A drawing that carries its positions
(Excalidraw, canvas JSON, a saved document) keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass

from design.canvas.fit import Fitted, beyond_edge, drawing_bottom, fit_design
from design.readers.dispatch import read_import
from design.readers.result import Imported

__all__ = ["Placed", "place_import"]


@dataclass(frozen=True, slots=True)
class Placed:
    """A read file, its drawing fitted to the canvas, and whether it was laid out across the file's direction.

    ``fitted.beyond`` names what sits past the edge of the canvas once it has grown down to hold the drawing.
    """

    imported: Imported
    fitted: Fitted
    across: bool = False


def place_import(name: str, data: bytes | str, width: float, height: float, tallest: float) -> Placed:
    """Read file ``name`` and fit it to a ``width`` × ``height`` canvas that may grow down to ``tallest``.

    Raises what :func:`design.readers.dispatch.read_import` raises.
    """
    own = _fitted(read_import(name, data), width, height, tallest)
    if not own.fitted.beyond or own.imported.document.source != "mermaid":
        return own
    turned = _fitted(read_import(name, data, across=True), width, height, tallest, across=True)
    return turned if len(turned.fitted.beyond) < len(own.fitted.beyond) else own


def _fitted(imported: Imported, width: float, height: float, tallest: float, *, across: bool = False) -> Placed:
    canvas = fit_design(imported.document.canvas, width, height).canvas
    grown = max(height, min(float(drawing_bottom(canvas)), tallest))
    return Placed(imported, Fitted(canvas, beyond_edge(canvas, width, grown)), across)
