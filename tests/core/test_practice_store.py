"""Practice rounds and pairings on both backends: they survive a reopen, the log is right."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from critique.payload import round_count
from design.analysis.analyze import analyze_document
from design.model.document import SketchDocument
from design.practice.pairing import Pairing, make_pairing, roles_at
from design.practice.timer import session_status
from design.store import MIGRATIONS, Store, StoreError
from support.canvas_builder import box, drawing, line

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(store):
    return store


def save(db: Store, design_id: int, *objects, driver=None):
    doc = SketchDocument(canvas=drawing(*objects), title="Shortener")
    return db.save_version(design_id, doc, analyze_document(doc).findings, driver=driver)


def test_a_round_survives_reopening_the_database(backend):
    first = backend.open()
    d = first.create_design("URL shortener", "url-shortener")
    started = first.start_practice(d, time_box=timedelta(minutes=30), started_at=T0, problem="url-shortener",
                                   prompt="Design a URL shortener")
    again = backend.open().open_practice(d)
    assert again == started
    assert again.time_box == timedelta(minutes=30) and again.started_at == T0
    # The phase comes from the stored start, so a reload shows the same countdown.
    now = T0 + timedelta(minutes=12)
    assert session_status(again.started_at, again.time_box, now) == session_status(T0, timedelta(minutes=30), now)


def test_finishing_logs_the_saved_state_and_the_critiques_of_the_round(db):
    d = db.create_design("Shortener")
    save(db, d, box("Web app", 40, 40))
    v = save(db, d, box("Web app", 40, 40), box("Postgres", 400, 40), line(120, 80, 460, 80))
    db.save_critique(d, 1, "stress", {"probes": []})  # before the round: not counted
    round_ = db.start_practice(d, time_box=timedelta(minutes=45), started_at=T0)
    db.save_critique(d, 2, "stress", {"probes": []})
    db.save_critique(d, 2, "followups", {"probes": []})
    done = db.finish_practice(round_.id, T0 + timedelta(minutes=38, seconds=20), round_count)
    assert not done.active
    assert done.final_version == v.number == 2
    assert done.findings_at_end == dict(v.counts)
    assert done.critique_rounds == 2
    assert done.time_used(T0 + timedelta(hours=5)) == timedelta(minutes=38, seconds=20)
    assert db.open_practice(d) is None
    with pytest.raises(StoreError, match="already finished"):
        db.finish_practice(round_.id, T0, round_count)


def test_a_round_with_nothing_saved_still_logs(db):
    d = db.create_design("Empty")
    r = db.start_practice(d, time_box=timedelta(minutes=10), started_at=T0)
    done = db.finish_practice(r.id, T0 + timedelta(minutes=3), round_count)
    assert done.final_version is None and done.findings_at_end == {} and done.critique_rounds == 0


def test_one_open_round_per_design(db):
    d = db.create_design("X")
    db.start_practice(d, time_box=timedelta(minutes=45), started_at=T0)
    with pytest.raises(StoreError, match="already has a practice round"):
        db.start_practice(d, time_box=timedelta(minutes=45), started_at=T0)


def test_bad_rounds_are_refused(db):
    with pytest.raises(StoreError, match="does not exist"):
        db.start_practice(99, time_box=timedelta(minutes=45), started_at=T0)
    d = db.create_design("X")
    with pytest.raises(StoreError, match="positive"):
        db.start_practice(d, time_box=timedelta(0), started_at=T0)
    with pytest.raises(StoreError, match="timezone"):
        db.start_practice(d, time_box=timedelta(minutes=5), started_at=datetime(2026, 3, 1, 9, 0))


def test_the_log_spans_designs_newest_first(db):
    a, b = db.create_design("Pastebin"), db.create_design("Chat")
    ra = db.start_practice(a, time_box=timedelta(minutes=45), started_at=T0, problem="pastebin")
    db.finish_practice(ra.id, T0 + timedelta(minutes=40), round_count)
    db.start_practice(b, time_box=timedelta(minutes=20), started_at=T0 + timedelta(days=1), prompt="My own chat")
    log = db.practice_log()
    assert [(r.design_title, r.active) for r in log] == [("Chat", True), ("Pastebin", False)]
    assert log[0].prompt == "My own chat" and log[1].problem == "pastebin"


def test_times_are_stored_in_utc(db):
    d = db.create_design("X")
    local = datetime(2026, 3, 1, 11, 0, tzinfo=timezone(timedelta(hours=2)))
    r = db.start_practice(d, time_box=timedelta(minutes=45), started_at=local)
    assert r.started_at == T0 and r.started_at.utcoffset() == timedelta(0)


def test_pairing_round_trip_restart_and_end(backend):
    db = backend.open()
    d = db.create_design("X")
    assert db.pairing(d) is None
    db.set_pairing(d, make_pairing("Ada", "Lin", T0, timedelta(minutes=7)))
    stored = backend.open().pairing(d)
    assert stored == Pairing("Ada", "Lin", T0, timedelta(minutes=7))
    assert roles_at(stored, T0 + timedelta(minutes=8)).driver == "Lin"
    db.set_pairing(d, make_pairing("Lin", "Ada", T0 + timedelta(hours=1)))
    assert db.pairing(d).first == "Lin"
    db.end_pairing(d)
    assert db.pairing(d) is None
    with pytest.raises(StoreError):
        db.set_pairing(42, make_pairing("Ada", "Lin", T0))


def test_the_driver_is_recorded_with_each_version(db):
    d = db.create_design("X")
    save(db, d, box("Web app", 40, 40), driver="Ada")
    save(db, d, box("Web app", 40, 40), box("API", 300, 40), driver="Lin")
    assert [v.driver for v in db.list_versions(d)] == ["Ada", "Lin"]


def test_an_old_database_is_upgraded_in_place(backend):
    """A database written before the practice migration keeps its data and gains the new tables."""
    backend.at_schema(1)
    with backend.raw() as raw:
        raw.execute("INSERT INTO designs (title, created_at, updated_at) VALUES ('Old', 'x', 'x')")
    db = backend.open()
    assert (db.migrated_from, db.schema_version) == (1, len(MIGRATIONS))
    assert [d.title for d in db.list_designs()] == ["Old"]
    r = db.start_practice(1, time_box=timedelta(minutes=45), started_at=T0)
    assert db.open_practice(1) == r
    with backend.raw() as raw:
        query = "PRAGMA user_version" if backend.name == "sqlite" else "SELECT MAX(version) FROM sketchfirst_schema"
        assert raw.execute(query).fetchone()[0] == len(MIGRATIONS)


def test_a_database_from_a_newer_release_is_refused(backend):
    backend.open()
    with backend.raw() as raw:
        if backend.name == "sqlite":
            raw.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
        else:
            raw.execute("INSERT INTO sketchfirst_schema VALUES (%s, 'from the future', 'x')", (len(MIGRATIONS) + 1,))
    with pytest.raises(StoreError, match=f"newer Sketchfirst \\(schema {len(MIGRATIONS) + 1}\\)"):
        backend.open()


def test_retitle_a_design_before_its_first_version(db):
    d = db.create_design("Untitled design")
    db.retitle_design(d, "URL shortener", "url-shortener")
    info = db.get_design(d)
    assert (info.title, info.problem) == ("URL shortener", "url-shortener")
    with pytest.raises(StoreError, match="does not exist"):
        db.retitle_design(99, "x", None)
