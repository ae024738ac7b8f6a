"""The designs a user can open, split from those refused on import (sequence and C4 diagrams).

Tests that run on every opened design take :func:`split` instead of skipping at run time, and
check that the refused ones are exactly those whose answer key expects a refusal.
"""

from __future__ import annotations

import json
from pathlib import Path

from design.readers.dispatch import InputError, read_import


def split(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """(opened, refused): each path read as the app's import reads it."""
    opened, refused = [], []
    for path in paths:
        try:
            read_import(path.name, path.read_bytes())
        except InputError:
            refused.append(path)
        else:
            opened.append(path)
    return opened, refused


def expects_refusal(path: Path) -> bool:
    """Whether the corpus answer key beside ``path`` says the file must be refused."""
    key = path.with_name(path.name.split(".")[0] + ".key.json")
    return key.exists() and "refusal" in json.loads(key.read_text())
