"""Files out: one design (a saved version or a draft) as PNG, SVG, Markdown, JSON, Mermaid, Excalidraw or a bundle.

Each format has the same module name here as its reader in :mod:`design.readers`.

>>> from design.exports import export_bytes, subject_for
>>> from design.readers import read_design
>>> subject = subject_for(read_design("shop.mmd", "flowchart LR\\n  web[Web app] --> db[(Orders DB)]"))
>>> export_bytes(subject, "mermaid").decode().splitlines()[:4]
['---', 'title: "shop (unsaved draft)"', '---', 'flowchart LR']
"""

from design.exports.filenames import safe_filename
from design.exports.formats import FORMATS, bundle_bytes, export_bytes, export_name
from design.exports.subject import ExportSubject, latest_critiques, subject_for

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
