"""Files out: one design (a saved version or a draft) as PNG, SVG, Markdown, JSON, Mermaid, Excalidraw or a bundle.

Each format has the same module name here as its reader in :mod:`design.readers`.

>>> from design.exports import export_bytes, subject_for
>>> from design.readers import read_design
>>> subject = subject_for(read_design("shop.mmd", "flowchart LR\\n  web[Web app] --> db[(Orders DB)]"))
>>> export_bytes(subject, "mermaid").decode().splitlines()[:4]
['---', 'title: "shop (unsaved draft)"', '---', 'flowchart LR']
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from design.exports.filenames import safe_filename
    from design.exports.formats import FORMATS, bundle_bytes, export_bytes, export_name
    from design.exports.subject import ExportSubject, latest_critiques, subject_for

#: Where each name is defined. Imported on first use (PEP 562): ``from design.exports.markdown import md_text``
#: runs this file, and the app's first screen needs only that, not the formats and the readers they pull in.
_HOME = {
    "safe_filename": "filenames", "FORMATS": "formats", "bundle_bytes": "formats", "export_bytes": "formats",
    "export_name": "formats", "ExportSubject": "subject", "latest_critiques": "subject", "subject_for": "subject",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"design.exports.{_HOME[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMATS",
    "ExportSubject",
    "bundle_bytes",
    "export_bytes",
    "export_name",
    "latest_critiques",
    "safe_filename",
    "subject_for",
]
