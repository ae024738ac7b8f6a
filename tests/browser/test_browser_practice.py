"""Practice and pairing in the real browser: a follower page keeps up with the driver by itself."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from support.browser import draw_component, draw_flow, show_panel, start_round, wait_idle, write_notes

pytestmark = pytest.mark.browser

# The follower polls every 2 s; allow several polls plus a slow shared machine.
FOLLOW_TIMEOUT = 20_000
# A rerun on a busy two-core machine can take seconds; no assertion here is about speed.
SLOW = 20_000


def _seconds(clock: str) -> int:
    minutes, seconds = clock.strip().split(":")
    return int(minutes) * 60 + int(seconds)


def test_follower_updates_after_the_driver_saves(browser, page, app_server):
    driver = page
    draw_component(driver, "Web app", 40, 60, 200, 160)
    draw_component(driver, "Postgres", 420, 60, 580, 160)
    draw_flow(driver, 150, 110, 470, 110)
    # Save only once the app has seen the last stroke (the save button carries the drawing it rendered with).
    expect(driver.get_by_text(re.compile(r"Web app talks directly to Postgres")).first).to_be_visible(timeout=SLOW)
    driver.get_by_role("button", name="Save version").click()
    wait_idle(driver)
    expect(driver.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=SLOW)
    design_id = parse_qs(urlparse(driver.url).query)["design"][0]
    # The sidebar shows the follow link to hand to the second browser.
    link = driver.locator('[data-testid="stSidebar"] [data-testid="stCode"] code').inner_text().strip()
    assert link == f"{app_server.url}/?design={design_id}&follow=1"

    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    follower = context.new_page()
    try:
        follower.goto(link)
        expect(follower.get_by_text(re.compile(r"read-only"))).to_be_visible(timeout=45_000)
        expect(follower.get_by_text(re.compile(r"· v1 · saved"))).to_be_visible(timeout=FOLLOW_TIMEOUT)
        expect(follower.get_by_text(re.compile(r"Web app talks directly to Postgres"))).to_be_visible(timeout=SLOW)
        follower.evaluate("window.__notReloaded = true")  # a reload would wipe this
        # Read-only: no canvas, no save button, no sidebar controls.
        expect(follower.locator('[data-testid="stBidiComponentIsolated"]')).to_have_count(0)
        expect(follower.get_by_role("button", name="Save version")).to_have_count(0)

        # The driver keeps drawing: the follower sees the autosaved draft without a reload.
        draw_component(driver, "API x3", 240, 260, 400, 360)
        expect(follower.get_by_text(re.compile(r"live draft, after v1"))).to_be_visible(timeout=FOLLOW_TIMEOUT)

        # The driver saves v2: the follower switches to it, still without a reload.
        expect(driver.get_by_text("Failure points (3)")).to_be_visible(timeout=SLOW)
        driver.get_by_role("button", name="Save version").click()
        wait_idle(driver)
        expect(driver.get_by_text(re.compile(r"Saved as v2"))).to_be_visible(timeout=SLOW)
        expect(follower.get_by_text(re.compile(r"· v2 · saved"))).to_be_visible(timeout=FOLLOW_TIMEOUT)
        expect(follower.get_by_text(re.compile(r"Failure points \(3\)"))).to_be_visible(timeout=SLOW)
        assert follower.evaluate("window.__notReloaded === true")  # the same page, never reloaded
    finally:
        context.close()


def test_a_practice_round_in_the_browser(page, app_server):
    """Pick a problem, explain first, draw, save, critique offline, answer a probe, revise, save v2, read
    the diff, with the round's clock ticking all along."""
    start_round(page, "URL shortener")
    expect(page.get_by_text("Round started: 45 minutes", exact=False)).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"^Requirements left$"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"Design a service like bit\.ly"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("textbox", name="Design title")).to_have_value("URL shortener")

    # The clock is the stored start time, not a counter: a reload shows the same round, not a fresh 45:00.
    round_left = page.locator('[data-testid="stMetric"]').filter(has_text="Round left").locator(
        '[data-testid="stMetricValue"]')
    expect(round_left).not_to_have_text("45:00", timeout=SLOW)  # it ticks by itself
    before = _seconds(round_left.inner_text())
    page.reload()
    page.locator('[data-testid="stBidiComponentIsolated"]').first.wait_for(timeout=45_000)
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"^Requirements left$"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"Design a service like bit\.ly"))).to_be_visible(timeout=SLOW)
    assert _seconds(round_left.inner_text()) <= before

    # Explain before you prompt: the reason shows until both notes are written.
    expect(page.get_by_text(re.compile(r"Explain before you prompt")).first).to_be_visible(timeout=SLOW)
    write_notes(page, "- Shorten a long URL\n- Redirect in under 50 ms",
                "A stateless API writes links to Postgres; redirects read through a cache.")
    expect(page.get_by_text(re.compile(r"Explained: the critique can start"))).to_be_visible(timeout=SLOW)

    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Postgres", 420, 60, 580, 160)
    draw_flow(page, 150, 110, 470, 110)
    expect(page.get_by_text(re.compile(r"Web app talks directly to Postgres")).first).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=SLOW)

    # The offline critic questions v1; answer the first question in writing.
    page.get_by_role("button", name="Critique v1").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Critique of v1 · Stress test · by the offline critic"))).to_be_visible(
        timeout=30_000)
    answer = page.get_by_role("textbox", name="Your answer to Q1")
    answer.fill("Postgres gets a streaming replica and the API fails over to it.")
    page.mouse.click(5, 400)
    wait_idle(page)
    page.get_by_role("button", name="Save answers").click()
    wait_idle(page)
    expect(page.get_by_text("Answers saved with the critique.")).to_be_visible(timeout=SLOW)

    # Revise: an API between the web app and the database (the old arrow stays), then save v2.
    # The web app's arrow to the API comes last: its finding shows the app has seen every stroke.
    draw_component(page, "API", 220, 280, 380, 380)
    draw_flow(page, 340, 300, 480, 150)
    draw_flow(page, 120, 150, 260, 320)
    expect(page.get_by_text(re.compile(r"Web app calls API directly")).first).to_be_visible(timeout=SLOW)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v2"))).to_be_visible(timeout=SLOW)

    # The history compares v1 with v2: the added API and its flows, and the answered probe.
    expect(page.get_by_text("v1 → v2", exact=True)).to_be_visible(timeout=20_000)
    changes = page.get_by_role("listitem")
    expect(changes.filter(has_text=re.compile(r"^\+ ?API \(service\)$"))).to_be_visible(timeout=SLOW)
    expect(changes.filter(has_text=re.compile(r"flow Web app → API$"))).to_be_visible(timeout=SLOW)
    expect(changes.filter(has_text=re.compile(r"flow API → Postgres$"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("Probes answered (1)")).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"streaming replica and the API fails over"))).to_be_visible(timeout=SLOW)

    # The countdown is still running: finishing the round logs it.
    page.get_by_role("button", name="Finish round").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Round finished after \d+:\d\d: v2 .*1 critique round"))).to_be_visible(timeout=SLOW)
    # v1 was critiqued during the round, so the round is scored at the default (senior) level, row by row.
    rows = page.locator('[data-testid="stExpander"]').filter(has_text=re.compile(r"/100 · senior bar \d+"))
    expect(rows).to_have_count(5, timeout=SLOW)
    requirements = rows.filter(has_text="Requirements:")
    if requirements.locator("details").get_attribute("open") is None:  # a row that meets its bar starts closed
        requirements.locator("summary").click()
    expect(requirements.get_by_text(
        re.compile(r"A requirement carries a number: “Redirect in under 50 ms”"))).to_be_visible(timeout=SLOW)


def test_pairing_roles_and_presenter_mode_in_the_browser(page, app_server):
    """Two names, the driver recorded with each save, a swap; then presenter mode steps through findings and
    then questions in large type, with the sidebar gone and the drawing intact afterwards."""
    from design.store import open_store

    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("textbox", name="Driver first").fill("Ada")
    sidebar.get_by_role("textbox", name="Navigator first").fill("Lin")
    page.mouse.click(5, 400)
    wait_idle(page)
    sidebar.get_by_role("button", name="Start pairing").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Ada drives first; Lin navigates\. Roles swap every 10 minutes"))).to_be_visible(
        timeout=SLOW)
    expect(page.get_by_text(re.compile(r"Driver: Ada · .*Navigator: Lin · swap in (10:00|9:\d\d)"))).to_be_visible(
        timeout=SLOW)

    write_notes(page, "- Take orders from the web app",
                "The web app writes orders straight into Postgres for now.")
    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Postgres", 420, 60, 580, 160)
    draw_flow(page, 150, 110, 470, 110)
    expect(page.get_by_text(re.compile(r"Web app talks directly to Postgres")).first).to_be_visible(timeout=SLOW)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=SLOW)

    # Swap early: Lin drives now, and the next save records Lin.
    sidebar.get_by_role("button", name="Swap now").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Driver: Lin · .*Navigator: Ada"))).to_be_visible(timeout=SLOW)
    draw_component(page, "API x3", 240, 260, 400, 360)
    expect(page.get_by_text("Failure points (3)")).to_be_visible(timeout=SLOW)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v2"))).to_be_visible(timeout=SLOW)
    db = open_store(app_server.db)
    (design,) = db.list_designs()
    assert [(v.number, v.driver) for v in db.list_versions(design.id)] == [(1, "Ada"), (2, "Lin")]

    page.get_by_role("button", name="Critique v2").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Critique of v2 · Stress test · by the offline critic"))).to_be_visible(
        timeout=30_000)
    (critique,) = db.list_critiques(design.id)
    questions = [p["question"] for p in critique[4]["probes"]]

    # Presenter mode: no sidebar, no canvas, one step at a time in large type, with the roles on one line.
    sidebar.get_by_role("button", name="Presenter mode").click()
    wait_idle(page)
    step = page.locator(".sf-step .sf-text")
    expect(step).to_be_visible(timeout=SLOW)
    expect(page.locator('[data-testid="stSidebar"]')).to_have_count(0)
    expect(page.locator('[data-testid="stBidiComponentIsolated"]')).to_have_count(0)
    expect(page.get_by_text(re.compile(r"Lin drives · .*Ada navigates · swap in"))).to_be_visible()
    size = float(step.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert size >= 36, size  # legible from across a room
    expect(page.locator(".sf-step .sf-head")).to_have_text(re.compile(r"^Finding 1 of 3 · "))
    expect(page.get_by_text(re.compile(r"^Step 1 of \d+: findings first"))).to_be_visible()
    image = page.locator('[data-testid="stImage"] img').first
    first_src = image.get_attribute("src")

    page.get_by_role("button", name="Next ▶").click()
    wait_idle(page)
    expect(page.locator(".sf-step .sf-head")).to_have_text(re.compile(r"^Finding 2 of 3 · "), timeout=SLOW)
    expect(image).not_to_have_attribute("src", first_src or "", timeout=SLOW)  # the highlight moved
    for _ in range(2):
        page.get_by_role("button", name="Next ▶").click()
        wait_idle(page)
    expect(page.locator(".sf-step .sf-head")).to_have_text(re.compile(r"^Question Q1 of \d+$"), timeout=SLOW)
    expect(step).to_have_text(questions[0])
    page.get_by_role("button", name="◀ Previous").click()
    wait_idle(page)
    expect(page.locator(".sf-step .sf-head")).to_have_text(re.compile(r"^Finding 3 of 3 · "), timeout=SLOW)

    # Back to the canvas with the drawing, the notes and the pairing as they were.
    page.get_by_role("button", name="Exit presenter").click()
    wait_idle(page)
    expect(page.locator('[data-testid="stBidiComponentIsolated"]')).to_have_count(1, timeout=SLOW)
    expect(page.get_by_text("Failure points (3)")).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("textbox", name="My approach in three sentences")).to_have_value(
        "The web app writes orders straight into Postgres for now.")
    expect(page.get_by_text(re.compile(r"Driver: Lin · .*Navigator: Ada"))).to_be_visible()


def test_a_round_ends_with_its_scorecard_and_then_the_reference_opens(page, app_server):
    """A round at the mid level in the real browser: the reference stays locked until a critique, finishing
    shows the scorecard with its evidence, and the reference then opens beside the design."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox", name="Interview level").click()
    page.get_by_role("option", name="Mid").click()
    wait_idle(page)
    start_round(page, "Pastebin")
    expect(page.get_by_text("Round started: 45 minutes", exact=False)).to_be_visible(timeout=SLOW)
    compare = page.get_by_role("button", name="Compare with a reference")
    expect(compare).to_be_disabled(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"The reference opens after your own attempt"))).to_be_visible(timeout=SLOW)

    write_notes(page, "- Paste text and get a link\n- Reads p99 under 200 ms",
                "A web app stores pastes in Postgres rather than on disk, at the cost of a database to run.")
    expect(page.get_by_text(re.compile(r"Explained: the critique can start"))).to_be_visible(timeout=SLOW)
    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Postgres", 420, 60, 580, 160)
    draw_flow(page, 150, 110, 470, 110)
    expect(page.get_by_text(re.compile(r"Web app talks directly to Postgres")).first).to_be_visible(timeout=SLOW)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=SLOW)
    expect(compare).to_be_disabled(timeout=SLOW)  # saved, but not critiqued yet
    expect(page.get_by_text(re.compile(r"probing at the mid level"))).to_be_visible(timeout=SLOW)
    page.get_by_role("button", name="Critique v1").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Critique of v1 · Stress test · by the offline critic"))).to_be_visible(
        timeout=30_000)

    page.get_by_role("button", name="Finish round").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Round finished after .* Scorecard below: This round"))).to_be_visible(
        timeout=SLOW)
    rows = page.locator('[data-testid="stExpander"]').filter(has_text=re.compile(r"/100 · mid bar \d+"))
    expect(rows).to_have_count(5, timeout=SLOW)
    high_level = rows.filter(has_text=re.compile(r"High-level design: \d+/100"))
    expect(high_level).to_have_count(1)
    expect(high_level.get_by_text(re.compile(r"High finding left in v1: REPL001"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("button", name="Retry this stage")).to_be_visible()
    show_panel(page, "Progress")
    expect(page.get_by_text("Progress", exact=True)).to_be_visible()

    # After the attempt, the reference opens beside it, with the differences linked to the user's parts.
    expect(compare).to_be_enabled(timeout=SLOW)
    compare.click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Your v1 beside the reference for Reference: Pastebin"))).to_be_visible(
        timeout=SLOW)
    expect(page.get_by_text(re.compile(r"On your sketch: Web app")).first).to_be_visible(timeout=SLOW)
