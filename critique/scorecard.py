"""The end-of-round scorecard: one row per interview phase, every point backed by evidence, judged at a level.

A round ends with saved versions, findings and at least one critique. The
scorecard turns what the tool already knows into a verdict a coach would
give, and shows its working:

- **Requirements**: the requirement lines written, and which of the problem's
  checklist items they cover (an item is covered when a line says one of the
  keywords the problem file lists for it), plus whether a non-functional
  requirement carries a number.
- **Estimates**: each of the user's own figures graded against the problem's
  reference (:mod:`critique.grading`); without a reference, whether the
  inputs are written and the user's figures follow from them.
- **High-level design**: high-severity findings left in the last version,
  high findings resolved since the first version, medium findings left, and
  the requirement checks of a latency/availability model when one is given
  (issue 15 adds the model; here they are an optional input).
- **Deep dive**: the problem's concerns the last version shows evidence for
  (the offline critic's own test, :func:`critique.offline.concern_evidence`);
  without a problem, revision after critique and probes answered.
- **Trade-offs and answers**: the follow-up round's verdicts on the user's
  answers (*holds*, *partial*, *hand-waving*), the approach written in a few
  sentences, and a trade-off named in the user's own words.

A row's score is earned ÷ possible points, 0–100. A level (mid, senior,
staff) sets the bar per row; the verdict is the highest level whose bars the
round clears on every row, and the two changes that would move it up are
the largest gains among the rows that miss the next bar. Everything is a
function of the inputs: the same round always gets the same card.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from critique.facts import DesignFacts
from critique.grading import Grade, grade_estimates
from critique.models import Verdict
from critique.payload import PayloadError, from_payload
from critique.problems import Problem
from critique.rubric import LEVEL_ORDER, Level, RoundPhase
from design.analysis.rules.registry import RULES
from design.model.echo import echo
from design.model.labels import says
from design.model.scorecard_view import EvidenceView, ScorecardView, ScoreRowView
from design.model.sketch import Finding, Severity, Sketch
from design.practice.gate import MIN_APPROACH_WORDS, OWN_ESTIMATE_KEYS, requirement_lines
from design.sizing.estimates import INPUT_KEYS, derive, human

__all__ = [
    "BARS",
    "SCORECARD_SCHEMA",
    "AnswerRecord",
    "Change",
    "Point",
    "RequirementCheck",
    "RoundSignals",
    "Row",
    "Scorecard",
    "answers_from_payloads",
    "score_round",
]

SCORECARD_SCHEMA = 1

#: The bar each row must reach (score out of 100) at each level.
BARS: Mapping[Level, Mapping[RoundPhase, int]] = {
    Level.MID: {RoundPhase.REQUIREMENTS: 50, RoundPhase.ESTIMATES: 40, RoundPhase.HIGH_LEVEL: 50,
                RoundPhase.DEEP_DIVE: 35, RoundPhase.TRADEOFFS: 30},
    Level.SENIOR: {RoundPhase.REQUIREMENTS: 70, RoundPhase.ESTIMATES: 60, RoundPhase.HIGH_LEVEL: 70,
                   RoundPhase.DEEP_DIVE: 60, RoundPhase.TRADEOFFS: 55},
    Level.STAFF: {RoundPhase.REQUIREMENTS: 85, RoundPhase.ESTIMATES: 80, RoundPhase.HIGH_LEVEL: 85,
                  RoundPhase.DEEP_DIVE: 80, RoundPhase.TRADEOFFS: 75},
}
#: Words that show a trade-off stated in the user's own notes or answers.
TRADEOFF_WORDS = ("trade-off", "trade off", "tradeoff", "trade-offs", "tradeoffs", "at the cost of", "instead of",
                  "rather than", "in exchange", "we give up", "gives up", "sacrifice", "sacrifices", "at the expense of",
                  "versus", "vs")
_NUMBER = re.compile(r"\d")
_WORD = re.compile(r"[^\W_]+")
_VERDICT_POINTS = {Verdict.HOLDS: 2, Verdict.PARTIAL: 1, Verdict.HAND_WAVING: 0, Verdict.UNANSWERED: 0}
_MEDIUM_ALLOWED = 1


# --- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One probe the user answered in writing, and the follow-up round's verdict on it."""

    question: str
    answer: str
    verdict: Verdict
    severity: Severity = Severity.MEDIUM


@dataclass(frozen=True, slots=True)
class RequirementCheck:
    """A stated requirement checked by a latency/availability model (issue 15): met or not, and why."""

    requirement: str
    met: bool
    detail: str = ""


@dataclass(frozen=True)
class RoundSignals:
    """Everything the scorecard reads: the last version's notes and sketch, the first and last findings, answers."""

    requirements: str = ""
    approach: str = ""
    estimates: Mapping[str, float] = field(default_factory=dict)
    problem: Problem | None = None
    sketch: Sketch | None = None
    first_findings: tuple[Finding, ...] = ()
    last_findings: tuple[Finding, ...] = ()
    first_version: int = 1
    last_version: int = 1
    answers: tuple[AnswerRecord, ...] = ()
    requirement_checks: tuple[RequirementCheck, ...] | None = None


# --- outputs ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Point:
    """A line of evidence: what the round showed, the points it earned of those possible, and the fix if short."""

    text: str
    earned: float
    possible: float
    fix: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "earned": self.earned, "possible": self.possible, "fix": self.fix}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Point:
        fix = data.get("fix")
        return cls(str(data["text"]), float(data["earned"]), float(data["possible"]),
                   None if fix is None else str(fix))


@dataclass(frozen=True, slots=True)
class Row:
    """One phase: its score (0–100), the bar at the chosen level, and the evidence for every point."""

    phase: RoundPhase
    score: int
    bar: int
    points: tuple[Point, ...]

    @property
    def passed(self) -> bool:
        return self.score >= self.bar

    @property
    def possible(self) -> float:
        return sum(p.possible for p in self.points)


@dataclass(frozen=True, slots=True)
class Change:
    """A concrete change that would raise ``phase`` by about ``gain`` points."""

    phase: RoundPhase
    text: str
    gain: int


@dataclass(frozen=True)
class Scorecard:
    """The round's card at ``level``, the level it meets, and the two changes that would move it up."""

    level: Level
    rows: tuple[Row, ...]
    meets: Level | None
    next_level: Level | None
    changes: tuple[Change, ...]
    rules_first: tuple[str, ...] = ()
    rules_last: tuple[str, ...] = ()

    def row(self, phase: RoundPhase) -> Row:
        return next(r for r in self.rows if r.phase is phase)

    @property
    def verdict(self) -> str:
        if self.meets is None:
            met = "This round does not yet meet the mid-level bar."
        elif self.meets is self.level:
            met = f"This round meets the {self.meets.value} bar."
        else:
            met = f"This round meets the {self.meets.value} bar (you chose {self.level.value})."
        if self.next_level is None:
            return met + " Nothing above staff: hold it there on a harder problem."
        if not self.changes:
            return met
        moves = " and ".join(c.text.rstrip(".") for c in self.changes)
        return f"{met} To reach {self.next_level.value}: {moves}."

    def view(self, round_label: str = "") -> ScorecardView:
        """The card as plain records for the exports (which never import the critique stage)."""
        return ScorecardView(self.level.value, self.verdict, tuple(
            ScoreRowView(r.phase.title, r.score, r.bar,
                         tuple(EvidenceView(p.text, p.earned, p.possible, p.fix) for p in r.points))
            for r in self.rows), round_label)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCORECARD_SCHEMA,
            "level": self.level.value,
            "meets": self.meets.value if self.meets else None,
            "next_level": self.next_level.value if self.next_level else None,
            "rows": [{"phase": r.phase.value, "score": r.score, "bar": r.bar, "points": [p.to_json() for p in r.points]}
                     for r in self.rows],
            "changes": [{"phase": c.phase.value, "text": c.text, "gain": c.gain} for c in self.changes],
            "rules": {"first": list(self.rules_first), "last": list(self.rules_last)},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Scorecard:
        """Read back :meth:`to_json` (raises ``KeyError``/``ValueError``/``TypeError`` on bad data)."""
        if data.get("schema") != SCORECARD_SCHEMA:
            raise ValueError(f"scorecard schema {echo(data.get('schema'))} is not {SCORECARD_SCHEMA}")
        rules = data.get("rules") or {}
        return cls(
            level=Level(data["level"]),
            rows=tuple(Row(RoundPhase(r["phase"]), int(r["score"]), int(r["bar"]),
                           tuple(Point.from_json(p) for p in r["points"])) for r in data["rows"]),
            meets=Level(data["meets"]) if data.get("meets") else None,
            next_level=Level(data["next_level"]) if data.get("next_level") else None,
            changes=tuple(Change(RoundPhase(c["phase"]), str(c["text"]), int(c["gain"])) for c in data["changes"]),
            rules_first=tuple(str(r) for r in rules.get("first", [])),
            rules_last=tuple(str(r) for r in rules.get("last", [])),
        )


# --- the rows --------------------------------------------------------------------------------


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"


def _requirements(s: RoundSignals) -> list[Point]:
    lines = requirement_lines(s.requirements)
    points: list[Point] = []
    checklist = [c for c in (s.problem.checklist if s.problem else ()) if c.keywords]
    if checklist:
        for item in checklist:
            hit = next((line for line in lines if says(line, *item.keywords)), None)
            kind = "functional" if item.kind == "functional" else "non-functional"
            if hit is not None:
                points.append(Point(f"Covers the {kind} requirement {_quote(item.text)} with {_quote(hit)}.", 1, 1))
            else:
                points.append(Point(f"Does not cover the {kind} requirement {_quote(item.text)}.", 0, 1,
                                    f"state the {kind} requirement {_quote(item.text, 60)}"))
    else:
        count = len(lines)
        points.append(Point(f"{count} requirement line{'s' if count != 1 else ''} written (five or more earn "
                            "full marks).", min(count, 5), 5,
                            None if count >= 5 else "write at least five requirements, functional and non-functional"))
    measurable = [line for line in lines if _NUMBER.search(line)]
    if measurable:
        points.append(Point(f"A requirement carries a number: {_quote(measurable[0])}.", 1, 1))
    else:
        points.append(Point("No requirement carries a number (a latency, an availability, a size).", 0, 1,
                            "give a non-functional requirement a number, such as a p99 latency or an availability"))
    return points


def _estimates(s: RoundSignals) -> list[Point]:
    points: list[Point] = []
    asked = [k for k in INPUT_KEYS if k != "retention_years"]
    written = [k for k in asked if k in s.estimates]
    missing = [k.replace("_", " ") for k in asked if k not in s.estimates]
    points.append(Point(
        f"{len(written)} of {len(asked)} inputs written" + (f" (missing: {', '.join(missing)})." if missing else "."),
        len(written) / len(asked), 1,
        f"write your {', '.join(missing)}" if missing else None))
    graded = grade_estimates(s.estimates, s.problem) if s.problem else None
    if graded is not None:
        for g in graded.figures:
            text = g.describe(graded.tolerance)
            if g.grade is Grade.WITHIN:
                points.append(Point(text, 2, 2))
            elif g.grade is Grade.OFF:
                points.append(Point(text, 1, 2, f"rework your {g.label}"))
            elif g.grade is Grade.ORDER_OF_MAGNITUDE:
                points.append(Point(text, 0, 2, f"rework your {g.label}: it is an order of magnitude out"))
            else:
                points.append(Point(text, 0, 2, f"work out your own {g.label}"))
        if graded.divergence is not None:
            points.append(Point(graded.divergence.explanation, 0, 0))
        return points
    derived = derive(s.estimates)
    labels = {"my_read_qps": ("peak reads", "peak_read_qps"), "my_write_qps": ("peak writes", "peak_write_qps"),
              "my_storage_per_year_gb": ("storage per year", "storage_gb_per_year"),
              "my_bandwidth_mbps": ("peak bandwidth", "bandwidth_mbps")}
    for key in OWN_ESTIMATE_KEYS:
        label, attr = labels[key]
        mine = s.estimates.get(key)
        ours = getattr(derived, attr) if derived is not None else None
        if mine is None:
            points.append(Point(f"No figure of your own for {label}.", 0, 1, f"work out your own {label}"))
        elif ours is None:
            points.append(Point(f"Your {label} ({human(mine)}) cannot be checked without the inputs behind it.", 0, 1,
                                f"write the inputs your {label} comes from"))
        elif max(mine, ours) <= 2 * min(mine, ours) and min(mine, ours) > 0:
            points.append(Point(f"Your {label} ({human(mine)}) follows from your inputs ({human(ours)}).", 1, 1))
        else:
            points.append(Point(f"Your {label} ({human(mine)}) does not follow from your inputs ({human(ours)}).", 0, 1,
                                f"redo your {label} from your inputs"))
    return points


def _name(finding: Finding, sketch: Sketch | None) -> str:
    rule = RULES.get(finding.rule)
    title = rule.title if rule else finding.category.value.replace("_", " ")
    where = ""
    if sketch is not None:
        labels = [c.label for c in sketch.components if c.id in finding.elements]
        where = f" on {labels[0]}" if labels else ""
    return f"{finding.rule} ({title.lower()}){where}"


def _high_level(s: RoundSignals) -> list[Point]:
    points: list[Point] = []
    # Four points for the last version's high findings: all of them with none left, half with one, none with more.
    highs = [f for f in s.last_findings if f.severity is Severity.HIGH]
    if not highs:
        points.append(Point(f"No high-severity finding in v{s.last_version}.", 4, 4))
    for f in highs:
        share = 4 / len(highs)
        points.append(Point(f"High finding left in v{s.last_version}: {_name(f, s.sketch)}. {f.message}",
                            share / 2 if len(highs) == 1 else 0, share, f"resolve {_name(f, s.sketch)}"))
    first_high = {f.key: f for f in s.first_findings if f.severity is Severity.HIGH}
    last_keys = {f.key for f in s.last_findings}
    if not first_high:
        points.append(Point(f"v{s.first_version} had no high-severity finding to resolve.", 3, 3))
    else:
        share = 3 / len(first_high)
        for key, f in sorted(first_high.items()):
            if key in last_keys:
                points.append(Point(f"Still open since v{s.first_version}: {_name(f, s.sketch)}.", 0, share,
                                    f"fix {_name(f, s.sketch)}, open since v{s.first_version}"))
            else:
                points.append(Point(f"Resolved between v{s.first_version} and v{s.last_version}: {f.rule} "
                                    f"({f.message.rstrip('.')}).", share, share))
    mediums = [f for f in s.last_findings if f.severity is Severity.MEDIUM]
    if len(mediums) <= _MEDIUM_ALLOWED:
        points.append(Point(f"{len(mediums)} medium finding{'s' if len(mediums) != 1 else ''} left.", 2, 2))
    else:
        shown = ", ".join(f.rule for f in mediums[:4]) + (" and more" if len(mediums) > 4 else "")
        points.append(Point(f"{len(mediums)} medium findings left ({shown}).", 1 if len(mediums) <= 3 else 0, 2,
                            f"resolve or justify the medium findings ({shown})"))
    for check in s.requirement_checks or ():
        detail = f": {check.detail}" if check.detail else ""
        if check.met:
            points.append(Point(f"The model says the design meets {_quote(check.requirement)}{detail}.", 1, 1))
        else:
            points.append(Point(f"The model says the design misses {_quote(check.requirement)}{detail}.", 0, 1,
                                f"change the design until it meets {_quote(check.requirement, 50)}"))
    return points


def _deep_dive(s: RoundSignals) -> list[Point]:
    points: list[Point] = []
    if s.problem is not None and s.problem.concerns and s.sketch is not None:
        # Imported when a card is scored: the weak-spot summary on every page load needs this module, not the critic.
        from critique.offline import concern_evidence

        facts = DesignFacts(s.sketch)
        notes = f"{s.requirements}\n{s.approach}\n" + "\n".join(a.answer for a in s.answers)
        for concern in s.problem.concerns:
            weight = 2 if concern.severity is Severity.HIGH else 1
            shown, node = concern_evidence(concern, facts, notes)
            if shown:
                drawn = node is not None and (node.kind in concern.look_for.kinds
                                              or says(node.name, *concern.look_for.keywords))
                where = f" ({node.name})" if drawn and node is not None else " (in your notes or answers)"
                points.append(Point(f"Addresses {_quote(concern.title)}{where}.", weight, weight))
            else:
                points.append(Point(f"No sign of {_quote(concern.title)}.", 0, weight,
                                    f"show how the design handles {concern.title.lower()}"))
        return points
    revised = s.last_version > s.first_version
    points.append(Point("Revised the design after the critique." if revised else "No revision after the critique.",
                        1 if revised else 0, 1, None if revised else "save a revised version that answers the critique"))
    serious = [a for a in s.answers if a.severity.rank >= Severity.MEDIUM.rank]
    answered = [a for a in serious if a.verdict is not Verdict.UNANSWERED]
    if serious:
        points.append(Point(f"Answered {len(answered)} of {len(serious)} serious probes.", len(answered) / len(serious), 1,
                            None if len(answered) == len(serious) else "answer every high and medium probe"))
    else:
        points.append(Point("No serious probe answered yet.", 0, 1, "answer the critic's high and medium probes"))
    return points


def _tradeoffs(s: RoundSignals) -> list[Point]:
    points: list[Point] = []
    judged = [a for a in s.answers if a.verdict is not Verdict.UNANSWERED]
    if not s.answers:
        points.append(Point("No answer judged yet.", 0, 2,
                            "answer the critic's questions and ask for a follow-up round"))
    for a in s.answers:
        verdict = a.verdict.value.replace("_", "-")
        earned = _VERDICT_POINTS[a.verdict]
        fix = None if earned == 2 else (f"back your answer to {_quote(a.question, 90)} with a mechanism for what it "
                                        "asks and a number, a component or a named technique")
        points.append(Point(f"{verdict.capitalize()}: {_quote(a.question, 50)} → {_quote(a.answer or '—', 60)}",
                            earned, 2, fix))
    words = len(_WORD.findall(s.approach))
    if words >= MIN_APPROACH_WORDS:
        points.append(Point(f"Approach written ({words} words).", 1, 1))
    else:
        points.append(Point("No approach written in your own words.", 0, 1, "write your approach in three sentences"))
    texts = [s.approach, s.requirements, *(a.answer for a in judged)]
    sentences = [part for t in texts for part in re.split(r"(?<=[.!?;])\s+|\n", t) if part.strip()]
    named = next((t for t in sentences if says(t, *TRADEOFF_WORDS)), None)
    if named is not None:
        points.append(Point(f"Names a trade-off: {_quote(named)}.", 1, 1))
    else:
        points.append(Point("No trade-off named in your notes or answers.", 0, 1,
                            "name a trade-off you made and what it costs"))
    return points


_ROWS = {
    RoundPhase.REQUIREMENTS: _requirements,
    RoundPhase.ESTIMATES: _estimates,
    RoundPhase.HIGH_LEVEL: _high_level,
    RoundPhase.DEEP_DIVE: _deep_dive,
    RoundPhase.TRADEOFFS: _tradeoffs,
}


def _score(points: Sequence[Point]) -> int:
    possible = sum(p.possible for p in points)
    return round(100 * sum(p.earned for p in points) / possible) if possible else 0


def _meets(scores: Mapping[RoundPhase, int]) -> Level | None:
    met = None
    for level in LEVEL_ORDER:
        if all(scores[phase] >= bar for phase, bar in BARS[level].items()):
            met = level
        else:
            break
    return met


def _changes(rows: Sequence[Row], target: Level) -> tuple[Change, ...]:
    """The two largest gains among the rows below ``target``'s bar, biggest shortfall first."""
    short = sorted((r for r in rows if r.score < BARS[target][r.phase]),
                   key=lambda r: (-(BARS[target][r.phase] - r.score), list(RoundPhase).index(r.phase)))
    candidates: list[tuple[int, int, int, Change]] = []
    for rank, row in enumerate(short):
        possible = row.possible or 1
        for p in row.points:
            if p.fix and p.possible > p.earned:
                gain = round(100 * (p.possible - p.earned) / possible)
                candidates.append((rank, -gain, len(candidates), Change(row.phase, p.fix, gain)))
    # One change from each short row first (widest gaps first), then the next largest gains.
    chosen: list[Change] = []
    seen_rows: set[RoundPhase] = set()
    for _, _, _, change in sorted(candidates):
        if change.phase not in seen_rows:
            chosen.append(change)
            seen_rows.add(change.phase)
    for _, _, _, change in sorted(candidates, key=lambda c: (c[1], c[0], c[2])):
        if change not in chosen:
            chosen.append(change)
    return tuple(chosen[:2])


def score_round(signals: RoundSignals, level: Level = Level.SENIOR) -> Scorecard:
    """Score a round at ``level``: rows with evidence, the level it meets, and the next two changes."""
    rows: list[Row] = []
    for phase, build in _ROWS.items():
        points = tuple(build(signals))
        rows.append(Row(phase, _score(points), BARS[level][phase], points))
    meets = _meets({r.phase: r.score for r in rows})
    index = -1 if meets is None else LEVEL_ORDER.index(meets)
    next_level = LEVEL_ORDER[index + 1] if index + 1 < len(LEVEL_ORDER) else None
    changes = _changes(rows, next_level) if next_level is not None else ()
    return Scorecard(level, tuple(rows), meets, next_level, changes,
                     tuple(sorted({f.rule for f in signals.first_findings})),
                     tuple(sorted({f.rule for f in signals.last_findings})))


# --- reading answers back from stored critiques ---------------------------------------------


def answers_from_payloads(payloads: Iterable[Mapping[str, Any]]) -> tuple[AnswerRecord, ...]:
    """Every answer a follow-up round judged, from stored critique payloads (oldest first).

    In a payload, round *n*'s ``assessments`` judge the ``answers`` of the
    round before it (the critique itself for the first follow-up). Payloads
    that cannot be read are skipped: a damaged critique must not stop a score.
    """
    out: list[AnswerRecord] = []
    for payload in payloads:
        extra = payload.get("rounds")
        rounds = [payload, *(r for r in (extra if isinstance(extra, list) else []) if isinstance(r, Mapping))]
        for before, after in zip(rounds, rounds[1:], strict=False):
            try:
                asked = from_payload(before).probes
                judged = from_payload(after).assessments
            except PayloadError:
                continue
            answers = before.get("answers") or {}
            for a in judged:
                if 0 <= a.probe < len(asked):
                    probe = asked[a.probe]
                    out.append(AnswerRecord(probe.question, str(answers.get(str(a.probe), "")), a.verdict,
                                            probe.severity))
    return tuple(out)
