"""What an export shows: one design (saved version or draft), analysed once, with its critique.

Every format is a pure function of an :class:`ExportSubject`, so the PNG, the
Markdown report, the JSON and the rest agree on ids, finding numbers and
wording. The version number and save date are passed in (the core reads no
clock); an export of a saved version names the design, the version and the
date, and a draft says it is unsaved. Critiques arrive as plain
:class:`~design.model.critique_view.CritiqueView` records, which the shells
build with ``critique.payload.views``: exports never read the stored payload.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from design.analysis.analyze import analysis_options, analyze_document, numbers_for
from design.analysis.numbers import DesignNumbers
from design.model.critique_view import CritiqueView
from design.model.document import SketchDocument
from design.model.scorecard_view import ScorecardView
from design.model.sketch import Finding, Severity, Sketch
from design.picture.scene import Scene, build_scene

__all__ = ["ExportSubject", "latest_critiques", "picture_probes", "scene_for", "subject_for"]


@dataclass(frozen=True)
class ExportSubject:
    """A design ready to export: document, recognised sketch, sorted findings, and its saved-version facts.

    ``decisions`` maps a finding key to ``(status, justification)``, status
    ``accepted`` or ``disputed``; accepted findings are drawn muted.
    ``problem_statement`` is the problem as the user was asked it (the bank's
    prompt or their own): the document keeps only the problem's id, and the
    shells, which can read the bank and the practice rounds, supply the words.
    ``numbers`` is the model of the drawing and the checked requirements; a subject built without it (by a
    shell that predates it) gets it computed from the document when an export reads :attr:`model`.
    ``scorecard`` is the scorecard of the practice round this version ended (the Markdown report prints it).
    """

    document: SketchDocument
    sketch: Sketch
    findings: tuple[Finding, ...]
    version: int | None = None
    saved_at: str | None = None
    critiques: tuple[CritiqueView, ...] = ()
    decisions: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    problem_statement: str = ""
    numbers: DesignNumbers | None = None
    scorecard: ScorecardView | None = None

    @cached_property
    def model(self) -> DesignNumbers:
        """The numbers of the drawing: the ones given, else computed from the document's notes and estimates."""
        if self.numbers is not None:
            return self.numbers
        return numbers_for(self.sketch, analysis_options(self.document))

    @property
    def title(self) -> str:
        return self.document.title or "Untitled design"

    @property
    def date(self) -> str | None:
        """The save date (``YYYY-MM-DD``) from the stored ISO timestamp."""
        return self.saved_at[:10] if self.saved_at else None

    @property
    def status(self) -> str:
        """``version 3, saved 2026-11-28`` or ``unsaved draft``."""
        if self.version is None:
            return "unsaved draft"
        return f"version {self.version}" + (f", saved {self.date}" if self.date else "")

    @property
    def heading(self) -> str:
        """The one-line name every export carries: ``URL shortener (version 3, saved 2026-11-28)``."""
        return f"{self.title} ({self.status})"

    @property
    def accepted(self) -> frozenset[str]:
        return frozenset(k for k, (status, _) in self.decisions.items() if status == "accepted")

    def worst(self) -> dict[str, Severity]:
        """Element id → the most severe finding on it that the user has not accepted (what gets coloured)."""
        out: dict[str, Severity] = {}
        for f in self.findings:
            if f.key in self.accepted:
                continue
            for e in f.elements:
                if e not in out or f.severity.rank > out[e].rank:
                    out[e] = f.severity
        return out

    def names(self) -> dict[str, str]:
        """Element id → what the user called it (:meth:`Sketch.names`)."""
        return self.sketch.names()


def latest_critiques(rows: Sequence[tuple[int, int, str, str, Any]]) -> list[Any]:
    """From the store's ``(id, version, mode, created_at, payload)`` rows, the newest payload of each mode.

    Asking for a fresh critique stores a new one beside the old; an export
    shows what the user sees now, not every superseded attempt.
    """
    newest: dict[str, tuple[int, Any]] = {}
    for cid, _, mode, _, payload in rows:
        if mode not in newest or cid > newest[mode][0]:
            newest[mode] = (cid, payload)
    return [payload for _, payload in sorted(newest.values(), key=lambda item: item[0])]


def subject_for(
    document: SketchDocument,
    *,
    version: int | None = None,
    saved_at: str | None = None,
    critiques: Sequence[CritiqueView] = (),
    decisions: Mapping[str, tuple[str, str]] | None = None,
    problem_statement: str = "",
) -> ExportSubject:
    """Analyse ``document`` once (the same pipeline as the app and the CLI) and bundle what exports need."""
    result = analyze_document(document)
    return ExportSubject(document, result.sketch, result.findings, version, saved_at, tuple(critiques),
                         dict(decisions or {}), problem_statement.strip(), result.numbers)


def scene_for(subject: ExportSubject, *, probes: bool = True) -> Scene:
    """The annotated picture: the user's layout, numbered badges, legend, and (optionally) the critic's questions."""
    counts: dict[str, int] = {}
    for f in subject.findings:
        counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    summary = ", ".join(f"{n} {sev}" for sev in ("high", "medium", "low", "info") if (n := counts.get(sev)))
    subtitle = subject.status.capitalize() + " · " + (
        f"{len(subject.findings)} finding{'s' if len(subject.findings) != 1 else ''} ({summary})"
        if subject.findings else "no findings from the rules"
    )
    questions = picture_probes(subject.critiques, subject.sketch.ids) if probes else []
    marks = subject.model.marks()
    return build_scene(subject.sketch, subject.findings, title=subject.title, subtitle=subtitle,
                       muted=subject.accepted, probes=questions, marks=marks)


def picture_probes(critiques: Sequence[CritiqueView], ids: frozenset[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The questions to draw: each critique's latest round, targets limited to elements on the sketch."""
    return [(p.question, tuple(t for t in p.targets if t in ids)) for c in critiques if c.rounds for p in c.rounds[-1].probes]
