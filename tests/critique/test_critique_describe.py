"""How a critique reads in one line: who critiqued it, and the tokens, cost and time it took."""

from __future__ import annotations

from critique.describe import critic_title, usage_line
from critique.models import Critique, Mode, Usage


def critique(**kw) -> Critique:
    return Critique(critic=kw.pop("critic", "claude"), model=kw.pop("model", "claude-haiku-5-5"), mode=Mode.STRESS,
                    probes=(), **kw)


def test_the_critic_is_named_offline_or_by_its_model():
    assert critic_title(critique(critic="offline", model=None)) == "offline critic"
    assert critic_title(critique()) == "Claude (claude-haiku-5-5)"


def test_usage_shows_tokens_cache_cost_and_time():
    line = usage_line(critique(usage=Usage(1200, 400, 900, 0), cost_usd=0.000425, seconds=3.04))
    assert line == "1,200 input tokens (+900 cache write, 0 cache read) · 400 output tokens · ≈ $0.0004 · 3.0 s"


def test_no_cache_no_cache_words_and_an_unknown_price_says_so():
    line = usage_line(critique(model="claude-new", usage=Usage(10, 20), seconds=1.0))
    assert line == "10 input tokens · 20 output tokens · cost unknown for this model · 1.0 s"


def test_the_offline_critic_reports_only_its_time():
    assert usage_line(critique(critic="offline", model=None, seconds=0.25)) == "0.2 s"
