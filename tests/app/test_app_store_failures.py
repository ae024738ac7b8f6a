"""Issue 14.6 and 14.7 in the app: a damaged database or a full disk is a one-line message, never a traceback.

The database file is a real one with a page overwritten in its middle (the versions of one design are
unreadable; the design list is not), or a real one on a small tmpfs that is full.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from design.store import open_store
from support.apptest import Keys, draw, fresh, load_example, opened, scoped
from support.failures import build_healthy, damage, fill, tmpfs
from support.paths import load_example as example_canvas


def errors(at: AppTest) -> list[str]:
    """The error boxes' text, with the Markdown escapes the page adds to quoted text removed."""
    return [e.value.replace("\\", "") for e in at.error]


@pytest.fixture(scope="module")
def healthy(tmp_path_factory):
    return build_healthy(tmp_path_factory.mktemp("damage") / "healthy.db")


@pytest.mark.parametrize("link", [None, "design", "follow"])
def test_a_damaged_database_shows_what_is_readable_and_one_line_of_why(healthy, tmp_path, monkeypatch, link):
    bad = damage(healthy, tmp_path, 0)
    monkeypatch.setenv("SKETCHFIRST_DB", str(bad))
    query = {"design": str(healthy.design)} if link else {}
    if link == "follow":
        query["follow"] = "1"
    at = fresh(query).run()
    assert not at.exception, [e.value for e in at.exception]
    damaged = [e for e in errors(at) if "is damaged" in e]
    assert all(".recover" in e and "\n" not in e for e in damaged)
    if link == "follow":  # the newest version lies outside the damage: the follower sees it
        assert any("v40" in m.value for m in at.markdown) or damaged
        return
    assert damaged
    if link is None:  # the page is still there: the design list, the canvas's toolbar, the save bar
        assert at.sidebar.selectbox(key=Keys.pick_design).options
        assert at.button(key=Keys.save)


@pytest.fixture
def full_disk(tmp_path):
    with tmpfs(tmp_path / "disk") as mount:
        if isinstance(mount, str):
            pytest.skip(mount)
        yield mount


def test_save_on_a_full_disk_says_not_saved_and_keeps_the_drawing(full_disk, monkeypatch):
    db = full_disk / "sketchfirst.db"
    monkeypatch.setenv("SKETCHFIRST_DB", str(db))
    at = load_example(opened(), "News feed")
    at.button(key=Keys.save).click().run()
    assert [s.value for s in at.success] == ["Saved as version 1."], (errors(at), [s.value for s in at.success])
    filler = fill(full_disk)

    gen = at.session_state[Keys.canvas_gen]
    draw(at, example_canvas("chat.canvas.json"))  # the draft autosave fails quietly: a draft is a convenience
    assert not at.exception, [e.value for e in at.exception]
    at.button(key=Keys.save).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(e.startswith("Not saved: ") and "the disk is full" in e for e in errors(at)), errors(at)
    assert at.session_state[scoped(Keys.canvas, gen)]["drawing"]["raw"] == example_canvas("chat.canvas.json")

    filler.unlink()
    with open_store(db) as store:
        (design,) = store.list_designs()
        assert store.latest_number(design.id) == 1 and store.integrity_ok()
