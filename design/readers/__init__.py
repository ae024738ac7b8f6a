"""Files in: one module per format, and one dispatcher that picks the format by name or content.

>>> from design.readers import read_import
>>> imported = read_import("shop.mmd", "flowchart LR\\n  web[Web app] --> db[(Orders DB)]")
>>> imported.document.source, imported.notes
('mermaid', ())
"""

from design.readers.dispatch import IMPORT_EXTENSIONS, MAX_INPUT_BYTES, InputError, read_design, read_import
from design.readers.result import ExportMeta, Imported

__all__ = ["IMPORT_EXTENSIONS", "MAX_INPUT_BYTES", "ExportMeta", "Imported", "InputError", "read_design", "read_import"]
