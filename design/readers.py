"""Read a design from a file's text, whatever format it is in.

The shells hand over the file name and its text; this decides the format and
returns a :class:`~design.document.SketchDocument`. Anything unreadable raises
:class:`InputError` whose message starts with where the problem is
(``line 4: ...``, ``objects[3]: ...``), never a traceback.
"""

from __future__ import annotations

from pathlib import PurePath

from design.document import DocumentError, JSONTextError, SketchDocument, from_json, is_document, parse_json
from design.fabric import CanvasFormatError, restore
from design.labels import MAX_LABEL, clean_label

__all__ = ["MAX_INPUT_BYTES", "InputError", "read_design"]

#: The largest file we read: far above any hand-drawn design, far below a memory problem.
MAX_INPUT_BYTES = 10 * 1024 * 1024


class InputError(ValueError):
    """The input could not be read; the message says where and why."""


def read_design(name: str, data: bytes | str) -> SketchDocument:
    """Read canvas JSON or a saved document from ``data`` (the contents of file ``name``)."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"file is {len(data) // 1024} KiB; the limit is {MAX_INPUT_BYTES // 1024} KiB")
    title = _title(name)
    try:
        parsed = parse_json(data)
    except JSONTextError as exc:
        raise InputError(str(exc)) from None
    if is_document(parsed):
        try:
            return from_json(parsed)
        except DocumentError as exc:
            raise InputError(str(exc)) from None
    if isinstance(parsed, dict) and "objects" in parsed:
        try:
            restore(parsed)  # only to reject a non-canvas top level with a clear message
        except CanvasFormatError as exc:
            raise InputError(str(exc)) from None
        return SketchDocument(canvas=parsed, title=title, source="canvas")
    raise InputError(
        "not a design: expected canvas JSON ({\"version\", \"objects\"}) or a saved Sketchfirst document"
    )


def _title(name: str) -> str:
    stem = PurePath(name).name
    for suffix in (".canvas.json", ".json", ".excalidraw", ".mmd", ".mermaid", ".md"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    # A file name may be 255 characters; a saved document's title may not exceed MAX_LABEL.
    return clean_label(stem.replace("_", " ").replace("-", " "))[:MAX_LABEL].strip() or "Untitled design"
