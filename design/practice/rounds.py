"""The practice round's rules: what a round is called, which design it starts on, what its end says.

The shells start and finish rounds through the store; what those actions
mean lives here, so the browser and any other shell agree on it.
"""

from __future__ import annotations

import re
from datetime import datetime

from design.practice.timer import PracticeSession, format_clock

__all__ = ["MAX_ROUND_TITLE", "finish_message", "round_title", "starts_on_current_design"]

#: A round's design is titled after its prompt, cut to this many characters.
MAX_ROUND_TITLE = 60
_CLAUSE_END = re.compile(r"[.:;!?\n—]")


def round_title(prompt: str) -> str:
    """A short design title from a free-form prompt: its first clause, at most 60 characters.

    >>> round_title("Design a URL shortener. It handles 100M links a month.")
    'Design a URL shortener'
    >>> round_title("   "), len(round_title("x" * 100))
    ('Practice round', 60)
    """
    first = _CLAUSE_END.split(prompt.strip(), maxsplit=1)[0]
    first = " ".join(first.split())
    if len(first) > MAX_ROUND_TITLE:
        return first[: MAX_ROUND_TITLE - 3] + "..."
    return first or "Practice round"


def starts_on_current_design(design_id: int | None, has_versions: bool, round_open: bool) -> bool:
    """Whether a new round starts on the current design instead of a fresh one.

    Only while the current design is still empty (nothing saved, no round
    running): say, a pair formed a moment ago. Otherwise a round gets a fresh
    design, so one round's log never counts another's work.

    >>> starts_on_current_design(7, has_versions=False, round_open=False)
    True
    >>> starts_on_current_design(7, has_versions=True, round_open=False), starts_on_current_design(None, False, False)
    (False, False)
    """
    return design_id is not None and not has_versions and not round_open


def finish_message(done: PracticeSession, now: datetime, *, unsaved_changes: bool) -> str:
    """What finishing a round tells the user: time used, the last saved version's findings, critique rounds.

    The log counts the last *saved* version, so unsaved changes on the canvas
    are mentioned: they are still there, but they do not count until saved.
    """
    counts = ", ".join(f"{n} {sev}" for sev, n in done.findings_at_end.items() if n) or "no findings"
    saved = f"v{done.final_version} ({counts})" if done.final_version else "nothing saved"
    message = (f"Round finished after {format_clock(done.time_used(now))}: {saved}, "
               f"{done.critique_rounds} critique round(s). It is in the practice log below.")
    if unsaved_changes:
        message += (" Unsaved changes are still on the canvas; the log counts the last saved version, so save if "
                    "they should count.")
    return message
