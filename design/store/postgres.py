"""The shared backend: Postgres, for a group on one server (``SKETCHFIRST_DB=postgresql://…``).

Why Postgres: several app processes, on several machines, write one set of
designs, and operators already know how to run, back up and watch it. The
SQL is the shared store's; this module adds the connection pool (psycopg 3
with ``psycopg_pool``; connections are checked before use, so a restarted
server costs a reconnect rather than an error), the row lock that makes saves
to one design queue up (``FOR NO KEY UPDATE`` on the design, so the next
number is read after the previous save committed; the primary key on
(design, number) would refuse a duplicate regardless), and one-line errors.

A save is one transaction. When the server goes away mid-save, Postgres rolls
the transaction back: nothing of it is kept, and the user hears "Not saved".
Only a connection lost during COMMIT itself is ambiguous, and the message
says so.

Migrations run on a direct connection when the store opens, under an advisory
lock, so that a server that is down or a wrong password fails at once with
the server's own reason, and two processes starting together migrate once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool, PoolClosed, PoolTimeout

from design.store.base import Store, StoreError, checked_args, error_line, one_line, utc_now
from design.store.migrations import MIGRATIONS

__all__ = ["PostgresStore", "redact_url"]

#: Held while migrating, so concurrent starts apply each migration once ("sketchf" in ASCII).
MIGRATION_LOCK = 0x736B6574636866
#: How long a save waits for another save of the same design (SQLite's busy timeout is the same).
LOCK_TIMEOUT = "15s"
_TRIGGERS = ("versions_no_delete", "versions_no_truncate", "versions_no_update")


def redact_url(url: str) -> str:
    """The URL without its password, for messages and logs.

    >>> redact_url("postgresql://ada:s3cret@db.example:5432/sketchfirst")
    'postgresql://ada:***@db.example:5432/sketchfirst'
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://…"
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        if ":" in user:
            user = user.split(":", 1)[0] + ":***"
        netloc = f"{user}@{host}"
    query = "&".join(
        f"{k}=***" if k.lower() == "password" else f"{k}={v}" if sep else k
        for k, sep, v in (item.partition("=") for item in parts.query.split("&") if item)
    )
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe="/%"), query, ""))


@lru_cache(maxsize=256)
def _pg_sql(sql: str) -> str:
    """The shared SQL's ``?`` placeholders as psycopg's ``%s`` (the queries hold no other ``?`` or ``%``)."""
    return sql.replace("%", "%%").replace("?", "%s")


class _Connection:
    """A psycopg connection behind the shared store's small connection interface."""

    __slots__ = ("raw",)

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, args: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        return self.raw.execute(_pg_sql(sql), checked_args(args))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.raw.cursor() as cur:
            cur.executemany(_pg_sql(sql), [checked_args(r) for r in rows])

    def stream(self, sql: str, size: int) -> Iterator[list[Any]]:
        """Rows in batches from a server-side cursor, so a big table never sits in memory whole."""
        with self.raw.cursor(name="sketchfirst_stream") as cur:
            cur.itersize = size
            cur.execute(_pg_sql(sql))
            while batch := cur.fetchmany(size):
                yield batch


def _configure(conn: psycopg.Connection[Any]) -> None:
    conn.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")


class PostgresStore(Store):
    """Designs and everything that hangs off them in a Postgres database shared by many processes."""

    FOR_UPDATE = " FOR NO KEY UPDATE"

    def __init__(
        self,
        url: str,
        clock: Callable[[], str] = utc_now,
        *,
        pool_size: int = 10,
        timeout: float = 3.0,
    ):
        super().__init__(clock)
        self.location = redact_url(url)
        try:
            params: dict[str, Any] = dict(conninfo_to_dict(url))
        except psycopg.Error as exc:
            raise StoreError(f"{self.location}: not a usable Postgres URL ({_first_line(exc)})") from None
        params.setdefault("connect_timeout", "5")
        params.setdefault("application_name", "sketchfirst")
        self._params = params
        with self._direct("open") as conn:
            self._migrate(conn)
        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            kwargs={**params, "autocommit": True},
            min_size=1,
            max_size=pool_size,
            open=False,
            timeout=timeout,
            # Give up a failing reconnection soon; the next request starts a fresh attempt at once.
            reconnect_timeout=10.0,
            check=ConnectionPool.check_connection,
            configure=_configure,
            name="sketchfirst",
        )
        self._pool.open(wait=False)

    def close(self) -> None:
        """Close the pool (a viewer's view shares its store's pool, and closes nothing)."""
        if self._is_view():
            return
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.close()

    # --- connections and errors ------------------------------------------------

    @contextmanager
    def _direct(self, action: str) -> Iterator[psycopg.Connection[Any]]:
        """One connection outside the pool (migrations, and finding out why the pool cannot connect)."""
        try:
            conn = psycopg.connect(**self._params, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(self._message(exc, action, connecting=True)) from None
        try:
            with conn:
                _configure(conn)
                yield conn
        except psycopg.Error as exc:
            raise StoreError(self._message(exc, action)) from None

    @contextmanager
    def _connection(self, action: str) -> Iterator[psycopg.Connection[Any]]:
        """A pooled connection; when the pool has none ready in time, a direct one (or the server's reason why not).

        After an outage the pool retries with growing pauses, so for a while it may have no connection
        although the server is back; a direct connection bridges that gap instead of failing a save.
        """
        try:
            with ExitStack() as stack:
                try:
                    conn = stack.enter_context(self._pool.connection())
                except PoolTimeout:
                    conn = stack.enter_context(self._direct(action))
                yield conn
        except PoolClosed:
            raise StoreError(f"{self.location}: the store has been closed") from None
        except psycopg.Error as exc:
            raise StoreError(self._message(exc, action)) from None

    def _message(self, exc: psycopg.Error, action: str, *, connecting: bool = False) -> str:
        """What went wrong, in one line, with what the operator or user can do about it."""
        detail = _first_line(exc)
        state = getattr(exc, "sqlstate", None) or ""
        if state == "53100":
            problem = f"the database server's disk is full ({detail})"
        elif state.startswith("53"):
            problem = f"the database server is out of resources ({detail})"
        elif state.startswith("XX"):
            problem = f"the database is damaged ({detail}); restore it from a backup (docs/DEPLOY.md)"
        elif state == "55P03":
            problem = f"the design is busy: another save held it for over {LOCK_TIMEOUT} ({detail})"
        elif state == "25006":
            problem = f"the database is read-only, a standby perhaps ({detail})"
        elif state == "42501":
            problem = f"the database role lacks a permission ({detail}); see docs/DEPLOY.md"
        elif state.startswith("23"):
            problem = f"the database refused the change ({detail})"
        elif connecting:
            problem = f"cannot connect to the database server ({detail})"
        elif state.startswith(("57P", "08")) or isinstance(exc, psycopg.OperationalError):
            problem = f"lost the connection to the database server ({detail})"
        else:
            problem = f"database error ({detail})"
        return error_line(action, self.location, problem)

    @contextmanager
    def _read(self) -> Iterator[_Connection]:
        with self._connection("read") as conn:
            yield _Connection(conn)

    @contextmanager
    def _write(self) -> Iterator[_Connection]:
        with self._connection("write") as conn:
            conn.execute("BEGIN")
            yield _Connection(conn)  # an error in here leaves the pool's context, which rolls back
            try:
                conn.execute("COMMIT")
            except psycopg.OperationalError as exc:
                if not conn.broken:
                    raise
                raise StoreError(
                    f"{self.location}: the connection was lost while committing ({_first_line(exc)}); "
                    "the change may or may not have been kept: reload to see"
                ) from None

    @contextmanager
    def _snapshot(self) -> Iterator[_Connection]:
        with self._connection("read") as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield _Connection(conn)
            finally:
                with suppress(psycopg.Error):
                    conn.execute("ROLLBACK")

    def _after_copy(self, db: _Connection) -> None:
        """Identity columns continue after the highest copied id, not from 1."""
        for table in ("designs", "critiques", "practice_sessions", "shares"):
            db.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"
            )

    def _migrate(self, conn: psycopg.Connection[Any]) -> None:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS sketchfirst_schema ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            current = conn.execute("SELECT COALESCE(MAX(version), 0) FROM sketchfirst_schema").fetchone()[0]  # type: ignore[index]
            if current > len(MIGRATIONS):
                raise StoreError(f"{self.location}: written by a newer Sketchfirst (schema {current}); upgrade Sketchfirst")
            for n in range(current, len(MIGRATIONS)):
                conn.execute(MIGRATIONS[n].postgres)  # several statements: allowed without parameters
                conn.execute(
                    "INSERT INTO sketchfirst_schema (version, name, applied_at) VALUES (%s, %s, %s)",
                    (n + 1, MIGRATIONS[n].name, self._clock()),
                )
        self.migrated_from, self.schema_version = current, len(MIGRATIONS)

    def _check_physical(self) -> bool:
        """The triggers that keep versions immutable are there and enabled (a server has no file check for clients)."""
        with self._read() as db:
            enabled = db.execute(
                "SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = 'versions'::regclass AND tgenabled <> 'D' "
                "AND tgname IN (?, ?, ?)",
                _TRIGGERS,
            ).fetchone()[0]
        return enabled == len(_TRIGGERS)


def _first_line(exc: BaseException) -> str:
    return one_line(exc) or type(exc).__name__
