"""No work is lost or silently replaced (issue 13, bug 4), with a real mouse, real typing and real reloads.

A reload brings back what the user last saw (the autosaved draft, over an
older version), including text typed into a note that never lost the focus and
a file imported but never saved; New design, an import and a practice round
ask before they replace unsaved work, and a round can run on the sketch.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from design.store import open_store
from support.browser import draw_component, open_app, start_round, wait_idle
from support.paths import MERMAID_CORPUS as CORPUS

pytestmark = pytest.mark.browser

SLOW = 20_000


def reload(page: Page) -> None:
    page.reload()
    open_app(page, page.url)


def test_a_reload_brings_back_the_newer_draft_and_text_still_being_typed(page):
    draw_component(page, "Web app", 40, 60, 200, 160)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=SLOW)
    draw_component(page, "Postgres", 420, 60, 580, 160)
    expect(page.get_by_text(re.compile(r"Unsaved changes since v1"))).to_be_visible(timeout=SLOW)
    # Typed, and the field still has the focus: Streamlit has not been sent the text yet.
    notes = page.get_by_role("textbox", name="Requirements")
    notes.click()
    page.keyboard.type("- Redirect in under 50 ms")
    page.wait_for_timeout(2500)  # a pause in the typing commits the note (the focus stays in the field)
    wait_idle(page)
    assert page.evaluate("document.activeElement && document.activeElement.tagName") == "TEXTAREA"

    reload(page)
    expect(page.get_by_text(re.compile(r"Your unsaved changes are back"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"Unsaved changes since v1"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Components \(2\)"))).to_be_visible()
    expect(page.get_by_role("textbox", name="Requirements")).to_have_value("- Redirect in under 50 ms")

    # The saved version, on request; the draft is gone for good.
    page.get_by_role("button", name="Discard them and show v1").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"^Components \(1\)"))).to_be_visible()
    reload(page)
    expect(page.get_by_text(re.compile(r"^Components \(1\)"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"Your unsaved changes are back"))).to_have_count(0)


def test_an_unsaved_import_survives_a_reload_and_replacing_it_asks_first(page, app_server):
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('input[type="file"]').set_input_files(str(CORPUS / "frontmatter.mmd"))
    sidebar.get_by_role("button", name="Open on a fresh canvas").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"^Components \(3\)"))).to_be_visible(timeout=SLOW)
    reload(page)
    expect(page.get_by_text(re.compile(r"^Components \(3\)"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("textbox", name="Design title")).to_have_value("Payments platform")

    # New design over unsaved work asks; Cancel keeps everything.
    sidebar.get_by_role("button", name="New design").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"A new design replaces what is on the canvas"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"^Components \(3\)"))).to_be_visible()
    page.get_by_role("button", name="Cancel").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"A new design replaces"))).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^Components \(3\)"))).to_be_visible()

    # A second import asks too; saving first keeps the first import as v1.
    sidebar.locator('input[type="file"]').set_input_files(str(CORPUS / "frontmatter.mmd"))
    sidebar.get_by_role("button", name="Open on a fresh canvas").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Opening the file replaces what is on the canvas"))).to_be_visible(
        timeout=SLOW)
    page.get_by_role("button", name="Save v1 and continue").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Imported frontmatter\.mmd onto a new canvas"))).to_be_visible(timeout=SLOW)
    saved = [d for d in open_store(app_server.db).list_designs() if d.versions]
    assert [(d.title, d.versions) for d in saved] == [("Payments platform", 1)]


def test_a_practice_round_asks_and_can_run_on_the_current_sketch(page):
    title = page.get_by_role("textbox", name="Design title")
    title.fill("My shortener")
    title.press("Enter")
    wait_idle(page)
    draw_component(page, "Web app", 40, 60, 200, 160)
    start_round(page, "URL shortener")
    expect(page.get_by_text("Start the practice round on this sketch, or on a blank canvas?")).to_be_visible(
        timeout=SLOW)
    expect(page.get_by_text(re.compile(r"^Requirements left$"))).to_have_count(0)  # nothing started yet
    page.get_by_role("button", name="On this sketch").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"^Requirements left$"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"^Components \(1\)"))).to_be_visible()
    expect(title).to_have_value("My shortener")
