"""Check my estimates: recompute the user's capacity numbers and challenge them.

Sketch-first practice means predicting before verifying, so the user's own
figures come first: a derived figure (peak QPS, storage, bandwidth) is only
shown once the user has written theirs, and then it is compared. Missing
inputs, implausible inputs, numbers that disagree with the problem's stated
scale, and load that lands on a single instance all become probes.

The arithmetic itself is :mod:`design.sizing.estimates`, the same code the app uses
to show the working, so the critic and the page can never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from critique.facts import DesignFacts
from critique.grading import Grade, grade_estimates
from critique.models import DESIGN, MAX_QUESTION, MAX_WHY, Probe
from critique.problems import Problem
from critique.reply import clip
from design.model.sketch import Kind, Severity
from design.sizing.estimates import INPUT_KEYS, Estimate, derive, human

__all__ = ["ASKED", "estimate_probes", "grade_probe", "working_for"]

#: The inputs asked for before anything is computed (retention is optional).
ASKED = tuple(k for k in INPUT_KEYS if k != "retention_years")
#: A derived figure within this factor of ours counts as agreeing (estimates are rough by nature).
AGREE_FACTOR = 2.0

_LABELS = {
    "daily_users": "daily users",
    "requests_per_user": "requests per user per day",
    "read_write_ratio": "read:write ratio",
    "payload_bytes": "payload size (bytes)",
    "peak_factor": "peak factor",
    "retention_years": "retention (years)",
}
#: Which lines of the working lead to each of the user's own figures.
_STEPS_FOR = {
    "my_read_qps": ("requests per day", "writes per day", "reads per day", "peak reads"),
    "my_write_qps": ("requests per day", "writes per day", "peak writes"),
    "my_storage_per_year_gb": ("requests per day", "writes per day", "storage per year"),
    "my_bandwidth_mbps": ("peak reads", "peak writes", "peak ingress", "peak egress", "peak bandwidth"),
}


def working_for(estimate: Estimate, own_key: str) -> str:
    """The arithmetic behind one of the user's own figures (``my_read_qps``...), as one line.

    >>> e = derive({"daily_users": 1e6, "requests_per_user": 10, "read_write_ratio": 9, "peak_factor": 2})
    >>> working_for(e, "my_write_qps")
    'requests per day: 1M users × 10 requests each = 10M requests/day; writes per day: 10M ÷ (1 + 9) for a 9:1 read:write ratio = 1M writes/day; peak writes: 1M ÷ 86,400 s × peak factor 2 = 23 writes/s'
    """
    return "; ".join(str(step) for step in estimate.steps if step.what in _STEPS_FOR[own_key])


def _probe(question: str, why: str, severity: Severity, targets: tuple[str, ...] = (DESIGN,)) -> Probe:
    return Probe(question, why, targets, "estimates", severity)


def _off_by(mine: float, ours: float) -> float:
    if mine <= 0 or ours <= 0:
        return math.inf
    return max(mine / ours, ours / mine)


def estimate_probes(estimates: Mapping[str, float], facts: DesignFacts, problem: Problem | None) -> list[Probe]:
    """Probes about the user's numbers, most serious first."""
    probes: list[Probe] = []
    missing = [k for k in ASKED if k not in estimates]
    if len(missing) == len(ASKED):
        hint = f" The problem gives you a start: {problem.scale_notes[0]}" if problem and problem.scale_notes else ""
        probes.append(_probe(
            "You have not written down any estimates. Before anything is computed for you: how many daily users, "
            "how many requests each, what read:write ratio, what payload size and what peak factor?" + hint,
            "Capacity numbers decide whether one database is enough or fifty are needed; a design drawn without "
            "them cannot be judged right or wrong.",
            Severity.HIGH,
        ))
        return probes
    if missing:
        probes.append(_probe(
            "Your estimates leave out " + ", ".join(_LABELS[k] for k in missing) + ". What are they, and which "
            "part of the design changes if you guessed them wrong by 10×?",
            "Every derived figure multiplies the inputs together; one missing input makes the rest unverifiable.",
            Severity.MEDIUM,
        ))

    peak = estimates.get("peak_factor")
    if peak is not None and peak < 1:
        probes.append(_probe(
            f"Your peak factor is {human(peak)}, below 1: that says the busiest hour is quieter than the average. "
            "What did you mean?",
            "A peak factor is peak ÷ average, so it is at least 1; below 1 every capacity figure is too small.",
            Severity.HIGH,
        ))
    elif peak is not None and peak > 50:
        probes.append(_probe(
            f"A peak factor of {human(peak)} means the peak is {human(peak)}× the average. What event drives that, "
            "and would you size for it or shed it?",
            "Extreme peaks usually come from one event type; sizing everything for them is expensive.",
            Severity.MEDIUM,
        ))
    ratio = estimates.get("read_write_ratio")
    if ratio is not None and ratio == 0:
        probes.append(_probe(
            "Your read:write ratio is 0: nothing is ever read back. Is that right for this system?",
            "The ratio decides whether caches and replicas help at all.",
            Severity.MEDIUM,
        ))
    payload = estimates.get("payload_bytes")
    if payload is not None and payload < 10:
        probes.append(_probe(
            f"A payload of {human(payload)} bytes is smaller than most ids. What is actually stored per request?",
            "Storage and bandwidth scale with payload; an unrealistic payload hides the real cost.",
            Severity.LOW,
        ))

    if problem is not None:
        for key, stated in problem.scale.items():
            mine = estimates.get(key)
            if mine is not None and _off_by(mine, stated) > AGREE_FACTOR:
                probes.append(_probe(
                    f"The problem states {_LABELS.get(key, key)} of about {human(stated)}; you wrote {human(mine)}. "
                    "Why the difference, and does your design still hold at the problem's figure?",
                    "Designing for a different scale than the one asked is the quickest way to solve the wrong problem.",
                    Severity.MEDIUM,
                ))

    derived = derive(estimates)
    if derived is None:
        return probes
    comparisons = (
        ("my_read_qps", "peak read QPS", derived.peak_read_qps),
        ("my_write_qps", "peak write QPS", derived.peak_write_qps),
        ("my_storage_per_year_gb", "storage per year (GB)", derived.storage_gb_per_year),
        ("my_bandwidth_mbps", "peak bandwidth (Mbit/s)", derived.bandwidth_mbps),
    )
    unstated = []
    for key, label, ours in comparisons:
        mine = estimates.get(key)
        if ours is None:
            continue
        if mine is None:
            unstated.append(label)
            continue
        factor = _off_by(mine, ours)
        if factor > AGREE_FACTOR:
            probes.append(_probe(
                f"You wrote {human(mine)} for {label}; your own inputs give about {human(ours)} ({working_for(derived, key)}). "
                "Which is wrong, the inputs or the arithmetic — and which parts of the design did you size with it?",
                f"Off by {human(factor)}×: every component sized from this figure is sized for the wrong load.",
                Severity.HIGH if factor >= 10 else Severity.MEDIUM,
            ))
    if unstated:
        probes.append(_probe(
            "You have the inputs but not your own " + ", ".join(unstated) + ". Work them out before looking them up: "
            "what are they, and which component takes each?",
            "Predict first, verify second: the estimate is only useful if it is yours and it reaches the drawing.",
            Severity.MEDIUM,
        ))

    # Load that lands on one instance, phrased from the user's own figures where they wrote them.
    writes = estimates.get("my_write_qps")
    order = {Kind.DATABASE: 0, Kind.SEARCH: 1, Kind.QUEUE: 2}
    singles = [n for n in facts.of_kind(*order) if n.single and n.callers]
    for node in sorted(singles, key=lambda n: (order[n.kind], not n.writes_in, n.id)):
        rate = f"{human(writes)} writes/s" if writes else "your peak write rate"
        probes.append(_probe(
            f"At {rate}, every write lands on {node.name}, a single instance. What is one {node.kind.value.replace('_', ' ')} "
            "node's ceiling, where does that number come from, and how much headroom is left at peak?",
            "An estimate is only useful once it meets a component: this is where the numbers say whether the drawing works.",
            Severity.HIGH,
            (node.id,),
        ))
        break
    years = estimates.get("retention_years")
    if derived.storage_gb_per_year is not None and years and "my_storage_per_year_gb" in estimates:
        total = derived.storage_gb_per_year * years
        stores = facts.of_kind(Kind.DATABASE, Kind.OBJECT_STORAGE)
        where = stores[0].name if stores else "your storage"
        probes.append(_probe(
            f"Over {human(years)} years that is about {human(total)} GB in {where}. Does that fit on one node, and how "
            "long would restoring all of it from a backup take?",
            "Retention multiplies storage; the restore time of the whole data set is the real recovery time.",
            Severity.MEDIUM,
            (stores[0].id,) if stores else (DESIGN,),
        ))
    return probes


def grade_probe(estimates: Mapping[str, float], problem: Problem | None) -> Probe | None:
    """With a problem that has reference figures: the first step where the user's arithmetic parts ways.

    ``None`` when there is no reference, or everything the user wrote is in the band. The grade only ever
    quotes a reference figure the user has written themselves (:func:`critique.grading.grade_estimates`).
    """
    graded = grade_estimates(estimates, problem) if problem is not None else None
    if graded is None or graded.divergence is None:
        return None
    far = any(g.grade is Grade.ORDER_OF_MAGNITUDE for g in graded.written)
    out = " ".join(g.describe(graded.tolerance) for g in graded.written if g.grade is not Grade.WITHIN)
    ask = " Which would you correct, and which component did you size from the numbers that follow it?"
    return _probe(
        clip(graded.divergence.explanation, MAX_QUESTION - len(ask))[0] + ask,
        clip(f"Against the problem's reference: {out} Every figure after the first wrong step inherits its error.",
             MAX_WHY)[0],
        Severity.HIGH if far else Severity.MEDIUM,
    )
