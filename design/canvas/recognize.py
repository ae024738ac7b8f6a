"""Turn restored shapes into a :class:`~design.model.sketch.Sketch`: what is a component, what is a flow.

Geometry becomes topology here, once:

- a box is a component; a box drawn around other boxes is a group (a
  boundary with a title, never a component): see :mod:`design.canvas.containment`;
- text inside a box names it (its first line) and describes it (the rest,
  kept as the component's note); text inside a group only, away from every
  arrow, titles the group;
- an arrow end attaches to the box it lies in or within :data:`SNAP_TOLERANCE`
  pixels of (a group's border takes the ends drawn on it); an arrow whose end
  touches nothing is a dangling flow, never snapped across the canvas; one
  whose ends land on the same box is noted; an arrow to a group means its
  members (the ones entered from outside; from a group, the ones that lead out);
- a triangle at an arrow's end is its head: heads at both ends make one
  two-way conversation, a head at the start only reverses the drag direction;
- text near an arrow labels the arrow; any other text is a free note;
- numbered siblings and identical boxes behind one balancer are one pool
  (:mod:`design.canvas.pools`); replicas and topics are read from their wiring
  (:mod:`design.canvas.wiring`).

Ids are derived from labels (``web-server``, ``web-server-2``) and assigned in
an order that depends on content and position, never on the object order in
the input, so golden files, prompts and kind corrections stay stable.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from design.canvas.containment import attach, containers_of
from design.canvas.pools import find_pools
from design.canvas.restore import BoxShape, LineShape, Restored, TextShape
from design.canvas.wiring import read_wiring
from design.canvas.work import WorkBudget
from design.model.geometry import Box, GridIndex, Point, joined
from design.model.kinds import managed_by_default, name_and_note, read_kind
from design.model.labels import (
    parse_replicas,
    says_plural,
    says_replicated,
    says_response,
    slugify,
    zone_of,
)
from design.model.records import quick_init
from design.model.sketch import Component, DanglingFlow, Flow, FreeText, Group, Kind, Member, Note, Sketch

__all__ = [
    "FLOW_LABEL_TOLERANCE",
    "HEAD_TOLERANCE",
    "SNAP_TOLERANCE",
    "ComponentSpec",
    "FlowSpec",
    "LineIndex",
    "assemble",
    "assemble_ids",
    "attach",
    "build_sketch",
    "check_density",
    "make_component",
    "plan_matching",
    "response_pairs",
]

#: How far (px) outside a box an arrow end may stop and still attach to it.
SNAP_TOLERANCE = 20.0
#: How far (px) from an arrow a free text may sit and still label it.
FLOW_LABEL_TOLERANCE = 30.0
#: How far (px) from an arrow's end a triangle's centre may sit and still be that end's head.
HEAD_TOLERANCE = 18.0

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a label says about its component, read once per label per drawing."""

    name: str
    note: str
    kind: Kind
    source: str
    replicas: int
    replicated: bool
    managed: bool


@lru_cache(maxsize=8192)
def _read_label(label: str, shape_hint: Kind | None) -> _Reading:
    """Everything a label says, read once: a pure function of the text, so kept across reruns (the app
    recognises the same drawing on every stroke, and most of its labels did not change)."""
    name, note = name_and_note(label)
    kind, source = read_kind(name, note, shape_hint)
    plural = says_plural(name)
    replicas = parse_replicas(label) or (2 if plural else 1)
    return _Reading(name, note, kind, source, replicas, replicas > 1 or plural or says_replicated(label),
                    managed_by_default(kind, label))


def make_component(
    cid: str, label: str, box: Box, *, shape: str = "rect", shape_hint: Kind | None = None, origin: str = "",
    reading: _Reading | None = None,
) -> Component:
    """Build a component from its label: the first line names it, later lines describe it (its note).

    Kind comes from the name's head noun (then the whole name, then the
    note); replicas and replication from the whole text; a plural name
    ("Web Servers") is a pool of at least two.
    """
    r = reading if reading is not None else _read_label(label, shape_hint)
    return Component(
        id=cid,
        label=r.name,
        kind=r.kind,
        replicas=r.replicas,
        box=box,
        shape=shape,
        kind_source=r.source,
        replicated=r.replicated,
        source=origin,
        note=r.note,
        managed=r.managed,
    )


def _make_pool(cid: str, stem: str, specs: Sequence[ComponentSpec]) -> Component:
    """One component for a pool drawn as several boxes."""
    names = [name_and_note(s.label) for s in specs]
    notes = list(dict.fromkeys(n for _, n in names if n))
    note = "\n".join(notes)
    kind, source = read_kind(stem, note, specs[0].shape_hint)
    if kind is Kind.UNKNOWN:
        seen = [read_kind(name, n, s.shape_hint) for (name, n), s in zip(names, specs, strict=True)]
        known = [k for k in seen if k[0] is not Kind.UNKNOWN]
        if known:
            kind, source = max(known, key=lambda k: sum(1 for x in known if x[0] is k[0]))
    replicas = sum(parse_replicas(s.label) or 1 for s in specs)
    members = tuple(Member(name, s.box) for (name, _), s in zip(names, specs, strict=True))
    return Component(
        id=cid,
        label=stem,
        kind=kind,
        replicas=replicas,
        box=Box.around(p for m in members for p in (Point(m.box.left, m.box.top), Point(m.box.right, m.box.bottom))),
        shape=specs[0].shape,
        kind_source=source,
        replicated=True,
        source=specs[0].origin,
        members=members,
        note=note,
        managed=managed_by_default(kind, "\n".join([stem, *notes])),
    )


def assign_ids(items: Sequence[T], slug: Callable[[T], str], order: Callable[[T], tuple[object, ...]]) -> list[str]:
    """Give each item a unique readable id, in an order that ignores input order.

    Items are visited sorted by ``(slug, order(item))``; the first with a slug
    gets it bare, the next ``slug-2``, and so on. Returns ids aligned with
    ``items``.
    """
    slugs = [slug(item) for item in items]
    # ``order`` only breaks ties between equal slugs: it is asked only of items that share theirs.
    shared = {s for s, n in Counter(slugs).items() if n > 1}
    keys = [(s, order(item)) if s in shared else (s,) for s, item in zip(slugs, items, strict=True)]
    ranked = sorted(range(len(items)), key=keys.__getitem__)
    used: set[str] = set()
    # The last suffix given per slug: every lower one is taken already, so a
    # design with many same-named boxes is not quadratic.
    last: dict[str, int] = {}
    ids: list[str] = [""] * len(items)
    for i in ranked:
        base = slugs[i]
        n = last.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        last[base] = n
        ids[i] = candidate
    return ids


def _geo(box: Box) -> tuple[float, ...]:
    return (round(box.top, 1), round(box.left, 1), round(box.width, 1), round(box.height, 1))


@quick_init
@dataclass(frozen=True, slots=True)
class ComponentSpec:
    """A component before ids: what an importer (canvas, Mermaid, Excalidraw) found.

    ``label`` may hold description lines after the first. ``group`` says the
    input itself calls this a group (a Mermaid subgraph, an Excalidraw frame);
    otherwise a box is a group when it is drawn around other boxes.
    """

    label: str
    box: Box
    shape: str = "rect"
    shape_hint: Kind | None = None
    origin: str = ""
    key: str = ""
    group: bool = False


@quick_init
@dataclass(frozen=True, slots=True)
class FlowSpec:
    """An arrow before ids. ``source``/``target`` index into the component specs; ``None`` = unattached."""

    source: int | None
    target: int | None
    start: Point
    end: Point
    label: str = ""
    origin: str = ""
    two_way: bool = False


@dataclass
class _Layout:
    """What containment and pooling made of the specs, before components are built."""

    groups: list[int]  # spec indices that are groups
    parent: list[int | None]  # each spec's innermost group (a spec index), or None
    units: list[tuple[int, ...]]  # each final component: its spec indices (one, or a pool's members)
    stems: list[str]  # each unit's name (a pool's stem; a single box's own first line)
    unit_of: list[int | None]  # each spec's unit, or None (a group, or dropped)
    flows: list[tuple[int | None, int | None, FlowSpec]]  # flows between units (None: unattached)
    notes: list[Note]


def _layout(
    specs: Sequence[ComponentSpec],
    flows: Sequence[FlowSpec],
    split: Collection[str],
    parents: Sequence[int | None] | None,
) -> _Layout:
    n = len(specs)
    parent = list(parents) if parents is not None else containers_of([s.box for s in specs])
    notes: list[Note] = []
    touched = [0] * n
    for f in flows:
        for e in (f.source, f.target):
            if e is not None:
                touched[e] += 1
    has_child = [False] * n
    for p in parent:
        if p is not None:
            has_child[p] = True
    # An unlabeled, unwired box drawn inside a labelled box is part of its drawing (a partition, an icon).
    dropped = [False] * n
    for i, p in enumerate(parent):
        if (p is not None and not has_child[i] and not touched[i] and not specs[i].label.strip()
                and specs[p].label.strip() and not specs[p].group):
            dropped[i] = True
            notes.append(Note(specs[i].origin, f"a box with no label inside {_name(specs[p])!r} is read as part "
                                               "of it; label it to make it a component"))
    is_group = [False] * n
    for i, p in enumerate(parent):
        if p is not None and not dropped[i]:
            is_group[p] = True
    for i in range(n):
        if specs[i].group and not is_group[i] and not touched[i]:
            dropped[i] = True  # a stated group with nothing in it; wired, it stands for a component
            notes.append(Note(specs[i].origin, f"group {_name(specs[i])!r} holds no component; ignored"))
    # Only groups hold members: a dropped box's box no longer counts as anyone's container.
    parent = [p if p is None or is_group[p] else None for p in parent]
    leaves = [i for i in range(n) if not is_group[i] and not dropped[i]]

    # Which groups each leaf sits in (innermost first), and which groups an arrow end means.
    has_groups = any(is_group)
    chains: dict[int, list[int]] = {}
    for i in leaves if has_groups else ():
        chain, p = [], parent[i]
        while p is not None and len(chain) < 64:
            chain.append(p)
            p = parent[p]
        chains[i] = chain
    inside: dict[int, list[int]] = {}
    for i in chains:
        for g in chains[i]:
            inside.setdefault(g, []).append(i)
    entered: set[tuple[int, int]] = set()  # (group, leaf): the leaf has a flow in from inside the group
    left: set[tuple[int, int]] = set()  # (group, leaf): the leaf has a flow out to inside the group
    for f in flows if has_groups else ():
        a, b = f.source, f.target
        if a is None or b is None or a == b or is_group[a] or is_group[b] or dropped[a] or dropped[b]:
            continue
        common = set(chains[a]) & set(chains[b])
        for g in common:
            entered.add((g, b))
            left.add((g, a))

    def ends(i: int | None, into: bool, watched: bool) -> list[int | None]:
        if i is None or dropped[i]:
            return [None]
        if not is_group[i]:
            return [i]
        members = inside.get(i, [])
        if watched:  # monitoring scrapes (or hears from) every member, not the group's way in or out
            return list(members) or [None]
        edge = [m for m in members if (i, m) not in (entered if into else left)]
        return edge or members or [None]

    def monitoring(i: int | None) -> bool:
        if i is None or is_group[i]:
            return False
        return _read_label(specs[i].label, specs[i].shape_hint).kind is Kind.MONITORING

    expanded: list[tuple[int | None, int | None, FlowSpec]] = []
    for f in flows:
        if not has_groups:  # the usual drawing: every end is a box, or nothing
            a, b = f.source, f.target
            expanded.append((None if a is None or dropped[a] else a, None if b is None or dropped[b] else b, f))
            continue
        via_group = any(e is not None and is_group[e] for e in (f.source, f.target))
        watched = via_group and (monitoring(f.source) or monitoring(f.target))
        for a in ends(f.source, into=False, watched=watched):
            for b in ends(f.target, into=True, watched=watched):
                if via_group and a is not None and a == b:
                    continue  # a member's arrow to its own group: nothing to draw
                expanded.append((a, b, f))

    # Pools among the leaves.
    position = {i: k for k, i in enumerate(leaves)}
    names = [_read_label(specs[i].label, specs[i].shape_hint).name for i in leaves]

    def kind_of(k: int) -> Kind:  # asked only about boxes that could be pooled and their neighbours
        spec = specs[leaves[k]]
        return _read_label(spec.label, spec.shape_hint).kind

    edges = [(position[a], position[b]) for a, b, _ in expanded if a is not None and b is not None]
    pools = find_pools(names, kind_of, [parent[i] for i in leaves], edges,
                       [(specs[i].box.top, specs[i].box.left) for i in leaves])
    units: list[tuple[int, ...]] = []
    stems: list[str] = []
    pooled: set[int] = set()
    for pool in pools:
        members = tuple(leaves[k] for k in pool.members if leaves[k] not in pooled)
        if len(members) >= 2:
            pooled.update(members)
            units.append(members)
            stems.append(pool.stem)
    for i in leaves:
        if i not in pooled:
            units.append((i,))
            stems.append(names[position[i]])
    if split:
        ids = _unit_ids(specs, units, stems)
        keep, keep_stems = [], []
        for unit, stem, uid in zip(units, stems, ids, strict=True):
            if len(unit) > 1 and uid in split:
                keep += [(i,) for i in unit]
                keep_stems += [names[position[i]] for i in unit]
            else:
                keep.append(unit)
                keep_stems.append(stem)
        units, stems = keep, keep_stems
    unit_of: list[int | None] = [None] * n
    for u, unit in enumerate(units):
        for i in unit:
            unit_of[i] = u
    out_flows = [(None if a is None else unit_of[a], None if b is None else unit_of[b], f) for a, b, f in expanded]
    return _Layout([i for i in range(n) if is_group[i] and not dropped[i]], parent, units, stems, unit_of, out_flows,
                   notes)


def _name(spec: ComponentSpec) -> str:
    return name_and_note(spec.label)[0] or "(no label)"


def _unit_ids(specs: Sequence[ComponentSpec], units: Sequence[tuple[int, ...]], stems: Sequence[str]) -> list[str]:
    return assign_ids(
        range(len(units)),
        lambda u: slugify(stems[u], "unlabeled-box") if stems[u] else "unlabeled-box",
        lambda u: (*_geo(specs[units[u][0]].box), stems[u], specs[units[u][0]].label, specs[units[u][0]].key),
    )


def assemble(
    specs: Sequence[ComponentSpec],
    flows: Sequence[FlowSpec],
    texts: Iterable[FreeText] = (),
    notes: Iterable[Note] = (),
    *,
    split: Collection[str] = (),
) -> Sketch:
    """Give ids to components, groups and flows and build the sorted, frozen sketch.

    Importers of every format end here, so groups, pools and ids follow the
    same rules whatever the input was. ``split`` holds pool ids the user asked
    to see as separate boxes.
    """
    return assemble_ids(specs, flows, texts, notes, split=split)[0]


def assemble_ids(
    specs: Sequence[ComponentSpec],
    flows: Sequence[FlowSpec],
    texts: Iterable[FreeText] = (),
    notes: Iterable[Note] = (),
    *,
    split: Collection[str] = (),
    parents: Sequence[int | None] | None = None,
) -> tuple[Sketch, list[str | None]]:
    """:func:`assemble`, plus the component id each spec became (``None`` for a group or a dropped box).

    ``parents`` passes each spec's smallest container when the caller has
    worked it out already (canvas recognition needs it before assembling).
    """
    lay = _layout(specs, flows, split, parents)
    cids = _unit_ids(specs, lay.units, lay.stems)
    components: list[Component] = []
    for cid, unit, stem in zip(cids, lay.units, lay.stems, strict=True):
        if len(unit) == 1:
            s = specs[unit[0]]
            components.append(make_component(cid, s.label, s.box, shape=s.shape, origin=s.origin,
                                             reading=_read_label(s.label, s.shape_hint)))
        else:
            components.append(_make_pool(cid, stem, [specs[i] for i in unit]))
    out_notes = list(notes) + lay.notes
    attached: list[FlowSpec] = []
    ends: list[tuple[int, int]] = []
    loose: list[tuple[int | None, int | None, FlowSpec]] = []
    for a, b, f in lay.flows:
        if a is not None and a == b:
            if f.source is not None and f.source == f.target:
                out_notes.append(Note(f.origin, f"both ends of this arrow are on {cids[a]!r}; ignored"))
            elif len(lay.units[a]) > 1:
                out_notes.append(Note(f.origin, f"this arrow joins two boxes of the pool {cids[a]!r}; ignored"))
            else:
                out_notes.append(Note(f.origin, f"both ends of this arrow are on {cids[a]!r}; ignored"))
        elif a is None or b is None:
            loose.append((a, b, f))
        else:
            attached.append(f)
            ends.append((a, b))

    def flow_order(item: tuple[FlowSpec, tuple[int, int]]) -> tuple[object, ...]:
        f = item[0]
        return (round(f.start.y, 1), round(f.start.x, 1), round(f.end.y, 1), round(f.end.x, 1), f.label)

    pairs = list(zip(attached, ends, strict=True))
    fids = assign_ids(pairs, lambda p: f"{cids[p[1][0]]}->{cids[p[1][1]]}", flow_order)
    flow_records = [
        Flow(fid, cids[a], cids[b], f.label, f.start, f.end, f.origin, f.two_way)
        for fid, (f, (a, b)) in zip(fids, pairs, strict=True)
    ]
    paired = response_pairs(flow_records)
    if paired:  # a call and its answer drawn as two arrows: one two-way conversation
        flow_records = [dataclasses.replace(f, two_way=True) if f.id in paired else f for f in flow_records]
    ranked = sorted(loose, key=lambda item: flow_order((item[2], (0, 0))))
    dangling = [
        DanglingFlow(f"dangling-{k}", f.start, f.end, cids[a] if a is not None else None,
                     cids[b] if b is not None else None, f.label, f.origin)
        for k, (a, b, f) in enumerate(ranked, 1)
    ]
    groups = _groups(specs, lay, cids)
    components = read_wiring(components, flow_records, groups)
    ids_by_spec = [None if u is None else cids[u] for u in lay.unit_of]
    sketch = Sketch(
        components=tuple(sorted(components, key=lambda c: c.id)),
        flows=tuple(sorted(flow_records, key=lambda f: f.id)),
        dangling=tuple(dangling),
        texts=tuple(sorted(texts, key=lambda t: (round(t.at.y, 1), round(t.at.x, 1), t.text))),
        notes=tuple(out_notes),
        groups=groups,
    )
    return sketch, ids_by_spec


def response_pairs(flows: Iterable[Flow]) -> frozenset[str]:
    """Ids of flows that are one conversation drawn as two arrows: A→B, and B→A labelled as its answer
    ("response", "reply", "ack", "result") while A→B is not."""
    flows = list(flows)
    answer = {label: says_response(label) for label in {f.label for f in flows}}
    answers = [f for f in flows if answer[f.label]]
    if not answers:
        return frozenset()
    by_pair: dict[tuple[str, str], list[Flow]] = {}
    for f in flows:
        by_pair.setdefault((f.source, f.target), []).append(f)
    out: set[str] = set()
    for f in answers:
        calls = [g for g in by_pair.get((f.target, f.source), []) if not answer[g.label]]
        if calls:
            out.add(f.id)
            out.update(g.id for g in calls)
    return frozenset(out)


def _groups(specs: Sequence[ComponentSpec], lay: _Layout, cids: Sequence[str]) -> tuple[Group, ...]:
    """The group records: titles, zones, transitive members (component ids) and parents."""
    if not lay.groups:
        return ()
    members: dict[int, set[str]] = {g: set() for g in lay.groups}
    for i, u in enumerate(lay.unit_of):
        if u is None:
            continue
        p, depth = lay.parent[i], 0
        while p is not None and depth < 64:
            if p in members:
                members[p].add(cids[u])
            p, depth = lay.parent[p], depth + 1
    # A group's title is its whole first line: "Edge - eu-central-1" names its region after the dash.
    titles = {g: specs[g].label.split("\n", 1)[0] for g in lay.groups}
    taken = set(cids)
    gids = assign_ids(
        lay.groups,
        lambda g: (lambda slug: slug + "-group" if slug in taken else slug)(slugify(titles[g], "group")),
        lambda g: (*_geo(specs[g].box), titles[g], specs[g].key),
    )
    gid = dict(zip(lay.groups, gids, strict=True))
    out = []
    for g in lay.groups:
        zone = zone_of(titles[g])
        out.append(Group(
            id=gid[g],
            title=titles[g],
            members=tuple(sorted(members[g])),
            box=specs[g].box,
            zone=zone[0] if zone else None,
            domain=zone[1] if zone else None,
            parent=gid.get(lay.parent[g]) if lay.parent[g] is not None else None,  # type: ignore[arg-type]
            source=specs[g].origin,
        ))
    return tuple(sorted(out, key=lambda g: g.id))


def _lines_of(texts: list[TextShape]) -> str:
    """Texts inside one box as lines, top to bottom; texts side by side on one row join with a space."""
    rows: list[list[TextShape]] = []
    for t in sorted(texts, key=lambda t: (t.box.center.y, t.box.left)):
        if rows and abs(t.box.center.y - rows[-1][0].box.center.y) < max(8.0, t.box.height / 2):
            rows[-1].append(t)
        else:
            rows.append([t])
    return "\n".join(" ".join(t.text for t in sorted(row, key=lambda t: t.box.left)) for row in rows)


def _join(texts: list[TextShape]) -> str:
    """An arrow's label texts, top to bottom then left to right (most arrows have none or one: nothing to sort)."""
    if len(texts) < 2:
        return texts[0].text if texts else ""
    return " ".join(t.text for t in sorted(texts, key=lambda t: (round(t.box.top), t.box.left)))


class LineIndex:
    """Arrows filed by extent, so that finding the arrow a text labels looks at the arrows near it, not at all."""

    def __init__(self, lines: Sequence[tuple[Point, Point]]):
        reach = FLOW_LABEL_TOLERANCE + 1.0  # as in attach: a margin over rounding for the first, cheapest test
        # Each arrow is filed under its extent with what nearest reads of it, computed once, not per candidate
        # text: its extent widened by ``reach`` (the cheap reject), its extent, and the segment as
        # segment_distance reads it (start, direction, squared length). Every figure is the same arithmetic as
        # before, so the same floats.
        self.index: GridIndex[tuple[float, ...]] = GridIndex((), FLOW_LABEL_TOLERANCE)
        self._count = len(lines)
        file = self.index.file
        for i, (a, b) in enumerate(lines):
            left, top = min(a.x, b.x), min(a.y, b.y)
            width, height = max(a.x, b.x) - left, max(a.y, b.y) - top
            right, bottom = left + width, top + height
            dx, dy = b.x - a.x, b.y - a.y
            file((i, (left - reach, top - reach, right + reach, bottom + reach, left, top, right, bottom,
                      a.x, a.y, dx, dy, dx * dx + dy * dy)), left, top, width, height)

    def nearest(self, c: Point, near: Sequence[tuple[int, tuple[float, ...]]] | None = None) -> int | None:
        """The arrow within :data:`FLOW_LABEL_TOLERANCE` of ``c`` (the nearest, then the first), or ``None``
        (``near``: what ``self.index.near(c)`` gives, when the caller has it already)."""
        if not self._count:
            return None
        best: tuple[float, int] | None = None
        x, y = c.x, c.y
        hypot = math.hypot
        for i, arrow in self.index.near(c) if near is None else near:
            if x < arrow[0] or y < arrow[1] or x > arrow[2] or y > arrow[3]:
                continue
            _, _, _, _, left, top, right, bottom, ax, ay, dx, dy, length2 = arrow
            # Box.distance, inline: the cheap reject before the exact distance (0 inside the extent, where most
            # candidates that pass the test above sit, so asked only outside it).
            if not (left <= x <= right and top <= y <= bottom) and hypot(
                    max(left - x, 0.0, x - right), max(top - y, 0.0, y - bottom)) > FLOW_LABEL_TOLERANCE:
                continue
            # segment_distance(c, start, end), inline, with the same arithmetic.
            u = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
            d = hypot(x - (ax + u * dx), y - (ay + u * dy))
            if d <= FLOW_LABEL_TOLERANCE and (best is None or (d, i) < best):
                best = (d, i)
        return None if best is None else best[1]


def _end_index(lines: Sequence[tuple[Point, Point]]) -> GridIndex:
    """Both ends of every arrow (``2 * i`` its start, ``2 * i + 1`` its end), filed for the heads near them."""
    return GridIndex(
        ((2 * i + k, Box(p.x, p.y, 0.0, 0.0)) for i, ends in enumerate(lines) for k, p in enumerate(ends)),
        HEAD_TOLERANCE,
    )


@dataclass
class _Candidates:
    """What the plan found near each point it counted, for the matching to read (filed lists, not copies)."""

    boxes: list[list[list[tuple[int, Box]]]]  # each box's centre, among the boxes
    texts: list[list[list[tuple[int, Box]]]]  # each text's centre, among the boxes
    ends: list[list[list[tuple[int, Box]]]]  # each arrow's start and end, in turn, among the boxes
    labels: list[list[list[tuple[int, tuple[float, ...]]]]]  # each text's centre, among the arrows


def plan_matching(
    boxes: Sequence[Box], lines: Sequence[tuple[Point, Point]], texts: Sequence[Point], *,
    heads: Sequence[Point] = (), tolerance: float = SNAP_TOLERANCE, budget: WorkBudget | None = None,
) -> tuple[GridIndex, LineIndex]:
    """The indexes recognition matches with, once the work they imply is within ``budget``.

    Every box centre is counted against the boxes (the search for its
    container), every text centre against the boxes and the arrows (texts in
    groups may label arrows too), both ends of every arrow against the boxes,
    and every arrowhead against the arrow ends: an upper bound on the
    matching, so a drawing that passes here passes wherever it is recognised
    again. Raises :class:`~design.canvas.work.LayoutTooDense` before any matching.
    """
    box_index, line_index, _ = _plan_candidates(boxes, [b.center for b in boxes], lines, texts, heads, tolerance,
                                                budget)
    return box_index, line_index


def _plan_candidates(
    boxes: Sequence[Box], centres: Sequence[Point], lines: Sequence[tuple[Point, Point]], texts: Sequence[Point],
    heads: Sequence[Point], tolerance: float, budget: WorkBudget | None,
) -> tuple[GridIndex[Box], LineIndex, _Candidates]:
    """:func:`plan_matching`, keeping what each counted point has near it: the matching asks the same points
    the same questions, so it reads the lists found here instead of asking the indexes again."""
    budget = budget if budget is not None else WorkBudget(len(boxes) + len(lines) + len(texts) + len(heads))
    box_index: GridIndex[Box] = GridIndex(enumerate(boxes), tolerance)
    line_index = LineIndex(lines)
    found = _Candidates(
        budget.charge_cells(box_index, centres, "boxes with the boxes around them"),
        budget.charge_cells(box_index, texts, "texts with the boxes around them"),
        budget.charge_cells(box_index, [p for ends in lines for p in ends], "arrow ends with boxes"),
        budget.charge_cells(line_index.index, texts, "texts with the arrows they may label"),
    )
    if heads:
        budget.charge(_end_index(lines), heads, "arrowheads with arrow ends")
    return box_index, line_index, found


def _plan(restored: Restored, tolerance: float, budget: WorkBudget | None,
          text_centres: Sequence[Point] | None = None,
          box_centres: Sequence[Point] | None = None) -> tuple[GridIndex[Box], LineIndex, _Candidates]:
    boxes = [b.box for b in restored.boxes]
    return _plan_candidates(
        boxes, box_centres if box_centres is not None else [b.center for b in boxes],
        [(ln.start, ln.end) for ln in restored.lines],
        text_centres if text_centres is not None else [t.box.center for t in restored.texts],
        [h.center for h in restored.heads], tolerance, budget)


def check_density(restored: Restored) -> None:
    """Refuse (:class:`~design.canvas.work.LayoutTooDense`) a canvas :func:`build_sketch` would refuse, cheaply."""
    _plan(restored, SNAP_TOLERANCE, None)


def _heads(restored: Restored, lines: Sequence[LineShape], notes: list[Note]) -> tuple[set[int], set[int]]:
    """Which lines have a triangle (an arrowhead) at their start, and which at their end.

    A triangle at no arrow's end is noted and ignored.
    """
    if not restored.heads:
        return set(), set()
    ends = _end_index([(ln.start, ln.end) for ln in lines])
    at_start: set[int] = set()
    at_end: set[int] = set()
    for h in restored.heads:
        c = h.center
        near = [(math.hypot(b.left - c.x, b.top - c.y), k) for k, b in ends.near(c)]
        near = [x for x in near if x[0] <= HEAD_TOLERANCE + h.size / 2]
        if near:
            k = min(near)[1]
            (at_start if k % 2 == 0 else at_end).add(k // 2)
        else:
            notes.append(Note(restored.where(h.index), "a triangle at no arrow's end is not part of the design "
                                                      "vocabulary, ignored"))
    return at_start, at_end


def build_sketch(
    restored: Restored, *, tolerance: float = SNAP_TOLERANCE, split: Collection[str] = (),
    budget: WorkBudget | None = None,
) -> Sketch:
    """Recognise components, groups, flows, dangling arrows and notes in restored canvas shapes.

    ``split`` holds pool ids the user asked to see as separate boxes. The
    matching work is counted first and bounded by ``budget`` (by default one
    that grows linearly with the shapes): shapes piled at one spot are refused
    with :class:`~design.canvas.work.LayoutTooDense`, never matched for minutes.
    """
    boxes: list[BoxShape] = list(restored.boxes)
    # Each text's and box's centre, computed once (Box.center builds a Point per call): the plan, the boxes
    # holding a text and the arrows it may label all ask a text's; the plan and the search for containers a box's.
    text_centres = [t.box.center for t in restored.texts]
    box_centres = [b.box.center for b in boxes]
    text_at = {id(t): k for k, t in enumerate(restored.texts)}
    box_index, line_index, near = _plan(restored, tolerance, budget, text_centres, box_centres)
    parents = containers_of([b.box for b in boxes], box_index, [joined(cells) for cells in near.boxes])
    containers = {p for p in parents if p is not None}

    inside: dict[int, list[TextShape]] = {}
    in_group: dict[int, list[TextShape]] = {}
    free: list[TextShape] = []
    for k, t in enumerate(restored.texts):
        c = text_centres[k]
        x, y = c.x, c.y
        holders = [  # Box.contains and Box.area, inline: every text asks every box near it
            (i in containers, b.width * b.height, i)
            for i, b in joined(near.texts[k])
            if b.left <= x <= b.left + b.width and b.top <= y <= b.top + b.height
        ]
        if holders:
            container, _, i = min(holders)
            (in_group if container else inside).setdefault(i, []).append(t)
        else:
            free.append(t)

    flow_labels: dict[int, list[TextShape]] = {}
    texts: list[FreeText] = []
    lines: list[LineShape] = list(restored.lines)
    candidates = free + [t for ts in in_group.values() for t in ts]
    group_of_text = {id(t): g for g, ts in in_group.items() for t in ts}
    titles: dict[int, list[TextShape]] = {}
    for t in candidates:
        k = text_at[id(t)]
        c = text_centres[k]
        owner = line_index.nearest(c, joined(near.labels[k])) if lines else None
        g = group_of_text.get(id(t)) if group_of_text else None
        if owner is not None:
            flow_labels.setdefault(owner, []).append(t)
        elif g is not None:
            titles.setdefault(g, []).append(t)
        else:
            texts.append(FreeText(t.text, c, restored.where(t.index)))

    specs = []
    for i, b in enumerate(boxes):
        if i in containers:
            # A group's title: its own label, else the topmost text in it; other texts stay notes.
            own = sorted(titles.get(i, []), key=lambda t: (t.box.top, t.box.left))
            label = b.label
            if not label and own:
                label, own = own[0].text.split("\n", 1)[0], own[1:]
            texts += [FreeText(t.text, t.box.center, restored.where(t.index)) for t in own]
        else:
            label = "\n".join(x for x in (b.label, _lines_of(inside.get(i, []))) if x)
        specs.append(ComponentSpec(label, b.box, b.shape, None, restored.where(b.index), key=str(b.index)))

    head_notes: list[Note] = []
    at_start, at_end = _heads(restored, lines, head_notes)
    flows = []
    for i, ln in enumerate(lines):
        src = attach(box_index, ln.start, tolerance, containers, joined(near.ends[2 * i]))
        dst = attach(box_index, ln.end, tolerance, containers, joined(near.ends[2 * i + 1]))
        label = _join(flow_labels.get(i, []))
        where = restored.where(ln.index)
        if i in at_start and i not in at_end:  # the head is where the drag began: the arrow points back
            flows.append(FlowSpec(dst, src, ln.end, ln.start, label, where))
        else:
            flows.append(FlowSpec(src, dst, ln.start, ln.end, label, where, two_way=i in at_start and i in at_end))
    return assemble_ids(specs, flows, texts, (*restored.notes, *head_notes), split=split, parents=parents)[0]
