"""Naming boxes on the live canvas without traps (issue 13, "Labelling without traps").

Each test draws with the real mouse on the real canvas and reads the names
back from the Components panel (what the analysis read), never from our own
state. Each failed before its fix: a name typed without Enter went to the
box after next; a typed name stuck to every following box; a double-click
under the Component tool drew two specks instead of renaming; picking Edit
in the tool picker left the canvas drawing boxes; text was set in Times.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from support.browser import CANVAS, canvas_box, drag, draw_component, pick_tool, wait_idle

pytestmark = pytest.mark.browser

SLOW = 20_000
#: True while the canvas edits a text (its hidden text field has the focus).
EDITING = """() => { const host = document.querySelector('[data-testid="stBidiComponentIsolated"]');
    const el = host && host.shadowRoot && host.shadowRoot.activeElement;
    return !!el && el.tagName === 'TEXTAREA'; }"""
LOWER = '[data-testid="stBidiComponentIsolated"] canvas.dc-canvas'


def open_components(page: Page) -> None:
    """Open the Components panel (it draws its rows only while open) and keep it open."""
    page.mouse.move(5, 5)
    summary = page.locator("summary").filter(has_text=re.compile(r"Components \(\d+\)")).first
    if not summary.evaluate("s => s.parentElement.open"):
        summary.click()
        wait_idle(page)


def names(page: Page) -> list[str]:
    """The components' names as the Components panel lists them (each row's name in bold, over its id)."""
    open_components(page)
    summary = page.locator("summary").filter(has_text=re.compile(r"Components \(\d+\)"))
    panel = page.locator('[data-testid="stExpander"]').filter(has=summary)
    expect(panel.first.locator("p:has(> code) > strong").first).to_be_visible(timeout=SLOW)
    return [t.strip() for t in panel.first.locator("p:has(> code) > strong").all_inner_texts()]


def test_a_name_typed_without_enter_names_the_box_drawn_next(page):
    field = page.get_by_role("textbox", name="Component label")
    field.click()
    page.keyboard.type("Redis cache")  # no Enter, no click elsewhere: the next press is on the canvas
    drag(page, 40, 60, 200, 160)
    expect(page.get_by_text(re.compile(r"^Components \(1\)"))).to_be_visible(timeout=SLOW)
    assert names(page) == ["Redis cache"]


def test_a_name_names_one_box_and_the_field_shows_the_next_boxs_name(page):
    draw_component(page, "Web app", 40, 60, 200, 160)
    field = page.get_by_role("textbox", name="Component label")
    expect(field).to_have_value("", timeout=SLOW)  # the name was used: it does not stick
    expect(field).to_have_attribute("placeholder", "next box: Service")
    page.mouse.move(5, 5)
    drag(page, 420, 60, 580, 160)  # nothing typed: the default the field showed
    expect(page.get_by_text(re.compile(r"^Components \(2\)"))).to_be_visible(timeout=SLOW)
    expect(field).to_have_attribute("placeholder", "next box: Service B", timeout=SLOW)
    drag(page, 240, 300, 400, 400)
    expect(page.get_by_text(re.compile(r"^Components \(3\)"))).to_be_visible(timeout=SLOW)
    assert sorted(names(page)) == ["Service", "Service B", "Web app"]


def test_double_click_renames_a_box_while_the_component_tool_is_on(page):
    draw_component(page, "Web app", 40, 60, 200, 160)
    expect(page.get_by_text(re.compile(r"^Components \(1\)"))).to_be_visible(timeout=SLOW)
    page.locator(CANVAS).first.evaluate("el => el.scrollIntoView({block: 'center', inline: 'nearest'})")
    box = canvas_box(page)
    page.mouse.dblclick(box["x"] + 120, box["y"] + 120)
    page.wait_for_function(EDITING, timeout=SLOW)  # the canvas opens the name for editing, all of it selected
    page.keyboard.type("Frontend")
    page.keyboard.press("Escape")
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"^Components \(1\)"))).to_be_visible(timeout=SLOW)
    page.wait_for_timeout(500)
    assert names(page) == ["Frontend"]
    expect(page.get_by_text(re.compile(r"objects? skipped or repaired"))).to_have_count(0)  # no specks left


def test_the_edit_tool_says_how_and_moves_and_deletes_what_it_selects(page):
    draw_component(page, "Web app", 40, 60, 200, 160)
    pick_tool(page, "Edit")
    drag(page, 120, 110, 320, 260)  # moves the box: no second box is drawn
    page.wait_for_timeout(500)
    expect(page.get_by_text(re.compile(r"^Components \(1\)"))).to_be_visible(timeout=SLOW)
    assert names(page) == ["Web app"]
    page.keyboard.press("Delete")  # the moved box is still selected
    wait_idle(page)
    expect(page.get_by_text("Draw a component to begin.")).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"Drag to move .* corner to resize .* Delete key .* double-click a box to "
                                       r"rename it"))).to_be_visible()



def _ink_width(page: Page, y: float) -> float:
    """How wide the dark ink is in the band of canvas rows around ``y`` (the lower canvas holds the strokes)."""
    return page.locator(LOWER).first.evaluate(
        """(c, y) => {
            const probe = document.createElement('canvas');
            probe.width = c.width; probe.height = 30;
            const g = probe.getContext('2d', {willReadFrequently: true});
            g.drawImage(c, 0, y - 15, c.width, 30, 0, 0, c.width, 30);
            const d = g.getImageData(0, 0, c.width, 30).data;
            let lo = Infinity, hi = -Infinity;
            for (let i = 0; i < d.length; i += 4) {
                // dark ink only: the selected text's light blue handles are on this canvas too
                if (d[i + 3] > 100 && d[i] < 90 && d[i + 1] < 90 && d[i + 2] < 110) { const x = (i / 4) % c.width; lo = Math.min(lo, x); hi = Math.max(hi, x); }
            }
            return hi - lo;
        }""", y)


def _text_width(page: Page, font: str, text: str) -> float:
    return page.evaluate("""([font, text]) => { const g = document.createElement('canvas').getContext('2d');
        g.font = font; return g.measureText(text).width; }""", [font, text])


def test_text_on_the_canvas_is_set_in_the_apps_font(page):
    text = "WRITES NEW SHORT LINKS"  # capitals: the app's face and Times differ by about 15%
    pick_tool(page, "Text")
    box = canvas_box(page)
    page.mouse.click(box["x"] + 40, box["y"] + 300)
    page.keyboard.type(text)
    page.keyboard.press("Escape")
    wait_idle(page)
    page.mouse.move(5, 5)
    page.wait_for_timeout(500)
    app_font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    ours = _text_width(page, f"16px {app_font}", text)
    times = _text_width(page, '16px "Liberation Serif", serif', text)
    assert abs(ours - times) > 15, (ours, times)  # the two faces are told apart by this text's width
    drawn = _ink_width(page, 300)
    assert abs(drawn - ours) < abs(drawn - times), (drawn, ours, times)
    assert abs(drawn - ours) < 8, (drawn, ours)
