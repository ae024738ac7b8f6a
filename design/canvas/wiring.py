"""What a component is, read from what it is wired to and drawn inside, when its label alone does not say.

Four habits of real drawings that the label of one box cannot reveal:

- **a group named for a role**: boxes of unknown kind inside "Clients",
  "Workers", "Databases" or "Kafka" are clients, workers, databases, topics;
- **replicas drawn as boxes**: "Replica 1" or "Read replica" fed from a
  primary (any shape, any arrow label: "replication", "async copy", none) is a
  copy of that store, so it takes the primary's kind, and both are
  replicated: the primary is no single copy of its data;
- **topics inside a messaging group**: boxes of unknown kind inside a group
  titled Kafka, Topics, Events, SNS... are queues (``orders.created`` already
  reads as one by its name); a group that names a managed product (MSK, SQS,
  Pub/Sub) makes them managed, one that says cluster makes them replicated.

- **an "App" behind a load balancer**: a box read as a client only from a weak
  word ("App", "Frontend", "Web") that a load balancer or gateway sends
  requests to, and that calls on itself, is a server, not a user's device
  (in a drawing that follows the data, the user's app only receives).

Kinds set here are marked ``kind_source="drawing"``, so the app still asks
the user to confirm them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from design.model.kinds import STRONG, infer_kind, managed_by_default, matched_terms
from design.model.labels import says, says_messaging, says_replica_copy, says_replicated
from design.model.sketch import Component, Flow, Group, Kind

__all__ = ["STORE_KINDS", "read_wiring"]

#: Kinds whose copies are replicas of data.
STORE_KINDS = frozenset({Kind.DATABASE, Kind.CACHE, Kind.SEARCH, Kind.QUEUE, Kind.OBJECT_STORAGE})
_PRIMARY_WORDS = ("primary", "master", "leader", "writer", "main")
#: Roles a group's title can give its members of unknown kind (a zone, a cluster or a layer gives none).
_ROLES = frozenset({Kind.CLIENT, Kind.SERVICE, Kind.WORKER, Kind.CACHE, Kind.QUEUE, Kind.DATABASE, Kind.SEARCH,
                    Kind.EXTERNAL, Kind.MONITORING, Kind.AUTH})
#: What sends requests on to servers, never to a user's device.
_FRONT_DOORS = frozenset({Kind.LOAD_BALANCER, Kind.API_GATEWAY})


def _label(c: Component) -> str:
    return f"{c.label}\n{c.note}" if c.note else c.label


def read_wiring(components: Sequence[Component], flows: Iterable[Flow], groups: Iterable[Group]) -> list[Component]:
    """``components`` with kinds and redundancy read from drawn replicas and messaging groups."""
    by_id = {c.id: c for c in components}
    changes: dict[str, dict[str, object]] = {}

    def change(cid: str, **fields: object) -> None:
        changes.setdefault(cid, {}).update(fields)

    def kind(cid: str) -> Kind:
        return changes.get(cid, {}).get("kind", by_id[cid].kind)  # type: ignore[return-value]

    for g in groups:
        # A group named for a role ("Clients", "Workers", "Databases") says what its unnamed members are.
        role = infer_kind(g.title)[0]
        if role in _ROLES:
            for cid in g.members:
                c = by_id.get(cid)
                if c is not None and kind(cid) is Kind.UNKNOWN:
                    change(cid, kind=role, kind_source="drawing", managed=managed_by_default(role, c.label))
        if not says_messaging(g.title):
            continue
        managed = managed_by_default(Kind.QUEUE, g.title)
        replicated = says_replicated(g.title)
        for cid in g.members:
            c = by_id.get(cid)
            if c is None or c.kind not in (Kind.UNKNOWN, Kind.QUEUE):
                continue
            if c.kind is Kind.UNKNOWN:
                change(cid, kind=Kind.QUEUE, kind_source="drawing")
            if managed:
                change(cid, managed=True)
            if replicated:
                change(cid, replicated=True)

    flows = list(flows)
    sends = {f.source for f in flows}
    for f in flows:
        a, b = by_id[f.source], by_id[f.target]
        if (b.kind is Kind.CLIENT and b.kind_source == "label" and a.kind in _FRONT_DOORS and not f.two_way
                and b.id in sends and not any(t[1] is Kind.CLIENT and t[2] >= STRONG for t in matched_terms(b.label))):
            change(b.id, kind=Kind.SERVICE, kind_source="drawing", managed=False)
    copies = {c.id for c in components if says_replica_copy(_label(c))}
    for f in flows:
        if f.source not in copies and f.target not in copies:
            continue
        a, b = by_id[f.source], by_id[f.target]
        for primary, copy in ((a, b), (b, a)):
            if copy.id not in copies or primary.id in copies:
                continue
            p_kind, c_kind = kind(primary.id), kind(copy.id)
            if p_kind is Kind.UNKNOWN and c_kind is Kind.UNKNOWN and says(_label(primary), *_PRIMARY_WORDS):
                change(primary.id, kind=Kind.DATABASE, kind_source="drawing")
                p_kind = Kind.DATABASE
            if p_kind not in STORE_KINDS or c_kind not in (Kind.UNKNOWN, p_kind):
                continue
            if c_kind is Kind.UNKNOWN:
                change(copy.id, kind=p_kind, kind_source="drawing")
            change(copy.id, replicated=True)
            change(primary.id, replicated=True)
    return [dataclasses.replace(c, **changes[c.id]) if c.id in changes else c for c in components]  # type: ignore[arg-type]
