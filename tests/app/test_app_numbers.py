"""The numbers in the browser shell: the requirements checklist, a component's own figures, the picture's number
badges and the version history's deltas, driven through AppTest and the canvas seam.

The design used throughout, with the packaged table's figures (``tests/core/test_numbers_model.py``):
Users → API → Orders DB (write), API → Stripe. One API (99.5%, p99 50 ms, $140), one database (99.5%,
p99 50 ms, $260), Stripe a third party (99.95%, no latency figure, priced per use).
"""

from __future__ import annotations

import ast
from pathlib import Path

from design.analysis.analyze import analyze_document
from design.canvas.emit import to_canvas
from design.model.document import SketchDocument
from design.picture.png import screen_png
from design.picture.scene import build_scene
from design.store import open_store
from support.apptest import Keys, bound_key, draw, opened, scoped, texts
from support.paths import ROOT
from support.sketch_dsl import design
from ui.resources import MAX_IMAGE_WIDTH, annotated_png

CHECKOUT = to_canvas(design("Users -> API", "API -> Orders DB: write", "API -> Stripe"))

REQUIREMENTS = "\n".join([
    "- Place an order",  # no number: stays text
    "- 99% available",  # 99.5% × 99.5% = 99.0025%: 0.9975% of the 1% downtime allowed, past 80%: at risk
    "- 99.9% uptime",  # 99.0025% < 99.9%: not met
    "- p99 under 500 ms",  # the DB path is 100 ms, the Stripe path 50 ms + Stripe's unknown hop: cannot tell
    "- 50 QPS",  # 25 reads + 25 writes/s against 1k/s per API node and 1k writes/s on the primary: met
])


def checklist(at) -> dict[str, str]:
    """Each target row of the checklist by its requirement line: the status words it shows."""
    rows = {}
    for e in at.get("expander"):
        label = e.label
        for status in ("✔ met", "▲ at risk", "✖ not met", "? cannot tell"):
            if f"[{status}]" in label:
                rows[label.rsplit(" — ", 1)[1].replace("\\", "")] = status.split(" ", 1)[1]
    return rows


def with_requirements(text: str = REQUIREMENTS):
    at = draw(opened(), CHECKOUT)
    at.text_area(key=bound_key(at, Keys.requirements)).set_value(text).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_checklist_shows_every_status_and_the_lines_that_state_no_number():
    at = with_requirements()
    assert checklist(at) == {"99% available": "at risk", "99.9% uptime": "not met", "p99 under 500 ms": "cannot tell",
                             "50 QPS": "met"}
    body = texts(at)
    assert "Place an order — states no number to check" in body
    assert "1 not met · 1 at risk · 1 cannot tell · 1 met" in body
    # The missing piece is named, with where to set it; the reason and the arithmetic are in the row.
    assert "Missing: no latency figure for Stripe: set one in Components" in body
    assert "API: 99.5%" in body and "in series: 99.5% (API) × 99.5% (Orders DB) = 99.002%" in body
    # The model's headline figures, each expandable to its working.
    assert "Slowest path: 100 ms at p99, 15 ms at p50" in body
    assert "Users 0 ms + API 50 ms + Orders DB 50 ms = 100 ms" in body


def test_the_checklist_follows_every_notes_edit_and_every_stroke():
    at = with_requirements()
    assert checklist(at)["99.9% uptime"] == "not met"
    at.text_area(key=bound_key(at, Keys.requirements)).set_value(REQUIREMENTS.replace("99.9% uptime", "95% uptime")).run()
    rows = checklist(at)
    assert rows["95% uptime"] == "met" and "99.9% uptime" not in rows
    # A stroke: a second database box and a replica count drawn into the labels (API x3, Orders DB x2).
    draw(at, to_canvas(design("Users -> API x3", "API x3 -> Orders DB x2: write", "API x3 -> Stripe")))
    # API 1 − 0.005³ = 99.9999875%, DB 1 − 0.005² = 99.9975%: 99.99749%, well inside 99%: met now.
    assert checklist(at)["99% available"] == "met"


def test_a_figure_set_in_components_answers_cannot_tell_and_is_saved_with_the_sketch(tmp_path):
    at = with_requirements()
    # The checklist's button opens Stripe's figures in Components.
    at.button(key=scoped(Keys.set_figures, "3-0", "stripe")).click().run()
    assert at.session_state[Keys.figures_pick] == "stripe"
    p99 = scoped(Keys.figure, at.session_state[Keys.canvas_gen], "stripe", "p99_ms")
    assert at.number_input(key=p99).placeholder == "table: none"
    at.number_input(key=p99).set_value(300.0).run()
    # 0 + 50 + 300 = 350 ms, 70% of 500: met; the working says whose figure it is.
    assert checklist(at)["p99 under 500 ms"] == "met"
    body = texts(at)
    assert "Stripe 300 ms (your figure)" in body
    assert "The model uses: p50 300 ms, p99 300 ms (yours)" in body
    assert at.session_state[Keys.corrections]["stripe"] == {"p99_ms": 300.0}

    # A median slower than the p99 is refused, and the field goes back to what was kept.
    p50 = scoped(Keys.figure, at.session_state[Keys.canvas_gen], "stripe", "p50_ms")
    at.number_input(key=p50).set_value(900.0).run()
    assert "Not set: the median (900 ms) cannot be slower than the p99 (300 ms)." in texts(at)
    assert at.session_state[Keys.corrections]["stripe"] == {"p99_ms": 300.0}
    assert at.number_input(key=p50).value is None

    # Availability is typed in percent and kept as a fraction; it moves the availability rows.
    api = scoped(Keys.figure, at.session_state[Keys.canvas_gen], "api", "availability")
    at.selectbox(key=Keys.figures_pick).select("api").run()
    at.number_input(key=api).set_value(99.99).run()
    assert at.session_state[Keys.corrections]["api"] == {"availability": 0.9999}
    # 99.99% × 99.5% = 99.49%: 99% is met now, 99.9% still not.
    rows = checklist(at)
    assert rows["99% available"] == "met" and rows["99.9% uptime"] == "not met"

    at.button(key=Keys.save).click().run()
    assert "Saved as v1" in texts(at)
    store = open_store(tmp_path / "sketchfirst.db")
    (saved_design,) = store.list_designs()
    saved = store.latest_version(saved_design.id)
    assert saved.document.corrections["stripe"].p99_ms == 300
    assert saved.document.corrections["api"].availability == 0.9999

    # A new session opens the saved version with its figures, and the checklist as it was.
    again = opened({"design": str(saved_design.id)})
    assert checklist(again)["p99 under 500 ms"] == "met"

    # "Use the table's figures" drops them: Stripe cannot be timed again.
    again.selectbox(key=Keys.figures_pick).select("stripe").run()
    again.button(key=scoped(Keys.reset_figures, "stripe")).click().run()
    assert "stripe" not in again.session_state[Keys.corrections] or not again.session_state[Keys.corrections]["stripe"]
    assert checklist(again)["p99 under 500 ms"] == "cannot tell"
    assert again.number_input(key=scoped(Keys.figure, again.session_state[Keys.canvas_gen], "stripe", "p99_ms")).value \
        is None


def test_the_history_shows_how_the_numbers_moved_between_two_versions():
    at = with_requirements()
    at.button(key=Keys.save).click().run()
    gen = at.session_state[Keys.canvas_gen]
    at.number_input(key=scoped(Keys.replicas, gen, "orders-db")).set_value(2).run()
    at.number_input(key=scoped(Keys.replicas, gen, "api")).set_value(2).run()
    at.button(key=Keys.save).click().run()
    assert "Saved as v2" in texts(at)
    body = texts(at)
    # v1: the least available path is Users → API → Orders DB, 99.5% × 99.5% = 99.002%. v2: API and the DB are
    # each 1 − 0.005² = 99.9975%, so the least available is now the Stripe path, 99.9975% × 99.95% = 99.9475%.
    # The ceiling doubles with the second API node (1k → 2k requests/s); two more instances, $140 + $260.
    assert "availability 99.002% → 99.9475%, ceiling 1k → 2k requests/s, +$400/month" in body
    assert "≥ 99.9% available — 99.9% uptime: not met → met" in body


def test_the_apps_picture_carries_the_number_badges():
    at = with_requirements()
    assert "Outlined badges: the slowest path's p99 and the weakest hop's ceiling." in texts(at)
    result = analyze_document(SketchDocument(canvas=CHECKOUT))
    marks = result.numbers.marks()
    # The slowest path ends at Orders DB (100 ms at p99); the one API node saturates first, at 1k requests/s.
    assert marks[0][:2] == ("orders-db", "100ms") and marks[1][:2] == ("api", "1k/s")
    drawn = annotated_png(result.sketch, result.findings, (), "Checkout", (), marks)
    scene = build_scene(result.sketch, result.findings, title="Checkout", marks=marks)
    assert drawn == screen_png(scene, MAX_IMAGE_WIDTH)
    assert drawn != annotated_png(result.sketch, result.findings, (), "Checkout", ())


def test_the_checklist_computes_nothing_of_its_own():
    """It reads the analysis the page already has (cached per document), so the model runs once per rerun."""
    tree = ast.parse(Path(ROOT / "ui/panels/requirements.py").read_text())
    imported = {a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for a in node.names}
    assert not imported & {"analyze", "analyze_document", "analyze_with_numbers", "numbers_of", "numbers_for",
                           "analyze_text"}


def test_the_follow_page_shows_the_checked_targets_and_the_number_badges():
    """The navigator's second screen: the same verdicts, read-only, and the same badges on the picture."""
    at = with_requirements()
    at.button(key=Keys.save).click().run()
    follow = opened({"design": str(at.session_state[Keys.design_id]), "follow": "1"})
    body = texts(follow)
    assert "read-only" in body
    # The verdicts as the checklist gives them, each with the model's figure (see the module's docstring).
    assert ":orange[▲ at risk] ≥ 99% available: 99.002% on Users → API → Orders DB" in body
    assert ":red[✖ not met] ≥ 99.9% available: 99.002% on Users → API → Orders DB" in body
    assert ":gray[? cannot tell] p99 ≤ 500 ms:" in body
    assert ":green[✔ met] ≥ 50 requests/s" in body
    # The picture is the editor's, badges included: a media URL is named after a hash of the image's bytes.
    (editor,), (followed,) = at.get("image"), follow.get("image")
    assert followed.proto.imgs[0].url == editor.proto.imgs[0].url
    assert "Outlined badges" in texts(at)
