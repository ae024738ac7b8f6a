"""Read a Mermaid ``architecture-beta`` diagram (Mermaid 11) into the same :class:`Flowchart` as a flowchart.

The syntax, line by line::

    group api(cloud)[API]                 a group, optionally "in" a parent group
    service db(database)[Database] in api a service with an icon and a title
    junction hub in api                   a point where edges meet
    db:L -- R:server                      an edge between sides (L, R, T, B) of two services
    subnet:R --> L:gateway                ... with arrowheads (< and/or >)
    server{group}:B --> T:subnet{group}   ... drawn out of (into) the group, beside the service

The ``{group}`` modifier only routes the line through the group's border: the
edge still joins the services it names (a reviewer reads "into Storage, beside
Bigtable" as "to Bigtable"). An edge with no arrowhead, or one at each end, is
one two-way conversation;
the analysis reads its caller from the kinds (the client calls, the database
answers). Built-in icons hint a kind (``database``, ``disk``, ``server``,
``internet``); an icon-pack name (``logos:aws-lambda``) is kept as the
service's description line, so a product it names (Lambda, S3, SQS) is read
like one written in the label. Junctions are not components: the services
that meet at connected junctions are linked across them (those on different
junctions; all pairs when there is one junction).
"""

from __future__ import annotations

import re

from design.model.echo import echo
from design.model.sketch import Kind
from design.readers.chart import (
    MAX_LINKS,
    MAX_NODES,
    MAX_SUBGRAPHS,
    ChartEdge,
    ChartGroup,
    ChartNode,
    Flowchart,
    MermaidError,
)

__all__ = ["parse_architecture"]

#: Messages here quote what the file holds the way Python does ('star'), through echo().
_Q = "'"

_ICON_KINDS = {"database": Kind.DATABASE, "disk": Kind.OBJECT_STORAGE, "server": Kind.SERVICE,
               "internet": Kind.CLIENT}
_ID = r"[\w$-]+"
_DECL = re.compile(
    rf"(group|service)\s+({_ID})\s*(?:\(([^()]*)\))?\s*(?:\[([^\[\]]*)\])?\s*(?:in\s+({_ID}))?\s*$"
)
_JUNCTION = re.compile(rf"junction\s+({_ID})\s*(?:in\s+({_ID}))?\s*$")
_EDGE = re.compile(
    rf"({_ID})(\{{group\}})?\s*(?::\s*([LRTB]))?\s*(<)?-(?:\[([^\[\]]*)\])?-(>)?\s*(?:([LRTB])\s*:)?\s*({_ID})(\{{group\}})?\s*$"
)


def parse_architecture(body: str, first_line: int) -> Flowchart:
    """Parse an ``architecture-beta`` diagram whose first line is line ``first_line`` of the file."""
    chart = Flowchart(direction="LR")
    groups: dict[str, ChartGroup] = {}
    junctions: dict[str, int] = {}
    raw_edges: list[tuple[str, bool, str, bool, str, bool, bool, int]] = []
    seen_header = False
    for offset, raw in enumerate(body.split("\n")):
        line_no = first_line + offset
        text = re.sub(r"%%.*$", "", raw).strip()
        if not text:
            continue
        if not seen_header:
            if text != "architecture-beta" and not text.startswith("architecture-beta "):
                raise MermaidError(line_no, f"expected 'architecture-beta', found {echo(text, 32, _Q)}")
            seen_header = True
            continue
        if re.match(r"(title|accTitle|accDescr)\b", text):
            if text.startswith("title "):
                chart.title = text[6:].strip()
            continue
        m = _DECL.match(text)
        if m:
            kind, item, icon, title, parent = m.groups()
            if parent is not None and parent not in groups:
                raise MermaidError(line_no, f"{echo(parent, 32, _Q)} is not a group declared above")
            if kind == "group":
                if item not in groups and len(groups) >= MAX_SUBGRAPHS:
                    raise MermaidError(line_no, f"more than {MAX_SUBGRAPHS} groups; split the diagram")
                groups[item] = ChartGroup(item, (title or item).strip(), line_no, parent=parent)
                chart.groups.append(groups[item])
            else:
                if item not in chart.nodes and len(chart.nodes) >= MAX_NODES:
                    raise MermaidError(line_no, f"more than {MAX_NODES} services; split the diagram")
                node = chart.nodes.setdefault(item, ChartNode(item, line_no))
                node.label = (title or item).strip()
                node.group = parent
                node.line = line_no
                icon = (icon or "").strip()
                if ":" in icon:  # an icon pack's name: the product it draws describes the service
                    node.label += "\n" + icon.split(":", 1)[1].replace("-", " ")
                else:
                    node.hint = _ICON_KINDS.get(icon.lower())
                if parent is not None:
                    groups[parent].members.append(item)
            continue
        m = _JUNCTION.match(text)
        if m:
            junctions[m.group(1)] = line_no
            continue
        m = _EDGE.match(text)
        if m:
            a, a_group, _, head, label, tail, _, b, b_group = m.groups()
            if len(raw_edges) >= MAX_LINKS:
                raise MermaidError(line_no, f"more than {MAX_LINKS} links; split the diagram")
            raw_edges.append((a, bool(a_group), b, bool(b_group), (label or "").strip(), bool(head), bool(tail),
                              line_no))
            continue
        raise MermaidError(line_no, f"unexpected {echo(text, 32, _Q)} in an architecture diagram "
                                    "(expected group, service, junction or an edge such as a:R --> L:b)")
    if not seen_header:
        raise MermaidError(first_line, "empty diagram: expected 'architecture-beta'")

    def end(item: str, whole_group: bool, line_no: int) -> str:
        if item in junctions:
            return item
        if item not in chart.nodes:
            raise MermaidError(line_no, f"{echo(item, 32, _Q)} is not a service declared in this diagram")
        if whole_group and chart.nodes[item].group is None:
            raise MermaidError(line_no, f"{echo(item + '{group}', 40, _Q)}: {echo(item, 32, _Q)} is in no group")
        return item

    through: dict[str, list[tuple[str, str, str, bool, int]]] = {}  # junction -> (service, side, label, ...)
    links: list[tuple[str, str]] = []
    for a, a_group, b, b_group, label, head, tail, line_no in raw_edges:
        u, v = end(a, a_group, line_no), end(b, b_group, line_no)
        two_way = head == tail  # no arrowhead, or one at each end
        if u in junctions and v in junctions:
            links.append((u, v))
        elif u in junctions or v in junctions:
            j, other = (u, v) if u in junctions else (v, u)
            # "in": the arrow points into the junction from the service; "out": from the junction to it.
            into = (tail and u == other) or (head and v == other)
            role = "open" if two_way else ("in" if into else "out")
            through.setdefault(j, []).append((other, role, label, two_way, line_no))
        elif head and not tail:
            chart.edges.append(ChartEdge(v, u, label, line_no))
        else:
            chart.edges.append(ChartEdge(u, v, label, line_no, two_way=two_way))
    chart.edges += _across_junctions(junctions, links, through, MAX_LINKS - len(chart.edges))
    if not chart.nodes:
        raise MermaidError(first_line, "the architecture diagram has no services")
    return chart


def _across_junctions(
    junctions: dict[str, int], links: list[tuple[str, str]], through: dict[str, list[tuple[str, str, str, bool, int]]],
    room: int = MAX_LINKS,
) -> list[ChartEdge]:
    """Edges between the services that meet at connected junctions; past ``room`` of them the diagram is refused
    at the junction that went past (every pair at one junction grows with the square of its services)."""
    root = {j: j for j in junctions}

    def find(j: str) -> str:
        while root[j] != j:
            root[j] = root[root[j]]
            j = root[j]
        return j

    for u, v in links:
        root[find(u)] = find(v)
    clusters: dict[str, list[str]] = {}
    for j in junctions:
        clusters.setdefault(find(j), []).append(j)
    out: list[ChartEdge] = []
    for members in clusters.values():
        ends = [(j, *e) for j in members for e in through.get(j, [])]
        if _pairs_at_most(ends, members) > room - len(out):
            raise MermaidError(junctions[members[0]], f"the links across junction {echo(members[0], 32, _Q)} make more "
                                                      f"than {MAX_LINKS} links; split the diagram")
        senders = [e for e in ends if e[2] == "in"]
        receivers = [e for e in ends if e[2] == "out"]
        if senders or receivers:
            opens = [e for e in ends if e[2] == "open"]
            for s in senders + (opens if receivers else []):
                for r in receivers + (opens if senders else []):
                    if s[1] != r[1]:
                        out.append(ChartEdge(s[1], r[1], s[3] or r[3], s[5], two_way=s[2] == "open" or r[2] == "open"))
            continue
        single = len(members) == 1
        for i, s in enumerate(ends):
            for r in ends[i + 1 :]:
                if s[1] != r[1] and (single or s[0] != r[0]):
                    out.append(ChartEdge(s[1], r[1], s[3] or r[3], s[5], two_way=True))
    return out


def _pairs_at_most(ends: list[tuple[str, str, str, str, bool, int]], members: list[str]) -> int:
    """An upper bound on the edges :func:`_across_junctions` draws for one cluster of junctions, counted cheaply."""
    roles = [e[2] for e in ends]
    senders, receivers, opens = roles.count("in"), roles.count("out"), roles.count("open")
    if senders or receivers:
        return (senders + (opens if receivers else 0)) * (receivers + (opens if senders else 0))
    return len(ends) * (len(ends) - 1) // 2
