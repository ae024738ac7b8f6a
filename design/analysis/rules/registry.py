"""The rule registry: small registered functions with stable ids.

A rule is a plain function ``check(ctx) -> Iterable[Hit]`` decorated with
:func:`rule`, which records its id, category, default severity and "why it
matters" text; the function's docstring says what fires it. The registry turns hits into :class:`~design.model.sketch.Finding`
records, so rules stay short and every finding carries the same metadata.

Rule ids never change once published: exports, golden files, accepted or
disputed findings and CI scripts refer to them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from design.analysis.context import Context
from design.model.sketch import Category, Finding, Severity

__all__ = ["RULES", "Hit", "Rule", "rule"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a rule fired: the element ids, a one-line message, optionally a different severity."""

    elements: tuple[str, ...]
    message: str
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule and its metadata."""

    id: str
    category: Category
    severity: Severity
    title: str
    why: str
    check: Callable[[Context], Iterable[Hit]]

    @property
    def trigger(self) -> str:
        """What fires the rule, in words: the check function's docstring (the catalogue prints it)."""
        return " ".join((inspect.getdoc(self.check) or "").split())

    def run(self, ctx: Context) -> list[Finding]:
        return [
            Finding(self.id, self.category, hit.severity or self.severity, hit.elements, hit.message, self.why)
            for hit in self.check(ctx)
        ]


#: Every registered rule, by id, in registration order.
RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, category: Category, severity: Severity, title: str, why: str
) -> Callable[[Callable[[Context], Iterable[Hit]]], Callable[[Context], Iterable[Hit]]]:
    """Register ``check`` under ``rule_id``. Ids must be unique."""

    def register(check: Callable[[Context], Iterable[Hit]]) -> Callable[[Context], Iterable[Hit]]:
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id} is registered twice")
        RULES[rule_id] = Rule(rule_id, category, severity, title, " ".join(why.split()), check)
        return check

    return register
