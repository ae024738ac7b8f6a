"""The store on both backends: numbered immutable versions that survive a restart, and what hangs off them."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from design.analysis.analyze import analyze_document
from design.model.document import SketchDocument, dumps
from design.store import (
    CritiqueRow,
    Decision,
    Draft,
    StoredCritique,
    StoreError,
    database_url,
    default_db_path,
    open_store,
    parse_id,
    sqlite_path,
)
from design.store.migrations import TABLES
from design.store.postgres import redact_url
from design.store.sqlite import SqliteStore
from support.paths import load_example


def document(example="chat.canvas.json", title="Chat"):
    return SketchDocument(canvas=load_example(example), title=title)


def save(store, design_id, doc, **kw):
    return store.save_version(design_id, doc, analyze_document(doc).findings, **kw)


def test_versions_are_numbered_and_survive_reopening(backend):
    store = backend.open()
    d = store.create_design("Chat", "chat")
    v1 = save(store, d, document())
    v2 = save(store, d, document(title="Chat v2"), driver="Ada")
    assert (v1.number, v2.number) == (1, 2)

    reopened = backend.open()  # a restart
    assert reopened.migrated_from == reopened.schema_version  # nothing left to migrate
    assert [v.number for v in reopened.list_versions(d)] == [1, 2]
    latest = reopened.latest_version(d)
    assert latest.number == 2 and latest.document.title == "Chat v2" and latest.info.driver == "Ada"
    assert latest.findings == analyze_document(document()).findings
    assert reopened.list_designs()[0].title == "Chat v2" and reopened.list_designs()[0].versions == 2
    assert reopened.get_design(d).versions == 2
    assert reopened.integrity_ok()


def test_saved_versions_cannot_be_changed_or_deleted(backend, store):
    d = store.create_design("x")
    save(store, d, document())
    with backend.raw() as db:
        with pytest.raises(backend.errors(), match="immutable"):
            db.execute("UPDATE versions SET document = '{}'")
        with pytest.raises(backend.errors(), match="immutable"):
            db.execute("DELETE FROM versions")
        if backend.name == "postgres":
            with pytest.raises(backend.errors(), match="immutable"):
                db.execute("TRUNCATE versions CASCADE")
    assert store.load_version(d, 1).document.title == "Chat"


def test_a_save_waits_for_the_one_in_flight_and_takes_the_next_number(backend, store):
    """The race, made deterministic: another connection is mid-save (lock held, version 1 written, not committed).

    Our save must wait for it and then number its version 2. Without the design lock (Postgres) or the
    immediate transaction (SQLite) it would read the old maximum, try number 1 again, and fail on the
    primary key.
    """
    d = store.create_design("race")
    row = "INSERT INTO versions (design_id, number, created_at, document, findings, content_hash) VALUES ({})"
    result: list[object] = []
    with backend.raw() as raw:
        if backend.name == "sqlite":
            raw.execute("BEGIN IMMEDIATE")
            raw.execute(row.format("?, 1, 'now', ?, '[]', 'h'"), (d, dumps(document())))
        else:
            raw.execute("BEGIN")
            raw.execute("SELECT 1 FROM designs WHERE id = %s FOR NO KEY UPDATE", (d,))
            raw.execute(row.format("%s, 1, 'now', %s, '[]', 'h'"), (d, dumps(document())))
        saver = threading.Thread(target=lambda: result.append(_attempt(lambda: save(store, d, document()))))
        saver.start()
        saver.join(0.5)  # give it the chance to race (it must be waiting, not done)
        raw.execute("COMMIT")
        saver.join(30)
    assert [getattr(r, "number", r) for r in result] == [2]
    assert [v.number for v in store.list_versions(d)] == [1, 2]


def test_the_primary_key_refuses_a_second_version_with_the_same_number(backend, store):
    d = store.create_design("x")
    save(store, d, document())
    with backend.raw() as raw, pytest.raises(backend.errors()):
        raw.execute("INSERT INTO versions (design_id, number, created_at, document, findings, content_hash) "
                    f"VALUES ({d}, 1, 'now', '{{}}', '[]', 'h')")


def _attempt(call):
    try:
        return call()
    except StoreError as exc:
        return exc


def test_numbers_are_per_design(store):
    a, b = store.create_design("a"), store.create_design("b")
    save(store, a, document())
    assert save(store, b, document()).number == 1 and save(store, a, document()).number == 2


def test_unknown_design_and_version_give_clear_errors(store):
    with pytest.raises(StoreError, match="design 7 does not exist"):
        save(store, 7, document())
    with pytest.raises(StoreError, match="design 7 does not exist"):
        store.get_design(7)
    d = store.create_design("x")
    with pytest.raises(StoreError, match="no version 3"):
        store.load_version(d, 3)
    assert store.latest_version(d) is None and store.latest_number(d) is None
    with pytest.raises(StoreError, match="no version 9"):
        store.save_critique(d, 9, "stress", {})  # a critique of nothing is refused, not stored
    with pytest.raises(StoreError, match="no version 9"):
        store.set_decision(d, 9, "SPOF001:db", "accepted")
    with pytest.raises(StoreError, match="design 7 does not exist"):
        store.save_draft(7, document())


HUGE = 99999999999999999999  # more than any 64-bit id


@pytest.mark.parametrize("call", [
    lambda s: s.get_design(HUGE),
    lambda s: s.list_versions(HUGE),
    lambda s: s.load_version(1, HUGE),
    lambda s: s.latest_version(HUGE),
    lambda s: s.latest_number(-HUGE),
    lambda s: s.list_critiques(1, HUGE),
    lambda s: s.find_critique(HUGE, 1, "stress"),
    lambda s: s.load_draft(HUGE),
    lambda s: s.decisions(HUGE, 1),
    lambda s: s.pairing(HUGE),
    lambda s: s.open_practice(HUGE),
    lambda s: s.save_version(HUGE, document(), ()),
    lambda s: s.save_critique(1, HUGE, "stress", {}),
    lambda s: s.update_critique(HUGE, {}),
    lambda s: s.set_decision(HUGE, 1, "k", "accepted"),
    lambda s: s.retitle_design(HUGE, "x", None),
    lambda s: s.end_pairing(HUGE),
])
def test_an_out_of_range_id_is_a_store_error_not_an_overflow(store, call):
    """Issue 14.8: SQLite raised OverflowError for ids past 64 bits; every backend now says what is wrong."""
    d = store.create_design("x")
    save(store, d, document())
    with pytest.raises(StoreError, match=r"^-?99999999999999999999 is out of range"):
        call(store)


def test_ids_typed_by_people_are_parsed_strictly():
    assert parse_id("1") == 1 and parse_id("9223372036854775807") == 2**63 - 1
    for bad in ("99999999999999999999", "9223372036854775808", "0", "-3", "", " 7", "1_000", "٣", "7.0", "x" * 5000):
        with pytest.raises(ValueError, match="is not a design id") as caught:
            parse_id(bad)
        assert len(str(caught.value)) < 120  # a hostile value is cut, not echoed whole
    with pytest.raises(ValueError, match="is not a version id"):
        parse_id("99999999999999999999", "version")


def test_critiques_decisions_and_drafts_hang_off_versions(store):
    d = store.create_design("x")
    save(store, d, document())
    cid = store.save_critique(d, 1, "stress", {"probes": [], "critic": "offline"})
    store.update_critique(cid, {"probes": [], "critic": "offline", "answers": {"0": "yes"}})
    found = store.find_critique(d, 1, "stress")
    assert found == StoredCritique(cid, {"probes": [], "critic": "offline", "answers": {"0": "yes"}})
    assert found.id == cid and found.payload["answers"] == {"0": "yes"}
    assert store.find_critique(d, 1, "harder") is None
    with pytest.raises(StoreError, match=f"critique {cid + 1} does not exist"):
        store.update_critique(cid + 1, {})

    (row,) = store.list_critiques(d)
    assert isinstance(row, CritiqueRow) and (row.id, row.version, row.mode) == (cid, 1, "stress")
    _, version, mode, _, payload = row  # still unpacks like the five-tuple it replaced
    assert (version, mode, payload["critic"]) == (1, "stress", "offline")

    store.set_decision(d, 1, "SPOF001:db", "accepted", "managed service")
    store.set_decision(d, 1, "SPOF001:db", "disputed", "it has a standby")
    assert store.decisions(d, 1) == {"SPOF001:db": Decision("disputed", "it has a standby")}
    assert store.decisions(d, 1)["SPOF001:db"].justification == "it has a standby"
    with pytest.raises(StoreError, match="accepted"):
        store.set_decision(d, 1, "SPOF001:db", "ignored")
    store.set_decision(d, 1, "SPOF001:db", None)
    assert store.decisions(d, 1) == {}

    assert store.load_draft(d) is None
    store.save_draft(d, document(title="draft"), driver="Bo")
    draft = store.load_draft(d)
    assert isinstance(draft, Draft) and draft.document.title == "draft" and draft.driver == "Bo"
    updated, doc, driver = draft
    assert (doc.title, driver) == ("draft", "Bo") and updated
    store.save_draft(d, document(title="draft 2"))
    assert store.load_draft(d).document.title == "draft 2" and store.load_draft(d).driver is None
    store.delete_draft(d)
    assert store.load_draft(d) is None and store.latest_version(d) is not None  # the versions stay
    store.delete_draft(d)  # nothing to delete is no error


def test_designs_are_listed_newest_change_first_and_retitled(store):
    a = store.create_design("First")
    b = store.create_design("Second")
    assert [x.id for x in store.list_designs()] == [b, a]  # same second: the newer id first
    store.retitle_design(a, "Renamed", "chat")
    info = store.get_design(a)
    assert (info.title, info.problem, info.versions) == ("Renamed", "chat", 0)


def test_texts_sort_byte_by_byte_on_both_backends(backend):
    """Times and keys order the same way whatever the Postgres server's locale (COLLATE "C").

    The test cluster's default collation is ICU's en-US, where "a" sorts before "B"; byte-wise it is after.
    """
    backend.open()  # migrated with the real clock
    stamps = iter(["2026-a", "2026-B", "2026-0"])
    store = backend.open(clock=lambda: next(stamps))
    a, b, zero = (store.create_design(t) for t in "abc")
    assert [d.id for d in store.list_designs()] == [a, b, zero]


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the database") as caught:
        open_store(bad)
    assert "sqlite3" in str(caught.value) and ".recover" in str(caught.value) and "\n" not in str(caught.value)


def test_a_missing_source_is_not_created_when_asked_not_to(tmp_path):
    with pytest.raises(StoreError, match="no such database file"):
        open_store(f"sqlite://{tmp_path}/absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_a_postgres_server_that_is_not_there_fails_at_once_with_its_reason(tmp_path):
    from support.server import free_port

    url = f"postgresql://ada:s3cret@127.0.0.1:{free_port()}/sketchfirst"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert message.startswith("postgresql://ada:***@127.0.0.1:") and "cannot connect to the database server" in message
    assert "Connection refused" in message and "s3cret" not in message and "\n" not in message


def test_urls_and_paths_name_the_right_backend(tmp_path):
    assert isinstance(open_store(f"sqlite://{tmp_path}/a.db"), SqliteStore)
    assert (tmp_path / "a.db").exists()
    assert sqlite_path("sqlite:///var/x.db") == Path("/var/x.db")
    assert sqlite_path(tmp_path / "b.db") == tmp_path / "b.db"
    for bad in ("mysql://u@h/db", "sqlite://host/x.db", "sqlite:"):
        with pytest.raises(StoreError):
            open_store(bad)
    assert redact_url("postgresql://u:pw@h/db?password=pw2&sslmode=require") == \
        "postgresql://u:***@h/db?password=***&sslmode=require"


def test_every_table_the_copy_moves_is_exactly_the_live_schema(backend, store):
    """db copy moves TABLES; a migration that adds a column without listing it here would lose data."""
    with backend.raw() as db:
        for table in TABLES:
            if backend.name == "sqlite":
                live = tuple(r[1] for r in db.execute(f"PRAGMA table_info({table.name})"))
            else:
                live = tuple(r[0] for r in db.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                    "AND table_schema = current_schema() ORDER BY ordinal_position", (table.name,)))
            assert live == table.columns, table.name
        if backend.name == "sqlite":
            names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        else:
            names = {r[0] for r in db.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
    assert names - {"sketchfirst_schema"} == {t.name for t in TABLES}


def test_default_location_prefers_the_environment_then_a_per_user_directory():
    home = Path("/home/u")
    assert default_db_path({"SKETCHFIRST_DB": "/tmp/x.db"}, home) == Path("/tmp/x.db")
    assert default_db_path({}, home, "linux") == home / ".local/share/sketchfirst/sketchfirst.db"
    assert default_db_path({"XDG_DATA_HOME": "/data"}, home, "linux") == Path("/data/sketchfirst/sketchfirst.db")
    assert default_db_path({}, home, "darwin") == home / "Library/Application Support/sketchfirst/sketchfirst.db"
    assert default_db_path({"APPDATA": "C:/AppData"}, home, "win32") == Path("C:/AppData/sketchfirst/sketchfirst.db")
    pg = "postgresql://sketchfirst@db.internal/sketchfirst"
    assert database_url({"SKETCHFIRST_DB": pg}, home) == pg  # a URL is kept whole, never made a path
    assert database_url({"SKETCHFIRST_DB": "sqlite:///srv/s.db"}, home) == "sqlite:///srv/s.db"
    assert database_url({"SKETCHFIRST_DB": "~/s.db"}, home, "linux") == str(Path("~/s.db").expanduser())
    assert database_url({}, home, "linux") == str(home / ".local/share/sketchfirst/sketchfirst.db")
