"""Draw a :class:`~design.picture.scene.Scene` with Pillow: the annotated PNG.

Uses only Pillow's bundled scalable font (``ImageFont.load_default(size=...)``),
so the picture is legible at any scale on a machine with no fonts installed.
"""

from __future__ import annotations

import io
import math
import struct
import unicodedata
import zlib
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from design.model.geometry import Point
from design.picture.scene import (
    BADGE_RADIUS,
    GROUP_FONT,
    INK,
    LABEL_LINE,
    NOTE_FONT,
    NOTE_LINE,
    Scene,
    arrow_text,
    badge_half_width,
    box_label,
    note_line,
)

__all__ = ["EXPORT_COMPRESS_LEVEL", "MAX_PIXELS", "MAX_SIDE", "drawable", "png_bytes", "render", "render_overlay",
           "screen_png"]

#: The largest picture render() draws (4,000 × 4,000); larger scenes are drawn at a smaller scale.
MAX_PIXELS = 16_000_000
#: The longest side render() draws, whatever the area.
MAX_SIDE = 16_000

_BG = "#ffffff"
_GREY = "#5b6673"
_GROUP = "#6b7785"
#: Behind highlighted elements: a halo wide enough to see from across a room (presenter mode).
_HALO = "#ffd84d"
#: The kill drill's dead component: a dark cross and dashed frame, never mistaken for a halo or a severity.
_DEAD = "#2b2f36"


@lru_cache(maxsize=32)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


# The bundled font covers ASCII and a little punctuation; the rest would print as empty boxes.
_FALLBACK = {"—": "-", "–": "-", "‐": "-", "‑": "-", "−": "-", "→": "->", "←": "<-", "↔": "<->", "⇒": "=>",
             "×": "x", "•": "*", "≤": "<=", "≥": ">=", "≈": "~", "≠": "!=", "\u00a0": " ", "\u2009": " ",
             "\u202f": " ", "ß": "ss", "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe", "Ł": "L",
             "ł": "l", "Đ": "D", "đ": "d", "µ": "u"}


@lru_cache(maxsize=4096)
def _has_glyph(ch: str) -> bool:
    font = _font(14)
    return ch.isspace() or bytes(font.getmask(ch)) != bytes(font.getmask("\uffff"))


def drawable(text: str) -> str:
    """``text`` in characters the bundled font can draw: dashes and arrows spelled in ASCII, accents dropped
    (``für`` → ``fur``), anything else ``?``. Legible everywhere beats exact glyphs on some machines."""
    out = []
    for ch in text:
        if _has_glyph(ch):
            out.append(ch)
        elif ch in _FALLBACK:
            out.append(_FALLBACK[ch])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            out.append(base if base and all(_has_glyph(c) for c in base) else "?")
    return "".join(out)


def _arrowhead(draw: ImageDraw.ImageDraw, s: Point, e: Point, color: str, size: float) -> None:
    angle = math.atan2(e.y - s.y, e.x - s.x)
    left = (e.x - size * math.cos(angle - 0.42), e.y - size * math.sin(angle - 0.42))
    right = (e.x - size * math.cos(angle + 0.42), e.y - size * math.sin(angle + 0.42))
    draw.polygon([(e.x, e.y), left, right], fill=color)


def _dashed(draw: ImageDraw.ImageDraw, s: Point, e: Point, color: str, width: int, dash: float) -> None:
    length = math.hypot(e.x - s.x, e.y - s.y)
    if length == 0:
        return
    ux, uy = (e.x - s.x) / length, (e.y - s.y) / length
    dash = max(dash, 2.0)  # at a tiny scale a sub-pixel dash would mean billions of segments
    t = 0.0
    while t < length:
        t2 = min(t + dash, length)
        draw.line([(s.x + ux * t, s.y + uy * t), (s.x + ux * t2, s.y + uy * t2)], fill=color, width=width)
        t += 2 * dash


def _rounded(
    draw: ImageDraw.ImageDraw,
    xy: Sequence[float],
    radius: float,
    fill: str | None,
    outline: str | None = None,
    width: int = 0,
) -> None:
    """A rounded rectangle that Pillow can always draw (badges, pills and boxes at any scale).

    Pillow's ``rounded_rectangle`` raises ``x1 must be greater than or equal
    to x0`` when the corners nearly meet at some fractional sizes (it joins
    two corners, then draws straight edges of negative length); any render
    ``scale`` other than 1 or 2 reaches that. Whole-pixel edges, a radius that
    leaves a straight piece on every side, and a circle for the round,
    near-square case avoid it.
    """
    x0, y0, x1, y1 = (round(v) for v in xy)
    w, h = x1 - x0, y1 - y0
    if radius * 2 >= min(w, h) and abs(w - h) < 2:
        draw.ellipse([x0, y0, x1, y1], fill=fill, outline=outline, width=width)
        return
    radius = min(radius, (min(w, h) - 1.5) / 2)
    if radius < 1:
        draw.rectangle([x0, y0, x1, y1], fill=fill, outline=outline, width=width)
    else:
        draw.rounded_rectangle([x0, y0, x1, y1], radius=radius, fill=fill, outline=outline, width=width)


def render(scene: Scene, scale: float = 1.0) -> Image.Image:
    """Render ``scene`` to an RGB image, ``scale`` times its pixel size (smaller if above :data:`MAX_PIXELS`)."""
    k = max(0.25, min(scale, 8.0))
    area = max(scene.width, 1.0) * max(scene.height, 1.0)
    if area * k * k > MAX_PIXELS:
        # A design spread over millions of pixels (an imported or hand-edited file can place a box
        # at y = 9,000,000) is drawn smaller instead of allocating gigabytes.
        k = math.sqrt(MAX_PIXELS / area)
    k = min(k, MAX_SIDE / max(scene.width, scene.height, 1.0))  # and a long thin one is not 10^9 px wide
    img = Image.new("RGB", (max(1, round(scene.width * k)), max(1, round(scene.height * k))), _BG)
    d = ImageDraw.Draw(img)

    def p(pt: Point) -> Point:
        return Point(pt.x * k, pt.y * k)

    def px(v: float) -> int:
        return max(1, round(v * k))

    if scene.title:
        d.text((40 * k, 14 * k), drawable(scene.title), fill=INK, font=_font(px(20)))
        if scene.subtitle:
            d.text((40 * k, 38 * k), drawable(scene.subtitle), fill=_GREY, font=_font(px(12)))

    for g in scene.groups:  # under everything: a dashed boundary, its title inside the top-left corner
        gb = g.box
        corners = [Point(gb.left, gb.top), Point(gb.right, gb.top), Point(gb.right, gb.bottom), Point(gb.left, gb.bottom)]
        for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
            _dashed(d, p(a), p(b), _GROUP, px(1.5), 6 * k)
        if g.title:
            d.text(((gb.left + 8) * k, (gb.top + 5) * k), drawable(g.title), fill=_GROUP, font=_font(px(GROUP_FONT)))

    for a in scene.arrows:
        if a.highlight:
            d.line([p(a.start).x, p(a.start).y, p(a.end).x, p(a.end).y], fill=_HALO, width=px(a.width + 12))
    for b in scene.boxes:
        if b.highlight:
            g = 9
            d.rounded_rectangle([(b.box.left - g) * k, (b.box.top - g) * k, (b.box.right + g) * k,
                                 (b.box.bottom + g) * k], radius=14 * k, fill=_HALO)

    for a in scene.arrows:
        s, e = p(a.start), p(a.end)
        if a.dashed:
            _dashed(d, s, e, a.color, px(a.width), 8 * k)
            d.ellipse([e.x - 4 * k, e.y - 4 * k, e.x + 4 * k, e.y + 4 * k], outline=a.color, width=px(2))
        else:
            d.line([(s.x, s.y), (e.x, e.y)], fill=a.color, width=px(a.width))
            _arrowhead(d, s, e, a.color, 12 * k)
            if a.two_way:
                _arrowhead(d, e, s, a.color, 12 * k)

    for b in scene.boxes:
        box = [b.box.left * k, b.box.top * k, b.box.right * k, b.box.bottom * k]
        _rounded(d, box, 8 * k, b.fill, outline=b.stroke, width=px(b.stroke_width))
        label = box_label(b)
        label_font = _font(px(label.size))
        cx, cy = b.box.center.x * k, b.box.center.y * k
        total = label.line * len(label.lines) * k
        for i, line in enumerate(label.lines):
            d.text((cx, cy - total / 2 + (i + 2 / LABEL_LINE) * label.line * k), drawable(line), fill=INK,
                   font=label_font, anchor="mm")
        note = note_line(b)
        if note:
            d.text((cx, cy + total / 2 + (NOTE_LINE / 2 - 2) * k), drawable(note), fill=_GREY,
                   font=_font(px(NOTE_FONT)), anchor="mm")
            total += 2 * NOTE_LINE * k
        if b.box.height >= 44:
            d.text((cx, cy + total / 2 + 4 * k), drawable(b.caption), fill=_GREY, font=_font(px(11)), anchor="mm")

    for a in scene.arrows:
        if a.label:
            m = Point((a.start.x + a.end.x) / 2 * k, (a.start.y + a.end.y) / 2 * k)
            f = _font(px(11))
            text = drawable(arrow_text(a.label))
            bbox = d.textbbox((m.x, m.y), text, font=f, anchor="mm")
            d.rectangle([bbox[0] - 3 * k, bbox[1] - 2 * k, bbox[2] + 3 * k, bbox[3] + 2 * k], fill=_BG)
            d.text((m.x, m.y), text, fill=_GREY, font=f, anchor="mm")

    r = 11 * k
    for badge in scene.badges:
        c = p(badge.center)
        w = badge_half_width(badge.text) * k
        if badge.outline:  # a number mark: white pill, coloured border and figure
            _rounded(d, (c.x - w, c.y - r, c.x + w, c.y + r), r, _BG, outline=badge.color, width=px(2))
            d.text((c.x, c.y), drawable(badge.text), fill=badge.color, font=_font(px(12)), anchor="mm")
            continue
        _rounded(d, (c.x - w, c.y - r, c.x + w, c.y + r), r, badge.color, outline=_BG, width=px(2))
        d.text((c.x, c.y), badge.text, fill="#ffffff", font=_font(px(12)), anchor="mm")

    if scene.legend:
        d.line([(40 * k, scene.legend_top * k), ((scene.width - 40) * k, scene.legend_top * k)], fill="#d0d5db",
               width=px(1))
        d.text((40 * k, (scene.legend_top + 8) * k), drawable(scene.legend_title), fill=INK, font=_font(px(15)))
        for row in scene.legend:
            y = row.top * k
            w = badge_half_width(row.badge) * k
            bx = row.badge_x * k
            box = (bx - w, y + 10 * k - r, bx + w, y + 10 * k + r)
            if row.outline:
                _rounded(d, box, r, _BG, outline=row.color, width=px(2))
            else:
                _rounded(d, box, r, row.color)
            d.text((bx, y + 10 * k), drawable(row.badge), fill=row.color if row.outline else "#ffffff",
                   font=_font(px(12)), anchor="mm")
            for i, line in enumerate(row.lines):
                d.text((row.text_x * k, y + (i * 20 + 3) * k), drawable(line), fill=INK, font=_font(px(14)))
    return img


def screen_png(scene: Scene, max_width: float, scale: float = 1.0) -> bytes:
    """PNG for a page: ``scale`` times the scene but at most ``max_width`` px wide.

    The app redraws this on every stroke; a browser shows it at column width,
    so pixels beyond ``max_width`` are cost without benefit. Exports use
    :func:`render` and :func:`png_bytes` at full size instead. (Level 1 was
    used here to save time; unfiltered, level 3 is as fast and smaller.)
    """
    return png_bytes(render(scene, scale=min(scale, max_width / max(scene.width, 1.0))))


#: zlib level for exports. Unfiltered rows at level 3 come out as small as Pillow's default
#: (adaptive filters, level 6) on these flat pictures, in about half the time (docs/PERFORMANCE.md).
EXPORT_COMPRESS_LEVEL = 3
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_bytes(image: Image.Image, *, compress_level: int = EXPORT_COMPRESS_LEVEL) -> bytes:
    """Encode an image as PNG, lossless: every pixel decodes as drawn.

    An RGB picture is written with no row filter: Pillow tries five filters on
    every row, which costs more than the compression itself and gains nothing
    on flat fills, lines and text. Level 3 is as small as Pillow's level 6 and
    no slower than level 1 here (figures in docs/PERFORMANCE.md). Other modes
    go through Pillow.
    """
    if image.mode != "RGB" or not image.width or not image.height:
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=False, compress_level=compress_level)
        return buf.getvalue()
    width, height = image.size
    raw = memoryview(image.tobytes())
    stride = width * 3
    z = zlib.compressobj(compress_level)
    parts = []
    for top in range(0, len(raw), stride):
        parts.append(z.compress(b"\x00"))  # filter type 0 (none) starts every row
        parts.append(z.compress(raw[top : top + stride]))
    parts.append(z.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits per channel, truecolour
    return _PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def render_overlay(scene: Scene, width: int, height: int, shift: Point, background: str) -> Image.Image:
    """What the live canvas shows behind the user's own strokes: the scene's marks without its boxes, labels,
    title or legend, moved by ``shift`` back into canvas pixels.

    A dashed boundary around each box read as a group, halos behind highlighted
    elements (the kill drill's dead component instead framed dark and crossed out), severity outlines around boxes with findings, an arrowhead at the
    box edge of every attached flow (at both edges of a two-way one), a ring on
    the loose end of a dangling one, and the numbered badges, on ``background``.
    """
    image = Image.new("RGB", (max(1, width), max(1, height)), background)
    d = ImageDraw.Draw(image)

    def p(pt: Point) -> Point:
        return Point(pt.x + shift.x, pt.y + shift.y)

    for g in scene.groups:  # a box read as a group: a dashed boundary just outside the user's own rectangle
        gb = g.box
        a0, a1 = p(Point(gb.left - 5, gb.top - 5)), p(Point(gb.right + 5, gb.bottom + 5))
        corners = [a0, Point(a1.x, a0.y), a1, Point(a0.x, a1.y)]
        for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
            _dashed(d, a, b, _GROUP, 2, 7)
    for b in scene.boxes:
        top_left, bottom_right = p(Point(b.box.left, b.box.top)), p(Point(b.box.right, b.box.bottom))
        x0, y0, x1, y1 = top_left.x, top_left.y, bottom_right.x, bottom_right.y
        if b.dead:  # killed in the drill: a dashed dark frame and a cross through it, not the focus halo
            frame = [Point(x0 - 8, y0 - 8), Point(x1 + 8, y0 - 8), Point(x1 + 8, y1 + 8), Point(x0 - 8, y1 + 8)]
            for a, c in zip(frame, frame[1:] + frame[:1], strict=True):
                _dashed(d, a, c, _DEAD, 4, 9)
            for a, c in ((frame[0], frame[2]), (frame[1], frame[3])):
                d.line([(a.x, a.y), (c.x, c.y)], fill=_DEAD, width=3)
        elif b.highlight:
            _rounded(d, (x0 - 9, y0 - 9, x1 + 9, y1 + 9), 12, None, outline=_HALO, width=8)
        if b.stroke != INK:
            _rounded(d, (x0 - 4, y0 - 4, x1 + 4, y1 + 4), 6, None, outline=b.stroke, width=3)
    for a in scene.arrows:
        s, e = p(a.start), p(a.end)
        if a.highlight:
            d.line([(s.x, s.y), (e.x, e.y)], fill=_HALO, width=10)
        if a.dashed:  # a loose end: a ring where the flow should have landed
            d.ellipse([e.x - 7, e.y - 7, e.x + 7, e.y + 7], outline=a.color, width=3)
        else:
            if a.color != INK:
                d.line([(s.x, s.y), (e.x, e.y)], fill=a.color, width=3)
            _arrowhead(d, s, e, a.color, 13)
            if a.two_way:  # one conversation both ways: a head at each end
                _arrowhead(d, e, s, a.color, 13)
    r = BADGE_RADIUS
    for badge in scene.badges:
        c = p(badge.center)
        w = badge_half_width(badge.text)
        if badge.outline:
            _rounded(d, (c.x - w, c.y - r, c.x + w, c.y + r), r, _BG, outline=badge.color, width=2)
            d.text((c.x, c.y), drawable(badge.text), fill=badge.color, font=_font(12), anchor="mm")
        else:
            _rounded(d, (c.x - w, c.y - r, c.x + w, c.y + r), r, badge.color, outline=_BG, width=2)
            d.text((c.x, c.y), badge.text, fill="#ffffff", font=_font(12), anchor="mm")
    return image
