"""The critic asks; it never hands over a design. This spots a probe that prescribes instead of asking.

The system prompt forbids solutions, but a model may still answer its own
question ("You should put Redis in front of Postgres", "Here is a better
design: …"). Such a probe takes away the practice the user came for, so the
reply reader drops it with a note, and a reply made only of them falls back to
the offline critic. The test is deliberately narrow: a question that carries a
one-clause hint ("Add a second region tomorrow: which box breaks first?") is
still a question and passes; only text that opens with a recommendation, gives
orders without asking anything, or hands over a design, is refused.
"""

from __future__ import annotations

import re

__all__ = ["prescription"]

#: Openings that state the answer or a recommendation: never a question, whatever follows.
_OPENINGS = re.compile(
    r"^\W*(?:i\s+(?:recommend|suggest|propose)|i(?:'d|\s+would)\s+(?:add|use|put|replace|introduce|go\s+with)"
    r"|my\s+(?:recommendation|suggestion|proposal)|(?:the\s+)?(?:fix|solution|answer|remedy)\s+is"
    r"|here\s+is|here'?s|instead\s*,|(?:a|the)\s+(?:better|correct|right|proper)\s+(?:design|approach|architecture)"
    r"|(?:recommendation|solution|fix)\s*:)",
    re.IGNORECASE,
)
#: Imperative openings: a prescription unless the text goes on to ask something (a hint inside a question).
_IMPERATIVE = re.compile(
    r"^\W*(?:you\s+(?:should|need\s+to|must|ought\s+to)|you'?ll\s+want\s+to"
    r"|add|use|replace|introduce|put|switch\s+to|migrate\s+to|deploy|install|insert|shard|partition"
    r"|make\s+(?:it|the|sure)|move|split|swap|consider)\b",
    re.IGNORECASE,
)
#: Anywhere in the text: a design or a solution being handed over.
_HANDOVER = re.compile(
    r"here\s+is\s+(?:a|an|the|my)\s+(?:\w+\s+)?(?:design|architecture|solution|fix)"
    r"|(?:the|a)\s+(?:correct|right|proper|ideal|recommended|better)\s+(?:design|architecture|solution)"
    r"\s+(?:is|would\s+be)",
    re.IGNORECASE,
)


def prescription(question: str, why_it_matters: str = "") -> str | None:
    """Why this probe hands over a design instead of asking, or ``None`` when it asks.

    >>> prescription("Postgres is one instance: what happens to writes when it dies?") is None
    True
    >>> prescription("You should add a read replica behind Postgres.")
    'it tells the author what to build instead of asking'
    """
    text = " ".join(question.split())
    if _OPENINGS.match(text) or (_IMPERATIVE.match(text) and "?" not in text):
        return "it tells the author what to build instead of asking"
    if _HANDOVER.search(text) or _HANDOVER.search(" ".join(why_it_matters.split())):
        return "it hands over a design instead of asking"
    return None
