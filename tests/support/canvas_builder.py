"""Build canvas JSON the way the real canvas writes it (Fabric 7.4 LabeledRect and Line objects).

Tests describe a design as boxes and arrows between box labels; this writes
the objects with the browser's own conventions (left/top origins for boxes,
centre origin and centre-relative end points for lines), so the real restore
and recognition code reads them.
"""

from __future__ import annotations

from typing import Any

BOX_W, BOX_H = 140.0, 60.0


def box(label: str, left: float, top: float, width: float = BOX_W, height: float = BOX_H) -> dict[str, Any]:
    return {
        "type": "LabeledRect", "version": "7.4.0", "label": label, "fontSize": 18,
        "originX": "left", "originY": "top", "left": left, "top": top, "width": width, "height": height,
        "scaleX": 1, "scaleY": 1, "angle": 0, "fill": "rgba(31, 119, 180, 0.08)", "stroke": "#1d2733",
        "strokeWidth": 2, "strokeUniform": True, "rx": 0, "ry": 0,
    }


def line(x1: float, y1: float, x2: float, y2: float) -> dict[str, Any]:
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    return {
        "type": "Line", "version": "7.4.0", "originX": "center", "originY": "center", "left": cx, "top": cy,
        "width": abs(x2 - x1), "height": abs(y2 - y1), "x1": x1 - cx, "y1": y1 - cy, "x2": x2 - cx, "y2": y2 - cy,
        "scaleX": 1, "scaleY": 1, "angle": 0, "stroke": "#1d2733", "strokeWidth": 2, "fill": "#1d2733",
    }


def text(value: str, x: float, y: float) -> dict[str, Any]:
    """An IText centred at (x, y); Enter in the text tool makes a second line (``\n``)."""
    lines = value.split("\n")
    return {
        "type": "IText", "version": "7.4.0", "text": value, "originX": "center", "originY": "center",
        "left": x, "top": y, "width": 8.0 * max(len(ln) for ln in lines), "height": 20.0 * len(lines),
        "fontSize": 16, "scaleX": 1, "scaleY": 1, "angle": 0, "fill": "#1d2733",
    }


def rect(left: float, top: float, width: float, height: float) -> dict[str, Any]:
    """A Rect from the rectangle tool: no label of its own (text drawn inside it names it)."""
    return {
        "type": "Rect", "version": "7.4.0", "originX": "left", "originY": "top", "left": left, "top": top,
        "width": width, "height": height, "scaleX": 1, "scaleY": 1, "angle": 0, "fill": "rgba(255, 165, 0, 0.3)",
        "stroke": "#1d2733", "strokeWidth": 2, "rx": 0, "ry": 0,
    }


def circle(cx: float, cy: float, radius: float) -> dict[str, Any]:
    """A Circle from the circle tool (Fabric keeps its radius; origin at the centre)."""
    return {
        "type": "Circle", "version": "7.4.0", "originX": "center", "originY": "center", "left": cx, "top": cy,
        "radius": radius, "width": 2 * radius, "height": 2 * radius, "scaleX": 1, "scaleY": 1, "angle": 0,
        "fill": "rgba(255, 165, 0, 0.3)", "stroke": "#1d2733", "strokeWidth": 2, "startAngle": 0, "endAngle": 360,
    }


def canvas(boxes: dict[str, tuple[float, float]], arrows: list[tuple[str, str] | tuple[str, str, str]]) -> dict[str, Any]:
    """``boxes``: label → (left, top); ``arrows``: (from label, to label[, flow label]) drawn centre to centre."""
    objects: list[dict[str, Any]] = [box(label, x, y) for label, (x, y) in boxes.items()]
    for arrow in arrows:
        a, b = boxes[arrow[0]], boxes[arrow[1]]
        ax, ay = a[0] + BOX_W / 2, a[1] + BOX_H / 2
        bx, by = b[0] + BOX_W / 2, b[1] + BOX_H / 2
        objects.append(line(ax, ay, bx, by))
        if len(arrow) == 3:
            objects.append(text(arrow[2], (ax + bx) / 2, (ay + by) / 2 - 14))
    return {"version": "7.4.0", "objects": objects}


def drawing(*objects: dict[str, Any]) -> dict[str, Any]:
    """Canvas JSON holding exactly these objects, in this order."""
    return {"version": "7.4.0", "objects": list(objects)}


def triangle(x: float, y: float, angle: float = 0.0, size: float = 12.0) -> dict[str, Any]:
    """A ``Triangle`` centred on (x, y): an arrowhead."""
    return {
        "type": "Triangle", "version": "7.4.0", "originX": "center", "originY": "center", "left": x, "top": y,
        "width": size, "height": size, "angle": angle, "scaleX": 1, "scaleY": 1, "fill": "#1d2733",
    }
