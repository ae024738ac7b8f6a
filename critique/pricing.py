"""What a Claude critique cost: a price table and the arithmetic.

Prices are USD per million tokens, from the platform pricing pages as of
late 2026 (see ``notes/anthropic-sdk.md``): input, output, 5-minute cache
write, cache read. Haiku's prices are for prompts up to 100K tokens, which a
critique never exceeds. A model not in the table has no estimate (``None``),
rather than a wrong one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from critique.models import Usage

__all__ = ["DEEP_MODEL", "DEFAULT_MODEL", "PRICES", "Price", "cost_usd"]

#: The Claude models a critique uses by default and when asked for depth (named here, beside their
#: prices, so that choosing a critic needs no SDK import).
DEFAULT_MODEL = "claude-haiku-5-5"
DEEP_MODEL = "claude-sonnet-5-5"


@dataclass(frozen=True, slots=True)
class Price:
    """USD per million tokens."""

    input: float
    output: float
    cache_write: float
    cache_read: float


PRICES: Mapping[str, Price] = {
    "claude-haiku-5-5": Price(0.10, 0.50, 0.125, 0.01),
    "claude-sonnet-5-5": Price(2.00, 10.00, 2.50, 0.20),
    "claude-opus-5-5": Price(4.00, 20.00, 5.00, 0.20),
}


def cost_usd(model: str | None, usage: Usage | None) -> float | None:
    """The cost of one call, or ``None`` when the model or the usage is unknown.

    >>> round(cost_usd("claude-sonnet-5-5", Usage(3000, 1500)), 4)
    0.021
    """
    price = PRICES.get(model or "")
    if price is None or usage is None:
        return None
    return (
        usage.input_tokens * price.input
        + usage.output_tokens * price.output
        + usage.cache_creation_input_tokens * price.cache_write
        + usage.cache_read_input_tokens * price.cache_read
    ) / 1_000_000
