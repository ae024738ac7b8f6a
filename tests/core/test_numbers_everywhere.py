"""The numbers of a drawing wherever the sketch goes: JSON export (and its migration), Markdown, picture, diff."""

from __future__ import annotations

import json

import pytest

from design.analysis.analyze import analyze_document
from design.analysis.numbers import Status
from design.exports.formats import export_bytes
from design.exports.json_export import export_json
from design.exports.markdown import markdown_report
from design.exports.subject import ExportSubject, scene_for, subject_for
from design.model.document import SketchDocument
from design.practice.diff import diff_numbers, diff_versions
from design.readers.dispatch import read_import
from design.readers.json_export import EXPORT_SCHEMA, ExportFormatError, read_export
from support.canvas_builder import box, drawing, line
from support.paths import EXAMPLES

REQUIREMENTS = "- redirect in < 50 ms\n- four nines\n- 10k QPS\n- shorten a URL"


def shortener(requirements: str = REQUIREMENTS) -> SketchDocument:
    doc = read_import("u.canvas.json", (EXAMPLES / "url-shortener.canvas.json").read_bytes()).document
    return SketchDocument(doc.canvas, title="URL shortener", requirements=requirements)


def test_the_json_export_carries_the_model_under_analysis_and_reads_back():
    subject = subject_for(shortener(), version=2, saved_at="2026-12-01T10:00:00+00:00")
    data = export_json(subject)
    assert data["schema"] == EXPORT_SCHEMA == 2
    assert data["analysis"]["model"]["slowest"]["p99_ms"] == 105
    statuses = [[t["status"] for t in r["targets"]] for r in data["analysis"]["requirements"]]
    assert statuses == [["not_met"], ["met"], ["not_met"], []]
    back = read_export(json.loads(json.dumps(data)))
    assert back.document.requirements == REQUIREMENTS and back.meta.version == 2


def test_a_schema_1_export_still_imports_and_reexports_as_schema_2():
    subject = subject_for(shortener(), version=1, saved_at="2026-11-28T09:00:00+00:00")
    old = export_json(subject)
    old["schema"] = 1
    for key in ("model", "requirements"):
        del old["analysis"][key]  # what an export written before the numbers looked like
    back = read_export(old)
    again = export_json(subject_for(back.document, version=back.meta.version, saved_at=back.meta.saved_at))
    assert again == export_json(subject)
    with pytest.raises(ExportFormatError, match="newer than this Sketchfirst understands"):
        read_export({**old, "schema": 3})


def test_the_markdown_report_checks_every_target_and_shows_the_working():
    md = markdown_report(subject_for(shortener()))
    section = md[md.index("## Numbers"):md.index("## Components")]
    assert "| Requirement | Target | Model | Status |" in section
    assert "| redirect in < 50 ms |" not in section  # user text is escaped: "<" becomes "&lt;"
    assert "| redirect in &lt; 50 ms | p99 ≤ 50 ms | 60 ms at p99 on Users → Load balancer x2 → Shortener API x3 → " \
           "Redis cache (cluster) | ❌ not met |" in section
    assert "✅ met" in section and section.count("❌ not met") == 2
    assert "1 requirement line (see Notes) states no number" in section
    assert "- Slowest path, p99: Users 0 ms + Load balancer x2 5 ms + Shortener API x3 50 ms + ID generator x2 50 ms " \
           "= 105 ms" in section
    assert "- Monthly cost: ID generator x2: 2 × \\$140 = \\$280;" in section


def test_the_picture_badges_the_slowest_path_and_the_weakest_hop():
    subject = subject_for(shortener())
    scene = scene_for(subject)
    marks = [(b.text, b.outline) for b in scene.badges if b.outline]
    assert marks == [("105ms", True), ("2k/s", True)]
    by_text = {b.text: b for b in scene.badges}
    boxes = {b.id: b.box for b in scene.boxes}
    # On the slowest path's last component and on the weakest hop, along their bottom edges.
    assert by_text["105ms"].center.y == boxes["id-generator"].bottom
    assert by_text["2k/s"].center.y == boxes["postgres-primary-replica"].bottom
    assert scene.legend_title == "Findings and numbers"
    svg = export_bytes(subject, "svg").decode()
    assert ">105ms</text>" in svg and 'fill="#ffffff" stroke="#00796b"' in svg


def test_a_drawing_with_nothing_to_time_has_no_number_marks():
    doc = SketchDocument(drawing(box("Static site (S3)", 20, 20)))
    scene = scene_for(subject_for(doc))
    assert not any(b.outline for b in scene.badges)


def _versions():
    """v1: one API and one Postgres; v2: three APIs and a replicated Postgres (the same places on the canvas)."""
    def doc(api: str, db: str) -> SketchDocument:
        return SketchDocument(drawing(box("Users", 20, 20), box(api, 260, 20), box(db, 500, 20),
                                      line(90, 50, 330, 50), line(330, 50, 570, 50)),
                              requirements="p99 under 90 ms\n99.9% uptime")
    return analyze_document(doc("API", "Postgres")), analyze_document(doc("API x3", "Postgres primary/replica"))


def test_the_version_diff_reports_the_numbers_that_moved():
    v1, v2 = _versions()
    moved = diff_numbers(v1.numbers, v2.numbers)
    # v1: 99.5% × 99.5% = 99.0025%; v2: 99.9999875% × 99.9975% = 99.99748..%. Latency is the same (100 ms p99: the
    # hops did not change), the ceiling doubles (1k → 2k: the writes on Postgres's one primary now bind first),
    # and the cost goes from 140 + 260 to 420 + 520: +$540.
    assert moved.describe() == "availability 99.002% → 99.99748%, ceiling 1k → 2k requests/s, +$540/month"
    assert moved.checklist == (("99.9% uptime", "≥ 99.9% available", Status.NOT_MET, Status.MET),)
    diff = diff_versions((1, v1.sketch, v1.findings), (2, v2.sketch, v2.findings), numbers=(v1.numbers, v2.numbers))
    assert diff.numbers == moved and not diff.empty
    same = diff_numbers(v1.numbers, v1.numbers)
    assert same.empty and same.describe() == ""


def test_latency_deltas_are_signed_milliseconds():
    fast = analyze_document(SketchDocument(drawing(box("Users", 20, 20), box("API", 260, 20), box("Redis cache", 500, 20),
                                                   line(90, 50, 330, 50), line(330, 50, 570, 50)))).numbers
    v1, _ = _versions()
    # Postgres (50 ms at p99, 5 at p50) became a Redis cache (5 and 1): p99 100 → 55, p50 15 → 11.
    assert diff_numbers(v1.numbers, fast).describe().startswith("p99 −45 ms, p50 −4 ms")
    assert diff_numbers(fast, v1.numbers).describe().startswith("p99 +45 ms, p50 +4 ms")


def test_a_subject_built_without_the_numbers_gets_them_from_its_document():
    # The app builds its export subject field by field; its exports must carry the numbers all the same.
    full = subject_for(shortener())
    bare = ExportSubject(full.document, full.sketch, full.findings)
    assert bare.numbers is None and bare.model.slowest == full.model.slowest
    assert export_json(bare)["analysis"]["requirements"] == export_json(full)["analysis"]["requirements"]
    assert markdown_report(bare) == markdown_report(full)
