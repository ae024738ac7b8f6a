"""The critique vocabulary: what a critic is asked, and what it answers.

A :class:`CritiqueRequest` always describes a *saved* version: its sketch
with the user's kind corrections applied, the rule findings, the notes the
user wrote first (requirements, estimates, approach), the problem if one was
picked, the mode, and for a follow-up round the previous probes with the
user's written answers. A :class:`Critique` is a list of :class:`Probe`
questions, never a design: a probe has no "solution" field on purpose.

These records are frozen and plain, so the offline and Claude critics, the
store payload, the CLI and the app all read the same shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from critique.rubric import Level
from design.analysis.numbers import DesignNumbers
from design.model.sketch import Category, Finding, Severity, Sketch

if TYPE_CHECKING:  # pragma: no cover - typing only
    from critique.problems import Problem

__all__ = [
    "DESIGN",
    "MAX_ANSWER",
    "MAX_COMMENT",
    "MAX_CRITIQUES",
    "MAX_NOTES",
    "MAX_PROBES",
    "MAX_QUESTION",
    "MAX_ROUNDS",
    "MAX_WHY",
    "PROBE_CATEGORIES",
    "Answered",
    "Assessment",
    "Critique",
    "CritiqueRequest",
    "Mode",
    "Probe",
    "Usage",
    "Verdict",
]

#: The target that means "the design as a whole" rather than one element.
DESIGN = "design"

# The limits of one critique. Claude's replies are cut to them as they arrive
# (critique.reply), and so is every stored or imported payload when it is read
# back (critique.payload): text from outside is bounded however it got here.

#: The most probes one critique shows: more is a wall of text nobody answers.
MAX_PROBES = 8
#: Characters of a probe's question, of its reason, and of a judgement's comment.
MAX_QUESTION = 500
MAX_WHY = 700
MAX_COMMENT = 400
#: Characters of one written answer (the app's answer boxes allow as many).
MAX_ANSWER = 5_000
#: Follow-up rounds after the first critique.
MAX_ROUNDS = 5
#: Notes kept per round (each is cut to MAX_WHY); a critic writes a few, never dozens.
MAX_NOTES = 20
#: Critiques one export shows: the newest of each mode.
MAX_CRITIQUES = 4

#: Probe categories: every finding category, plus concerns no rule can see on a drawing.
PROBE_CATEGORIES: tuple[str, ...] = (
    *(c.value for c in Category),
    "consistency",
    "durability",
    "scaling",
    "latency",
    "security",
    "operations",
    "cost",
    "estimates",
    "requirements",
    "variant",
    "input_integrity",
    "general",
)


class Mode(StrEnum):
    """What kind of pressure the critic applies."""

    STRESS = "stress"
    FOLLOWUP = "followup"
    HARDER = "harder"
    ESTIMATES = "estimates"

    @property
    def title(self) -> str:
        return _MODE_TITLES[self]


_MODE_TITLES = {
    Mode.STRESS: "Stress test",
    Mode.FOLLOWUP: "Interviewer follow-ups",
    Mode.HARDER: "Harder variant",
    Mode.ESTIMATES: "Check my estimates",
}


class Verdict(StrEnum):
    """How a written answer to a probe stands up in a follow-up round."""

    HOLDS = "holds"
    PARTIAL = "partial"
    HAND_WAVING = "hand_waving"
    UNANSWERED = "unanswered"


@dataclass(frozen=True, slots=True)
class Probe:
    """One hostile question about the user's own design.

    ``targets`` are ids that exist in the saved sketch, or :data:`DESIGN`.
    """

    question: str
    why_it_matters: str
    targets: tuple[str, ...]
    category: str
    severity: Severity

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "why_it_matters": self.why_it_matters,
            "targets": list(self.targets),
            "category": self.category,
            "severity": self.severity.value,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Probe:
        """Read back :meth:`to_json` (raises ``KeyError``/``ValueError``/``TypeError`` on bad data)."""
        targets = data["targets"]
        if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            raise ValueError("targets: expected a list of ids")
        return cls(
            question=str(data["question"]),
            why_it_matters=str(data["why_it_matters"]),
            targets=tuple(targets),
            category=str(data["category"]),
            severity=Severity(data["severity"]),
        )


@dataclass(frozen=True, slots=True)
class Answered:
    """A probe from an earlier round and what the user wrote back (possibly nothing)."""

    probe: Probe
    answer: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """A follow-up round's judgement of one answer: ``probe`` indexes the previous round's probes."""

    probe: int
    verdict: Verdict
    comment: str

    def to_json(self) -> dict[str, Any]:
        return {"probe": self.probe, "verdict": self.verdict.value, "comment": self.comment}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Assessment:
        probe = data["probe"]
        if isinstance(probe, bool) or not isinstance(probe, int):
            raise ValueError("probe: expected an index")
        return cls(probe, Verdict(data["verdict"]), str(data["comment"]))


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens a model call used, as the API reports them (input excludes cache reads and writes)."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0

    def to_json(self) -> dict[str, int]:
        return {
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cache_creation_input_tokens": self.cache_creation_input_tokens,
            "cache_read_input_tokens": self.cache_read_input_tokens,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Usage:
        return cls(**{f.name: int(data.get(f.name) or 0) for f in fields(cls)})


@dataclass(frozen=True)
class CritiqueRequest:
    """Everything a critic may look at: one saved version and what the user said about it.

    ``previous`` is empty for a first round; in a follow-up round it holds the
    last round's probes with the user's answers, and the critic judges them.
    ``numbers`` lets a critic press on the gap between the user's targets and
    the drawing ("you wrote 50 ms; this path is 80 ms at p99"). ``level`` is
    the interview level the user practises for: it sets how deep the critic
    digs (:mod:`critique.depth`; mid asks the basics, staff adds regions, cost
    and teams).
    """

    sketch: Sketch
    findings: tuple[Finding, ...]
    mode: Mode
    version: int | None = None
    title: str = ""
    requirements: str = ""
    approach: str = ""
    estimates: Mapping[str, float] = field(default_factory=dict)
    problem: Problem | None = None
    previous: tuple[Answered, ...] = ()
    #: The model of the drawing and the requirements checked against it (``None``: not computed).
    numbers: DesignNumbers | None = None
    level: Level = Level.SENIOR

    @property
    def is_followup_round(self) -> bool:
        return bool(self.previous)

    @property
    def target_ids(self) -> tuple[str, ...]:
        """Every id a probe may cite: the sketch's elements, then :data:`DESIGN`."""
        return (*sorted(self.sketch.ids), DESIGN)


@dataclass(frozen=True)
class Critique:
    """A critic's answer: probes (and, in a follow-up round, judgements of the user's answers).

    ``critic`` is ``"offline"`` or ``"claude"``; ``model`` is ``None`` offline.
    ``notes`` say what was dropped or clipped, or why Claude was not used.
    ``level`` is the interview level it was asked at (``None``: not recorded,
    as in critiques stored before levels existed).
    """

    critic: str
    model: str | None
    mode: Mode
    probes: tuple[Probe, ...]
    notes: tuple[str, ...] = ()
    usage: Usage | None = None
    cost_usd: float | None = None
    seconds: float = 0.0
    version: int | None = None
    assessments: tuple[Assessment, ...] = ()
    level: Level | None = None
