"""Read a design from a file's text, whatever format it is in.

The shells hand over the file name and its bytes; this decides the format (by
extension, else by content) and returns the design as an
:class:`~design.readers.result.Imported`: canvas JSON, a saved document, a JSON
export, a Mermaid flowchart (``.mmd``, ``.mermaid``, or Markdown with a
mermaid fence) or an Excalidraw scene. Anything unreadable raises
:class:`InputError` whose message starts with where the problem is
(``line 4: ...``, ``objects[3]: ...``), never a traceback.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from design.canvas.recognize import check_density
from design.canvas.restore import MAX_OBJECTS, CanvasFormatError, restore
from design.canvas.work import LayoutTooDense
from design.model.document import DocumentError, SketchDocument, from_json, is_document
from design.model.jsontext import JSONTextError, decode_text, parse_json
from design.model.labels import MAX_LABEL, clean_label
from design.readers.excalidraw import (
    ExcalidrawError,
    SceneTooLarge,
    SequenceDiagramError,
    is_excalidraw,
    read_excalidraw,
)
from design.readers.json_export import ExportFormatError, is_export, read_export
from design.readers.mermaid import MermaidError, read_mermaid
from design.readers.result import Imported

__all__ = ["IMPORT_EXTENSIONS", "MAX_INPUT_BYTES", "InputError", "read_design", "read_import"]

#: The largest file we read: far above any hand-drawn design, far below a memory problem.
MAX_INPUT_BYTES = 10 * 1024 * 1024
#: What the app's uploader accepts.
IMPORT_EXTENSIONS = ("json", "excalidraw", "mmd", "mermaid", "md", "markdown")

_MERMAID_START = re.compile(r"\A\s*(?:---\n.*?\n---\s*\n)?(?:\s*%%[^\n]*\n)*\s*(?:flowchart|graph|architecture-beta|C4\w+)\b", re.S)


_NOT_A_DESIGN = (
    "not a design: expected canvas JSON ({\"version\", \"objects\"}), a saved Sketchfirst document or export, "
    "an Excalidraw scene, or a Mermaid flowchart (.mmd, or Markdown with a mermaid block)"
)


class InputError(ValueError):
    """The input could not be read; the message says where and why."""


def read_design(name: str, data: bytes | str) -> SketchDocument:
    """Read any supported design file; the document only (see :func:`read_import` for notes and export facts)."""
    return read_import(name, data).document


def read_import(name: str, data: bytes | str, *, across: bool = False) -> Imported:
    """Read ``data`` (the contents of file ``name``) in whichever supported format it is.

    ``across``: a Mermaid chart is laid out across its direction (see :mod:`design.readers.placed`); a format that
    carries positions ignores it."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"file is {len(data) // 1024} KiB; the limit is {MAX_INPUT_BYTES // 1024} KiB")
    try:
        text = decode_text(data)
    except JSONTextError as exc:
        raise InputError(str(exc)) from None
    imported = _read(text, _title(name), PurePath(name).suffix.lower(), across)
    objects = imported.document.canvas.get("objects", [])
    if imported.document.source != "canvas" and len(objects) > MAX_OBJECTS:  # the canvas would cut it: refuse
        raise InputError(f"this design makes {len(objects):,} canvas objects; the limit is {MAX_OBJECTS:,} (split it)")
    try:  # what the canvas will recognise, bounded now: a pile of shapes is refused here, not analysed for minutes
        check_density(restore(imported.document.canvas))
    except (LayoutTooDense, CanvasFormatError) as exc:
        raise InputError(str(exc)) from None
    return imported


def _read(text: str, title: str, suffix: str, across: bool = False) -> Imported:
    try:
        if suffix in (".mmd", ".mermaid") or (suffix not in (".json", ".excalidraw", ".md", ".markdown")
                                              and _MERMAID_START.match(text)):
            return read_mermaid(text, title, across=across)
        if suffix in (".md", ".markdown") or (suffix != ".json" and not text.lstrip().startswith(("{", "["))
                                              and re.search(r"^ {0,3}(```|~~~)\s*\{?mermaid", text, re.M | re.I)):
            return read_mermaid(text, title, markdown=True, across=across)
    except MermaidError as exc:
        raise InputError(str(exc)) from None
    if suffix not in (".json", ".excalidraw") and not text.lstrip().startswith(("{", "[")):
        raise InputError(_NOT_A_DESIGN)
    return _read_json(text, title, suffix)


def _read_json(text: str, title: str, suffix: str) -> Imported:
    try:
        parsed = parse_json(text)
    except JSONTextError as exc:
        raise InputError(str(exc)) from None
    if is_excalidraw(parsed) or suffix == ".excalidraw":
        try:
            return read_excalidraw(parsed, title)
        except SceneTooLarge as exc:
            raise InputError(str(exc)) from None
        except ExcalidrawError as exc:
            raise InputError(f"not an Excalidraw scene: {exc}") from None
        except (LayoutTooDense, SequenceDiagramError) as exc:
            raise InputError(str(exc)) from None
    if is_export(parsed):
        try:
            return read_export(parsed)
        except ExportFormatError as exc:
            raise InputError(str(exc)) from None
    if is_document(parsed):
        try:
            return Imported(from_json(parsed))
        except DocumentError as exc:
            raise InputError(str(exc)) from None
    if isinstance(parsed, dict) and "objects" in parsed:
        try:
            restore(parsed)  # only to reject a non-canvas top level with a clear message
        except CanvasFormatError as exc:
            raise InputError(str(exc)) from None
        return Imported(SketchDocument(canvas=parsed, title=title, source="canvas"))
    raise InputError(_NOT_A_DESIGN)


def _title(name: str) -> str:
    stem = PurePath(name).name
    for suffix in (".canvas.json", ".json", ".excalidraw", ".mmd", ".mermaid", ".md"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    # A file name may be 255 characters; a saved document's title may not exceed MAX_LABEL.
    return clean_label(stem.replace("_", " ").replace("-", " "))[:MAX_LABEL].strip() or "Untitled design"
