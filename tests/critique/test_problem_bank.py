"""Every problem in the bank is checked as data a user will trust: it loads, its reference design analyses clean
(or says why not), its estimates follow from its own arithmetic, and its reference is drawn readably.

The checks run per problem, so a failure names the problem; none is tuned to one file.
"""

from __future__ import annotations

import json

import pytest

from critique.problems import REQUIRED_FIGURES, load_problems
from critique.reference import explanation, reference_design, reference_path, reference_text, unexplained
from design.analysis.analyze import analyze_document
from design.canvas.fit import fit_canvas
from design.model.geometry import Box, Point
from design.model.sketch import Kind, Severity
from design.readers.dispatch import read_design
from design.sizing.estimates import derive
from support.paths import ROOT

BANK = ROOT / "examples" / "problems"
PROBLEMS = load_problems(BANK)
IDS = sorted(PROBLEMS)
#: The app's canvas (app.py CANVAS_WIDTH, CANVAS_HEIGHT): a reference must open in it at full size.
CANVAS = (760.0, 500.0)
#: A box's label is drawn as a chip above its top-left corner at 16 px; 8.6 px a character is DejaVu Sans,
#: what Chromium's system-ui falls back to on Linux (the widest of the usual fonts), plus 12 px of padding.
CHIP_CHAR, CHIP_PAD, CHIP_H = 8.6, 12.0, 24.0
#: The arithmetic written in a problem file may round; this much is rounding, more is a mistake.
ROUNDING = 0.05


def _chip(box: Box, label: str) -> Box:
    return Box(box.left, box.top - CHIP_H - 2, CHIP_CHAR * len(label) + CHIP_PAD, CHIP_H)


def _overlap(a: Box, b: Box, margin: float = 0.0) -> bool:
    return a.left < b.right + margin and b.left < a.right + margin and a.top < b.bottom + margin and b.top < a.bottom + margin


def test_the_bank_has_at_least_thirty_problems_with_unique_ids():
    assert len(PROBLEMS) >= 30, sorted(PROBLEMS)
    files = sorted(p.stem for p in BANK.glob("*.json"))
    assert files == IDS  # one problem per file, named by its id (load_problems refuses duplicates)
    titles = [p.title.lower() for p in PROBLEMS.values()]
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize("pid", IDS)
def test_checklists_and_phases_are_filled_in(pid):
    p = PROBLEMS[pid]
    assert p.schema == 2
    functional = [c for c in p.checklist if c.kind == "functional"]
    non_functional = [c for c in p.checklist if c.kind == "non_functional"]
    assert functional and non_functional
    assert all(c.keywords for c in p.checklist), "every checklist item needs keywords to be matched by"
    assert p.practises
    assert p.reference is not None and p.estimates is not None


@pytest.mark.parametrize("pid", IDS)
def test_reference_has_no_high_finding_it_does_not_explain(pid):
    design = reference_design(PROBLEMS[pid])
    left = unexplained(design, Severity.HIGH)
    assert not left, [f"{f.rule} {f.elements}: {f.message}" for f in left]
    # An explanation must explain something: a stale one would hide the next real finding.
    for e in design.explained:
        assert any(explanation(design, f) == e for f in design.findings), f"{pid}: nothing left for {e}"


@pytest.mark.parametrize("pid", IDS)
def test_estimates_follow_from_the_problems_own_arithmetic(pid):
    p = PROBLEMS[pid]
    assert p.estimates is not None
    ours = derive(p.scale)
    assert ours is not None
    recomputed = {
        "daily_users": p.scale["daily_users"],
        "peak_read_qps": ours.peak_read_qps,
        "peak_write_qps": ours.peak_write_qps,
        "storage_gb_per_year": ours.storage_gb_per_year,
        "bandwidth_mbps": ours.bandwidth_mbps,
    }
    band = p.estimates.tolerance
    assert set(REQUIRED_FIGURES) <= set(p.estimates.figures)
    for key, stated in p.estimates.figures.items():
        value = recomputed[key]
        assert value is not None and max(stated / value, value / stated) <= band, (key, stated, value)
        assert abs(stated - value) <= ROUNDING * value, f"{key}: {stated} written, {value:.4g} computed"
    steps = {s.what: s.value for s in ours.steps}
    written = {s.step: s.value for s in p.estimates.working}
    assert {"requests per day", "peak reads", "peak writes", "storage per year"} <= set(written)
    for step, value in written.items():
        assert abs(value - steps[step]) <= ROUNDING * steps[step], f"{step}: {value} written, {steps[step]:.4g} computed"


@pytest.mark.parametrize("pid", IDS)
def test_every_why_line_names_a_component_the_analysis_recognises_as_intended(pid):
    p = PROBLEMS[pid]
    assert p.reference is not None
    design = reference_design(p)
    by_label = {}
    for c in design.sketch.components:
        assert c.label not in by_label, f"two components read as {c.label!r}"
        by_label[c.label] = c
    for spec in p.reference.components:
        assert spec.label in by_label, f"{spec.label!r} is not a component of the drawn reference"
        assert by_label[spec.label].kind is spec.kind, (spec.label, by_label[spec.label].kind)
        assert spec.why.strip()
    assert set(design.why) == {c.id for c in design.sketch.components}, "a component without a why-line"
    assert not [c for c in design.sketch.components if c.kind is Kind.UNKNOWN]


@pytest.mark.parametrize("pid", IDS)
def test_the_reference_reads_back_as_drawn(pid):
    p = PROBLEMS[pid]
    assert p.reference is not None
    design = reference_design(p)
    labels = {c.id: c.label for c in design.sketch.components}
    drawn = sorted((labels[f.source], labels[f.target], f.label) for f in design.sketch.flows)
    assert drawn == sorted((f.source, f.target, f.label) for f in p.reference.flows)
    assert not design.sketch.dangling and not design.sketch.texts and not design.sketch.notes


@pytest.mark.parametrize("pid", IDS)
def test_the_reference_document_on_disk_is_current_and_opens(pid):
    p = PROBLEMS[pid]
    path = reference_path(BANK, pid)
    assert path.read_text() == reference_text(p), f"run scripts/build_references.py to rewrite {path.name}"
    doc = read_design(path.name, path.read_bytes())  # what the app's import and the CLI read
    assert doc.problem == pid and doc.source == "example"
    assert analyze_document(doc).findings == reference_design(p).findings


@pytest.mark.parametrize("pid", IDS)
def test_the_reference_is_laid_out_readably_on_the_apps_canvas(pid):
    design = reference_design(PROBLEMS[pid])
    comps = design.sketch.components
    chips = {c.id: _chip(c.box, c.label) for c in comps}
    width, height = CANVAS
    for i, a in enumerate(comps):
        assert a.box.right <= width and a.box.bottom <= height and chips[a.id].right <= width, f"{a.label} is off the canvas"
        assert chips[a.id].top >= 0, f"{a.label}'s label is above the canvas"
        for b in comps[i + 1:]:
            assert not _overlap(a.box, b.box, 10), (a.label, b.label)
            assert not _overlap(chips[a.id], chips[b.id]), f"the labels of {a.label} and {b.label} overlap"
        for b in comps:
            assert a is b or not _overlap(chips[a.id], b.box), f"{a.label}'s label covers {b.label}"
    for f in design.sketch.flows:
        for c in comps:
            if c.id in (f.source, f.target):
                continue
            points = [Point(f.start.x + (f.end.x - f.start.x) * t / 50, f.start.y + (f.end.y - f.start.y) * t / 50)
                      for t in range(51)]
            assert min(c.box.distance(q) for q in points) >= 4, f"{f.id} runs through {c.label}"
    for o in design.document.canvas["objects"]:
        if o["type"] == "IText":
            text = Box(o["left"] - o["width"] / 2, o["top"] - o["height"] / 2, o["width"], o["height"])
            assert not any(_overlap(text, c.box) for c in comps), f"the flow label {o['text']!r} covers a box"
    # It fits as it is: opening it in the app does not shrink it.
    assert fit_canvas(design.document.canvas, *CANVAS) == dict(design.document.canvas)


def test_reference_files_belong_to_problems():
    files = sorted(p.stem for p in (BANK / "references").glob("*.json"))
    assert files == IDS
    for path in (BANK / "references").glob("*.json"):
        assert json.loads(path.read_text())["problem"] == path.stem
