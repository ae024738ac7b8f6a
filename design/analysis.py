"""Run every registered rule over a sketch: the failure-point analysis.

``analyze`` is the one entry point the app, the CLI, exports and the critic
call. Findings come back sorted (most severe first, then by rule and
elements), and that order is the badge numbering everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from design.context import Context
from design.graph import to_graph
from design.model import Finding, Sketch
from design.rules import RULES

__all__ = ["analyze", "sort_findings"]


def sort_findings(findings: list[Finding]) -> tuple[Finding, ...]:
    """Most severe first; ties by rule id, then elements. Duplicates removed."""
    unique = {(f.rule, f.elements): f for f in findings}
    return tuple(sorted(unique.values(), key=lambda f: (-f.severity.rank, f.rule, f.elements)))


def analyze(sketch: Sketch, options: Mapping[str, Any] | None = None) -> tuple[Finding, ...]:
    """Every finding for ``sketch`` (with corrections already applied), sorted.

    ``options`` passes optional inputs to the rules that use them.
    """
    ctx = Context(sketch, to_graph(sketch), options)
    found: list[Finding] = []
    for r in RULES.values():
        found.extend(r.run(ctx))
    return sort_findings(found)
