"""Build a critique request from a saved document: the one path the app and the CLI share.

The sketch is recognised with the user's kind corrections applied, and the
findings are the ones stored with the version when there are any (so the
critic probes exactly what the user saw), else computed now. The numbers of
the drawing (and the requirements checked against them) are computed now,
from the same notes.

The critic gets the problem without its reference design: a critic that
never holds the strong answer cannot quote it in a question, whatever the
mode or the model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from critique.models import Answered, CritiqueRequest, Mode
from critique.problems import Problem
from critique.rubric import Level
from design.analysis.analyze import analysis_options, analyze_with_numbers, numbers_for, sketch_of
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
    level: Level = Level.SENIOR,
) -> CritiqueRequest:
    """The request for ``document`` in ``mode`` at the interview ``level``; ``problems`` resolves the document's
    problem id."""
    sketch = sketch_of(document)
    options = analysis_options(document)
    if findings is not None:
        found, numbers = tuple(findings), numbers_for(sketch, options)
    else:
        found, numbers = analyze_with_numbers(sketch, options)
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
        numbers=numbers,
        level=level,
    )
