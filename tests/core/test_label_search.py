"""The arrow a free text labels is found among the arrows filed near it, and it is the one a search of every arrow finds.

Recognition files arrows in a grid and looks only at the ones filed where a text sits, skipping most of
them by their extent before measuring the distance to the segment. The narrowing must never change the
answer: these compare it with the plain definition (the nearest arrow within the tolerance, then the
first), over random arrows of every direction and length, zero-length ones included, and texts on, beside,
inside the extent of and far from them.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from design.canvas.recognize import FLOW_LABEL_TOLERANCE, LineIndex
from design.model.geometry import Point, segment_distance

COORD = st.integers(min_value=-300, max_value=1_500)
POINT = st.builds(Point, COORD, COORD)


def every_arrow(lines: list[tuple[Point, Point]], c: Point) -> int | None:
    """The definition: the nearest arrow within the tolerance, the first of equals; every arrow measured."""
    within = [(segment_distance(c, a, b), i) for i, (a, b) in enumerate(lines)]
    within = [x for x in within if x[0] <= FLOW_LABEL_TOLERANCE]
    return min(within)[1] if within else None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(POINT, POINT), max_size=40), st.lists(POINT, min_size=1, max_size=40))
def test_the_filed_search_finds_what_measuring_every_arrow_finds(lines, texts):
    index = LineIndex(lines)
    for c in texts:
        assert index.nearest(c) == every_arrow(lines, c)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(POINT, POINT), min_size=1, max_size=20), st.data())
def test_texts_beside_inside_and_at_the_tolerance_of_an_arrow(lines, data):
    """Texts placed where the skips decide: on an arrow, 29 to 31 px beside its ends, inside its extent."""
    index = LineIndex(lines)
    for a, b in lines:
        t = data.draw(st.floats(min_value=0.0, max_value=1.0))
        along = Point(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
        side = data.draw(st.sampled_from([0.0, 29.0, 30.0, 31.0, -30.0]))
        for c in (along, Point(along.x + side, along.y), Point(along.x, along.y + side),
                  Point(a.x + side, b.y), Point(b.x, a.y - side)):
            assert index.nearest(c) == every_arrow(lines, c)


def test_no_arrows():
    assert LineIndex([]).nearest(Point(0.0, 0.0)) is None
