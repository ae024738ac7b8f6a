"""The core loop in a real browser: draw with the mouse, see findings, save, reload, find the version."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from support.browser import draw_component, draw_flow, open_app, wait_idle
from support.server import AppServer

pytestmark = pytest.mark.browser


def test_draw_save_reload_restart(page, app_server):
    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Postgres", 420, 60, 580, 160)
    # A flow from inside the first box to inside the second: the drag direction is the flow direction.
    draw_flow(page, 150, 110, 470, 110)

    # The graph and a failure finding appear: a client talking straight to a database.
    expect(page.get_by_text(re.compile(r"Web app talks directly to Postgres"))).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Failure points (2)")).to_be_visible()
    # The graph itself: the annotated picture of the user's own layout, and the parsed component table.
    picture = page.locator('[data-testid="stImage"] img').first
    expect(picture).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 300", arg=picture.element_handle(),
                           timeout=20_000)
    expect(page.get_by_text(re.compile(r"^Components \(2\)"))).to_be_visible()
    expect(page.get_by_text(re.compile("Unsaved changes"))).to_be_visible()

    page.get_by_role("textbox", name="Design title").fill("Browser design")
    page.get_by_role("textbox", name="Design title").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible()

    # A reload starts a new session; the link keeps the design, the store keeps the version.
    page.reload()
    open_app(page, page.url)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("combobox", name="Design")).to_have_value("Browser design (1 version)", timeout=20_000)
    expect(sidebar.get_by_text(re.compile(r"^v1 ·"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Web app talks directly to Postgres"))).to_be_visible()

    # Restart the app itself: a new server process on the same database still lists the version.
    app_server.stop()
    restarted = AppServer(app_server.db)
    try:
        open_app(page, restarted.url)
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_role("combobox", name="Design")).to_have_value("Browser design (1 version)",
                                                                             timeout=20_000)
        expect(sidebar.get_by_text(re.compile(r"^v1 ·"))).to_be_visible()
        sidebar.get_by_role("button", name="Open v1").click()
        wait_idle(page)
        expect(page.get_by_text(re.compile(r"Web app talks directly to Postgres"))).to_be_visible(timeout=20_000)
    finally:
        restarted.stop()
