"""Both backends behind one test fixture: a real SQLite file, or a fresh database on a real Postgres."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg

from design.store import Store, open_store


@dataclass
class Backend:
    """Where one test's store lives; every store it opens is closed when the test ends."""

    name: str  # "sqlite" or "postgres"
    url: str  # a file path for SQLite, a postgresql:// URL for Postgres
    opened: list[Store] = field(default_factory=list)

    def open(self, **kw: Any) -> Store:
        store = open_store(self.url, **kw)
        self.opened.append(store)
        return store

    @contextmanager
    def raw(self) -> Iterator[Any]:
        """A plain driver connection, in autocommit, to poke at the database behind the store's back."""
        if self.name == "sqlite":
            with closing(sqlite3.connect(self.url, isolation_level=None)) as db:
                yield db
        else:
            with psycopg.connect(self.url, autocommit=True) as db:
                yield db

    def errors(self) -> tuple[type[BaseException], ...]:
        """The driver's own integrity errors (what a trigger or a constraint raises on a raw connection)."""
        return (sqlite3.IntegrityError,) if self.name == "sqlite" else (psycopg.errors.RaiseException,
                                                                       psycopg.IntegrityError)

    def close(self) -> None:
        while self.opened:
            self.opened.pop().close()
