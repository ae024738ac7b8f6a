"""The critique stage in a real browser: draw, save, press critique with no key, get probes about your boxes."""

from __future__ import annotations

import re

import pytest
from browser_helpers import draw_component, draw_flow, wait_idle
from playwright.sync_api import expect

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
    page.get_by_role("textbox", name="Requirements").fill("- Take orders from the web app")
    page.get_by_role("textbox", name="My approach in three sentences").fill(
        "The web app writes orders straight into Postgres for now.")
    page.mouse.click(5, 400)  # leave the field: Streamlit sends the text on blur
    wait_idle(page)
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
    expect(page.get_by_text(re.compile(r"Orders DB \(Postgres\)")).first).to_be_visible()
    expect(page.get_by_role("textbox", name="Your answer to Q1")).to_be_visible()
