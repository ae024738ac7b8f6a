"""Persistence: designs, their numbered immutable versions, critiques, drafts, decisions, practice rounds, scorecards and share links.

One interface (:class:`Store`), two backends: an SQLite file for one person
(the default) and Postgres for a group (``postgresql://…``). Open either with
:func:`open_store`.

>>> import tempfile, pathlib
>>> from design.model import SketchDocument
>>> from design.store import open_store
>>> store = open_store(pathlib.Path(tempfile.mkdtemp()) / "sketchfirst.db")
>>> design_id = store.create_design("Shop")
>>> store.save_version(design_id, SketchDocument(canvas={"objects": []}), findings=()).number
1
"""

from design.store.access import EVERYONE, SIGNED_OUT, Right, Viewer, normal_email, signed_in
from design.store.base import (
    MAX_ID,
    CritiqueRow,
    Decision,
    DesignInfo,
    Draft,
    SavedVersion,
    SharedVersion,
    ShareInfo,
    Store,
    StoredCritique,
    StoredScorecard,
    StoreError,
    VersionInfo,
    parse_id,
)
from design.store.copy import CopyReport, compare, copy_database
from design.store.location import database_url, default_db_path, is_postgres, open_store, sqlite_path
from design.store.migrations import MIGRATIONS

__all__ = [
    "EVERYONE",
    "MAX_ID",
    "MIGRATIONS",
    "SIGNED_OUT",
    "CopyReport",
    "CritiqueRow",
    "Decision",
    "DesignInfo",
    "Draft",
    "Right",
    "SavedVersion",
    "ShareInfo",
    "SharedVersion",
    "Store",
    "StoreError",
    "StoredCritique",
    "StoredScorecard",
    "VersionInfo",
    "Viewer",
    "compare",
    "copy_database",
    "database_url",
    "default_db_path",
    "is_postgres",
    "normal_email",
    "open_store",
    "parse_id",
    "signed_in",
    "sqlite_path",
]
