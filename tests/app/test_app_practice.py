"""The practice flow in the app (AppTest): phases, the notes-first rule, timers across reruns and
reloads, pairing, the version diff, presenter mode and the follow view.

The clock is injected through ``Keys.clock_override`` (session state), the one place the app reads
the time; the canvas through its widget key, as the shared notes describe. Nothing sleeps.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from critique.models import Mode
from critique.payload import view
from design.analysis.analyze import analyze_document
from design.model.document import SketchDocument
from design.picture.scene import build_scene
from design.practice.diff import probe_records
from design.practice.presenter import presentation_steps
from design.store import Store, open_store
from support.apptest import (
    FOLLOW,
    PRESENT,
    Keys,
    bound_key,
    draw,
    fresh,
    opened,
    run_as_a_browser_a_step_behind,
    scoped,
    texts,
)
from support.canvas_builder import box, drawing, line

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
CLOCK = Keys.clock_override

V1 = drawing(box("Web app", 40, 40), box("Postgres", 400, 40), line(120, 80, 460, 80))
V2 = drawing(
    box("Web app", 40, 40), box("API x3", 220, 200), box("Postgres", 400, 40),
    line(100, 110, 260, 230), line(330, 230, 460, 100),
)
APPROACH = "Clients call a stateless API that stores links in Postgres and caches hot ones."


def at_time(minutes: float) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


def new_app(minutes: float = 0, query: dict[str, str] | None = None) -> AppTest:
    """A new session at minute ``minutes`` of the test's clock."""
    return opened(query, clock=at_time(minutes))


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def start_round(at: AppTest, prompt: str = "Design a URL shortener", minutes: int = 45) -> None:
    at.text_area(key=Keys.practice_prompt_widget).set_value(prompt)
    at.number_input(key=Keys.practice_minutes_widget).set_value(minutes)
    at.button(key=Keys.start_round).click().run()
    assert not at.exception


def db() -> Store:
    return open_store(os.environ["SKETCHFIRST_DB"])


# --- the phase flow --------------------------------------------------------------------------


def test_a_round_walks_the_phases_and_running_out_only_warns():
    at = new_app(0)
    start_round(at)
    assert "Prompt: Design a URL shortener" in texts(at)
    assert metrics(at) == {"Requirements left": "5:00", "Round left": "45:00"}
    assert at.query_params["design"] == str(at.session_state[Keys.design_id])

    at.session_state[CLOCK] = at_time(4.5)
    at.run()
    assert "0:30 left for requirements; next: estimates." in texts(at)

    at.session_state[CLOCK] = at_time(6)
    at.run()
    assert metrics(at) == {"Estimates left": "4:00", "Round left": "39:00"}

    draw(at, V1, run=False)
    at.session_state[CLOCK] = at_time(12)
    at.run()
    assert metrics(at)["High-level sketch left"] == "13:00"

    at.session_state[CLOCK] = at_time(30)
    at.run()
    assert metrics(at)["Deep dive left"] == "10:00"

    at.session_state[CLOCK] = at_time(41)
    at.run()
    assert "4:00 left in the round" in "\n".join(w.value for w in at.warning)

    at.session_state[CLOCK] = at_time(47)
    at.run()
    assert not at.exception
    assert any("Time is up (2:00 over)" in e.value for e in at.error)
    # Nothing was taken away: the drawing is still there, unsaved, and can be saved.
    assert "Unsaved changes" in texts(at)
    assert not at.button(key=Keys.save).disabled
    at.button(key=Keys.save).click().run()
    assert "Saved" in texts(at) and "v1" in texts(at)


def test_finishing_a_round_logs_it():
    at = new_app(0)
    start_round(at, "Design a pastebin", minutes=30)
    draw(at, V1, run=False)
    at.session_state[CLOCK] = at_time(20)
    at.run()
    at.button(key=Keys.save).click().run()
    design_id = at.session_state[Keys.design_id]
    db().save_critique(design_id, 1, "stress_test", {"probes": [{"question": "What if Postgres dies?"}]})
    at.session_state[CLOCK] = at_time(27.5)
    at.run()
    at.button(key=Keys.finish_round).click().run()
    assert "Round finished after 27:30: v1 (2 high), 1 critique round(s)" in texts(at)
    # The header is gone; the log has the round.
    assert "Finish round" not in [b.label for b in at.button]
    [row] = db().practice_log()
    assert (row.design_title, row.prompt, row.critique_rounds, dict(row.findings_at_end)["high"]) == (
        "Design a pastebin", "Design a pastebin", 1, 2)
    log = at.dataframe[-1].value
    assert list(log["time used"]) == ["27:30"] and list(log["critique rounds"]) == ["1"]


def test_a_round_needs_a_prompt():
    at = new_app(0)
    at.button(key=Keys.start_round).click().run()
    assert "Write the prompt" in texts(at)
    assert db().practice_log() == []


# --- the timer across reruns and reloads ---------------------------------------------------


def test_the_timer_survives_a_rerun_and_a_reload():
    at = new_app(0)
    start_round(at)
    at.session_state[CLOCK] = at_time(7.25)
    at.run()
    before = metrics(at)
    assert before == {"Estimates left": "2:45", "Round left": "37:45"}
    at.run()  # a rerun at the same moment: same countdown, not restarted and not advanced
    assert metrics(at) == before

    # A reload is a new session that only has the link; the stored start time gives the same answer.
    design_id = at.session_state[Keys.design_id]
    reloaded = new_app(7.25, {"design": str(design_id)})
    assert metrics(reloaded) == before
    assert reloaded.session_state[Keys.design_id] == design_id
    reloaded.session_state[CLOCK] = at_time(16)
    reloaded.run()
    assert metrics(reloaded)["High-level sketch left"] == "9:00"


# --- explain before you prompt ---------------------------------------------------------------


def test_notes_first_rule_shows_its_reason_until_explained():
    at = new_app(0)
    start_round(at)
    reason = texts(at)
    assert "Explain before you prompt" in reason and "at least one requirement" in reason

    at.text_area(key=bound_key(at, Keys.requirements)).set_value("- Shorten a URL\n- Redirect in 50 ms").run()
    assert "at least one requirement" not in texts(at) and "your approach" in texts(at)

    at.text_area(key=bound_key(at, Keys.approach)).set_value(APPROACH).run()
    assert "Explain before you prompt" not in texts(at)
    assert "Explained" in texts(at)


def test_notes_are_saved_with_the_sketch_and_count_as_unsaved_changes():
    at = new_app(0)
    draw(at, V1, run=False)
    at.run()
    at.button(key=Keys.save).click().run()
    assert "Unsaved changes" not in texts(at)
    at.text_area(key=bound_key(at, Keys.approach)).set_value(APPROACH).run()
    assert "Notes changed since v1" in texts(at)
    at.button(key=Keys.save).click().run()
    saved = db().latest_version(at.session_state[Keys.design_id])
    assert saved.number == 2 and saved.document.approach == APPROACH


def test_notes_written_after_a_save_do_not_close_the_critique_and_go_with_it():
    """Bug (issue 13): notes typed after a save read as "the canvas has unsaved changes" and closed the
    critique until the user saved a new version by hand."""
    at = new_app(0)
    draw(at, V1, run=False)
    at.run()
    at.button(key=Keys.save).click().run()
    at.text_area(key=bound_key(at, Keys.requirements)).set_value("- Shorten a URL").run()
    at.text_area(key=bound_key(at, Keys.approach)).set_value(APPROACH).run()
    assert "canvas has unsaved changes" not in texts(at) and "Notes changed since v1" in texts(at)
    run = at.button(key=Keys.critique_run)
    assert not run.disabled and run.label == "Save notes as v2 and critique"
    run.click().run()
    assert not at.exception
    design_id = at.session_state[Keys.design_id]
    saved = db().latest_version(design_id)
    assert saved.number == 2 and saved.document.approach == APPROACH
    assert saved.document.canvas == db().load_version(design_id, 1).document.canvas
    assert [row[1] for row in db().list_critiques(design_id)] == [2], "the critique names the version with the notes"
    assert "Saved as v2" in texts(at)


def test_the_critique_gate_gives_every_reason_at_once():
    at = new_app(0)
    draw(at, V1, run=False)
    at.run()
    at.button(key=Keys.save).click().run()
    draw(at, {**V1, "objects": V1["objects"][:1]})  # the drawing changes, and nothing is explained yet
    (lock,) = [i.value for i in at.info if "unsaved changes since v1" in i.value]
    assert "Explain before you prompt" in lock and "at least one requirement and your approach" in lock


def test_the_notes_rule_is_lifted_after_the_first_critique():
    """Explain-first guards the *first* critique; later rounds are not blocked by it."""
    at = new_app(0)
    draw(at, V1, run=False)
    at.run()
    at.button(key=Keys.save).click().run()
    design_id = at.session_state[Keys.design_id]
    db().save_critique(design_id, 1, "stress_test", {"probes": []})
    at.run()
    assert "Explained" in texts(at)  # notes are empty, but a critique already happened


def test_the_critique_gate_shows_the_explain_first_reason_and_estimates_need_own_numbers():
    store = db()
    design_id = store.create_design("Shortener")
    bare = SketchDocument(canvas=V1, title="Shortener")
    store.save_version(design_id, bare, analyze_document(bare).findings)
    at = new_app(0, {"design": str(design_id)})
    assert at.button(key=Keys.critique_run).disabled
    assert any("Explain before you prompt" in i.value for i in at.info)

    explained = SketchDocument(canvas=V1, title="Shortener", requirements="- Shorten a URL", approach=APPROACH)
    store.save_version(design_id, explained, analyze_document(explained).findings)
    at = new_app(0, {"design": str(design_id)})
    assert not at.button(key=Keys.critique_run).disabled  # stress test: explained enough
    at.radio(key=Keys.critique_mode_widget).set_value(Mode.ESTIMATES).run()
    assert at.button(key=Keys.critique_run).disabled
    assert any("write at least one of your own figures" in i.value for i in at.info)

    mine = SketchDocument(canvas=V1, title="Shortener", requirements="- Shorten a URL", approach=APPROACH,
                          estimates={"daily_users": 1e6, "requests_per_user": 10, "my_read_qps": 1200.0})
    store.save_version(design_id, mine, analyze_document(mine).findings)
    at = new_app(0, {"design": str(design_id)})
    assert "Unsaved changes" not in texts(at)  # the estimates came back with the version
    at.radio(key=Keys.critique_mode_widget).set_value(Mode.ESTIMATES).run()
    assert not at.button(key=Keys.critique_run).disabled


def test_derived_estimates_stay_hidden_until_the_user_writes_a_figure():
    at = new_app(0)
    gen = at.session_state[Keys.canvas_gen]
    at.number_input(key=scoped(Keys.estimate, gen, "daily_users")).set_value(1_000_000).run()
    at.number_input(key=scoped(Keys.estimate, gen, "requests_per_user")).set_value(10).run()
    assert at.toggle(key=Keys.reveal_estimates).disabled
    assert "Write at least one of your own figures first" in texts(at)
    at.number_input(key=scoped(Keys.estimate, gen, "my_read_qps")).set_value(300).run()
    assert not at.toggle(key=Keys.reveal_estimates).disabled
    at.toggle(key=Keys.reveal_estimates).set_value(True).run()
    assert "The arithmetic" in texts(at)


# --- pairing ---------------------------------------------------------------------------------


def test_pairing_rotates_roles_and_records_the_driver_on_save():
    at = new_app(0)
    at.text_input(key=Keys.pair_first_widget).set_value("Ada")
    at.text_input(key=Keys.pair_second_widget).set_value("Lin")
    at.number_input(key=Keys.pair_rotation_widget).set_value(10)
    at.button(key=Keys.start_pairing).click().run()
    assert not at.exception
    assert "Driver: Ada · :material/explore: Navigator: Lin · swap in 10:00" in texts(at)
    draw(at, V1, run=False)
    at.run()
    at.button(key=Keys.save).click().run()

    at.session_state[CLOCK] = at_time(10.1)
    draw(at, V2, run=False)
    at.run()
    assert "Swap! Lin drives now; Ada navigates." in "\n".join(w.value for w in at.warning)
    at.button(key=Keys.save).click().run()
    assert [v.driver for v in db().list_versions(at.session_state[Keys.design_id])] == ["Ada", "Lin"]

    at.session_state[CLOCK] = at_time(12)
    at.run()
    assert not any("Swap!" in w.value for w in at.warning)  # the announcement is brief
    at.button(key=Keys.swap_now).click().run()
    assert "Driver: Ada" in texts(at)
    at.button(key=Keys.stop_pairing).click().run()
    assert db().pairing(at.session_state[Keys.design_id]) is None


def test_pairing_needs_two_different_names():
    at = new_app(0)
    at.text_input(key=Keys.pair_first_widget).set_value("Ada")
    at.text_input(key=Keys.pair_second_widget).set_value("ada")
    at.button(key=Keys.start_pairing).click().run()
    assert "two different people" in texts(at)
    assert at.session_state[Keys.design_id] is None


# --- history: the diff view ------------------------------------------------------------------


@pytest.fixture
def two_versions() -> int:
    store = db()
    design_id = store.create_design("Shortener")
    for sketch, driver in ((V1, "Ada"), (V2, "Lin")):
        doc = SketchDocument(canvas=sketch, title="Shortener")
        store.save_version(design_id, doc, analyze_document(doc).findings, driver=driver)
    store.save_critique(design_id, 1, "stress_test", {
        "probes": [
            {"question": "Who may query Postgres?", "targets": ["postgres"], "answer": "Only the API, now."},
            {"question": "What happens at 10x reads?", "targets": []},
        ]
    })
    return design_id


def test_the_diff_view_between_two_versions(two_versions):
    at = new_app(0, {"design": str(two_versions)})
    timeline = at.dataframe[0].value
    assert list(timeline["version"]) == ["v2", "v1"] and list(timeline["driver"]) == ["Lin", "Ada"]
    assert at.selectbox(key=Keys.diff_from).value == 1 and at.selectbox(key=Keys.diff_to).value == 2
    shown = texts(at)
    assert "v1 → v2" in shown
    assert "API x3 (service)" in shown
    assert "flow Web app → API x3" in shown and "flow Web app → Postgres" in shown
    assert "Findings resolved" in shown and "Web app talks directly to Postgres" in shown
    assert "Probes answered (1)" in shown and "Only the API, now" in shown
    assert "1 question(s) asked about these versions are still unanswered" in shown
    # The same pair reversed reads the other way round.
    at.selectbox(key=Keys.diff_from).set_value(2)
    at.selectbox(key=Keys.diff_to).set_value(1)
    at.run()
    assert "v2 → v1" in texts(at) and "Findings introduced" in texts(at)
    # Findings by severity across versions: a chart with one bar group per version.
    [chart] = at.get("vega_lite_chart")
    [dataset] = chart.proto.datasets  # a DataFrame goes to Vega as a named dataset
    data = convert_arrow_bytes_to_pandas_df(dataset.data.data)
    high = {row.version: row.findings for row in data.itertuples() if row.severity == "high"}
    assert high == {"v1": 2, "v2": 1}


def test_one_version_has_no_diff_yet():
    at = new_app(0)
    draw(at, V1, run=False)
    at.run()
    at.button(key=Keys.save).click().run()
    assert "Save a second version to compare." in texts(at)


# --- presenter mode --------------------------------------------------------------------------


def html_bodies(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_presenter_steps_through_findings_then_probes_and_keeps_the_drawing(two_versions):
    at = new_app(0, {"design": str(two_versions)})
    at.button(key=Keys.open_version).click().run()  # the sidebar opens the newest version
    store = db()
    store.save_critique(two_versions, 2, "stress", {"probes": [{"question": "Where do hot links live?",
                                                                 "targets": ["api"]}]})
    at.text_area(key=bound_key(at, Keys.approach)).set_value(APPROACH).run()
    findings = analyze_document(SketchDocument(canvas=V2)).findings

    at.button(key=Keys.enter_presenter).click().run()
    assert not at.exception
    assert len(at.sidebar) == 0  # nothing is drawn into the sidebar: it stays collapsed
    assert at.query_params == {"design": str(two_versions)} and at.button(key=Keys.exit_presenter)
    assert f"Finding 1 of {len(findings)}" in html_bodies(at)
    assert at.button(key=scoped(Keys.step_back, "present")).disabled
    for _ in findings:
        at.button(key=scoped(Keys.step_next, "present")).click().run()
    assert "Question Q1 of 1" in html_bodies(at) and "Where do hot links live?" in html_bodies(at)
    assert at.button(key=scoped(Keys.step_next, "present")).disabled
    at.button(key=scoped(Keys.step_back, "present")).click().run()
    assert f"Finding {len(findings)} of {len(findings)}" in html_bodies(at)

    at.button(key=Keys.exit_presenter).click().run()
    assert not at.exception and at.query_params == {"design": str(two_versions)}
    # Back at the canvas: same drawing, the title and notes typed before presenting are still there.
    assert at.text_area(key=bound_key(at, Keys.approach)).value == APPROACH
    assert at.text_input(key=bound_key(at, Keys.title)).value == "Shortener"
    assert "Failure points" in texts(at)
    assert at.session_state[Keys.live_canvas]["objects"] == V2["objects"]


def test_every_value_the_editor_holds_survives_a_visit_to_the_presenter():
    """The presenter draws none of the editor's widgets; their values are kept under their own keys."""
    at = new_app(0)
    draw(at, V1)
    at.button(key=Keys.save).click().run()  # the critique's mode can be picked once a version is saved
    values = {
        Keys.critique_mode_widget: ("radio", Mode.HARDER),
        bound_key(at, Keys.title): ("text_input", "Shortener"),
        bound_key(at, Keys.requirements): ("text_area", "- Shorten a URL"),
        bound_key(at, Keys.approach): ("text_area", APPROACH),
        Keys.tool_widget: ("radio", "Flow"),
        Keys.practice_prompt_widget: ("text_area", "Design a pastebin"),
        Keys.practice_minutes_widget: ("number_input", 30),
        Keys.pair_first_widget: ("text_input", "Ada"),
        Keys.pair_second_widget: ("text_input", "Lin"),
        Keys.pair_rotation_widget: ("number_input", 15),
    }
    for key, (kind, value) in values.items():
        getattr(at, kind)(key=key).set_value(value).run()
    at.button(key=Keys.enter_presenter).click().run()
    assert not at.exception and at.button(key=Keys.exit_presenter)
    assert not any(key in at.session_state for key in values)  # Streamlit dropped the widgets' own state
    assert '<div class="sf-title">Shortener</div>' in html_bodies(at)
    at.button(key=Keys.exit_presenter).click().run()
    assert not at.exception
    assert {key: getattr(at, kind)(key=key).value for key, (kind, _) in values.items()} == {
        key: value for key, (_, value) in values.items()}
    assert at.session_state[Keys.live_canvas]["objects"] == V1["objects"]


def test_old_presenter_and_follow_links_open_their_pages_once(two_versions):
    design = str(two_versions)
    present = new_app(0, {"design": design, "present": "1"})
    assert present.query_params == {"design": design}, "the link now names the page, not a flag"
    assert present.button(key=Keys.exit_presenter) and len(present.sidebar) == 0
    assert "Finding 1 of" in html_bodies(present)
    follow = new_app(0, {"design": design, "follow": "1"})
    assert follow.query_params == {"design": design}
    assert "read-only" in texts(follow) and not follow.get("bidi_component")
    # Without a design, "follow" means nothing: the editor opens.
    editor = new_app(0, {"follow": "1"})
    assert editor.get("bidi_component") and "read-only" not in texts(editor)


def test_the_follow_page_by_its_own_address(two_versions):
    at = new_app(0)
    at.query_params["design"] = str(two_versions)
    at.switch_page(FOLLOW).run()
    assert not at.exception and "Following" in texts(at) and "v2" in texts(at)
    assert "[Open it to edit](./?design=" in "\n".join(c.value for c in at.caption), "a link back to the editor"
    at.switch_page(PRESENT).run()
    assert not at.exception and at.button(key=Keys.exit_presenter)


def test_each_presenter_step_highlights_its_elements_on_the_sketch():
    findings = analyze_document(SketchDocument(canvas=V1)).findings
    probes = probe_records(1, "stress_test", view({"probes": [{"question": "Why no cache?", "targets": ["web-app"]}]}))
    steps = presentation_steps(findings, probes, version=1)
    assert [s.elements for s in steps] == [f.elements for f in findings] + [("web-app",)]
    assert steps[-1].heading == "Question Q1 of 1"
    # Shown while another version is on screen, a question says which version it was about.
    assert presentation_steps(findings, probes, version=2)[-1].heading == "Question Q1 of 1 · asked about v1"
    # What the presenter draws for a step: the sketch with exactly those elements emphasised.
    sketch = analyze_document(SketchDocument(canvas=V1)).sketch
    scene = build_scene(sketch, findings, highlight=steps[-1].elements)
    assert [b.id for b in scene.boxes if b.highlight] == ["web-app"]


def test_presenter_falls_back_to_the_newest_critique_and_says_which_version_it_asked_about(two_versions):
    at = new_app(0, {"design": str(two_versions)})  # opens v2; only v1 was critiqued
    at.button(key=Keys.enter_presenter).click().run()
    findings = analyze_document(SketchDocument(canvas=V2)).findings
    for _ in findings:
        at.button(key=scoped(Keys.step_next, "present")).click().run()
    shown = html_bodies(at)
    assert "Question Q1 of 2 · asked about v1" in shown and "Who may query Postgres?" in shown
    assert "Your answer: Only the API, now." in shown


def test_presenter_redraws_the_image_for_each_step():
    at = new_app(0)
    draw(at, V1, run=False)
    at.run()
    at.button(key=Keys.enter_presenter).click().run()
    first = at.get("image")[0].proto.imgs[0].url
    at.button(key=scoped(Keys.step_next, "present")).click().run()
    assert at.get("image")[0].proto.imgs[0].url != first


# --- follow mode -----------------------------------------------------------------------------


def test_follow_view_is_read_only_and_shows_the_latest_save_and_draft(two_versions):
    at = new_app(0, {"design": str(two_versions), "follow": "1"})
    shown = texts(at)
    assert "read-only" in shown and "v2" in shown and "drawn by Lin" in shown
    assert len(at.sidebar) == 0 and not at.get("bidi_component") and not at.button
    store = db()
    v3 = SketchDocument(canvas=drawing(box("Web app", 40, 40)), title="Shortener")
    store.save_version(two_versions, v3, analyze_document(v3).findings, driver="Ada")
    at.run()
    assert "v3" in texts(at) and "drawn by Ada" in texts(at)


def test_follow_link_to_a_missing_design():
    at = new_app(0, {"design": "999", "follow": "1"})
    assert "does not exist" in texts(at)


# --- drafts: a reload mid-round loses nothing --------------------------------------------------


def test_a_reload_brings_the_autosaved_draft_back_and_says_so():
    at = new_app(0)
    start_round(at)
    at.text_area(key=bound_key(at, Keys.requirements)).set_value("- Shorten a URL").run()
    draw(at, V1, run=False)
    at.run()
    design_id = at.session_state[Keys.design_id]
    assert db().load_draft(design_id) is not None  # autosaved on the change, nothing saved as a version

    reloaded = new_app(3, {"design": str(design_id)})
    assert "Your unsaved changes are back" in texts(reloaded)
    assert reloaded.text_area(key=bound_key(reloaded, Keys.requirements)).value == "- Shorten a URL"
    assert "Failure points (2)" in texts(reloaded)
    assert metrics(reloaded)["Requirements left"] == "2:00"  # and the round kept running
    reloaded.button(key=Keys.keep_draft).click().run()
    assert "Your unsaved changes are back" not in texts(reloaded)
    assert "Failure points (2)" in texts(reloaded)

    # Discarding the draft shows what is saved (nothing yet), and a later reload does not bring it back.
    again = new_app(4, {"design": str(design_id)})
    again.button(key=Keys.forget_draft).click().run()
    assert not again.exception and "Failure points (0)" in texts(again)
    assert db().load_draft(design_id) is None
    assert "Your unsaved changes are back" not in texts(new_app(5, {"design": str(design_id)}))


def _saved_then_noted() -> int:
    """A design saved as v1, then its approach written (autosaved as a draft newer than v1): its id."""
    at = new_app(0)
    draw(at, V1, run=False)
    at.run()
    at.button(key=Keys.save).click().run()
    time.sleep(1.1)  # the store keeps times to the second; a draft of the same second counts as not newer
    at.text_area(key=bound_key(at, Keys.approach)).set_value("A stateless API stores links in Postgres.").run()
    return at.session_state[Keys.design_id]


def test_a_reload_after_a_save_brings_back_the_newer_draft_over_the_version():
    design_id = _saved_then_noted()
    reloaded = new_app(1, {"design": str(design_id)})
    assert "Your unsaved changes are back" in texts(reloaded) and "newer than v1" in texts(reloaded)
    assert reloaded.text_area(key=bound_key(reloaded, Keys.approach)).value == "A stateless API stores links in Postgres."
    assert "Notes changed since v1" in texts(reloaded)
    reloaded.button(key=Keys.forget_draft).click().run()
    assert reloaded.text_area(key=bound_key(reloaded, Keys.approach)).value == ""
    assert "Saved as v1" in texts(reloaded)


def test_discarding_a_draft_holds_when_the_browser_reports_the_old_notes_once_more():
    """The fresh canvas of *Discard them* can report its drawing before the browser has emptied the notes field;
    that rerun carries the discarded notes. They must not come back as a new draft (a browser run failed so)."""
    design_id = _saved_then_noted()
    reloaded = new_app(1, {"design": str(design_id)})
    before = reloaded._tree.get_widget_states()
    reloaded.button(key=Keys.forget_draft).click().run()
    assert db().load_draft(design_id) is None
    run_as_a_browser_a_step_behind(reloaded, before)
    assert not reloaded.exception
    assert reloaded.text_area(key=bound_key(reloaded, Keys.approach)).value == ""
    assert db().load_draft(design_id) is None
    assert "Your unsaved changes are back" not in texts(new_app(2, {"design": str(design_id)}))


def test_work_never_saved_is_kept_under_the_link_from_its_first_change():
    at = new_app(0)
    assert at.session_state[Keys.design_id] is None and not db().list_designs()  # nothing yet, nothing stored
    draw(at, V1)
    design_id = at.session_state[Keys.design_id]
    assert design_id is not None and at.query_params["design"] == str(design_id)
    assert db().latest_version(design_id) is None and db().load_draft(design_id) is not None
    reloaded = new_app(1, {"design": str(design_id)})
    assert "Failure points (2)" in texts(reloaded) and "Your unsaved changes are back" in texts(reloaded)


def test_no_draft_offer_once_the_draft_is_saved_as_a_version():
    at = new_app(0)
    draw(at, V1, run=False)
    at.run()
    at.button(key=Keys.save).click().run()
    reloaded = new_app(1, {"design": str(at.session_state[Keys.design_id])})
    assert "An autosaved draft" not in texts(reloaded)
    assert "Failure points (2)" in texts(reloaded)


def test_finishing_with_unsaved_changes_says_what_the_log_counts():
    at = new_app(0)
    start_round(at)
    draw(at, V1, run=False)
    at.run()
    at.button(key=Keys.save).click().run()
    draw(at, V2, run=False)
    at.run()
    at.button(key=Keys.finish_round).click().run()
    warning = "\n".join(w.value for w in at.warning)
    assert "Unsaved changes are still on the canvas" in warning
    assert "Unsaved changes" in texts(at)  # and they are: nothing was discarded


def test_a_pair_formed_before_the_round_keeps_driving_in_it():
    at = new_app(0)
    at.text_input(key=Keys.pair_first_widget).set_value("Ada")
    at.text_input(key=Keys.pair_second_widget).set_value("Lin")
    at.button(key=Keys.start_pairing).click().run()
    before = at.session_state[Keys.design_id]
    at.session_state[CLOCK] = at_time(11)
    at.run()
    start_round(at)
    # The pair's design was still empty, so the round starts on it rather than leaving an empty design behind.
    assert at.session_state[Keys.design_id] == before
    assert [d.title for d in db().list_designs()] == ["Design a URL shortener"]
    assert at.selectbox(key=Keys.pick_design).value == before
    assert "Driver: Lin" in texts(at)  # the rotation carried on: Lin's turn since minute 10
    assert metrics(at)["Requirements left"] == "5:00"
    assert not at.warning


def test_a_round_after_a_saved_design_starts_a_fresh_one_and_the_pair_follows():
    at = new_app(0)
    at.text_input(key=Keys.pair_first_widget).set_value("Ada")
    at.text_input(key=Keys.pair_second_widget).set_value("Lin")
    at.button(key=Keys.start_pairing).click().run()
    draw(at, V1, run=False)
    at.run()
    at.button(key=Keys.save).click().run()
    before = at.session_state[Keys.design_id]
    start_round(at)
    assert "Start the practice round on this sketch, or on a blank canvas?" in texts(at)
    at.button(key=Keys.round_on_blank).click().run()
    after = at.session_state[Keys.design_id]
    assert after != before and at.selectbox(key=Keys.pick_design).value == after
    assert db().pairing(after) == db().pairing(before)
    assert "Failure points (0)" in texts(at)  # a clean canvas for the new round


def test_a_round_can_run_on_the_sketch_on_the_canvas():
    at = new_app(0)
    at.text_input(key=bound_key(at, Keys.title)).set_value("My shortener")
    draw(at, V1)
    before = at.session_state[Keys.design_id]
    start_round(at)
    assert not db().practice_log(), "nothing starts before the user says where"
    at.button(key=Keys.round_on_sketch).click().run()
    assert not at.exception and at.session_state[Keys.design_id] == before
    assert "Failure points (2)" in texts(at)  # the sketch stays
    assert at.text_input(key=bound_key(at, Keys.title)).value == "My shortener"
    [row] = db().practice_log()
    assert row.design_id == before


def test_a_round_on_a_problem_from_the_bank():
    at = new_app(0)
    picker = at.selectbox(key=Keys.practice_problem_widget)
    assert len(picker.options) >= 13  # my own prompt, then at least twelve problems
    picker.select("url-shortener").run()
    assert not any(t.key == Keys.practice_prompt_widget for t in at.text_area)  # the problem supplies the prompt
    at.button(key=Keys.start_round).click().run()
    assert not at.exception
    assert at.text_input(key=bound_key(at, Keys.title)).value == "URL shortener"
    assert "Prompt: Design a service like bit" in texts(at)
    assert "daily users: 20,000,000" in texts(at)
    assert "About 30 million new links a month" in texts(at)
    [row] = db().practice_log()
    assert row.problem == "url-shortener"
    draw(at, V1, run=False)
    at.run()
    at.button(key=Keys.save).click().run()
    assert db().latest_version(at.session_state[Keys.design_id]).document.problem == "url-shortener"


def test_the_follow_link_is_drawn_only_while_its_panel_is_open(two_versions):
    at = fresh({"design": str(two_versions)})
    at.session_state[Keys.follow_open] = False  # as on a page load
    at.run()
    link = f"(?design={two_versions}&follow=1)"
    sidebar = [m.value for m in at.sidebar.markdown]
    assert not any(link in m for m in sidebar)
    assert any(e.label == "Follow link for a second browser" for e in at.sidebar.expander)
    at.session_state[Keys.follow_open] = True
    at.run()
    assert any(link in m.value for m in at.sidebar.markdown)
    assert "Read-only; it follows every save" in " ".join(c.value for c in at.sidebar.caption)
