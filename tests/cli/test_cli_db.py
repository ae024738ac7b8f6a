"""`sketchfirst db migrate` and `sketchfirst db copy`: a single-user file moves into the shared database whole.

The round trip compares every row of every table through the drivers themselves (not through the code
under test): SQLite file → target (Postgres, or another SQLite file) → a fresh SQLite file, all three
identical value for value and type for type; every version's document is the exact text it was, and its
content hash still matches it.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from cli import main
from design.model.document import content_hash, loads
from design.store import MIGRATIONS, open_store
from design.store.migrations import TABLES
from support.paths import ROOT
from support.stores import populate


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, in key order, straight from the driver."""
    out = {}
    if url.startswith("postgresql:"):
        with psycopg.connect(url) as db:
            for t in TABLES:
                out[t.name] = [tuple(r) for r in db.execute(
                    f"SELECT {', '.join(t.columns)} FROM {t.name} ORDER BY {', '.join(t.key)}")]
    else:
        with closing(sqlite3.connect(url.removeprefix("sqlite://"))) as db:
            for t in TABLES:
                out[t.name] = [tuple(r) for r in db.execute(
                    f"SELECT {', '.join(t.columns)} FROM {t.name} ORDER BY {', '.join(t.key)}")]
    return out


def typed(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    return {t: [tuple((type(v).__name__, v) for v in r) for r in rs] for t, rs in rows.items()}


def test_a_single_user_file_goes_to_the_shared_database_and_back_without_loss(backend, tmp_path, capsys):
    source = f"sqlite://{tmp_path}/laptop.db"
    with open_store(source) as store:
        populate(store)
    target = backend.url if backend.name == "postgres" else f"sqlite://{tmp_path}/shared.db"
    back = f"sqlite://{tmp_path}/back.db"

    code, out, err = run(capsys, "db", "copy", "--from", source, "--to", target)
    assert (code, err) == (0, "")
    assert ("copied 4 designs, 6 versions, 4 critiques, 2 decisions, 1 drafts, 2 practice rounds, 2 pairings, "
            "1 scorecards, 2 share links, 1 share visitors") in out
    assert "every row compared equal" in out
    code, out, err = run(capsys, "db", "copy", "--from", target, "--to", back)
    assert (code, err) == (0, ""), err

    original = dump(source)
    assert all(original[t.name] for t in TABLES), "the fixture must fill every table"
    assert typed(dump(target)) == typed(original)
    assert typed(dump(back)) == typed(original)
    for design_id, number, _, text, _, digest, _ in dump(target)["versions"]:
        assert content_hash(loads(text)) == digest, (design_id, number)
    assert "💬" in dump(target)["designs"][1][1]

    # The shared database goes on from where the copy ended: new ids and numbers follow the copied ones.
    with open_store(target) as shared:
        shop = next(d for d in shared.list_designs() if d.title == "Shop v3")
        chat = next(d for d in shared.list_designs() if d.title.startswith("Chät"))
        retried, done = shared.rounds_of(chat.id)  # a round's start phase, reveal and marks came across
        assert (retried.start_phase.value, retried.revealed_version, retried.version_mark) == ("deep_dive", 2, 2)
        assert (done.start_phase.value, done.revealed_version, done.version_mark) == ("requirements", None, 2)
        assert shared.create_design("New") == 5
        latest = shared.latest_version(shop.id)
        assert shared.save_version(shop.id, latest.document, latest.findings).number == 4
        assert shared.save_critique(shop.id, 4, "stress", {"probes": []}) == 5
        assert shared.start_practice(shop.id, time_box=timedelta(minutes=5), started_at=datetime.now(UTC)).id == 3
        assert shared.integrity_ok()


def test_copy_refuses_a_target_that_already_holds_designs(backend, tmp_path, capsys):
    source = f"sqlite://{tmp_path}/laptop.db"
    with open_store(source) as store:
        populate(store)
    target = backend.url if backend.name == "postgres" else f"sqlite://{tmp_path}/shared.db"
    with open_store(target) as shared:
        shared.create_design("Someone else's")
    before = dump(target)
    code, out, err = run(capsys, "db", "copy", "--from", source, "--to", target)
    assert code == 2 and out == ""
    assert "not empty (1 designs" in err and "every id stays what it was" in err and err.count("\n") == 1
    assert dump(target) == before


def test_a_copy_that_fails_half_way_leaves_the_target_empty(pg_url, tmp_path, capsys):
    """Postgres text cannot hold NUL; SQLite's can. The copy fails on that row and keeps nothing it had copied."""
    source = tmp_path / "laptop.db"
    with open_store(source) as store:
        populate(store)
    with closing(sqlite3.connect(source)) as raw:
        raw.execute("INSERT INTO designs (title, created_at, updated_at) VALUES (?, 'x', 'x')", ("nul\x00here",))
        raw.commit()
    code, out, err = run(capsys, "db", "copy", "--from", str(source), "--to", pg_url)
    assert code == 2 and "nothing was copied: the copy failed at designs, rows 1-5: postgresql://" in err and "NUL" in err and err.count("\n") == 1
    assert all(rows == [] for rows in dump(pg_url).values())


def test_copy_from_a_file_that_is_not_there_creates_nothing(tmp_path, capsys):
    code, _, err = run(capsys, "db", "copy", "--from", f"sqlite://{tmp_path}/typo.db", "--to", f"sqlite://{tmp_path}/b.db")
    assert code == 2 and "typo.db: no such database file" in err
    assert not (tmp_path / "typo.db").exists()
    code, _, err = run(capsys, "db", "copy", "--from", f"sqlite://{tmp_path}/b.db", "--to", f"sqlite://{tmp_path}/b.db")
    assert code == 2


def test_migrate_says_what_it_applied_once(backend, capsys):
    code, out, _ = run(capsys, "db", "migrate", "--db", backend.url)
    names = [f"applied migration {n}: {m.name}" for n, m in enumerate(MIGRATIONS, 1)]
    assert code == 0 and out.splitlines()[:-1] == names
    assert out.splitlines()[-1].endswith(f"schema {len(MIGRATIONS)} (upgraded from schema 0)")
    assert run(capsys, "db", "migrate", "--db", backend.url)[1].endswith(
        f"schema {len(MIGRATIONS)} (already up to date)\n")


def test_migrate_defaults_to_sketchfirst_db_and_never_prints_a_password(pg_url, monkeypatch, capsys):
    monkeypatch.setenv("SKETCHFIRST_DB", pg_url)
    code, out, _ = run(capsys, "db", "migrate")
    password = psycopg.conninfo.conninfo_to_dict(pg_url)["password"]
    assert code == 0 and ":***@" in out and password not in out


def test_migrate_of_a_server_that_is_down_is_one_line(tmp_path):
    from support.server import free_port

    url = f"postgresql://sketchfirst:pw@127.0.0.1:{free_port()}/sketchfirst"
    proc = subprocess.run([sys.executable, "-m", "cli", "db", "migrate", "--db", url], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("sketchfirst: postgresql://sketchfirst:***@127.0.0.1:")
    assert "cannot connect to the database server" in proc.stderr and proc.stderr.count("\n") == 1


@pytest.mark.parametrize("flag", ["--design", "--version"])
def test_an_out_of_range_id_on_the_command_line_is_a_usage_error(flag, capsys):
    """Issue 14.8: 99999999999999999999 gave an OverflowError traceback from the store."""
    argv = ["export", "--to", "json", "--design", "1"] if flag == "--version" else ["export", "--to", "json"]
    with pytest.raises(SystemExit) as caught:
        main([*argv, flag, "99999999999999999999"])
    err = capsys.readouterr().err
    assert caught.value.code == 2 and "Traceback" not in err
    assert f"argument {flag}: '99999999999999999999' is not a {flag[2:]} id (a whole number from 1 to" in err


def test_db_owner_gives_a_laptops_designs_to_their_person(backend, tmp_path, capsys):
    from design.store import signed_in

    url = backend.url
    with open_store(url) as store:
        ids = populate(store)
    code, out, err = run(capsys, "db", "owner", "--email", " Bo@Example.org", "--unowned", "--db", url)
    assert (code, err) == (0, "") and out == "3 designs now belong to bo@example.org\n"
    with open_store(url) as store:
        bo = store.as_viewer(signed_in("bo@example.org"))
        assert {d.id for d in bo.list_designs()} == {ids["shop"], ids["chat"], ids["empty"]}  # not Ada's
    code, out, err = run(capsys, "db", "owner", "--email", "cy@example.org", "--design", str(ids["chat"]), "--db", url)
    assert (code, out) == (0, "1 design now belongs to cy@example.org\n")
    code, out, err = run(capsys, "db", "owner", "--email", "cy@example.org", "--design", "999", "--db", url)
    assert code == 2 and err == "sketchfirst: design 999 does not exist\n"
    code, out, err = run(capsys, "db", "owner", "--email", "not an address", "--unowned", "--db", url)
    assert code == 2 and "is not an e-mail address" in err and err.count("\n") == 1
