"""Canvas JSON shaped exactly like streamlit-drawable-canvas 0.13 sends it, for tests.

LabeledRect objects have a left/top origin; Line objects are centred, with
x1..y2 relative to the centre (see shared notes, "json_data shape").
"""

from __future__ import annotations

from typing import Any


def box(label: str, left: float, top: float, width: float = 140, height: float = 80) -> dict[str, Any]:
    return {
        "type": "LabeledRect", "version": "7.4.0", "label": label, "originX": "left", "originY": "top",
        "left": left, "top": top, "width": width, "height": height, "scaleX": 1, "scaleY": 1, "angle": 0,
        "fill": "rgba(31, 119, 180, 0.08)", "stroke": "#1d2733", "strokeWidth": 2, "fontSize": 16,
    }


def arrow(x1: float, y1: float, x2: float, y2: float) -> dict[str, Any]:
    """A line dragged from (x1, y1) to (x2, y2): the flow points that way."""
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    return {
        "type": "Line", "version": "7.4.0", "originX": "center", "originY": "center", "left": cx, "top": cy,
        "width": abs(x2 - x1), "height": abs(y2 - y1), "x1": x1 - cx, "y1": y1 - cy, "x2": x2 - cx, "y2": y2 - cy,
        "scaleX": 1, "scaleY": 1, "angle": 0, "stroke": "#1d2733", "strokeWidth": 2,
    }


def canvas(*objects: dict[str, Any]) -> dict[str, Any]:
    return {"version": "7.4.0", "objects": list(objects)}
