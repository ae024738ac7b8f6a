"""How many of the example and corpus files open whole on each canvas size (README, "Importing designs").

Run: ``.venv/bin/python scripts/fit_report.py``. Each file is opened as the app opens it
(:func:`design.readers.placed.place_import`: fitted at a readable size, the canvas grown across to twice its width
and down to three times its height, a Mermaid chart turned across when that fits better) and counted whole when no
component sits past the edge.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from design.readers.dispatch import InputError  # noqa: E402
from design.readers.placed import place_import  # noqa: E402

SIZES = {"Wide": (760, 500), "Compact": (600, 400), "Large": (1000, 650)}  # as ui/state.CANVAS_SIZES
FILES = sorted([*(ROOT / "examples").glob("*.json"), *(ROOT / "tests" / "mermaid").glob("*.mmd"),
                *(p for p in (ROOT / "tests" / "fidelity" / "corpus").iterdir() if not p.name.endswith(".key.json"))])


def main() -> None:
    for name, (width, height) in SIZES.items():
        opened = whole = turned = wider = 0
        spilled: list[str] = []
        for path in FILES:
            try:
                placed = place_import(path.name, path.read_bytes(), width, height, 2 * width, 3 * height)
            except InputError:
                continue  # refused files (a sequence diagram, a C4 chart) open nothing
            opened += 1
            turned += placed.across
            wider += placed.size[0] > width
            if placed.fitted.beyond:
                spilled.append(f"{path.name} ({len(placed.fitted.beyond)})")
            else:
                whole += 1
        print(f"{name} {width}x{height}: {whole} of {opened} open whole, {turned} turned across, {wider} on a canvas "
              "grown across")
        print("  past the edge: " + ", ".join(spilled))


if __name__ == "__main__":
    main()
