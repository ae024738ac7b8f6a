"""Practice and pairing in the real browser: a follower page keeps up with the driver by itself."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from browser_helpers import draw_component, draw_flow, wait_idle
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The follower polls every 2 s; allow several polls plus a slow shared machine.
FOLLOW_TIMEOUT = 20_000


def test_follower_updates_after_the_driver_saves(browser, page, app_server):
    driver = page
    draw_component(driver, "Web app", 40, 60, 200, 160)
    draw_component(driver, "Postgres", 420, 60, 580, 160)
    draw_flow(driver, 150, 110, 470, 110)
    driver.get_by_role("button", name="Save version").click()
    wait_idle(driver)
    expect(driver.get_by_text(re.compile(r"Saved as v1"))).to_be_visible()
    design_id = parse_qs(urlparse(driver.url).query)["design"][0]

    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    follower = context.new_page()
    try:
        follower.goto(f"{app_server.url}/?design={design_id}&follow=1")
        expect(follower.get_by_text(re.compile(r"read-only"))).to_be_visible(timeout=45_000)
        expect(follower.get_by_text(re.compile(r"· v1 · saved"))).to_be_visible(timeout=FOLLOW_TIMEOUT)
        expect(follower.get_by_text(re.compile(r"Web app talks directly to Postgres"))).to_be_visible()
        follower.evaluate("window.__notReloaded = true")  # a reload would wipe this
        # Read-only: no canvas, no save button, no sidebar controls.
        expect(follower.locator('[data-testid="stBidiComponentIsolated"]')).to_have_count(0)
        expect(follower.get_by_role("button", name="Save version")).to_have_count(0)

        # The driver keeps drawing: the follower sees the autosaved draft without a reload.
        draw_component(driver, "API x3", 240, 260, 400, 360)
        expect(follower.get_by_text(re.compile(r"live draft, after v1"))).to_be_visible(timeout=FOLLOW_TIMEOUT)

        # The driver saves v2: the follower switches to it, still without a reload.
        driver.get_by_role("button", name="Save version").click()
        wait_idle(driver)
        expect(driver.get_by_text(re.compile(r"Saved as v2"))).to_be_visible()
        expect(follower.get_by_text(re.compile(r"· v2 · saved"))).to_be_visible(timeout=FOLLOW_TIMEOUT)
        expect(follower.get_by_text(re.compile(r"Failure points \(3\)"))).to_be_visible()
        assert follower.evaluate("window.__notReloaded === true")  # the same page, never reloaded
    finally:
        context.close()
