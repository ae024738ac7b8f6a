"""The live canvas (issue 13): findings and direction drawn where the user draws, on one screen.

The backdrop is the canvas component's background layer; its pixels are read
from the page (``dc-background-canvas`` in the component's shadow root).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from support.browser import CANVAS, canvas_pixel, draw_component, draw_flow, open_app, wait_idle
from support.paths import ROOT

pytestmark = pytest.mark.browser

SLOW = 20_000
FIDELITY = ROOT / "tests" / "fidelity" / "corpus"
BACKGROUND = '[data-testid="stBidiComponentIsolated"] canvas.dc-background-canvas'


def backdrop_pixel(page: Page, x: float, y: float) -> tuple[int, int, int]:
    """The backdrop's colour at canvas point (x, y)."""
    r, g, b, _ = canvas_pixel(page, BACKGROUND, x, y)
    return r, g, b


def reddish(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb
    return r > 150 and g < 110 and b < 110


def near(page: Page, x: float, y: float, radius: int = 4) -> list[tuple[int, int, int]]:
    return [backdrop_pixel(page, x + dx, y + dy) for dx in range(-radius, radius + 1, 2)
            for dy in range(-radius, radius + 1, 2)]


def test_the_live_canvas_shows_the_arrowhead_and_the_badges_and_keeps_the_undo_stack(page):
    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Postgres", 420, 60, 580, 160)
    assert not any(reddish(p) for p in near(page, 418, 110)), "no arrow yet: nothing drawn at Postgres's edge"
    draw_flow(page, 150, 110, 470, 110)
    expect(page.get_by_text(re.compile(r"Web app talks directly to Postgres")).first).to_be_visible(timeout=SLOW)
    # The arrowhead sits at Postgres's left edge (x 420), where the flow enters, in the finding's red.
    for _ in range(40):  # the backdrop loads a moment after the rerun
        if any(reddish(p) for p in near(page, 414, 110)):
            break
        page.wait_for_timeout(250)
    assert any(reddish(p) for p in near(page, 414, 110)), "an arrowhead at the box edge"
    # Badge "1" just inside Postgres's top-right corner (the first finding's badge), where its label chip, drawn
    # above the box, does not cover it.
    assert any(reddish(p) for p in near(page, 566, 74, radius=6)), "a numbered badge on the box"

    # The backdrop changed under the strokes; the drawing and its undo history did not.
    host = page.locator('[data-testid="stBidiComponentIsolated"]').first
    page.mouse.move(*_centre(page))
    undo = host.get_by_role("button", name="Undo", exact=True)
    expect(undo).to_be_enabled()
    undo.click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Web app talks directly to Postgres"))).to_have_count(0, timeout=SLOW)
    expect(page.get_by_text(re.compile(r"^Components \(2\)"))).to_be_visible()


def _centre(page: Page) -> tuple[float, float]:
    box = page.locator(CANVAS).first.bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_at_1440_by_900_the_canvas_and_the_findings_show_together_without_scrolling(browser, app_server, tmp_path):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        open_app(page, app_server.url)
        draw_component(page, "Web app", 40, 60, 200, 160)
        draw_component(page, "Postgres", 420, 60, 580, 160)
        draw_flow(page, 150, 110, 470, 110)
        expect(page.get_by_text(re.compile(r"^Failure points \(2\)$")).first).to_be_visible(timeout=SLOW)
        page.locator('[data-testid="stMain"]').evaluate("el => el.scrollTo(0, 0)")
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(300)
        canvas = page.locator(CANVAS).first.bounding_box()
        heading = page.get_by_text(re.compile(r"^Failure points \(2\)$")).first.bounding_box()
        finding = page.get_by_text(re.compile(r"Web app talks directly to Postgres")).first.bounding_box()
        assert canvas and heading and finding
        assert canvas["y"] >= 0 and canvas["y"] + canvas["height"] <= 900, canvas  # all of the canvas
        assert canvas["x"] + canvas["width"] <= 1440, canvas
        for shown in (heading, finding):  # beside the canvas, not below it
            assert shown["x"] >= canvas["x"] + canvas["width"] and shown["y"] + shown["height"] <= 900, shown
        page.screenshot(path=str(tmp_path / "one-screen.png"))
    finally:
        context.close()


def test_tool_shortcuts_as_in_excalidraw_and_never_while_typing(page):
    tools = page.locator('[data-testid="stRadio"]').filter(has_text="Component")
    page.mouse.click(5, 5)  # nothing focused
    page.keyboard.press("a")
    wait_idle(page)
    expect(tools.get_by_role("radio", name="Flow")).to_be_checked(timeout=SLOW)
    page.keyboard.press("t")
    wait_idle(page)
    expect(tools.get_by_role("radio", name="Text")).to_be_checked(timeout=SLOW)
    # Typing a title is typing, not a shortcut.
    title = page.get_by_role("textbox", name="Design title")
    title.click()
    page.keyboard.type("rat")
    page.wait_for_timeout(500)
    expect(tools.get_by_role("radio", name="Text")).to_be_checked()
    page.mouse.click(5, 5)
    wait_idle(page)
    page.keyboard.press("r")
    wait_idle(page)
    expect(tools.get_by_role("radio", name="Component")).to_be_checked(timeout=SLOW)


SCROLLER = ".st-key-canvas_scroll"


def test_a_canvas_wider_than_its_column_scrolls_across_and_takes_strokes_at_its_far_edge(browser, app_server):
    """Large (1000 px) beside the findings rail on a 1440 px screen: the column is narrower than the canvas, so
    the canvas sits in a box that scrolls across; its right-hand part is reached by scrolling, not hidden under
    the rail, and a box drawn there is read."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        open_app(page, app_server.url)
        size = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Canvas size")
        size.scroll_into_view_if_needed()
        size.click()
        page.get_by_role("option", name=re.compile(r"^Large")).click()
        wait_idle(page)
        canvas = page.locator(CANVAS).first
        expect(canvas).to_have_attribute("width", re.compile(r"^(1000|2000)$"), timeout=SLOW)
        scroller = page.locator(SCROLLER)
        wide, shown = scroller.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert wide >= 1000 > shown, (wide, shown)  # narrower than the canvas: it scrolls
        rail = page.get_by_text(re.compile(r"^Failure points \(0\)$")).first.bounding_box()
        assert rail is not None

        page.get_by_role("textbox", name="Component label").fill("Edge cache")
        page.get_by_role("textbox", name="Component label").press("Enter")
        wait_idle(page)
        scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        canvas.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        box = canvas.bounding_box()
        assert box is not None
        x1, x2 = box["x"] + 860, box["x"] + 980  # the canvas's far right, where the rail would have covered it
        assert x2 < rail["x"], (x2, rail)  # scrolled into view, left of the rail
        y = box["y"] + 120
        page.mouse.move(x1, y)
        page.mouse.down()
        page.mouse.move(x2, y + 80, steps=12)
        page.mouse.up()
        wait_idle(page)
        expect(page.get_by_text(re.compile(r"^Components \(1\)"))).to_be_visible(timeout=SLOW)
        expect(page.get_by_text("Edge cache", exact=False).first).to_be_visible()
    finally:
        context.close()


def test_a_drawing_wider_than_the_canvas_opens_on_a_canvas_grown_across_that_scrolls(page):
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('input[type="file"]').set_input_files(str(FIDELITY / "web-crawler-handdrawn.excalidraw"))
    sidebar.get_by_role("button", name="Open on a fresh canvas").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"The canvas grew to 1413 × 500"))).to_be_visible(timeout=SLOW)
    canvas = page.locator(CANVAS).first
    expect(canvas).to_have_attribute("width", re.compile(r"^(1413|2826)$"), timeout=SLOW)
    wide, shown = page.locator(SCROLLER).evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert wide >= 1413 > shown, (wide, shown)
    expect(page.get_by_text(re.compile(r"beyond the edge"))).to_have_count(0)
