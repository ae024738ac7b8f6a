"""Mermaid's own parser (mermaid-js under Node) on our exports and on the import corpus.

Our exports must render wherever Mermaid renders, and the import corpus must
be Mermaid that Mermaid itself accepts (so the importer is tested on real
syntax, not on what we imagined). Needs Node and ``npm ci --prefix tests/js
--ignore-scripts``; without them the tests skip and say why (or fail under
``SKETCHFIRST_REQUIRE_NODE=1``).
"""

from __future__ import annotations

import html

import pytest

from design.exports.mermaid import mermaid_text
from design.model.labels import clean_label
from design.readers.mermaid import find_flowchart
from support.mermaid_js import mermaid_parser
from support.paths import MERMAID_CORPUS, example_names
from support.subjects import HOSTILE, hostile_subject, subject_of

CORPUS = MERMAID_CORPUS


@pytest.fixture(scope="module")
def mermaid_parse():
    """A function: list of Mermaid texts → list of results from mermaid.parse()."""
    return mermaid_parser()


def test_every_export_parses_with_mermaid(mermaid_parse):
    texts = [mermaid_text(subject_of(name)) for name in example_names()] + [mermaid_text(hostile_subject())]
    results = mermaid_parse(texts)
    for text, result in zip(texts, results, strict=True):
        assert result.get("ok") and result["type"] == "flowchart-v2", f"{result.get('error')}\n---\n{text[:2000]}"


def test_the_import_corpus_is_real_mermaid(mermaid_parse):
    files = sorted(CORPUS.iterdir())
    texts = [find_flowchart(p.read_text())[0] if p.suffix == ".md" else p.read_text() for p in files]
    for path, result in zip(files, mermaid_parse(texts), strict=True):
        assert result.get("ok"), f"{path.name}: {result.get('error')}"


def test_the_parser_check_can_fail(mermaid_parse):
    """The harness itself: text mermaid rejects is reported as rejected."""
    bad = ['flowchart LR\n  a[""] --> b', "flowchart LR\n  a -->", "flowchart LR\n  a -> b"]
    assert [r["ok"] for r in mermaid_parse(bad)] == [False, False, False]


def _mermaid_text_of(label: str) -> str:
    """A vertex text as mermaid holds it (entity codes kept as placeholders), decoded to what a reader sees."""
    return html.unescape(label.replace("\ufb02\u00b0\u00b0", "&#").replace("\ufb02\u00b0", "&").replace("\u00b6\u00df", ";"))


def test_hostile_labels_parse_to_exactly_the_same_nodes_and_edges(mermaid_parse):
    """Mermaid's own parser sees one node per component holding the cleaned label, and one edge per flow."""
    subject = hostile_subject()
    text = mermaid_text(subject)
    (result,) = mermaid_parse([text])
    assert result.get("ok"), result.get("error")
    vertices = dict(result["vertices"])
    assert len(vertices) == len(subject.sketch.components) == len(HOSTILE) + 2
    # A note (a label's later lines) follows its name after <br>, as a Mermaid author writes it.
    expected = sorted((clean_label(c.label) or " ") + "".join("<br>" + ln for ln in c.note.split("\n") if ln)
                      for c in subject.sketch.components)
    assert sorted(_mermaid_text_of(t) for t in vertices.values()) == expected
    assert len(result["edges"]) == len(subject.sketch.flows)
    assert {v for e in result["edges"] for v in e} <= set(vertices)


def test_exports_of_groups_pools_notes_and_two_way_flows_parse_with_mermaid(mermaid_parse):
    from design.exports.subject import subject_for
    from design.readers.dispatch import read_import

    source = ("flowchart LR\n  u[Users] --> lb[LB]\n  subgraph az [us-east-1a]\n    a1[App 1]\n    a2[App 2]\n  end\n"
              '  lb --> a1 & a2\n  a1 & a2 --> db[("Orders DB<br>Postgres")]\n  a1 <--> c[Cache]\n'
              "  a1 -->|charge| p[Payments]\n  p -->|result| a1\n")
    text = mermaid_text(subject_for(read_import("d.mmd", source).document))
    (result,) = mermaid_parse([text])
    assert result.get("ok") and result["type"] == "flowchart-v2", f"{result.get('error')}\n---\n{text}"
