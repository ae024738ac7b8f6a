"""Issue 15 with a real mouse in Chromium: a target written in the notes gets its verdict from the drawing, and the
verdict moves when a replica is added in Components.

AppTest covers the wiring and every status (tests/app/test_app_numbers.py); this proves the checklist, the
replica field and the annotated picture work together on the real page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from support.browser import draw_component, draw_flow, open_picture, wait_idle, write_notes

pytestmark = pytest.mark.browser

SLOW = 20_000  # a rerun on a busy two-core machine can take seconds; nothing here is about speed
PICTURE = '[data-testid="stImage"] img'


def summary(page: Page, status: str, line: str):
    """The summary line of one requirement line's checklist row with one status."""
    return page.locator("summary").filter(has_text=re.compile(rf"{re.escape(status)} · .* — {re.escape(line)}$"))


def row(page: Page, status: str, line: str):
    """The checklist row (an expander) of one requirement line with one status."""
    return page.locator('[data-testid="stExpander"]').filter(has=summary(page, status, line))


def test_a_target_gets_its_verdict_and_a_replica_changes_it(page):
    draw_component(page, "API", 40, 60, 200, 160)
    draw_component(page, "Orders DB", 420, 60, 580, 160)
    draw_flow(page, 150, 110, 470, 110)
    expect(page.get_by_text("Requirements checklist")).to_be_visible(timeout=SLOW)
    open_picture(page)  # drawn only while its panel is open
    picture = page.locator(PICTURE).first.get_attribute("src")

    # The packaged table: one API node (99.5%, p99 50 ms) calls one database (99.5%, p99 50 ms).
    # 99.5% × 99.5% = 99.0025%: 0.9975 of the 1% downtime allowed is spent, past 80% of it: at risk.
    # 50 + 50 = 100 ms at p99 against 80 ms: not met.
    write_notes(page, "- 99% available\n- p99 under 80 ms\n- Take orders", "One API in front of one database.")
    expect(row(page, "▲ at risk", "99% available")).to_be_visible(timeout=SLOW)
    expect(row(page, "✖ not met", "p99 under 80 ms")).to_be_visible()
    expect(page.get_by_text("Take orders — states no number to check")).to_be_visible()
    expect(page.get_by_text("1 not met · 1 at risk")).to_be_visible()

    # The row expands to the arithmetic.
    summary(page, "▲ at risk", "99% available").click()
    expect(row(page, "▲ at risk", "99% available").get_by_text(re.compile(r"in series: 99\.5% \(API\) × 99\.5% \(Orders DB\) = 99\.002%"))).to_be_visible(
        timeout=SLOW)

    # A second database instance in Components: 1 − 0.005² = 99.9975%; 99.5% × 99.9975% = 99.4975%, half the
    # downtime allowed: met. The latency target does not move (replicas add no speed to one request).
    page.mouse.move(5, 5)
    page.locator('[data-testid="stExpander"] summary').filter(has_text=re.compile(r"Components \(2\)$")).click()
    replicas = page.get_by_role("spinbutton", name="Replicas")
    expect(replicas).to_have_count(2, timeout=SLOW)
    replicas.nth(1).fill("2")
    replicas.nth(1).press("Enter")
    wait_idle(page)
    expect(row(page, "✔ met", "99% available")).to_be_visible(timeout=SLOW)
    expect(row(page, "▲ at risk", "99% available")).to_have_count(0)
    expect(row(page, "✖ not met", "p99 under 80 ms")).to_be_visible()
    expect(page.get_by_text("1 not met · 1 met")).to_be_visible()
    # The picture was redrawn for the new design (its number badges and findings with it).
    expect(page.locator(PICTURE).first).not_to_have_attribute("src", picture or "", timeout=SLOW)
