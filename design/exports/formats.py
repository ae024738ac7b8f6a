"""The export formats by name: what the CLI's ``--to`` and the app's download buttons offer.

One table maps a format name to its file extension, MIME type and the pure
function that produces its bytes, so the terminal and the browser export the
same files under the same names. File names come from the design title
through :func:`design.exports.filenames.safe_filename`, with the version when saved.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from design.exports.excalidraw import excalidraw_text
from design.exports.filenames import safe_filename
from design.exports.json_export import json_text
from design.exports.markdown import markdown_report
from design.exports.mermaid import mermaid_text
from design.exports.subject import ExportSubject, scene_for
from design.picture.png import png_bytes, render
from design.picture.svg import svg_text

__all__ = ["FORMATS", "ExportFormat", "bundle_bytes", "export_bytes", "export_name"]

#: PNGs are drawn at twice the scene size, so they stay sharp when zoomed or shown on high-density screens.
PNG_SCALE = 2.0


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    extension: str
    mime: str
    title: str
    make: Callable[[ExportSubject, bool], bytes]


def _png(subject: ExportSubject, probes: bool) -> bytes:
    return png_bytes(render(scene_for(subject, probes=probes), scale=PNG_SCALE))


def _svg(subject: ExportSubject, probes: bool) -> bytes:
    return svg_text(scene_for(subject, probes=probes), description=subject.heading).encode()


def _md(subject: ExportSubject, probes: bool) -> bytes:
    return markdown_report(subject, image=export_name(subject, "png")).encode()


def _json(subject: ExportSubject, probes: bool) -> bytes:
    return json_text(subject).encode()


def _mermaid(subject: ExportSubject, probes: bool) -> bytes:
    return mermaid_text(subject).encode()


def _excalidraw(subject: ExportSubject, probes: bool) -> bytes:
    return excalidraw_text(subject).encode()


def bundle_bytes(subject: ExportSubject, probes: bool = True) -> bytes:
    """A zip of every other format for one version, in a folder named after it.

    Entries carry the save date (or 1980-01-01 for a draft) instead of the
    current time, so the same version always gives the same zip.
    """
    folder = export_name(subject, "")
    stamp = (1980, 1, 1, 0, 0, 0)
    try:
        day = date.fromisoformat(subject.date or "")
        if 1980 <= day.year <= 2107:
            stamp = (day.year, day.month, day.day, 0, 0, 0)
    except ValueError:
        pass  # a draft, or a date we cannot read: the zip epoch
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for fmt in FORMATS.values():
            if fmt.name == "bundle":
                continue
            info = zipfile.ZipInfo(f"{folder}/{export_name(subject, fmt.name)}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, fmt.make(subject, probes))
    return buf.getvalue()


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("png", "png", "image/png", "PNG image", _png),
        ExportFormat("svg", "svg", "image/svg+xml", "SVG image", _svg),
        ExportFormat("md", "md", "text/markdown", "Markdown report", _md),
        ExportFormat("json", "json", "application/json", "JSON", _json),
        ExportFormat("mermaid", "mmd", "text/vnd.mermaid", "Mermaid flowchart", _mermaid),
        ExportFormat("excalidraw", "excalidraw", "application/json", "Excalidraw scene", _excalidraw),
        ExportFormat("bundle", "zip", "application/zip", "Everything (zip)", bundle_bytes),
    )
}


def export_name(subject: ExportSubject, fmt: str) -> str:
    """The file name for ``subject`` in format ``fmt``: ``URL-shortener-v3.png``; no extension for ``""``."""
    stem = subject.title + (f" v{subject.version}" if subject.version is not None else "")
    return safe_filename(stem, FORMATS[fmt].extension if fmt else "")


def export_bytes(subject: ExportSubject, fmt: str, probes: bool = True) -> bytes:
    """The file contents of ``subject`` in format ``fmt`` (a key of :data:`FORMATS`)."""
    return FORMATS[fmt].make(subject, probes)
