"""What every importer hands back: a document the canvas can open, plus what it noticed.

An import (Mermaid, Excalidraw, a JSON export) becomes an ordinary
:class:`~design.model.document.SketchDocument` whose canvas holds the design as
canvas JSON, so it is analysed, edited and saved exactly like a drawn one.
Kinds the file states but the labels do not (a Mermaid cylinder, a
``kind_cache`` class) travel as kind corrections, because corrections are
what survive editing on the canvas. Notes say what was skipped, with the line
or element it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from design.canvas.emit import to_canvas
from design.model.corrections import Correction
from design.model.document import SketchDocument
from design.model.kinds import infer_kind
from design.model.labels import MAX_LABEL, clean_label, clean_lines
from design.model.sketch import Kind, Note, Sketch

__all__ = ["ExportMeta", "Imported", "clip_label", "document_from_sketch"]


@dataclass(frozen=True, slots=True)
class ExportMeta:
    """Which saved version an export came from: design title, version number, save date."""

    version: int | None = None
    saved_at: str | None = None


@dataclass(frozen=True)
class Imported:
    """A read design: the document, the notes the reader made, and (for our own JSON) the rest of the export."""

    document: SketchDocument
    notes: tuple[Note, ...] = ()
    meta: ExportMeta = field(default_factory=ExportMeta)
    critiques: tuple[Mapping[str, Any], ...] = ()
    decisions: Mapping[str, tuple[str, str]] = field(default_factory=dict)


def clip_label(text: str, path: str, notes: list[Note]) -> str:
    """Clean a label (its line breaks kept) and cut it at :data:`~design.model.labels.MAX_LABEL`, as canvas
    restore does (with a note)."""
    out = clean_lines(text)
    if len(out) > MAX_LABEL:
        notes.append(Note(path, f"label cut to {MAX_LABEL} characters (it had {len(out)})"))
        out = out[: MAX_LABEL - 1].rstrip() + "…"  # MAX_LABEL in all, so reading it again cuts nothing
    return out


def document_from_sketch(
    sketch: Sketch,
    title: str,
    source: str,
    kinds: Mapping[str, Kind] | None = None,
) -> SketchDocument:
    """A document whose canvas draws ``sketch``; ``kinds`` are stated kinds by component id.

    A stated kind becomes a correction only where the label alone would read
    something else, so an import does not mark every guess as confirmed.
    """
    corrections: dict[str, Correction] = {}
    for c in sketch.components:
        stated = (kinds or {}).get(c.id)
        if stated is None and c.kind_source == "shape":
            stated = c.kind
        if stated is not None and infer_kind(c.label)[0] is not stated:
            corrections[c.id] = Correction(kind=stated)
    return SketchDocument(
        canvas=to_canvas(sketch),
        title=clean_label(title)[:MAX_LABEL] or "Untitled design",
        corrections=corrections,
        source=source,
    )

