"""The critique stage in a real browser: draw, save, press critique with no key, get probes about your boxes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from design.store import open_store
from support.anthropic_stub import StubAPI, good, status
from support.browser import draw_component, draw_flow, open_app, show_panel, wait_idle, write_notes
from support.server import AppServer

FAKE_KEY = "sk-ant-FAKE-browser-00112233445566"

pytestmark = pytest.mark.browser


def test_save_then_offline_critique_names_my_components(page):
    critique = page.get_by_role("button", name=re.compile(r"^Critique"))
    expect(critique).to_be_disabled()
    expect(page.get_by_text(re.compile(r"Save a version first"))).to_be_visible()

    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Orders DB (Postgres)", 420, 60, 580, 160)
    draw_flow(page, 150, 110, 470, 110)
    expect(page.get_by_text(re.compile(r"Web app talks directly to Orders DB"))).to_be_visible(timeout=20_000)
    expect(critique).to_be_disabled()  # drawn but not saved

    # Explain before you prompt: a requirement and the approach come first.
    write_notes(page, "- Take orders from the web app",
                "The web app writes orders straight into Postgres for now.")
    expect(page.get_by_text(re.compile(r"Explained: the critique can start"))).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible()
    run = page.get_by_role("button", name="Critique v1")
    expect(run).to_be_enabled()
    run.click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Critique of v1 · Stress test · by the offline critic"))).to_be_visible(timeout=20_000)
    expect(page.get_by_text(re.compile(r"Q1\."))).to_be_visible()
    # The probes are about the user's own boxes.
    expect(page.get_by_text(re.compile(r"Orders DB \(Postgres\)")).filter(visible=True).first).to_be_visible()
    expect(page.get_by_role("textbox", name="Your answer to Q1")).to_be_visible()

    # An edit after the save closes the gate again: the critic never judges an unsaved canvas as if saved.
    draw_component(page, "Cache (Redis)", 40, 300, 200, 400)
    expect(page.get_by_text(re.compile(r"The canvas has unsaved changes since v1"))).to_be_visible(timeout=20_000)
    expect(page.get_by_role("button", name=re.compile(r"^Critique"))).to_be_disabled()
    expect(page.get_by_role("button", name="Critique v1")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"Critique of v1 · "))).to_have_count(0)  # v1's questions are not passed off as current

    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v2"))).to_be_visible(timeout=20_000)
    expect(page.get_by_role("button", name="Critique v2")).to_be_enabled()
    expect(page.get_by_text("No critique of this version in this mode yet.")).to_be_visible()


CLAUDE_PROBES = [
    {"question": "Orders DB (Postgres) is one instance: what happens to an order being written when it dies?",
     "why_it_matters": "Lost orders are lost money.", "targets": ["orders-db-postgres"], "category": "durability",
     "severity": "high"},
    {"question": "Web app holds a connection per request to Orders DB (Postgres): what caps them at peak?",
     "why_it_matters": "Connection exhaustion takes the whole site down.",
     "targets": ["web-app", "invented-pool"], "category": "bottleneck", "severity": "medium"},
]


@pytest.fixture
def claude_page(browser, tmp_path):
    """The real app with ANTHROPIC_API_KEY set and ANTHROPIC_BASE_URL pointing at the loopback stub."""
    with StubAPI(default=good(CLAUDE_PROBES)) as api:
        server = AppServer(tmp_path / "claude.db", env={"ANTHROPIC_API_KEY": FAKE_KEY, "ANTHROPIC_BASE_URL": api.url})
        context = browser.new_context(viewport={"width": 1500, "height": 1100})
        try:
            pg = context.new_page()
            open_app(pg, server.url)
            yield pg, api, server
        finally:
            context.close()
            server.stop()


def test_a_critique_asked_for_is_carried_out_when_another_interaction_cuts_its_run_short(claude_page):
    """A button's click lasts one run. Here the critic is still waiting for Claude (the stub holds the answer)
    when the user changes something else (the sidebar's practice prompt): that interaction's rerun cuts the
    critique's run short. The critique asked for still runs, is shown and is stored, once."""
    page, api, server = claude_page
    draw_component(page, "Web app", 40, 60, 200, 160)
    write_notes(page, "- Take orders from the web app", "The web app writes orders straight into Postgres.")
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=20_000)
    api.push(good(CLAUDE_PROBES, stall=8.0))  # the first call answers only after the interaction below
    page.get_by_role("button", name="Critique v1").click()
    for _ in range(600):  # the run is in the critic once Claude has the request (the status box's label changes)
        if api.messages:
            break
        page.wait_for_timeout(100)
    assert len(api.messages) == 1
    prompt = page.locator('[data-testid="stSidebar"]').get_by_role("textbox", name="Your prompt")
    prompt.fill("Design a URL shortener")
    prompt.blur()  # a text area sends its text when left
    wait_idle(page, timeout=60_000)
    expect(page.get_by_text(re.compile(r"Critique of v1 · Stress test · by the Claude \(claude-haiku-5-5\)"))).to_be_visible(
        timeout=45_000)
    expect(prompt).to_have_value("Design a URL shortener")  # the other interaction was not lost either
    with open_store(server.db) as store:
        (design,) = store.list_designs()
        assert [c.version for c in store.list_critiques(design.id)] == [1]
    first, second = api.messages  # the run cut short abandoned its call; the request was carried out anew
    # One run at a time (.streamlit/config.toml): the prompt's run began only when the critique's run reached its
    # next Streamlit call, after Claude answered the first call; with fast reruns it would start at once, beside it.
    assert first["sent"] > 0


def test_claude_critique_shows_usage_and_cost_and_a_failure_keeps_the_version(claude_page):
    page, api, server = claude_page
    expect(page.get_by_text("Critic: Claude (claude-haiku-5-5)")).to_be_visible()
    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Orders DB (Postgres)", 420, 60, 580, 160)
    draw_flow(page, 150, 110, 470, 110)
    expect(page.get_by_text(re.compile(r"Web app talks directly to Orders DB"))).to_be_visible(timeout=20_000)
    write_notes(page, "- Take orders from the web app",
                "The web app writes orders straight into Postgres for now.")
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=20_000)
    assert api.messages == []  # nothing is sent before the user asks

    page.get_by_role("button", name="Critique v1").click()
    wait_idle(page, timeout=40_000)
    expect(page.get_by_text(re.compile(r"Critique of v1 · Stress test · by the Claude \(claude-haiku-5-5\)"))).to_be_visible(
        timeout=30_000)
    assert len(api.messages) == 1
    # Tokens and cost of the call, in the page.
    expect(page.get_by_text(re.compile(
        r"1,200 input tokens \(\+900 cache write, 0 cache read\) · 400 output tokens · ≈ \$0\.0004 · \d+\.\d s"))).to_be_visible()
    expect(page.get_by_text("Dropped unknown target 'invented-pool' from probe 2.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Q1\. Orders DB \(Postgres\) is one instance: what happens"))).to_be_visible()
    # The streamed question was listed in the status box as it arrived, before the final reply was checked.
    expect(page.locator("li").filter(has_text="what happens to an order being written when it dies")).to_have_count(1)

    # A fresh critique meets an overloaded API: the reason shows, the offline critic answers, v1 stays v1.
    api.default = status(529, "overloaded_error")
    page.get_by_role("button", name="Fresh critique").click()
    wait_idle(page, timeout=40_000)
    expect(page.get_by_text(re.compile(r"Claude was not used: the API is overloaded \(529\)"))).to_be_visible(
        timeout=30_000)
    expect(page.get_by_text(re.compile(r"Critique of v1 · Stress test · by the offline critic"))).to_be_visible()
    assert len(api.messages) == 3  # one retry, then the fallback
    db = open_store(server.db)
    (design,) = db.list_designs()
    assert db.latest_version(design.id).number == 1
    assert [p[4]["critic"] for p in db.list_critiques(design.id)] == ["claude", "offline"]
    assert FAKE_KEY.encode() not in server.db.read_bytes()


def test_a_follow_up_round_shows_its_own_questions_and_files_answers_under_them(page, browser, app_server):
    """Bug (issue 13): answers were filed by position only, against whatever round the stored critique was at
    when they were saved, from a copy of the critique taken when the page was drawn. A page drawn before a
    follow-up round (a second tab, or a rerun that had not landed) overwrote that round and filed answers
    under questions the user never saw. Now every answer box sits under its question, and a save checks the
    round and questions the user saw against the stored critique."""
    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Orders DB (Postgres)", 420, 60, 580, 160)
    draw_flow(page, 150, 110, 470, 110)
    expect(page.get_by_text(re.compile(r"Web app talks directly to Orders DB")).first).to_be_visible(timeout=20_000)
    write_notes(page, "- Take orders from the web app",
                "The web app writes orders straight into Postgres for now.")
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=20_000)
    show_panel(page, "Critique")
    page.get_by_role("button", name="Critique v1").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Critique of v1 · Stress test"))).to_be_visible(timeout=30_000)
    expect(page.get_by_text(re.compile(r"^Answering round 0 · \d+ questions about v1"))).to_be_visible()

    # A second tab on the same design shows the same critique, at round 0.
    other = browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
    open_app(other, page.url)
    show_panel(other, "Critique")
    other.get_by_role("button", name="Critique v1").click()
    wait_idle(other)
    expect(other.get_by_text(re.compile(r"^Answering round 0 · "))).to_be_visible(timeout=30_000)

    # The first tab answers Q1 and asks for a follow-up round.
    page.get_by_role("textbox", name="Your answer to Q1").fill("We will just scale it.")
    page.get_by_role("button", name="Follow-up round: judge my answers").click()
    wait_idle(page, timeout=40_000)
    expect(page.get_by_text(re.compile(r"^Answering round 1 · "))).to_be_visible(timeout=30_000)
    db = open_store(app_server.db)
    (design,) = db.list_designs()
    payload = db.find_critique(design.id, 1, "stress")[1]
    assert payload["answers"] == {"0": "We will just scale it."}
    (round_1,) = payload["rounds"]
    # The new round's first question is the one right above the first, empty, answer box.
    box = page.get_by_role("textbox", name="Your answer to Q1")
    expect(box).to_have_value("")
    question = page.get_by_text(re.compile(r"Q1\. " + re.escape(round_1["probes"][0]["question"])))
    expect(question).to_be_visible()
    assert question.bounding_box()["y"] < box.bounding_box()["y"]

    # The second tab still shows round 0's questions: its answer must not land under round 1's.
    other.get_by_role("textbox", name="Your answer to Q1").fill("Written to round 0's first question.")
    other.get_by_role("button", name="Save answers").click()
    wait_idle(other)
    expect(other.get_by_text(re.compile(r"written to the questions of the critique, but this critique is at "
                                        r"follow-up round 1 now"))).to_be_visible(timeout=20_000)
    expect(other.get_by_text(re.compile(r"What you wrote: Q1: Written to round 0's first question\."))).to_be_visible()
    payload = db.find_critique(design.id, 1, "stress")[1]
    assert len(payload["rounds"]) == 1  # the follow-up round is still there
    assert payload["answers"] == {"0": "We will just scale it."}
    assert payload["rounds"][0].get("answers", {}) == {}
    # The second tab now shows round 1 too; the first tab's answer to it is stored under it.
    expect(other.get_by_text(re.compile(r"^Answering round 1 · "))).to_be_visible(timeout=20_000)
    box.fill("Orders go through a queue with idempotency keys.")
    page.get_by_role("button", name="Save answers").click()
    wait_idle(page)
    expect(page.get_by_text("Answers saved with the critique.")).to_be_visible(timeout=20_000)
    payload = db.find_critique(design.id, 1, "stress")[1]
    assert payload["answers"] == {"0": "We will just scale it."}
    assert payload["rounds"][0]["answers"] == {"0": "Orders go through a queue with idempotency keys."}
    other.context.close()
