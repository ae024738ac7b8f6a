"""The problem bank: classic system-design problems, kept as data and validated strictly.

Each ``examples/problems/<id>.json`` holds a prompt, functional and
non-functional requirements, scale figures to estimate from, the concerns a
strong answer addresses and one or two "harder variant" twists. The offline
critic reads the concerns as a checklist: a concern says what evidence to
look for in the design (component kinds, words in labels or notes), the
question to ask when it is missing, and a sharper one when it is there.

Schema 2 (``"schema": 2``) adds what grades a round and what is revealed
after it: requirement checklist items with the keywords that show a user's
requirement covers them, reference estimates with a tolerance band and the
arithmetic step by step, the phases the problem is good practice for, and a
reference design (components with a grid position, the intended kind and one
line of why each; flows; findings the reference leaves on purpose, each with
a reason). A file without ``schema`` is schema 1 and may leave the new parts
out; a schema-2 file must have them all. See ``docs/PROBLEMS.md``.

The files are our own data, so they are read the strict way: any mistake is
a :class:`ProblemError` naming the file and the field
(``url-shortener.json: concerns[2].look_for.kinds[0]: unknown kind "fridge"``),
never a half-read problem.

Stable API (the practice picker builds on it): :func:`load_problems`,
:class:`Problem`, :class:`Concern`, :class:`Variant`, :class:`VariantQuestion`,
:class:`ProblemError`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from critique.models import PROBE_CATEGORIES
from critique.rubric import RoundPhase
from design.analysis.rules.registry import RULES
from design.model.echo import echo, echo_key, echo_name
from design.model.estimates import INPUT_KEYS
from design.model.jsontext import JSONTextError, parse_json
from design.model.kinds import infer_kind
from design.model.numbers import NumberError, finite_number
from design.model.sketch import Kind, Severity
from design.readers.limited import TooLarge, read_path
from design.sizing.estimates import STEP_NAMES

__all__ = [
    "FIGURE_KEYS",
    "MAX_PROBLEM_BYTES",
    "PROBLEM_SCHEMA",
    "REQUIRED_FIGURES",
    "SCALE_KEYS",
    "ChecklistItem",
    "Concern",
    "Evidence",
    "ExplainedFinding",
    "Problem",
    "ProblemError",
    "ReferenceComponent",
    "ReferenceEstimates",
    "ReferenceFlow",
    "ReferenceSpec",
    "Variant",
    "VariantQuestion",
    "WorkingStep",
    "load_problem",
    "load_problems",
    "parse_problem",
]

#: Scale figures a problem may state: the estimate inputs (not the user's own derived figures).
SCALE_KEYS = INPUT_KEYS
#: The newest problem file schema this loader reads.
PROBLEM_SCHEMA = 2
#: Reference figures a problem may give, keyed like the grading's figures.
FIGURE_KEYS = ("daily_users", "peak_read_qps", "peak_write_qps", "storage_gb_per_year", "bandwidth_mbps")
#: The figures every schema-2 problem gives.
REQUIRED_FIGURES = FIGURE_KEYS[:4]
#: A tolerance band is a factor: 2 means from half to double the reference counts as within.
_TOLERANCE_RANGE = (1.1, 10.0)
_MAX_GRID = 12.0
_MAX_REFERENCE_COMPONENTS = 40
_MAX_REFERENCE_FLOWS = 80
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
_MAX_TEXT = 2_000
#: A problem file is a few KB; anything past this is not one (a FIFO, a device, a mistake).
MAX_PROBLEM_BYTES = 1024 * 1024
#: Placeholders a question template may use: the name of the component it is about.
_PLACEHOLDERS = frozenset({"name"})


#: Ids, categories and severities are quoted the way Python does ('vibes'); other values like JSON.
_Q = "'"


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
class ChecklistItem:
    """A requirement a strong answer states; a user's line covers it when it says one of ``keywords``."""

    kind: str  # "functional" or "non_functional"
    text: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WorkingStep:
    """One line of the reference arithmetic: a step of :data:`design.sizing.estimates.STEP_NAMES`."""

    step: str
    how: str
    value: float


@dataclass(frozen=True, slots=True)
class ReferenceEstimates:
    """The reference's figures, how far off still counts as right, and how they were worked out."""

    tolerance: float
    figures: Mapping[str, float]
    working: tuple[WorkingStep, ...]


@dataclass(frozen=True, slots=True)
class ReferenceComponent:
    """A box of the reference design: its label, the kind the label must read as, where it sits, and why."""

    label: str
    kind: Kind
    at: tuple[float, float]  # (column, row) on the layout grid
    why: str


@dataclass(frozen=True, slots=True)
class ReferenceFlow:
    """An arrow of the reference design, between two component labels."""

    source: str
    target: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class ExplainedFinding:
    """A finding the reference design leaves on purpose (on ``component``, or anywhere), and why."""

    rule: str
    component: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class ReferenceSpec:
    """A strong answer, revealed only after an attempt; drawn by :mod:`critique.reference`."""

    summary: str
    components: tuple[ReferenceComponent, ...]
    flows: tuple[ReferenceFlow, ...]
    explained_findings: tuple[ExplainedFinding, ...] = ()

    def why(self, label: str) -> str:
        """The why-line of the component labelled ``label`` (``KeyError`` if there is none)."""
        for c in self.components:
            if c.label == label:
                return c.why
        raise KeyError(label)


@dataclass(frozen=True, slots=True)
class Problem:
    """A practice problem. ``scale`` uses the estimate keys, so it can prefill the estimates form.

    ``functional``/``non_functional`` are the checklist texts (what schema 1
    had); ``checklist`` holds the same items with their keywords.
    """

    id: str
    title: str
    prompt: str
    functional: tuple[str, ...]
    non_functional: tuple[str, ...]
    scale: Mapping[str, float]
    scale_notes: tuple[str, ...]
    concerns: tuple[Concern, ...]
    variants: tuple[Variant, ...]
    schema: int = 1
    checklist: tuple[ChecklistItem, ...] = ()
    estimates: ReferenceEstimates | None = None
    practises: tuple[RoundPhase, ...] = ()
    reference: ReferenceSpec | None = None


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
            raise ProblemError(f"{echo_name(path.name)}: id {echo(problem.id, quote=_Q)} is used by another problem")
        found[problem.id] = problem
    return dict(sorted(found.items(), key=lambda item: (item[1].title.lower(), item[0])))


def load_problem(path: str | Path) -> Problem:
    """Read and validate one problem file; its id must match the file name."""
    p = Path(path)
    name = echo_name(p.name)
    try:
        data = parse_json(read_path(p, MAX_PROBLEM_BYTES))
    except OSError as exc:
        raise ProblemError(f"{name}: cannot read ({exc.strerror or exc})") from None
    except (TooLarge, JSONTextError) as exc:
        raise ProblemError(f"{name}: {exc}") from None
    problem = parse_problem(data, name)
    if problem.id != p.stem:
        raise ProblemError(f"{name}: id: {echo(problem.id, quote=_Q)} does not match the file name")
    return problem


def parse_problem(data: object, where: str = "problem") -> Problem:
    """Validate parsed JSON as a problem; errors start with ``where`` and the field path."""
    try:
        return _problem(data)
    except _Bad as exc:
        raise ProblemError(f"{where}: {exc}") from None


class _Bad(ValueError):
    pass


_NEW_IN_2 = {"estimates", "practises", "reference"}


def _problem(data: object) -> Problem:
    obj = _obj(data, "", {"schema", "id", "title", "prompt", "functional", "non_functional", "scale", "scale_notes",
                          "concerns", "variants", *_NEW_IN_2}, {"schema", "scale_notes", *_NEW_IN_2})
    schema = _schema(obj.get("schema", 1))
    if schema >= 2:
        missing = sorted(_NEW_IN_2 - set(obj))
        if missing:
            raise _Bad(f"{missing[0]}: missing (schema 2 requires it)")
    pid = _text(obj["id"], "id", 60)
    if not _ID.match(pid):
        raise _Bad(f"id: {echo(pid, quote=_Q)} is not a lowercase slug (letters, digits, dashes)")
    scale_raw = _obj(obj["scale"], "scale", set(SCALE_KEYS), set(SCALE_KEYS))
    scale = {k: _number(v, f"scale.{k}") for k, v in scale_raw.items()}
    if not scale:
        raise _Bad("scale: give at least one figure to estimate from")
    concerns = tuple(_concern(c, f"concerns[{i}]") for i, c in enumerate(_list(obj["concerns"], "concerns", 3)))
    ids = [c.id for c in concerns]
    for i, cid in enumerate(ids):
        if cid in ids[:i]:
            raise _Bad(f"concerns[{i}].id: {echo(cid, quote=_Q)} appears twice")
    variants = tuple(_variant(v, f"variants[{i}]") for i, v in enumerate(_list(obj["variants"], "variants", 1)))
    if len(variants) > 2:
        raise _Bad("variants: give one or two twists, not more")
    checklist = (*_checklist(obj["functional"], "functional", schema),
                 *_checklist(obj["non_functional"], "non_functional", schema))
    estimates = _estimates(obj["estimates"], scale) if "estimates" in obj else None
    practises = _phases(obj.get("practises", []), "practises")
    reference = _reference(obj["reference"]) if "reference" in obj else None
    return Problem(
        id=pid,
        title=_text(obj["title"], "title", 100),
        prompt=_text(obj["prompt"], "prompt", _MAX_TEXT),
        functional=tuple(c.text for c in checklist if c.kind == "functional"),
        non_functional=tuple(c.text for c in checklist if c.kind == "non_functional"),
        scale=scale,
        scale_notes=_texts(obj.get("scale_notes", []), "scale_notes", 0),
        concerns=concerns,
        variants=variants,
        schema=schema,
        checklist=checklist,
        estimates=estimates,
        practises=practises,
        reference=reference,
    )


def _schema(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"schema: expected a whole number, got {echo(value)}")
    if value > PROBLEM_SCHEMA:
        raise _Bad(f"schema: version {echo(value)} is newer than this Sketchfirst understands ({PROBLEM_SCHEMA})")
    if value < 1:
        raise _Bad(f"schema: expected 1 or {PROBLEM_SCHEMA}, got {echo(value)}")
    return value


def _checklist(value: object, path: str, schema: int) -> tuple[ChecklistItem, ...]:
    """Plain texts (schema 1), or ``{"text", "keywords"}`` items (required from schema 2)."""
    items = []
    for i, raw in enumerate(_list(value, path, 1)):
        where = f"{path}[{i}]"
        if isinstance(raw, str) and schema < 2:
            items.append(ChecklistItem(path, _text(raw, where, _MAX_TEXT), ()))
            continue
        obj = _obj(raw, where, {"text", "keywords"})
        keywords = tuple(k.lower() for k in _texts(obj["keywords"], f"{where}.keywords", 1))
        items.append(ChecklistItem(path, _text(obj["text"], f"{where}.text", _MAX_TEXT), keywords))
    return tuple(items)


def _phases(value: object, path: str) -> tuple[RoundPhase, ...]:
    out: list[RoundPhase] = []
    for i, v in enumerate(_list(value, path, 0)):
        if not isinstance(v, str) or v not in RoundPhase._value2member_map_:
            raise _Bad(f"{path}[{i}]: unknown phase {echo(v)} (expected one of {', '.join(RoundPhase)})")
        if RoundPhase(v) in out:
            raise _Bad(f"{path}[{i}]: {echo(v, quote=_Q)} appears twice")
        out.append(RoundPhase(v))
    return tuple(out)


def _estimates(value: object, scale: Mapping[str, float]) -> ReferenceEstimates:
    obj = _obj(value, "estimates", {"tolerance", "figures", "working"})
    tolerance = _number(obj["tolerance"], "estimates.tolerance")
    low, high = _TOLERANCE_RANGE
    if not low <= tolerance <= high:
        raise _Bad(f"estimates.tolerance: expected a factor from {low} to {high:g}, got {tolerance:g}")
    raw = _obj(obj["figures"], "estimates.figures", set(FIGURE_KEYS), set(FIGURE_KEYS) - set(REQUIRED_FIGURES))
    figures = {k: _number(v, f"estimates.figures.{k}") for k, v in raw.items()}
    if "daily_users" in scale and figures["daily_users"] != scale["daily_users"]:
        raise _Bad("estimates.figures.daily_users: differs from scale.daily_users; the reference starts from the "
                   "problem's own figure")
    steps: list[WorkingStep] = []
    for i, item in enumerate(_list(obj["working"], "estimates.working", 1)):
        where = f"estimates.working[{i}]"
        step_obj = _obj(item, where, {"step", "how", "value"})
        step = _text(step_obj["step"], f"{where}.step", 40)
        if step not in STEP_NAMES:
            raise _Bad(f"{where}.step: unknown step {echo(step, quote=_Q)} (expected one of {', '.join(STEP_NAMES)})")
        if any(s.step == step for s in steps):
            raise _Bad(f"{where}.step: {echo(step, quote=_Q)} appears twice")
        steps.append(WorkingStep(step, _text(step_obj["how"], f"{where}.how", 300),
                                 _number(step_obj["value"], f"{where}.value")))
    order = [STEP_NAMES.index(s.step) for s in steps]
    if order != sorted(order):
        raise _Bad("estimates.working: steps out of order (write them as the arithmetic runs: "
                   + " → ".join(STEP_NAMES[:7]) + ")")
    return ReferenceEstimates(tolerance, figures, tuple(steps))


def _reference(value: object) -> ReferenceSpec:
    obj = _obj(value, "reference", {"summary", "components", "flows", "explained_findings"}, {"explained_findings"})
    components: list[ReferenceComponent] = []
    for i, raw in enumerate(_capped(obj["components"], "reference.components", 2, _MAX_REFERENCE_COMPONENTS)):
        components.append(_reference_component(raw, f"reference.components[{i}]", components))
    labels = {c.label for c in components}
    flows = tuple(_reference_flow(raw, f"reference.flows[{i}]", labels)
                  for i, raw in enumerate(_capped(obj["flows"], "reference.flows", 1, _MAX_REFERENCE_FLOWS)))
    explained = tuple(_explained(raw, f"reference.explained_findings[{i}]", labels)
                      for i, raw in enumerate(_list(obj.get("explained_findings", []), "reference.explained_findings", 0)))
    return ReferenceSpec(_text(obj["summary"], "reference.summary", _MAX_TEXT), tuple(components), flows, explained)


def _capped(value: object, path: str, minimum: int, maximum: int) -> list[Any]:
    items = _list(value, path, minimum)
    if len(items) > maximum:
        raise _Bad(f"{path}: at most {maximum} entries, got {len(items)}")
    return items


def _reference_component(raw: object, where: str, before: Sequence[ReferenceComponent]) -> ReferenceComponent:
    """A box of the reference; its label must read as its kind, and no other box may share its label or cell."""
    c = _obj(raw, where, {"label", "kind", "at", "why"})
    label = _text(c["label"], f"{where}.label", 40)
    if any(other.label.lower() == label.lower() for other in before):
        raise _Bad(f"{where}.label: {echo(label, quote=_Q)} appears twice")
    kind = c["kind"]
    if not isinstance(kind, str) or kind not in Kind._value2member_map_:
        raise _Bad(f"{where}.kind: unknown kind {echo(kind)}")
    read = infer_kind(label)[0]
    if read is not Kind(kind):
        raise _Bad(f"{where}.label: {echo(label, quote=_Q)} reads as {read.value}, not {kind}; name the kind in the label so the "
                   "analysis sees what you meant")
    at = _list(c["at"], f"{where}.at", 2)
    if len(at) != 2:
        raise _Bad(f"{where}.at: expected [column, row], got {len(at)} numbers")
    col, row = (_grid(v, f"{where}.at[{j}]") for j, v in enumerate(at))
    if any(other.at == (col, row) for other in before):
        raise _Bad(f"{where}.at: another component already sits at [{col:g}, {row:g}]")
    return ReferenceComponent(label, Kind(kind), (col, row), _text(c["why"], f"{where}.why", 300))


def _reference_flow(raw: object, where: str, labels: set[str]) -> ReferenceFlow:
    f = _obj(raw, where, {"from", "to", "label"}, {"label"})
    ends = []
    for key in ("from", "to"):
        name = _text(f[key], f"{where}.{key}", 40)
        if name not in labels:
            raise _Bad(f"{where}.{key}: no component is labelled {echo(name, quote=_Q)}")
        ends.append(name)
    if ends[0] == ends[1]:
        raise _Bad(f"{where}: a flow from {echo(ends[0], quote=_Q)} to itself")
    return ReferenceFlow(ends[0], ends[1], _text(f["label"], f"{where}.label", 40) if "label" in f else "")


def _explained(raw: object, where: str, labels: set[str]) -> ExplainedFinding:
    e = _obj(raw, where, {"rule", "component", "reason"}, {"component"})
    rule_id = _text(e["rule"], f"{where}.rule", 20)
    if rule_id not in RULES:
        raise _Bad(f"{where}.rule: unknown rule {echo(rule_id, quote=_Q)}")
    component = _text(e["component"], f"{where}.component", 40) if "component" in e else None
    if component is not None and component not in labels:
        raise _Bad(f"{where}.component: no component is labelled {echo(component, quote=_Q)}")
    return ExplainedFinding(rule_id, component, _text(e["reason"], f"{where}.reason", 600))


def _grid(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= _MAX_GRID:
        raise _Bad(f"{path}: expected a grid position from 0 to {_MAX_GRID:g}, got {echo(value)}")
    return float(value)


def _concern(data: object, path: str) -> Concern:
    obj = _obj(data, path, {"id", "title", "category", "severity", "look_for", "near", "missing", "present", "why"})
    cid = _text(obj["id"], f"{path}.id", 60)
    if not _ID.match(cid):
        raise _Bad(f"{path}.id: {echo(cid, quote=_Q)} is not a lowercase slug")
    category = _text(obj["category"], f"{path}.category", 60)
    if category not in PROBE_CATEGORIES:
        raise _Bad(f"{path}.category: unknown category {echo(category, quote=_Q)}")
    severity = _text(obj["severity"], f"{path}.severity", 10)
    if severity not in Severity._value2member_map_:
        raise _Bad(f"{path}.severity: expected one of {', '.join(s.value for s in Severity)}, got {echo(severity, quote=_Q)}")
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
        raise _Bad(f"{path}.id: {echo(vid, quote=_Q)} is not a lowercase slug")
    questions = []
    for i, q in enumerate(_list(obj["questions"], f"{path}.questions", 2)):
        qp = f"{path}.questions[{i}]"
        qo = _obj(q, qp, {"kinds", "text"}, {"kinds"})
        kinds = _kinds(qo.get("kinds", []), f"{qp}.kinds")
        questions.append(VariantQuestion(kinds, _template(qo["text"], f"{qp}.text", allow_name=bool(kinds))))
    return Variant(vid, _text(obj["title"], f"{path}.title", 100), _text(obj["twist"], f"{path}.twist", _MAX_TEXT),
                   tuple(questions))


# --- field readers ------------------------------------------------------------


def _obj(value: object, path: str, allowed: set[str], optional: set[str] | None = None) -> Mapping[str, Any]:
    where = path or "problem"
    if not isinstance(value, Mapping):
        raise _Bad(f"{where}: expected an object, got {echo(value)}")
    prefix = f"{path}." if path else ""
    extra = sorted(set(value) - allowed)
    if extra:
        raise _Bad(f"{prefix}{echo_key(extra[0])}: unknown field")
    missing = sorted(allowed - (optional or set()) - set(value))
    if missing:
        raise _Bad(f"{prefix}{missing[0]}: missing")
    return value


def _text(value: object, path: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Bad(f"{path}: expected non-empty text, got {echo(value)}")
    if len(value) > limit:
        raise _Bad(f"{path}: longer than {limit} characters")
    return value.strip()


def _list(value: object, path: str, minimum: int) -> list[Any]:
    if not isinstance(value, list):
        raise _Bad(f"{path}: expected a list, got {echo(value)}")
    if len(value) < minimum:
        raise _Bad(f"{path}: expected at least {minimum} entries, got {len(value)}")
    return value


def _texts(value: object, path: str, minimum: int) -> tuple[str, ...]:
    return tuple(_text(v, f"{path}[{i}]", _MAX_TEXT) for i, v in enumerate(_list(value, path, minimum)))


def _kinds(value: object, path: str) -> tuple[Kind, ...]:
    out = []
    for i, v in enumerate(_list(value, path, 0)):
        if not isinstance(v, str) or v not in Kind._value2member_map_:
            raise _Bad(f"{path}[{i}]: unknown kind {echo(v)}")
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
        raise _Bad(f"{path}: unknown placeholder {{{echo_key(bad[0])}}}" + ("" if allow_name else " (no component to name here)"))
    return text
