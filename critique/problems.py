"""The problem bank: classic system-design problems, kept as data and validated strictly.

Each ``examples/problems/<id>.json`` holds a prompt, functional and
non-functional requirements, scale figures to estimate from, the concerns a
strong answer addresses and one or two "harder variant" twists. The offline
critic reads the concerns as a checklist: a concern says what evidence to
look for in the design (component kinds, words in labels or notes), the
question to ask when it is missing, and a sharper one when it is there.

The files are our own data, so they are read the strict way: any mistake is
a :class:`ProblemError` naming the file and the field
(``url-shortener.json: concerns[2].look_for.kinds[0]: unknown kind "fridge"``),
never a half-read problem.

Stable API (the practice picker builds on it): :func:`load_problems`,
:class:`Problem`, :class:`Concern`, :class:`Variant`, :class:`VariantQuestion`,
:class:`ProblemError`.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from critique.models import PROBE_CATEGORIES
from design.model.estimates import INPUT_KEYS
from design.model.numbers import NumberError, finite_number
from design.model.sketch import Kind, Severity

__all__ = [
    "SCALE_KEYS",
    "Concern",
    "Evidence",
    "Problem",
    "ProblemError",
    "Variant",
    "VariantQuestion",
    "load_problem",
    "load_problems",
    "parse_problem",
]

#: Scale figures a problem may state: the estimate inputs (not the user's own derived figures).
SCALE_KEYS = INPUT_KEYS
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
_MAX_TEXT = 2_000
#: Placeholders a question template may use: the name of the component it is about.
_PLACEHOLDERS = frozenset({"name"})


class ProblemError(ValueError):
    """A problem file is not valid; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What shows a concern is addressed: a component of one of ``kinds``, or one of ``keywords``
    in a label, a flow label or the user's notes."""

    kinds: tuple[Kind, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Concern:
    """One thing a strong answer to the problem addresses.

    ``missing`` is asked when the design shows no evidence; ``present`` (with
    ``{name}``, the component that showed it) when it does. ``near`` lists the
    kinds a missing concern would attach to, so the probe can cite them.
    """

    id: str
    title: str
    category: str
    severity: Severity
    look_for: Evidence
    near: tuple[Kind, ...]
    missing: str
    present: str
    why: str


@dataclass(frozen=True, slots=True)
class VariantQuestion:
    """A question a twist raises, about each component of ``kinds`` (or the design when empty)."""

    kinds: tuple[Kind, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Variant:
    """A "harder variant": one constraint that makes the problem genuinely hard."""

    id: str
    title: str
    twist: str
    questions: tuple[VariantQuestion, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """A practice problem. ``scale`` uses the estimate keys, so it can prefill the estimates form."""

    id: str
    title: str
    prompt: str
    functional: tuple[str, ...]
    non_functional: tuple[str, ...]
    scale: Mapping[str, float]
    scale_notes: tuple[str, ...]
    concerns: tuple[Concern, ...]
    variants: tuple[Variant, ...]


def load_problems(directory: str | Path) -> dict[str, Problem]:
    """Every ``*.json`` problem in ``directory``, by id, ordered by title.

    Raises :class:`ProblemError` if the directory cannot be read, a file is
    invalid, or two files claim the same id.
    """
    folder = Path(directory)
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix == ".json" and p.is_file())
    except OSError as exc:
        raise ProblemError(f"{folder}: cannot read the problem bank ({exc.strerror or exc})") from None
    found: dict[str, Problem] = {}
    for path in files:
        problem = load_problem(path)
        if problem.id in found:
            raise ProblemError(f"{path.name}: id {problem.id!r} is used by another problem")
        found[problem.id] = problem
    return dict(sorted(found.items(), key=lambda item: (item[1].title.lower(), item[0])))


def load_problem(path: str | Path) -> Problem:
    """Read and validate one problem file; its id must match the file name."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProblemError(f"{p.name}: cannot read ({exc.strerror or exc})") from None
    except json.JSONDecodeError as exc:
        raise ProblemError(f"{p.name}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except UnicodeDecodeError:
        raise ProblemError(f"{p.name}: not UTF-8 text") from None
    problem = parse_problem(data, p.name)
    if problem.id != p.stem:
        raise ProblemError(f"{p.name}: id: {problem.id!r} does not match the file name")
    return problem


def parse_problem(data: object, where: str = "problem") -> Problem:
    """Validate parsed JSON as a problem; errors start with ``where`` and the field path."""
    try:
        return _problem(data)
    except _Bad as exc:
        raise ProblemError(f"{where}: {exc}") from None


class _Bad(ValueError):
    pass


def _problem(data: object) -> Problem:
    obj = _obj(data, "", {"id", "title", "prompt", "functional", "non_functional", "scale", "scale_notes",
                          "concerns", "variants"}, {"scale_notes"})
    pid = _text(obj["id"], "id", 60)
    if not _ID.match(pid):
        raise _Bad(f"id: {pid!r} is not a lowercase slug (letters, digits, dashes)")
    scale_raw = _obj(obj["scale"], "scale", set(SCALE_KEYS), set(SCALE_KEYS))
    scale = {k: _number(v, f"scale.{k}") for k, v in scale_raw.items()}
    if not scale:
        raise _Bad("scale: give at least one figure to estimate from")
    concerns = tuple(_concern(c, f"concerns[{i}]") for i, c in enumerate(_list(obj["concerns"], "concerns", 3)))
    ids = [c.id for c in concerns]
    for i, cid in enumerate(ids):
        if cid in ids[:i]:
            raise _Bad(f"concerns[{i}].id: {cid!r} appears twice")
    variants = tuple(_variant(v, f"variants[{i}]") for i, v in enumerate(_list(obj["variants"], "variants", 1)))
    if len(variants) > 2:
        raise _Bad("variants: give one or two twists, not more")
    return Problem(
        id=pid,
        title=_text(obj["title"], "title", 100),
        prompt=_text(obj["prompt"], "prompt", _MAX_TEXT),
        functional=_texts(obj["functional"], "functional", 1),
        non_functional=_texts(obj["non_functional"], "non_functional", 1),
        scale=scale,
        scale_notes=_texts(obj.get("scale_notes", []), "scale_notes", 0),
        concerns=concerns,
        variants=variants,
    )


def _concern(data: object, path: str) -> Concern:
    obj = _obj(data, path, {"id", "title", "category", "severity", "look_for", "near", "missing", "present", "why"})
    cid = _text(obj["id"], f"{path}.id", 60)
    if not _ID.match(cid):
        raise _Bad(f"{path}.id: {cid!r} is not a lowercase slug")
    category = _text(obj["category"], f"{path}.category", 60)
    if category not in PROBE_CATEGORIES:
        raise _Bad(f"{path}.category: unknown category {category!r}")
    severity = _text(obj["severity"], f"{path}.severity", 10)
    if severity not in Severity._value2member_map_:
        raise _Bad(f"{path}.severity: expected one of {', '.join(s.value for s in Severity)}, got {severity!r}")
    look = _obj(obj["look_for"], f"{path}.look_for", {"kinds", "keywords"}, {"kinds", "keywords"})
    evidence = Evidence(
        _kinds(look.get("kinds", []), f"{path}.look_for.kinds"),
        tuple(k.lower() for k in _texts(look.get("keywords", []), f"{path}.look_for.keywords", 0)),
    )
    if not evidence.kinds and not evidence.keywords:
        raise _Bad(f"{path}.look_for: give kinds or keywords, or the concern can never be seen as addressed")
    return Concern(
        id=cid,
        title=_text(obj["title"], f"{path}.title", 100),
        category=category,
        severity=Severity(severity),
        look_for=evidence,
        near=_kinds(obj["near"], f"{path}.near"),
        missing=_template(obj["missing"], f"{path}.missing", allow_name=False),
        present=_template(obj["present"], f"{path}.present", allow_name=True),
        why=_text(obj["why"], f"{path}.why", _MAX_TEXT),
    )


def _variant(data: object, path: str) -> Variant:
    obj = _obj(data, path, {"id", "title", "twist", "questions"})
    vid = _text(obj["id"], f"{path}.id", 60)
    if not _ID.match(vid):
        raise _Bad(f"{path}.id: {vid!r} is not a lowercase slug")
    questions = []
    for i, q in enumerate(_list(obj["questions"], f"{path}.questions", 2)):
        qp = f"{path}.questions[{i}]"
        qo = _obj(q, qp, {"kinds", "text"}, {"kinds"})
        kinds = _kinds(qo.get("kinds", []), f"{qp}.kinds")
        questions.append(VariantQuestion(kinds, _template(qo["text"], f"{qp}.text", allow_name=bool(kinds))))
    return Variant(vid, _text(obj["title"], f"{path}.title", 100), _text(obj["twist"], f"{path}.twist", _MAX_TEXT),
                   tuple(questions))


# --- field readers ------------------------------------------------------------


def _show(value: object) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, Mapping | list) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _obj(value: object, path: str, allowed: set[str], optional: set[str] | None = None) -> Mapping[str, Any]:
    where = path or "problem"
    if not isinstance(value, Mapping):
        raise _Bad(f"{where}: expected an object, got {_show(value)}")
    prefix = f"{path}." if path else ""
    extra = sorted(set(value) - allowed)
    if extra:
        raise _Bad(f"{prefix}{extra[0]}: unknown field")
    missing = sorted(allowed - (optional or set()) - set(value))
    if missing:
        raise _Bad(f"{prefix}{missing[0]}: missing")
    return value


def _text(value: object, path: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Bad(f"{path}: expected non-empty text, got {_show(value)}")
    if len(value) > limit:
        raise _Bad(f"{path}: longer than {limit} characters")
    return value.strip()


def _list(value: object, path: str, minimum: int) -> list[Any]:
    if not isinstance(value, list):
        raise _Bad(f"{path}: expected a list, got {_show(value)}")
    if len(value) < minimum:
        raise _Bad(f"{path}: expected at least {minimum} entries, got {len(value)}")
    return value


def _texts(value: object, path: str, minimum: int) -> tuple[str, ...]:
    return tuple(_text(v, f"{path}[{i}]", _MAX_TEXT) for i, v in enumerate(_list(value, path, minimum)))


def _kinds(value: object, path: str) -> tuple[Kind, ...]:
    out = []
    for i, v in enumerate(_list(value, path, 0)):
        if not isinstance(v, str) or v not in Kind._value2member_map_:
            raise _Bad(f"{path}[{i}]: unknown kind {_show(v)}")
        out.append(Kind(v))
    return tuple(out)


def _number(value: object, path: str) -> float:
    try:
        return finite_number(value, 0, low_open=True)
    except NumberError as exc:
        raise _Bad(f"{path}: {exc}") from None


def _template(value: object, path: str, *, allow_name: bool) -> str:
    text = _text(value, path, _MAX_TEXT)
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError as exc:
        raise _Bad(f"{path}: broken placeholder ({exc}); write {{{{ and }}}} for literal braces") from None
    allowed = _PLACEHOLDERS if allow_name else frozenset()
    bad = sorted(fields - allowed)
    if bad:
        raise _Bad(f"{path}: unknown placeholder {{{bad[0]}}}" + ("" if allow_name else " (no component to name here)"))
    return text
