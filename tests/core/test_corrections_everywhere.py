"""A kind or replica correction is respected everywhere: analysis, the CLI contract, every export, the critique.

Issue 3 asks for it in one sentence; each shell reaches the sketch through
``design.analysis.analyze.sketch_of``, and this test holds them all to it, so a shell
that re-recognised the raw canvas would fail here.
"""

from __future__ import annotations

import json

from critique.models import Mode
from critique.prompt import user_message
from critique.request import request_for
from design.analysis.analyze import analyze_document
from design.analysis.json_contract import analysis_json
from design.exports.formats import export_bytes
from design.exports.markdown import markdown_report
from design.exports.mermaid import mermaid_text
from design.exports.subject import subject_for
from design.model.corrections import Correction
from design.model.document import SketchDocument
from design.model.sketch import Kind
from design.readers.dispatch import read_import

CANVAS = {"version": "7.4.0", "objects": [
    {"type": "LabeledRect", "label": "Web app", "left": 20, "top": 20, "width": 140, "height": 60,
     "originX": "left", "originY": "top"},
    {"type": "LabeledRect", "label": "Thing", "left": 400, "top": 20, "width": 140, "height": 60,
     "originX": "left", "originY": "top"},
    {"type": "Line", "left": 280, "top": 50, "x1": -190, "y1": 0, "x2": 190, "y2": 0,
     "originX": "center", "originY": "center"},
]}


def doc(corrections: dict[str, Correction] | None = None) -> SketchDocument:
    return SketchDocument(canvas=CANVAS, title="Corrected", corrections=corrections or {})


def rules(d: SketchDocument) -> set[str]:
    return {f.rule for f in analyze_document(d).findings}


def test_the_uncorrected_box_is_unknown_and_no_datastore_rule_fires():
    result = analyze_document(doc())
    assert {c.id: c.kind for c in result.sketch.components}["thing"] is Kind.UNKNOWN
    assert "DSA001" not in rules(doc()) and "REPL001" not in rules(doc())


def test_a_kind_correction_drives_the_analysis_and_a_replica_correction_silences_replication():
    as_db = doc({"thing": Correction(kind=Kind.DATABASE)})
    assert {"DSA001", "REPL001"} <= rules(as_db)
    replicated = doc({"thing": Correction(kind=Kind.DATABASE, replicas=2)})
    assert "DSA001" in rules(replicated) and "REPL001" not in rules(replicated)


def test_the_cli_contract_and_the_json_export_carry_the_corrected_kind():
    d = doc({"thing": Correction(kind=Kind.DATABASE, replicas=2)})
    result = analyze_document(d)
    contract = analysis_json(result.sketch, result.findings)
    assert {"id": "thing", "label": "Thing", "kind": "database", "replicas": 2} in contract["components"]
    exported = json.loads(export_bytes(subject_for(d), "json"))
    assert exported["document"]["corrections"] == {"thing": {"kind": "database", "replicas": 2}}
    # Re-imported, the export reads as the corrected design, not the raw drawing.
    again = analyze_document(read_import("x.json", json.dumps(exported)).document)
    assert {c.id: (c.kind, c.replicas) for c in again.sketch.components}["thing"] == (Kind.DATABASE, 2)


def test_mermaid_markdown_and_excalidraw_show_the_corrected_kind():
    d = doc({"thing": Correction(kind=Kind.DATABASE)})
    subject = subject_for(d)
    assert '[("Thing")]' in mermaid_text(subject), "a corrected datastore is drawn as a cylinder"
    assert "DSA001" in markdown_report(subject)
    plain_md = markdown_report(subject_for(doc()))
    assert "DSA001" not in plain_md
    scene = json.loads(export_bytes(subject, "excalidraw"))
    back = read_import("x.excalidraw", json.dumps(scene))
    assert {c.id: c.kind for c in analyze_document(back.document).sketch.components}["thing"] is Kind.DATABASE


def test_the_critique_request_and_prompt_see_the_corrected_kind_and_findings():
    d = doc({"thing": Correction(kind=Kind.DATABASE)})
    request = request_for(d, Mode.STRESS)
    assert {c.id: c.kind for c in request.sketch.components}["thing"] is Kind.DATABASE
    assert "DSA001" in {f.rule for f in request.findings}
    assert 'id="thing" kind="database"' in user_message(request)
    assert 'id="thing" kind="unknown"' in user_message(request_for(doc(), Mode.STRESS))
