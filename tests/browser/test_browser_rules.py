"""Issue 3's app features with a real mouse in Chromium: focus a finding, kill a component, accept a finding.

AppTest covers the wiring (tests/app/test_app_rules.py); this proves the same
widgets work on the real page, with the real annotated picture changing.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from support.browser import draw_component, draw_flow, open_picture, wait_idle

pytestmark = pytest.mark.browser

SLOW = 20_000  # a rerun on a busy two-core machine can take seconds; nothing here is about speed
PICTURE = '[data-testid="stImage"] img'


def picture(page: Page) -> str:
    """The annotated sketch's media URL: Streamlit names it after a hash of the PNG bytes."""
    return page.locator(PICTURE).first.get_attribute("src") or ""


def choose(page: Page, box: str, option: re.Pattern[str]) -> None:
    """Pick an option of a select box; a click that lands during a rerun is retried (the list never opened)."""
    wanted = page.get_by_role("option", name=option)
    for _ in range(3):
        page.mouse.move(5, 5)
        page.get_by_role("combobox", name=box).click()
        try:
            wanted.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            wait_idle(page)
    wanted.click()
    wait_idle(page)


def test_focus_kill_and_accept_in_the_browser(page):
    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Postgres", 420, 60, 580, 160)
    draw_flow(page, 150, 110, 470, 110)
    expect(page.get_by_text("Failure points (2)")).to_be_visible(timeout=SLOW)
    open_picture(page)
    expect(page.locator(PICTURE).first).to_be_visible()
    plain = picture(page)

    # Focus a finding: its "why it matters" opens and its elements are highlighted on the picture.
    why = page.get_by_text(re.compile(r"^A datastore with no replica keeps the only copy"))
    expect(why).to_be_hidden()
    choose(page, "Focus on a finding", re.compile(r"^2\. Postgres is a single database"))
    expect(why).to_be_visible(timeout=SLOW)
    expect(page.locator(PICTURE).first).not_to_have_attribute("src", plain, timeout=SLOW)

    # Kill the database: the drill says, from the graph, which requests fail.
    choose(page, "Component to kill", re.compile(r"^Postgres \(postgres\)"))
    expect(page.get_by_text("Postgres runs as one instance: this is what its failure means.")).to_be_visible(
        timeout=SLOW)
    expect(page.get_by_text(re.compile(r"Requests fail \(1 of 1 routes\)"))).to_be_visible()
    choose(page, "Component to kill", re.compile(r"^— none —"))

    # Save, then accept the focused finding with a justification: it stays listed, marked, and drawn muted.
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=SLOW)
    focused = picture(page)
    choose(page, "Focus on a finding", re.compile(r"^— none —"))
    expect(page.locator(PICTURE).first).not_to_have_attribute("src", focused, timeout=SLOW)
    choose(page, "Focus on a finding", re.compile(r"^2\. Postgres is a single database"))
    expect(page.locator(PICTURE).first).to_have_attribute("src", focused, timeout=SLOW)
    justification = page.get_by_role("textbox", name="Justification").last
    expect(justification).to_be_visible(timeout=SLOW)
    justification.fill("A practice sketch: we restore from the nightly backup.")
    justification.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Accept").last.click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Accepted on v1: A practice sketch"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"^2\. Postgres is a single database.* — accepted$"))).to_be_visible()
    expect(page.locator(PICTURE).first).not_to_have_attribute("src", focused, timeout=SLOW)


def test_the_focus_follows_its_finding_when_the_findings_change(page):
    """Bug (issue 13): the focus picker kept its choice as a label ("3. Web app has no flows…"); after a stroke
    changed the findings it named a finding that no longer existed while the halo moved to whichever finding
    now had that number. The focus is the finding itself: renumbered, it stays; gone, the focus clears."""
    focus = page.get_by_role("combobox", name="Focus on a finding")
    opened = page.locator('[data-testid="stExpander"] details[open] summary').filter(has_text=re.compile(r"\d\. "))
    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Postgres", 420, 60, 580, 160)
    draw_component(page, "Redis", 40, 300, 200, 400)
    expect(page.get_by_text("Failure points (3)")).to_be_visible(timeout=SLOW)
    choose(page, "Focus on a finding", re.compile(r"^3\. Web app has no flows"))
    expect(opened).to_have_text(re.compile(r"(^|\D)3\. Web app has no flows"), timeout=SLOW)

    # The flow makes Web app's finding go away: "3." is Redis's now, and must not inherit the focus.
    draw_flow(page, 150, 110, 470, 110)
    expect(page.get_by_text(re.compile(r"Web app talks directly to Postgres")).first).to_be_visible(timeout=SLOW)
    expect(focus).to_have_value("— none —", timeout=SLOW)
    expect(opened).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)

    # Focus Redis's finding (3.), then add a box whose finding sorts before it: Redis's becomes 4., still focused.
    choose(page, "Focus on a finding", re.compile(r"^3\. Redis has no flows"))
    draw_component(page, "API", 420, 300, 580, 400)
    expect(page.get_by_text("Failure points (4)")).to_be_visible(timeout=SLOW)
    expect(focus).to_have_value(re.compile(r"^4\. Redis has no flows"), timeout=SLOW)
    expect(opened).to_have_text(re.compile(r"(^|\D)4\. Redis has no flows"))
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_a_finding_opened_by_a_click_shows_its_why_and_stays_open_when_renumbered(page):
    """A closed finding sends only its label (issue 13's first load at 50 components); a click opens it with its
    rule and why, and a stroke that renumbers it leaves it open."""
    rows = page.locator('[data-testid="stExpander"]').filter(
        has=page.locator("summary").filter(has_text=re.compile(r"\d\. Redis has no flows")))
    why = "A component that nothing calls and that calls nothing does no work in this design."
    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Postgres", 420, 60, 580, 160)
    draw_component(page, "Redis", 40, 300, 200, 400)
    draw_flow(page, 150, 110, 470, 110)
    expect(page.get_by_text(re.compile(r"Web app talks directly to Postgres")).first).to_be_visible(timeout=SLOW)
    expect(rows.locator("summary")).to_have_text(re.compile(r"(^|\D)3\. Redis has no flows"), timeout=SLOW)
    expect(page.get_by_text(why)).to_have_count(0)
    page.mouse.move(5, 5)
    rows.locator("summary").first.click()
    expect(rows.get_by_text(why)).to_be_visible(timeout=SLOW)
    expect(rows.get_by_text("ORPH001")).to_be_visible()
    expect(page.get_by_text(why)).to_have_count(1)  # only the opened one

    draw_component(page, "API", 420, 300, 580, 400)
    expect(page.get_by_text("Failure points (4)")).to_be_visible(timeout=SLOW)
    expect(rows.locator("summary")).to_have_text(re.compile(r"(^|\D)4\. Redis has no flows"), timeout=SLOW)
    expect(rows.get_by_text(why)).to_be_visible(timeout=SLOW)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
