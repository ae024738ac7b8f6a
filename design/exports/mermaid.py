"""The Mermaid export: the design as a flowchart that renders in GitHub, GitLab and docs sites.

Components get shapes by kind (cylinders for datastores, hexagons for load
balancers and gateways, stadiums for clients, a flag for queues), flows keep
their labels (a two-way flow is ``<-->``), groups are subgraphs (nested as
drawn), a pool is the boxes it was drawn as, and a component's note is a
second line under its name (``<br>``), so the file reads back as the same
design. Findings show as styles: the worst unaccepted finding on a
component gives it a coloured outline (``sev_high`` and so on), a flow with a
finding gets a coloured ``linkStyle``, and every finding is listed as a
comment with its badge number. A ``kind_<kind>`` class per component fills it
by kind and lets :mod:`design.readers.mermaid` read the kinds back exactly.

Labels are always quoted, and characters Mermaid or HTML would read
(quotes, ``#``, brackets, pipes, angle brackets, ``&``, backticks, ``:`` and
``;``) become Mermaid entity codes (``#quot;``), so no label can end a node,
open a link or inject markup.
"""

from __future__ import annotations

import json
import re

from design.canvas.recognize import response_pairs
from design.exports.subject import ExportSubject
from design.model.geometry import Box, Point
from design.model.labels import clean_label
from design.model.sketch import Component, Kind, Severity
from design.picture.scene import INK, KIND_FILL, SEVERITY_COLOR

__all__ = ["mermaid_id", "mermaid_label", "mermaid_text"]

_ENTITIES = str.maketrans({
    '"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;", "|": "#124;",
    "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;", "(": "#40;", ")": "#41;", ":": "#58;", ";": "#59;",
    "%": "#37;", "\\": "#92;",
})
_SHAPES = {
    Kind.CLIENT: ('(["', '"])'),
    Kind.LOAD_BALANCER: ('{{"', '"}}'),
    Kind.API_GATEWAY: ('{{"', '"}}'),
    Kind.DATABASE: ('[("', '")]'),
    Kind.CACHE: ('[("', '")]'),
    Kind.OBJECT_STORAGE: ('[("', '")]'),
    Kind.SEARCH: ('[("', '")]'),
    Kind.QUEUE: ('>"', '"]'),
    Kind.WORKER: ('[["', '"]]'),
    Kind.EXTERNAL: ('[/"', '"/]'),
    Kind.SERVICE: ('("', '")'),
}
_RESERVED = {"end", "graph", "flowchart", "subgraph", "style", "class", "classdef", "linkstyle", "click",
             "direction", "call", "href", "default", "acctitle", "accdescr", "interpolate"}


def mermaid_label(text: str) -> str:
    """A label made inert for a quoted Mermaid string (entity codes for every meaningful character).

    >>> mermaid_label('Say "hi" [x] | <b>')
    'Say #quot;hi#quot; #91;x#93; #124; #lt;b#gt;'
    """
    # mermaid rejects an empty string; a space reads back as the same empty label.
    return clean_label(text).translate(_ENTITIES) or " "


def mermaid_id(component_id: str, used: set[str]) -> str:
    """A Mermaid node id for a component id: ``web-server`` → ``web_server``; keywords get a prefix."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", component_id) or "node"
    if base.lower() in _RESERVED:
        base = "n_" + base
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}_{n}"
    used.add(candidate)
    return candidate


def _comment(text: str) -> str:
    return "%% " + clean_label(text).replace("%%", "% %")


def _node_label(c: Component, label: str, with_note: bool) -> str:
    text = mermaid_label(label)
    if with_note and c.note:
        text += "".join("<br>" + mermaid_label(line) for line in c.note.split("\n"))
    return text


def _inside(inner: Box, outer: Box) -> bool:
    return outer.left - 4 <= inner.left and outer.top - 4 <= inner.top and inner.right <= outer.right + 4 \
        and inner.bottom <= outer.bottom + 4


def _box_of(boxes: list[Box], p: Point) -> int:
    return 0 if len(boxes) == 1 else min(range(len(boxes)), key=lambda k: (boxes[k].distance(p), boxes[k].area))


def mermaid_text(subject: ExportSubject) -> str:
    """The flowchart text (with front matter holding the design's name, version and date)."""
    sketch = subject.sketch
    comps = sorted(sketch.components, key=lambda c: (round(c.box.top / 20), c.box.left, c.id))
    xs = [c.box.left for c in comps] + [c.box.right for c in comps]
    ys = [c.box.top for c in comps] + [c.box.bottom for c in comps]
    wide = bool(xs) and (max(xs) - min(xs)) >= (max(ys) - min(ys))
    used: set[str] = set()
    # One node per drawn box: a pool's members each get theirs ("web_server", "web_server_2"...).
    nodes: dict[str, list[str]] = {c.id: [mermaid_id(c.id, used) for _ in c.boxes] for c in comps}
    rank = {c.id: i for i, c in enumerate(comps)}

    lines = ["---", f"title: {json.dumps(subject.heading)}", "---", f"flowchart {'LR' if wide else 'TB'}"]
    lines.append("    " + _comment(f"{subject.heading}, exported by Sketchfirst."))
    if subject.findings:
        lines.append("    " + _comment("Findings (numbers match the badges on the PNG):"))
        for i, f in enumerate(subject.findings, 1):
            where = ", ".join(f.elements) or "whole design"
            status = " (accepted)" if f.key in subject.accepted else ""
            lines.append("    " + _comment(f"{i}. {f.severity.value.upper()} {f.rule} [{where}]{status}: {f.message}"))
    for d in sketch.dangling:
        ends = ", ".join(x for x in (f"from {d.source}" if d.source else "", f"to {d.target}" if d.target else "") if x)
        lines.append("    " + _comment(f"{d.id}: a loose arrow {ends or 'touching no component'} (not a flow)"))
    for t in sketch.texts:
        lines.append("    " + _comment(f"note on the sketch: {t.text}"))

    # Each drawn box sits in the innermost group that holds it; groups nest as drawn.
    groups = sorted(sketch.groups, key=lambda g: (g.box.area, g.id))
    home: dict[str, str | None] = {}
    definitions: list[tuple[str | None, str]] = []
    for c in comps:
        opener, closer = _SHAPES.get(c.kind, ('["', '"]'))
        parts = [(m.label, m.box) for m in c.members] or [(c.label, c.box)]
        for k, (label, box) in enumerate(parts):
            group = next((g.id for g in groups if _inside(box, g.box)), None)
            definitions.append((group, f"{nodes[c.id][k]}{opener}{_node_label(c, label, k == 0)}{closer}"))
    for g in groups:
        home[g.id] = g.parent
    group_ids = {g.id: mermaid_id("group_" + g.id, used) for g in groups}
    titles = {g.id: g.title for g in groups}

    def emit(group: str | None, depth: int) -> None:
        pad = "    " * depth
        for owner, text in definitions:
            if owner == group:
                lines.append(pad + text)
        for g in sorted((g for g in groups if home[g.id] == group), key=lambda g: (g.box.top, g.box.left, g.id)):
            lines.append(f'{pad}subgraph {group_ids[g.id]}["{mermaid_label(titles[g.id])}"]')
            emit(g.id, depth + 1)
            lines.append(pad + "end")

    emit(None, 1)
    flows = sorted(sketch.flows, key=lambda f: (rank[f.source], rank[f.target], f.id))
    boxes = {c.id: list(c.boxes) for c in comps}
    seen: set[tuple[str, str, str, bool]] = set()
    paired = response_pairs(sketch.flows)
    drawn = []
    for f in flows:
        a = nodes[f.source][_box_of(boxes[f.source], f.start)]
        b = nodes[f.target][_box_of(boxes[f.target], f.end)]
        key = (a, b, f.label, f.two_way)
        if key in seen:  # one arrow to a group, read as one flow per member: written once per member
            continue
        seen.add(key)
        drawn.append(f)
        label = f'|"{mermaid_label(f.label)}"|' if f.label else ""
        two_way = f.two_way and f.id not in paired  # a call and its answer stay two arrows
        lines.append(f"    {a} {'<-->' if two_way else '-->'}{label} {b}")
    flows = drawn

    worst = subject.worst()
    kinds = sorted({c.kind for c in comps}, key=lambda k: k.value)
    for k in kinds:
        lines.append(f"    classDef kind_{k.value} fill:{KIND_FILL[k]},stroke:{INK},color:{INK}")
    for sev in (Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH):
        if sev in worst.values():
            lines.append(f"    classDef sev_{sev.value} stroke:{SEVERITY_COLOR[sev]},stroke-width:3px")
    for k in kinds:
        lines.append(f"    class {','.join(n for c in comps if c.kind is k for n in nodes[c.id])} kind_{k.value}")
    for sev in (Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH):
        marked = [n for c in comps if worst.get(c.id) is sev for n in nodes[c.id]]
        if marked:
            lines.append(f"    class {','.join(marked)} sev_{sev.value}")
    for i, f in enumerate(flows):
        if f.id in worst:
            lines.append(f"    linkStyle {i} stroke:{SEVERITY_COLOR[worst[f.id]]},stroke-width:3px")
    return "\n".join(lines) + "\n"
