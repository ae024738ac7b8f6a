"""PNG encoding of the 50-component picture: Pillow's encoder against ``design.picture.png.png_bytes``, zlib levels 1-9.

Pillow filters every row five ways and keeps the best (adaptive filtering);
``png_bytes`` writes RGB rows unfiltered. This prints time (the fastest of
``--repeat`` runs, since the machine is shared) and size for both at every
level, at the scene's size and at the export's ``PNG_SCALE``, and checks that
every encoding decodes to the drawn pixels. It chose ``EXPORT_COMPRESS_LEVEL``.

Run: ``.venv/bin/python benchmarks/png_encoding.py``.
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image  # noqa: E402
from synthetic import synthetic_canvas  # noqa: E402

from design.analysis.analyze import analyze_document  # noqa: E402
from design.exports.formats import PNG_SCALE  # noqa: E402
from design.model.document import SketchDocument  # noqa: E402
from design.picture.png import png_bytes, render  # noqa: E402
from design.picture.scene import build_scene  # noqa: E402


def fastest(fn: Callable[[], object], repeat: int) -> float:
    """Milliseconds of the fastest of ``repeat`` calls, garbage collector paused."""
    best = float("inf")
    for _ in range(repeat):
        gc.disable()
        try:
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        finally:
            gc.enable()
    return best * 1000


def pillow_png(img: Image.Image, level: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False, compress_level=level)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--components", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    document = SketchDocument(canvas=synthetic_canvas(args.components), title=f"Synthetic design, {args.components} components")
    result = analyze_document(document)
    scene = build_scene(result.sketch, result.findings, title=document.title)
    print("scale  level   Pillow ms  Pillow KiB   unfiltered ms  unfiltered KiB")
    for scale in (1.0, PNG_SCALE):
        img = render(scene, scale=scale)
        pixels = img.tobytes()
        for level in range(1, 10):
            ours, theirs = png_bytes(img, compress_level=level), pillow_png(img, level)
            for data in (ours, theirs):
                back = Image.open(io.BytesIO(data))
                if back.mode != "RGB" or back.tobytes() != pixels:
                    raise SystemExit(f"level {level}: the PNG does not decode to the drawn pixels")
            print(
                f"{scale:5.1f}  {level:5d}  {fastest(lambda i=img, k=level: pillow_png(i, k), args.repeat):10.1f}"
                f"  {len(theirs) / 1024:10.0f}"
                f"  {fastest(lambda i=img, k=level: png_bytes(i, compress_level=k), args.repeat):14.1f}"
                f"  {len(ours) / 1024:14.0f}",
                flush=True,
            )
    print(f"(picture: {img.size[0]:,} × {img.size[1]:,} px at scale {PNG_SCALE}; fastest of {args.repeat} runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
