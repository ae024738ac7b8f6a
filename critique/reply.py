"""Read a model's reply strictly: keep what is valid, drop what is not, and say what was dropped.

The reply is untrusted JSON even under a schema. A probe that cites an id not
in the saved sketch loses that target (with a note); a probe that cites only
unknown ids is dropped, because it is about a design that is not the user's.
A probe that hands over a design instead of asking (:mod:`critique.guard`) is
dropped too: the critic exists to make the user think, not to think for them.
Lengths are clipped, the probe count is capped, unknown categories and
severities are replaced, and each change is recorded in ``notes``. A reply
with nothing usable left raises :class:`ReplyError`, which the critic turns
into a fallback.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from critique.guard import prescription
from critique.models import (
    DESIGN,
    MAX_COMMENT,
    MAX_PROBES,
    MAX_QUESTION,
    MAX_WHY,
    PROBE_CATEGORIES,
    Assessment,
    CritiqueRequest,
    Probe,
    Verdict,
)
from design.model.labels import clean_label
from design.model.sketch import Severity

__all__ = ["MAX_QUESTION", "MAX_WHY", "ReplyError", "clip", "read_data", "read_probe", "read_reply"]


class ReplyError(ValueError):
    """The reply has nothing usable; the message says why in plain words."""


def _show(value: object) -> str:
    text = clean_label(str(value))
    return repr(text if len(text) <= 40 else text[:37] + "...")


def clip(text: str, limit: int) -> tuple[str, bool]:
    """``text`` on one line and at most ``limit`` characters (an ellipsis marks a cut), and whether it was cut."""
    text = " ".join(text.split())
    return (text, False) if len(text) <= limit else (text[: limit - 1].rstrip() + "…", True)


def read_probe(item: object, index: int, known: frozenset[str]) -> tuple[Probe | None, list[str]]:
    """One probe from the reply, or ``None`` with the reason in the notes."""
    where = f"probe {index + 1}"
    if not isinstance(item, Mapping):
        return None, [f"Dropped {where}: not an object."]
    question = item.get("question")
    if not isinstance(question, str) or not question.strip():
        return None, [f"Dropped {where}: it has no question."]
    notes: list[str] = []
    question, cut = clip(question, MAX_QUESTION)
    why_raw = item.get("why_it_matters")
    why, cut_why = clip(why_raw if isinstance(why_raw, str) else "", MAX_WHY)
    handover = prescription(question, why)
    if handover:
        return None, [f"Dropped {where}: {handover}."]
    if cut or cut_why:
        notes.append(f"Clipped {where}: longer than {MAX_QUESTION} characters for a question or {MAX_WHY} for a reason.")
    raw_targets = item.get("targets")
    targets_in = raw_targets if isinstance(raw_targets, list) else []
    targets, unknown = [], []
    for t in targets_in:
        if isinstance(t, str) and t in known:
            if t not in targets:
                targets.append(t)
        else:
            unknown.append(_show(t))
    if unknown and not targets:
        return None, [f"Dropped {where}: it cites only ids that are not in the design ({', '.join(unknown[:5])})."]
    if unknown:
        notes.append(f"Dropped unknown target{'s' if len(unknown) > 1 else ''} {', '.join(unknown[:5])} from {where}.")
    category = item.get("category")
    if category not in PROBE_CATEGORIES:
        notes.append(f"Replaced unknown category {_show(category)} in {where} with \"general\".")
        category = "general"
    severity = item.get("severity")
    if severity not in Severity._value2member_map_:
        notes.append(f"Replaced unknown severity {_show(severity)} in {where} with \"medium\".")
        severity = Severity.MEDIUM.value
    return Probe(question, why, tuple(targets) or (DESIGN,), str(category), Severity(severity)), notes


def _assessments(raw: object, rounds: int, notes: list[str]) -> list[Assessment]:
    if not rounds:
        return []
    items = raw if isinstance(raw, list) else []
    out: dict[int, Assessment] = {}
    for item in items:
        if not isinstance(item, Mapping):
            continue
        index, verdict, comment = item.get("probe"), item.get("verdict"), item.get("comment")
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < rounds:
            shown = index if isinstance(index, int) and not isinstance(index, bool) else _show(index)
            notes.append(f"Dropped an assessment of a question the last round did not ask (index {shown}).")
            continue
        if verdict not in Verdict._value2member_map_:
            notes.append(f"Dropped an assessment with unknown verdict {_show(verdict)}.")
            continue
        text, _ = clip(comment if isinstance(comment, str) else "", MAX_COMMENT)
        out.setdefault(index, Assessment(index, Verdict(verdict), text))
    missing = [i + 1 for i in range(rounds) if i not in out]
    if missing:
        notes.append("The reply did not assess answer" + ("s " if len(missing) > 1 else " ")
                     + ", ".join(map(str, missing)) + ".")
    return [out[i] for i in sorted(out)]


def read_reply(text: str, request: CritiqueRequest) -> tuple[list[Probe], list[Assessment], list[str]]:
    """Probes, assessments (follow-up rounds) and notes from the reply text."""
    try:
        data: Any = json.loads(text)
    except (ValueError, RecursionError):  # ValueError: bad JSON, or an integer of 4,300+ digits
        raise ReplyError("the reply was not valid JSON (it may have been cut off)") from None
    return read_data(data, request)


def read_data(data: object, request: CritiqueRequest) -> tuple[list[Probe], list[Assessment], list[str]]:
    """:func:`read_reply` on parsed JSON (a reply read while it streamed, when reading stopped early)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("probes"), list):
        raise ReplyError("the reply did not have the expected shape (no list of probes)")
    known = frozenset(request.target_ids)
    notes: list[str] = []
    probes: list[Probe] = []
    dropped_unknown = dropped_handover = 0
    for i, item in enumerate(data["probes"]):
        probe, why = read_probe(item, i, known)
        notes.extend(why)
        if probe is None:
            dropped_unknown += any("not in the design" in w for w in why)
            dropped_handover += any("instead of asking" in w for w in why)
        elif probe.question not in {p.question for p in probes}:
            probes.append(probe)
    if len(probes) > MAX_PROBES:
        notes.append(f"The reply asked {len(probes)} questions; kept the first {MAX_PROBES}.")
        probes = probes[:MAX_PROBES]
    assessments = _assessments(data.get("assessments"), len(request.previous), notes)
    if not probes and not assessments:
        if dropped_unknown:
            raise ReplyError("the reply cited only components that are not in this design")
        if dropped_handover:
            raise ReplyError("the reply handed over answers instead of asking questions")
        raise ReplyError("the reply contained no usable questions")
    return probes, assessments, notes
