"""The core loop in a real browser: draw with the mouse, see findings, save, reload, find the version."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from support.browser import draw_component, draw_flow, forget_console, open_app, open_picture, wait_idle
from support.server import AppServer

pytestmark = pytest.mark.browser

#: The picker's label of the one saved design: its title, its id, its versions and when it was saved.
ONE_VERSION = re.compile(r"^Browser design · #\d+ · 1 version · saved ")


def test_draw_save_reload_restart(page, app_server):
    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Postgres", 420, 60, 580, 160)
    # A flow from inside the first box to inside the second: the drag direction is the flow direction.
    draw_flow(page, 150, 110, 470, 110)

    # The graph and a failure finding appear: a client talking straight to a database.
    expect(page.get_by_text(re.compile(r"Web app talks directly to Postgres"))).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Failure points (2)")).to_be_visible()
    # The graph itself: the annotated picture of the user's own layout, and the parsed component table.
    open_picture(page)
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
    expect(sidebar.get_by_role("combobox", name="Design")).to_have_value(ONE_VERSION, timeout=20_000)
    expect(sidebar.get_by_text(re.compile(r"^v1 ·"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Web app talks directly to Postgres"))).to_be_visible()

    # Restart the app itself: a new server process on the same database still lists the version.
    app_server.stop()
    restarted = AppServer(app_server.db)
    try:
        open_app(page, restarted.url)
        forget_console(page)  # the page said the old server went away, as it should
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_role("combobox", name="Design")).to_have_value(ONE_VERSION, timeout=20_000)
        expect(sidebar.get_by_text(re.compile(r"^v1 ·"))).to_be_visible()
        sidebar.get_by_role("button", name="Open v1").click()
        wait_idle(page)
        expect(page.get_by_text(re.compile(r"Web app talks directly to Postgres"))).to_be_visible(timeout=20_000)
        page.goto("about:blank")  # leave before the server stops: a page that loses its server says so
    finally:
        restarted.stop()


def _save_titled(page, title: str) -> str:
    """Title the design on the canvas, save it as v1; returns its id (from the link)."""
    field = page.get_by_role("textbox", name="Design title")
    field.fill(title)
    field.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=20_000)
    return page.url.split("design=")[1]


def test_two_designs_with_one_title_are_told_apart_and_the_chosen_one_opens(page):
    """Bug (issue 13): two designs named alike showed the same label in the picker, and choosing the second
    opened the first (the picker matched options by their label). Practice rounds make such pairs in minutes."""
    draw_component(page, "Web app", 40, 60, 200, 160)
    first_id = _save_titled(page, "Twin")
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="New design").click()
    wait_idle(page)
    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Postgres", 420, 60, 580, 160)
    second_id = _save_titled(page, "Twin")
    assert first_id != second_id

    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox", name="Design").click()
    options = page.get_by_role("option")
    expect(options).to_have_count(2)
    labels = options.all_inner_texts()
    assert labels[0] != labels[1], labels  # each says which one it is
    assert all(re.search(r"· 1 version · saved (\d{4}-\d\d-\d\d )?\d\d:\d\d$", label) for label in labels), labels
    older = next(o for o in options.all() if f"#{first_id}" in o.inner_text())
    older.click()
    wait_idle(page)
    sidebar.get_by_role("button", name="Open v1").click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(rf"design={first_id}$"), timeout=20_000)
    expect(page.get_by_text(re.compile(r"^Components \(1\)"))).to_be_visible(timeout=20_000)
