"""Check my estimates: recompute the user's capacity numbers and challenge them.

Sketch-first practice means predicting before verifying, so the user's own
figures come first: a derived figure (peak QPS, storage, bandwidth) is only
shown once the user has written theirs, and then it is compared. Missing
inputs, implausible inputs, numbers that disagree with the problem's stated
scale, and load that lands on a single instance all become probes.

The arithmetic here is deliberately small (:func:`derive`). When
``design/estimates.py`` lands on main it becomes the single source of the
arithmetic and :func:`derive` should delegate to it; the probe logic below
only reads the :class:`Derived` fields.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from critique.facts import DesignFacts
from critique.models import DESIGN, Probe
from critique.problems import Problem
from design.model import Kind, Severity

__all__ = ["INPUT_KEYS", "Derived", "derive", "estimate_probes", "human"]

SECONDS_PER_DAY = 86_400
#: The inputs a user writes down before deriving anything.
INPUT_KEYS = ("daily_users", "requests_per_user", "read_write_ratio", "payload_bytes", "peak_factor")
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


@dataclass(frozen=True, slots=True)
class Derived:
    """Figures derived from the inputs, with the arithmetic for each written out.

    ``working`` maps each figure's key (``my_read_qps``...) to the steps that
    produce it, so a probe shows only the arithmetic of the figure it is about.
    """

    peak_read_qps: float
    peak_write_qps: float
    storage_gb_per_year: float | None
    bandwidth_mbps: float | None
    working: Mapping[str, str]


def human(value: float) -> str:
    """A rough number for people: ``1.2k``, ``35M``, ``0.4``.

    >>> human(1234), human(35_000_000), human(0.42), human(12)
    ('1.2k', '35M', '0.42', '12')
    """
    for limit, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            scaled = value / limit
            return f"{scaled:.1f}{suffix}".replace(".0" + suffix, suffix) if scaled < 100 else f"{scaled:.0f}{suffix}"
    if abs(value) >= 10 or value == int(value):
        return f"{value:.0f}"
    return f"{value:.2g}"


def derive(estimates: Mapping[str, float]) -> Derived | None:
    """Peak read/write QPS, storage per year and bandwidth from the inputs, or ``None`` without traffic inputs.

    The read:write ratio is reads per write; a missing peak factor counts as 1
    (and is challenged elsewhere, because peaks are never average).

    >>> d = derive({"daily_users": 1e6, "requests_per_user": 10, "read_write_ratio": 9, "peak_factor": 2})
    >>> round(d.peak_read_qps), round(d.peak_write_qps)
    (208, 23)
    """
    users, per_user = estimates.get("daily_users"), estimates.get("requests_per_user")
    if not users or not per_user:
        return None
    ratio = estimates.get("read_write_ratio", 1.0)
    peak = estimates.get("peak_factor") or 1.0
    per_day = users * per_user
    writes_day = per_day / (1 + ratio)
    reads_day = per_day - writes_day
    avg = per_day / SECONDS_PER_DAY
    read_qps, write_qps = reads_day / SECONDS_PER_DAY * peak, writes_day / SECONDS_PER_DAY * peak
    traffic = (
        f"{human(users)} users × {human(per_user)} requests = {human(per_day)} requests/day "
        f"(≈ {human(avg)}/s on average); read:write {human(ratio)}:1"
    )
    working = {
        "my_read_qps": f"{traffic} → {human(reads_day)} reads/day ÷ 86,400 × peak {human(peak)} ≈ {human(read_qps)}/s",
        "my_write_qps": f"{traffic} → {human(writes_day)} writes/day ÷ 86,400 × peak {human(peak)} ≈ {human(write_qps)}/s",
    }
    payload = estimates.get("payload_bytes")
    storage = bandwidth = None
    if payload:
        storage = writes_day * payload * 365 / 1e9
        bandwidth = (read_qps + write_qps) * payload * 8 / 1e6
        working["my_storage_per_year_gb"] = (
            f"{traffic} → {human(writes_day)} writes/day × {human(payload)} B × 365 ≈ {human(storage)} GB/year"
        )
        working["my_bandwidth_mbps"] = (
            f"{traffic} → {human(read_qps + write_qps)} requests/s at peak × {human(payload)} B × 8 "
            f"≈ {human(bandwidth)} Mbit/s"
        )
    return Derived(read_qps, write_qps, storage, bandwidth, working)



def _probe(question: str, why: str, severity: Severity, targets: tuple[str, ...] = (DESIGN,)) -> Probe:
    return Probe(question, why, targets, "estimates", severity)


def _off_by(mine: float, ours: float) -> float:
    if mine <= 0 or ours <= 0:
        return math.inf
    return max(mine / ours, ours / mine)


def estimate_probes(estimates: Mapping[str, float], facts: DesignFacts, problem: Problem | None) -> list[Probe]:
    """Probes about the user's numbers, most serious first."""
    probes: list[Probe] = []
    missing = [k for k in INPUT_KEYS if k not in estimates]
    if len(missing) == len(INPUT_KEYS):
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
                f"You wrote {human(mine)} for {label}; your own inputs give about {human(ours)} ({derived.working[key]}). "
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
