"""The offline critic: deterministic, no key, no network, and still specific to your design.

It gathers candidate probes from five sources — the rule findings (phrased
per category, naming the components), the per-kind question bank, the
problem's concern checklist, the user's estimates, and the gap between the
targets the user wrote and the numbers of the drawing ("you wrote 50 ms; this
path is 80 ms at p99: where does the time go?") — weights them by the mode, and picks a varied handful: no topic twice, at most two probes per
component, most serious first. Template variants and ties are decided by a
seed derived from the design's content and the mode, so the same saved
version always gets the same critique, and different designs or modes get
different ones. There is no unseeded randomness anywhere.

The interview level sets the depth (:mod:`critique.depth`): at mid what is
not basic waits at the back, at staff regions, cost and teams join the
candidates; the critique records the level it was asked at.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from critique.bank import CONDITIONS, FINDING_QUESTIONS, GENERIC_FINDING_QUESTIONS, INTERVIEW, KIND_QUESTIONS, TWISTS
from critique.base import Progress, ProgressEvent, ignore_progress
from critique.depth import level_limit, level_tier, staff_probes
from critique.estimate_check import estimate_probes, grade_probe
from critique.facts import DesignFacts, Node, join_names
from critique.judge import judge
from critique.models import DESIGN, MAX_PROBES, Critique, CritiqueRequest, Mode, Probe
from critique.problems import Concern, Problem
from critique.seed import Seed
from design.analysis.context import DATASTORE_KINDS
from design.analysis.numbers import CheckedTarget, DesignNumbers, Status
from design.model.labels import says
from design.model.requirements import TargetKind, percent
from design.model.sketch import Finding, Kind, Severity

__all__ = ["MODE_LIMITS", "OfflineCritic", "concern_evidence", "design_seed"]

#: How many probes each mode asks: enough to cover the design, few enough to answer.
MODE_LIMITS = {Mode.STRESS: 7, Mode.FOLLOWUP: 6, Mode.HARDER: 6, Mode.ESTIMATES: 6}
_PER_TARGET = 2
#: At most this many probes of one category, except the category a mode exists for.
_PER_CATEGORY = 2
_MODE_CATEGORY = {Mode.HARDER: "variant", Mode.ESTIMATES: "estimates"}


@dataclass(frozen=True, slots=True)
class _Candidate:
    probe: Probe
    tier: int  # 0 is asked first
    topic: str  # never two probes on one topic

    @property
    def topics(self) -> tuple[str, ...]:
        """The topic, plus "this node dies" for any single-point-of-failure probe, so one node's
        failure is asked about once, whichever source raised it."""
        if self.probe.category == "single_point_of_failure" and self.probe.targets[0] != DESIGN:
            return (self.topic, f"dies:{self.probe.targets[0]}")
        return (self.topic,)


def design_seed(request: CritiqueRequest) -> Seed:
    """A seed from what the user drew and wrote (not from ids of rows or clocks)."""
    s = request.sketch
    content = {
        "components": [[c.id, c.label, c.kind.value, c.replicas] for c in s.components],
        "flows": [[f.id, f.label] for f in s.flows],
        "dangling": [d.id for d in s.dangling],
        "findings": [f.key for f in request.findings],
        "notes": [request.requirements, request.approach, sorted(request.estimates.items())],
        "problem": request.problem.id if request.problem else None,
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return Seed(digest, request.mode.value)


class OfflineCritic:
    """The embedded critic: rules, a question bank and the problem's checklist."""

    name = "offline"

    def critique(self, request: CritiqueRequest, progress: Progress = ignore_progress) -> Critique:
        started = time.perf_counter()
        progress(ProgressEvent(f"Offline critic: reading v{request.version}" if request.version else "Offline critic: reading the design"))
        facts = DesignFacts(request.sketch)
        seed = design_seed(request)
        assessments = []
        if request.previous:
            assessments, probes = judge(request.previous, facts, seed)
            probes = _dedupe(probes)[:MAX_PROBES]
        elif not request.sketch.components:
            probes = [Probe(
                "There is nothing to critique yet: the design has no components. What are the three boxes a request "
                "passes through?", "A critique needs a drawing to push against.", (DESIGN,), "general", Severity.INFO,
            )]
        else:
            candidates = _at_level(request, facts, list(_candidates(request, facts, seed)))
            probes = _select(candidates, level_limit(MODE_LIMITS[request.mode], request.level), seed,
                             _MODE_CATEGORY.get(request.mode))
        for p in probes:
            progress(ProgressEvent("Offline critic: probing", p))
        return Critique(
            critic="offline",
            model=None,
            mode=request.mode,
            probes=tuple(probes),
            seconds=round(time.perf_counter() - started, 3),
            version=request.version,
            assessments=tuple(assessments),
            level=request.level,
        )


def _at_level(request: CritiqueRequest, facts: DesignFacts, candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates re-ranked for the request's level, with what the level adds."""
    out = [_Candidate(c.probe, level_tier(request.level, request.mode, c.probe, c.tier), c.topic) for c in candidates]
    out += [_Candidate(extra.probe, extra.tier, extra.topic) for extra in staff_probes(request, facts)]
    return out


# --- candidate sources ----------------------------------------------------------


def _candidates(request: CritiqueRequest, facts: DesignFacts, seed: Seed) -> Iterable[_Candidate]:
    mode = request.mode
    numbers = request.numbers
    asked = _checked_kinds(numbers)
    findings = [f for f in request.findings if _TARGET_CATEGORY.get(f.category.value) not in asked]
    yield from _from_findings(findings, facts, seed, mode)
    if numbers is not None:
        yield from _from_numbers(numbers, facts, mode)
    yield from _from_kinds(facts, seed, mode)
    if request.problem is not None:
        yield from _from_problem(request, facts, seed)
    if mode is Mode.FOLLOWUP:
        yield from _interview(request, facts, seed)
    if mode is Mode.HARDER:
        yield from _harder(request, facts, seed)
    if mode is Mode.ESTIMATES:
        graded = grade_probe(request.estimates, request.problem)
        if graded is not None:  # the first step where the arithmetic parts ways from the reference: asked first
            yield _Candidate(graded, -1, "estimates:grade")
        for i, p in enumerate(estimate_probes(request.estimates, facts, request.problem)):
            yield _Candidate(p, 0, f"estimates:{i}")
    elif request.estimates:
        # Outside estimates mode, only a clear contradiction in the user's own numbers is worth a probe.
        for i, p in enumerate(estimate_probes(request.estimates, facts, request.problem)):
            if mode is not Mode.HARDER and p.severity is Severity.HIGH and "your own inputs give" in p.question:
                yield _Candidate(p, 3, f"estimates:{i}")


_FINDING_TIER = {
    Mode.STRESS: {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 3, Severity.INFO: 4},
    Mode.FOLLOWUP: {Severity.HIGH: 1, Severity.MEDIUM: 2, Severity.LOW: 4, Severity.INFO: 5},
    Mode.HARDER: {Severity.HIGH: 3, Severity.MEDIUM: 4, Severity.LOW: 5, Severity.INFO: 5},
    Mode.ESTIMATES: {Severity.HIGH: 2, Severity.MEDIUM: 3, Severity.LOW: 5, Severity.INFO: 5},
}


def _from_findings(findings: Sequence[Finding], facts: DesignFacts, seed: Seed, mode: Mode) -> Iterable[_Candidate]:
    ids = facts.sketch.ids  # a frozenset built per call: once, not once per finding
    for f in findings:
        components = [e for e in f.elements if e in facts.nodes]
        flows = [e for e in f.elements if e in facts.ctx.flow_by_id]
        first = components[0] if components else (f.elements[0] if f.elements else None)
        upstream = [facts.name(facts.ctx.flow_by_id[x].source) for x in flows]
        if not upstream and components:
            upstream = [facts.nodes[u].name for u in facts.nodes[components[0]].callers]
        words = {
            "name": facts.name(first) if first else "this system",
            "names": join_names([facts.name(e) for e in (components or list(f.elements))], limit=5, empty="this system"),
            "upstream": join_names(upstream, empty="the caller"),
            "message": f.message.rstrip(".") + ".",
        }
        templates = FINDING_QUESTIONS.get(f.category, GENERIC_FINDING_QUESTIONS)
        text = seed.pick(templates, "finding", f.key).format(**words)
        targets = tuple(e for e in f.elements if e in ids) or (DESIGN,)
        tier = _FINDING_TIER[mode][f.severity]
        if mode is Mode.ESTIMATES and f.category.value in ("capacity_exceeded", "bottleneck"):
            tier = 0
        yield _Candidate(Probe(text, f.why or f.message, targets, f.category.value, f.severity), tier,
                         f"finding:{f.key}")


#: The rule categories that report a missed target, and the kind of target each reports.
_TARGET_CATEGORY = {"latency_budget_exceeded": TargetKind.LATENCY, "availability_target_missed": TargetKind.AVAILABILITY,
                    "throughput_ceiling": TargetKind.THROUGHPUT}
_CATEGORY_OF = {TargetKind.LATENCY: "latency_budget_exceeded", TargetKind.AVAILABILITY: "availability_target_missed",
                TargetKind.THROUGHPUT: "throughput_ceiling", TargetKind.RETENTION: "durability",
                TargetKind.DURABILITY: "durability"}
_STATUS_TIER = {Status.NOT_MET: 0, Status.AT_RISK: 1, Status.CANNOT_TELL: 2}
_STATUS_SEVERITY = {Status.NOT_MET: Severity.HIGH, Status.AT_RISK: Severity.MEDIUM, Status.CANNOT_TELL: Severity.LOW}


def _checked_kinds(numbers: DesignNumbers | None) -> set[TargetKind]:
    """Kinds of target the numbers will ask about in the user's own words (their findings are not asked twice)."""
    if numbers is None:
        return set()
    return {c.target.kind for c in numbers.checks if c.status is Status.NOT_MET}


def _gap_question(check: CheckedTarget, line: str, numbers: DesignNumbers) -> str:
    """The question that presses on one gap, quoting the user's target and the model's figure."""
    t, path = check.target, check.path
    wrote = f"You wrote “{line}”"
    route = numbers.path_text(path) if path is not None else "the design"
    if check.status is Status.CANNOT_TELL:
        return f"{wrote}, but the model cannot tell ({check.missing}). What figure do you assume there, and why?"
    if t.kind is TargetKind.LATENCY and path is not None:
        label = "p50" if (t.percentile or 99) <= 50 else "p99"
        figure = path.p50_ms if label == "p50" else path.p99_ms
        hop = numbers.name(check.hop) if check.hop else "the slowest hop"
        if check.status is Status.NOT_MET:
            share = f"{hop} alone takes {check.hop_ms:g} ms of it" if check.hop_ms else f"{hop} takes the most"
            return (f"{wrote}; by typical figures {route} is {figure:g} ms at {label}, and {share}. Where does the "
                    "time go, and which hop would you take off the path?")
        return (f"{wrote}; {route} is already {figure:g} ms at {label}, close to the budget. What happens to it at "
                "peak, when queues form in front of the slowest hop?")
    if t.kind is TargetKind.AVAILABILITY and path is not None:
        weakest = numbers.name(check.hop) if check.hop else "its weakest component"
        if check.status is Status.NOT_MET:
            return (f"{wrote}; as drawn, {route} is available {percent(path.availability)}, and {weakest} costs most. "
                    "Where do the missing nines come from?")
        return (f"{wrote}; {route} reaches {percent(path.availability)} with little to spare. Which single failure "
                "would take you below your target, and for how long?")
    if t.kind is TargetKind.THROUGHPUT:
        where = numbers.name(check.hop) if check.hop else "the weakest hop"
        takes = check.model.split(" (")[0]
        if check.status is Status.NOT_MET:
            return (f"{wrote}; spread over your drawing, {where} saturates first, at {takes}. What breaks first when "
                    "the traffic arrives, and what do you change?")
        return (f"{wrote}; {where} saturates at {takes}, less than 25% above it. What is your plan for the next "
                "spike?")
    store = numbers.name(check.hop) if check.hop else "your store"
    return f"{wrote}; {store} holds the only copy of that data. What happens to the promise when its disk dies?"


def _from_numbers(numbers: DesignNumbers, facts: DesignFacts, mode: Mode) -> Iterable[_Candidate]:
    """Probes on the gap between the targets the user wrote and the numbers of the drawing."""
    ids = facts.sketch.ids
    for i, (line, check) in enumerate((r.line, c) for r in numbers.requirements for c in r.checks):
        if check.status is Status.MET:
            continue
        tier = _STATUS_TIER[check.status]
        if mode is Mode.ESTIMATES:
            tier = 0 if check.target.kind is TargetKind.THROUGHPUT else tier + 2
        elif mode is Mode.HARDER:
            tier += 3
        targets = tuple(t for t in ((check.hop,) if check.hop else ()) + (check.path.nodes if check.path else ())
                        if t in ids)
        why = check.detail
        probe = Probe(_gap_question(check, line, numbers), why, tuple(dict.fromkeys(targets)) or (DESIGN,),
                      _CATEGORY_OF[check.target.kind], _STATUS_SEVERITY[check.status])
        yield _Candidate(probe, tier, f"numbers:{i}")


def _from_kinds(facts: DesignFacts, seed: Seed, mode: Mode) -> Iterable[_Candidate]:
    wanted = {Mode.HARDER: Mode.STRESS, Mode.ESTIMATES: Mode.STRESS}.get(mode, mode)
    for node in facts.nodes.values():
        options = [q for q in KIND_QUESTIONS.get(node.kind, ()) if wanted in q.modes and CONDITIONS[q.when](node)]
        if mode is Mode.ESTIMATES:
            options = [q for q in options if q.category in ("bottleneck", "scaling")]
        if not options:
            continue
        words = facts.placeholders(node)
        # Order by topic, not by the question's repr: its frozenset of modes prints in an order
        # that changes with PYTHONHASHSEED, which made the critique differ from run to run.
        by_topic = {q.topic: q for q in options}
        for rank, topic in enumerate(seed.order(sorted(by_topic), "kind", node.id)[:2]):
            q = by_topic[topic]
            tier = _kind_tier(node, q.severity, mode) + rank
            probe = Probe(q.text.format(**words), q.why, (node.id,), q.category, _scaled(q.severity, node))
            yield _Candidate(probe, tier, f"kind:{node.id}:{q.topic}")


def _kind_tier(node: Node, severity: Severity, mode: Mode) -> int:
    base = {Severity.HIGH: 1, Severity.MEDIUM: 2, Severity.LOW: 3, Severity.INFO: 4}[severity]
    if not node.on_path:
        base += 1
    if mode is Mode.FOLLOWUP:
        base += 0 if node.kind in DATASTORE_KINDS else 1
    if mode in (Mode.HARDER, Mode.ESTIMATES):
        base += 2
    return base


def _scaled(severity: Severity, node: Node) -> Severity:
    """A question about a component off the request path is one step less urgent."""
    if node.on_path or severity is Severity.INFO:
        return severity
    return {Severity.HIGH: Severity.MEDIUM, Severity.MEDIUM: Severity.LOW}.get(severity, severity)


def concern_evidence(concern: Concern, facts: DesignFacts, notes: str = "") -> tuple[bool, Node | None]:
    """Whether a design (and the user's ``notes``) addresses a concern, and the component that shows it.

    A component of one of the concern's kinds, or one whose label says one of
    its keywords, shows it; failing that, the keywords in the drawing's free
    text or the notes show it without a component. The scorecard's deep-dive
    row reads concerns the same way, so the critic and the score agree.
    """
    kinds = set(concern.look_for.kinds)
    words = concern.look_for.keywords
    for node in facts.nodes.values():
        if node.kind in kinds or (words and says(node.name, *words)):
            return True, node
    if words and says(f"{facts.text}\n{notes}", *words):
        near = [n for n in facts.nodes.values() if n.kind in set(concern.near)]
        return True, near[0] if near else None
    return False, None


def _evidence(concern: Concern, request: CritiqueRequest, facts: DesignFacts) -> tuple[bool, Node | None]:
    return concern_evidence(concern, facts, f"{request.requirements}\n{request.approach}")


def _from_problem(request: CritiqueRequest, facts: DesignFacts, seed: Seed) -> Iterable[_Candidate]:
    problem: Problem = request.problem  # type: ignore[assignment]
    mode = request.mode
    for concern in problem.concerns:
        addressed, node = _evidence(concern, request, facts)
        if not addressed:
            near = [n.id for n in facts.nodes.values() if n.kind in set(concern.near)]
            targets = tuple(seed.order(near, "near", concern.id)[:2]) or (DESIGN,)
            tier = {Mode.STRESS: 0, Mode.FOLLOWUP: 1, Mode.HARDER: 3, Mode.ESTIMATES: 4}[mode]
            tier += 0 if concern.severity is Severity.HIGH else 1
            yield _Candidate(
                Probe(concern.missing.format(), concern.why, targets, concern.category, concern.severity),
                tier, f"concern:{concern.id}",
            )
        elif node is not None:
            tier = {Mode.STRESS: 2, Mode.FOLLOWUP: 0, Mode.HARDER: 4, Mode.ESTIMATES: 5}[mode]
            if mode is Mode.FOLLOWUP and concern.severity is Severity.HIGH:
                # The user's answer to a high-stakes concern is the follow-up an interviewer asks first,
                # whatever the seed does to the order of the generic questions.
                tier -= 1
            severity = concern.severity if concern.severity is not Severity.HIGH else Severity.MEDIUM
            yield _Candidate(
                Probe(concern.present.format(name=node.name), concern.why, (node.id,), concern.category, severity),
                tier, f"concern:{concern.id}",
            )


def _interview(request: CritiqueRequest, facts: DesignFacts, seed: Seed) -> Iterable[_Candidate]:
    busiest = facts.busiest
    if busiest is not None:
        yield _Candidate(Probe(
            seed.pick(INTERVIEW["ten_x"], "ten_x").format(name=busiest.name),
            "Growth is the default; knowing what breaks first, and how you would see it coming, is the point of the design.",
            (busiest.id,), "scaling", Severity.MEDIUM), 0, "interview:ten_x")
    critical = sorted(
        (n for n in facts.nodes.values() if not n.managed and n.kind is not Kind.UNKNOWN
         and (n.id in facts.ctx.articulation_points or any(n.id in d for d in facts.ctx.dominators.values()))),
        key=lambda n: (n.redundant, seed.number("dies", n.id)),
    )
    if critical:
        n = critical[0]
        yield _Candidate(Probe(
            seed.pick(INTERVIEW["node_dies"], "node_dies").format(name=n.name),
            "Every design has a component whose loss hurts most; a strong answer knows which and what users see.",
            (n.id,), "single_point_of_failure", Severity.HIGH if n.single else Severity.MEDIUM), 0, "interview:node_dies")
    path = facts.longest_sync_path
    if len(path) >= 3:
        yield _Candidate(Probe(
            seed.pick(INTERVIEW["worst_case"], "worst_case").format(path=" → ".join(facts.name(p) for p in path)),
            "Latency adds up along synchronous hops and the tail of the slowest hop becomes everyone's tail.",
            tuple(path), "latency", Severity.MEDIUM), 0, "interview:worst_case")
    if not request.requirements.strip():
        yield _Candidate(Probe(
            INTERVIEW["no_requirements"][0],
            "Without stated requirements no trade-off in the drawing can be called right or wrong.",
            (DESIGN,), "requirements", Severity.MEDIUM), 1, "interview:requirements")
    if not request.approach.strip():
        yield _Candidate(Probe(
            INTERVIEW["no_approach"][0],
            "If the idea cannot be said in three sentences, the interviewer will assume there is not one.",
            (DESIGN,), "requirements", Severity.LOW), 2, "interview:approach")
    if "read_write_ratio" not in request.estimates:
        yield _Candidate(Probe(
            INTERVIEW["read_write"][0],
            "The read:write balance decides where caches, replicas and queues belong.",
            (DESIGN,), "requirements", Severity.LOW), 3, "interview:read_write")


def _harder(request: CritiqueRequest, facts: DesignFacts, seed: Seed) -> Iterable[_Candidate]:
    problem = request.problem
    if problem is not None and problem.variants:
        variant = seed.pick(problem.variants, "variant")
        yield _Candidate(Probe(
            f"New constraint — {variant.title}: {variant.twist} Which part of your design breaks first, and what has to change?",
            "A harder variant tests whether the design's core idea survives a changed assumption, or was tuned to the original one.",
            (DESIGN,), "variant", Severity.HIGH), 0, "twist")
        for i, q in enumerate(variant.questions):
            matches = [n for n in facts.nodes.values() if n.kind in set(q.kinds)]
            if q.kinds and not matches:
                continue
            if matches:
                node = seed.pick(matches, "variant-node", str(i))
                probe = Probe(q.text.format(name=node.name), "The twist lands here first in your drawing.",
                              (node.id,), "variant", Severity.HIGH if node.single else Severity.MEDIUM)
            else:
                probe = Probe(q.text.format(), "The twist changes the design as a whole, not one box.", (DESIGN,),
                              "variant", Severity.MEDIUM)
            yield _Candidate(probe, 1, f"variant:{i}")
        return
    relevant = [t for t in TWISTS if t.kinds & facts.kinds] or list(TWISTS[:1])
    twist = seed.pick(relevant, "twist")
    yield _Candidate(Probe(
        f"New constraint — {twist.title}: {twist.text} Which part of your design breaks first, and what has to change?",
        "A harder variant tests whether the design's core idea survives a changed assumption, or was tuned to the original one.",
        (DESIGN,), "variant", Severity.HIGH), 0, "twist")
    stressed = [n for n in facts.nodes.values() if n.kind in twist.kinds]
    for node in seed.order(stressed, "twist-node")[:4]:
        text = seed.pick(twist.questions[node.kind], "twist-q", node.id)
        yield _Candidate(Probe(
            text.format(**facts.placeholders(node)),
            f"Under “{twist.title.lower()}”, this is where your drawing takes the strain.",
            (node.id,), "variant", Severity.HIGH if node.single else Severity.MEDIUM), 1, f"twist:{node.id}")
    for i, text in enumerate(twist.design_questions):
        yield _Candidate(Probe(text, "The constraint changes what the whole system promises, not only one box.",
                               (DESIGN,), "variant", Severity.MEDIUM), 2, f"twist-design:{i}")


# --- selection ------------------------------------------------------------------------


def _select(candidates: list[_Candidate], limit: int, seed: Seed, uncapped: str | None = None) -> list[Probe]:
    """Most important first; one probe per topic; at most two per target and per category; no repeats.

    Capped candidates are not lost: if the caps leave the critique short, a
    second pass fills it from what they held back.
    """
    ranked = sorted(candidates, key=lambda c: (c.tier, -c.probe.severity.rank, seed.number("rank", c.topic)))
    chosen: list[Probe] = []
    topics: set[str] = set()
    questions: set[str] = set()
    per_target: dict[str, int] = {}
    per_category: dict[str, int] = {}
    for capped in (True, False):
        for c in ranked:
            if len(chosen) >= limit:
                return chosen
            anchor, category = c.probe.targets[0], c.probe.category
            if any(t in topics for t in c.topics) or c.probe.question in questions:
                continue
            if capped and anchor != DESIGN and per_target.get(anchor, 0) >= _PER_TARGET:
                continue
            if capped and category != uncapped and per_category.get(category, 0) >= _PER_CATEGORY:
                continue
            chosen.append(c.probe)
            topics.update(c.topics)
            questions.add(c.probe.question)
            per_target[anchor] = per_target.get(anchor, 0) + 1
            per_category[category] = per_category.get(category, 0) + 1
    return chosen


def _dedupe(probes: list[Probe]) -> list[Probe]:
    seen: set[str] = set()
    out = []
    for p in probes:
        if p.question not in seen:
            seen.add(p.question)
            out.append(p)
    return out
