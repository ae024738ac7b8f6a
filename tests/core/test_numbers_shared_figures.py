"""Components of one kind and instance count share the table's figures, yet each keeps its own record.

The model works out the first such component's figures and lets the rest refer to them until something reads
them (``design.analysis.numbers._Hops``): these tests read the records in different orders, correct one of two
equal components, and pickle a model whose records were never read, and check that nothing leaks between them.
Figures from the packaged table: service p50/p99 10/50 ms, 99.5% a node, $140 a month; database 5/50 ms, 99.5%,
$260.
"""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from design.analysis.analyze import analyze_document, analyze_with_numbers
from design.analysis.context import Context
from design.analysis.graph import to_graph
from design.analysis.traffic import sizings
from design.canvas.emit import to_canvas
from design.model.corrections import Correction
from design.model.document import SketchDocument
from design.model.geometry import Box
from design.model.sketch import Group
from support.sketch_dsl import design

LINES = (
    "Users -> Feed service", "Users -> Posts service", "Users -> Likes service x2",
    "Feed service -> Posts DB", "Posts service -> Posts DB", "Likes service x2 -> Likes DB",
)


def numbers(*lines: str, **fixes: Correction):
    result = analyze_document(SketchDocument(canvas=to_canvas(design(*lines)), corrections=fixes))
    assert result.numbers is not None
    return result.numbers


def test_equal_components_get_equal_figures_under_their_own_id_and_name_in_any_order_read():
    result = analyze_document(SketchDocument(canvas=to_canvas(design(*LINES))))
    forward, backward = result.numbers, numbers(*LINES)
    assert forward is not None
    ids = list(forward.hops)
    assert ids == [c.id for c in result.sketch.components]  # in the sketch's order
    assert sorted(ids) == ["feed-service", "likes-db", "likes-service", "posts-db", "posts-service", "users"]
    first = {i: forward.hops[i] for i in ids}
    last = {i: backward.hops[i] for i in reversed(ids)}
    assert first == last
    feed, posts = first["feed-service"], first["posts-service"]
    assert (feed.id, feed.name, posts.id, posts.name) == ("feed-service", "Feed service", "posts-service",
                                                          "Posts service")
    # One instance each: 10/50 ms, 99.5%, $140.
    for hop in (feed, posts):
        assert (hop.instances, hop.p50_ms, hop.p99_ms, hop.availability, hop.monthly_usd) == (1, 10, 50, 0.995, 140)
    # Two instances are another figure, not the single service's: 1 − 0.005² = 99.9975%, 2 × $140.
    likes = first["likes-service"]
    assert likes.instances == 2 and likes.availability == pytest.approx(0.999975) and likes.monthly_usd == 280
    assert forward.hops["feed-service"] is forward.hops["feed-service"]  # built once, then kept
    # The cost lists every priced component under its own id: 140 + 140 + 280 + 260 + 260 = 1,080.
    assert sorted(i for i, _, _ in forward.cost.lines) == ["feed-service", "likes-db", "likes-service", "posts-db",
                                                           "posts-service"]
    assert forward.cost.monthly_usd == 1080
    for part in ("Feed service: $140", "Posts service: $140", "Likes service x2: 2 × $140 = $280", "Posts DB: $260",
                 "total $1,080 a month"):
        assert part in forward.cost.working


def test_a_figure_the_user_sets_on_one_of_two_equal_components_stays_on_that_one():
    # The first of the two carries the user's figures: the second must still get the table's.
    first_fixed = numbers(*LINES, **{"feed-service": Correction(p99_ms=300, monthly_usd=90)})
    assert (first_fixed.hops["feed-service"].p99_ms, first_fixed.hops["feed-service"].monthly_usd) == (300, 90)
    assert first_fixed.hops["feed-service"].yours == ("latency", "cost")
    assert (first_fixed.hops["posts-service"].p99_ms, first_fixed.hops["posts-service"].monthly_usd) == (50, 140)
    assert first_fixed.hops["posts-service"].own == ""
    # The second of the two carries them: the first keeps the table's.
    second_fixed = numbers(*LINES, **{"posts-service": Correction(availability=0.9)})
    assert second_fixed.hops["posts-service"].availability == 0.9
    assert second_fixed.hops["feed-service"].availability == 0.995
    # The slowest path follows the corrected hop: Users 0 + Feed service 300 + Posts DB 50 = 350 ms at p99.
    assert first_fixed.slowest is not None and first_fixed.slowest.nodes == ("users", "feed-service", "posts-db")
    assert first_fixed.slowest.p99_ms == 350


@pytest.mark.parametrize("inside, outside", [("posts-service", "feed-service"), ("feed-service", "posts-service")])
def test_a_zone_drawn_around_one_of_two_equal_components_is_that_ones_alone(inside: str, outside: str):
    # Either of the two may be the one whose figures the other shares: the zone stays with the one inside it.
    sketch = design(*LINES)
    zoned = dataclasses.replace(sketch, groups=(Group("a", "us-east-1a", (inside,), Box(0, 0, 400, 300),
                                                      zone="us-east-1a", domain="zone"),))
    _, model = analyze_with_numbers(zoned)
    assert model.hops[outside].domain is None
    assert model.hops[inside].domain == ("a", "zone us-east-1a", 0.9995)


def test_a_model_pickles_whole_with_records_never_read():
    # The app keeps analyses by pickling them; an unread record must come back as the one the model would build.
    model = numbers(*LINES)
    again = pickle.loads(pickle.dumps(model))
    assert again.to_json() == numbers(*LINES).to_json()
    assert "likes-db" in again.hops and len(again.hops) == 6
    with pytest.raises(KeyError):
        again.hops["nothing-drawn"]


def test_components_of_one_kind_and_count_share_a_sizing_and_one_that_shards_writes_does_not():
    sketch = design("Users -> API", "API -> Orders DB: write", "API -> Users DB: write",
                    "API -> Events DB (sharded): write")
    sizes = sizings(Context(sketch, to_graph(sketch)))
    assert sizes["orders-db"] is sizes["users-db"]  # one record for equal figures
    sharded = next(i for i in sizes if i.startswith("events-db"))
    assert sizes[sharded] == sizes["orders-db"]  # one instance: every write lands on it either way
    replicated = design("Users -> API", "API -> Orders DB x3: write", "API -> Events DB (sharded) x3: write")
    sizes = sizings(Context(replicated, to_graph(replicated)))
    orders = next(i for i in sizes if i.startswith("orders-db"))
    events = next(i for i in sizes if i.startswith("events-db"))
    # Three instances each: the plain database writes to its one primary, the sharded one to all three.
    assert (sizes[orders].instances, sizes[orders].write_nodes) == (3, 1)
    assert (sizes[events].instances, sizes[events].write_nodes) == (3, 3)
