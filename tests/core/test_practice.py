"""Practice rounds, pairing and the explain-first rule: pure functions of a start time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from design.analysis.analyze import drawing_fingerprint, fingerprint
from design.model.corrections import Correction
from design.model.document import SketchDocument
from design.model.sketch import Kind
from design.practice.gate import critique_gate, explain_first, gate_reasons
from design.practice.pairing import Pairing, PairingError, make_pairing, roles_at
from design.practice.rounds import finish_message, round_title, starts_on_current_design
from design.practice.timer import (
    DEFAULT_TIME_BOX,
    Alert,
    Phase,
    PracticeSession,
    format_clock,
    phase_plan,
    session_status,
)
from support.canvas_builder import box

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_the_default_round_is_45_minutes_in_five_phases():
    plan = phase_plan(DEFAULT_TIME_BOX)
    assert [s.phase for s in plan] == list(Phase)
    assert plan[0].start == timedelta(0) and plan[-1].end == DEFAULT_TIME_BOX
    assert all(a.end == b.start for a, b in zip(plan, plan[1:], strict=False))
    # The sketch and the deep dive get most of the time.
    assert max(plan, key=lambda s: s.length).phase in (Phase.HIGH_LEVEL, Phase.DEEP_DIVE)


@pytest.mark.parametrize("minutes", [1, 7, 20, 45, 61, 90])
def test_any_time_box_is_covered_exactly(minutes):
    plan = phase_plan(timedelta(minutes=minutes))
    assert plan[-1].end == timedelta(minutes=minutes)
    assert all(s.length > timedelta(0) for s in plan)


def test_a_bad_time_box_is_refused():
    with pytest.raises(ValueError):
        phase_plan(timedelta(0))
    with pytest.raises(ValueError):
        phase_plan(timedelta(minutes=5), [(Phase.REQUIREMENTS, 0)])


@pytest.mark.parametrize(
    ("minutes", "phase", "alert"),
    [
        (0, Phase.REQUIREMENTS, Alert.ON_TRACK),
        (4.5, Phase.REQUIREMENTS, Alert.PHASE_ENDING),
        (5, Phase.ESTIMATES, Alert.ON_TRACK),
        (12, Phase.HIGH_LEVEL, Alert.ON_TRACK),
        (30, Phase.DEEP_DIVE, Alert.ON_TRACK),
        (39.5, Phase.DEEP_DIVE, Alert.PHASE_ENDING),
        (40.5, Phase.WRAP_UP, Alert.LAST_MINUTES),
        (44.9, Phase.WRAP_UP, Alert.LAST_MINUTES),
        (45, Phase.WRAP_UP, Alert.TIME_UP),
        (70, Phase.WRAP_UP, Alert.TIME_UP),
    ],
)
def test_phase_and_alert_follow_the_clock(minutes, phase, alert):
    s = session_status(T0, DEFAULT_TIME_BOX, at(minutes))
    assert (s.phase, s.alert) == (phase, alert)


def test_time_left_and_overtime():
    s = session_status(T0, DEFAULT_TIME_BOX, at(12.5))
    assert s.elapsed == timedelta(minutes=12.5)
    assert s.remaining == timedelta(minutes=32.5)
    assert s.phase_remaining == timedelta(minutes=12.5)
    assert s.overtime == timedelta(0)
    assert s.next_phase is Phase.DEEP_DIVE

    late = session_status(T0, DEFAULT_TIME_BOX, at(48))
    assert late.remaining == timedelta(0) and late.overtime == timedelta(minutes=3)
    assert late.next_phase is None
    assert "3:00 over" in late.message and "Nothing is lost" in late.message


def test_a_clock_behind_the_start_reads_as_the_start():
    s = session_status(T0, DEFAULT_TIME_BOX, at(-3))
    assert s.elapsed == timedelta(0) and s.phase is Phase.REQUIREMENTS


def test_the_status_is_a_function_of_the_start_time_alone():
    """A rerun or a reload recomputes from the stored start: same moment, same answer."""
    assert session_status(T0, DEFAULT_TIME_BOX, at(17)) == session_status(T0, DEFAULT_TIME_BOX, at(17))


def test_messages_name_the_phase():
    assert session_status(T0, DEFAULT_TIME_BOX, at(1)).message == "4:00 left for requirements."
    assert "next: estimates" in session_status(T0, DEFAULT_TIME_BOX, at(4.5)).message


def test_format_clock():
    assert format_clock(timedelta(seconds=-5)) == "0:00"
    assert format_clock(timedelta(minutes=9, seconds=5)) == "9:05"


def test_practice_session_time_used():
    s = PracticeSession(1, 1, None, "", DEFAULT_TIME_BOX, T0)
    assert s.active and s.time_used(at(10)) == timedelta(minutes=10)
    done = PracticeSession(1, 1, None, "", DEFAULT_TIME_BOX, T0, ended_at=at(41))
    assert not done.active and done.time_used(at(99)) == timedelta(minutes=41)


# --- pairing ------------------------------------------------------------------------


def test_roles_rotate_every_ten_minutes_by_default():
    p = make_pairing("Ada", "Lin", T0)
    assert p.rotation == timedelta(minutes=10)
    seen = [(roles_at(p, at(m)).driver, roles_at(p, at(m)).navigator) for m in (0, 9.9, 10, 19, 20, 35)]
    assert seen == [("Ada", "Lin"), ("Ada", "Lin"), ("Lin", "Ada"), ("Lin", "Ada"), ("Ada", "Lin"), ("Lin", "Ada")]


def test_the_swap_is_announced_briefly():
    p = make_pairing("Ada", "Lin", T0, timedelta(minutes=5))
    assert not roles_at(p, at(0.1)).just_swapped  # the very start is not a swap
    assert roles_at(p, at(5.2)).just_swapped
    assert not roles_at(p, at(6)).just_swapped
    assert roles_at(p, at(6)).next_swap_in == timedelta(minutes=4)


def test_roles_survive_a_reload_because_they_come_from_the_start_time():
    stored = Pairing("Ada", "Lin", T0, timedelta(minutes=10))
    assert roles_at(stored, at(23)) == roles_at(make_pairing("Ada", "Lin", T0), at(23))


@pytest.mark.parametrize(
    ("a", "b", "rotation", "needle"),
    [
        ("", "Lin", 10, "both names"),
        ("Ada", "  ", 10, "both names"),
        ("Ada", " ada ", 10, "same"),
        ("A" * 61, "Lin", 10, "60 characters"),
        ("Ada", "Lin", 0.5, "once a minute"),
    ],
)
def test_bad_pairings_say_why(a, b, rotation, needle):
    with pytest.raises(PairingError, match=needle):
        make_pairing(a, b, T0, timedelta(minutes=rotation))


def test_names_are_tidied():
    p = make_pairing("  Ada   Lovelace ", "Lin", T0)
    assert p.first == "Ada Lovelace"


# --- explain before you prompt ------------------------------------------------------------

APPROACH = "A stateless API behind a load balancer writes to Postgres and caches reads in Redis."


def test_the_first_critique_needs_a_requirement_and_an_approach():
    reason = explain_first("", "", first_critique=True)
    assert reason is not None
    assert "at least one requirement" in reason and "your approach" in reason

    only_req = explain_first("- shorten links", "", first_critique=True)
    assert only_req is not None and "requirement" not in only_req.split("write")[1].split(" in the notes")[0]
    assert "your approach" in only_req

    assert explain_first("- shorten links", APPROACH, first_critique=True) is None


def test_bullets_and_blank_lines_are_not_requirements():
    assert explain_first("-\n *  \n1.\n", APPROACH, first_critique=True) is not None
    assert explain_first("1. redirect in 50 ms", APPROACH, first_critique=True) is None


def test_a_two_word_approach_is_not_an_explanation():
    assert explain_first("- shorten links", "use Redis", first_critique=True) is not None


def test_after_the_first_critique_the_notes_rule_is_lifted():
    assert explain_first("", "", first_critique=False) is None


def test_check_my_estimates_needs_the_users_own_numbers():
    inputs_only = {"daily_users": 1e6, "requests_per_user": 10}
    reason = explain_first("- r", APPROACH, first_critique=False, checks_estimates=True, estimates=inputs_only)
    assert reason is not None and "your own" in reason
    mine = {**inputs_only, "my_read_qps": 120.0}
    assert explain_first("- r", APPROACH, first_critique=False, checks_estimates=True, estimates=mine) is None
    # Both rules apply before the first critique.
    both = explain_first("", "", first_critique=True, checks_estimates=True, estimates=mine)
    assert both is not None and "Explain before you prompt" in both


# --- the critique gate: a saved, unchanged, explained version ---------------------------------

EXPLAINED = SketchDocument(canvas={}, requirements="- shorten links", approach=APPROACH)


def test_the_gate_asks_for_a_saved_version_first():
    for design_id, version in ((None, None), (3, None), (None, 1)):
        reason = critique_gate(design_id, version, False, EXPLAINED, first_critique=False)
        assert reason is not None and reason.startswith("Save a version first")


def test_the_gate_closes_on_unsaved_changes_and_names_the_version():
    reason = critique_gate(3, 2, True, EXPLAINED, first_critique=False)
    assert reason is not None and "unsaved changes since v2" in reason and "reopen v2" in reason


def test_the_gate_reads_the_saved_versions_notes_not_the_canvas():
    bare = SketchDocument(canvas={})
    reason = critique_gate(3, 2, False, bare, first_critique=True)
    assert reason is not None and reason.startswith("Explain before you prompt")
    assert critique_gate(3, 2, False, EXPLAINED, first_critique=True) is None
    assert critique_gate(3, 2, False, bare, first_critique=False) is None  # the notes rule guards the first only


def test_the_gate_asks_for_own_numbers_before_checking_estimates():
    reason = critique_gate(3, 2, False, EXPLAINED, first_critique=False, checks_estimates=True)
    assert reason is not None and "your own" in reason
    mine = SketchDocument(canvas={}, estimates={"my_write_qps": 40.0})
    assert critique_gate(3, 2, False, mine, first_critique=False, checks_estimates=True) is None


def test_an_unreadable_saved_version_leaves_the_gate_open_for_the_caller_to_report():
    assert critique_gate(3, 2, False, None, first_critique=True, checks_estimates=True) is None


# --- practice rounds: title, which design, what the end says ---------------------------------


@pytest.mark.parametrize(("prompt", "title"), [
    ("Design a URL shortener. It handles 100M links a month.", "Design a URL shortener"),
    ("Design a chat app: 1:1 and groups", "Design a chat app"),
    ("  Design   a\tpastebin  ", "Design a pastebin"),
    ("Build a feed — ranked, with ads", "Build a feed"),
    ("?", "Practice round"),
    ("word " * 30, ("word " * 12)[:57] + "..."),
])
def test_a_rounds_title_is_the_first_clause_of_its_prompt(prompt, title):
    assert round_title(prompt) == title
    assert len(round_title(prompt)) <= 60


def test_a_round_starts_on_the_current_design_only_while_it_is_empty():
    assert starts_on_current_design(5, has_versions=False, round_open=False)
    assert not starts_on_current_design(5, has_versions=True, round_open=False)
    assert not starts_on_current_design(5, has_versions=False, round_open=True)
    assert not starts_on_current_design(None, has_versions=False, round_open=False)


def test_finishing_says_time_used_the_saved_versions_findings_and_the_critique_rounds():
    done = PracticeSession(1, 5, None, "p", timedelta(minutes=30), T0, ended_at=at(27.5), final_version=2,
                           findings_at_end={"high": 2, "medium": 0, "low": 1}, critique_rounds=3)
    message = finish_message(done, at(40), unsaved_changes=False)
    assert message.startswith("Round finished after 27:30: v2 (2 high, 1 low), 3 critique round(s).")
    assert "Unsaved changes" not in message
    assert "Unsaved changes are still on the canvas" in finish_message(done, at(40), unsaved_changes=True)
    empty = PracticeSession(2, 5, None, "p", timedelta(minutes=30), T0, ended_at=at(3), critique_rounds=0)
    assert "3:00: nothing saved, 0 critique round(s)" in finish_message(empty, at(3), unsaved_changes=False)


def test_the_gate_gives_every_reason_at_once():
    reasons = gate_reasons(3, 2, True, SketchDocument(canvas={}), first_critique=True, checks_estimates=True)
    assert [r.split(":")[0].split(".")[0] for r in reasons] == [
        "The canvas has unsaved changes since v2", "Explain before you prompt", "Check my estimates compares your "
        "numbers with computed ones"]
    assert "at least one requirement and your approach" in reasons[1]
    unsaved = gate_reasons(None, None, False, SketchDocument(canvas={}, requirements="- r"), first_critique=True)
    assert len(unsaved) == 2 and unsaved[0].startswith("Save a version first") and "your approach" in unsaved[1]
    assert gate_reasons(3, 2, False, EXPLAINED, first_critique=True) == ()


def test_only_the_drawing_and_its_numbers_count_as_a_change_that_needs_a_new_version():
    drawn = SketchDocument(canvas={"objects": [box("API", 10, 10)]})
    noted = replace(drawn, title="Other", requirements="- r", approach=APPROACH)
    assert drawing_fingerprint(drawn) == drawing_fingerprint(noted) and fingerprint(drawn) != fingerprint(noted)
    estimated = replace(drawn, estimates={"daily_users": 5.0})  # numbers feed the findings: a new version
    assert drawing_fingerprint(estimated) != drawing_fingerprint(drawn)
    moved = SketchDocument(canvas={"objects": [box("API", 60, 10)]})
    assert drawing_fingerprint(moved) != drawing_fingerprint(drawn)
    corrected = replace(drawn, corrections={"api": Correction(Kind.CACHE, None, None)})
    assert drawing_fingerprint(corrected) != drawing_fingerprint(drawn)
