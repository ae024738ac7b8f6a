"""``png_bytes`` writes its own unfiltered PNG for RGB pictures: it must be a valid PNG with every pixel intact."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw

from design.picture.png import EXPORT_COMPRESS_LEVEL, png_bytes


def _picture(width: int, height: int) -> Image.Image:
    """Flat fills, antialiased text, lines and some noise: every kind of pixel run a scene has."""
    img = Image.new("RGB", (width, height), "#ffffff")
    draw = ImageDraw.Draw(img)
    draw.rectangle((3, 3, width // 2, height // 2), fill="#d64545", outline="#1b1f24", width=2)
    draw.line((0, height - 1, width - 1, 0), fill="#2f6fd6", width=3)
    draw.text((5, 5), "Orders API x3 → Postgres", fill="#1b1f24")
    rng = random.Random(7)
    for _ in range(200):
        img.putpixel((rng.randrange(width), rng.randrange(height)), tuple(rng.randrange(256) for _ in range(3)))
    return img


@pytest.mark.parametrize("level", [0, 1, EXPORT_COMPRESS_LEVEL, 6, 9])
@pytest.mark.parametrize("size", [(1, 1), (1, 40), (37, 1), (211, 97)])
def test_rgb_round_trips_pixel_for_pixel(size: tuple[int, int], level: int) -> None:
    img = _picture(*size) if min(size) > 4 else Image.new("RGB", size, (12, 200, 77))
    data = png_bytes(img, compress_level=level)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    back = Image.open(io.BytesIO(data))
    back.load()  # Pillow checks every chunk's CRC while reading
    assert back.format == "PNG" and back.mode == "RGB" and back.size == img.size
    assert back.tobytes() == img.tobytes()


def test_a_higher_level_is_not_larger_on_a_drawing() -> None:
    img = _picture(400, 300)
    assert len(png_bytes(img, compress_level=9)) <= len(png_bytes(img, compress_level=1))


@pytest.mark.parametrize("mode", ["RGBA", "L", "P"])
def test_other_modes_go_through_pillow_unchanged(mode: str) -> None:
    img = _picture(60, 40).convert(mode)
    back = Image.open(io.BytesIO(png_bytes(img)))
    assert back.mode == mode and back.tobytes() == img.tobytes()
