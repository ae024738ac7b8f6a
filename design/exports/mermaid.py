"""The Mermaid export: the design as a flowchart that renders in GitHub, GitLab and docs sites.

Components get shapes by kind (cylinders for datastores, hexagons for load
balancers and gateways, stadiums for clients, a flag for queues), flows keep
their labels, and findings show as styles: the worst unaccepted finding on a
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

from design.exports.subject import ExportSubject
from design.model.labels import clean_label
from design.model.sketch import Kind, Severity
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


def mermaid_text(subject: ExportSubject) -> str:
    """The flowchart text (with front matter holding the design's name, version and date)."""
    sketch = subject.sketch
    comps = sorted(sketch.components, key=lambda c: (round(c.box.top / 20), c.box.left, c.id))
    xs = [c.box.left for c in comps] + [c.box.right for c in comps]
    ys = [c.box.top for c in comps] + [c.box.bottom for c in comps]
    wide = bool(xs) and (max(xs) - min(xs)) >= (max(ys) - min(ys))
    used: set[str] = set()
    ids = {c.id: mermaid_id(c.id, used) for c in comps}
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

    for c in comps:
        opener, closer = _SHAPES.get(c.kind, ('["', '"]'))
        lines.append(f"    {ids[c.id]}{opener}{mermaid_label(c.label)}{closer}")
    flows = sorted(sketch.flows, key=lambda f: (rank[f.source], rank[f.target], f.id))
    for f in flows:
        label = f'|"{mermaid_label(f.label)}"|' if f.label else ""
        lines.append(f"    {ids[f.source]} -->{label} {ids[f.target]}")

    worst = subject.worst()
    kinds = sorted({c.kind for c in comps}, key=lambda k: k.value)
    for k in kinds:
        lines.append(f"    classDef kind_{k.value} fill:{KIND_FILL[k]},stroke:{INK},color:{INK}")
    for sev in (Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH):
        if sev in worst.values():
            lines.append(f"    classDef sev_{sev.value} stroke:{SEVERITY_COLOR[sev]},stroke-width:3px")
    for k in kinds:
        lines.append(f"    class {','.join(ids[c.id] for c in comps if c.kind is k)} kind_{k.value}")
    for sev in (Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH):
        marked = [ids[c.id] for c in comps if worst.get(c.id) is sev]
        if marked:
            lines.append(f"    class {','.join(marked)} sev_{sev.value}")
    for i, f in enumerate(flows):
        if f.id in worst:
            lines.append(f"    linkStyle {i} stroke:{SEVERITY_COLOR[worst[f.id]]},stroke-width:3px")
    return "\n".join(lines) + "\n"
