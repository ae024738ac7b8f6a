"""After the round, in the app (AppTest): the scorecard, the reference behind its gate, Retry this stage, progress.

Two full rounds are played through the page as a user plays them, against the real store and the offline
critic: on the URL shortener a strong design with answered probes (it passes senior), on the pastebin a
first sketch with one requirement (it fails mid). Every row's evidence is read off the page.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from critique.rubric import RoundPhase
from critique.scorecard import Scorecard
from design.canvas.emit import to_canvas
from design.practice.timer import Phase
from design.store import Store, StoreError, open_store
from support.apptest import AUTH, Keys, bound_key, draw, fresh, opened, scoped, texts
from support.sketch_dsl import design

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

REQUIREMENTS = """- Create a short link for a long URL, with an optional alias
- Redirect a short code to the long URL
- Show daily click counts to the owner
- Redirects p99 under 150 ms
- Redirects stay available when creation is down
- Codes are unique and not guessable
- Links kept for 5 years"""
APPROACH = ("Stateless API servers behind a gateway read hot codes from Redis; links expire by TTL. Codes come from "
            "pre-allocated ID ranges, at the cost of a small coordination service.")
ESTIMATES = {"daily_users": 20e6, "requests_per_user": 5, "read_write_ratio": 100, "payload_bytes": 500,
             "peak_factor": 5, "my_read_qps": 5730, "my_write_qps": 57, "my_storage_per_year_gb": 181}
FIRST = design("Users -> Shortener API", "Shortener API -> Postgres")
STRONG = design(
    "Users -> API gateway x2 (rate limit)",
    "API gateway x2 (rate limit) -> Shortener API x8",
    "Shortener API x8 -> Redis cache x3: read",
    "Shortener API x8 -> Cassandra x3: write",
    "Shortener API x8 -> ID generator x2: next id",
    "Shortener API x8 -> Kafka clicks x3: publish",
    "Kafka clicks x3 -> Click workers x2",
)
ANSWER = ("Shortener API x8 retries with backoff 3 times and the write is idempotent by request id, so a duplicate "
          "is dropped; we alert on 5xx over 1% for 5 minutes.")


def at_time(minutes: float) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


def db() -> Store:
    return open_store(os.environ["SKETCHFIRST_DB"])


def start(at: AppTest, problem: str, minutes: float = 0) -> None:
    at.session_state[Keys.clock_override] = at_time(minutes)
    at.sidebar.selectbox(key=Keys.practice_problem_widget).select(problem).run()
    at.sidebar.button(key=Keys.start_round).click().run()
    assert not at.exception and "Round started" in texts(at)


def notes(at: AppTest, requirements: str, approach: str, estimates: dict[str, float] | None = None) -> None:
    at.text_area(key=bound_key(at, Keys.requirements)).set_value(requirements)
    at.text_area(key=bound_key(at, Keys.approach)).set_value(approach).run()
    gen = at.session_state[Keys.canvas_gen]
    for key, value in (estimates or {}).items():
        at.number_input(key=scoped(Keys.estimate, gen, key)).set_value(value).run()


def save(at: AppTest, sketch) -> int:
    draw(at, to_canvas(sketch))
    at.button(key=Keys.save).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at.session_state[Keys.loaded_version]


def critique(at: AppTest, answer: str | None = None) -> None:
    """Ask the offline critic about the saved version; answer every probe and have the answers judged."""
    at.button(key=Keys.critique_run).click().run()
    assert not at.exception
    boxes = [t for t in at.text_area if str(t.key).startswith(Keys.answer + "-")]
    assert boxes
    if answer is None:
        return
    for box in boxes:
        box.set_value(answer)
    next(b for b in at.button if str(b.key).startswith(Keys.followup + "-")).click().run()
    assert not at.exception


def finish(at: AppTest, minutes: float) -> None:
    at.session_state[Keys.clock_override] = at_time(minutes)
    at.button(key=Keys.finish_round).click().run()
    assert not at.exception


def thin_attempt(at: AppTest | None = None) -> AppTest:
    """A round on the pastebin with one requirement and a first sketch saved as v1."""
    at = at or opened(clock=at_time(0))
    start(at, "pastebin")
    notes(at, "- paste text", "A web server stores pastes in one Postgres database.")
    save(at, design("Users -> Web server", "Web server -> Postgres"))
    return at


def rows(at: AppTest) -> dict[str, str]:
    """Each scorecard row's heading → the evidence shown under it."""
    out = {}
    for e in at.expander:
        if any(str(e.label).startswith(p.title + ":") and "/100 ·" in str(e.label) for p in RoundPhase):
            out[str(e.label)] = "\n".join(str(m.value) for m in e.markdown)
    return out


def stored_card(design_id: int) -> Scorecard:
    [round_] = [r for r in db().rounds_of(design_id) if r.ended_at]
    return Scorecard.from_json(db().load_scorecard(round_.id).payload)


def test_a_strong_round_passes_senior_and_every_row_shows_its_evidence():
    at = opened(clock=at_time(0))
    start(at, "url-shortener")
    notes(at, REQUIREMENTS, APPROACH, ESTIMATES)
    assert save(at, FIRST) == 1
    critique(at)  # v1 questioned: the user redraws before answering
    assert save(at, STRONG) == 2
    critique(at, ANSWER)
    finish(at, 40)
    page = texts(at)
    assert "Scorecard" in page and "No scorecard" not in page
    card = stored_card(at.session_state[Keys.design_id])
    assert card.meets is not None and card.meets.value in ("senior", "staff") and card.level.value == "senior"
    shown = rows(at)
    assert len(shown) == 5 and all("meets the bar" in label for label in shown)
    evidence = "\n".join(shown.values())
    # Requirements: each checklist item, with the user's own line.
    assert "Covers the functional requirement" in evidence and "“Redirect a short code to the long URL”" in evidence
    assert "A requirement carries a number: “Redirects p99 under 150 ms”" in evidence
    # Estimates: graded against the problem's reference.
    assert "Peak reads: 5.7k reads/s, within ×2 of the reference's 5.7k reads/s" in evidence
    # High-level design: the first version's high findings resolved by the last.
    assert "Resolved between v1 and v2: SPOF001" in evidence and "Resolved between v1 and v2: REPL001" in evidence
    assert "No high-severity finding in v2" in evidence
    # Deep dive: the problem's concerns, found on the drawing.
    assert "Addresses “Generating unique short codes” (ID generator x2)" in evidence
    # Trade-offs and answers: the follow-up round's verdicts, the approach, a trade-off in the user's words.
    assert "Holds:" in evidence and "Approach written (30 words)" in evidence
    assert "Names a trade-off: “Codes come from pre-allocated ID ranges, at the cost of" in evidence
    # The card is in the practice log and the Markdown report of the version that ended the round.
    log = next(df for df in at.dataframe if "meets" in df.value.columns).value
    assert list(log["level"]) == ["senior"] and list(log["meets"]) == [card.meets.value]
    assert list(log["Requirements"]) == ["100"]
    assert "and the scorecard of the round it ended (in the Markdown report)" in page
    assert [b.proto.label for b in at.get("download_button") if "scorecard" in b.proto.label] == [
        "Report with this scorecard (Markdown)"]


def test_a_thin_round_fails_mid_and_says_the_two_changes_that_would_move_it_up():
    at = thin_attempt()
    critique(at)
    finish(at, 30)
    card = stored_card(at.session_state[Keys.design_id])
    assert card.meets is None and len(card.changes) == 2
    page = texts(at)
    assert "This round does not yet meet the mid-level bar. To reach mid:" in page
    shown = rows(at)
    below = [label for label in shown if "below the bar" in label]
    assert len(below) >= 3
    evidence = "\n".join(shown.values())
    assert "Does not cover the non-functional requirement" in evidence
    assert "No requirement carries a number" in evidence and "→ give a non-functional requirement a number" in evidence
    assert "High finding left in v1: SPOF001" in evidence
    assert "No answer judged yet." in evidence and "No trade-off named in your notes or answers." in evidence
    # Judged again at staff: the same scores against higher bars, stored in place of the senior card.
    at.selectbox(key=scoped(Keys.score_level, db().rounds_of(at.session_state[Keys.design_id])[0].id)).select(
        "staff").run()
    assert not at.exception and stored_card(at.session_state[Keys.design_id]).level.value == "staff"
    assert {r.phase: r.score for r in stored_card(at.session_state[Keys.design_id]).rows} == \
        {r.phase: r.score for r in card.rows}


def test_a_round_without_a_critique_is_logged_without_a_scorecard_and_says_why():
    at = thin_attempt()
    finish(at, 10)
    page = texts(at)
    assert "No scorecard: The scorecard needs a critique of a version saved during the round" in page
    assert db().scorecard_history() == []


def test_the_reference_stays_locked_until_a_saved_version_has_been_critiqued():
    at = opened(clock=at_time(0))
    start(at, "url-shortener")
    button = at.button(key=Keys.compare_reference)
    assert button.disabled and "The reference opens after your own attempt" in texts(at)
    notes(at, REQUIREMENTS, APPROACH)
    save(at, FIRST)
    assert at.button(key=Keys.compare_reference).disabled
    assert "The reference opens after the critic has questioned a saved version" in texts(at)
    page = texts(at)
    assert "Reference: URL shortener" not in page and "Why each part of the reference is there" not in page
    critique(at)
    assert not at.button(key=Keys.compare_reference).disabled
    at.button(key=Keys.compare_reference).click().run()
    assert not at.exception
    page = texts(at)
    assert "Your v1 beside the reference" in page
    assert "No cache in front of Postgres" in page and "On your sketch: Shortener API, Postgres" in page
    # The round remembers the attempt: what is saved after the reveal is not scored.
    design_id = at.session_state[Keys.design_id]
    assert db().open_practice(design_id).revealed_version == 1
    save(at, STRONG)
    finish(at, 30)
    [round_] = db().rounds_of(design_id)
    card = Scorecard.from_json(db().load_scorecard(round_.id).payload)
    assert "No high-severity finding in v2" not in "\n".join(p.text for r in card.rows for p in r.points)
    assert any("in v1" in p.text for p in card.row(RoundPhase.HIGH_LEVEL).points)


def test_retry_this_stage_restarts_the_round_at_that_phase_with_the_notes_kept():
    at = thin_attempt()
    critique(at)
    finish(at, 30)
    assert at.selectbox(key=Keys.retry_phase).value == RoundPhase.REQUIREMENTS.value  # the lowest row first
    at.selectbox(key=Keys.retry_phase).select(RoundPhase.HIGH_LEVEL.value).run()
    at.session_state[Keys.clock_override] = at_time(60)
    at.button(key=Keys.retry_stage).click().run()
    assert not at.exception
    design_id = at.session_state[Keys.design_id]
    retry = db().open_practice(design_id)
    assert retry.start_phase is Phase.HIGH_LEVEL and retry.version_mark == 1
    assert retry.time_box == timedelta(minutes=35)  # the high-level, deep-dive and wrap-up share of 45 minutes
    assert at.text_area(key=bound_key(at, Keys.requirements)).value == "- paste text"
    assert "Retrying high-level design" in texts(at)
    metric = {m.label: m.value for m in at.metric}
    assert "High-level sketch left" in metric


def _stored_round(store: Store, problem: str, day: int, scores: dict[RoundPhase, int], first: tuple[str, ...]) -> None:
    """A finished round with its scorecard, written through the real store as the app writes it."""
    from critique.payload import round_count
    from critique.rubric import Level
    from critique.scorecard import Row

    d = store.create_design(problem, problem)
    begun = T0 + timedelta(days=day)
    r = store.start_practice(d, time_box=timedelta(minutes=45), started_at=begun, problem=problem)
    store.finish_practice(r.id, begun + timedelta(minutes=40), round_count)
    card = Scorecard(Level.SENIOR, tuple(Row(p, scores.get(p, 80), 60, ()) for p in RoundPhase), None, Level.MID,
                     (), first, ())
    store.save_scorecard(r.id, "senior", card.to_json())


def test_the_sidebar_suggests_the_problem_for_your_weak_spots_and_progress_charts_each_phase():
    from critique.weakspots import record_from_payload, weak_spots
    from ui.resources import problem_bank

    store = db()
    _stored_round(store, "url-shortener", 0, {RoundPhase.ESTIMATES: 30, RoundPhase.DEEP_DIVE: 50}, ("CACHE001",))
    _stored_round(store, "pastebin", 1, {RoundPhase.ESTIMATES: 40}, ("CACHE001", "SPOF001"))
    records = [record_from_payload(s.session_id, s.problem, s.ended_at, s.payload) for s in store.scorecard_history()]
    expected = weak_spots([r for r in records if r is not None], problem_bank()).suggestion
    assert expected is not None and expected.problem != "pastebin"  # never the problem just practised

    at = opened(clock=at_time(0))
    page = texts(at)
    assert f"Next, for your weak spots: {expected.title}" in page
    why = "; ".join(expected.reasons)
    assert why[:1].upper() + why[1:] + "." in page
    at.sidebar.button(key=Keys.practise_suggestion).click().run()
    assert at.sidebar.selectbox(key=Keys.practice_problem_widget).value == expected.problem
    assert at.sidebar.button(key=Keys.practise_suggestion).disabled
    # Progress: the lowest phases and the rules tripped most, over both rounds.
    page = texts(at)
    assert "Estimates: 35 over 2 rounds" in page
    assert "CACHE001" in page and "2 of 2 rounds" in page
    [chart] = at.get("vega_lite_chart")
    [dataset] = chart.proto.datasets  # a DataFrame goes to Vega as a named dataset
    data = convert_arrow_bytes_to_pandas_df(dataset.data.data)
    estimates = {row.round: row.score for row in data.itertuples() if row.phase == "Estimates"}
    assert estimates == {1: 30, 2: 40}


def test_check_my_numbers_grades_each_figure_against_the_problems_reference_only_once_written():
    at = opened(clock=at_time(0))
    start(at, "url-shortener")
    inputs = {k: v for k, v in ESTIMATES.items() if not k.startswith("my_")}
    notes(at, REQUIREMENTS, APPROACH, inputs)
    assert at.toggle(key=Keys.reveal_estimates).disabled  # nothing of the user's own yet: nothing to grade
    assert "the reference's" not in texts(at)
    gen = at.session_state[Keys.canvas_gen]
    at.number_input(key=scoped(Keys.estimate, gen, "my_read_qps")).set_value(57300).run()  # a ×10 slip
    at.toggle(key=Keys.reveal_estimates).set_value(True).run()
    page = texts(at)
    assert "Against the problem's reference (right within ×2)" in page
    assert "Peak reads: 57.3k reads/s is an order of magnitude 10× too high (the reference has 5.7k reads/s" in page
    assert "Peak writes: not written yet. Work out your own before comparing." in page
    assert "Where it parts ways:" in page


def test_the_level_in_the_sidebar_sets_the_critics_depth_and_the_scorecards_bar():
    at = opened(clock=at_time(0))
    at.sidebar.selectbox(key=Keys.practice_level_widget).select("staff").run()
    at = thin_attempt(at)
    assert "probing at the staff level" in texts(at)
    critique(at)
    design_id = at.session_state[Keys.design_id]
    [(_id, _version, _mode, _at, payload)] = db().list_critiques(design_id)
    assert payload["level"] == "staff"
    finish(at, 20)
    assert stored_card(design_id).level.value == "staff"
    assert all("staff bar" in label for label in rows(at))


# --- what a viewer may not do is closed before the click, with the reason ---------------------------------

ADA, COACH = "ada@example.org", "coach@example.org"


def signed_in_as(email: str, query: dict[str, str] | None = None) -> AppTest:
    """A session of a group's server (sign-in configured, one coach), signed in as ``email``."""
    at = fresh(query, clock=at_time(0))
    at.secrets["auth"] = AUTH
    at.secrets["sketchfirst"] = {"coaches": [COACH]}
    at.user = {"is_logged_in": True, "email": email}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def captions(at: AppTest) -> str:
    return "\n".join(str(c.value) for c in at.caption)


def test_a_coach_reading_someones_round_finds_what_only_the_owner_may_do_closed_with_the_reason():
    from design.store.access import signed_in

    ada = thin_attempt(signed_in_as(ADA))
    critique(ada)
    finish(ada, 30)
    design_id = ada.session_state[Keys.design_id]
    [finished] = db().rounds_of(design_id)
    assert not ada.button(key=Keys.retry_stage).disabled  # hers: open

    coach = signed_in_as(COACH, {"design": str(design_id)})
    owner_only = "Only its owner can do this: you are reading someone else's design (you may critique it)."
    retry = coach.button(key=Keys.retry_stage)
    assert retry.disabled and retry.help == owner_only
    level = coach.selectbox(key=scoped(Keys.score_level, finished.id))
    assert level.disabled and level.help == owner_only
    assert f"Judged at the senior level. {owner_only}" in captions(coach)
    assert f"🔒 {owner_only}" in captions(coach)
    # A coach may critique: answering and the follow-up round stay open.
    assert not next(b for b in coach.button if str(b.key).startswith(Keys.followup + "-")).disabled
    # What the page closes is what the store refuses.
    as_coach = db().as_viewer(signed_in(COACH, coach=True))
    with pytest.raises(StoreError, match="belongs to someone else: only its owner can change it"):
        as_coach.start_practice(design_id, time_box=timedelta(minutes=30), started_at=T0)
    with pytest.raises(StoreError, match="belongs to someone else"):
        as_coach.save_scorecard(finished.id, "staff", {})

    # Ada retries a stage; while that round runs, the finished round's stage cannot be retried again, and the
    # coach cannot finish her running round.
    ada.button(key=Keys.retry_stage).click().run()
    assert not ada.exception and db().open_practice(design_id) is not None
    ada.run()
    retry = ada.button(key=Keys.retry_stage)
    assert retry.disabled and retry.help.startswith("A round is already running on this design (started ")
    assert "finish it before retrying a stage." in captions(ada)
    assert not ada.button(key=Keys.finish_round).disabled
    coach = signed_in_as(COACH, {"design": str(design_id)})
    finish_button = coach.button(key=Keys.finish_round)
    assert finish_button.disabled and finish_button.help == owner_only


def test_a_critique_that_has_had_all_its_follow_up_rounds_says_so_on_the_closed_button():
    from critique.models import MAX_ROUNDS

    at = thin_attempt()
    critique(at, "Postgres gets a standby replica in a second zone and fails over to it within 30 seconds.")
    for _ in range(MAX_ROUNDS - 1):
        boxes = [t for t in at.text_area if str(t.key).startswith(Keys.answer + "-")]
        for box in boxes:
            box.set_value("Postgres gets a standby replica in a second zone and fails over to it within 30 seconds.")
        next(b for b in at.button if str(b.key).startswith(Keys.followup + "-")).click().run()
        assert not at.exception
    button = next(b for b in at.button if str(b.key).startswith(Keys.followup + "-"))
    reason = f"This critique has had its {MAX_ROUNDS} follow-up rounds: ask for a fresh critique to be judged again."
    assert button.disabled and button.help == reason
    assert f"🔒 {reason}" in captions(at)
