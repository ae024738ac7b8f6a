"""The interview level sets the critic's depth: mid probes the basics, staff adds regions, cost and teams.

Both critics are tested: the offline critic's questions, and what Claude is told (a static system prompt that
describes the levels, and a task line, the app's own text, that names one). The level travels with the critique
into the stored payload.
"""

from __future__ import annotations

import dataclasses

import pytest

from critique.claude import ClaudeCritic
from critique.depth import MID_LATER
from critique.models import DESIGN, MAX_PROBES, Mode
from critique.offline import MODE_LIMITS, OfflineCritic
from critique.payload import from_payload, to_payload
from critique.prompt import LEVEL_TASKS, SYSTEM_PROMPT, TASKS, task_line, user_message
from critique.request import request_for
from critique.rubric import Level
from critique.select import build_client
from design.model.document import SketchDocument
from support.anthropic_stub import StubAPI, good
from support.critique_designs import all_documents, problems, request

CRITIC = OfflineCritic()
NAMES = sorted(all_documents())
#: Designs with two services calling each other, a store written to and priced parts.
RICH = "built:shortener"


def probes(name: str, mode: Mode, level: Level) -> list:
    return list(CRITIC.critique(request(name, mode, level=level)).probes)


@pytest.mark.parametrize("mode", list(Mode))
@pytest.mark.parametrize("name", NAMES)
def test_mid_leaves_cost_operations_and_security_for_later(name, mode):
    mid = probes(name, mode, Level.MID)
    senior = probes(name, mode, Level.SENIOR)
    assert len(mid) <= max(1, MODE_LIMITS[mode] - 1) and len(mid) <= len(senior)
    later = [p for p in mid if p.category in MID_LATER and not (mode is Mode.HARDER and p.category == "variant")]
    # Only when nothing basic was left to ask; the basics come first either way.
    basic = [p for p in senior if p.category not in MID_LATER]
    if len(basic) >= len(mid):
        assert not later, [(p.category, p.question) for p in later]


@pytest.mark.parametrize("mode", [Mode.STRESS, Mode.FOLLOWUP])
def test_staff_asks_about_a_region_the_bill_and_the_teams_naming_my_components(mode):
    req = request(RICH, mode, level=Level.STAFF)
    staff = CRITIC.critique(req).probes
    assert len(staff) == min(MAX_PROBES, MODE_LIMITS[mode] + 1)
    text = {p.question: p for p in staff}
    region = next(p for q, p in text.items() if q.startswith("Take away the region"))
    assert "Postgres" in region.question and region.targets == ("postgres",) and region.category == "durability"
    cost = next(p for q, p in text.items() if "costs about $" in q)
    assert cost.category == "cost" and "a month" in cost.question and cost.targets[0] in req.sketch.ids
    teams = next(p for q, p in text.items() if "team" in q)
    assert teams.category == "operations"
    assert all(set(p.targets) <= req.sketch.ids | {DESIGN} for p in staff)
    # None of them is asked below staff.
    for level in (Level.MID, Level.SENIOR):
        lower = [p.question for p in probes(RICH, mode, level)]
        assert not any(q.startswith("Take away the region") or "costs about $" in q for q in lower), lower


def test_the_staff_cost_probe_quotes_the_model_of_the_drawing():
    req = request(RICH, Mode.STRESS, level=Level.STAFF)
    cost = next(p for p in CRITIC.critique(req).probes if p.category == "cost")
    lines = req.numbers.cost.lines
    cid, count, each = max(lines, key=lambda line: (line[1] * line[2], line[0]))
    assert f"about ${req.numbers.cost.monthly_usd:,.0f} a month" in cost.question
    assert f"{req.sketch.component(cid).label} ({count} × ${each:,.0f}) is the largest line" in cost.question


def test_a_staff_harder_variant_states_the_twist_first_and_an_estimates_check_asks_the_bill():
    harder = probes(RICH, Mode.HARDER, Level.STAFF)
    assert harder[0].category == "variant" and harder[0].question.startswith("New constraint")
    assert any(p.question.startswith("Take away the region") for p in harder)
    estimates = probes(RICH, Mode.ESTIMATES, Level.STAFF)
    assert any(p.category == "cost" for p in estimates)
    assert not any(p.question.startswith("Take away the region") for p in estimates)


def test_senior_is_the_critique_as_it_was_and_the_level_is_recorded():
    req = request(RICH, Mode.STRESS)
    assert req.level is Level.SENIOR
    result = CRITIC.critique(req)
    assert result.level is Level.SENIOR
    assert [p.question for p in result.probes] == [p.question for p in probes(RICH, Mode.STRESS, Level.SENIOR)]
    staff = CRITIC.critique(dataclasses.replace(req, level=Level.STAFF))
    stored = to_payload(staff)
    assert stored["level"] == "staff" and from_payload(stored).level is Level.STAFF
    # A critique stored before levels existed reads back without one; a bad level is not carried on.
    old = {k: v for k, v in stored.items() if k != "level"}
    assert from_payload(old).level is None and from_payload({**old, "level": "principal"}).level is None


def test_the_level_is_deterministic():
    for level in Level:
        assert probes(RICH, Mode.STRESS, level) == probes(RICH, Mode.STRESS, level)


@pytest.mark.parametrize("level", list(Level))
def test_claude_is_told_the_level_in_the_task_and_the_system_prompt_stays_the_same(level):
    req = request(RICH, Mode.STRESS, level=level)
    assert task_line(req) == f"{TASKS[Mode.STRESS]} {LEVEL_TASKS[level]}"
    with StubAPI(good([{"question": "Which region holds Postgres?", "why_it_matters": "Regions fail.",
                        "targets": ["postgres"], "category": "durability", "severity": "high"}])) as api:
        client = build_client("sk-ant-test", api.url, max_retries=0)
        try:
            result = ClaudeCritic(client).critique(req)
        finally:
            client.close()
        (sent,) = api.messages
    assert result.level is level
    assert [b["text"] for b in sent["body"]["system"]] == [SYSTEM_PROMPT]
    text = sent["body"]["messages"][0]["content"]
    assert text.endswith(f"<task>{task_line(req)}</task>")
    assert f"Level: {level.value}." in text


def test_the_system_prompt_says_what_each_level_probes():
    for phrase in ("- mid: the basics", "- staff: everything a senior review asks", "a whole region going away",
                   "which line of the bill grows fastest", "which team owns which service"):
        assert phrase in SYSTEM_PROMPT


# --- check my estimates, graded against the problem's reference ---------------------------------------------


SHORTENER = problems()["url-shortener"]
#: The user's inputs off by 10× in requests per user; their own peak reads follow from them (they did the
#: arithmetic right on a wrong assumption); peak writes not written.
OFF = {"daily_users": 20e6, "requests_per_user": 50, "read_write_ratio": 100, "payload_bytes": 500,
       "peak_factor": 5, "my_read_qps": 57_300}


def _estimates_request(estimates: dict[str, float], mode: Mode = Mode.ESTIMATES):
    doc = SketchDocument(canvas=all_documents()[RICH].canvas, title="Shortener", problem="url-shortener",
                         estimates=estimates)
    return request_for(doc, mode, version=1, problems=problems())


def test_check_my_estimates_asks_first_about_the_step_where_the_arithmetic_parts_ways():
    first = CRITIC.critique(_estimates_request(OFF)).probes[0]
    assert first.category == "estimates" and first.question.startswith(
        "Your arithmetic parts ways at requests per day: 1G requests/day against the reference's 100M")
    assert "your requests per user is 50 where the reference assumes 5" in first.question
    assert "Peak reads: 57.3k reads/s is an order of magnitude 10× too high" in first.why_it_matters
    assert first.severity.value == "high"
    # Peak writes were not written: no probe quotes the reference's figure for them (57 writes/s).
    every = " ".join(p.question + " " + p.why_it_matters for p in CRITIC.critique(_estimates_request(OFF)).probes)
    assert "57 writes/s" not in every and "peak writes: " not in every.lower()


def test_claude_gets_the_grades_of_the_figures_written_and_nothing_else():
    text = user_message(_estimates_request(OFF))
    block = text[text.index("<estimate_grades"):text.index("</estimate_grades>")]
    assert 'name="peak_read_qps" yours="57300" reference="5730" grade="order_of_magnitude"' in block
    assert 'name="daily_users"' in block and "peak_write_qps" not in block and "storage" not in block
    assert '<first_divergence step="requests per day" cause="assumption">' in block
    # Outside the estimates check, or without written figures, there is no grade block.
    assert "<estimate_grades" not in user_message(_estimates_request(OFF, Mode.STRESS))
    assert "<estimate_grades" not in user_message(_estimates_request({}))
