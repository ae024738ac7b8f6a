"""Build a critique request from a saved document: the one path the app and the CLI share.

The sketch is recognised with the user's kind corrections applied, and the
findings are the ones stored with the version when there are any (so the
critic probes exactly what the user saw), else computed now.

The critic gets the problem without its reference design: a critic that
never holds the strong answer cannot quote it in a question, whatever the
mode or the model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from critique.models import Answered, CritiqueRequest, Mode
from critique.problems import Problem
from design.analysis.analyze import analysis_options, analyze, sketch_of
from design.model.document import SketchDocument
from design.model.sketch import Finding

__all__ = ["request_for"]


def request_for(
    document: SketchDocument,
    mode: Mode,
    *,
    version: int | None = None,
    findings: Sequence[Finding] | None = None,
    problems: Mapping[str, Problem] | None = None,
    previous: Sequence[Answered] = (),
) -> CritiqueRequest:
    """The request for ``document`` in ``mode``; ``problems`` resolves the document's problem id."""
    sketch = sketch_of(document)
    found = tuple(findings) if findings is not None else analyze(sketch, analysis_options(document))
    problem = (problems or {}).get(document.problem) if document.problem else None
    if problem is not None and problem.reference is not None:
        problem = dataclasses.replace(problem, reference=None)
    return CritiqueRequest(
        sketch=sketch,
        findings=found,
        mode=mode,
        version=version,
        title=document.title,
        requirements=document.requirements,
        approach=document.approach,
        estimates=dict(document.estimates),
        problem=problem,
        previous=tuple(previous),
    )
