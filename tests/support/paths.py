"""Where things are, for tests and the scripts that borrow their helpers: the repository, examples, golden files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
EXAMPLES = ROOT / "examples"
GOLDEN = TESTS / "golden"
#: Hand-written Mermaid fixtures and an Excalidraw scene from the real editor.
MERMAID_CORPUS = TESTS / "mermaid"
EXCALIDRAW_SCENE = TESTS / "excalidraw" / "checkout.excalidraw"


def check_golden(name: str, actual: str, update: bool) -> None:
    """Compare ``actual`` with ``tests/golden/name``; write ``.actual`` beside it on mismatch."""
    path = GOLDEN / name
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual)
        if not update:
            pytest.fail(f"golden file {name} did not exist; written now, check it in")
        return
    expected = path.read_text()
    actual_path = path.with_name(path.name + ".actual")
    if expected != actual:
        actual_path.write_text(actual)
        pytest.fail(f"{name} differs from the golden file; see {actual_path.name} (rerun with --update-golden)")
    elif actual_path.exists():
        actual_path.unlink()


def example_names() -> list[str]:
    index = json.loads((EXAMPLES / "index.json").read_text())
    return [e["file"] for e in index]


def load_example(file: str) -> dict:
    return json.loads((EXAMPLES / file).read_text())
