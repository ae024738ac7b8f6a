"""The version diff: sketch changes, findings resolved or introduced, probes answered."""

from __future__ import annotations

from critique.payload import view
from design.analysis.analyze import analyze_document
from design.model.corrections import Correction
from design.model.document import SketchDocument
from design.model.geometry import Box
from design.model.sketch import Category, Component, Finding, Kind, Severity, Sketch
from design.practice.diff import ProbeRecord, diff_findings, diff_probes, diff_sketches, diff_versions, probe_records
from support.canvas_builder import box, drawing, line


def analysed(*objects, corrections=None):
    return analyze_document(SketchDocument(canvas=drawing(*objects), corrections=corrections or {}))


V1 = (box("Web app", 40, 40), box("Postgres", 400, 40), line(120, 80, 460, 80))
# v2: a load balancer and an API in front of the database, Postgres now with a replica count.
V2 = (
    box("Web app", 40, 40),
    box("Load balancer", 40, 200),
    box("API x3", 220, 200),
    box("Postgres", 400, 40),
    line(100, 110, 100, 230),  # web app -> load balancer
    line(150, 240, 260, 240),  # load balancer -> api
    line(330, 230, 460, 100),  # api -> postgres
)


def test_identical_versions_have_an_empty_diff():
    a = analysed(*V1)
    d = diff_versions((1, a.sketch, a.findings), (1, a.sketch, a.findings))
    assert d.empty
    assert d.sketch.empty and d.findings.empty


def test_components_and_flows_added_and_removed():
    a, b = analysed(*V1), analysed(*V2)
    d = diff_sketches(a.sketch, b.sketch)
    assert [c.id for c in d.added] == ["api", "load-balancer"]
    assert d.removed == ()
    assert sorted((f.source, f.target) for f in d.flows_added) == [
        ("api", "postgres"), ("load-balancer", "api"), ("web-app", "load-balancer"),
    ]
    assert [(f.source, f.target) for f in d.flows_removed] == [("web-app", "postgres")]
    # The reverse direction is the mirror image.
    back = diff_sketches(b.sketch, a.sketch)
    assert [c.id for c in back.removed] == ["api", "load-balancer"]
    assert [(f.source, f.target) for f in back.flows_added] == [("web-app", "postgres")]


def test_kind_and_replica_changes_are_reported_per_component():
    a = analysed(*V1)
    b = analysed(*V1, corrections={"postgres": Correction(Kind.DATABASE, 3), "web-app": Correction(Kind.SERVICE)})
    d = diff_sketches(a.sketch, b.sketch)
    assert d.added == d.removed == ()
    changes = {c.id: c.describe() for c in d.changed}
    assert changes == {"postgres": "replicas 1 → 3", "web-app": "kind client → service"}


def test_a_relabelled_box_is_one_change_and_its_flows_follow():
    a = analysed(box("Web app", 40, 40), box("DB", 400, 40), line(120, 80, 460, 80))
    b = analysed(box("Web app", 40, 40), box("Postgres x2", 402, 41), line(120, 80, 460, 80))
    d = diff_sketches(a.sketch, b.sketch)
    assert [(r.before.id, r.after.id) for r in d.relabelled] == [("db", "postgres")]
    assert d.added == d.removed == ()
    # The flow into the renamed box is the same flow, not one removed and one added.
    assert d.flows_added == d.flows_removed == ()
    assert [c.describe() for c in d.changed] == ["replicas 1 → 2"]


def test_far_apart_boxes_are_not_mistaken_for_a_relabel():
    a = analysed(box("DB", 400, 40))
    b = analysed(box("Cache", 40, 300))
    d = diff_sketches(a.sketch, b.sketch)
    assert d.relabelled == ()
    assert [c.id for c in d.removed] == ["db"] and [c.id for c in d.added] == ["cache"]


def test_parallel_flows_count_as_a_multiset():
    one = Sketch(components=_comps("a", "b"), flows=_flows(("a", "b")))
    two = Sketch(components=_comps("a", "b"), flows=_flows(("a", "b"), ("a", "b")))
    d = diff_sketches(one, two)
    assert len(d.flows_added) == 1 and d.flows_removed == ()


def test_findings_resolved_and_introduced_by_key():
    a, b = analysed(*V1), analysed(*V2)
    d = diff_findings(a.findings, b.findings)
    resolved = {f.key for f in d.resolved}
    introduced = {f.key for f in d.introduced}
    assert "DSA001:postgres,web-app->postgres" in resolved  # no more direct database access from the client
    both = {f.key for f in a.findings} & {f.key for f in b.findings}
    assert both and {f.key for f in d.kept} == both  # e.g. Postgres is still not replicated
    assert not resolved & introduced
    assert {f.key for f in b.findings} == introduced | {f.key for f in d.kept}


def test_findings_keep_the_analysis_order():
    hi = Finding("R1", Category.SINGLE_POINT_OF_FAILURE, Severity.HIGH, ("a",), "high one")
    lo = Finding("R2", Category.ORPHAN_COMPONENT, Severity.LOW, ("b",), "low one")
    d = diff_findings((), (hi, lo))
    assert d.introduced == (hi, lo)


def test_probe_records_answers_on_the_probe_or_beside_it():
    payload = {
        "probes": [
            {"question": "What if Postgres dies?", "targets": ["postgres"], "answer": "  A standby takes over. "},
            {"question": "Why no cache?", "targets": ["api", 3]},
            {"question": "   "},
            "not a probe",
            {"question": "Peak QPS?", "targets": []},
        ],
        "answers": {"1": "Reads are rare", "4": ""},
    }
    probes = probe_records(2, "stress", view(payload))
    # Numbered as shown: the unreadable two are left out, so "Peak QPS?" is the third question.
    assert [(p.index, p.question, p.targets, p.answer) for p in probes] == [
        (0, "What if Postgres dies?", ("postgres",), "A standby takes over."),
        (1, "Why no cache?", ("api",), "Reads are rare"),
        (2, "Peak QPS?", (), ""),
    ]
    assert probe_records(1, "stress", view({"probes": "nope"})) == ()
    assert probe_records(1, "stress", view({})) == ()
    assert probe_records(1, "stress", view("not JSON")) == ()


def test_probes_between_versions_are_those_asked_before_the_later_one():
    probes = [
        ProbeRecord(1, "stress", 0, "q1", answer="a"),
        ProbeRecord(1, "stress", 1, "q2"),
        ProbeRecord(2, "stress", 0, "q3", answer="b"),
        ProbeRecord(3, "stress", 0, "q4", answer="c"),
    ]
    d = diff_probes(probes, 1, 3)
    assert [p.question for p in d.answered] == ["q1", "q3"]
    assert [p.question for p in d.open] == ["q2"]
    assert diff_probes(probes, 3, 1) == d
    assert diff_probes(probes, 2, 2).answered == ()


def test_answered_probes_alone_make_a_diff_non_empty():
    a = analysed(*V1)
    d = diff_versions((1, a.sketch, a.findings), (2, a.sketch, a.findings), [ProbeRecord(1, "stress", 0, "q", answer="a")])
    assert not d.empty and d.sketch.empty and d.findings.empty


def _comps(*ids: str) -> tuple[Component, ...]:
    return tuple(Component(i, i, Kind.SERVICE, 1, Box(100.0 * n, 0, 50, 50)) for n, i in enumerate(ids))


def _flows(*pairs: tuple[str, str]):
    from design.model.geometry import Point
    from design.model.sketch import Flow

    return tuple(Flow(f"{s}->{t}-{n}", s, t, "", Point(0, 0), Point(1, 1)) for n, (s, t) in enumerate(pairs))
