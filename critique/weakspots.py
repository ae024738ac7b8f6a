"""Practice aimed at weak spots: which rules a user trips most, which phases score lowest, what to practise next.

The history is the stored scorecards of finished rounds (each carries its
phase scores and the rules that fired on the round's first and last saved
versions). Two tallies come out of it:

- **rules**: in how many rounds each rule fired on the first version (what
  the user drew before any feedback), with how many of those rounds still had
  it at the end as the tie-break;
- **phases**: the mean score of each phase over the rounds.

The next problem is the one that exercises the weakest of both: a problem
*exercises* a rule when leaving out one part of its reference design (or
running one of its parts as a single instance) makes that rule fire, worked
out by analysing those knock-outs (:func:`exercised_rules`), and a problem
*practises* the phases its file lists. The problem of the last round is
suggested only when there is no other, so practice interleaves rather than
repeats; ties go to the problem practised least, then longest ago, then by
id. Everything is deterministic.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from critique.problems import Problem
from critique.reference import ReferenceDesign, reference_design
from critique.rubric import RoundPhase
from critique.scorecard import Scorecard
from design.analysis.analyze import analysis_options, analyze
from design.analysis.context import SPARED_KINDS
from design.analysis.rules.registry import RULES
from design.model.labels import flow_traits
from design.model.sketch import Component, Flow, Kind, Sketch

__all__ = [
    "PhaseTally",
    "RoundRecord",
    "RuleTally",
    "Suggestion",
    "WeakSpots",
    "exercised_rules",
    "record_from_payload",
    "weak_spots",
]

#: How many of the most-tripped rules and lowest phases steer the suggestion.
TOP_RULES = 3
TOP_PHASES = 2


@dataclass(frozen=True, slots=True)
class RoundRecord:
    """One finished round as the tally reads it."""

    session_id: int
    problem: str | None
    ended_at: str
    scores: Mapping[RoundPhase, int]
    rules_first: tuple[str, ...]
    rules_last: tuple[str, ...]


def record_from_payload(session_id: int, problem: str | None, ended_at: str,
                        payload: Mapping[str, object]) -> RoundRecord | None:
    """A record from a stored scorecard payload; ``None`` if it cannot be read (it is then left out)."""
    try:
        card = Scorecard.from_json(payload)
    except (KeyError, ValueError, TypeError):
        return None
    return RoundRecord(session_id, problem, ended_at, {r.phase: r.score for r in card.rows}, card.rules_first,
                       card.rules_last)


@dataclass(frozen=True, slots=True)
class RuleTally:
    rule: str
    title: str
    rounds: int  # rounds whose first version tripped it
    still_open: int  # of those, rounds whose last version still had it


@dataclass(frozen=True, slots=True)
class PhaseTally:
    phase: RoundPhase
    mean: float
    rounds: int


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The next problem, and why: the weak rules it exercises and the weak phases it practises."""

    problem: str
    title: str
    rules: tuple[str, ...]
    phases: tuple[RoundPhase, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WeakSpots:
    rounds: int
    rules: tuple[RuleTally, ...]
    phases: tuple[PhaseTally, ...]
    suggestion: Suggestion | None


# --- what a problem exercises ---------------------------------------------------------


def _bypass(sketch: Sketch, gone: Component) -> Sketch:
    """The sketch without ``gone``: its callers call its callees directly, as a design without it would."""
    flows = [f for f in sketch.flows if gone.id not in (f.source, f.target)]
    pairs = {(f.source, f.target) for f in flows}
    into = [f for f in sketch.flows if f.target == gone.id]
    out = [f for f in sketch.flows if f.source == gone.id]
    by_id = {c.id: c for c in sketch.components}
    for a in into:
        for b in out:
            if a.source == b.target or (a.source, b.target) in pairs:
                continue
            pairs.add((a.source, b.target))
            # The caller now calls the callee itself, synchronously: keep what the call does (read, write), not
            # the "publish" that only made sense towards a queue.
            label = "" if flow_traits(b.label).asynchronous else b.label
            flows.append(Flow(f"{a.source}->{b.target}~bypass", a.source, b.target, label,
                              by_id[a.source].center, by_id[b.target].center))
    return dataclasses.replace(sketch, components=tuple(c for c in sketch.components if c.id != gone.id),
                               flows=tuple(flows))


def _single(sketch: Sketch, one: Component) -> Sketch:
    """The sketch with ``one`` run as a single instance and no replication partner."""
    kinds = {c.id: c.kind for c in sketch.components}

    def partners(f: Flow) -> bool:
        same_store = kinds[f.source] == kinds[f.target] and one.id in (f.source, f.target)
        return same_store or (one.id in (f.source, f.target) and flow_traits(f.label).op == "replicate")

    components = tuple(dataclasses.replace(c, replicas=1, replicated=False, members=c.members[:1]) if c.id == one.id else c
                       for c in sketch.components)
    return dataclasses.replace(sketch, components=components, flows=tuple(f for f in sketch.flows if not partners(f)))


def _redundant(c: Component) -> bool:
    return (c.replicas > 1 or c.replicated) and not c.managed and c.kind not in SPARED_KINDS


def knockout_rules(design: ReferenceDesign) -> frozenset[str]:
    """Rules that fire on some knock-out of ``design`` (one part left out, or one pool cut to one) but not on it."""
    options = analysis_options(design.document)
    base = {f.key for f in design.findings}
    fired: set[str] = set()
    for c in design.sketch.components:
        if c.kind is Kind.CLIENT:
            continue
        variants = [_bypass(design.sketch, c)]
        if _redundant(c):
            variants.append(_single(design.sketch, c))
        for variant in variants:
            fired.update(f.rule for f in analyze(variant, options) if f.key not in base)
    return frozenset(fired)


_EXERCISED: dict[tuple[object, ...], frozenset[str]] = {}


def exercised_rules(problem: Problem) -> frozenset[str]:
    """The rules a design for ``problem`` trips when it lacks one of the reference's parts (empty without one).

    Remembered per reference and scale (a few dozen analyses per problem, each a few milliseconds).
    """
    if problem.reference is None:
        return frozenset()
    key = (problem.reference, tuple(sorted(problem.scale.items())))
    if key not in _EXERCISED:
        _EXERCISED[key] = knockout_rules(reference_design(problem))
    return _EXERCISED[key]


# --- the tally -----------------------------------------------------------------------------


def _rules(history: Sequence[RoundRecord]) -> tuple[RuleTally, ...]:
    first = Counter(r for h in history for r in set(h.rules_first))
    still = Counter(r for h in history for r in set(h.rules_first) & set(h.rules_last))
    ranked = sorted(first, key=lambda r: (-first[r], -still[r], r))
    return tuple(RuleTally(r, RULES[r].title if r in RULES else r, first[r], still[r]) for r in ranked)


def _phases(history: Sequence[RoundRecord]) -> tuple[PhaseTally, ...]:
    out = []
    for phase in RoundPhase:
        scores = [h.scores[phase] for h in history if phase in h.scores]
        if scores:
            out.append(PhaseTally(phase, sum(scores) / len(scores), len(scores)))
    order = list(RoundPhase)
    return tuple(sorted(out, key=lambda t: (t.mean, order.index(t.phase))))


def weak_spots(history: Sequence[RoundRecord], problems: Mapping[str, Problem],
               exercised: Mapping[str, frozenset[str]] | None = None) -> WeakSpots:
    """Tally ``history`` (any order) and suggest the next problem from ``problems``.

    ``exercised`` maps problem id to the rules it exercises; by default it is
    worked out from each problem's reference (:func:`exercised_rules`).
    """
    ordered = sorted(history, key=lambda h: (h.ended_at, h.session_id))
    rules = _rules(ordered)
    phases = _phases(ordered)
    if not ordered:
        return WeakSpots(0, rules, phases, None)
    weak_rules = {t.rule: TOP_RULES - i for i, t in enumerate(rules[:TOP_RULES])}
    weak_phases = {t.phase: TOP_PHASES - i for i, t in enumerate(phases[:TOP_PHASES])}
    times = Counter(h.problem for h in ordered if h.problem)
    last_seen = {h.problem: h.ended_at for h in ordered if h.problem}
    latest = ordered[-1].problem
    candidates = []
    for pid, problem in problems.items():
        rules_hit = exercised[pid] if exercised is not None and pid in exercised else exercised_rules(problem)
        r_hits = tuple(r for r in weak_rules if r in rules_hit)
        p_hits = tuple(p for p in weak_phases if p in problem.practises)
        score = sum(weak_rules[r] for r in r_hits) + sum(weak_phases[p] for p in p_hits)
        candidates.append(((pid == latest, -score, times[pid], last_seen.get(pid, ""), pid), problem, r_hits, p_hits))
    if not candidates:
        return WeakSpots(len(ordered), rules, phases, None)
    _, problem, r_hits, p_hits = min(candidates, key=lambda c: c[0])
    by_rule = {t.rule: t for t in rules}
    by_phase = {t.phase: t for t in phases}
    reasons = [f"exercises {r} ({by_rule[r].title.lower()}), tripped in {by_rule[r].rounds} of your "
               f"{len(ordered)} rounds" for r in r_hits]
    rank = [t.phase for t in phases]
    reasons += [f"practises {p.title.lower()}, your {'lowest' if rank.index(p) == 0 else 'second lowest'} phase "
                f"(average {by_phase[p].mean:.0f})" for p in p_hits]
    if not reasons:
        reasons.append("a problem you have practised least: none of the bank's problems targets your weak spots "
                       "more than another")
    return WeakSpots(len(ordered), rules, phases, Suggestion(problem.id, problem.title, r_hits, p_hits, tuple(reasons)))
