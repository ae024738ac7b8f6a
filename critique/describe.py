"""A critique described for people in one line: who asked the questions, and what asking cost.

Beside :mod:`critique.pricing`, which computes the cost; this module only
words it. Plain text without markup, so a shell can show it anywhere.
"""

from __future__ import annotations

from critique.models import Critique

__all__ = ["critic_title", "usage_line"]


def critic_title(critique: Critique) -> str:
    """``"offline critic"`` or ``"Claude (model)"``.

    >>> from critique.models import Mode
    >>> critic_title(Critique("offline", None, Mode.STRESS, ())), critic_title(Critique("claude", "m", Mode.STRESS, ()))
    ('offline critic', 'Claude (m)')
    """
    return "offline critic" if critique.model is None else f"Claude ({critique.model})"


def usage_line(critique: Critique) -> str:
    """Tokens (with cache writes and reads), the estimated cost, and the time a critique took.

    >>> from critique.models import Mode, Usage
    >>> usage_line(Critique("claude", "m", Mode.STRESS, (), usage=Usage(1200, 400, 900), cost_usd=0.00042, seconds=2.5))
    '1,200 input tokens (+900 cache write, 0 cache read) · 400 output tokens · ≈ $0.0004 · 2.5 s'
    >>> usage_line(Critique("offline", None, Mode.STRESS, (), seconds=0.04))
    '0.0 s'
    """
    parts = []
    u = critique.usage
    if u is not None:
        cache = ""
        if u.cache_creation_input_tokens or u.cache_read_input_tokens:
            cache = f" (+{u.cache_creation_input_tokens:,} cache write, {u.cache_read_input_tokens:,} cache read)"
        parts.append(f"{u.input_tokens:,} input tokens{cache} · {u.output_tokens:,} output tokens")
    if critique.cost_usd is not None:
        parts.append(f"≈ ${critique.cost_usd:.4f}")
    elif u is not None:
        parts.append("cost unknown for this model")
    parts.append(f"{critique.seconds:.1f} s")
    return " · ".join(parts)
