"""Rules about the user's own targets: a latency budget, an availability target or a throughput the drawing misses.

Each reads the requirement lines the user wrote (option ``requirements``), the
targets they state (:mod:`design.model.requirements`) and the model of the
drawing (:mod:`design.analysis.numbers`), and fires where the model, as drawn,
cannot meet a target: the message gives both numbers and names the hop that
costs most. Targets at risk or that the model cannot judge stay in the
checklist, not in the findings. Without stated targets these rules never
build the model.
"""

from __future__ import annotations

from collections.abc import Iterator

from design.analysis.context import Context
from design.analysis.numbers import CheckedTarget, Status, numbers_of, targets_stated
from design.analysis.rules.registry import Hit, rule
from design.model.requirements import TargetKind
from design.model.sketch import Category, Severity

__all__ = ["availability_target_missed", "latency_budget_exceeded", "throughput_ceiling"]


def _missed(ctx: Context, kind: TargetKind) -> Iterator[CheckedTarget]:
    if not targets_stated(ctx):
        return
    for check in numbers_of(ctx).checks:
        if check.target.kind is kind and check.status is Status.NOT_MET and check.hop:
            yield check


def _elements(check: CheckedTarget) -> tuple[str, ...]:
    assert check.hop is not None
    return (check.hop, check.flow) if check.flow else (check.hop,)


@rule(
    "LAT001",
    Category.LATENCY_BUDGET_EXCEEDED,
    Severity.MEDIUM,
    "A request path is slower than the latency you asked for",
    """You wrote a latency budget, and a request path as drawn adds up to more: every
    synchronous hop adds its own time, and the tail of the slowest hop becomes the tail of
    the request. Take hops off the path (call in parallel, cache, or move work that need not
    finish before the answer behind a queue), or say why the figures for your components
    are lower than the typical ones in the table.""",
)
def latency_budget_exceeded(ctx: Context) -> Iterator[Hit]:
    """A latency target in the requirements ("p99 under 200 ms", "redirect in < 50 ms") is above the
    model's figure for the path it speaks of: the hop latencies of the capacity table added along the
    slowest synchronous path whose labels share the requirement's words (else every path), at the
    target's percentile (p50 for median or average, p99 otherwise; a store behind a cache counts only
    when enough reads miss). One finding per target, on the hop that adds the most."""
    for check in _missed(ctx, TargetKind.LATENCY):
        yield Hit(_elements(check), check.detail)


@rule(
    "AVAIL001",
    Category.AVAILABILITY_TARGET_MISSED,
    Severity.HIGH,
    "The availability you asked for is out of reach as drawn",
    """Availability multiplies along a request path: every component a request needs must be
    up at once, so a path is less available than its weakest part, and one single instance
    at 99.5% caps the whole path below three nines. Replicas in parallel raise a component's
    figure only if they do not share a zone that can fail as one. Add instances where the
    path is weakest, or take the component off the path.""",
)
def availability_target_missed(ctx: Context) -> Iterator[Hit]:
    """An availability target in the requirements ("99.99%", "four nines", "under 5 minutes of downtime
    a month") is above the model's figure for the least available path it speaks of: per-instance
    availability from the capacity table, replicas in parallel, components in series, and a zone or
    region shared by every replica counted once. One finding per target, on the component that costs
    most."""
    for check in _missed(ctx, TargetKind.AVAILABILITY):
        yield Hit(_elements(check), check.detail)


@rule(
    "THRU001",
    Category.THROUGHPUT_CEILING,
    Severity.HIGH,
    "The traffic you expect is above what the weakest hop takes",
    """You stated a throughput, and spread over the drawing it puts more on one component's
    instances than they take: that component is the design's ceiling, and everything in
    front of it queues when it saturates. Add instances (or shards, for a database's
    writes), put a cache or a queue in front of it, or check the figure.""",
)
def throughput_ceiling(ctx: Context) -> Iterator[Hit]:
    """A throughput or volume target in the requirements ("10k QPS", "1B reads/day", "100M new links
    a month", at peak when the estimates give a peak factor) spread over the graph as
    capacity_exceeded spreads the estimated peak puts more on some instance than its capacity. The
    estimated peak itself is capacity_exceeded's to report, per component; this rule reports stated
    targets, one finding per target, on the weakest hop."""
    for check in _missed(ctx, TargetKind.THROUGHPUT):
        yield Hit((check.hop,) if check.hop else (), check.detail)
