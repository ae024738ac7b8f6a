"""Fit an opened design (an import, an example) onto the canvas without making it unreadable.

Scaling a drawing down uniformly makes small boxes tiny and their labels
unreadable (the annotated picture cut "Client" to "Clie"). Instead each axis
gets its own monotone *warp*: a piecewise-linear map through the edges of
every box and text. Each stretch between two edges starts at the scale that
would fit the canvas, then grows wherever that would break a minimum:

- a box keeps at least the size that holds its label at the canvas font size
  (:func:`design.canvas.layout.box_size`: 110×56 px for a short label, up to
  220 px wide for a long one), or its own size when it was drawn smaller;
- a text keeps its size (fonts do not scale);
- two boxes side by side keep 24 px between them, one above another 32 px
  (the canvas draws a box's label as a 24 px chip just above it), and a
  group keeps room around its members (its title's too).

A monotone map keeps every order along each axis, so nothing that was apart
overlaps, a member stays in its group, and an arrow stays attached to the
boxes it joined. When even the minimum is larger than the canvas, the
drawing keeps that minimum and :func:`beyond_edge` names the components
that sit beyond the edge, so the shell can say so instead of shrinking text
to nothing.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from design.canvas.emit import FABRIC_VERSION
from design.canvas.layout import readable_size
from design.canvas.recognize import build_sketch
from design.canvas.restore import CanvasFormatError, Restored, restore
from design.canvas.work import LayoutTooDense
from design.model.geometry import Box, Point
from design.model.labels import cells

__all__ = ["GAP_ACROSS", "GAP_DOWN", "Fitted", "beyond_edge", "drawing_bottom", "drawing_right", "fit_canvas",
           "fit_design"]

#: The least room between two boxes side by side, and between one box and the next below it (room for the
#: label chip the canvas draws above a box: 24 px high, 4 px above it).
GAP_ACROSS, GAP_DOWN = 24.0, 30.0
#: Room kept inside a group around its members, and above them for its title.
_PAD, _TITLE_PAD = 8.0, 20.0
#: Room kept between a text and a box beside it: the least first, more when that changed what is read.
_TEXT_GAPS = (6.0, 16.0, 32.0)
#: The drawing starts this far from the canvas's left and top (the top one has room for a label chip).
MARGIN_LEFT, MARGIN_TOP, MARGIN_END = 12.0, 30.0, 8.0
#: The label chip the canvas draws on a labelled box (streamlit-drawable-canvas 0.13): the label on one line at
#: 16 px (about 8.6 px a character in the browser's sans-serif), 6 px either side, 24 px high, its bottom 4 px above
#: the box. Kept clear of its neighbours like a text, so no chip covers another's words on the live canvas.
_CHIP_CHAR, _CHIP_PAD, _CHIP_HEIGHT, _CHIP_ABOVE = 8.6, 12.0, 24.0, 28.0
#: The scales tried, largest first: the first that fits (after the minimums took their room back) is used.
_SCALES = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.42, 0.35, 0.28, 0.22, 0.16, 0.1, 0.05)
#: Past this many boxes and texts, pairwise room is too much work for an interactive open: the drawing is moved,
#: not warped.
_MAX_ITEMS = 600


@dataclass(frozen=True, slots=True)
class Fitted:
    """A drawing fitted to a canvas, and the components (labels) that still sit beyond its edge."""

    canvas: dict[str, Any]
    beyond: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Item:
    lo: tuple[float, float]  # (x, y) of the top-left corner
    hi: tuple[float, float]
    need: tuple[float, float]  # the least width and height
    box: bool  # a box (else a text)
    titled: bool = False


class _Warp:
    """One axis's map: old coordinates at the breakpoints, their new places, linear in between."""

    def __init__(self, breaks: Sequence[float], places: Sequence[float], slope: float):
        self.breaks, self.places, self.slope = list(breaks), list(places), slope

    def __call__(self, v: float) -> float:
        b, p = self.breaks, self.places
        if not b:
            return v
        if v <= b[0]:
            return p[0] - (b[0] - v) * self.slope
        if v >= b[-1]:
            return p[-1] + (v - b[-1]) * self.slope
        i = bisect.bisect_right(b, v) - 1
        span = b[i + 1] - b[i]
        return p[i] + (p[i + 1] - p[i]) * ((v - b[i]) / span if span else 0.0)


def _needs(items: Sequence[_Item], axis: int, gap: float, text_gap: float) -> list[tuple[float, float, float]]:
    """Along ``axis``: each stretch that must keep some room, as (from, to, least room), shortest first."""
    out = [(it.lo[axis], it.hi[axis], it.need[axis]) for it in items]  # every box and text keeps its least size
    other = 1 - axis
    for a in items:
        for b in items:
            if a is b:
                continue
            inside = all(b.lo[k] >= a.lo[k] and b.hi[k] <= a.hi[k] for k in (0, 1))
            if inside and a.box:  # room inside a group (or a box) around what it holds
                if b.lo[axis] > a.lo[axis]:
                    out.append((a.lo[axis], b.lo[axis], _TITLE_PAD if (axis == 1 and a.titled) else _PAD))
                if a.hi[axis] > b.hi[axis]:
                    out.append((b.hi[axis], a.hi[axis], _PAD))
            elif a.hi[axis] < b.lo[axis] and a.lo[other] < b.hi[other] and b.lo[other] < a.hi[other]:
                # side by side along this axis, level across it: they would collide if the room closed
                out.append((a.hi[axis], b.lo[axis], gap if a.box and b.box else text_gap))
    return sorted(set(out), key=lambda n: (n[1] - n[0], n))


def _warp(items: Sequence[_Item], needs: Sequence[tuple[float, float, float]], axis: int, scale: float) -> _Warp:
    """The map along ``axis`` at ``scale``, grown wherever a stretch in ``needs`` would get less than its room
    (never more than it had: a box drawn smaller than the minimum stays its size)."""
    breaks = sorted({v for it in items for v in (it.lo[axis], it.hi[axis])})
    index = {v: i for i, v in enumerate(breaks)}
    lengths = [(breaks[i + 1] - breaks[i]) * scale for i in range(len(breaks) - 1)]
    for lo, hi, least in needs:  # growing a stretch never undoes an earlier one's room
        i0, i1 = index[lo], index[hi]
        now = sum(lengths[i0:i1])
        bound = min(hi - lo, max((hi - lo) * scale, least))
        if 0 < now < bound:
            grow = bound / now
            for i in range(i0, i1):
                lengths[i] *= grow
    places = [0.0]
    for length in lengths:
        places.append(places[-1] + length)
    return _Warp(breaks, places, scale)


def _items(restored: Restored) -> list[_Item]:
    out = []
    for b in restored.boxes:
        label = b.label
        if not label:  # a plain rectangle named by the text inside it (and not inside a smaller box in it)
            inner = [t.text for t in restored.texts if b.box.contains(t.box.center) and not any(
                o.box.area < b.box.area and o.box.contains(t.box.center) for o in restored.boxes)]
            label = " ".join(inner)
        need = readable_size(label)
        out.append(_Item((b.box.left, b.box.top), (b.box.right, b.box.bottom), need, True, bool(b.label)))
        if b.label:  # the canvas draws a labelled box's label as a one-line chip on its top-left corner, above it
            chip = (cells(" ".join(b.label.split())) * _CHIP_CHAR + _CHIP_PAD, _CHIP_HEIGHT)
            top = b.box.top - _CHIP_ABOVE
            out.append(_Item((b.box.left, top), (b.box.left + chip[0], top + chip[1]), chip, False))
    for t in restored.texts:
        out.append(_Item((t.box.left, t.box.top), (t.box.right, t.box.bottom), (t.box.width, t.box.height), False))
    return out


def _extent(restored: Restored) -> Box | None:
    pts = [p for b in restored.boxes for p in (Point(b.box.left, b.box.top), Point(b.box.right, b.box.bottom))]
    pts += [p for t in restored.texts for p in (Point(t.box.left, t.box.top), Point(t.box.right, t.box.bottom))]
    pts += [p for ln in restored.lines for p in (ln.start, ln.end)]
    return Box.around(pts) if pts else None


def _num(o: Mapping[str, Any], key: str, default: float) -> float:
    v = o.get(key, default)
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else default


_ORIGIN = {"left": 0.0, "top": 0.0, "center": 0.5, "right": 1.0, "bottom": 1.0}


def _frac(o: Mapping[str, Any], key: str) -> float:
    v = o.get(key, "center")
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    return _ORIGIN.get(v, 0.5) if isinstance(v, str) else 0.5


def _r(v: float) -> float:
    out = round(v, 4)
    return 0.0 if out == 0 else out


def _moved(o: Mapping[str, Any], dx: float, dy: float) -> dict[str, Any]:
    s = dict(o)
    s["left"], s["top"] = _r(_num(o, "left", 0.0) + dx), _r(_num(o, "top", 0.0) + dy)
    return s


def _apply(objects: list[Any], restored: Restored, fx: Callable[[float], float], fy: Callable[[float], float]) -> list[Any]:
    out = list(objects)
    done: set[int] = set()
    for b in restored.boxes:
        o = objects[b.index]
        old = b.box
        left, top, right, bottom = fx(old.left), fy(old.top), fx(old.right), fy(old.bottom)
        if _num(o, "angle", 0.0):  # a turned shape is moved with its centre, not reshaped
            c = old.center
            out[b.index] = _moved(o, fx(c.x) - c.x, fy(c.y) - c.y)
        else:
            kx, ky = (right - left) / old.width, (bottom - top) / old.height
            s = dict(o)
            if b.shape == "rect":
                s["width"], s["height"] = _r(_num(o, "width", old.width) * kx), _r(_num(o, "height", old.height) * ky)
            else:
                s["scaleX"], s["scaleY"] = _r(_num(o, "scaleX", 1.0) * kx), _r(_num(o, "scaleY", 1.0) * ky)
            s["left"] = _r(left + _frac(o, "originX") * (right - left))
            s["top"] = _r(top + _frac(o, "originY") * (bottom - top))
            out[b.index] = s
        done.add(b.index)
    for t in restored.texts:
        box = t.box
        cx, cy = (fx(box.left) + fx(box.right)) / 2, (fy(box.top) + fy(box.bottom)) / 2
        out[t.index] = _moved(objects[t.index], cx - box.center.x, cy - box.center.y)
        done.add(t.index)
    for h in restored.heads:
        out[h.index] = _moved(objects[h.index], fx(h.center.x) - h.center.x, fy(h.center.y) - h.center.y)
        done.add(h.index)
    for ln in restored.lines:
        o = objects[ln.index]
        a, b = Point(fx(ln.start.x), fy(ln.start.y)), Point(fx(ln.end.x), fy(ln.end.y))
        if ln.shape == "line":
            cx, cy = (a.x + b.x) / 2, (a.y + b.y) / 2
            s = dict(o)
            s.update(originX="center", originY="center", left=_r(cx), top=_r(cy), x1=_r(a.x - cx), y1=_r(a.y - cy),
                     x2=_r(b.x - cx), y2=_r(b.y - cy), width=_r(abs(b.x - a.x)), height=_r(abs(b.y - a.y)),
                     angle=0, scaleX=1, scaleY=1, flipX=False, flipY=False)
            out[ln.index] = s
        else:  # a freehand stroke: moved (and stretched) so its two ends land where the map puts them
            s = _moved(o, 0.0, 0.0)
            mid_old = Point((ln.start.x + ln.end.x) / 2, (ln.start.y + ln.end.y) / 2)
            if not _num(o, "angle", 0.0):
                for key, old_span, new_span in (("scaleX", ln.end.x - ln.start.x, b.x - a.x),
                                                ("scaleY", ln.end.y - ln.start.y, b.y - a.y)):
                    if abs(old_span) > 1 and new_span / old_span > 0:
                        s[key] = _r(_num(o, key, 1.0) * new_span / old_span)
            out[ln.index] = _moved(s, (a.x + b.x) / 2 - mid_old.x, (a.y + b.y) / 2 - mid_old.y)
        done.add(ln.index)
    for i, o in enumerate(objects):  # anything else (decorations): carried along with its anchor point
        if i not in done and isinstance(o, Mapping) and isinstance(o.get("left"), int | float):
            left, top = _num(o, "left", 0.0), _num(o, "top", 0.0)
            out[i] = _moved(o, fx(left) - left, fy(top) - top)
    return out


def _reading(canvas: Mapping[str, Any]) -> tuple[object, ...]:
    s = build_sketch(restore(canvas))
    return (
        tuple((c.id, c.label, c.note, tuple(m.label for m in c.members)) for c in s.components),
        tuple((f.id, f.label, f.two_way) for f in s.flows),
        tuple((d.source, d.target) for d in s.dangling),
        tuple(t.text for t in s.texts),
        tuple((g.id, g.title, g.members) for g in s.groups),
    )


def _fits(extent: Box, width: float, height: float) -> bool:
    return extent.left >= 0 and extent.top >= 0 and extent.right <= width and extent.bottom <= height


def fit_design(canvas: Mapping[str, Any], width: float, height: float) -> Fitted:
    """``canvas`` laid out to fit a ``width`` × ``height`` canvas with every box readable (see the module).

    A drawing that already fits comes back as it is. One that cannot fit at
    the minimum keeps the minimum; :attr:`Fitted.beyond` names what sits past
    the edge. The warped drawing is used only when recognition reads it as
    the same design (components, flows, labels, notes, groups); otherwise
    it is only moved into view.
    """
    objects = list(canvas.get("objects", [])) if isinstance(canvas.get("objects"), list) else []
    original = {"version": canvas.get("version", ""), "objects": list(objects)}
    try:
        restored = restore(original)
    except CanvasFormatError:
        return Fitted(original)
    extent = _extent(restored)
    if extent is None or _fits(extent, width, height):
        return Fitted(original, beyond_edge(original, width, height))
    avail_w, avail_h = width - MARGIN_LEFT - MARGIN_END, height - MARGIN_TOP - MARGIN_END
    items = _items(restored)
    if len(items) > _MAX_ITEMS:
        return _placed(objects, restored, _Shift(0.0), _Shift(0.0), extent, width, height)

    def fitted(axis: int, avail: float, gap: float, text_gap: float) -> _Warp:
        """The warp at the largest scale that fits ``avail``; when none does, the one that comes closest."""
        needs = _needs(items, axis, gap, text_gap)
        lo, hi = (extent.left, extent.right) if axis == 0 else (extent.top, extent.bottom)
        best: tuple[float, _Warp] | None = None
        for scale in _SCALES:
            if scale * (hi - lo) > avail * 1.5 and scale != _SCALES[-1]:
                continue  # far too large even before the minimums
            warp = _warp(items, needs, axis, scale)
            total = warp(hi) - warp(lo)
            if total <= avail + 0.5:
                return warp
            if best is None or total < best[0]:
                best = (total, warp)
        assert best is not None
        return best[1]

    reading = _reading(original)
    for text_gap in _TEXT_GAPS:
        # Recognition gives a text to a box or a line by distances in fixed pixels: when the warp changed what it
        # reads, texts keep more room around them; failing that, the drawing is only moved into view.
        fx = fitted(0, avail_w, GAP_ACROSS, text_gap)
        fy = fitted(1, avail_h, GAP_DOWN, text_gap)
        out = _placed(objects, restored, fx, fy, extent, width, height)
        if _reading(out.canvas) == reading:
            return out
    out = _placed(objects, restored, _Shift(0.0), _Shift(0.0), extent, width, height)
    return out if _reading(out.canvas) == reading else Fitted(original, beyond_edge(original, width, height))


def _placed(objects: list[Any], restored: Restored, fx: Callable[[float], float], fy: Callable[[float], float],
            extent: Box, width: float,
            height: float) -> Fitted:
    """The warped drawing moved so it starts at the canvas's margins."""
    dx, dy = MARGIN_LEFT - fx(extent.left), MARGIN_TOP - fy(extent.top)
    canvas = {"version": FABRIC_VERSION, "objects": _apply(objects, restored, _Then(fx, dx), _Then(fy, dy))}
    return Fitted(canvas, beyond_edge(canvas, width, height))


class _Shift:
    """No warp: a coordinate moved by ``by``."""

    def __init__(self, by: float):
        self.by = by

    def __call__(self, v: float) -> float:
        return v + self.by


class _Then:
    """A map, then a shift."""

    def __init__(self, first: Callable[[float], float], by: float):
        self.first, self.by = first, by

    def __call__(self, v: float) -> float:
        return self.first(v) + self.by


def beyond_edge(canvas: Mapping[str, Any], width: float, height: float) -> tuple[str, ...]:
    """The labels of the components (each box of a pool) that reach past the canvas's right or bottom edge,
    or start before its left or top."""
    try:
        sketch = build_sketch(restore(canvas))
    except (CanvasFormatError, LayoutTooDense):
        return ()
    out = []
    for c in sketch.components:
        for m in c.members or (c,):
            b = m.box
            if b.left < 0 or b.top < 0 or b.right > width + 0.5 or b.bottom > height + 0.5:
                out.append(m.label or c.label)
    return tuple(out)


def drawing_bottom(canvas: Mapping[str, Any]) -> int:
    """How tall a canvas must be to show all of ``canvas``'s drawing: its lowest point and a margin (0 when empty
    or unreadable)."""
    return _reach(canvas)[1]


def drawing_right(canvas: Mapping[str, Any]) -> int:
    """How wide a canvas must be to show all of ``canvas``'s drawing: its rightmost point and a margin (0 when
    empty or unreadable)."""
    return _reach(canvas)[0]


def _reach(canvas: Mapping[str, Any]) -> tuple[int, int]:
    try:
        extent = _extent(restore(canvas))
    except CanvasFormatError:
        return 0, 0
    if extent is None:
        return 0, 0
    return max(0, int(extent.right + MARGIN_END + 0.999)), max(0, int(extent.bottom + MARGIN_END + 0.999))


def fit_canvas(canvas: Mapping[str, Any], width: float, height: float) -> dict[str, Any]:
    """:func:`fit_design`'s drawing alone."""
    return fit_design(canvas, width, height).canvas
