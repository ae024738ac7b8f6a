"""Where the designs live, and the one way to open them: :func:`open_store`.

A plain path or ``sqlite:///absolute/path`` is an SQLite file (the default, in
a per-user data directory); ``postgresql://…`` (or ``postgres://…``) is a
shared Postgres database. The caller passes the environment in, so this
module stays pure and testable: it never reads the process environment itself.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import unquote

from design.store.base import Store, StoreError, utc_now
from design.store.sqlite import SqliteStore

__all__ = ["database_url", "default_db_path", "is_postgres", "open_store", "sqlite_path"]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_POSTGRES = ("postgresql", "postgres")


def default_db_path(environ: Mapping[str, str], home: Path | None = None, platform: str = sys.platform) -> Path:
    """The SQLite file used when ``SKETCHFIRST_DB`` names none: a per-user data directory.

    ``SKETCHFIRST_DB`` set to a path wins; a URL there is :func:`database_url`'s business.
    """
    explicit = environ.get("SKETCHFIRST_DB", "").strip()
    if explicit and not is_postgres(explicit) and not explicit.startswith("sqlite:"):
        return Path(explicit).expanduser()
    home = home or Path.home()
    if platform == "win32":
        base = Path(environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "sketchfirst" / "sketchfirst.db"


def database_url(environ: Mapping[str, str], home: Path | None = None, platform: str = sys.platform) -> str:
    """What to open: ``SKETCHFIRST_DB`` as given when it is a URL, else the SQLite file's path."""
    explicit = environ.get("SKETCHFIRST_DB", "").strip()
    if explicit and (is_postgres(explicit) or explicit.startswith("sqlite:")):
        return explicit
    return str(default_db_path(environ, home, platform))


def is_postgres(target: str | os.PathLike[str]) -> bool:
    m = _SCHEME.match(str(target))
    return bool(m) and m.group(1).lower() in _POSTGRES and str(target)[m.end():].startswith("//")


def sqlite_path(target: str | os.PathLike[str]) -> Path:
    """The file a plain path or an ``sqlite:`` URL names.

    >>> sqlite_path("sqlite:///var/lib/sketchfirst/designs.db").as_posix()
    '/var/lib/sketchfirst/designs.db'
    >>> sqlite_path("sqlite:designs.db").as_posix()
    'designs.db'
    """
    text = os.fspath(target)
    if isinstance(target, os.PathLike) or not text.startswith("sqlite:"):
        m = _SCHEME.match(text)
        if m and text[m.end():].startswith("//") and len(m.group(1)) > 1:  # a URL, not C:/…
            raise StoreError(
                f"{m.group(1)}://…: not a database Sketchfirst can open; use a file path, "
                "sqlite:///absolute/path or postgresql://user@host/database"
            )
        return Path(text).expanduser()
    rest = text[len("sqlite:"):]
    if rest.startswith("//"):
        rest = rest[2:]
        if not rest.startswith("/"):
            raise StoreError(f"{text}: an sqlite URL names a local file: sqlite:///absolute/path or sqlite:relative/path")
    path = unquote(rest.split("?", 1)[0])
    if not path:
        raise StoreError(f"{text}: the URL names no file")
    return Path(path).expanduser()


def open_store(target: str | os.PathLike[str], *, clock: Callable[[], str] = utc_now, create: bool = True) -> Store:
    """Open (and migrate) the store at a path or URL.

    ``create=False`` refuses a SQLite file that does not exist yet instead of
    creating an empty one (a copy's source, say). Close the store when done:
    a Postgres store holds a connection pool.
    """
    if not isinstance(target, os.PathLike) and is_postgres(target):
        from design.store.postgres import PostgresStore  # only deployments that use it pay for psycopg

        return PostgresStore(str(target), clock)
    return SqliteStore(sqlite_path(target), clock, create=create)
