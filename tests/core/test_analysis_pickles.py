"""The app caches each analysis with ``st.cache_data``, which pickles it: every analysis must pickle.

Importing ``news-feed-read-path.mmd`` crashed the page: the sync-only graph
was a networkx view whose filter is a local lambda.
"""

from __future__ import annotations

import pickle

import pytest

from design.analysis.analyze import analyze_document
from design.readers.dispatch import read_import
from support.opened import split
from support.paths import EXAMPLES, TESTS

DESIGNS = sorted(p for p in (TESTS / "fidelity" / "corpus").iterdir() if not p.name.endswith(".key.json"))
DESIGNS += sorted(EXAMPLES.glob("*.canvas.json"))
OPENED, _REFUSED = split(DESIGNS)  # sequence and C4 diagrams are refused on import (checked in test_fit)


@pytest.mark.parametrize("path", OPENED, ids=lambda p: p.name)
def test_analysis_pickles(path):
    document = read_import(path.name, path.read_bytes()).document
    result = analyze_document(document)
    assert pickle.loads(pickle.dumps(result)).findings == result.findings
