"""The grid index's batch readings give what its one-point readings give.

Recognition counts the candidates near every point before matching (the work budget) and then reads the lists it
counted instead of asking again (``cells_near_all``, ``joined``); arrows are filed with what the search reads of
them (``file``). These check the batch against ``near`` and ``count_near`` on random boxes: small and huge ones
(filed on coarser levels), NaN edges (checked on every query) and coordinates beyond the clamp.
"""

from __future__ import annotations

import math
import random

import pytest

from design.model.geometry import Box, GridIndex, Point, joined


def _boxes(rng: random.Random, n: int) -> list[tuple[int, Box]]:
    out = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.05:
            box = Box(math.nan, rng.uniform(0, 500), 50.0, 50.0)
        elif roll < 0.15:
            box = Box(rng.uniform(-2e9, 2e9), rng.uniform(-2e9, 2e9), rng.uniform(0, 1e9), 10.0)
        elif roll < 0.3:
            box = Box(rng.uniform(-100, 3000), rng.uniform(-100, 3000), rng.uniform(500, 9000), rng.uniform(0, 400))
        else:
            box = Box(rng.uniform(-100, 3000), rng.uniform(-100, 3000), rng.uniform(0, 160), rng.uniform(0, 90))
        out.append((i, box))
    return out


@pytest.mark.parametrize("seed", range(12))
def test_batch_readings_match_one_point_readings(seed):
    rng = random.Random(seed)
    items = _boxes(rng, rng.choice([0, 5, 60, 300]))
    index = GridIndex(items, rng.choice([0.0, 20.0, 30.0]))
    points = [Point(rng.uniform(-200, 3200), rng.uniform(-200, 3200)) for _ in range(200)]
    points += [Point(math.nan, 3.0), Point(3e9, -3e9), Point(0.0, 0.0)]
    count, cells = index.cells_near_all(points)
    assert count == sum(index.count_near(p) for p in points)
    assert [joined(c) for c in cells] == [index.near(p) for p in points]


def test_an_item_filed_under_a_box_is_found_as_the_box_would_be():
    box = Box(100.0, 100.0, 400.0, 30.0)
    as_box, as_payload = GridIndex([(0, box)], 30.0), GridIndex((), 30.0)
    as_payload.file((0, "the arrow"), box.left, box.top, box.width, box.height)
    for p in (Point(90.0, 95.0), Point(520.0, 140.0), Point(900.0, 900.0)):
        assert [i for i, _ in as_payload.near(p)] == [i for i, _ in as_box.near(p)]
        assert as_payload.count_near(p) == as_box.count_near(p)
    assert as_payload.near(Point(300.0, 110.0)) == [(0, "the arrow")]
