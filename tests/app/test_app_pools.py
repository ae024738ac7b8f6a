"""The components panel on pools, notes and managed services (issue 12), through AppTest.

A pool drawn as numbered boxes says "pool of 3 (Web Server 1–3)" and can be
split back into its boxes (and joined again); a description line under a box's
name shows as its note; "managed service" is the user's to change. Every one of
these is a correction saved with the version.
"""

from __future__ import annotations

from design.store import open_store
from support.apptest import Keys, draw, opened, scoped, texts
from support.canvas_builder import canvas

ORDERS = "Orders DB\nstores every order"
POOL = canvas(
    {"Users": (20, 200), "Load Balancer": (200, 200), "Web Server 1": (400, 80), "Web Server 2": (400, 200),
     "Web Server 3": (400, 320), ORDERS: (600, 200)},
    [("Users", "Load Balancer"), *[("Load Balancer", f"Web Server {i}") for i in (1, 2, 3)],
     *[(f"Web Server {i}", ORDERS) for i in (1, 2, 3)]],
)


def test_a_pool_shows_its_boxes_and_splits_into_them_and_back_and_the_split_is_saved(tmp_path):
    at = draw(opened(), POOL)
    assert not at.exception
    body = texts(at)
    assert "Components (4)" in body
    assert "pool of 3 (Web Server 1–3)" in body
    assert "Note: stores every order" in body
    assert "Web Server 1 is a single instance" not in body

    gen = at.session_state[Keys.canvas_gen]
    at.button(key=scoped(Keys.split_pool, gen, "web-server")).click().run()
    assert not at.exception
    assert at.session_state[Keys.corrections] == {"web-server": {"split": True}}
    body = texts(at)
    assert "Components (6)" in body and "pool of 3" not in body
    assert "Web Server 1 is a single instance on the request path." in body
    assert "Pool web-server is read as separate boxes." in body

    at.button(key=Keys.save).click().run()
    (design,) = open_store(tmp_path / "sketchfirst.db").list_designs()
    saved = open_store(tmp_path / "sketchfirst.db").latest_version(design.id)
    assert saved.document.corrections["web-server"].split
    assert {"web-server-1", "web-server-2", "web-server-3"} <= {e for f in saved.findings for e in f.elements}

    # A reload reopens the version still split; joining reads the boxes as one pool again.
    again = opened({"design": str(design.id)})
    assert "Components (6)" in texts(again)
    again.button(key=scoped(Keys.join_pool, "web-server")).click().run()
    assert not again.exception
    assert again.session_state[Keys.corrections] == {}
    body = texts(again)
    assert "Components (4)" in body and "pool of 3 (Web Server 1–3)" in body and "Unsaved changes" in body


def test_marking_a_component_managed_is_a_correction_that_silences_its_single_point():
    at = draw(opened(), POOL)
    assert "Load Balancer is a single instance" in texts(at)
    gen = at.session_state[Keys.canvas_gen]
    box = at.checkbox(key=scoped(Keys.managed, gen, "load-balancer", 0))
    assert box.value is False and box.label == "managed service"
    box.check().run()
    assert not at.exception
    assert at.session_state[Keys.corrections] == {"load-balancer": {"managed": True}}
    assert "Load Balancer is a single instance" not in texts(at)
    # The checkbox now shows the corrected value, and unticking it brings the finding back.
    box = at.checkbox(key=scoped(Keys.managed, gen, "load-balancer", 1))
    assert box.value is True
    box.uncheck().run()
    assert at.session_state[Keys.corrections] == {"load-balancer": {"managed": False}}
    assert "Load Balancer is a single instance" in texts(at)
