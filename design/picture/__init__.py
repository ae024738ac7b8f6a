"""The annotated sketch: one :class:`Scene` (boxes, arrows, badges in pixels) drawn as PNG or SVG.

>>> from design.analysis import analyze_document
>>> from design.picture import build_scene
>>> from design.readers import read_design
>>> result = analyze_document(read_design("shop.mmd", "flowchart LR\\n  web[Web app] --> db[(Orders DB)]"))
>>> [b.text for b in build_scene(result.sketch, result.findings).badges]
['1', '2']
"""

from design.picture.png import png_bytes, render, screen_png
from design.picture.scene import SEVERITY_COLOR, Scene, build_scene
from design.picture.svg import svg_text

__all__ = ["SEVERITY_COLOR", "Scene", "build_scene", "png_bytes", "render", "screen_png", "svg_text"]
