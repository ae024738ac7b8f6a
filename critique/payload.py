"""The stored critique payload: the JSON kept beside a saved version, and read by exports.

Stable keys (exports and the practice log depend on them; add, never rename)::

    {
      "critic": "offline" | "claude",
      "model": str | null,                      # null for the offline critic
      "mode": "stress" | "followup" | "harder" | "estimates",
      "version": int | null,                    # the saved version this critique judged
      "probes": [{"question": str, "why_it_matters": str, "targets": [id, ...],
                  "category": str, "severity": "info" | "low" | "medium" | "high"}],
      "notes": [str],                           # what was dropped or clipped, or why Claude was not used
      "usage": {"input_tokens", "output_tokens", "cache_creation_input_tokens",
                "cache_read_input_tokens"} | null,
      "cost_usd": float | null,                 # estimate from critique.pricing; null when unknown
      "seconds": float,                         # time taken
      "assessments": [{"probe": int, "verdict": "holds" | "partial" | "hand_waving" | "unanswered",
                       "comment": str}],        # only in follow-up rounds: judgements of the answers
      "answers": {"<probe index>": str},        # the user's written answers to this payload's probes
      "rounds": [<payload>, ...]                # follow-up rounds, oldest first (top level only)
    }

A follow-up round has the same shape (without ``rounds``); its ``assessments``
judge the ``answers`` of the round before it, and its own ``answers`` hold
what the user wrote to its probes. The whole exchange lives in one payload.

:func:`contract_json` is the narrower ``sketchfirst critique --format json``
shape: ``{"critic", "model", "mode", "probes", "notes"}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from critique.models import MAX_PROBES, Answered, Assessment, Critique, Mode, Probe, Usage

__all__ = [
    "PayloadError",
    "add_round",
    "contract_json",
    "current_round",
    "from_payload",
    "previous_answers",
    "to_payload",
    "with_answers",
]

MAX_ANSWER = 5_000


class PayloadError(ValueError):
    """A stored payload cannot be read back."""


def contract_json(critique: Critique) -> dict[str, Any]:
    """The CLI's JSON object."""
    return {
        "critic": critique.critic,
        "model": critique.model,
        "mode": critique.mode.value,
        "probes": [p.to_json() for p in critique.probes],
        "notes": list(critique.notes),
    }


def to_payload(critique: Critique) -> dict[str, Any]:
    """A fresh payload (no answers, no rounds yet)."""
    return {
        **contract_json(critique),
        "version": critique.version,
        "usage": critique.usage.to_json() if critique.usage else None,
        "cost_usd": critique.cost_usd,
        "seconds": critique.seconds,
        "assessments": [a.to_json() for a in critique.assessments],
        "answers": {},
        "rounds": [],
    }


def from_payload(data: Mapping[str, Any]) -> Critique:
    """The critique a payload (or a round) records.

    A payload edited outside the app may hold more than :data:`MAX_PROBES`
    questions; only the first ones are read, with a note, as from a live critic.
    """
    try:
        usage = data.get("usage")
        raw = list(data["probes"])
        notes = [str(n) for n in data.get("notes", [])]
        if len(raw) > MAX_PROBES:
            notes.append(f"The stored critique holds {len(raw)} questions; showing the first {MAX_PROBES}.")
        return Critique(
            critic=str(data["critic"]),
            model=data.get("model"),
            mode=Mode(data["mode"]),
            probes=tuple(Probe.from_json(p) for p in raw[:MAX_PROBES]),
            notes=tuple(notes),
            usage=Usage.from_json(usage) if isinstance(usage, Mapping) else None,
            cost_usd=data.get("cost_usd"),
            seconds=float(data.get("seconds", 0.0)),
            version=data.get("version"),
            assessments=tuple(Assessment.from_json(a) for a in data.get("assessments", [])),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise PayloadError(f"stored critique is unreadable ({exc.__class__.__name__}: {exc})") from None


def current_round(payload: Mapping[str, Any]) -> Mapping[str, Any]:
    """The newest round of the exchange: the last follow-up, or the critique itself."""
    rounds = payload.get("rounds") or []
    return rounds[-1] if rounds else payload


def with_answers(payload: Mapping[str, Any], answers: Mapping[int, str]) -> dict[str, Any]:
    """A copy with the current round's answers replaced (blank answers are left out)."""
    clean = {str(i): text.strip()[:MAX_ANSWER] for i, text in answers.items() if text and text.strip()}
    out = dict(payload)
    rounds = list(out.get("rounds") or [])
    if rounds:
        rounds[-1] = {**rounds[-1], "answers": clean}
        out["rounds"] = rounds
    else:
        out["answers"] = clean
    return out


def previous_answers(payload: Mapping[str, Any]) -> tuple[Answered, ...]:
    """The current round's probes with the user's answers: the input of the next follow-up round."""
    latest = current_round(payload)
    answers = latest.get("answers") or {}
    critique = from_payload(latest)
    return tuple(Answered(p, str(answers.get(str(i), ""))) for i, p in enumerate(critique.probes))


def add_round(payload: Mapping[str, Any], critique: Critique) -> dict[str, Any]:
    """A copy with a follow-up round appended."""
    entry = to_payload(critique)
    entry.pop("rounds")
    return {**payload, "rounds": [*(payload.get("rounds") or []), entry]}
