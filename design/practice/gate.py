"""Explain before you prompt: what the user must have written before a critique runs.

Before the first critique of a design the user writes at least one
requirement and their approach; before "check my estimates", their own
numbers. Saying it in their own words first is the practice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from design.model.estimates import OWN_KEYS
from design.model.requirements import requirement_lines

__all__ = ["MIN_APPROACH_WORDS", "OWN_ESTIMATE_KEYS", "explain_first", "requirement_lines"]

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
