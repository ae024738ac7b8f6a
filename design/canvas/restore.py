"""Restore the canvas component's Fabric 7.4 JSON into plain shapes, leniently.

This is the boundary with the browser. A user's drawing must never crash the
app, so restore is the Excalidraw kind: every object is read on its own, a bad
one is skipped with a :class:`~design.model.sketch.Note` carrying its path
(``objects[7].left: not a finite number``), and geometry is normalised here
once (origins per type, line points relative to the centre, scale, rotation)
so that nothing downstream looks at Fabric's conventions again.

Only a top level that is not a mapping with an ``objects`` list is fatal; that
raises :class:`CanvasFormatError`, which the shells turn into a readable error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from design.model.echo import echo
from design.model.geometry import Box, Point, rotate
from design.model.labels import MAX_LABEL, clean_label, clean_lines
from design.model.numbers import MAX_COORDINATE, NumberError, finite_number, is_finite_number
from design.model.records import quick_init
from design.model.sketch import Note

__all__ = [
    "MAX_OBJECTS",
    "BoxShape",
    "CanvasFormatError",
    "HeadShape",
    "LineShape",
    "Restored",
    "TextShape",
    "restore",
]

#: The most objects one canvas may hold; more are ignored with a note.
MAX_OBJECTS = 20_000

_ORIGIN = {"left": 0.0, "top": 0.0, "center": 0.5, "right": 1.0, "bottom": 1.0}
_BOX_TYPES = {"rect": "rect", "labeledrect": "rect", "circle": "circle", "ellipse": "ellipse"}
_LINE_TYPES = {"line", "path"}
_TEXT_TYPES = {"itext", "text", "textbox"}
# A triangle is read as an arrowhead: recognition gives it to the arrow end it sits on.
_HEAD_TYPES = {"triangle"}
# Shapes Fabric draws that carry no meaning for a design: decorations.
_IGNORED_TYPES = {"polygon", "polyline", "group", "image"}
# Each type name as Fabric writes it, already folded (lower case, no "_" or "-"): one look-up per object instead
# of three string methods. Any other spelling is folded as it comes.
_KIND_OF = {name: name for name in (*_BOX_TYPES, *_LINE_TYPES, *_TEXT_TYPES, *_HEAD_TYPES, *_IGNORED_TYPES)} | {
    name: name.lower() for name in ("Rect", "LabeledRect", "Circle", "Ellipse", "Line", "Path", "IText", "Text",
                                    "Textbox", "Triangle", "Polygon", "Polyline", "Group", "Image")}
#: Where an imported object came from in its own file ("line 12", an Excalidraw element), so notes
#: about it speak the file's language; Fabric drops it once the user edits the drawing.
ORIGIN_KEY = "sfOrigin"
# A "point" tool dot is a Circle of a few pixels; it is not a component.
_MIN_BOX_SIDE = 12.0


class CanvasFormatError(ValueError):
    """The input is not canvas JSON at all (not a mapping, or no objects list)."""


@quick_init
@dataclass(frozen=True, slots=True)
class BoxShape:
    """A rect, labelled rect, circle or ellipse, as an axis-aligned box."""

    index: int
    shape: str
    box: Box
    label: str


@quick_init
@dataclass(frozen=True, slots=True)
class LineShape:
    """A straight line or freehand stroke, from the mouse-down end to the mouse-up end."""

    index: int
    shape: str
    start: Point
    end: Point


@quick_init
@dataclass(frozen=True, slots=True)
class TextShape:
    """A piece of text with its centre and extent."""

    index: int
    text: str
    box: Box


@quick_init
@dataclass(frozen=True, slots=True)
class HeadShape:
    """A triangle: an arrowhead drawn (or imported) at the end of a line."""

    index: int
    center: Point
    size: float


@dataclass(frozen=True, slots=True)
class Restored:
    """The shapes of a canvas, in input order, plus what was skipped or repaired.

    ``origins`` maps an object index to where an importer took it from, when
    the object says so (:data:`ORIGIN_KEY`).
    """

    boxes: tuple[BoxShape, ...]
    lines: tuple[LineShape, ...]
    texts: tuple[TextShape, ...]
    notes: tuple[Note, ...]
    heads: tuple[HeadShape, ...] = ()
    origins: Mapping[int, str] = field(default_factory=dict)

    def where(self, index: int) -> str:
        """How a note names object ``index``: its origin in the imported file, else ``objects[index]``."""
        return self.origins.get(index) or f"objects[{index}]"


class _Skip(Exception):
    """One object cannot be read; the message becomes a note."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _num(obj: Mapping[str, Any], key: str, default: float | None = None) -> float:
    value = obj.get(key, default)
    kind = type(value)
    # The usual case, in line: a canvas of 250 boxes asks ~8,500 times, and ``finite_number`` gives the same
    # float for a plain int or float in range (NaN and ±inf fail the range test and take the path below).
    if (kind is float or kind is int) and -MAX_COORDINATE <= value <= MAX_COORDINATE:
        return float(value)
    if value is None:
        if default is None:
            raise _Skip(key, "missing")
        value = default
    try:
        return finite_number(value, -MAX_COORDINATE, MAX_COORDINATE)
    except NumberError as exc:
        raise _Skip(key, str(exc)) from None


def _origin(obj: Mapping[str, Any], key: str) -> float:
    value = obj.get(key, "center")  # Fabric 7 defaults to centre, not left/top.
    if type(value) is str and value in _ORIGIN:  # the usual case first
        return _ORIGIN[value]
    if is_finite_number(value):
        return float(value)  # type: ignore[arg-type]
    if isinstance(value, str) and value in _ORIGIN:
        return _ORIGIN[value]
    raise _Skip(key, f"unknown origin {echo(value, 24)}")


def _text(obj: Mapping[str, Any], key: str, notes: list[Note], path: str) -> str:
    value = obj.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Skip(key, f"not text ({type(value).__name__})")
    text = clean_lines(value)
    if len(text) > MAX_LABEL:
        notes.append(Note(_at(path, key), f"label cut to {MAX_LABEL} characters (it had {len(text)})"))
        text = text[: MAX_LABEL - 1].rstrip() + "…"  # MAX_LABEL in all: cut once, noted once
    return text


def _frame(obj: Mapping[str, Any], width: float, height: float) -> tuple[float, float, float, float, float]:
    """Return (origin x, origin y, origin fraction x, origin fraction y, angle)."""
    return _num(obj, "left"), _num(obj, "top"), _origin(obj, "originX"), _origin(obj, "originY"), _num(
        obj, "angle", 0.0
    )


_PLAIN = (int, float)
_M = MAX_COORDINATE


def _placed(obj: Mapping[str, Any]) -> tuple[float, float, float, float, float, float, float] | None:
    """``(left, top, origin fraction x, origin fraction y, angle, scale x, scale y)`` in one read, when all are
    what Fabric writes: plain numbers in range and named origins. Every object asks, so this saves seven calls
    of :func:`_num` and :func:`_origin` (the same floats); ``None`` sends the object through them, field by
    field, for the same notes."""
    get = obj.get
    left, top, angle, sx, sy = get("left"), get("top"), get("angle", 0.0), get("scaleX", 1.0), get("scaleY", 1.0)
    ox, oy = get("originX", "center"), get("originY", "center")
    m = MAX_COORDINATE
    if (type(left) in _PLAIN and type(top) in _PLAIN and type(angle) in _PLAIN and type(sx) in _PLAIN
            and type(sy) in _PLAIN and -m <= left <= m and -m <= top <= m and -m <= angle <= m and -m <= sx <= m
            and -m <= sy <= m and type(ox) is str and type(oy) is str and ox in _ORIGIN and oy in _ORIGIN):
        return float(left), float(top), _ORIGIN[ox], _ORIGIN[oy], float(angle), float(sx), float(sy)
    return None


def _scaled_size(obj: Mapping[str, Any], width: float, height: float) -> tuple[float, float]:
    sx, sy = _num(obj, "scaleX", 1.0), _num(obj, "scaleY", 1.0)
    return abs(width * sx), abs(height * sy)


def _bbox(obj: Mapping[str, Any], width: float, height: float) -> Box:
    """The axis-aligned box of a width×height object placed by its origin and rotated about it."""
    placed = _placed(obj)
    if placed is None:
        w, h = _scaled_size(obj, width, height)
        left, top, ox, oy, angle = _frame(obj, w, h)
    else:
        left, top, ox, oy, angle, sx, sy = placed
        w, h = abs(width * sx), abs(height * sy)
    if not angle:  # the usual case, and bit-for-bit what the rotated corners below give at 0°
        x0, y0 = left + -ox * w, top + -oy * h
        return Box(x0, y0, (left + (1 - ox) * w) - x0, (top + (1 - oy) * h) - y0)
    corners = [(-ox * w, -oy * h), ((1 - ox) * w, -oy * h), ((1 - ox) * w, (1 - oy) * h), (-ox * w, (1 - oy) * h)]
    pts = [Point(left + rx, top + ry) for rx, ry in (rotate(x, y, angle) for x, y in corners)]
    return Box.around(pts)


def _centre(obj: Mapping[str, Any], w: float, h: float,
            placed: tuple[float, float, float, float, float, float, float] | None = None) -> tuple[float, float, float]:
    """The object's centre ``(x, y)`` and its angle (``placed``: what :func:`_placed` read already)."""
    left, top, ox, oy, angle = _frame(obj, w, h) if placed is None else placed[:5]
    dx, dy = rotate((0.5 - ox) * w, (0.5 - oy) * h, angle)
    return left + dx, top + dy, angle


def _restore_box(obj: Mapping[str, Any], index: int, kind: str, notes: list[Note], path: str) -> BoxShape | None:
    if kind == "circle":
        radius = _num(obj, "radius", obj.get("width", 0) / 2 if isinstance(obj.get("width"), int | float) else None)
        width = height = 2 * radius
    elif kind == "ellipse":
        width, height = 2 * _num(obj, "rx"), 2 * _num(obj, "ry")
    else:
        width, height = obj.get("width"), obj.get("height")
        if not (type(width) in _PLAIN and type(height) in _PLAIN and -_M <= width <= _M and -_M <= height <= _M):
            width, height = _num(obj, "width"), _num(obj, "height")  # anything unusual: field by field, for the note
        width, height = float(width), float(height)
    box = _bbox(obj, width, height)
    if box.width < _MIN_BOX_SIDE or box.height < _MIN_BOX_SIDE:
        notes.append(Note(path, f"{kind} is {box.width:.0f}×{box.height:.0f} px, too small to be a component"))
        return None
    return BoxShape(index, kind, box, _text(obj, "label", notes, path))


def _restore_line(obj: Mapping[str, Any], index: int, kind: str) -> LineShape:
    if kind == "line":
        placed = _placed(obj)
        if placed is not None:
            fast = _plain_line(obj, index, placed)
            if fast is not None:
                return fast
        x1, y1, x2, y2 = _num(obj, "x1"), _num(obj, "y1"), _num(obj, "x2"), _num(obj, "y2")
        w, h = _num(obj, "width", abs(x2 - x1)), _num(obj, "height", abs(y2 - y1))
        sx, sy = (_num(obj, "scaleX", 1.0), _num(obj, "scaleY", 1.0)) if placed is None else placed[5:]
        if obj.get("flipX") is True:
            x1, x2 = -x1, -x2
        if obj.get("flipY") is True:
            y1, y2 = -y1, -y2
        cx, cy, angle = _centre(obj, abs(w * sx), abs(h * sy), placed)
        a = rotate(x1 * sx, y1 * sy, angle)
        b = rotate(x2 * sx, y2 * sy, angle)
        return LineShape(index, "line", Point(cx + a[0], cy + a[1]), Point(cx + b[0], cy + b[1]))
    # A freehand Path: its commands are in the path's own space, centred on the
    # path's bounding box; left/top place that centre (it moves when edited).
    commands = obj.get("path")
    if not isinstance(commands, list) or not commands:
        raise _Skip("path", "missing or empty")
    pts: list[Point] = []
    for i, cmd in enumerate(commands):
        if not isinstance(cmd, list) or len(cmd) < 3 or len(cmd) % 2 == 0:
            if isinstance(cmd, list) and cmd and str(cmd[0]).upper() == "Z":
                continue
            raise _Skip(f"path[{i}]", "not a path command")
        coords = []
        for j, v in enumerate(cmd[1:]):
            try:
                coords.append(finite_number(v, -MAX_COORDINATE, MAX_COORDINATE))
            except NumberError as exc:
                raise _Skip(f"path[{i}][{j + 1}]", str(exc)) from None
        pts.extend(Point(coords[k], coords[k + 1]) for k in range(0, len(coords), 2))
    raw = Box.around(pts)
    sx, sy = _num(obj, "scaleX", 1.0), _num(obj, "scaleY", 1.0)
    cx, cy, angle = _centre(obj, raw.width * abs(sx), raw.height * abs(sy))
    first = [c for c in commands if isinstance(c, list) and len(c) >= 3][0]
    last = [c for c in commands if isinstance(c, list) and len(c) >= 3][-1]

    def place(x: float, y: float) -> Point:
        dx, dy = rotate((x - raw.center.x) * sx, (y - raw.center.y) * sy, angle)
        return Point(cx + dx, cy + dy)

    return LineShape(index, "path", place(float(first[1]), float(first[2])), place(float(last[-2]), float(last[-1])))


def _plain_line(obj: Mapping[str, Any], index: int,
                placed: tuple[float, float, float, float, float, float, float]) -> LineShape | None:
    """A Fabric line whose ends and size are plain numbers in range, read in one go: the arithmetic of
    :func:`_restore_line` (the same floats) without its eight calls of :func:`_num`, :func:`_centre` and
    :func:`~design.model.geometry.rotate`. ``None`` sends anything else through the field-by-field path."""
    get = obj.get
    x1, y1, x2, y2, w, h = get("x1"), get("y1"), get("x2"), get("y2"), get("width"), get("height")
    m = _M
    if not (type(x1) in _PLAIN and type(y1) in _PLAIN and type(x2) in _PLAIN and type(y2) in _PLAIN
            and type(w) in _PLAIN and type(h) in _PLAIN and -m <= x1 <= m and -m <= y1 <= m and -m <= x2 <= m
            and -m <= y2 <= m and -m <= w <= m and -m <= h <= m):
        return None
    x1, y1, x2, y2, w, h = float(x1), float(y1), float(x2), float(y2), float(w), float(h)
    left, top, ox, oy, angle, sx, sy = placed
    if get("flipX") is True:
        x1, x2 = -x1, -x2
    if get("flipY") is True:
        y1, y2 = -y1, -y2
    if angle:
        cx, cy, _ = _centre(obj, abs(w * sx), abs(h * sy), placed)
        a = rotate(x1 * sx, y1 * sy, angle)
        b = rotate(x2 * sx, y2 * sy, angle)
        return LineShape(index, "line", Point(cx + a[0], cy + a[1]), Point(cx + b[0], cy + b[1]))
    # No rotation (rotate returns its input at 0°): the centre is the origin moved by half the size.
    cx, cy = left + (0.5 - ox) * abs(w * sx), top + (0.5 - oy) * abs(h * sy)
    return LineShape(index, "line", Point(cx + x1 * sx, cy + y1 * sy), Point(cx + x2 * sx, cy + y2 * sy))


def _restore_head(obj: Mapping[str, Any], index: int) -> HeadShape:
    w, h = _num(obj, "width", 10.0), _num(obj, "height", 10.0)
    box = _bbox(obj, w, h)
    return HeadShape(index, box.center, max(box.width, box.height))


def _origin_of(obj: Mapping[str, Any]) -> str:
    value = obj.get(ORIGIN_KEY)
    return clean_label(value)[:80] if isinstance(value, str) else ""


def _restore_text(obj: Mapping[str, Any], index: int, notes: list[Note], path: str) -> TextShape | None:
    text = _text(obj, "text", notes, path)
    if not text:
        return None
    get = obj.get
    font, width, height = get("fontSize", 20.0), get("width"), get("height")
    if (type(font) in _PLAIN and type(width) in _PLAIN and type(height) in _PLAIN and -_M <= font <= _M
            and -_M <= width <= _M and -_M <= height <= _M):  # the usual case: three plain numbers in range
        return TextShape(index, text, _bbox(obj, float(width), float(height)))
    font = _num(obj, "fontSize", 20.0)
    width = _num(obj, "width", max(font * 0.6 * len(text), 1.0))
    height = _num(obj, "height", font * 1.2)
    return TextShape(index, text, _bbox(obj, width, height))


def restore(raw: object) -> Restored:
    """Read canvas JSON (``{"version", "objects": [...]}``) into shapes.

    Never raises for a bad object: it is skipped with a note. Raises
    :class:`CanvasFormatError` only when ``raw`` is not a mapping with an
    ``objects`` list.

    >>> r = restore({"objects": [{"type": "Rect", "left": 0, "top": 0, "width": 100, "height": 50,
    ...                           "originX": "left", "originY": "top"}, {"type": "Star"}]})
    >>> r.boxes[0].box, [str(n) for n in r.notes]
    (Box(left=0.0, top=0.0, width=100.0, height=50.0), ['objects[1].type: unknown object type "Star", ignored'])
    """
    if not isinstance(raw, Mapping):
        raise CanvasFormatError(f"canvas JSON must be an object with an \"objects\" list, not {type(raw).__name__}")
    objects = raw.get("objects", [])
    if not isinstance(objects, list):
        raise CanvasFormatError(f"objects: must be a list, not {type(objects).__name__}")
    notes: list[Note] = []
    if len(objects) > MAX_OBJECTS:
        notes.append(Note("objects", f"{len(objects)} objects; only the first {MAX_OBJECTS} are read"))
        objects = objects[:MAX_OBJECTS]
    boxes: list[BoxShape] = []
    lines: list[LineShape] = []
    texts: list[TextShape] = []
    heads: list[HeadShape] = []
    origins: dict[int, str] = {}
    for index, obj in enumerate(objects):
        path = f"objects[{index}]"
        if type(obj) is not dict and not isinstance(obj, Mapping):  # a dict, as json.loads gives, skips the ABC check
            notes.append(Note(path, f"not an object ({type(obj).__name__}), ignored"))
            continue
        if ORIGIN_KEY in obj:
            origin = _origin_of(obj)
            if origin:
                origins[index] = path = origin
        type_name = obj.get("type")
        if not isinstance(type_name, str):
            notes.append(Note(f"{path}.type", "missing, ignored"))
            continue
        kind = _KIND_OF.get(type_name) or type_name.lower().replace("_", "").replace("-", "")
        try:
            if obj.get("visible") is False:
                continue
            if kind in _BOX_TYPES:
                shape = _restore_box(obj, index, _BOX_TYPES[kind], notes, path)
                if shape:
                    boxes.append(shape)
            elif kind in _LINE_TYPES:
                lines.append(_restore_line(obj, index, kind))
            elif kind in _TEXT_TYPES:
                text = _restore_text(obj, index, notes, path)
                if text:
                    texts.append(text)
            elif kind in _HEAD_TYPES:
                heads.append(_restore_head(obj, index))
            elif kind in _IGNORED_TYPES:
                notes.append(Note(path, f"{echo(type_name)} is not part of the design vocabulary, ignored"))
            else:
                notes.append(Note(f"{path}.type", f"unknown object type {echo(type_name)}, ignored"))
        except _Skip as skip:
            notes.append(Note(_at(path, skip.field), f"{skip.message}; object ignored"))
        except (TypeError, ValueError, OverflowError, ZeroDivisionError) as exc:  # pragma: no cover - defensive
            notes.append(Note(path, f"unreadable ({exc.__class__.__name__}); object ignored"))
    return Restored(tuple(boxes), tuple(lines), tuple(texts), tuple(notes), tuple(heads), origins)


def _at(path: str, key: str) -> str:
    """``objects[3].left``; an imported object's own origin ("line 12") is named without Fabric's field."""
    return f"{path}.{key}" if path.startswith("objects[") else path
