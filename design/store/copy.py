"""Move a whole database from one store to another (SQLite → Postgres, or back), then prove nothing changed.

Why rows and not the store's methods: a copy must keep what the methods would
renumber or rewrite (ids, version numbers, timestamps, the exact text of every
document and its hash), so it moves each table's rows as they are, parents
before children, in one transaction on the target: a failure leaves the
target as empty as it was. The source is read in one snapshot, so a copy taken
while the app runs is consistent.

The target must be empty: ids are kept, so merging into a database that
already has designs would collide. :func:`compare` then reads both sides in
key order and reports every table whose rows differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from design.store.base import Store, StoreError
from design.store.migrations import TABLES, Table

__all__ = ["CopyReport", "compare", "copy_database"]

BATCH = 200
_LABELS = {
    "designs": "designs", "versions": "versions", "critiques": "critiques", "decisions": "decisions",
    "drafts": "drafts", "practice_sessions": "practice rounds", "pairings": "pairings",
    "scorecards": "scorecards", "shares": "share links", "share_visitors": "share visitors",
}


@dataclass(frozen=True)
class CopyReport:
    """How many rows of each table were copied (in :data:`~design.store.migrations.TABLES` order)."""

    rows: dict[str, int]

    def summary(self) -> str:
        return ", ".join(f"{n} {_LABELS.get(t, t)}" for t, n in self.rows.items())


def _select(table: Table) -> str:
    return f"SELECT {', '.join(table.columns)} FROM {table.name} ORDER BY {', '.join(table.key)}"


def _row_counts(store: Store) -> dict[str, int]:
    with store._read() as db:
        return {t.name: int(db.execute(f"SELECT COUNT(*) FROM {t.name}").fetchone()[0]) for t in TABLES}


def copy_database(source: Store, target: Store, batch: int = BATCH) -> CopyReport:
    """Copy every row of ``source`` into the empty ``target`` in one transaction; returns the counts.

    Both stores must be at the same schema (opening them migrates both to this
    release's). Raises :class:`StoreError` and leaves the target untouched when
    anything fails.
    """
    if source.location == target.location:
        raise StoreError(f"{source.location}: the source and the target are the same database")
    if source.schema_version != target.schema_version:
        raise StoreError(f"schema {source.schema_version} in {source.location} but {target.schema_version} in "
                         f"{target.location}: open both with the same Sketchfirst first")
    held = {t: n for t, n in _row_counts(target).items() if n}
    if held:
        raise StoreError(f"{target.location}: not empty ({CopyReport(held).summary()}); "
                         "db copy only fills an empty database, so that every id stays what it was")
    rows: dict[str, int] = {}
    at = ""
    try:
        with source._snapshot() as src, target._write() as dst:
            for table in TABLES:
                insert = (f"INSERT INTO {table.name} ({', '.join(table.columns)}) "
                          f"VALUES ({', '.join('?' * len(table.columns))})")
                count = 0
                for chunk in src.stream(_select(table), batch):
                    at = f"{table.name}, rows {count + 1}-{count + len(chunk)}"
                    dst.executemany(insert, chunk)
                    count += len(chunk)
                rows[table.name] = count
            at = "the id sequences"
            target._after_copy(dst)
    except StoreError as exc:
        if not at:
            raise
        reason = str(exc).removeprefix("Not saved: ")
        raise StoreError(f"nothing was copied: the copy failed at {at}: {reason}") from None
    return CopyReport(rows)


def compare(a: Store, b: Store, limit: int = 10) -> list[str]:
    """Every difference between two stores' rows (up to ``limit``), table by table in key order; ``[]`` if none."""
    differences: list[str] = []
    with a._snapshot() as left, b._snapshot() as right:
        for table in TABLES:
            query = _select(table)
            width = len(table.key)
            lrows = (r for chunk in left.stream(query, BATCH) for r in chunk)
            rrows = (r for chunk in right.stream(query, BATCH) for r in chunk)
            for lrow, rrow in zip_longest(lrows, rrows):
                if lrow is not None and rrow is not None and _same(lrow, rrow):
                    continue
                differences.append(_difference(table, width, lrow, rrow, a.location, b.location))
                if len(differences) >= limit:
                    return differences
    return differences


def _same(lrow: Any, rrow: Any) -> bool:
    """Equal value by value and type by type (``1`` and ``"1"``, or ``1`` and ``1.0``, are not the same row)."""
    return len(lrow) == len(rrow) and all(type(x) is type(y) and x == y for x, y in zip(lrow, rrow, strict=True))


def _difference(table: Table, width: int, lrow: Any, rrow: Any, left: str, right: str) -> str:
    if rrow is None:
        return f"{table.name} {tuple(lrow[:width])}: only in {left}"
    if lrow is None:
        return f"{table.name} {tuple(rrow[:width])}: only in {right}"
    if tuple(lrow[:width]) != tuple(rrow[:width]):
        return f"{table.name}: row {tuple(lrow[:width])} in {left} faces {tuple(rrow[:width])} in {right}"
    columns = [c for c, x, y in zip(table.columns, lrow, rrow, strict=True) if x != y or type(x) is not type(y)]
    return f"{table.name} {tuple(lrow[:width])}: {', '.join(columns)} differ"
