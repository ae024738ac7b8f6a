"""The app caches each analysis with ``st.cache_data``, which pickles it: every analysis must pickle.

Importing ``news-feed-read-path.mmd`` crashed the page: the sync-only graph
was a networkx view whose filter is a local lambda.
"""

from __future__ import annotations

import pickle

import pytest

from design.analysis.analyze import analyze_document
from design.readers.dispatch import InputError, read_import
from support.paths import EXAMPLES, TESTS

DESIGNS = sorted(p for p in (TESTS / "fidelity" / "corpus").iterdir() if not p.name.endswith(".key.json"))
DESIGNS += sorted(EXAMPLES.glob("*.canvas.json"))


@pytest.mark.parametrize("path", DESIGNS, ids=lambda p: p.name)
def test_analysis_pickles(path):
    try:
        document = read_import(path.name, path.read_bytes()).document
    except InputError:
        pytest.skip("not an architecture drawing")
    result = analyze_document(document)
    assert pickle.loads(pickle.dumps(result)).findings == result.findings
