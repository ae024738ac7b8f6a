"""Compare with a reference: the structural differences between the user's design and a strong answer, by role.

Shown only after the attempt (a saved version and a critique), so it may
name the reference's parts and quote why each is there. It never redraws the
user's design: each difference says what the reference does that the user's
design does not (or the other way round) and links to the user's own
component where one corresponds, so the user can find the spot on their
sketch.

First the two designs are put in correspondence: a reference component
matches a user component of the same kind (or of a kindred one: a service and
a worker, a load balancer and a gateway) with the most label words, neighbour
kinds and distance from the client in common; the best pairs are taken
first, ties by id. Then:

- a reference part with no counterpart is a *missing* role, phrased by what
  it does: a queue between the producer and the consumer (with "where you
  call it synchronously" when the user does), a cache in front of the store,
  a CDN in front of the origin, a balancer or gateway in front of the
  services, something that watches the system;
- an arrow the reference makes asynchronous that the user calls synchronously;
- a part the reference runs redundantly that the user runs as one instance;
- a user part with no counterpart in the reference (worth a sentence of why).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from critique.reference import ReferenceDesign
from design.analysis.context import SPARED_KINDS
from design.model.labels import flow_traits
from design.model.sketch import Component, Kind, Sketch

__all__ = ["Comparison", "Difference", "compare", "match_components"]

#: Kinds that can stand for each other when matching (a transcoding "service" against "workers").
_KINDRED = (
    frozenset({Kind.SERVICE, Kind.WORKER}),
    frozenset({Kind.LOAD_BALANCER, Kind.API_GATEWAY}),
    frozenset({Kind.CACHE, Kind.DATABASE}),
    frozenset({Kind.AUTH, Kind.SERVICE}),
)
#: The order in which missing roles are listed: what changes the design most first.
_ROLE_ORDER = (Kind.QUEUE, Kind.CACHE, Kind.CDN, Kind.LOAD_BALANCER, Kind.API_GATEWAY, Kind.DATABASE,
               Kind.OBJECT_STORAGE, Kind.SEARCH, Kind.WORKER, Kind.SERVICE, Kind.AUTH, Kind.EXTERNAL, Kind.DNS,
               Kind.MONITORING, Kind.UNKNOWN, Kind.CLIENT)
#: A balancer and a gateway both stand at the edge in front of the services: one plays the other's part.
_EDGE = frozenset({Kind.LOAD_BALANCER, Kind.API_GATEWAY})
_STORE_KINDS = frozenset({Kind.DATABASE, Kind.SEARCH, Kind.OBJECT_STORAGE})
_GENERIC = frozenset({"x", "the", "a", "of", "and", "for", "with"})
_TOKEN = re.compile(r"[a-z0-9]+")
_REPLICAS = re.compile(r"^x\d+$|^\d+$")


@dataclass(frozen=True, slots=True)
class Difference:
    """One structural difference: what it is about, in words, and where it lands on each design.

    ``role`` is ``missing``, ``async``, ``redundancy`` or ``extra``; ``kind`` the
    kind of part concerned; ``reference`` the reference component ids and
    ``yours`` the user's component ids it links to (empty when nothing corresponds).
    """

    role: str
    kind: Kind
    message: str
    why: str
    reference: tuple[str, ...]
    yours: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """The correspondence (reference id → user id) and the differences, most consequential first."""

    matches: Mapping[str, str]
    differences: tuple[Difference, ...]

    def for_component(self, user_id: str) -> tuple[Difference, ...]:
        """The differences linked to one of the user's components."""
        return tuple(d for d in self.differences if user_id in d.yours)


def _tokens(label: str) -> frozenset[str]:
    return frozenset(t for t in _TOKEN.findall(label.lower()) if t not in _GENERIC and not _REPLICAS.match(t))


def _kindred(a: Kind, b: Kind) -> bool:
    return a is b or any(a in group and b in group for group in _KINDRED)


def _depths(sketch: Sketch) -> dict[str, int]:
    """Hops from the nearest client (following arrows); parts no client reaches get a large depth."""
    out: dict[str, int] = {c.id: 0 for c in sketch.components if c.kind is Kind.CLIENT}
    frontier = list(out)
    succ: dict[str, list[str]] = {}
    for f in sketch.flows:
        succ.setdefault(f.source, []).append(f.target)
    while frontier:
        nxt = []
        for n in frontier:
            for m in succ.get(n, ()):
                if m not in out:
                    out[m] = out[n] + 1
                    nxt.append(m)
        frontier = nxt
    return out


def _neighbour_kinds(sketch: Sketch) -> dict[str, frozenset[tuple[str, Kind]]]:
    kinds = {c.id: c.kind for c in sketch.components}
    out: dict[str, set[tuple[str, Kind]]] = {c.id: set() for c in sketch.components}
    for f in sketch.flows:
        out[f.source].add(("out", kinds[f.target]))
        out[f.target].add(("in", kinds[f.source]))
    return {k: frozenset(v) for k, v in out.items()}


def match_components(user: Sketch, reference: Sketch) -> dict[str, str]:
    """Reference component id → the user's corresponding component id, best pairs first."""
    u_depth, r_depth = _depths(user), _depths(reference)
    u_nb, r_nb = _neighbour_kinds(user), _neighbour_kinds(reference)
    pairs: list[tuple[float, str, str]] = []
    for r in reference.components:
        rt = _tokens(r.label)
        for u in user.components:
            if not _kindred(r.kind, u.kind):
                continue
            ut = _tokens(u.label)
            words = len(rt & ut) / len(rt | ut) if rt | ut else 0.0
            if r.kind is not u.kind and words == 0 and not {r.kind, u.kind} <= _EDGE:
                continue  # a kindred kind needs the words to agree as well, except at the edge
            shared = r_nb[r.id] | u_nb[u.id]
            nb = len(r_nb[r.id] & u_nb[u.id]) / len(shared) if shared else 0.0
            depth = abs(r_depth.get(r.id, 9) - u_depth.get(u.id, 9))
            score = (3.0 if r.kind is u.kind else 1.0) + 4.0 * words + 1.5 * nb - 0.25 * min(depth, 4)
            pairs.append((score, r.id, u.id))
    matches: dict[str, str] = {}
    taken: set[str] = set()
    for _, rid, uid in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if rid not in matches and uid not in taken:
            matches[rid] = uid
            taken.add(uid)
    return matches


def _redundant(c: Component) -> bool:
    return c.replicas > 1 or c.replicated or c.managed or c.kind in SPARED_KINDS


def _names(sketch: Sketch, ids: Sequence[str]) -> str:
    labels = [sketch.component(i).label for i in ids]
    if not labels:
        return ""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def compare(user: Sketch, reference: ReferenceDesign) -> Comparison:
    """The structural differences between ``user`` and the reference, each linked to the user's parts."""
    ref = reference.sketch
    matches = match_components(user, ref)
    callers: dict[str, list[str]] = {c.id: [] for c in ref.components}
    callees: dict[str, list[str]] = {c.id: [] for c in ref.components}
    for f in ref.flows:
        callees[f.source].append(f.target)
        callers[f.target].append(f.source)
    user_pairs = {(f.source, f.target): f for f in user.flows}

    def mine(ids: Sequence[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(matches[i] for i in ids if i in matches))

    missing: list[tuple[int, str, Difference]] = []
    for r in ref.components:
        if r.id in matches or r.kind is Kind.CLIENT:
            continue
        why = reference.why.get(r.id, "")
        before, after = mine(callers[r.id]), mine(callees[r.id])
        if r.kind is Kind.CACHE:
            # A cache stands in front of the stores its readers also read: that is where it is missing.
            stores = [t for c in callers[r.id] for t in callees[c] if ref.component(t).kind in _STORE_KINDS]
            after = tuple(dict.fromkeys(after + mine(stores)))
        msg = _missing_message(r, user, before, after, user_pairs)
        missing.append((_ROLE_ORDER.index(r.kind), r.id,
                        Difference("missing", r.kind, msg, why, (r.id,), tuple(dict.fromkeys(before + after)))))

    differences = [d for _, _, d in sorted(missing, key=lambda t: (t[0], t[1]))]

    for f in ref.flows:
        if not flow_traits(f.label).asynchronous or f.source not in matches or f.target not in matches:
            continue
        theirs = user_pairs.get((matches[f.source], matches[f.target]))
        if theirs is None or flow_traits(theirs.label).asynchronous:
            continue
        a, b = user.component(matches[f.source]), user.component(matches[f.target])
        if Kind.QUEUE in (a.kind, b.kind):
            continue
        differences.append(Difference(
            "async", b.kind,
            f"{a.label} calls {b.label} synchronously; the reference sends it as an event "
            f"(“{f.label}”), so {a.label} does not wait for it.",
            reference.why.get(f.target, ""), (f.source, f.target), (a.id, b.id)))

    for rid, uid in sorted(matches.items()):
        r, u = ref.component(rid), user.component(uid)
        if _redundant(r) and not _redundant(u):
            count = f"{r.replicas} instances" if r.replicas > 1 else "a replicated set"
            differences.append(Difference(
                "redundancy", u.kind,
                f"{u.label} runs as one instance; the reference runs {r.label} as {count}.",
                reference.why.get(rid, ""), (rid,), (uid,)))

    matched_users = set(matches.values())
    for u in user.components:
        if u.id in matched_users or u.kind is Kind.CLIENT:
            continue
        differences.append(Difference(
            "extra", u.kind,
            f"{u.label} has no counterpart in the reference: say what it buys that the reference does without.",
            "", (), (u.id,)))
    return Comparison(matches, tuple(differences))


def _missing_message(r: Component, user: Sketch, before: tuple[str, ...], after: tuple[str, ...],
                     user_pairs: Mapping[tuple[str, str], object]) -> str:
    kind = r.kind
    if kind is Kind.QUEUE and before and after:
        a, b = before[0], after[0]
        direct = (a, b) in user_pairs
        tail = " where you call it synchronously" if direct else ""
        return (f"No queue between {user.component(a).label} and {user.component(b).label}{tail}: the reference "
                f"puts {r.label} there.")
    if kind is Kind.CACHE:
        stores = [i for i in after if user.component(i).kind in _STORE_KINDS]
        readers = [i for i in before if user.component(i).kind not in (Kind.CLIENT,)]
        target = _names(user, stores) or _names(user, readers)
        if target:
            return f"No cache in front of {target}: the reference reads through {r.label}."
        return f"No cache: the reference keeps hot data in {r.label}."
    if kind is Kind.CDN:
        origin = _names(user, after)
        return (f"No CDN in front of {origin}: the reference serves it from {r.label}." if origin
                else f"No CDN: the reference serves content from the edge through {r.label}.")
    if kind in (Kind.LOAD_BALANCER, Kind.API_GATEWAY):
        behind = _names(user, after)
        what = "load balancer" if kind is Kind.LOAD_BALANCER else "gateway"
        return (f"No {what} in front of {behind}: the reference puts {r.label} there." if behind
                else f"No {what}: the reference has {r.label} at the edge.")
    if kind is Kind.MONITORING:
        return f"Nothing watches the design: the reference sends metrics to {r.label}."
    if kind is Kind.WORKER and before:
        return (f"No background worker after {_names(user, before)}: the reference does that work in {r.label}, "
                "off the request path.")
    near = _names(user, tuple(dict.fromkeys(before + after)))
    where = f" next to {near}" if near else ""
    return f"No counterpart for {r.label} ({kind.value.replace('_', ' ')}){where}."
