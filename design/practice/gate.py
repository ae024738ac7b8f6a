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

__all__ = ["MIN_APPROACH_WORDS", "OWN_ESTIMATE_KEYS", "critique_gate", "explain_first", "requirement_lines"]

MIN_APPROACH_WORDS = 5
#: The estimate fields the user fills with their own derived numbers.
OWN_ESTIMATE_KEYS = OWN_KEYS

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def explain_first(
    requirements: str,
    approach: str,
    *,
    first_critique: bool,
    checks_estimates: bool = False,
    estimates: Mapping[str, float] | None = None,
) -> str | None:
    """Why a critique may not run yet, or ``None`` when the user has explained enough.

    Before the first critique of a design the user must have written at least
    one requirement and their approach (a sentence of at least
    ``MIN_APPROACH_WORDS`` words). In "check my estimates" mode their own
    derived numbers (any ``my_*`` estimate) must be there first, every time,
    so the check compares their figures with the computed ones rather than
    handing the computed ones over.
    """
    if first_critique:
        missing = []
        if not requirement_lines(requirements):
            missing.append("at least one requirement")
        if len(_WORD.findall(approach)) < MIN_APPROACH_WORDS:
            missing.append(f"your approach (a sentence or three, at least {MIN_APPROACH_WORDS} words)")
        if missing:
            return (
                "Explain before you prompt: write " + " and ".join(missing) + " in the notes before the first "
                "critique. Saying it in your own words first is the practice."
            )
    if checks_estimates and not any(k in (estimates or {}) for k in OWN_ESTIMATE_KEYS):
        return (
            "Check my estimates compares your numbers with computed ones: write at least one of your own "
            "figures first (read QPS, write QPS, storage per year or bandwidth)."
        )
    return None


def critique_gate(
    design_id: int | None,
    version: int | None,
    dirty: bool,
    saved: SketchDocument | None,
    *,
    first_critique: bool,
    checks_estimates: bool = False,
) -> str | None:
    """Why a critique of the canvas may not run yet, or ``None`` when it may.

    ``version`` is the saved version on the canvas (``None``: nothing saved),
    ``dirty`` whether the canvas has changed since, ``saved`` that version's
    document as stored (``None`` when it could not be read: the caller reports
    that itself), ``first_critique`` whether the design has never been
    critiqued, ``checks_estimates`` whether the critique checks the user's
    estimates.

    >>> critique_gate(None, None, False, None, first_critique=True)[:20]
    'Save a version first'
    >>> critique_gate(1, 2, True, None, first_critique=True)[:39]
    'The canvas has unsaved changes since v2'
    >>> explained = SketchDocument(canvas={}, requirements="- Shorten a URL",
    ...                            approach="A stateless API stores links in Postgres.")
    >>> critique_gate(1, 2, False, explained, first_critique=True) is None
    True
    """
    if design_id is None or version is None:
        return ("Save a version first. The critic only judges a saved sketch, so every question names the "
                "version it is about.")
    if dirty:
        return (f"The canvas has unsaved changes since v{version}. Save them as a new version (or reopen "
                f"v{version}) so the critic judges what you see.")
    if saved is None:
        return None
    return explain_first(saved.requirements, saved.approach, first_critique=first_critique,
                         checks_estimates=checks_estimates, estimates=saved.estimates)
