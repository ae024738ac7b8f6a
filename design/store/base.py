"""The store's interface, its named results, and the SQL both backends share.

Why one implementation over two databases: the guarantees (numbered immutable
versions, one transaction per save, what hangs off a version) are written once,
in SQL that SQLite and Postgres both accept. A backend adds only how to connect,
how a save locks its design, and how its errors read as one line
(:class:`StoreError`); no database exception ever leaves the store.

Every store answers one :class:`~design.store.access.Viewer` (:meth:`Store.as_viewer`):
listings and openings are filtered by it in the same queries that read, and
writes check in their own transaction that the viewer owns the design. The
default viewer is everyone (sign-in not configured), which filters nothing.

Ids are 64-bit on both backends. A number outside that range cannot name
anything, so it is refused here with a message (SQLite would raise
``OverflowError``, Postgres would compare it as a numeric); shells turn user
text into an id with :func:`parse_id`.
"""

from __future__ import annotations

import copy
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple, Protocol

from design.model.document import DocumentError, SketchDocument, content_hash, dumps, loads
from design.model.sketch import Finding, Severity
from design.practice.pairing import Pairing
from design.practice.timer import Phase, PracticeSession
from design.store.access import EVERYONE, Right, Viewer, hash_token, new_token

__all__ = [
    "MAX_ID",
    "CritiqueRow",
    "DesignInfo",
    "Draft",
    "Decision",
    "SavedVersion",
    "ShareInfo",
    "SharedVersion",
    "Store",
    "StoreError",
    "StoredCritique",
    "StoredScorecard",
    "VersionInfo",
    "error_line",
    "one_line",
    "parse_id",
]

#: The largest id either backend can hold (a signed 64-bit integer).
MAX_ID = 2**63 - 1


class StoreError(RuntimeError):
    """A storage problem the user should hear about, as one readable line (never a driver's traceback)."""


@dataclass(frozen=True, slots=True)
class DesignInfo:
    id: int
    title: str
    problem: str | None
    created_at: str
    updated_at: str
    versions: int
    owner: str | None = None  # who created it (sign-in configured), else None


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


class CritiqueRow(NamedTuple):
    """One stored critique of a version (a tuple too, so code that unpacks five fields keeps working)."""

    id: int
    version: int
    mode: str
    created_at: str
    payload: Any  # as :func:`_payload` gives it: the critique stage's reader judges it


class StoredCritique(NamedTuple):
    """The newest critique of a version in one mode: its id (to add answers to) and its payload."""

    id: int
    payload: Any  # as :func:`_payload` gives it


@dataclass(frozen=True)
class StoredScorecard:
    """A finished round's scorecard as stored: the round, its problem, when it ended, and the card's JSON."""

    session_id: int
    design_id: int
    problem: str | None
    ended_at: str
    level: str
    payload: Any  # as :func:`_payload` gives it: critique.scorecard reads it


@dataclass(frozen=True, slots=True)
class ShareInfo:
    """A share link as its design's owner sees it listed (the token itself is never stored)."""

    id: int
    design_id: int
    version: int
    created_by: str | None
    created_at: str
    revoked_at: str | None
    title: str = ""  # the design's title, for "Shared with me"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class SharedVersion:
    """What a share link opens: the one version it names, read-only."""

    share: ShareInfo
    title: str
    owner: str | None
    saved: SavedVersion


class Draft(NamedTuple):
    """The autosaved work in progress of a design, between saved versions."""

    updated_at: str
    document: SketchDocument
    driver: str | None


class Decision(NamedTuple):
    """What the user decided about one finding of a version."""

    status: str  # "accepted" or "disputed"
    justification: str


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """The little of a DB-API connection the shared SQL needs; queries use ``?`` placeholders."""

    def execute(self, sql: str, args: Sequence[Any] = ()) -> Cursor: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def stream(self, sql: str, size: int) -> Iterator[list[Any]]:
        """The rows of a query in batches of ``size``, never all at once."""
        ...


def parse_id(text: object, what: str = "design") -> int:
    """An id typed by a person (a ``?design=`` link, ``--design``, ``--version``), or a clear ``ValueError``.

    Only plain ASCII digits count: Python's ``int`` also reads ``"1_000"``,
    ``" 7 "`` and Arabic-Indic digits, and nothing that large can be an id.

    >>> parse_id("42")
    42
    >>> parse_id("99999999999999999999")
    Traceback (most recent call last):
    ...
    ValueError: '99999999999999999999' is not a design id (a whole number from 1 to 9223372036854775807)
    """
    raw = str(text)
    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    problem = ValueError(f"{shown!r} is not a {what} id (a whole number from 1 to {MAX_ID})")
    if not raw or len(raw) > len(str(MAX_ID)) or not raw.isascii() or not raw.isdigit():
        raise problem
    value = int(raw)
    if not 1 <= value <= MAX_ID:
        raise problem
    return value


def checked_args(args: Sequence[Any]) -> Sequence[Any]:
    """Refuse integers no 64-bit column can hold, before a driver raises something unreadable."""
    for a in args:
        if isinstance(a, int) and not isinstance(a, bool) and not -MAX_ID - 1 <= a <= MAX_ID:
            shown = str(a) if len(str(a)) <= 30 else str(a)[:30] + "…"
            raise StoreError(f"{shown} is out of range: ids and numbers in the store run up to {MAX_ID}")
    return args


def one_line(text: object, limit: int = 240) -> str:
    """A driver's message fit to show: its first line, control characters made visible, clipped.

    Messages can quote stored bytes (SQLite's "Could not decode to UTF-8" does), so a damaged file
    must not reach the terminal or the page raw.

    >>> one_line("bad\\x1b[2Jthing\\nsecond line")
    'bad\\\\x1b[2Jthing'
    """
    first = (str(text).strip().splitlines() or [""])[0].strip()
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
                    for c in first)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def error_line(action: str, where: str, problem: str) -> str:
    """How every backend words a failure: a write says it was not saved, then where, then what."""
    return f"{'Not saved: ' if action == 'write' else ''}{where}: {problem}"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store(ABC):
    """Designs, versions, critiques, decisions, drafts, practice rounds and pairings.

    Every method is one short unit of work: reads run on their own, writes in
    one transaction each. One ``Store`` is shared by Streamlit's script threads,
    and several processes may open the same database at once.
    """

    #: Where the data lives, safe to show (a path, or a URL without its password).
    location: str
    #: The schema version before this process opened the database, and now.
    migrated_from: int
    schema_version: int

    #: Appended to a SELECT that must lock its rows until the transaction ends.
    FOR_UPDATE = ""

    def __init__(self, clock: Callable[[], str] = utc_now) -> None:
        self._clock = clock
        self.viewer: Viewer = EVERYONE
        self._view_of: Store | None = None  # the store this one is a view of (it owns the connections)

    def as_viewer(self, viewer: Viewer) -> Store:
        """This store as ``viewer`` sees it: the same connections, every listing and opening filtered.

        Cheap (a shallow copy); closing a view closes nothing.
        """
        view = copy.copy(self)
        view.viewer = viewer
        view._view_of = self._view_of or self
        return view

    # --- what a backend provides -------------------------------------------

    @abstractmethod
    def _read(self) -> AbstractContextManager[Connection]:
        """A connection for reads; backend errors leave it as :class:`StoreError`."""

    @abstractmethod
    def _write(self) -> AbstractContextManager[Connection]:
        """A connection inside one write transaction: committed on success, rolled back on any error."""

    @abstractmethod
    def _snapshot(self) -> AbstractContextManager[Connection]:
        """A connection in one read-only transaction: every query sees the same committed state (for copies)."""

    @abstractmethod
    def _after_copy(self, db: Connection) -> None:
        """Called inside the copy's transaction once every row is in (Postgres moves its id sequences on)."""

    @abstractmethod
    def _check_physical(self) -> bool:
        """The backend's own check of what it stores (SQLite's ``integrity_check``, the triggers)."""

    @abstractmethod
    def close(self) -> None:
        """Release connections (a pool's); the store is unusable afterwards."""

    def _is_view(self) -> bool:
        return self._view_of is not None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- who may read and change what ------------------------------------------

    def _mine(self, right: Right) -> tuple[str, tuple[Any, ...]]:
        """The condition on ``designs d`` that limits a query to the designs the viewer has ``right`` on."""
        if not self.viewer.owner_only(right):
            return "", ()
        return " AND d.owner = ?", (self.viewer.email,)

    _REFUSED = {
        Right.COMMENT: "only its owner and the group's coaches can critique it",
        Right.CHANGE: "only its owner can change it",
    }

    def _refusal(self, db: Connection, design_id: int, right: Right) -> StoreError:
        """Why a design the viewer asked for is out of reach: it is not there (or not theirs to read), or not theirs to change."""
        readable, args = self._mine(Right.READ)
        if db.execute(f"SELECT 1 FROM designs d WHERE d.id = ?{readable}", (design_id, *args)).fetchone() is None:
            return StoreError(f"design {design_id} does not exist")  # the same words for someone else's: nothing leaks
        return StoreError(f"design {design_id} belongs to someone else: {self._REFUSED[right]}")

    def _require_readable(self, db: Connection, design_id: int) -> None:
        """Refuse a design the viewer may not read (free when the viewer reads everything)."""
        readable, args = self._mine(Right.READ)
        if readable and db.execute(
            f"SELECT 1 FROM designs d WHERE d.id = ?{readable}", (design_id, *args)
        ).fetchone() is None:
            raise StoreError(f"design {design_id} does not exist")

    def _lock_design(self, db: Connection, design_id: int, right: Right = Right.CHANGE) -> None:
        """Hold the design's row until the transaction ends (Postgres), so saves to it queue one by one;
        refuse it unless the viewer has ``right`` on it.

        SQLite needs no row lock: ``BEGIN IMMEDIATE`` already serialises every writer.
        """
        mine, args = self._mine(right)
        if db.execute(
            f"SELECT 1 FROM designs d WHERE d.id = ?{mine}{self.FOR_UPDATE}", (design_id, *args)
        ).fetchone() is None:
            raise self._refusal(db, design_id, right)

    # --- designs -----------------------------------------------------------

    def create_design(self, title: str, problem: str | None = None) -> int:
        """A new design, owned by the signed-in viewer (no owner when sign-in is not configured)."""
        if self.viewer.signed_out:
            raise StoreError("sign in to create a design")
        now = self._clock()
        with self._write() as db:
            row = db.execute(
                "INSERT INTO designs (title, problem, created_at, updated_at, owner) VALUES (?, ?, ?, ?, ?) RETURNING id",
                (title, problem, now, now, self.viewer.email),
            ).fetchall()[0]
        return int(row[0])

    _DESIGNS = (
        "SELECT d.id, d.title, d.problem, d.created_at, d.updated_at, COUNT(v.number), d.owner "
        "FROM designs d LEFT JOIN versions v ON v.design_id = d.id "
    )

    def list_designs(self) -> list[DesignInfo]:
        """The designs the viewer may read, most recently changed first (a coach's list holds everyone's)."""
        mine, args = self._mine(Right.READ)
        with self._read() as db:
            rows = db.execute(
                self._DESIGNS + f"WHERE 1 = 1{mine} GROUP BY d.id ORDER BY d.updated_at DESC, d.id DESC", args
            ).fetchall()
        return [DesignInfo(*row) for row in rows]

    def get_design(self, design_id: int) -> DesignInfo:
        mine, args = self._mine(Right.READ)
        with self._read() as db:
            row = db.execute(self._DESIGNS + f"WHERE d.id = ?{mine} GROUP BY d.id", (design_id, *args)).fetchone()
        if row is None:
            raise StoreError(f"design {design_id} does not exist")
        return DesignInfo(*row)

    def may(self, design_id: int, right: Right) -> bool:
        """Whether the viewer has ``right`` on the design (pages ask it to show or hide what would be refused)."""
        mine, args = self._mine(right)
        with self._read() as db:
            return db.execute(f"SELECT 1 FROM designs d WHERE d.id = ?{mine}", (design_id, *args)).fetchone() is not None

    def retitle_design(self, design_id: int, title: str, problem: str | None) -> None:
        """Name a design (and its problem) before its first version, e.g. when a round starts on it."""
        with self._write() as db:
            self._lock_design(db, design_id)
            db.execute("UPDATE designs SET title = ?, problem = ?, updated_at = ? WHERE id = ?",
                       (title, problem, self._clock(), design_id))

    def set_owner(self, design_id: int, owner: str | None) -> None:
        """Give a design to someone (an operator's command: designs copied in from a laptop have no owner)."""
        with self._write() as db:
            if db.execute("UPDATE designs SET owner = ? WHERE id = ?", (owner, design_id)).rowcount != 1:
                raise StoreError(f"design {design_id} does not exist")

    def give_unowned(self, owner: str) -> int:
        """Give every design without an owner to ``owner`` (after ``db copy`` of one person's file); returns how many."""
        with self._write() as db:
            return db.execute("UPDATE designs SET owner = ? WHERE owner IS NULL", (owner,)).rowcount

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

        The number is the design's highest plus one, read after the design's
        row is locked (SQLite: the whole file, by ``BEGIN IMMEDIATE``), and the
        primary key (design, number) refuses a duplicate should a backend ever
        let two saves through at once. Two statements, so a save costs four
        round trips on Postgres with BEGIN and COMMIT. Raises :class:`StoreError`
        (and writes nothing) for a document that would not load back, so a
        version that was saved can always be opened.
        """
        text = _checked(document)
        digest = content_hash(document)
        payload = json.dumps([f.to_json() for f in findings], ensure_ascii=False)
        now = self._clock()
        with self._write() as db:
            # Updating the design first also locks its row (Postgres) until the commit, so a concurrent
            # save of the same design waits here, and then reads the maximum this one wrote.
            mine, who = self._mine(Right.CHANGE)
            if not db.execute(
                f"UPDATE designs AS d SET title = ?, problem = ?, updated_at = ? WHERE d.id = ?{mine} RETURNING id",
                (document.title, document.problem, now, design_id, *who),
            ).fetchall():
                raise self._refusal(db, design_id, Right.CHANGE)
            number = db.execute(
                "INSERT INTO versions (design_id, number, created_at, document, findings, content_hash, driver) "
                "SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ? FROM versions WHERE design_id = ? "
                "RETURNING number",
                (design_id, now, text, payload, digest, driver, design_id),
            ).fetchall()[0][0]
        return VersionInfo(design_id, int(number), now, digest, driver, _counts(findings))

    def list_versions(self, design_id: int) -> list[VersionInfo]:
        """A design's versions, oldest first."""
        with self._read() as db:
            self._require_readable(db, design_id)
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
        with self._read() as db:
            self._require_readable(db, design_id)
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
        number = self.latest_number(design_id)
        return None if number is None else self.load_version(design_id, number)

    def latest_number(self, design_id: int) -> int | None:
        """The newest version number, cheaply (for polling followers)."""
        with self._read() as db:
            self._require_readable(db, design_id)
            row = db.execute("SELECT MAX(number) FROM versions WHERE design_id = ?", (design_id,)).fetchone()
        return None if row[0] is None else int(row[0])

    # --- critiques ---------------------------------------------------------

    def _require_version(self, db: Connection, design_id: int, version: int) -> None:
        if db.execute("SELECT 1 FROM versions WHERE design_id = ? AND number = ?", (design_id, version)).fetchone() is None:
            raise StoreError(f"design {design_id} has no version {version}")

    def save_critique(self, design_id: int, version: int, mode: str, payload: Mapping[str, Any]) -> int:
        """Store a critique of one version; returns its id. Several per version and mode may exist.

        Its owner and the group's coaches may critique a design (:attr:`Right.COMMENT`).
        """
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        with self._write() as db:
            self._lock_design(db, design_id, Right.COMMENT)
            self._require_version(db, design_id, version)
            row = db.execute(
                "INSERT INTO critiques (design_id, version, mode, created_at, payload) VALUES (?, ?, ?, ?, ?) "
                "RETURNING id",
                (design_id, version, mode, self._clock(), text),
            ).fetchall()[0]
        return int(row[0])

    def update_critique(self, critique_id: int, payload: Mapping[str, Any]) -> None:
        """Replace a critique's payload (answers and follow-up rounds are added to it)."""
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        with self._write() as db:
            row = db.execute("SELECT design_id FROM critiques WHERE id = ?", (critique_id,)).fetchone()
            if row is None:
                raise StoreError(f"critique {critique_id} does not exist")
            self._lock_design(db, row[0], Right.COMMENT)
            db.execute("UPDATE critiques SET payload = ? WHERE id = ?", (text, critique_id))

    def find_critique(self, design_id: int, version: int, mode: str) -> StoredCritique | None:
        """The newest stored critique of this version in this mode, if any (its payload as :func:`_payload` gives it)."""
        with self._read() as db:
            self._require_readable(db, design_id)
            row = db.execute(
                "SELECT id, payload FROM critiques WHERE design_id = ? AND version = ? AND mode = ? "
                "ORDER BY id DESC LIMIT 1",
                (design_id, version, mode),
            ).fetchone()
        return None if row is None else StoredCritique(int(row[0]), _payload(row[1]))

    def list_critiques(self, design_id: int, version: int | None = None) -> list[CritiqueRow]:
        """A design's critiques (or one version's), oldest first.

        Payloads are as :func:`_payload` gives them: the critique stage reads them (``critique.payload``).
        """
        query = "SELECT id, version, mode, created_at, payload FROM critiques WHERE design_id = ?"
        args: tuple[Any, ...] = (design_id,)
        if version is not None:
            query += " AND version = ?"
            args += (version,)
        with self._read() as db:
            self._require_readable(db, design_id)
            rows = db.execute(query + " ORDER BY id", args).fetchall()
        return [CritiqueRow(i, v, m, at, _payload(p)) for i, v, m, at, p in rows]

    # --- decisions on findings --------------------------------------------

    def set_decision(self, design_id: int, version: int, finding_key: str, status: str | None, justification: str = "") -> None:
        """Mark a finding of a version accepted or disputed (``status=None`` clears it)."""
        with self._write() as db:
            self._lock_design(db, design_id)
            if status is None:
                db.execute(
                    "DELETE FROM decisions WHERE design_id = ? AND version = ? AND finding_key = ?",
                    (design_id, version, finding_key),
                )
                return
            if status not in ("accepted", "disputed"):
                raise StoreError(f"a decision is 'accepted' or 'disputed', not {status!r}")
            self._require_version(db, design_id, version)
            db.execute(
                "INSERT INTO decisions (design_id, version, finding_key, status, justification, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (design_id, version, finding_key) DO UPDATE SET "
                "status = excluded.status, justification = excluded.justification, updated_at = excluded.updated_at",
                (design_id, version, finding_key, status, justification, self._clock()),
            )

    def decisions(self, design_id: int, version: int) -> dict[str, Decision]:
        """``finding_key -> Decision`` for one version."""
        with self._read() as db:
            self._require_readable(db, design_id)
            rows = db.execute(
                "SELECT finding_key, status, justification FROM decisions WHERE design_id = ? AND version = ?",
                (design_id, version),
            ).fetchall()
        return {k: Decision(s, j) for k, s, j in rows}

    # --- drafts (autosave between versions) -------------------------------

    def save_draft(self, design_id: int, document: SketchDocument, driver: str | None = None) -> None:
        text = _checked(document)
        with self._write() as db:
            self._lock_design(db, design_id)
            db.execute(
                "INSERT INTO drafts (design_id, updated_at, document, driver) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (design_id) DO UPDATE SET updated_at = excluded.updated_at, "
                "document = excluded.document, driver = excluded.driver",
                (design_id, self._clock(), text, driver),
            )

    def load_draft(self, design_id: int) -> Draft | None:
        """The autosaved draft, if any."""
        with self._read() as db:
            self._require_readable(db, design_id)
            row = db.execute("SELECT updated_at, document, driver FROM drafts WHERE design_id = ?", (design_id,)).fetchone()
        return None if row is None else Draft(row[0], _document(row[1], f"draft of design {design_id}"), row[2])

    def delete_draft(self, design_id: int) -> None:
        """Forget the autosaved draft (the user chose the saved version over it)."""
        with self._write() as db:
            self._lock_design(db, design_id)
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

        The round remembers the newest critique id and the newest version number
        at its start, so the critique rounds counted at the end are exactly the
        ones asked during it, and a retried stage scores only what was saved since.
        ``start_phase`` is where its clock starts (a retried stage).
        """
        seconds = int(time_box.total_seconds())
        if seconds <= 0:
            raise StoreError("the time box must be positive")
        with self._write() as db:
            self._lock_design(db, design_id)
            if db.execute(
                "SELECT 1 FROM practice_sessions WHERE design_id = ? AND ended_at IS NULL", (design_id,)
            ).fetchone():
                raise StoreError(f"design {design_id} already has a practice round running; finish it first")
            mark = db.execute("SELECT COALESCE(MAX(id), 0) FROM critiques WHERE design_id = ?", (design_id,)).fetchone()[0]
            newest = db.execute("SELECT MAX(number) FROM versions WHERE design_id = ?", (design_id,)).fetchone()[0]
            session_id = db.execute(
                "INSERT INTO practice_sessions (design_id, problem, prompt, time_box_s, started_at, critique_mark, "
                "start_phase, version_mark) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (design_id, problem, prompt, seconds, _iso(started_at), mark,
                 None if start_phase is Phase.REQUIREMENTS else start_phase.value, newest),
            ).fetchall()[0][0]
        return self._practice_where("p.id = ?", (session_id,))[0]

    def open_practice(self, design_id: int) -> PracticeSession | None:
        """The round running on a design, if any (``None`` too for a design the viewer may not read)."""
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
            design_id, mark, ended = self._lock_round(db, session_id)
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

    def _lock_round(self, db: Connection, session_id: int) -> tuple[int, int, str | None]:
        """A round's design, critique mark and end, with the round and its design held until the transaction
        ends; refused unless the viewer may change the design."""
        row = db.execute(
            f"SELECT design_id, critique_mark, ended_at FROM practice_sessions WHERE id = ?{self.FOR_UPDATE}",
            (session_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"practice round {session_id} does not exist")
        self._lock_design(db, row[0])
        return row[0], row[1], row[2]

    def practice_log(self, limit: int = 500) -> list[PracticeSession]:
        """Every round across the designs the viewer may read, newest first."""
        return self._practice_where("1 = 1", (), limit=limit)

    def rounds_of(self, design_id: int) -> list[PracticeSession]:
        """The rounds practised on one design, newest first (open or finished; none for a design the viewer may not read)."""
        return self._practice_where("p.design_id = ?", (design_id,))

    def mark_revealed(self, session_id: int, version: int) -> None:
        """Remember that the reference was opened in a running round after ``version`` (only the first time).

        Only the round's owner marks it: a coach looking at someone's round changes nothing.
        """
        with self._write() as db:
            self._lock_round(db, session_id)
            db.execute(
                "UPDATE practice_sessions SET revealed_version = ? "
                "WHERE id = ? AND revealed_version IS NULL AND ended_at IS NULL",
                (version, session_id),
            )

    def _practice_where(self, where: str, args: tuple[Any, ...], limit: int = 500) -> list[PracticeSession]:
        mine, who = self._mine(Right.READ)
        where, args = f"{where}{mine}", (*args, *who)
        with self._read() as db:
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
            self._lock_design(db, design_id)
            db.execute(
                "INSERT INTO pairings (design_id, first, second, rotation_s, started_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (design_id) DO UPDATE SET first = excluded.first, second = excluded.second, "
                "rotation_s = excluded.rotation_s, started_at = excluded.started_at",
                (design_id, pairing.first, pairing.second, int(pairing.rotation.total_seconds()),
                 _iso(pairing.started_at)),
            )

    def pairing(self, design_id: int) -> Pairing | None:
        with self._read() as db:
            self._require_readable(db, design_id)
            row = db.execute(
                "SELECT first, second, rotation_s, started_at FROM pairings WHERE design_id = ?", (design_id,)
            ).fetchone()
        if row is None:
            return None
        first, second, rotation, started = row
        return Pairing(first, second, _parse_time(started), timedelta(seconds=rotation))

    def end_pairing(self, design_id: int) -> None:
        with self._write() as db:
            self._lock_design(db, design_id)
            db.execute("DELETE FROM pairings WHERE design_id = ?", (design_id,))

    # --- scorecards ---------------------------------------------------------------

    def save_scorecard(self, session_id: int, level: str, payload: Mapping[str, Any]) -> None:
        """Store (or replace, when the level changes) the scorecard of a finished round."""
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        with self._write() as db:
            _, _, ended = self._lock_round(db, session_id)
            if ended is None:
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
        """The scorecards of finished rounds the viewer may read, oldest first (the newest ``limit`` of them).

        A signed-in person's history is their own rounds; a coach's is the group's.
        """
        return self._scorecards_where("1 = 1", (), limit)

    def _scorecards_where(self, where: str, args: tuple[Any, ...], limit: int) -> list[StoredScorecard]:
        mine, who = self._mine(Right.READ)
        with self._read() as db:
            rows = db.execute(
                "SELECT s.session_id, p.design_id, p.problem, p.ended_at, s.level, s.payload "
                "FROM scorecards s JOIN practice_sessions p ON p.id = s.session_id "
                f"JOIN designs d ON d.id = p.design_id WHERE {where}{mine} "
                "ORDER BY p.ended_at DESC, s.session_id DESC LIMIT ?",
                (*args, *who, limit),
            ).fetchall()
        return [StoredScorecard(sid, did, prob, ended, level, _payload(raw))
                for sid, did, prob, ended, level, raw in reversed(rows)]

    # --- share links ----------------------------------------------------------

    _SHARES = "SELECT s.id, s.design_id, s.version, s.created_by, s.created_at, s.revoked_at, d.title FROM shares s " \
              "JOIN designs d ON d.id = s.design_id "

    def create_share(self, design_id: int, version: int) -> str:
        """A new read-only link to one saved version; returns its token (only its hash is stored).

        Only whoever may change the design may share it.
        """
        token = new_token()
        with self._write() as db:
            self._lock_design(db, design_id)
            self._require_version(db, design_id, version)
            db.execute(
                "INSERT INTO shares (token_hash, design_id, version, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                (hash_token(token), design_id, version, self.viewer.email, self._clock()),
            )
        return token

    def list_shares(self, design_id: int) -> list[ShareInfo]:
        """A design's share links, newest first, revoked ones included (for its owner's sidebar)."""
        mine, who = self._mine(Right.CHANGE)
        with self._read() as db:
            rows = db.execute(self._SHARES + f"WHERE s.design_id = ?{mine} ORDER BY s.id DESC",
                              (design_id, *who)).fetchall()
        return [ShareInfo(*row) for row in rows]

    def revoke_share(self, share_id: int) -> None:
        """End a link at once: whoever holds it, or opened it before, reads nothing more through it."""
        with self._write() as db:
            row = db.execute("SELECT design_id FROM shares WHERE id = ?", (share_id,)).fetchone()
            if row is None:
                raise StoreError(f"share link {share_id} does not exist")
            self._lock_design(db, row[0])
            db.execute("UPDATE shares SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                       (self._clock(), share_id))

    def open_share(self, token: str) -> SharedVersion:
        """The version a share link names, for anyone who holds it (signed in or not).

        A signed-in viewer who is not the owner is remembered, so the design
        appears under their "Shared with me" until the link is revoked.
        """
        digest = hash_token(token)
        gone = StoreError("this share link does not exist or has been revoked")
        if digest is None:
            raise gone
        with self._write() as db:
            row = db.execute(self._SHARES + "WHERE s.token_hash = ? AND s.revoked_at IS NULL", (digest,)).fetchone()
            if row is None:
                raise gone
            share = ShareInfo(*row)
            email = self.viewer.email
            if email:  # a signed-in person (not everyone, not signed out)
                db.execute(
                    "INSERT INTO share_visitors (share_id, email, first_opened_at) SELECT ?, ?, ? "
                    "WHERE NOT EXISTS (SELECT 1 FROM designs WHERE id = ? AND owner = ?) "
                    "ON CONFLICT (share_id, email) DO NOTHING",
                    (share.id, email, self._clock(), share.design_id, email),
                )
        return self._shared(share)

    def open_shared(self, share_id: int) -> SharedVersion:
        """A link from the viewer's "Shared with me" (the viewer opened it before, and it is still live)."""
        email = self.viewer.email
        with self._read() as db:
            row = db.execute(
                self._SHARES + "JOIN share_visitors w ON w.share_id = s.id "
                "WHERE s.id = ? AND w.email = ? AND s.revoked_at IS NULL", (share_id, email),
            ).fetchone()
        if row is None:
            raise StoreError("this share link does not exist or has been revoked")
        return self._shared(ShareInfo(*row))

    def shared_with_me(self) -> list[ShareInfo]:
        """The live links the signed-in viewer has opened, newest first (none without sign-in)."""
        if not self.viewer.email:
            return []
        with self._read() as db:
            rows = db.execute(
                self._SHARES + "JOIN share_visitors w ON w.share_id = s.id "
                "WHERE w.email = ? AND s.revoked_at IS NULL ORDER BY s.id DESC", (self.viewer.email,),
            ).fetchall()
        return [ShareInfo(*row) for row in rows]

    def _shared(self, share: ShareInfo) -> SharedVersion:
        with self._read() as db:
            owner = db.execute("SELECT owner FROM designs WHERE id = ?", (share.design_id,)).fetchone()[0]
            row = db.execute(
                "SELECT created_at, document, findings, content_hash, driver FROM versions "
                "WHERE design_id = ? AND number = ?", (share.design_id, share.version),
            ).fetchone()
        created, text, raw, digest, driver = row
        findings = _findings(raw, f"version {share.version}")
        saved = SavedVersion(VersionInfo(share.design_id, share.version, created, digest, driver, _counts(findings)),
                             _document(text, f"version {share.version}"), findings)
        return SharedVersion(share, saved.document.title or share.title, owner, saved)  # the title it had then

    def shared_critiques(self, share: ShareInfo) -> list[CritiqueRow]:
        """The critiques of the shared version (the link's reader sees what the critic asked, and the answers)."""
        with self._read() as db:
            rows = db.execute(
                "SELECT id, version, mode, created_at, payload FROM critiques WHERE design_id = ? AND version = ? "
                "ORDER BY id", (share.design_id, share.version),
            ).fetchall()
        return [CritiqueRow(i, v, m, at, _payload(p)) for i, v, m, at, p in rows]

    # --- health ----------------------------------------------------------------

    def integrity_ok(self) -> bool:
        """The backend's own check passes, and every design's versions run 1..N with no gap or duplicate."""
        if not self._check_physical():
            return False
        with self._read() as db:
            broken = db.execute(
                "SELECT design_id FROM versions GROUP BY design_id HAVING MAX(number) <> COUNT(*) OR MIN(number) <> 1"
            ).fetchone()
        return broken is None


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] += 1
    return counts


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
    """A stored payload decoded, or its text as stored when it is not valid JSON (a hand-edited row).

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
