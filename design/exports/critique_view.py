"""Read stored critique payloads as plain data, for exports.

The critique stage owns the payload format and ``design/`` never imports it,
so exports read the documented shape here (``critic``, ``model``, ``mode``,
``version``, ``probes``, ``notes``, ``answers`` by probe index, follow-up
``rounds`` with ``assessments``), leniently: a payload written by an older or
newer critic still exports, with anything unreadable left out rather than
failing the whole export.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from design.model.sketch import Severity

__all__ = ["MAX_PROBES", "CritiqueView", "ProbeView", "RoundView", "mode_title", "picture_probes", "read_critique"]

#: The most probes one critique shows: more is a wall of text nobody answers. Part of the stored
#: payload's contract, so it lives here where ``design/`` reads payloads; ``critique.models`` uses it.
MAX_PROBES = 8

MODE_TITLES = {
    "stress": "Stress test",
    "followup": "Interviewer follow-ups",
    "harder": "Harder variant",
    "estimates": "Check my estimates",
}


@dataclass(frozen=True, slots=True)
class ProbeView:
    question: str
    why_it_matters: str
    targets: tuple[str, ...]
    category: str
    severity: Severity | None


@dataclass(frozen=True, slots=True)
class RoundView:
    """One round: its probes, the user's answers and (from round 2) the critic's judgement of the round before."""

    probes: tuple[ProbeView, ...]
    answers: Mapping[int, str]
    assessments: tuple[tuple[int, str, str], ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CritiqueView:
    critic: str
    model: str | None
    mode: str
    version: int | None
    rounds: tuple[RoundView, ...]

    @property
    def title(self) -> str:
        who = "offline critic" if self.critic == "offline" else f"{self.critic} ({self.model})" if self.model else self.critic
        return f"{mode_title(self.mode)} · {who}"


def mode_title(mode: str) -> str:
    return MODE_TITLES.get(mode, mode.replace("_", " ").capitalize() or "Critique")


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _round(data: Mapping[str, Any]) -> RoundView:
    probes = []
    for p in data.get("probes") or ():
        if not isinstance(p, Mapping) or not _str(p.get("question")):
            continue
        targets = p.get("targets")
        sev = p.get("severity")
        probes.append(
            ProbeView(
                question=_str(p.get("question")),
                why_it_matters=_str(p.get("why_it_matters")),
                targets=tuple(t for t in targets if isinstance(t, str)) if isinstance(targets, list) else (),
                category=_str(p.get("category")),
                severity=Severity(sev) if isinstance(sev, str) and sev in Severity._value2member_map_ else None,
            )
        )
    answers: dict[int, str] = {}
    raw_answers = data.get("answers")
    if isinstance(raw_answers, Mapping):
        for key, text in raw_answers.items():
            if isinstance(text, str) and text.strip() and str(key).isdigit():
                answers[int(key)] = text
    assessments = []
    for a in data.get("assessments") or ():
        if isinstance(a, Mapping) and isinstance(a.get("probe"), int) and not isinstance(a.get("probe"), bool):
            assessments.append((a["probe"], _str(a.get("verdict")), _str(a.get("comment"))))
    notes = tuple(n for n in (data.get("notes") or ()) if isinstance(n, str))
    if len(probes) > MAX_PROBES:  # a payload edited outside the app
        notes += (f"The stored critique holds {len(probes)} questions; showing the first {MAX_PROBES}.",)
        probes = probes[:MAX_PROBES]
    return RoundView(tuple(probes), answers, tuple(assessments), notes)


def read_critique(payload: Mapping[str, Any]) -> CritiqueView:
    """A payload as records; missing or malformed parts come out empty."""
    rounds = [_round(payload)]
    for r in payload.get("rounds") or ():
        if isinstance(r, Mapping):
            rounds.append(_round(r))
    version = payload.get("version")
    model = payload.get("model")
    return CritiqueView(
        critic=_str(payload.get("critic")) or "critic",
        model=model if isinstance(model, str) else None,
        mode=_str(payload.get("mode")),
        version=version if isinstance(version, int) and not isinstance(version, bool) else None,
        rounds=tuple(rounds),
    )


def picture_probes(critiques: Sequence[CritiqueView], ids: frozenset[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The questions to draw: each critique's latest round, targets limited to elements on the sketch."""
    out = []
    for c in critiques:
        for p in c.rounds[-1].probes:
            out.append((p.question, tuple(t for t in p.targets if t in ids)))
    return out
