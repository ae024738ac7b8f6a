"""Sketch to findings: the typed graph, the shared rule context, the rules, and the drills on the same graph.

>>> from design.analysis import analyze_document
>>> from design.readers import read_design
>>> result = analyze_document(read_design("shop.mmd", "flowchart LR\\n  web[Web app] --> db[(Orders DB)]"))
>>> [(f.rule, f.elements) for f in result.findings]
[('DSA001', ('orders-db', 'web-app->orders-db')), ('REPL001', ('orders-db',))]
"""

from design.analysis.analyze import Analysis, analyze, analyze_document, fingerprint, sketch_of
from design.analysis.json_contract import analysis_json
from design.analysis.kill import KillReport, UnknownComponent, describe, kill
from design.analysis.rules import RULES

__all__ = [
    "RULES",
    "Analysis",
    "KillReport",
    "UnknownComponent",
    "analysis_json",
    "analyze",
    "analyze_document",
    "describe",
    "fingerprint",
    "kill",
    "sketch_of",
]
