"""The vocabulary every stage shares: the sketch, its parts, findings, and the saved document.

>>> from design.model import Box, Component, Kind, Sketch
>>> api = Component("api", "API", Kind.SERVICE, 1, Box(0, 0, 120, 60))
>>> Sketch(components=(api,)).component("api").kind.value
'service'
"""

from design.model.corrections import Correction, apply_corrections
from design.model.document import DocumentError, SketchDocument, dumps, loads
from design.model.estimates import ESTIMATE_KEYS, ESTIMATES
from design.model.geometry import Box, Point
from design.model.sketch import Category, Component, Finding, Flow, Kind, Severity, Sketch

__all__ = [
    "ESTIMATES",
    "ESTIMATE_KEYS",
    "Box",
    "Category",
    "Component",
    "Correction",
    "DocumentError",
    "Finding",
    "Flow",
    "Kind",
    "Point",
    "Severity",
    "Sketch",
    "SketchDocument",
    "apply_corrections",
    "dumps",
    "loads",
]
