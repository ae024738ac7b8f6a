"""What changed between two versions of a design: the sketch, the findings, the probes.

Practice is revision: save, get stress-tested, answer, revise, save again. The
diff shows the result of one such loop in the user's own vocabulary (boxes,
arrows, failure points, questions), not as a text diff of canvas JSON.

Components are matched by id. Ids come from labels, so relabelling a box
("DB" to "Postgres") would read as one removal plus one addition; a removed
and an added component that occupy nearly the same place on the canvas are
reported as *relabelled* instead, and the flows through them follow the new
id. Findings are matched by :attr:`Finding.key` (rule plus elements). Probes
come from stored critiques as the critique stage reads them back
(``critique.payload.view``, follow-up rounds included): :func:`probe_records`
lists them, answers and all. The numbers of the drawing (slowest path,
availability, ceiling, cost, and each checked requirement's status) are
compared by :func:`diff_numbers`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from design.analysis.numbers import DesignNumbers, Status
from design.model.critique_view import CritiqueView
from design.model.geometry import Box
from design.model.requirements import percent
from design.model.sketch import Component, Finding, Flow, Kind, Sketch
from design.sizing.estimates import human

__all__ = [
    "ComponentChange",
    "FindingsDiff",
    "NumbersDiff",
    "ProbeRecord",
    "ProbesDiff",
    "Relabel",
    "SketchDiff",
    "VersionDiff",
    "diff_findings",
    "diff_numbers",
    "diff_probes",
    "diff_sketches",
    "diff_versions",
    "probe_records",
]

#: Overlap (intersection over union) above which a removed and an added box are one relabelled box.
RELABEL_OVERLAP = 0.6


@dataclass(frozen=True, slots=True)
class ComponentChange:
    """A component present in both versions whose kind or replica count changed."""

    id: str
    label: str
    kind_before: Kind
    kind_after: Kind
    replicas_before: int
    replicas_after: int

    def describe(self) -> str:
        parts = []
        if self.kind_before is not self.kind_after:
            parts.append(f"kind {self.kind_before.value} → {self.kind_after.value}")
        if self.replicas_before != self.replicas_after:
            parts.append(f"replicas {self.replicas_before} → {self.replicas_after}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Relabel:
    """The same box with a new label (and so a new id)."""

    before: Component
    after: Component


@dataclass(frozen=True, slots=True)
class SketchDiff:
    added: tuple[Component, ...] = ()
    removed: tuple[Component, ...] = ()
    changed: tuple[ComponentChange, ...] = ()
    relabelled: tuple[Relabel, ...] = ()
    flows_added: tuple[Flow, ...] = ()
    flows_removed: tuple[Flow, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.relabelled or self.flows_added
                    or self.flows_removed)


@dataclass(frozen=True, slots=True)
class FindingsDiff:
    resolved: tuple[Finding, ...] = ()
    introduced: tuple[Finding, ...] = ()
    kept: tuple[Finding, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.resolved or self.introduced)


@dataclass(frozen=True, slots=True)
class ProbeRecord:
    """One critic question as stored with a version, and the user's answer if any."""

    version: int
    mode: str
    index: int
    question: str
    targets: tuple[str, ...] = ()
    answer: str = ""
    round: int = 0

    @property
    def answered(self) -> bool:
        return bool(self.answer.strip())


@dataclass(frozen=True, slots=True)
class ProbesDiff:
    answered: tuple[ProbeRecord, ...] = ()
    open: tuple[ProbeRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class NumbersDiff:
    """How the numbers of the drawing moved: slowest p99 and p50, least availability, ceiling, cost, and the
    requirements whose status changed (``(line, target, status before, status after)``, ``None`` when the
    target was not there)."""

    p99: tuple[float | None, float | None] = (None, None)
    p50: tuple[float | None, float | None] = (None, None)
    availability: tuple[float | None, float | None] = (None, None)
    ceiling: tuple[float | None, float | None] = (None, None)
    cost: tuple[float, float] = (0.0, 0.0)
    checklist: tuple[tuple[str, str, Status | None, Status | None], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.describe() and not self.checklist

    def describe(self) -> str:
        """``p99 −170 ms, availability 99.9% → 99.99%, ceiling 2k → 6k requests/s, +$73/month``: what moved."""
        parts = []
        for name, (a, b) in (("p99", self.p99), ("p50", self.p50)):
            if a is not None and b is not None and round(a, 1) != round(b, 1):
                parts.append(f"{name} {'+' if b > a else '−'}{abs(round(b - a, 1)):g} ms")
        a, b = self.availability
        if a is not None and b is not None and percent(a) != percent(b):
            parts.append(f"availability {percent(a)} → {percent(b)}")
        a, b = self.ceiling
        if a is not None and b is not None and human(a) != human(b):
            parts.append(f"ceiling {human(a)} → {human(b)} requests/s")
        before, after = self.cost
        if round(before) != round(after):
            parts.append(f"{'+' if after > before else '−'}${abs(after - before):,.0f}/month")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """Everything that changed from version ``before`` to version ``after``."""

    before: int
    after: int
    sketch: SketchDiff
    findings: FindingsDiff
    probes: ProbesDiff
    numbers: NumbersDiff | None = None

    @property
    def empty(self) -> bool:
        return self.sketch.empty and self.findings.empty and not self.probes.answered and \
            (self.numbers is None or self.numbers.empty)


def _overlap(a: Box, b: Box) -> float:
    w = min(a.right, b.right) - max(a.left, b.left)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    union = a.area + b.area - inter
    return inter / union if union > 0 else 0.0


def _relabels(removed: list[Component], added: list[Component]) -> list[Relabel]:
    """Pair removed with added components by greatest box overlap, best pairs first."""
    candidates = sorted(
        ((_overlap(r.box, a.box), i, j) for i, r in enumerate(removed) for j, a in enumerate(added)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_r: set[int] = set()
    used_a: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if score < RELABEL_OVERLAP:
            break
        if i in used_r or j in used_a:
            continue
        used_r.add(i)
        used_a.add(j)
        pairs.append(Relabel(removed[i], added[j]))
    return sorted(pairs, key=lambda p: p.after.id)


def _flow_multiset(flows: Iterable[Flow], rename: Mapping[str, str]) -> Counter[tuple[str, str]]:
    return Counter((rename.get(f.source, f.source), rename.get(f.target, f.target)) for f in flows)


def _pick_flows(flows: Sequence[Flow], wanted: Counter[tuple[str, str]], rename: Mapping[str, str]) -> tuple[Flow, ...]:
    left = Counter(wanted)
    out = []
    for f in flows:
        pair = (rename.get(f.source, f.source), rename.get(f.target, f.target))
        if left[pair] > 0:
            left[pair] -= 1
            out.append(f)
    return tuple(out)


def diff_sketches(before: Sketch, after: Sketch) -> SketchDiff:
    """Components and flows added, removed, relabelled or changed in kind or replicas.

    >>> from design.model.geometry import Box, Point
    >>> db = Component("db", "DB", Kind.DATABASE, 1, Box(0, 0, 100, 50))
    >>> pg = Component("postgres", "Postgres x2", Kind.DATABASE, 2, Box(2, 0, 100, 50))
    >>> d = diff_sketches(Sketch(components=(db,)), Sketch(components=(pg,)))
    >>> [(r.before.id, r.after.id) for r in d.relabelled], d.added, d.removed
    ([('db', 'postgres')], (), ())
    >>> d.changed[0].describe()
    'replicas 1 → 2'
    """
    old = {c.id: c for c in before.components}
    new = {c.id: c for c in after.components}
    removed = [old[i] for i in sorted(old.keys() - new.keys())]
    added = [new[i] for i in sorted(new.keys() - old.keys())]
    relabels = _relabels(removed, added)
    gone = {r.before.id for r in relabels}
    came = {r.after.id for r in relabels}
    rename = {r.before.id: r.after.id for r in relabels}

    pairs = [(old[i], new[i]) for i in sorted(old.keys() & new.keys())] + [(r.before, r.after) for r in relabels]
    changed = tuple(
        sorted(
            (
                ComponentChange(b.id if b.id == a.id else a.id, a.label, b.kind, a.kind, b.replicas, a.replicas)
                for b, a in pairs
                if b.kind is not a.kind or b.replicas != a.replicas
            ),
            key=lambda c: c.id,
        )
    )
    was = _flow_multiset(before.flows, rename)
    now = _flow_multiset(after.flows, {})
    return SketchDiff(
        added=tuple(c for c in added if c.id not in came),
        removed=tuple(c for c in removed if c.id not in gone),
        changed=changed,
        relabelled=tuple(relabels),
        flows_added=_pick_flows(after.flows, now - was, {}),
        flows_removed=_pick_flows(before.flows, was - now, rename),
    )


def diff_findings(before: Sequence[Finding], after: Sequence[Finding]) -> FindingsDiff:
    """Findings resolved (gone), introduced (new) and kept, matched by :attr:`Finding.key`.

    Each group keeps the analysis order (most severe first).
    """
    old = {f.key for f in before}
    new = {f.key for f in after}
    return FindingsDiff(
        resolved=tuple(f for f in before if f.key not in new),
        introduced=tuple(f for f in after if f.key not in old),
        kept=tuple(f for f in after if f.key in old),
    )


def probe_records(version: int, mode: str, critique: CritiqueView) -> tuple[ProbeRecord, ...]:
    """The probes of one stored critique and of its follow-up rounds, each with the user's answer."""
    return tuple(
        ProbeRecord(version, mode, i, p.question.strip(), p.targets, r.answers.get(i, ""), n)
        for n, r in enumerate(critique.rounds)
        for i, p in enumerate(r.probes)
    )


def diff_probes(probes: Iterable[ProbeRecord], before: int, after: int) -> ProbesDiff:
    """Probes asked about the versions from ``before`` up to (not including) ``after``.

    Those are the questions the revision was meant to address; each is either
    answered or still open. The order of ``before`` and ``after`` does not matter.
    """
    lo, hi = sorted((before, after))
    asked = sorted((p for p in probes if lo <= p.version < hi), key=lambda p: (p.version, p.mode, p.round, p.index))
    return ProbesDiff(
        answered=tuple(p for p in asked if p.answered),
        open=tuple(p for p in asked if not p.answered),
    )


def diff_numbers(before: DesignNumbers, after: DesignNumbers) -> NumbersDiff:
    """How the model's headline figures and the checklist moved between two versions.

    >>> from design.analysis.analyze import analyze_with_numbers
    >>> from design.model.geometry import Box, Point
    >>> from design.canvas.recognize import ComponentSpec, FlowSpec, assemble
    >>> def drawn(api: str, db: str):
    ...     boxes = [ComponentSpec("Users", Box(0, 0, 80, 40), key="0"), ComponentSpec(api, Box(200, 0, 80, 40), key="1"),
    ...              ComponentSpec(db, Box(400, 0, 80, 40), key="2")]
    ...     flows = [FlowSpec(0, 1, Point(40, 20), Point(240, 20), "", "a"), FlowSpec(1, 2, Point(240, 20), Point(440, 20), "write", "b")]
    ...     return analyze_with_numbers(assemble(boxes, flows))[1]
    >>> diff_numbers(drawn("API", "Postgres"), drawn("API x3", "Postgres primary/replica")).describe()
    'availability 99.002% → 99.99748%, ceiling 1k → 2k requests/s, +$540/month'
    """

    def path_value(n: DesignNumbers, attr: str, which: str) -> float | None:
        path = getattr(n, which)
        return getattr(path, attr) if path is not None else None

    def ceiling(n: DesignNumbers) -> float | None:
        c = n.ceiling
        return c.qps if c.hop is not None else None

    def statuses(n: DesignNumbers) -> dict[tuple[str, str], Status]:
        return {(r.line, c.target.describe()): c.status for r in n.requirements for c in r.checks}

    was, now = statuses(before), statuses(after)
    checklist = tuple(
        (line, target, was.get((line, target)), now.get((line, target)))
        for line, target in sorted(was.keys() | now.keys())
        if was.get((line, target)) != now.get((line, target))
    )
    return NumbersDiff(
        p99=(path_value(before, "p99_ms", "slowest"), path_value(after, "p99_ms", "slowest")),
        p50=(path_value(before, "p50_ms", "slowest"), path_value(after, "p50_ms", "slowest")),
        availability=(path_value(before, "availability", "least_available"),
                      path_value(after, "availability", "least_available")),
        ceiling=(ceiling(before), ceiling(after)),
        cost=(before.cost.monthly_usd, after.cost.monthly_usd),
        checklist=checklist,
    )


def diff_versions(
    before: tuple[int, Sketch, Sequence[Finding]],
    after: tuple[int, Sketch, Sequence[Finding]],
    probes: Iterable[ProbeRecord] = (),
    numbers: tuple[DesignNumbers | None, DesignNumbers | None] = (None, None),
) -> VersionDiff:
    """The full diff between two saved versions, each given as ``(number, sketch, findings)``, with the numbers
    models of both when given."""
    (n0, s0, f0), (n1, s1, f1) = before, after
    moved = diff_numbers(*numbers) if numbers[0] is not None and numbers[1] is not None else None
    return VersionDiff(n0, n1, diff_sketches(s0, s1), diff_findings(f0, f1), diff_probes(probes, n0, n1), moved)
