"""Draw a :class:`~design.picture.scene.Scene` as SVG: the annotated picture as a vector file.

It mirrors :mod:`design.picture.png` primitive for primitive (same positions,
same wrapping, same badge sizes; text baselines come from the same font's
metrics), so the PNG and the SVG of a design are the same picture. The font
Pillow bundles is embedded as a data URL, so the SVG does not depend on the
viewer's installed fonts; glyphs it lacks fall back to the listed families.
Every piece of user text is XML-escaped, with characters XML cannot hold
removed.
"""

from __future__ import annotations

import base64
import math
import re
from functools import lru_cache
from xml.sax.saxutils import escape

from PIL import ImageFont

from design.model.geometry import Point
from design.picture.scene import (
    ARROW_FONT,
    BADGE_FONT,
    BADGE_RADIUS,
    CAPTION_FONT,
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

__all__ = ["FONT_FAMILY", "svg_text"]

FONT_FAMILY = "SketchfirstSans"
_FAMILIES = f"{FONT_FAMILY}, 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif"
_GREY = "#5b6673"
_GROUP = "#6b7785"
_BG = "#ffffff"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.load_default(size=size)
    assert isinstance(font, ImageFont.FreeTypeFont)
    return font


@lru_cache(maxsize=1)
def _font_face() -> str:
    data = base64.b64encode(_font(12).font_bytes).decode()
    return f"@font-face {{ font-family: {FONT_FAMILY}; src: url(data:font/ttf;base64,{data}) format('truetype'); }}"


def _n(v: float) -> str:
    """A coordinate, short: at most two decimals, no ``-0``."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _t(text: str) -> str:
    return escape(_XML_BAD.sub("", text))


def _baseline_top(y: float, size: int) -> float:
    """Pillow draws text from the ascender line; SVG from the baseline."""
    return y + _font(size).getmetrics()[0]


def _baseline_middle(y: float, size: int) -> float:
    """Pillow's ``mm`` anchor centres between ascender and descender."""
    ascent, descent = _font(size).getmetrics()
    return y + (ascent - descent) / 2


def _text(x: float, y: float, text: str, size: int, fill: str, anchor: str = "start", weight: str = "") -> str:
    extra = f' font-weight="{weight}"' if weight else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}" text-anchor="{anchor}"{extra}>'
            f"{_t(text)}</text>")


def _pill(c: Point, half: float, color: str, outline: bool, hollow: bool = False) -> str:
    """A badge pill: filled with ``color`` (a white rim when ``outline``), or ``hollow``: white with a coloured rim."""
    r = BADGE_RADIUS
    fill, stroke = (_BG, f' stroke="{color}" stroke-width="2"') if hollow else \
        (color, f' stroke="{_BG}" stroke-width="2"' if outline else "")
    return (f'<rect x="{_n(c.x - half)}" y="{_n(c.y - r)}" width="{_n(2 * half)}" height="{_n(2 * r)}" '
            f'rx="{_n(r)}" fill="{fill}"{stroke}/>')


def svg_text(scene: Scene, description: str = "") -> str:
    """The scene as a standalone SVG document (UTF-8 text)."""
    w, h = scene.width, scene.height
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(w)}" height="{_n(h)}" viewBox="0 0 {_n(w)} {_n(h)}" '
        f'font-family="{_FAMILIES}">',
        f"<title>{_t(scene.title or 'Sketch')}</title>",
    ]
    if description:
        out.append(f"<desc>{_t(description)}</desc>")
    out += [f"<style>{_font_face()}</style>", f'<rect width="100%" height="100%" fill="{_BG}"/>']

    if scene.title:
        out.append(_text(40, _baseline_top(14, 20), scene.title, 20, INK))
        if scene.subtitle:
            out.append(_text(40, _baseline_top(38, 12), scene.subtitle, 12, _GREY))

    if scene.groups:
        out.append('<g id="groups">')
        for g in scene.groups:
            gb = g.box
            out.append(f'<rect x="{_n(gb.left)}" y="{_n(gb.top)}" width="{_n(gb.width)}" height="{_n(gb.height)}" '
                       f'fill="none" stroke="{_GROUP}" stroke-width="1.5" stroke-dasharray="6 6"/>')
            if g.title:
                out.append(_text(gb.left + 8, _baseline_top(gb.top + 5, GROUP_FONT), g.title, GROUP_FONT, _GROUP))
        out.append("</g>")

    out.append('<g id="flows">')
    for a in scene.arrows:
        s, e = a.start, a.end
        line = (f'<line x1="{_n(s.x)}" y1="{_n(s.y)}" x2="{_n(e.x)}" y2="{_n(e.y)}" stroke="{a.color}" '
                f'stroke-width="{_n(a.width)}"')
        if a.dashed:
            out.append(line + ' stroke-dasharray="8 8"/>')
            out.append(f'<circle cx="{_n(e.x)}" cy="{_n(e.y)}" r="4" fill="none" stroke="{a.color}" stroke-width="2"/>')
        else:
            out.append(line + "/>")
            for tip, tail in ((e, s), (s, e)) if a.two_way else ((e, s),):
                angle = math.atan2(tip.y - tail.y, tip.x - tail.x)
                pts = [(tip.x, tip.y)] + [(tip.x - 12 * math.cos(angle + d), tip.y - 12 * math.sin(angle + d))
                                          for d in (-0.42, 0.42)]
                out.append(f'<polygon points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in pts)}" fill="{a.color}"/>')
    out.append("</g>")

    out.append('<g id="components">')
    for b in scene.boxes:
        bx = b.box
        out.append(f'<rect x="{_n(bx.left)}" y="{_n(bx.top)}" width="{_n(bx.width)}" height="{_n(bx.height)}" rx="8" '
                   f'fill="{b.fill}" stroke="{b.stroke}" stroke-width="{_n(b.stroke_width)}"/>')
        label = box_label(b)
        cx, cy = bx.center.x, bx.center.y
        total = label.line * len(label.lines)
        for i, text in enumerate(label.lines):
            y = cy - total / 2 + (i + 2 / LABEL_LINE) * label.line  # as ever at 14 px: 2 px below the top
            out.append(_text(cx, _baseline_middle(y, label.size), text, label.size, INK, "middle"))
        if not label.whole:  # shortened to fit: the whole label as the box's tooltip
            out[-1] = out[-1].replace("</text>", f"<title>{_t(b.label)}</title></text>", 1)
        note = note_line(b)
        if note:
            out.append(_text(cx, _baseline_middle(cy + total / 2 + NOTE_LINE / 2 - 2, NOTE_FONT), note, NOTE_FONT, _GREY,
                             "middle"))
            total += 2 * NOTE_LINE
        if bx.height >= 44:
            out.append(_text(cx, _baseline_middle(cy + total / 2 + 4, CAPTION_FONT), b.caption, CAPTION_FONT, _GREY,
                             "middle"))
    out.append("</g>")

    out.append('<g id="flow-labels">')
    for a in scene.arrows:
        if a.label:
            text = arrow_text(a.label)
            m = Point((a.start.x + a.end.x) / 2, (a.start.y + a.end.y) / 2)
            x0, y0, x1, y1 = _font(ARROW_FONT).getbbox(text, anchor="mm")
            out.append(f'<rect x="{_n(m.x + x0 - 3)}" y="{_n(m.y + y0 - 2)}" width="{_n(x1 - x0 + 6)}" '
                       f'height="{_n(y1 - y0 + 4)}" fill="{_BG}"/>')
            out.append(_text(m.x, _baseline_middle(m.y, ARROW_FONT), text, ARROW_FONT, _GREY, "middle"))
    out.append("</g>")

    out.append('<g id="badges">')
    for badge in scene.badges:
        out.append(_pill(badge.center, badge_half_width(badge.text), badge.color, outline=True, hollow=badge.outline))
        out.append(_text(badge.center.x, _baseline_middle(badge.center.y, BADGE_FONT), badge.text, BADGE_FONT,
                         badge.color if badge.outline else "#ffffff", "middle"))
    out.append("</g>")

    if scene.legend:
        out.append('<g id="legend">')
        out.append(f'<line x1="40" y1="{_n(scene.legend_top)}" x2="{_n(scene.width - 40)}" y2="{_n(scene.legend_top)}" '
                   'stroke="#d0d5db" stroke-width="1"/>')
        out.append(_text(40, _baseline_top(scene.legend_top + 8, 15), scene.legend_title, 15, INK))
        for row in scene.legend:
            c = Point(row.badge_x, row.top + 10)
            out.append(_pill(c, badge_half_width(row.badge), row.color, outline=False, hollow=row.outline))
            out.append(_text(c.x, _baseline_middle(c.y, BADGE_FONT), row.badge, BADGE_FONT,
                             row.color if row.outline else "#ffffff", "middle"))
            for i, text in enumerate(row.lines):
                out.append(_text(row.text_x, _baseline_top(row.top + i * 20 + 3, 14), text, 14, INK))
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
