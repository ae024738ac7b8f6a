"""The critique gate: a critique runs on a saved version the user has explained first.

A critique always targets a *saved* version, so every question names the
version it is about; a canvas with unsaved changes is not what the critic
would judge. Before the first critique of a design the user writes at least
one requirement and their approach; before "check my estimates", their own
numbers. Saying it in their own words first is the practice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from design.model.document import SketchDocument
from design.model.estimates import OWN_KEYS
from design.model.requirements import requirement_lines

__all__ = [
    "MIN_APPROACH_WORDS",
    "OWN_ESTIMATE_KEYS",
    "critique_gate",
    "explain_first",
    "explain_reasons",
    "gate_reasons",
    "reference_gate",
    "requirement_lines",
]

MIN_APPROACH_WORDS = 5
#: The estimate fields the user fills with their own derived numbers.
OWN_ESTIMATE_KEYS = OWN_KEYS

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def explain_reasons(
    requirements: str,
    approach: str,
    *,
    first_critique: bool,
    checks_estimates: bool = False,
    estimates: Mapping[str, float] | None = None,
) -> tuple[str, ...]:
    """Every reason the user has not explained enough yet, all at once (empty when they have).

    Before the first critique of a design the user must have written at least
    one requirement and their approach (a sentence of at least
    ``MIN_APPROACH_WORDS`` words). In "check my estimates" mode their own
    derived numbers (any ``my_*`` estimate) must be there first, every time,
    so the check compares their figures with the computed ones rather than
    handing the computed ones over.
    """
    reasons = []
    if first_critique:
        missing = []
        if not requirement_lines(requirements):
            missing.append("at least one requirement")
        if len(_WORD.findall(approach)) < MIN_APPROACH_WORDS:
            missing.append(f"your approach (a sentence or three, at least {MIN_APPROACH_WORDS} words)")
        if missing:
            reasons.append(
                "Explain before you prompt: write " + " and ".join(missing) + " in the notes before the first "
                "critique. Saying it in your own words first is the practice."
            )
    if checks_estimates and not any(k in (estimates or {}) for k in OWN_ESTIMATE_KEYS):
        reasons.append(
            "Check my estimates compares your numbers with computed ones: write at least one of your own "
            "figures first (read QPS, write QPS, storage per year or bandwidth)."
        )
    return tuple(reasons)


def explain_first(
    requirements: str,
    approach: str,
    *,
    first_critique: bool,
    checks_estimates: bool = False,
    estimates: Mapping[str, float] | None = None,
) -> str | None:
    """:func:`explain_reasons` as one text, or ``None`` when the user has explained enough."""
    reasons = explain_reasons(requirements, approach, first_critique=first_critique,
                              checks_estimates=checks_estimates, estimates=estimates)
    return " ".join(reasons) or None


def gate_reasons(
    design_id: int | None,
    version: int | None,
    drawing_changed: bool,
    notes: SketchDocument | None,
    *,
    first_critique: bool,
    checks_estimates: bool = False,
) -> tuple[str, ...]:
    """Every reason a critique of the canvas may not run yet, all at once (empty when it may).

    ``version`` is the saved version on the canvas (``None``: nothing saved),
    ``drawing_changed`` whether its drawing has changed since (notes alone
    do not count: they are saved with the version they describe, no new
    version needed), ``notes`` the document whose notes the critic will read
    (``None`` when it could not be read: the caller reports that itself),
    ``first_critique`` whether the design has never been critiqued,
    ``checks_estimates`` whether the critique checks the user's estimates.

    >>> gate_reasons(None, None, False, None, first_critique=True)[0][:20]
    'Save a version first'
    >>> len(gate_reasons(1, 2, True, SketchDocument(canvas={}), first_critique=True, checks_estimates=True))
    3
    """
    reasons: list[str] = []
    if design_id is None or version is None:
        reasons.append("Save a version first. The critic only judges a saved sketch, so every question names the "
                       "version it is about.")
    elif drawing_changed:
        reasons.append(f"The canvas has unsaved changes since v{version}. Save them as a new version (or reopen "
                       f"v{version}) so the critic judges what you see.")
    if notes is not None:
        reasons.extend(explain_reasons(notes.requirements, notes.approach, first_critique=first_critique,
                                       checks_estimates=checks_estimates, estimates=notes.estimates))
    return tuple(reasons)


def critique_gate(
    design_id: int | None,
    version: int | None,
    dirty: bool,
    saved: SketchDocument | None,
    *,
    first_critique: bool,
    checks_estimates: bool = False,
) -> str | None:
    """:func:`gate_reasons` as one text, or ``None`` when the critique may run.

    >>> critique_gate(1, 2, True, None, first_critique=True)[:39]
    'The canvas has unsaved changes since v2'
    >>> explained = SketchDocument(canvas={}, requirements="- Shorten a URL",
    ...                            approach="A stateless API stores links in Postgres.")
    >>> critique_gate(1, 2, False, explained, first_critique=True) is None
    True
    """
    reasons = gate_reasons(design_id, version, dirty, saved, first_critique=first_critique,
                           checks_estimates=checks_estimates)
    return " ".join(reasons) or None


def reference_gate(saved_versions: int, critiques: int) -> str | None:
    """Why the reference design stays locked, or ``None`` once the attempt is committed.

    Like the critique gate, it opens on the user's own work: a saved version,
    then a critique of one. Seeing a strong answer before committing to one's
    own turns practice into copying.

    >>> reference_gate(0, 0)[:30]
    'The reference opens after your'
    >>> reference_gate(1, 0)[:40], reference_gate(2, 1)
    ('The reference opens after the critic has', None)
    """
    if saved_versions <= 0:
        return ("The reference opens after your own attempt: save a version of your design, then ask the critic "
                "about it.")
    if critiques <= 0:
        return ("The reference opens after the critic has questioned a saved version: ask for a critique first, "
                "so the comparison judges what you committed to.")
    return None
