"""Persistence: designs, their numbered immutable versions, critiques, drafts, decisions and practice rounds.

>>> import tempfile, pathlib
>>> from design.model import SketchDocument
>>> from design.store import Store
>>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "sketchfirst.db")
>>> design_id = store.create_design("Shop")
>>> store.save_version(design_id, SketchDocument(canvas={"objects": []}), findings=()).number
1
"""

from design.store.sqlite import SavedVersion, Store, StoreError, default_db_path

__all__ = ["SavedVersion", "Store", "StoreError", "default_db_path"]
