"""The live canvas's backdrop: direction and findings drawn where the user draws.

The canvas component (streamlit-drawable-canvas 0.13) paints a
``background_image`` on its own canvas behind Fabric's, and never sends it
back; replacing it touches neither the strokes, the undo history nor the
selection (measured in Chromium: docs/CANVAS.md). So the marks the annotated
sketch carries (arrowheads at the box edge, a ring on a loose end, severity
outlines, numbered badges, the focus halo, the kill drill's dead
component) go there, in canvas pixels, under
the user's own boxes and lines.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from design.model.geometry import Point
from design.model.sketch import Finding, Sketch
from design.picture.png import png_bytes, render_overlay
from design.picture.scene import build_scene

__all__ = ["BACKDROP", "canvas_overlay"]

#: The canvas's paper colour (the overlay is opaque: it is the canvas's background).
BACKDROP = "#fbfcfe"


def canvas_overlay(
    sketch: Sketch,
    findings: Sequence[Finding],
    width: int,
    height: int,
    *,
    highlight: Collection[str] = (),
    muted: Collection[str] = (),
    dead: Collection[str] = (),
) -> bytes:
    """The overlay for a ``width`` × ``height`` canvas as PNG bytes (fast to encode: flat colours).

    ``dead`` names the component the kill drill took down: it gets its own mark, not the halo. The canvas draws
    each box's label as a chip above it, reaching past a narrow box's right end: the badges sit inside the corner.
    """
    scene = build_scene(sketch, findings, highlight=highlight, muted=muted, legend=False, dead=dead, chips=True)
    shift = Point(0.0, 0.0)
    if sketch.components:  # the scene moved the drawing into its margin; move it back
        first, placed = sketch.components[0], scene.boxes[0]
        shift = Point(first.box.left - placed.box.left, first.box.top - placed.box.top)
    elif scene.arrows:
        line = (*sketch.flows, *sketch.dangling)[0]
        shift = Point(line.start.x - scene.arrows[0].start.x, line.start.y - scene.arrows[0].start.y)
    return png_bytes(render_overlay(scene, width, height, shift, BACKDROP), compress_level=1)
