"""Box labels in the annotated sketch are never cut inside a word ("Clie").

The scene decides the lines PNG and SVG both draw (:func:`box_label`); the
test reads those lines, and the text elements of the SVG, not pixels.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from design.model.geometry import Box
from design.model.labels import ellipsize, wrap_words
from design.model.sketch import Component, Kind, Sketch
from design.picture.png import render
from design.picture.scene import LABEL_MIN_FONT, SceneBox, box_label, build_scene, note_line
from design.picture.svg import svg_text

LONG = "Regional order fulfilment coordination service for retailers"  # 60 characters
LABELS = ["Client application", "Notification Service Workers", LONG, "通知服务工作者集群", "Client"]
#: Sizes people draw, and the ones a uniform shrink to half made (55×28 cut "Client application" to "Clie").
SIZES = [(55, 28), (80, 44), (110, 56), (140, 60), (220, 90), (60, 120)]


def _scene_box(label: str, w: float, h: float) -> SceneBox:
    return SceneBox("c", label, "service", Box(40, 40, w, h), "#fff", "#000", 1.5)


def _pieces(label: str) -> set[str]:
    """What may stand alone on a line: a word, or one wide (CJK) character."""
    return {p for word in label.split() for p in ([word] if word.isascii() else list(word))}


def _check_lines(label: str, lines: tuple[str, ...], whole: bool) -> None:
    if not whole:
        assert lines[-1].endswith("…") and lines[-1] != "…", lines
        lines = (*lines[:-1], lines[-1].removesuffix("…"))
    drawn = [p for line in lines for p in wrap_words(line, 1)]  # back into words (and single CJK characters)
    pieces = _pieces(label)
    assert all(p in pieces for p in drawn), f"{label!r} drawn as {lines}: a piece is cut inside a word"
    flat = "".join(label.split())
    assert flat.startswith("".join(drawn)), (label, lines)  # in order, nothing skipped
    if whole:
        assert "".join(drawn) == flat, (label, lines)


@pytest.mark.parametrize("w,h", SIZES)
@pytest.mark.parametrize("label", LABELS)
def test_box_label_is_whole_words(label: str, w: float, h: float):
    fitted = box_label(_scene_box(label, w, h))
    assert LABEL_MIN_FONT <= fitted.size <= 14
    _check_lines(label, fitted.lines, fitted.whole)


def test_a_box_of_readable_size_shows_its_label_whole():
    for label in LABELS[:2] + LABELS[3:]:
        assert box_label(_scene_box(label, 140, 60)).whole, label
    assert box_label(_scene_box(LONG, 220, 90)).whole


def test_a_small_box_shrinks_the_font_before_it_ends_in_an_ellipsis():
    small = box_label(_scene_box("Client application", 55, 28))
    assert small.lines != ("Clie",) and small.size < 14
    assert "Clie" not in small.lines


def test_svg_draws_the_same_whole_words_and_keeps_the_full_label_as_tooltip():
    comps = tuple(
        Component(f"c{i}", label, Kind.SERVICE, 1, Box(40 + 160 * i, 40, w, h))
        for i, (label, (w, h)) in enumerate(zip(LABELS, [(55, 28), (80, 44), (110, 56), (60, 120), (140, 60)],
                                                strict=True)))
    scene = build_scene(Sketch(comps, ()), [])
    svg = svg_text(scene)
    texts = [unescape(t) for t in re.findall(r'<text [^>]*font-size="\d+" fill="#1d2733" text-anchor="middle">([^<]*)',
                                              svg)]
    for b in scene.boxes:
        fitted = box_label(b)
        _check_lines(b.label, fitted.lines, fitted.whole)
        for line in fitted.lines:
            assert line in texts, f"{line!r} of {b.label!r} not drawn in the SVG"
        if not fitted.whole:
            assert f"<title>{b.label}</title>" in svg
    render(scene)  # PNG draws the scene's lines too (and must not fail on a shrunk font)


def test_notes_and_arrow_labels_are_cut_after_whole_words():
    assert ellipsize("writes every order event to the ledger topic", 20) == "writes every order…"
    b = SceneBox("c", "API", "service", Box(0, 0, 120, 90), "#fff", "#000", 1.5,
                 note="Notification fan-out for every subscriber of the topic")
    note = note_line(b)
    assert note.endswith("…") and note[:-1].split()[-1] in b.note.split()
