"""The annotated picture as data: boxes, arrows, badges and legend rows in pixels.

The PNG renderer and any vector renderer draw the same :class:`Scene`, so the
badge numbers, colours and positions agree in every format. The scene keeps
the user's own layout: their boxes where they put them, their arrows in the
direction they dragged, shifted only so the picture starts at a margin.

Finding ``n`` (1-based, in the order given, which is the analysis order) is
badge ``n`` on the drawing and row ``n`` in the legend. Design-wide findings
(no elements) appear only in the legend. Number marks (the slowest path's
p99 on its last component, the throughput ceiling on the weakest hop) are
outlined badges carrying their figure, explained in the legend after the
findings and questions.

Groups are dashed boundaries with their title, drawn under everything else;
a pool is drawn as the boxes it was drawn as (its badges on the first); a
component's note is a smaller line under its name; a two-way flow has a head
at each end.
"""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from design.model.geometry import Box, Point, clip_to_box
from design.model.labels import cells, ellipsize, wrap_words
from design.model.sketch import Finding, Kind, Severity, Sketch

__all__ = [
    "KIND_FILL",
    "NUMBER_COLOR",
    "SEVERITY_COLOR",
    "SEVERITY_STYLE",
    "Badge",
    "LegendRow",
    "Scene",
    "SceneArrow",
    "SceneBox",
    "SceneGroup",
    "arrow_text",
    "BoxLabel",
    "badge_half_width",
    "box_label",
    "build_scene",
    "label_lines",
]



@dataclass(frozen=True, slots=True)
class SeverityStyle:
    """How a severity looks everywhere: its name, its colour in pictures, and its mark in Markdown and in the app."""

    name: str
    color: str
    emoji: str
    streamlit: str

    @property
    def mark(self) -> str:
        """``🔴 high``: the Markdown report's severity cell."""
        return f"{self.emoji} {self.name}"


#: The one table of severity names and colours; the picture, Mermaid, Excalidraw, the report and the app read it.
SEVERITY_STYLE = {
    Severity.HIGH: SeverityStyle("high", "#d62728", "🔴", "red"),
    Severity.MEDIUM: SeverityStyle("medium", "#ef7d00", "🟠", "orange"),
    Severity.LOW: SeverityStyle("low", "#c9a400", "🟡", "yellow"),
    Severity.INFO: SeverityStyle("info", "#1f77b4", "🔵", "blue"),
}
SEVERITY_COLOR = {s: style.color for s, style in SEVERITY_STYLE.items()}
MUTED = "#9e9e9e"
PROBE_COLOR = "#7b3fa0"
#: Number marks (latency, ceiling): outlined, so they never read as a finding's severity.
NUMBER_COLOR = "#00796b"
INK = "#1d2733"
KIND_FILL = {
    Kind.CLIENT: "#eef3fb",
    Kind.DNS: "#f1f1f7",
    Kind.CDN: "#eaf6f6",
    Kind.LOAD_BALANCER: "#e8f1fb",
    Kind.API_GATEWAY: "#e6eefc",
    Kind.SERVICE: "#edf6ec",
    Kind.WORKER: "#f0f6e6",
    Kind.CACHE: "#fdf1e6",
    Kind.QUEUE: "#f6ecf8",
    Kind.DATABASE: "#fbeceb",
    Kind.OBJECT_STORAGE: "#f7efe6",
    Kind.SEARCH: "#ecf4f1",
    Kind.EXTERNAL: "#f2f2f2",
    Kind.MONITORING: "#eef0f3",
    Kind.AUTH: "#fcf6e4",
    Kind.UNKNOWN: "#ffffff",
}

MARGIN = 40.0
BADGE_RADIUS = 11.0
#: How far inside a box's corner its badges sit when the label chips above the boxes would cover the corner.
_CHIP_CLEAR = 3.0
LEGEND_FONT = 14.0
LEGEND_LINE = 20.0
TITLE_HEIGHT = 52.0


@dataclass(frozen=True, slots=True)
class SceneBox:
    id: str
    label: str
    caption: str
    box: Box
    fill: str
    stroke: str
    stroke_width: float
    muted: bool = False
    highlight: bool = False
    note: str = ""
    dead: bool = False


@dataclass(frozen=True, slots=True)
class SceneArrow:
    id: str
    start: Point
    end: Point
    label: str
    color: str
    width: float
    dashed: bool = False
    highlight: bool = False
    two_way: bool = False


@dataclass(frozen=True, slots=True)
class SceneGroup:
    """A group's dashed boundary and its title (drawn at the top-left corner, inside)."""

    id: str
    title: str
    box: Box


@dataclass(frozen=True, slots=True)
class Badge:
    """A pill on the drawing; ``outline`` ones (number marks) are white with coloured text and border."""

    text: str
    center: Point
    color: str
    outline: bool = False


@dataclass(frozen=True, slots=True)
class LegendRow:
    text: str
    lines: tuple[str, ...]
    color: str
    badge: str
    top: float
    outline: bool = False
    badge_x: float = 52.0  # the pill's centre
    text_x: float = 80.0  # where the text starts: right of a wide pill


@dataclass(frozen=True, slots=True)
class Scene:
    width: float
    height: float
    title: str
    subtitle: str
    boxes: tuple[SceneBox, ...]
    arrows: tuple[SceneArrow, ...]
    badges: tuple[Badge, ...]
    legend: tuple[LegendRow, ...]
    legend_top: float
    legend_title: str = "Findings"
    groups: tuple[SceneGroup, ...] = ()


#: Every renderer wraps and shortens text with these, so PNG and SVG agree line for line.
LABEL_FONT, LABEL_LINE, CAPTION_FONT, ARROW_FONT, BADGE_FONT = 14, 17, 11, 11, 12
#: The smallest size a box label shrinks to before its last line ends in "…".
LABEL_MIN_FONT = 10


@dataclass(frozen=True, slots=True)
class BoxLabel:
    """How a box's label is drawn: its lines, font size and line height; ``whole`` when every word is there."""

    lines: tuple[str, ...]
    size: int
    line: float
    whole: bool = True


def box_label(b: SceneBox) -> BoxLabel:
    """A box's label fitted to the box, never cut inside a word.

    It wraps between words at the label size (14 px); when the lines do not
    fit the box, the size steps down to 10 px. A word longer than the box
    at 10 px is drawn whole, a little wider than the box. Only when the lines
    still do not fit the box's height does the last one end in "…", after a
    whole word: the full label stays in the component table and the SVG's
    tooltip.
    """
    inner = max(20.0, b.box.width - 12)
    for size in range(LABEL_FONT, LABEL_MIN_FONT - 1, -1):
        line = LABEL_LINE * size / LABEL_FONT
        per = max(4, int(inner / (size * 0.55)))
        lines = wrap_words(b.label, per)
        rows = max(1, int((b.box.height - 18) // line))
        if len(lines) <= rows and all(cells(ln) <= per for ln in lines):
            return BoxLabel(tuple(lines), size, line)
    if len(lines) <= rows:
        return BoxLabel(tuple(lines), size, line)
    kept = lines[:rows]
    kept[-1] = ellipsize(kept[-1] + " " + lines[rows], cells(kept[-1]) + 1)  # "…" after a whole word
    return BoxLabel(tuple(kept), size, line, whole=False)


def label_lines(b: SceneBox) -> list[str]:
    """The lines of a box label as drawn (see :func:`box_label`)."""
    return list(box_label(b).lines)


#: The note under a box's name: smaller, grey, one line when the box has room for it.
NOTE_FONT, NOTE_LINE = 10, 13


def note_line(b: SceneBox) -> str:
    """The part of a box's note that fits on one line under its label (cut after a whole word), or ``""``
    when there is no room."""
    label = box_label(b)
    if not b.note or b.box.height < 18 + label.line * len(label.lines) + NOTE_LINE + (14 if b.box.height >= 44 else 0):
        return ""
    return ellipsize("; ".join(b.note.split("\n")), max(4, int((b.box.width - 12) / (NOTE_FONT * 0.55))))


#: Group titles: small and grey, at the top-left corner inside the boundary.
GROUP_FONT = 12


def arrow_text(label: str) -> str:
    """An arrow label short enough to sit on the arrow (cut after a whole word)."""
    return ellipsize(label, 40)


def badge_half_width(text: str) -> float:
    """Half the width of a badge pill, in scene pixels: round for one digit, longer for ``12`` or ``Q3``."""
    return max(BADGE_RADIUS, len(text) * 4 + 4)


def _caption(kind: Kind, replicas: int, replicated: bool) -> str:
    text = kind.value.replace("_", " ")
    if replicas > 1:
        text += f" x{replicas}"  # the bundled font has no "×" glyph
    elif replicated:
        text += " (replicated)"
    return text


def build_scene(
    sketch: Sketch,
    findings: Sequence[Finding],
    *,
    title: str = "",
    subtitle: str = "",
    muted: Collection[str] = (),
    highlight: Collection[str] = (),
    probes: Sequence[tuple[str, Sequence[str]]] = (),
    marks: Sequence[tuple[str, str, str]] = (),
    legend: bool = True,
    min_width: float = 640.0,
    dead: Collection[str] = (),
    chips: bool = False,
) -> Scene:
    """Lay out the annotated sketch.

    ``muted`` holds finding keys (accepted findings) drawn grey; ``highlight``
    holds element ids drawn emphasised; ``probes`` are ``(question, targets)``
    pairs shown as ``Q1``, ``Q2``... badges after the findings; ``marks`` are
    ``(element, badge text, legend text)`` number marks, such as
    ``DesignNumbers.marks()`` gives; ``dead`` holds the component ids the
    kill drill has taken down (drawn in their own style, not the halo). ``chips``: the labels are drawn as
    chips above the boxes (the live canvas does so): a box's badges go just inside its top-right corner, where no
    chip covers them, instead of on the corner.
    """
    pts = [p for c in sketch.components for p in (Point(c.box.left, c.box.top), Point(c.box.right, c.box.bottom))]
    pts += [p for g in sketch.groups for p in (Point(g.box.left, g.box.top), Point(g.box.right, g.box.bottom))]
    pts += [p for f in (*sketch.flows, *sketch.dangling) for p in (f.start, f.end)]
    bounds = Box.around(pts) if pts else Box(0, 0, 0, 0)
    top_pad = TITLE_HEIGHT if title else 0.0
    dx, dy = MARGIN - bounds.left, MARGIN + top_pad - bounds.top

    def at(p: Point) -> Point:
        return Point(p.x + dx, p.y + dy)

    worst: dict[str, Severity] = {}
    for f in findings:
        if f.key in muted:
            continue
        for e in f.elements:
            if e not in worst or f.severity.rank > worst[e].rank:
                worst[e] = f.severity
    hl = set(highlight)

    groups = tuple(
        SceneGroup(g.id, g.title, Box(g.box.left + dx, g.box.top + dy, g.box.width, g.box.height))
        for g in sorted(sketch.groups, key=lambda g: (-g.box.area, g.id))  # outer first: inner ones on top
    )

    boxes = []
    placed: dict[str, Box] = {}
    drawn: dict[str, list[Box]] = {}
    for c in sketch.components:
        sev = worst.get(c.id)
        parts = [(m.label, m.box) for m in c.members] or [(c.label, c.box)]
        for k, (label, box) in enumerate(parts):
            b = Box(box.left + dx, box.top + dy, box.width, box.height)
            drawn.setdefault(c.id, []).append(b)
            placed.setdefault(c.id, b)  # badges go on the first box of a pool
            caption = _caption(c.kind, c.replicas, c.replicated)
            if c.members:
                caption = f"{c.kind.value.replace('_', ' ')}, pool of {len(parts)}"
            boxes.append(
                SceneBox(
                    c.id,
                    label or "(no label)",
                    caption,
                    b,
                    KIND_FILL[c.kind],
                    SEVERITY_COLOR[sev] if sev else INK,
                    4.0 if c.id in hl else (3.0 if sev else 1.5),
                    highlight=c.id in hl,
                    note=c.note if k == 0 else "",
                    dead=c.id in dead,
                )
            )

    def box_at(cid: str, p: Point) -> Box:
        """Which of a component's boxes an arrow end belongs to (a pool has several)."""
        options = drawn[cid]
        return options[0] if len(options) == 1 else min(options, key=lambda b: (b.distance(p), b.area))

    arrows = []
    mid: dict[str, Point] = {}
    for f in sketch.flows:
        s, e = at(f.start), at(f.end)
        src, dst = box_at(f.source, s), box_at(f.target, e)
        s = clip_to_box(s, e, src) if src.contains(s) else s
        e = clip_to_box(e, s, dst) if dst.contains(e) else e
        if s == e:  # degenerate: the user's points were inside both boxes; go centre to centre
            s, e = clip_to_box(src.center, dst.center, src), clip_to_box(dst.center, src.center, dst)
        sev = worst.get(f.id)
        arrows.append(
            SceneArrow(f.id, s, e, f.label, SEVERITY_COLOR[sev] if sev else INK, 3.5 if f.id in hl else 2.0,
                       highlight=f.id in hl, two_way=f.two_way)
        )
        mid[f.id] = Point((s.x + e.x) / 2, (s.y + e.y) / 2)
    for d in sketch.dangling:
        s, e = at(d.start), at(d.end)
        arrows.append(SceneArrow(d.id, s, e, d.label, SEVERITY_COLOR[Severity.MEDIUM], 2.0, dashed=True,
                                 highlight=d.id in hl))
        mid[d.id] = Point((s.x + e.x) / 2, (s.y + e.y) / 2)

    # Badges: stacked along the top edge of a box (right to left), or along an arrow's midpoint.
    badges: list[Badge] = []
    stack: dict[str, int] = {}

    def badge_for(element: str, text: str, color: str, outline: bool = False) -> None:
        n = stack.get(element, 0)
        stack[element] = n + 1
        if element in placed:
            b = placed[element]
            centre = Point(b.right - BADGE_RADIUS * (1 + 2.3 * n), b.top)
            if chips:
                centre = Point(centre.x - _CHIP_CLEAR, b.top + BADGE_RADIUS + _CHIP_CLEAR)
            if outline:  # number marks sit on the bottom edge, clear of the finding badges along the top
                centre = Point(b.right - badge_half_width(text) - 4 - 2.3 * BADGE_RADIUS * marks_on.get(element, 0),
                               b.bottom)
                marks_on[element] = marks_on.get(element, 0) + 1
                stack[element] = n
        elif element in mid:
            m = mid[element]
            centre = Point(m.x + BADGE_RADIUS * 2.3 * n, m.y - BADGE_RADIUS - 4)
        else:
            return
        badges.append(Badge(text, centre, color, outline))

    marks_on: dict[str, int] = {}
    rows: list[tuple[str, str, str, bool]] = []
    for i, f in enumerate(findings, 1):
        color = MUTED if f.key in muted else SEVERITY_COLOR[f.severity]
        primary = [e for e in f.elements if e in placed or e in mid]
        # One badge per finding: on its first element (a component when there is one).
        target = next((e for e in primary if e in placed), primary[0] if primary else None)
        if target:
            badge_for(target, str(i), color)
        where = "" if f.elements else " (whole design)"
        status = " [accepted]" if f.key in muted else ""
        rows.append((f"{f.severity.value.upper()} {f.rule}{where}{status}: {f.message}", color, str(i), False))
    for j, (question, targets) in enumerate(probes, 1):
        for t in list(dict.fromkeys(targets))[:3]:  # a question points at each thing it asks about
            badge_for(t, f"Q{j}", PROBE_COLOR)
        rows.append((question + ("" if targets else " (whole design)"), PROBE_COLOR, f"Q{j}", False))
    for element, text, explanation in marks:
        if element in placed or element in mid:
            badge_for(element, text, NUMBER_COLOR, outline=True)
            rows.append((explanation, NUMBER_COLOR, text, True))

    content_w = max([b.box.right for b in boxes] + [g.box.right for g in groups], default=0.0)
    content_w = max([content_w] + [max(a.start.x, a.end.x) for a in arrows]) + MARGIN
    content_h = max([b.box.bottom for b in boxes] + [g.box.bottom for g in groups]
                    + [max(a.start.y, a.end.y) for a in arrows] + [top_pad]) + MARGIN
    width = max(min_width, content_w)
    legend_rows: list[LegendRow] = []
    y = content_h + 10
    legend_top = y
    if legend and rows:
        chars = max(30, int((width - 2 * MARGIN - 40) / (LEGEND_FONT * 0.55)))
        y += LEGEND_LINE + 6  # the "Findings" heading
        # A figure such as "105ms" is wider than a number: its pill starts at the margin, and the text of every
        # number row starts right of the widest one.
        widest = max((badge_half_width(r[2]) for r in rows if r[3]), default=0.0)
        for text, color, badge, outline in rows:
            badge_x, text_x = 52.0, 80.0
            if outline:
                badge_x = MARGIN + badge_half_width(badge)
                text_x = max(80.0, MARGIN + 2 * widest + 8)
            wrap = chars - int((text_x - 80) / (LEGEND_FONT * 0.55))
            lines = tuple(textwrap.wrap(text, wrap)) or ("",)
            legend_rows.append(LegendRow(text, lines, color, badge, y, outline, badge_x, text_x))
            y += LEGEND_LINE * len(lines) + 6
    height = y + (MARGIN / 2 if legend_rows else 0)
    parts = [p for p, present in (("Findings", findings), ("questions", probes), ("numbers", any(r[3] for r in rows)))
             if present]
    heading = (" and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else
               parts[0] if parts else "Findings").capitalize()
    return Scene(width, height, title, subtitle, tuple(boxes), tuple(arrows), tuple(badges), tuple(legend_rows),
                 legend_top, heading, groups)
