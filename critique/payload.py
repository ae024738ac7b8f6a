"""The stored critique payload: the JSON kept beside a saved version, and its one reader.

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
      "rounds": [<payload>, ...],               # follow-up rounds, oldest first (top level only)
      "level": "mid" | "senior" | "staff"       # the interview level it was asked at (absent in older ones)
    }

A follow-up round has the same shape (without ``rounds``); its ``assessments``
judge the ``answers`` of the round before it, and its own ``answers`` hold
what the user wrote to its probes. The whole exchange lives in one payload.

**Reading is lenient and bounded, and happens here only.** A payload comes
back from the database (where anyone can edit a row) or from an imported
JSON export, so :func:`read` takes any value, never raises, and applies the
limits of :mod:`critique.models` that Claude's replies get: at most
:data:`MAX_PROBES` probes, :data:`MAX_ROUNDS` follow-up rounds, the same
text lengths. Whatever is unreadable is left out and whatever is too long is
cut, each with a note. :func:`view` and :func:`views` turn the result into
the plain :class:`~design.model.critique_view.CritiqueView` records that
exports and the history diff show.

:func:`contract_json` is the narrower ``sketchfirst critique --format json``
shape: ``{"critic", "model", "mode", "probes", "notes"}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from critique.models import (
    MAX_ANSWER,
    MAX_COMMENT,
    MAX_CRITIQUES,
    MAX_NOTES,
    MAX_PROBES,
    MAX_QUESTION,
    MAX_ROUNDS,
    MAX_WHY,
    Answered,
    Assessment,
    Critique,
    Mode,
    Probe,
    Usage,
    Verdict,
)
from critique.reply import clip
from critique.rubric import Level
from design.model.critique_view import CritiqueView, ProbeView, RoundView
from design.model.labels import MAX_LABEL
from design.model.numbers import is_finite_number, shown
from design.model.sketch import Severity

__all__ = [
    "MAX_ANSWER",
    "PayloadError",
    "Round",
    "StaleAnswers",
    "answer_round",
    "asked",
    "add_round",
    "contract_json",
    "current_round",
    "from_payload",
    "previous_answers",
    "read",
    "round_count",
    "to_payload",
    "view",
    "views",
    "with_answers",
]

#: Characters of the short fields: critic, model and mode names, target ids, probe categories.
_MAX_NAME = MAX_LABEL
_USAGE_KEYS = ("input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")


class PayloadError(ValueError):
    """A stored payload is not a critique at all (it is not a JSON object)."""


class StaleAnswers(PayloadError):
    """Answers written to questions the critique no longer asks (say, another tab asked for a follow-up)."""


# --- writing ---------------------------------------------------------------------------------------


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
        **({"level": critique.level.value} if critique.level is not None else {}),
    }


# --- reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    """One round as read back: the critique it records, the user's answers by probe position, and its clean JSON.

    ``severities`` holds each probe's stored severity, or ``None`` where it
    was missing or unknown (the probe then carries ``medium``). ``left_out``
    says what the reader dropped or cut; it is also at the end of the
    critique's notes, where the critic's own notes are shown.
    """

    critique: Critique
    mode: str
    answers: Mapping[int, str]
    severities: tuple[Severity | None, ...]
    clean: dict[str, Any]
    left_out: tuple[str, ...] = ()


def _decoded(data: object) -> tuple[Mapping[str, Any] | None, str]:
    """The payload as a mapping, or ``None`` and why not (text is JSON that was never decoded)."""
    if isinstance(data, str | bytes | bytearray):
        try:
            data = json.loads(data)
        except (ValueError, RecursionError):
            return None, "it is not valid JSON"
    if isinstance(data, Mapping):
        return data, ""
    return None, f"it is {shown(data) if not isinstance(data, list) else 'a list'}, not an object"


def _text(value: object, limit: int) -> tuple[str, bool]:
    """Stored text within ``limit`` (cut as Claude's replies are cut), and whether it was cut."""
    if not isinstance(value, str):
        return "", False
    return (value, False) if len(value) <= limit else clip(value, limit)


def _name(value: object) -> str:
    return value[:_MAX_NAME] if isinstance(value, str) else ""


def _count(value: object) -> int:
    return int(value) if is_finite_number(value, 0, 10**12) and float(value) == int(value) else 0  # type: ignore[arg-type]


def _probe(item: object, where: str, notes: list[str]) -> tuple[dict[str, Any], ProbeView] | None:
    if not isinstance(item, Mapping):
        notes.append(f"Left out {where}: it is not an object.")
        return None
    question, cut = _text(item.get("question"), MAX_QUESTION)
    if not question.strip():
        notes.append(f"Left out {where}: it has no question.")
        return None
    why, cut_why = _text(item.get("why_it_matters"), MAX_WHY)
    if cut or cut_why:
        notes.append(f"Clipped {where}: longer than {MAX_QUESTION} characters for a question or {MAX_WHY} for a reason.")
    raw_targets = item.get("targets")
    targets: list[str] = []
    for t in raw_targets if isinstance(raw_targets, list) else ():
        if isinstance(t, str) and 0 < len(t) <= _MAX_NAME and t not in targets:
            targets.append(t)
            if len(targets) == MAX_PROBES * 4:
                break
    category = _name(item.get("category"))
    severity = item.get("severity")
    sev = Severity(severity) if isinstance(severity, str) and severity in Severity._value2member_map_ else None
    clean: dict[str, Any] = {}
    for key in item:  # the stored key order, so a clean payload is written back byte for byte
        if key == "question":
            clean[key] = question
        elif key == "why_it_matters":
            clean[key] = why
        elif key == "targets":
            clean[key] = targets
        elif key == "category":
            clean[key] = category
        elif key == "severity" and sev is not None:
            clean[key] = sev.value
        elif key == "answer" and isinstance(item[key], str):
            clean[key] = _text(item[key], MAX_ANSWER)[0]
    return clean, ProbeView(question, why, tuple(targets), category, sev)


def _notes(value: object, notes: list[str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        notes.append(f"Left out the critique's notes: they are {shown(value)}, not a list.")
        return []
    kept = [_text(n, MAX_WHY)[0] for n in value[:MAX_NOTES] if isinstance(n, str)]
    if len(value) > MAX_NOTES:
        notes.append(f"The stored critique holds {len(value)} notes; showing the first {MAX_NOTES}.")
    return kept


def _assessments(value: object, notes: list[str]) -> tuple[list[Assessment], list[dict[str, Any]]]:
    if value is None:
        return [], []
    if not isinstance(value, list):
        notes.append(f"Left out the verdicts on the answers: they are {shown(value)}, not a list.")
        return [], []
    out: list[Assessment] = []
    dropped = 0
    for item in value[: MAX_PROBES * 2]:
        probe = item.get("probe") if isinstance(item, Mapping) else None
        verdict = item.get("verdict") if isinstance(item, Mapping) else None
        if (isinstance(probe, bool) or not isinstance(probe, int) or not 0 <= probe < MAX_PROBES
                or verdict not in Verdict._value2member_map_):
            dropped += 1
            continue
        out.append(Assessment(probe, Verdict(verdict), _text(item.get("comment"), MAX_COMMENT)[0]))
    dropped += max(0, len(value) - MAX_PROBES * 2)
    if dropped:
        notes.append(f"Left out {dropped} unreadable verdict{'s' if dropped > 1 else ''} on the answers.")
    return out, [a.to_json() for a in out]


def _answers(data: Mapping[str, Any], raw_index: Sequence[int], probes: Sequence[Mapping[str, Any]],
             notes: list[str]) -> tuple[dict[int, str], dict[str, str] | None]:
    """Answers by kept probe position (stored by raw position, or on the probe itself as ``answer``)."""
    value = data.get("answers")
    stored = value if isinstance(value, Mapping) else {}
    if value is not None and not isinstance(value, Mapping):
        notes.append(f"Left out the answers: they are {shown(value)}, not an object.")
    out: dict[int, str] = {}
    clipped = 0
    for pos, raw in enumerate(raw_index):
        text = stored.get(str(raw))
        if not (isinstance(text, str) and text.strip()):
            text = probes[pos].get("answer")
        if isinstance(text, str) and text.strip():
            answer = text.strip()
            if len(answer) > MAX_ANSWER:
                clipped += 1
                answer = answer[: MAX_ANSWER - 1].rstrip() + "…"
            out[pos] = answer
    if clipped:
        notes.append(f"Clipped {clipped} answer{'s' if clipped > 1 else ''} longer than {MAX_ANSWER} characters.")
    clean = {str(i): out[i] for i in sorted(out) if isinstance(stored.get(str(raw_index[i])), str)}
    return out, (clean if value is not None else None)


def _round(data: Mapping[str, Any], top: bool) -> tuple[Round, list[str]]:
    """One round of a payload, leniently; the notes say what was left out or cut."""
    notes: list[str] = []
    critic_notes = _notes(data.get("notes"), notes)
    raw = data.get("probes")
    if raw is not None and not isinstance(raw, list):
        notes.append(f"Left out the questions: they are {shown(raw)}, not a list.")
    items = raw if isinstance(raw, list) else []
    probes: list[tuple[dict[str, Any], ProbeView]] = []
    raw_index: list[int] = []
    for i, item in enumerate(items):
        if len(probes) == MAX_PROBES:  # the rest is not read at all: a critique shows this many
            notes.append(f"The stored critique holds {len(items)} questions; showing the first {MAX_PROBES}.")
            break
        read_one = _probe(item, f"question {i + 1}", notes)
        if read_one is not None and read_one[1].question not in {p.question for _, p in probes}:
            probes.append(read_one)
            raw_index.append(i)
    answers, clean_answers = _answers(data, raw_index, [p for p, _ in probes], notes)
    assessments, clean_assessments = _assessments(data.get("assessments"), notes)

    mode_raw = _name(data.get("mode"))
    mode = Mode(mode_raw) if mode_raw in Mode._value2member_map_ else Mode.STRESS
    model = data.get("model")
    version = data.get("version")
    usage_raw = data.get("usage")
    cost = data.get("cost_usd")
    seconds = data.get("seconds")
    level_raw = data.get("level")
    level = Level(level_raw) if isinstance(level_raw, str) and level_raw in Level._value2member_map_ else None
    critique = Critique(
        critic=_name(data.get("critic")) or "critic",
        model=model[:_MAX_NAME] if isinstance(model, str) else None,
        mode=mode,
        probes=tuple(Probe(v.question, v.why_it_matters, v.targets, v.category or "general",
                           v.severity or Severity.MEDIUM) for _, v in probes),
        notes=(*critic_notes, *notes),
        usage=Usage(**{k: _count(usage_raw.get(k)) for k in _USAGE_KEYS}) if isinstance(usage_raw, Mapping) else None,
        cost_usd=float(cost) if is_finite_number(cost, 0) else None,  # type: ignore[arg-type]
        seconds=float(seconds) if is_finite_number(seconds, 0) else 0.0,  # type: ignore[arg-type]
        version=version if isinstance(version, int) and not isinstance(version, bool) and version >= 1 else None,
        assessments=tuple(assessments),
        level=level,
    )
    clean: dict[str, Any] = {}
    for key in data:  # known keys only, in the stored order; anything else is not ours to carry on
        if key == "critic":
            clean[key] = critique.critic
        elif key == "model":
            clean[key] = critique.model
        elif key == "mode":
            clean[key] = mode_raw
        elif key == "version":
            clean[key] = critique.version
        elif key == "probes":
            clean[key] = [p for p, _ in probes]
        elif key == "notes":
            clean[key] = [*critic_notes, *notes]
        elif key == "usage":
            clean[key] = critique.usage.to_json() if critique.usage else None
        elif key == "cost_usd":
            clean[key] = critique.cost_usd
        elif key == "seconds":
            clean[key] = seconds if is_finite_number(seconds, 0) else 0.0
        elif key == "assessments":
            clean[key] = clean_assessments
        elif key == "answers":
            clean[key] = clean_answers or {}
        elif key == "rounds" and top:
            clean[key] = []
        elif key == "level" and level is not None:
            clean[key] = level.value
    if notes and "notes" not in clean:
        clean["notes"] = list(notes)
    severities = tuple(v.severity for _, v in probes)
    return Round(critique, mode_raw, answers, severities, clean, tuple(notes)), notes


def read(payload: object) -> tuple[tuple[Round, ...], tuple[str, ...]]:
    """Every round of a stored payload (the critique, then its follow-ups), and what was left out of the whole.

    Never raises. An unreadable payload (not JSON, a list, a number) has no
    rounds and one note saying why; rounds past :data:`MAX_ROUNDS` follow-ups
    and rounds that are not objects are left out with a note. What was left
    out of one round is in that round's ``left_out``.
    """
    data, why = _decoded(payload)
    if data is None:
        return (), (f"Left out a stored critique: {why}.",)
    first, _ = _round(data, top=True)
    rounds = [first]
    notes: list[str] = []
    extra = data.get("rounds")
    if extra is not None and not isinstance(extra, list):
        notes.append(f"Left out the follow-up rounds: they are {shown(extra)}, not a list.")
    follow = extra if isinstance(extra, list) else []
    for n, item in enumerate(follow[:MAX_ROUNDS], 1):
        if isinstance(item, Mapping):
            rounds.append(_round(item, top=False)[0])
        else:
            notes.append(f"Left out follow-up round {n}: it is {shown(item)}, not an object.")
    if len(follow) > MAX_ROUNDS:
        notes.append(f"The stored critique holds {len(follow)} follow-up rounds; showing the first {MAX_ROUNDS}.")
    if notes:  # kept in the clean payload too, so an export of it still says what was left out
        first.clean["notes"] = [*first.clean.get("notes", []), *notes]
    if "rounds" in data:
        first.clean["rounds"] = [r.clean for r in rounds[1:]]
    return tuple(rounds), tuple(notes)


def from_payload(data: object) -> Critique:
    """The critique a payload (or a round) records, read leniently (see :func:`read`).

    Raises :class:`PayloadError` only when the payload is not a JSON object at
    all, so a panel that must show *a* critique can say that it cannot.
    """
    rounds, notes = read(data)
    if not rounds:
        raise PayloadError(notes[0] if notes else "stored critique is unreadable")
    first = rounds[0].critique
    return replace(first, notes=(*first.notes, *notes)) if notes else first


def round_count(payload: object) -> int:
    """How many rounds one stored critique holds: the critique itself plus its readable follow-ups (0 if unreadable)."""
    return len(read(payload)[0])


def _round_view(r: Round) -> RoundView:
    c = r.critique
    return RoundView(
        probes=tuple(ProbeView(p.question, p.why_it_matters, p.targets, p.category, sev)
                     for p, sev in zip(c.probes, r.severities, strict=True)),
        answers=dict(r.answers),
        assessments=tuple((a.probe, a.verdict.value, a.comment) for a in c.assessments),
        notes=c.notes,
    )


def view(payload: object) -> CritiqueView:
    """A stored payload as the plain records exports and the history diff show (never raises)."""
    rounds, notes = read(payload)
    if not rounds:
        return CritiqueView(critic="critic", model=None, mode="", mode_title="Critique", version=None, rounds=(),
                            notes=notes, left_out=notes)
    head = rounds[0]
    mode = head.mode
    title = Mode(mode).title if mode in Mode._value2member_map_ else (mode.replace("_", " ").capitalize() or "Critique")
    return CritiqueView(
        critic=head.critique.critic,
        model=head.critique.model,
        mode=mode,
        mode_title=title[:_MAX_NAME],
        version=head.critique.version,
        rounds=tuple(_round_view(r) for r in rounds),
        notes=notes,
        left_out=(*notes, *(n for r in rounds for n in r.left_out)),
        payload=head.clean,
    )


def views(payloads: Sequence[object]) -> tuple[CritiqueView, ...]:
    """The views of the critiques one export shows: at most :data:`MAX_CRITIQUES`, the cut said on the last one kept."""
    out = [view(p) for p in payloads[:MAX_CRITIQUES]]
    if len(payloads) > MAX_CRITIQUES and out:
        last = out[-1]
        note = f"The design holds {len(payloads)} critiques; showing the first {MAX_CRITIQUES}."
        out[-1] = replace(last, notes=(*last.notes, note), left_out=(*last.left_out, note))
    return tuple(out)


# --- the exchange in the app: answers and follow-up rounds -------------------------------------------


def _current(payload: Mapping[str, Any]) -> int | None:
    """Where the newest round is in ``rounds`` (the last readable follow-up, as :func:`read` sees it), or ``None``."""
    rounds = payload.get("rounds")
    if not isinstance(rounds, list):
        return None
    readable = [i for i, r in enumerate(rounds[:MAX_ROUNDS]) if isinstance(r, Mapping)]
    return readable[-1] if readable else None


def current_round(payload: Mapping[str, Any]) -> Mapping[str, Any]:
    """The newest round of the exchange: the last follow-up, or the critique itself."""
    at = _current(payload)
    return payload if at is None else payload["rounds"][at]


def with_answers(payload: Mapping[str, Any], answers: Mapping[int, str]) -> dict[str, Any]:
    """A copy with the current round's answers replaced (blank answers are left out)."""
    clean = {str(i): text.strip()[:MAX_ANSWER] for i, text in answers.items() if text and text.strip()}
    out = dict(payload)
    at = _current(payload)
    if at is None:
        out["answers"] = clean
    else:
        rounds = list(payload["rounds"])
        rounds[at] = {**rounds[at], "answers": clean}
        out["rounds"] = rounds
    return out


def asked(payload: Mapping[str, Any]) -> tuple[int, tuple[str, ...]]:
    """The round being answered now and its questions as the page shows them: ``(0, …)`` for the critique
    itself, ``(n, …)`` for follow-up round ``n``. An answer is filed under exactly this pair."""
    at = _current(payload)
    return (0 if at is None else at + 1), tuple(p.question for p in from_payload(current_round(payload)).probes)


def answer_round(payload: Mapping[str, Any], position: int, questions: Sequence[str],
                 answers: Mapping[int, str]) -> dict[str, Any]:
    """:func:`with_answers`, only when the round being answered is the one the user saw.

    ``position`` and ``questions`` are what the page showed above the answer
    boxes (:func:`asked` when it was drawn). If the stored exchange has moved
    on since, the answers would land under questions the user never read:
    :class:`StaleAnswers` is raised instead and nothing changes.
    """
    now, now_asked = asked(payload)
    if now != position or now_asked != tuple(questions):
        where = "the critique" if position == 0 else f"follow-up round {position}"
        current = "the critique" if now == 0 else f"follow-up round {now}"
        raise StaleAnswers(f"These answers were written to the questions of {where}, but this critique is at "
                           f"{current} now (asked again in another tab or window), so they were not saved")
    return with_answers(payload, answers)


def previous_answers(payload: Mapping[str, Any]) -> tuple[Answered, ...]:
    """The current round's probes with the user's answers: the input of the next follow-up round."""
    rounds, _ = read(payload)
    if not rounds:
        return ()
    last = rounds[-1]
    return tuple(Answered(p, last.answers.get(i, "")) for i, p in enumerate(last.critique.probes))


def add_round(payload: Mapping[str, Any], critique: Critique) -> dict[str, Any]:
    """A copy with a follow-up round appended."""
    entry = to_payload(critique)
    entry.pop("rounds")
    rounds = payload.get("rounds")
    return {**payload, "rounds": [*(rounds if isinstance(rounds, list) else []), entry]}
