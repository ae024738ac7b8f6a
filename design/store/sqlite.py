"""SQLite storage for designs and their numbered, immutable versions.

Why SQLite: one file, transactional, in the standard library. A save is one
``BEGIN IMMEDIATE`` transaction that picks the next number and writes the
document, findings and content hash together, so a crash or a kill mid-save
leaves the last committed version intact (WAL journal), and two processes
saving at once get consecutive numbers without gaps or duplicates (the
immediate lock serialises writers; the busy timeout makes the second wait).

Versions cannot be changed or deleted once written: triggers refuse it.
Critiques, finding decisions and drafts are stored beside a version, never in it.

The database path is decided by the caller (:func:`default_db_path` helps);
this module never reads the environment itself.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from design.model.document import DocumentError, SketchDocument, content_hash, dumps, loads
from design.model.sketch import Finding, Severity
from design.practice.pairing import Pairing
from design.practice.timer import Phase, PracticeSession

__all__ = [
    "DesignInfo",
    "SavedVersion",
    "StoredScorecard",
    "Store",
    "StoreError",
    "VersionInfo",
    "default_db_path",
]

BUSY_TIMEOUT_MS = 15_000

# Append-only: each entry upgrades the database from user_version i to i+1.
_SCHEMA: list[str] = [
    """
    CREATE TABLE designs (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        problem TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE versions (
        design_id INTEGER NOT NULL REFERENCES designs(id),
        number INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        document TEXT NOT NULL,
        findings TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        driver TEXT,
        PRIMARY KEY (design_id, number)
    );
    CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
        BEGIN SELECT RAISE(ABORT, 'saved versions are immutable'); END;
    CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
        BEGIN SELECT RAISE(ABORT, 'saved versions are immutable'); END;
    CREATE TABLE critiques (
        id INTEGER PRIMARY KEY,
        design_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        mode TEXT NOT NULL,
        created_at TEXT NOT NULL,
        payload TEXT NOT NULL,
        FOREIGN KEY (design_id, version) REFERENCES versions(design_id, number)
    );
    CREATE INDEX critiques_by_version ON critiques(design_id, version, mode);
    CREATE TABLE decisions (
        design_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        finding_key TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('accepted', 'disputed')),
        justification TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (design_id, version, finding_key),
        FOREIGN KEY (design_id, version) REFERENCES versions(design_id, number)
    );
    CREATE TABLE drafts (
        design_id INTEGER PRIMARY KEY REFERENCES designs(id),
        updated_at TEXT NOT NULL,
        document TEXT NOT NULL,
        driver TEXT
    );
    """,
    # 2: practice rounds (a time box from a stored start time, a log row once finished)
    # and pairings (two names and a rotation, also from a stored start time), so the
    # timer and the roles survive reruns, reloads and a second browser.
    """
    CREATE TABLE practice_sessions (
        id INTEGER PRIMARY KEY,
        design_id INTEGER NOT NULL REFERENCES designs(id),
        problem TEXT,
        prompt TEXT NOT NULL DEFAULT '',
        time_box_s INTEGER NOT NULL CHECK (time_box_s > 0),
        started_at TEXT NOT NULL,
        critique_mark INTEGER NOT NULL DEFAULT 0,
        ended_at TEXT,
        final_version INTEGER,
        findings_at_end TEXT,
        critique_rounds INTEGER
    );
    CREATE INDEX practice_by_design ON practice_sessions(design_id, id);
    CREATE UNIQUE INDEX practice_one_open_round ON practice_sessions(design_id) WHERE ended_at IS NULL;
    CREATE TABLE pairings (
        design_id INTEGER PRIMARY KEY REFERENCES designs(id),
        first TEXT NOT NULL,
        second TEXT NOT NULL,
        rotation_s INTEGER NOT NULL CHECK (rotation_s >= 60),
        started_at TEXT NOT NULL
    );
    """,
    # 3: the scorecard of a finished round (its JSON as critique.scorecard writes it), one per round,
    # so the practice log can show it and the weak-spot tally can read every round's scores and rules.
    """
    CREATE TABLE scorecards (
        session_id INTEGER PRIMARY KEY REFERENCES practice_sessions(id),
        level TEXT NOT NULL,
        created_at TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    """,
    # 4: a retried stage starts its round at a later phase (NULL: at the requirements), and a round remembers
    # the last saved version when the reference design was first opened (NULL: never), so its scorecard
    # judges the attempt, not what was redrawn after seeing the answer; and the newest version at its start
    # (NULL: none), so a retried stage on the same design scores only what was saved since.
    """
    ALTER TABLE practice_sessions ADD COLUMN start_phase TEXT;
    ALTER TABLE practice_sessions ADD COLUMN revealed_version INTEGER;
    ALTER TABLE practice_sessions ADD COLUMN version_mark INTEGER;
    """,
]


class StoreError(RuntimeError):
    """A storage problem the user should hear about (unknown design, unreadable file)."""


@dataclass(frozen=True, slots=True)
class DesignInfo:
    id: int
    title: str
    problem: str | None
    created_at: str
    updated_at: str
    versions: int


@dataclass(frozen=True, slots=True)
class VersionInfo:
    design_id: int
    number: int
    created_at: str
    content_hash: str
    driver: str | None
    counts: Mapping[str, int]


@dataclass(frozen=True)
class SavedVersion:
    """One saved version, read back and validated."""

    info: VersionInfo
    document: SketchDocument
    findings: tuple[Finding, ...]

    @property
    def number(self) -> int:
        return self.info.number


@dataclass(frozen=True)
class StoredScorecard:
    """A finished round's scorecard as stored: the round, its problem, when it ended, and the card's JSON."""

    session_id: int
    design_id: int
    problem: str | None
    ended_at: str
    level: str
    payload: Mapping[str, Any]


def default_db_path(environ: Mapping[str, str], home: Path | None = None, platform: str = sys.platform) -> Path:
    """Where the database lives: ``SKETCHFIRST_DB``, else a per-user data directory.

    The caller passes the environment in, so this stays pure and testable.
    """
    explicit = environ.get("SKETCHFIRST_DB")
    if explicit:
        return Path(explicit).expanduser()
    home = home or Path.home()
    if platform == "win32":
        base = Path(environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "sketchfirst" / "sketchfirst.db"


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] += 1
    return counts


class Store:
    """Designs, versions, critiques, decisions and drafts in one SQLite file.

    Each call opens its own short connection, so one ``Store`` can be shared by
    Streamlit's script threads and by several processes.
    """

    def __init__(self, path: str | os.PathLike[str], clock: Callable[[], str] = _utc_now):
        self.path = Path(path)
        self._clock = clock
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                self._migrate(db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the database ({exc})") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the database ({exc.strerror})") from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA synchronous=NORMAL")
            yield db
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _migrate(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            current = db.execute("PRAGMA user_version").fetchone()[0]
            if current > len(_SCHEMA):
                raise StoreError(f"{self.path}: written by a newer Sketchfirst (schema {current})")
            for n in range(current, len(_SCHEMA)):
                for statement in _split_sql(_SCHEMA[n]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version={n + 1}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # --- designs -----------------------------------------------------------

    def create_design(self, title: str, problem: str | None = None) -> int:
        now = self._clock()
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO designs (title, problem, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (title, problem, now, now),
            )
            return int(cur.lastrowid or 0)

    def list_designs(self) -> list[DesignInfo]:
        """All designs, most recently changed first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT d.id, d.title, d.problem, d.created_at, d.updated_at, COUNT(v.number) "
                "FROM designs d LEFT JOIN versions v ON v.design_id = d.id "
                "GROUP BY d.id ORDER BY d.updated_at DESC, d.id DESC"
            ).fetchall()
        return [DesignInfo(*row) for row in rows]

    def retitle_design(self, design_id: int, title: str, problem: str | None) -> None:
        """Name a design (and its problem) before its first version, e.g. when a round starts on it."""
        with self._write() as db:
            if db.execute(
                "UPDATE designs SET title = ?, problem = ?, updated_at = ? WHERE id = ?",
                (title, problem, self._clock(), design_id),
            ).rowcount != 1:
                raise StoreError(f"design {design_id} does not exist")

    def get_design(self, design_id: int) -> DesignInfo:
        for d in self.list_designs():
            if d.id == design_id:
                return d
        raise StoreError(f"design {design_id} does not exist")

    # --- versions ----------------------------------------------------------

    def save_version(
        self,
        design_id: int,
        document: SketchDocument,
        findings: Sequence[Finding],
        *,
        driver: str | None = None,
    ) -> VersionInfo:
        """Append a new version in one transaction and return it.

        Raises :class:`StoreError` (and writes nothing) for a document that
        would not load back, so a version that was saved can always be opened.
        """
        text = _checked(document)
        digest = content_hash(document)
        payload = json.dumps([f.to_json() for f in findings], ensure_ascii=False)
        now = self._clock()
        with self._write() as db:
            if db.execute("SELECT 1 FROM designs WHERE id = ?", (design_id,)).fetchone() is None:
                raise StoreError(f"design {design_id} does not exist")
            number = db.execute(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE design_id = ?", (design_id,)
            ).fetchone()[0]
            db.execute(
                "INSERT INTO versions (design_id, number, created_at, document, findings, content_hash, driver) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (design_id, number, now, text, payload, digest, driver),
            )
            db.execute(
                "UPDATE designs SET title = ?, problem = ?, updated_at = ? WHERE id = ?",
                (document.title, document.problem, now, design_id),
            )
        return VersionInfo(design_id, number, now, digest, driver, _counts(findings))

    def list_versions(self, design_id: int) -> list[VersionInfo]:
        """A design's versions, oldest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT number, created_at, content_hash, driver, findings FROM versions "
                "WHERE design_id = ? ORDER BY number",
                (design_id,),
            ).fetchall()
        return [
            VersionInfo(design_id, n, at, h, drv, _counts(_findings(raw, f"version {n}")))
            for n, at, h, drv, raw in rows
        ]

    def load_version(self, design_id: int, number: int) -> SavedVersion:
        with self._connect() as db:
            row = db.execute(
                "SELECT created_at, document, findings, content_hash, driver FROM versions "
                "WHERE design_id = ? AND number = ?",
                (design_id, number),
            ).fetchone()
        if row is None:
            raise StoreError(f"design {design_id} has no version {number}")
        created, text, raw, digest, driver = row
        findings = _findings(raw, f"version {number}")
        return SavedVersion(
            VersionInfo(design_id, number, created, digest, driver, _counts(findings)),
            _document(text, f"version {number}"),
            findings,
        )

    def latest_version(self, design_id: int) -> SavedVersion | None:
        with self._connect() as db:
            row = db.execute("SELECT MAX(number) FROM versions WHERE design_id = ?", (design_id,)).fetchone()
        return None if row[0] is None else self.load_version(design_id, row[0])

    def latest_number(self, design_id: int) -> int | None:
        """The newest version number, cheaply (for polling followers)."""
        with self._connect() as db:
            row = db.execute("SELECT MAX(number) FROM versions WHERE design_id = ?", (design_id,)).fetchone()
        return None if row[0] is None else int(row[0])

    # --- critiques ---------------------------------------------------------

    def save_critique(self, design_id: int, version: int, mode: str, payload: Mapping[str, Any]) -> int:
        """Store a critique of one version; returns its id. Several per version and mode may exist."""
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO critiques (design_id, version, mode, created_at, payload) VALUES (?, ?, ?, ?, ?)",
                (design_id, version, mode, self._clock(), text),
            )
            return int(cur.lastrowid or 0)

    def update_critique(self, critique_id: int, payload: Mapping[str, Any]) -> None:
        """Replace a critique's payload (answers and follow-up rounds are added to it)."""
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        with self._write() as db:
            if db.execute("UPDATE critiques SET payload = ? WHERE id = ?", (text, critique_id)).rowcount != 1:
                raise StoreError(f"critique {critique_id} does not exist")

    def find_critique(self, design_id: int, version: int, mode: str) -> tuple[int, Any] | None:
        """The newest stored critique of this version in this mode, if any (its payload as :func:`_payload` gives it)."""
        with self._connect() as db:
            row = db.execute(
                "SELECT id, payload FROM critiques WHERE design_id = ? AND version = ? AND mode = ? "
                "ORDER BY id DESC LIMIT 1",
                (design_id, version, mode),
            ).fetchone()
        return None if row is None else (int(row[0]), _payload(row[1]))

    def list_critiques(self, design_id: int, version: int | None = None) -> list[tuple[int, int, str, str, Any]]:
        """``(id, version, mode, created_at, payload)`` for a design (or one version), oldest first.

        Payloads are as :func:`_payload` gives them: the critique stage reads them (``critique.payload``).
        """
        query = "SELECT id, version, mode, created_at, payload FROM critiques WHERE design_id = ?"
        args: tuple[Any, ...] = (design_id,)
        if version is not None:
            query += " AND version = ?"
            args += (version,)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY id", args).fetchall()
        return [(i, v, m, at, _payload(p)) for i, v, m, at, p in rows]

    # --- decisions on findings --------------------------------------------

    def set_decision(self, design_id: int, version: int, finding_key: str, status: str | None, justification: str = "") -> None:
        """Mark a finding of a version accepted or disputed (``status=None`` clears it)."""
        with self._write() as db:
            if status is None:
                db.execute(
                    "DELETE FROM decisions WHERE design_id = ? AND version = ? AND finding_key = ?",
                    (design_id, version, finding_key),
                )
                return
            db.execute(
                "INSERT INTO decisions (design_id, version, finding_key, status, justification, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (design_id, version, finding_key) DO UPDATE SET "
                "status = excluded.status, justification = excluded.justification, updated_at = excluded.updated_at",
                (design_id, version, finding_key, status, justification, self._clock()),
            )

    def decisions(self, design_id: int, version: int) -> dict[str, tuple[str, str]]:
        """``finding_key -> (status, justification)`` for one version."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT finding_key, status, justification FROM decisions WHERE design_id = ? AND version = ?",
                (design_id, version),
            ).fetchall()
        return {k: (s, j) for k, s, j in rows}

    # --- drafts (autosave between versions) -------------------------------

    def save_draft(self, design_id: int, document: SketchDocument, driver: str | None = None) -> None:
        text = _checked(document)
        with self._write() as db:
            db.execute(
                "INSERT INTO drafts (design_id, updated_at, document, driver) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (design_id) DO UPDATE SET updated_at = excluded.updated_at, "
                "document = excluded.document, driver = excluded.driver",
                (design_id, self._clock(), text, driver),
            )

    def load_draft(self, design_id: int) -> tuple[str, SketchDocument, str | None] | None:
        """``(updated_at, document, driver)`` of the autosaved draft, if any."""
        with self._connect() as db:
            row = db.execute("SELECT updated_at, document, driver FROM drafts WHERE design_id = ?", (design_id,)).fetchone()
        return None if row is None else (row[0], _document(row[1], f"draft of design {design_id}"), row[2])

    def delete_draft(self, design_id: int) -> None:
        """Forget the autosaved draft (the user chose the saved version over it)."""
        with self._write() as db:
            db.execute("DELETE FROM drafts WHERE design_id = ?", (design_id,))

    # --- practice rounds and pairings ---------------------------------------

    def start_practice(
        self,
        design_id: int,
        *,
        time_box: timedelta,
        started_at: datetime,
        problem: str | None = None,
        prompt: str = "",
        start_phase: Phase = Phase.REQUIREMENTS,
    ) -> PracticeSession:
        """Open a timed round on a design; a design has at most one open round.

        The round remembers the newest critique id at its start, so the
        critique rounds counted at the end are exactly the ones asked during it.
        ``start_phase`` is where its clock starts (a retried stage).
        """
        seconds = int(time_box.total_seconds())
        if seconds <= 0:
            raise StoreError("the time box must be positive")
        with self._write() as db:
            if db.execute("SELECT 1 FROM designs WHERE id = ?", (design_id,)).fetchone() is None:
                raise StoreError(f"design {design_id} does not exist")
            if db.execute(
                "SELECT 1 FROM practice_sessions WHERE design_id = ? AND ended_at IS NULL", (design_id,)
            ).fetchone():
                raise StoreError(f"design {design_id} already has a practice round running; finish it first")
            mark = db.execute("SELECT COALESCE(MAX(id), 0) FROM critiques WHERE design_id = ?", (design_id,)).fetchone()[0]
            newest = db.execute("SELECT MAX(number) FROM versions WHERE design_id = ?", (design_id,)).fetchone()[0]
            cur = db.execute(
                "INSERT INTO practice_sessions (design_id, problem, prompt, time_box_s, started_at, critique_mark, "
                "start_phase, version_mark) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (design_id, problem, prompt, seconds, _iso(started_at), mark,
                 None if start_phase is Phase.REQUIREMENTS else start_phase.value, newest),
            )
            session_id = int(cur.lastrowid or 0)
        return self._practice_where("p.id = ?", (session_id,))[0]

    def open_practice(self, design_id: int) -> PracticeSession | None:
        """The round running on a design, if any."""
        rows = self._practice_where("p.design_id = ? AND p.ended_at IS NULL", (design_id,))
        return rows[0] if rows else None

    def finish_practice(self, session_id: int, ended_at: datetime, rounds_of: Callable[[Any], int]) -> PracticeSession:
        """Close a round and log how it ended: the saved state, not whatever was unsaved.

        Records the newest version, its findings by severity, and the critique
        rounds since the round started: ``rounds_of`` counts them in one stored
        payload (the critique plus its follow-ups; the shells pass
        ``critique.payload.round_count``, since the store does not read payloads).
        """
        with self._write() as db:
            row = db.execute(
                "SELECT design_id, critique_mark, ended_at FROM practice_sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"practice round {session_id} does not exist")
            design_id, mark, ended = row
            if ended is not None:
                raise StoreError(f"practice round {session_id} has already finished")
            latest = db.execute(
                "SELECT number, findings FROM versions WHERE design_id = ? ORDER BY number DESC LIMIT 1", (design_id,)
            ).fetchone()
            counts = _counts(_findings(latest[1], f"version {latest[0]}")) if latest else None
            rounds = sum(
                rounds_of(_payload(raw))
                for (raw,) in db.execute("SELECT payload FROM critiques WHERE design_id = ? AND id > ?", (design_id, mark))
            )
            db.execute(
                "UPDATE practice_sessions SET ended_at = ?, final_version = ?, findings_at_end = ?, critique_rounds = ? "
                "WHERE id = ?",
                (_iso(ended_at), latest[0] if latest else None, json.dumps(counts) if counts else None, rounds,
                 session_id),
            )
        return self._practice_where("p.id = ?", (session_id,))[0]

    def practice_log(self, limit: int = 500) -> list[PracticeSession]:
        """Every round across designs, newest first."""
        return self._practice_where("1 = 1", (), limit=limit)

    def rounds_of(self, design_id: int) -> list[PracticeSession]:
        """The rounds practised on one design, newest first (open or finished)."""
        return self._practice_where("p.design_id = ?", (design_id,))

    def mark_revealed(self, session_id: int, version: int) -> None:
        """Remember that the reference was opened in a running round after ``version`` (only the first time)."""
        with self._write() as db:
            db.execute(
                "UPDATE practice_sessions SET revealed_version = ? "
                "WHERE id = ? AND revealed_version IS NULL AND ended_at IS NULL",
                (version, session_id),
            )

    def _practice_where(self, where: str, args: tuple[Any, ...], limit: int = 500) -> list[PracticeSession]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT p.id, p.design_id, p.problem, p.prompt, p.time_box_s, p.started_at, p.ended_at, "
                "p.final_version, p.findings_at_end, p.critique_rounds, d.title, p.start_phase, p.revealed_version, "
                "p.version_mark, p.critique_mark "
                f"FROM practice_sessions p JOIN designs d ON d.id = p.design_id WHERE {where} "
                "ORDER BY p.started_at DESC, p.id DESC LIMIT ?",
                (*args, limit),
            ).fetchall()
        return [
            PracticeSession(
                id=i, design_id=d, problem=prob, prompt=prompt, time_box=timedelta(seconds=box),
                started_at=_parse_time(start), ended_at=_parse_time(end) if end else None,
                final_version=final, findings_at_end=json.loads(counts) if counts else {},
                critique_rounds=rounds, design_title=title,
                start_phase=Phase(phase) if phase in Phase._value2member_map_ else Phase.REQUIREMENTS,
                revealed_version=revealed, version_mark=vmark or 0, critique_mark=cmark or 0,
            )
            for i, d, prob, prompt, box, start, end, final, counts, rounds, title, phase, revealed, vmark, cmark
            in rows
        ]

    def set_pairing(self, design_id: int, pairing: Pairing) -> None:
        """Start (or restart) pairing on a design; the roles are computed from its start time."""
        with self._write() as db:
            if db.execute("SELECT 1 FROM designs WHERE id = ?", (design_id,)).fetchone() is None:
                raise StoreError(f"design {design_id} does not exist")
            db.execute(
                "INSERT INTO pairings (design_id, first, second, rotation_s, started_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (design_id) DO UPDATE SET first = excluded.first, second = excluded.second, "
                "rotation_s = excluded.rotation_s, started_at = excluded.started_at",
                (design_id, pairing.first, pairing.second, int(pairing.rotation.total_seconds()),
                 _iso(pairing.started_at)),
            )

    def pairing(self, design_id: int) -> Pairing | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT first, second, rotation_s, started_at FROM pairings WHERE design_id = ?", (design_id,)
            ).fetchone()
        if row is None:
            return None
        first, second, rotation, started = row
        return Pairing(first, second, _parse_time(started), timedelta(seconds=rotation))

    def end_pairing(self, design_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM pairings WHERE design_id = ?", (design_id,))

    # --- scorecards ----------------------------------------------------------

    def save_scorecard(self, session_id: int, level: str, payload: Mapping[str, Any]) -> None:
        """Store (or replace, when the level changes) the scorecard of a finished round."""
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        with self._write() as db:
            row = db.execute("SELECT ended_at FROM practice_sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                raise StoreError(f"practice round {session_id} does not exist")
            if row[0] is None:
                raise StoreError(f"practice round {session_id} has not finished; finish it before scoring it")
            db.execute(
                "INSERT INTO scorecards (session_id, level, created_at, payload) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (session_id) DO UPDATE SET level = excluded.level, created_at = excluded.created_at, "
                "payload = excluded.payload",
                (session_id, level, self._clock(), text),
            )

    def load_scorecard(self, session_id: int) -> StoredScorecard | None:
        rows = self._scorecards_where("s.session_id = ?", (session_id,), 1)
        return rows[0] if rows else None

    def scorecard_history(self, limit: int = 500) -> list[StoredScorecard]:
        """The scorecards of finished rounds, oldest first (the newest ``limit`` of them)."""
        return self._scorecards_where("1 = 1", (), limit)

    def _scorecards_where(self, where: str, args: tuple[Any, ...], limit: int) -> list[StoredScorecard]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT s.session_id, p.design_id, p.problem, p.ended_at, s.level, s.payload "
                f"FROM scorecards s JOIN practice_sessions p ON p.id = s.session_id WHERE {where} "
                "ORDER BY p.ended_at DESC, s.session_id DESC LIMIT ?",
                (*args, limit),
            ).fetchall()
        return [StoredScorecard(sid, did, prob, ended, level, _payload(raw))
                for sid, did, prob, ended, level, raw in reversed(rows)]

    def integrity_ok(self) -> bool:
        with self._connect() as db:
            return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _checked(document: SketchDocument) -> str:
    """The canonical text of ``document``, refused if it would not load back (a title too long, say)."""
    text = dumps(document)
    _document(text)
    return text


def _document(text: str, where: str = "") -> SketchDocument:
    try:
        return loads(text)
    except DocumentError as exc:
        raise StoreError(f"{where}: {exc}" if where else str(exc)) from None


def _iso(moment: datetime) -> str:
    """A timezone-aware moment as UTC ISO text (naive times are refused: they are ambiguous)."""
    if moment.tzinfo is None:
        raise StoreError("times must carry a timezone")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _parse_time(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise StoreError(f"stored time {text!r} is unreadable") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _payload(raw: str) -> Any:
    """A stored critique payload decoded, or its text as stored when it is not valid JSON (a hand-edited row).

    The store does not judge payloads: the critique stage's reader does, and says what it left out.
    """
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return raw


def _findings(raw: str, where: str) -> tuple[Finding, ...]:
    try:
        return tuple(Finding.from_json(f) for f in json.loads(raw))
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{where}: stored findings are unreadable ({exc})") from None


def _split_sql(script: str) -> list[str]:
    """Split a migration script into whole statements (trigger bodies included)."""
    statements, current = [], ""
    for line in script.strip().splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
