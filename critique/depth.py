"""How deep the critic digs at each interview level: what mid leaves for later, and what staff adds.

The level the user practises for (:class:`critique.rubric.Level`) changes the
questions, not the manners:

- **mid** is held to the basics: what loses data or service, the numbers and
  the requirements. Questions about cost, operations, security and fine
  points of consistency, and every low-severity question, drop to the back
  of the queue, so they are asked only when nothing basic is left; the
  critique is one question shorter.
- **senior** gets the critique as it always was.
- **staff** is asked, on top, what no single box shows, each time naming the
  user's own components: a whole region going away (what users see, what is
  lost, where the data lives), reads across regions, what the drawing costs
  and which line of the bill grows fastest, who owns which service and how a
  contract between two of them changes without a lockstep deploy, and what
  to run yourselves versus buy. The critique is one question longer.

Pure and deterministic: the same request at the same level always adds and
moves the same probes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from critique.facts import DesignFacts, Node
from critique.models import DESIGN, MAX_PROBES, CritiqueRequest, Mode, Probe
from critique.rubric import Level
from design.analysis.context import DATASTORE_KINDS, MANAGED_KINDS
from design.model.kinds import is_managed_product
from design.model.sketch import Kind, Severity

__all__ = ["MID_LATER", "LevelProbe", "level_limit", "level_tier", "staff_probes"]

#: Categories a mid-level round leaves for later (asked only when nothing basic is left).
MID_LATER = frozenset({"cost", "operations", "security", "variant"})
#: How many tiers a question a level leaves for later drops.
_LATER = 4
_LIMIT_DELTA = {Level.MID: -1, Level.SENIOR: 0, Level.STAFF: 1}
#: The tier of the staff questions proper (region, cost, teams): ahead of everything, so they are always asked.
_FIRST = -1
#: Where the data of record lives: what a region's loss is about first (then caches and queues).
_RECORD = frozenset({Kind.DATABASE, Kind.SEARCH, Kind.OBJECT_STORAGE})
_TEAM_KINDS = frozenset({Kind.SERVICE, Kind.WORKER, Kind.API_GATEWAY, Kind.AUTH})
_RUN_YOURSELF = frozenset({Kind.QUEUE, Kind.SEARCH, Kind.DATABASE, Kind.CACHE})


@dataclass(frozen=True, slots=True)
class LevelProbe:
    """A probe a level adds: the question, its tier (0 is asked first) and its topic (never asked twice)."""

    probe: Probe
    tier: int
    topic: str


def level_limit(limit: int, level: Level) -> int:
    """How many probes a critique asks at ``level``, from the mode's own count."""
    return max(1, min(MAX_PROBES, limit + _LIMIT_DELTA[level]))


def level_tier(level: Level, mode: Mode, probe: Probe, tier: int) -> int:
    """The tier of a candidate probe at ``level``: mid moves what is not basic to the back."""
    if level is not Level.MID:
        return tier
    later = probe.category in MID_LATER and not (mode is Mode.HARDER and probe.category == "variant")
    later = later or (probe.category == "consistency" and probe.severity is not Severity.HIGH)
    later = later or probe.severity in (Severity.LOW, Severity.INFO)
    return tier + _LATER if later else tier


def _money(usd: float) -> str:
    return f"${usd:,.0f}"


def _primary_store(facts: DesignFacts) -> Node | None:
    """The store that matters most when a region goes: written to, most callers, run by the user first."""
    stores = [n for n in facts.nodes.values() if n.kind in DATASTORE_KINDS]
    ranked = sorted(stores, key=lambda n: (n.kind not in _RECORD, not n.writes_in, n.kind in MANAGED_KINDS,
                                           -len(n.callers), n.id))
    return ranked[0] if ranked else None


def _region(facts: DesignFacts) -> Iterable[LevelProbe]:
    store = _primary_store(facts)
    if store is None:
        yield LevelProbe(Probe(
            "Take away the region this design runs in. What do users see, what state is lost, and how long "
            "until it serves again from somewhere else?",
            "At staff level the failure domain is a region, not a box: the answer sets the data loss (RPO) and "
            "downtime (RTO) the business signs up for.",
            (DESIGN,), "durability", Severity.MEDIUM), _FIRST, "staff:region")
        return
    yield LevelProbe(Probe(
        f"Take away the region {store.name} runs in. What do users see, how much of the last minute's writes "
        f"to {store.name} is lost, and how long until it serves again from another region?",
        "At staff level the failure domain is a region, not a box: the answer sets the data loss (RPO) and "
        "downtime (RTO) the business signs up for, and decides where each piece of data must live.",
        (store.id,), "durability", Severity.HIGH if store.single else Severity.MEDIUM), _FIRST, "staff:region")
    readers = [n for n in facts.nodes.values() if n.id in store.callers and n.kind is not Kind.CLIENT]
    if store.writes_in and readers:
        yield LevelProbe(Probe(
            f"Give {store.name} a copy in a second region. A user writes through {readers[0].name} in one region "
            "and reads from the other a second later: what do they see, and which operations must stay strongly "
            "consistent at the price of a cross-region round trip?",
            "Going multi-region trades latency for consistency per operation; a staff answer names which "
            "operations get which, and what the users of each see.",
            (store.id, readers[0].id), "consistency", Severity.MEDIUM), 1, "staff:geo-reads")


def _cost(request: CritiqueRequest, facts: DesignFacts) -> Iterable[LevelProbe]:
    numbers = request.numbers
    lines = [(cid, n, each) for cid, n, each in (numbers.cost.lines if numbers is not None else ())
             if cid in facts.nodes and each > 0]
    if numbers is None or not lines:
        yield LevelProbe(Probe(
            "What does this design cost a month, roughly, and which component dominates the bill at 10× the "
            "traffic?",
            "A staff engineer owns the bill as well as the uptime: a design that scales linearly in cost may not "
            "survive its own success.",
            (DESIGN,), "cost", Severity.MEDIUM), _FIRST, "staff:cost")
        return
    cid, count, each = max(lines, key=lambda line: (line[1] * line[2], line[0]))
    name = facts.nodes[cid].name
    yield LevelProbe(Probe(
        f"By typical prices this drawing costs about {_money(numbers.cost.monthly_usd)} a month, and {name} "
        f"({count} × {_money(each)}) is the largest line. At 10× the traffic, which line grows fastest, and what "
        "would you give up to keep the bill from growing 10×?",
        "A staff engineer owns the bill as well as the uptime: knowing which line grows with traffic, and which "
        "trade buys it back, is part of the design.",
        (cid,), "cost", Severity.MEDIUM), _FIRST, "staff:cost")


def _teams(facts: DesignFacts) -> Iterable[LevelProbe]:
    owned = [n for n in facts.nodes.values() if n.kind in _TEAM_KINDS and n.kind not in MANAGED_KINDS]
    pairs = [(a, facts.nodes[b]) for a in owned for b in a.callees if facts.nodes[b] in owned]
    if pairs:
        a, b = min(pairs, key=lambda p: (not p[0].on_path, p[0].id, p[1].id))
        yield LevelProbe(Probe(
            f"Say {a.name} and {b.name} belong to two teams. How does a change to what {a.name} sends {b.name} "
            f"ship without a lockstep deploy, and who is paged when {b.name} is slow?",
            "Services split along team lines; the contract between them, its versioning and its on-call are "
            "the organisational half of the design.",
            (a.id, b.id), "operations", Severity.MEDIUM), _FIRST, "staff:teams")
    elif owned:
        one = owned[0]
        yield LevelProbe(Probe(
            f"A second team joins next quarter. Where would you split {one.name}, and what stays shared between "
            "the teams: the database, the deploy pipeline, the on-call rota?",
            "The first split of a service follows team boundaries more often than load; a staff answer plans it.",
            (one.id,), "operations", Severity.LOW), _FIRST, "staff:teams")
    run = [n for n in facts.nodes.values() if n.kind in _RUN_YOURSELF and n.kind not in MANAGED_KINDS
           and not is_managed_product(n.name)]
    if run:
        one = sorted(run, key=lambda n: (-len(n.callers), n.id))[0]
        yield LevelProbe(Probe(
            f"You run {one.name} yourselves. Run it or buy it as a managed service: what does operating it cost in "
            "people and on-call, and at what scale does the answer flip?",
            "Build-versus-buy is a staff decision: the engineers it takes to run a store are part of its price.",
            (one.id,), "operations", Severity.LOW), 1, "staff:buy")


def staff_probes(request: CritiqueRequest, facts: DesignFacts) -> Iterable[LevelProbe]:
    """The probes a staff-level critique adds (none at other levels, or on an empty design)."""
    if request.level is not Level.STAFF or not facts.nodes:
        return
    mode = request.mode
    if mode is Mode.ESTIMATES:
        yield from _cost(request, facts)
        return
    shift = 2 if mode is Mode.HARDER else 0  # the twist (tier 0) comes first in a harder variant
    for extra in (*_region(facts), *_cost(request, facts), *_teams(facts)):
        yield LevelProbe(extra.probe, extra.tier + shift, extra.topic)
