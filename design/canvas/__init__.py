"""The browser boundary: the canvas's Fabric JSON in (restore, recognise) and out (emit).

>>> from design.canvas import build_sketch, restore
>>> canvas = {"objects": [
...     {"type": "LabeledRect", "label": "API", "left": 0, "top": 0, "width": 120, "height": 60,
...      "originX": "left", "originY": "top"},
...     {"type": "LabeledRect", "label": "Postgres", "left": 300, "top": 0, "width": 120, "height": 60,
...      "originX": "left", "originY": "top"},
...     {"type": "Line", "left": 210, "top": 30, "x1": -90, "y1": 0, "x2": 90, "y2": 0,
...      "originX": "center", "originY": "center"}]}
>>> sketch = build_sketch(restore(canvas))
>>> [(f.source, f.target) for f in sketch.flows]
[('api', 'postgres')]
"""

from design.canvas.emit import to_canvas
from design.canvas.fit import fit_canvas, fit_design
from design.canvas.recognize import SNAP_TOLERANCE, build_sketch
from design.canvas.restore import CanvasFormatError, restore
from design.canvas.work import LayoutTooDense

__all__ = ["SNAP_TOLERANCE", "CanvasFormatError", "LayoutTooDense", "build_sketch", "fit_canvas", "fit_design", "restore", "to_canvas"]
