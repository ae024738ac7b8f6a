"""The embedded backend: one SQLite file, the default for one person on one machine.

Why SQLite: one file, transactional, in the standard library. A save is one
``BEGIN IMMEDIATE`` transaction that picks the next number and writes the
document, findings and content hash together, so a crash or a kill mid-save
leaves the last committed version intact (WAL journal), and two processes
saving at once get consecutive numbers without gaps or duplicates (the
immediate lock serialises writers; the busy timeout makes the second wait).

Versions cannot be changed or deleted once written: triggers refuse it.
Each call opens its own short connection, so one store can be shared by
Streamlit's script threads and by several processes; one more idle connection
keeps the WAL files in place while the store is open (see ``_keep_wal_open``).

Every ``sqlite3`` error leaves as :class:`~design.store.base.StoreError` with
one line that says what to do: a damaged file points at a backup and at
``sqlite3 .recover``; a full disk says the change was not saved.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from design.store.base import Store, StoreError, checked_args, error_line, one_line, utc_now
from design.store.migrations import MIGRATIONS

__all__ = ["BUSY_TIMEOUT_MS", "SqliteStore"]

BUSY_TIMEOUT_MS = 15_000
#: Free space below which an I/O error is reported as a full disk.
FULL_BELOW = 1 << 20
_TRIGGERS = ("versions_no_delete", "versions_no_update")


class _Connection:
    """``sqlite3.Connection`` behind the shared store's small connection interface."""

    __slots__ = ("raw",)

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.raw.execute(sql, checked_args(args))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.raw.executemany(sql, [checked_args(r) for r in rows])

    def stream(self, sql: str, size: int) -> Iterator[list[Any]]:
        cur = self.raw.execute(sql)
        while batch := cur.fetchmany(size):
            yield batch


class SqliteStore(Store):
    """Designs and everything that hangs off them in one SQLite file."""

    def __init__(self, path: str | os.PathLike[str], clock: Callable[[], str] = utc_now, *, create: bool = True):
        super().__init__(clock)
        self.path = Path(path)
        self.location = str(self.path)
        if not create and not self.path.is_file():
            raise StoreError(f"{self.path}: no such database file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the database ({exc.strerror})") from None
        with self._connect("open") as db:
            db.execute("PRAGMA journal_mode=WAL")
            self._migrate(db)
        self._keeper = self._keep_wal_open()

    def _keep_wal_open(self) -> sqlite3.Connection | None:
        """One idle connection for the store's lifetime, so the WAL and its shared-memory file stay in place.

        Without it the last call to close deletes them and the next call creates them again; on a full
        disk that creation fails, and then even reads fail. With them kept, reads go on working and only
        a save that needs more room is refused. The connection holds no transaction, so it never blocks
        a writer or a checkpoint.
        """
        try:
            keeper = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
            keeper.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # maps the WAL index
            return keeper
        except sqlite3.Error:
            return None  # only a convenience: every call still opens its own connection

    def close(self) -> None:
        """Close the idle connection that keeps the WAL in place (every call closes its own)."""
        if self._is_view():  # a viewer's view shares the connections of the store it was made from
            return
        keeper, self._keeper = getattr(self, "_keeper", None), None
        if keeper is not None:
            keeper.close()

    def _after_copy(self, db: _Connection) -> None:
        """Nothing to move on: an INTEGER PRIMARY KEY continues after the highest row by itself."""

    # --- connections and errors ------------------------------------------------

    @contextmanager
    def _connect(self, action: str) -> Iterator[_Connection]:
        """A short connection; any ``sqlite3`` error inside becomes one readable :class:`StoreError`."""
        try:
            raw = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(self._message(exc, action)) from None
        try:
            raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            raw.execute("PRAGMA foreign_keys=ON")
            raw.execute("PRAGMA synchronous=NORMAL")
            yield _Connection(raw)
        except sqlite3.Error as exc:
            raise StoreError(self._message(exc, action)) from None
        finally:
            raw.close()

    def _message(self, exc: sqlite3.Error, action: str) -> str:
        """What went wrong, in one line, with what the user can do about it."""
        name = getattr(exc, "sqlite_errorname", "") or ""
        detail = one_line(exc) or name
        if detail.startswith("Could not decode to UTF-8"):  # bytes that were text are not text any more
            name, detail = "SQLITE_CORRUPT", "a stored text is not valid UTF-8"
        where, quoted = self.location, shlex.quote(self.location)
        recover = f"restore it from a backup, or recover what is readable: sqlite3 {quoted} .recover | sqlite3 recovered.db"
        if name.startswith("SQLITE_NOTADB"):
            problem = f"cannot open the database ({detail}); if this file held your designs it is damaged: {recover}"
        elif name.startswith("SQLITE_CORRUPT"):
            problem = f"the database file is damaged ({detail}); {recover}"
        elif name.startswith("SQLITE_FULL") or (name.startswith("SQLITE_IOERR") and self._disk_full()):
            # A full disk often shows as an I/O error: SQLite cannot even size the WAL's shared-memory file.
            problem = f"the disk is full ({detail}); free some space and try again"
        elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            problem = f"the database is busy: another process held it for over {BUSY_TIMEOUT_MS // 1000} s ({detail})"
        elif name.startswith("SQLITE_READONLY"):
            problem = f"the database cannot be written ({detail})"
        elif name.startswith("SQLITE_CANTOPEN"):
            problem = f"cannot open the database file ({detail})"
        elif name.startswith("SQLITE_IOERR"):
            problem = f"the disk failed to read or write ({detail})"
        elif name.startswith("SQLITE_CONSTRAINT"):
            problem = f"the database refused the change ({detail})"
        elif action == "open":
            problem = f"cannot open the database ({detail})"
        else:
            problem = f"database error ({detail})"
        return error_line(action, where, problem)

    def _disk_full(self) -> bool:
        try:
            return shutil.disk_usage(self.path.parent).free < FULL_BELOW
        except OSError:
            return False

    @contextmanager
    def _read(self) -> Iterator[_Connection]:
        with self._connect("read") as db:
            yield db

    @contextmanager
    def _write(self) -> Iterator[_Connection]:
        with self._connect("write") as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                _rollback(db.raw)
                raise
            db.execute("COMMIT")

    @contextmanager
    def _snapshot(self) -> Iterator[_Connection]:
        with self._connect("read") as db:
            db.execute("BEGIN")  # WAL: every read in this transaction sees the same committed state
            try:
                yield db
            finally:
                _rollback(db.raw)

    def _migrate(self, db: _Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            current = db.execute("PRAGMA user_version").fetchone()[0]
            if current > len(MIGRATIONS):
                raise StoreError(f"{self.path}: written by a newer Sketchfirst (schema {current}); upgrade Sketchfirst")
            for n in range(current, len(MIGRATIONS)):
                for statement in _split_sql(MIGRATIONS[n].sqlite):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version={n + 1}")
        except BaseException:
            _rollback(db.raw)
            raise
        db.execute("COMMIT")
        self.migrated_from, self.schema_version = current, len(MIGRATIONS)

    def _check_physical(self) -> bool:
        """SQLite's page-by-page check, the foreign keys, and the triggers that keep versions immutable."""
        with self._read() as db:
            pages = db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            keys = db.execute("PRAGMA foreign_key_check").fetchone() is None
            triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        return pages and keys and set(_TRIGGERS) <= triggers


def _rollback(raw: sqlite3.Connection) -> None:
    """Roll back if a transaction is still open; after some errors SQLite has already done it."""
    if raw.in_transaction:
        with suppress(sqlite3.Error):  # closing the connection rolls back too
            raw.execute("ROLLBACK")


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
