"""Estimates graded against the problem's reference, and the first step where the arithmetic parts ways.

*Check my estimates* already recomputes the user's figures from their own
inputs. With a problem that carries reference estimates it can also say how
close each figure is to a strong answer: within the problem's tolerance band,
off by some factor, or off by an order of magnitude or more. A figure is
graded only once the user has written their own: an unwritten figure is
reported as such, with no reference number attached, so the grade never
hands over the answer.

When a figure is out of the band, :func:`grade_estimates` walks the chain an
interviewer walks (daily users → requests per day → average load → peak
reads and writes → storage per year) and reports the first step where the
user's value leaves the band, with its cause: an assumption that differs from
the reference's (requests per user, read:write ratio, peak factor, payload),
or an arithmetic slip between the user's own inputs and the figure they wrote
(with the common slips named: a missing ×365, ×86,400, ×8 or a unit of 1,000).

The arithmetic is :func:`design.sizing.estimates.derive`, the same code that
shows the working, so the grade and the working can never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from critique.problems import Problem, WorkingStep
from design.sizing.estimates import Estimate, derive, human

__all__ = [
    "FIGURES",
    "Divergence",
    "EstimateGrade",
    "FigureGrade",
    "Grade",
    "grade_estimates",
]

#: Graded figures: reference key, the user's own estimate key, and how to say it.
FIGURES: tuple[tuple[str, str, str, str], ...] = (
    ("daily_users", "daily_users", "daily users", "users"),
    ("peak_read_qps", "my_read_qps", "peak reads", "reads/s"),
    ("peak_write_qps", "my_write_qps", "peak writes", "writes/s"),
    ("storage_gb_per_year", "my_storage_per_year_gb", "storage per year", "GB/year"),
    ("bandwidth_mbps", "my_bandwidth_mbps", "peak bandwidth", "Mbit/s"),
)
#: A figure this far off (or more) is an order of magnitude out.
ORDER_OF_MAGNITUDE = 10.0
#: Factors that betray a classic slip, and the slip they betray.
_SLIPS: tuple[tuple[float, str], ...] = (
    (86_400, "a day's worth where a second was meant (or the reverse): ×86,400"),
    (365, "a year where a day was meant (or the reverse): ×365"),
    (1_000_000, "a unit off by a million (bytes and MB, or GB and PB)"),
    (1_000, "a unit off by a thousand (KB and MB, GB and TB)"),
    (8, "bits and bytes mixed up: ×8"),
)
_SLIP_MARGIN = 1.25


class Grade(StrEnum):
    """How one of the user's figures compares with the reference."""

    WITHIN = "within"
    OFF = "off"
    ORDER_OF_MAGNITUDE = "order_of_magnitude"
    NOT_WRITTEN = "not_written"


@dataclass(frozen=True, slots=True)
class FigureGrade:
    """One figure's grade. ``reference`` is ``None`` until the user has written their own."""

    key: str
    label: str
    unit: str
    yours: float | None
    reference: float | None
    grade: Grade
    factor: float | None = None  # ≥ 1: how many times too high or too low

    @property
    def direction(self) -> str | None:
        if self.yours is None or self.reference is None or self.yours == self.reference:
            return None
        return "high" if self.yours > self.reference else "low"

    def describe(self, tolerance: float) -> str:
        """One line for the user, in their words first."""
        if self.grade is Grade.NOT_WRITTEN or self.yours is None or self.reference is None:
            return f"{self.label.capitalize()}: not written yet. Work out your own before comparing."
        yours = f"{human(self.yours)} {self.unit}"
        ref = f"{human(self.reference)} {self.unit}"
        if self.grade is Grade.WITHIN:
            return f"{self.label.capitalize()}: {yours}, within ×{human(tolerance)} of the reference's {ref}."
        how = "an order of magnitude " if self.grade is Grade.ORDER_OF_MAGNITUDE else ""
        return (f"{self.label.capitalize()}: {yours} is {how}{human(self.factor or 0)}× too {self.direction} "
                f"(the reference has {ref}; the band is ×{human(tolerance)}).")


@dataclass(frozen=True, slots=True)
class Divergence:
    """The first step of the chain where the user's value leaves the band, and why.

    ``cause`` is ``"assumption"`` (an input differs from the reference's),
    ``"arithmetic"`` (the figure written does not follow from the user's own
    inputs), ``"drift"`` (small differences that add up) or ``"unshown"``
    (a figure with no inputs to check it against).
    """

    step: str
    yours: float
    reference: float
    factor: float
    cause: str
    explanation: str


@dataclass(frozen=True, slots=True)
class EstimateGrade:
    """Every figure's grade, and the first divergence (``None`` when everything written is in the band)."""

    tolerance: float
    figures: tuple[FigureGrade, ...]
    divergence: Divergence | None

    @property
    def written(self) -> tuple[FigureGrade, ...]:
        return tuple(f for f in self.figures if f.grade is not Grade.NOT_WRITTEN)

    @property
    def within(self) -> tuple[FigureGrade, ...]:
        return tuple(f for f in self.figures if f.grade is Grade.WITHIN)

    def lines(self) -> list[str]:
        out = [f.describe(self.tolerance) for f in self.figures]
        if self.divergence is not None:
            out.append(self.divergence.explanation)
        return out


def _factor(mine: float, ours: float) -> float:
    if mine <= 0 or ours <= 0:
        return math.inf
    return max(mine / ours, ours / mine)


def _grade(factor: float, tolerance: float) -> Grade:
    if factor <= tolerance:
        return Grade.WITHIN
    return Grade.ORDER_OF_MAGNITUDE if factor >= ORDER_OF_MAGNITUDE else Grade.OFF


def _slip(factor: float) -> str | None:
    for size, what in _SLIPS:
        if size / _SLIP_MARGIN <= factor <= size * _SLIP_MARGIN:
            return what
    return None


def grade_estimates(estimates: Mapping[str, float], problem: Problem) -> EstimateGrade | None:
    """Grade the user's figures against ``problem``'s reference; ``None`` when it has none."""
    reference = problem.estimates
    if reference is None:
        return None
    tolerance = reference.tolerance
    ours = derive(problem.scale)
    grades: list[FigureGrade] = []
    for ref_key, own_key, label, unit in FIGURES:
        ref_value = reference.figures.get(ref_key)
        if ref_value is None:
            continue
        mine = estimates.get(own_key)
        if mine is None:
            grades.append(FigureGrade(ref_key, label, unit, None, None, Grade.NOT_WRITTEN))
            continue
        factor = _factor(mine, ref_value)
        grades.append(FigureGrade(ref_key, label, unit, mine, ref_value, _grade(factor, tolerance), factor))
    divergence = None
    if any(g.grade in (Grade.OFF, Grade.ORDER_OF_MAGNITUDE) for g in grades) and ours is not None:
        divergence = _first_divergence(estimates, problem, ours, tolerance)
    return EstimateGrade(tolerance, tuple(grades), divergence)


# --- the chain -------------------------------------------------------------------------


_INPUT_WORDS = {
    "daily_users": "daily users",
    "requests_per_user": "requests per user",
    "read_write_ratio": "read:write ratio",
    "peak_factor": "peak factor",
    "payload_bytes": "payload size",
}


def _inputs_off(mine: Mapping[str, float], scale: Mapping[str, float], keys: tuple[str, ...],
                tolerance: float) -> list[str]:
    """The user's inputs among ``keys`` that differ from the reference's, most different first."""
    off = []
    for k in keys:
        if k in mine and k in scale:
            if k == "read_write_ratio":  # compare the share of writes: 1:1 and 3:1 differ by 2×, not 3×
                f = _factor(1 / (1 + mine[k]), 1 / (1 + scale[k])) if mine[k] >= 0 else math.inf
            else:
                f = _factor(mine[k], scale[k])
            if f > 1.05:
                off.append((f, k))
    off.sort(key=lambda t: (-t[0], keys.index(t[1])))
    return [f"your {_INPUT_WORDS[k]} is {human(mine[k])} where the reference assumes {human(scale[k])}"
            for _, k in off]


def _step(step: str, yours: float, ref: float, cause: str, explanation: str) -> Divergence:
    return Divergence(step, yours, ref, _factor(yours, ref), cause, explanation)


def _assumption(step: str, yours: float, ref: float, unit: str, reasons: list[str], tolerance: float) -> Divergence:
    factor = _factor(yours, ref)
    if reasons:
        because = "; ".join(reasons)
        cause = "assumption"
    else:
        because = "several small differences add up past the band"
        cause = "drift"
    return _step(step, yours, ref, cause,
                 f"Your arithmetic parts ways at {step}: {human(yours)} {unit} against the reference's "
                 f"{human(ref)} ({human(factor)}× apart, band ×{human(tolerance)}), because {because}.")


def _first_divergence(mine: Mapping[str, float], problem: Problem, ours: Estimate,
                      tolerance: float) -> Divergence | None:
    scale = problem.scale
    # 1. daily users
    users = mine.get("daily_users")
    if users is not None and _factor(users, scale["daily_users"]) > tolerance:
        return _assumption("daily users", users, scale["daily_users"], "users",
                           _inputs_off(mine, scale, ("daily_users",), tolerance), tolerance)
    theirs = derive(mine)
    # 2. requests per day; the average load only divides it by 86,400, so it parts ways exactly here too
    if theirs is not None and _factor(theirs.requests_per_day, ours.requests_per_day) > tolerance:
        return _assumption("requests per day", theirs.requests_per_day, ours.requests_per_day, "requests/day",
                           _inputs_off(mine, scale, ("daily_users", "requests_per_user"), tolerance), tolerance)
    # 3. peak reads and writes; 4. storage per year: only steps the user wrote a figure for, so a step
    # they have not reached yet is never answered for them. Assumptions first, then their own arithmetic.
    steps = (
        ("peak reads", "my_read_qps", "peak_read_qps", "reads/s",
         ("daily_users", "requests_per_user", "read_write_ratio", "peak_factor")),
        ("peak writes", "my_write_qps", "peak_write_qps", "writes/s",
         ("daily_users", "requests_per_user", "read_write_ratio", "peak_factor")),
        ("storage per year", "my_storage_per_year_gb", "storage_gb_per_year", "GB/year",
         ("daily_users", "requests_per_user", "read_write_ratio", "payload_bytes")),
    )
    for step, own_key, field, unit, inputs in steps:
        ref_value = getattr(ours, field)
        written = mine.get(own_key)
        if ref_value is None or written is None:
            continue
        derived_value = getattr(theirs, field) if theirs is not None else None
        if derived_value is not None and _factor(derived_value, ref_value) > tolerance:
            return _assumption(step, derived_value, ref_value, unit, _inputs_off(mine, scale, inputs, tolerance),
                               tolerance)
        if derived_value is not None and _factor(written, derived_value) > tolerance:
            factor = _factor(written, derived_value)
            slip = _slip(factor)
            named = f" It looks like {slip}." if slip else ""
            return _step(step, written, ref_value, "arithmetic",
                         f"Your arithmetic parts ways at {step}: your own inputs give {human(derived_value)} {unit}, "
                         f"but you wrote {human(written)} ({human(factor)}× apart).{named} Redo this step from "
                         "your inputs before changing any assumption.")
        if derived_value is None and _factor(written, ref_value) > tolerance:
            working = "; ".join(f"{s.step}: {s.how} = {human(s.value)}" for s in _reference_steps(problem, step))
            return _step(step, written, ref_value, "unshown",
                         f"Your {step} ({human(written)} {unit}) is {human(_factor(written, ref_value))}× from the "
                         f"reference's {human(ref_value)}, and your inputs are not all written, so the step cannot "
                         f"be checked. The reference works it out as: {working}.")
    return None


def _reference_steps(problem: Problem, upto: str) -> list[WorkingStep]:
    """The reference's written working, up to and including ``upto``."""
    out: list[WorkingStep] = []
    for s in problem.estimates.working if problem.estimates else ():
        out.append(s)
        if s.step == upto:
            break
    return out
