"""SQLite storage: numbered immutable versions that survive a restart, and what hangs off them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from design.analysis.analyze import analyze_document
from design.model.document import SketchDocument
from design.store.sqlite import Store, StoreError, default_db_path
from support.paths import load_example


def document(example="chat.canvas.json", title="Chat"):
    return SketchDocument(canvas=load_example(example), title=title)


def save(store, design_id, doc, **kw):
    return store.save_version(design_id, doc, analyze_document(doc).findings, **kw)


def test_versions_are_numbered_and_survive_reopening(tmp_path):
    path = tmp_path / "s.db"
    store = Store(path)
    d = store.create_design("Chat", "chat")
    v1 = save(store, d, document())
    v2 = save(store, d, document(title="Chat v2"), driver="Ada")
    assert (v1.number, v2.number) == (1, 2)

    reopened = Store(path)  # a restart
    assert [v.number for v in reopened.list_versions(d)] == [1, 2]
    latest = reopened.latest_version(d)
    assert latest.number == 2 and latest.document.title == "Chat v2" and latest.info.driver == "Ada"
    assert latest.findings == analyze_document(document()).findings
    assert reopened.list_designs()[0].title == "Chat v2" and reopened.list_designs()[0].versions == 2
    assert reopened.integrity_ok()


def test_saved_versions_cannot_be_changed_or_deleted(tmp_path):
    store = Store(tmp_path / "s.db")
    d = store.create_design("x")
    save(store, d, document())
    db = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        db.execute("UPDATE versions SET document = '{}'")
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        db.execute("DELETE FROM versions")


def test_numbers_are_per_design(tmp_path):
    store = Store(tmp_path / "s.db")
    a, b = store.create_design("a"), store.create_design("b")
    save(store, a, document())
    assert save(store, b, document()).number == 1 and save(store, a, document()).number == 2


def test_unknown_design_and_version_give_clear_errors(tmp_path):
    store = Store(tmp_path / "s.db")
    with pytest.raises(StoreError, match="design 7 does not exist"):
        save(store, 7, document())
    d = store.create_design("x")
    with pytest.raises(StoreError, match="no version 3"):
        store.load_version(d, 3)
    assert store.latest_version(d) is None and store.latest_number(d) is None


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the database"):
        Store(bad)


def test_critiques_decisions_and_drafts_hang_off_versions(tmp_path):
    store = Store(tmp_path / "s.db")
    d = store.create_design("x")
    save(store, d, document())
    cid = store.save_critique(d, 1, "stress", {"probes": [], "critic": "offline"})
    store.update_critique(cid, {"probes": [], "critic": "offline", "answers": {"0": "yes"}})
    assert store.find_critique(d, 1, "stress") == (cid, {"probes": [], "critic": "offline", "answers": {"0": "yes"}})
    assert store.find_critique(d, 1, "harder") is None
    with pytest.raises(sqlite3.IntegrityError):
        store.save_critique(d, 9, "stress", {})  # no such version

    store.set_decision(d, 1, "SPOF001:db", "accepted", "managed service")
    store.set_decision(d, 1, "SPOF001:db", "disputed", "it has a standby")
    assert store.decisions(d, 1) == {"SPOF001:db": ("disputed", "it has a standby")}
    store.set_decision(d, 1, "SPOF001:db", None)
    assert store.decisions(d, 1) == {}

    store.save_draft(d, document(title="draft"), driver="Bo")
    updated, draft, driver = store.load_draft(d)
    assert draft.title == "draft" and driver == "Bo"
    store.delete_draft(d)
    assert store.load_draft(d) is None and store.latest_version(d) is not None  # the versions stay
    store.delete_draft(d)  # nothing to delete is no error


def test_default_path_prefers_the_environment_then_a_per_user_directory():
    home = Path("/home/u")
    assert default_db_path({"SKETCHFIRST_DB": "/tmp/x.db"}, home) == Path("/tmp/x.db")
    assert default_db_path({}, home, "linux") == home / ".local/share/sketchfirst/sketchfirst.db"
    assert default_db_path({"XDG_DATA_HOME": "/data"}, home, "linux") == Path("/data/sketchfirst/sketchfirst.db")
    assert default_db_path({}, home, "darwin") == home / "Library/Application Support/sketchfirst/sketchfirst.db"
    assert default_db_path({"APPDATA": "C:/AppData"}, home, "win32") == Path("C:/AppData/sketchfirst/sketchfirst.db")
