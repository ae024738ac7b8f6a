"""Score a stored practice round: which versions and critiques are the round's, and the signals the scorecard reads.

A round is scored on what it saved, never on the canvas:

- its versions are those saved after it started (after the design's newest
  version at its start, ``version_mark``); a retried stage on the same design
  compares against the version it started from;
- its last version is the round's final (or newest) one, but never later than
  the version saved when the reference design was first opened: what was
  redrawn after seeing the answer is not the attempt;
- its critiques are those asked after it started, of the round's versions up
  to that last one; the answers the follow-up rounds judged come from them.

A round without a version of its own and a critique of one cannot be scored
(:func:`why_not_scorable` says why, in words for the user).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from critique.problems import Problem
from critique.rubric import Level
from critique.scorecard import RequirementCheck, RoundSignals, Scorecard, answers_from_payloads, score_round
from design.analysis.analyze import analyze_document
from design.analysis.numbers import Status
from design.practice.timer import PracticeSession
from design.store.sqlite import Store

__all__ = ["RoundWork", "requirement_checks", "round_work", "score_stored_round", "why_not_scorable"]


@dataclass(frozen=True)
class RoundWork:
    """The version numbers and critique payloads that belong to a round."""

    first: int
    last: int
    versions: tuple[int, ...]
    critiques: tuple[Mapping[str, Any], ...]


def round_work(db: Store, round_: PracticeSession) -> RoundWork | None:
    """The round's own versions and critiques; ``None`` when it has no version of its own yet."""
    numbers = [v.number for v in db.list_versions(round_.design_id) if v.number > round_.version_mark]
    end = round_.final_version if round_.ended_at is not None else (numbers[-1] if numbers else None)
    if round_.revealed_version is not None and end is not None:
        end = min(end, round_.revealed_version)
    own = tuple(n for n in numbers if end is not None and n <= end)
    if not own or end is None:
        return None
    first = round_.version_mark if round_.version_mark > 0 else own[0]
    payloads = tuple(payload for cid, version, _mode, _at, payload in db.list_critiques(round_.design_id)
                     if cid > round_.critique_mark and version in own and isinstance(payload, Mapping))
    return RoundWork(first, end, own, payloads)


def why_not_scorable(db: Store, round_: PracticeSession) -> str | None:
    """Why the round cannot have a scorecard yet, or ``None`` when it can."""
    work = round_work(db, round_)
    if work is None:
        return "The scorecard needs a version saved during the round: save your design, then ask for a critique."
    if not work.critiques:
        return (f"The scorecard needs a critique of a version saved during the round: ask the critic about "
                f"v{work.last} before finishing.")
    return None


def requirement_checks(document_checks: tuple[Any, ...]) -> tuple[RequirementCheck, ...]:
    """The numbers model's verdicts on the stated targets, as the scorecard counts them.

    *At risk* (within 20% of the limit) still meets the target; *cannot tell*
    is left out: it names a missing figure, which the estimates row already scores.
    """
    out = []
    for line, check in document_checks:
        if check.status is Status.CANNOT_TELL:
            continue
        out.append(RequirementCheck(line, check.status in (Status.MET, Status.AT_RISK), check.detail))
    return tuple(out)


def score_stored_round(db: Store, round_: PracticeSession, problem: Problem | None,
                       level: Level = Level.SENIOR) -> Scorecard:
    """The scorecard of a stored round at ``level`` (raises ``ValueError`` with the reason when it cannot be scored)."""
    reason = why_not_scorable(db, round_)
    work = round_work(db, round_)
    if reason is not None or work is None:
        raise ValueError(reason or "the round cannot be scored")
    last = db.load_version(round_.design_id, work.last)
    first = last if work.first == work.last else db.load_version(round_.design_id, work.first)
    analysis = analyze_document(last.document)
    numbers = analysis.numbers
    checks = (requirement_checks(tuple((r.line, c) for r in numbers.requirements for c in r.checks))
              if numbers is not None else ())
    signals = RoundSignals(
        requirements=last.document.requirements,
        approach=last.document.approach,
        estimates=dict(last.document.estimates),
        problem=problem,
        sketch=analysis.sketch,
        first_findings=first.findings,
        last_findings=last.findings,
        first_version=work.first,
        last_version=work.last,
        answers=answers_from_payloads(work.critiques),
        requirement_checks=checks or None,
    )
    return score_round(signals, level)
