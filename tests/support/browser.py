"""Driving the real canvas with a real mouse: the moves every browser test shares.

See ../shared/notes/canvas-streamlit-browser.md: the canvas lives in an open
shadow root (CSS locators pierce it), its hover toolbar covers the widgets just
above it (park the mouse first), and a new drawing mode reaches the component a
moment after the rerun that set it (let it settle).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from playwright.sync_api import Page, expect

T = TypeVar("T")

CANVAS = '[data-testid="stBidiComponentIsolated"] canvas.upper-canvas'

#: Console messages that are not ours to fix, exact text, each with the reason. An uncaught error is
#: spelled with the function it was thrown in (``message [at Class.method]``), so an allowance names one place.
ALLOWED_CONSOLE: dict[str, str] = {
    "Cannot read properties of undefined (reading 'fire') [at Xi.exitEditing]":
        "streamlit-drawable-canvas 0.13's own box rename: when the name was changed, its handler has applied "
        "it and removed the editor from the canvas before Fabric's exitEditing fires object:modified on that "
        "canvas (docs/CANVAS.md); every rename with a new name throws it, after the name is applied",
}


#: What each page's console said, kept by the ``page`` fixture (tests/conftest.py).
CONSOLE: dict[int, list[str]] = {}


def watch_console(page: Page) -> list[str]:
    """Keep every console message and uncaught exception of ``page`` (``"type: text"``)."""
    messages = CONSOLE.setdefault(id(page), [])
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {_thrown(e)}"))
    return messages


def _thrown(error: Exception) -> str:
    """An uncaught error as ``message [at function]`` (the function from the stack's top frame, when known)."""
    message = getattr(error, "message", "") or str(error)
    for line in (getattr(error, "stack", "") or "").splitlines()[1:2]:
        where = line.strip().removeprefix("at ").split(" (", 1)[0]
        if where and where != line.strip():
            return f"{message} [at {where}]"
    return message


def forget_console(page: Page) -> None:
    """Drop what the console said so far: for a test that stops the server on purpose (the page reports it)."""
    CONSOLE.get(id(page), []).clear()


def console_problems(messages: list[str]) -> list[str]:
    """The console messages (``"type: text"``) that report a warning, an error or an uncaught exception."""
    return [m for m in messages
            if m.startswith(("warning:", "error:", "pageerror:")) and m.split(": ", 1)[1] not in ALLOWED_CONSOLE]


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    page.locator(CANVAS).first.wait_for(timeout=45_000)
    wait_idle(page)


#: The app's script state, as Streamlit's frontend marks it on its root element the moment the server reports it.
_SCRIPT_STATE = '[data-testid="stApp"]'
_IDLE = re.compile(r"^(notRunning|compilationError)$")


def wait_idle(page: Page, timeout: float = 20_000) -> None:
    """Wait until the app has finished its rerun: the script state Streamlit's frontend keeps on its root.

    Not the running indicator (``stStatusWidget``): the frontend shows it only once a run has lasted half a
    second, so a shorter run, or the first half second of a long one, looked idle.
    """
    page.wait_for_timeout(300)
    expect(page.locator(_SCRIPT_STATE).first).to_have_attribute("data-test-script-state", _IDLE, timeout=timeout)


def eventually(page: Page, probe: Callable[[], T], what: str, timeout: float = 20_000) -> T:
    """Poll ``probe`` (say, a read of the store) until it returns something truthy, and return that.

    For what the page cannot show: the run that drew a message may still be writing after it (the
    editor draws "Unsaved changes" before it autosaves the draft), so a read made when the message
    appears can come too early.
    """
    waited = 0.0
    while True:
        found = probe()
        if found:
            return found
        if waited >= timeout:
            raise AssertionError(f"never happened within {timeout / 1000:.0f} s: {what}")
        page.wait_for_timeout(200)
        waited += 200


def canvas_box(page: Page) -> dict[str, float]:
    box = page.locator(CANVAS).first.bounding_box()
    assert box is not None
    return box


def drag(page: Page, x1: float, y1: float, x2: float, y2: float) -> None:
    """Press at (x1, y1), move to (x2, y2), release: canvas coordinates.

    The canvas is scrolled to the middle of the window first: mouse events outside the viewport
    never reach it (a long page, say with the practice header and notes above it).
    """
    page.locator(CANVAS).first.evaluate("el => el.scrollIntoView({block: 'center', inline: 'nearest'})")
    box = canvas_box(page)
    page.mouse.move(box["x"] + x1, box["y"] + y1)
    page.mouse.down()
    page.mouse.move(box["x"] + x2, box["y"] + y2, steps=12)
    page.mouse.up()
    wait_idle(page)


def pick_tool(page: Page, tool: str) -> None:
    """Choose a drawing tool, and see it chosen: a click that lands while a rerun replaces the radio is lost, and
    the next drag would then draw with the old tool (a box where a flow was meant, on a loaded machine)."""
    page.mouse.move(5, 5)
    tools = page.locator('[data-testid="stRadio"]').filter(has_text="Component")
    for attempt in range(3):
        tools.get_by_text(tool, exact=True).click()
        wait_idle(page)
        try:
            expect(tools.get_by_role("radio", name=tool, exact=True)).to_be_checked(timeout=5_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    page.wait_for_timeout(500)  # the new drawing mode reaches the component after the rerun


def draw_component(page: Page, label: str, x1: float, y1: float, x2: float, y2: float) -> None:
    pick_tool(page, "Component")
    field = page.get_by_role("textbox", name="Component label")
    expect(field).to_have_count(1, timeout=20_000)  # a rerun can show the old field beside the new one for a moment
    field.fill(label)
    field.press("Enter")
    wait_idle(page)
    page.wait_for_timeout(400)
    page.mouse.move(5, 5)
    drag(page, x1, y1, x2, y2)


def draw_flow(page: Page, x1: float, y1: float, x2: float, y2: float) -> None:
    pick_tool(page, "Flow")
    drag(page, x1, y1, x2, y2)


def write_notes(page: Page, requirements: str, approach: str) -> None:
    """Fill the notes the critique gate asks for, then leave the field: Streamlit sends text on blur."""
    page.get_by_role("textbox", name="Requirements").fill(requirements)
    page.get_by_role("textbox", name="My approach in three sentences").fill(approach)
    page.mouse.click(5, 400)
    wait_idle(page)



def show_panel(page: Page, name: str) -> None:
    """Bring a panel of the editor into view: open its tab when it has one (History's tabs: open History)."""
    if name in HISTORY_TABS:
        open_history(page)
    tab = page.get_by_role("tab", name=name, exact=True)
    if tab.count():
        tab.first.click()
        page.wait_for_timeout(200)


#: The tabs inside the History panel, which draws them only while it is open.
HISTORY_TABS = ("Versions and changes", "Findings over time", "Practice log", "Progress")


def open_panel(page: Page, title: str, *, exact: bool = False) -> None:
    """Open the editor's expander whose summary holds ``title`` (``exact``: as its whole label; closed on a page
    load, History, Export and the other heavy panels draw their content only while open), and wait for the rerun
    that draws it."""
    summaries = page.locator("summary")
    summary = (summaries.filter(has=page.get_by_text(title, exact=True)) if exact
               else summaries.filter(has_text=title)).first
    if not summary.evaluate("s => s.parentElement.open"):
        page.mouse.move(5, 5)
        summary.click()
        wait_idle(page)


def open_history(page: Page) -> None:
    """Open the History panel (closed on a page load; its content is drawn only while open)."""
    open_panel(page, "History: versions and changes")


def open_export(page: Page) -> None:
    """Open the Export panel: its download buttons are drawn only while it is open ("Export" alone: the picture's
    panel says "as exported")."""
    open_panel(page, "Export", exact=True)


def load_example(page: Page, title: str) -> None:
    """Pick an example in the sidebar and load it onto a fresh canvas."""
    _pick_and_press(page, "Example sketch", title, "Load example")


def import_file(page: Page, path: Path) -> None:
    """Choose ``path`` in the sidebar's Import and open it on a fresh canvas."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('input[type="file"]').set_input_files(str(path))
    open_button = sidebar.get_by_role("button", name="Open on a fresh canvas")
    expect(open_button).to_be_visible(timeout=20_000)
    open_button.click()
    wait_idle(page)


def canvas_pixel(page: Page, layer: str, x: float, y: float) -> tuple[int, ...]:
    """The RGBA colour of canvas layer ``layer`` (a CSS selector) at canvas point (x, y).

    Copied to a canvas of our own first: reading the component's canvas again and again makes Chromium warn
    (willReadFrequently), and the page's console must stay clean.
    """
    return tuple(page.locator(layer).first.evaluate(
        """(c, [x, y]) => {
            const k = c.width / c.getBoundingClientRect().width;
            const probe = document.createElement('canvas');
            probe.width = probe.height = 1;
            const g = probe.getContext('2d', {willReadFrequently: true});
            g.drawImage(c, Math.round(x * k), Math.round(y * k), 1, 1, 0, 0, 1, 1);
            return Array.from(g.getImageData(0, 0, 1, 1).data);
        }""", [x, y]))


def start_round(page: Page, problem: str) -> None:
    """Pick a problem from the bank in the sidebar and start a practice round on it."""
    _pick_and_press(page, "Problem", problem, "Start practice round")


def _pick_and_press(page: Page, picker: str, option: str, button: str) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox", name=picker).click()
    page.keyboard.type(option)  # the list shows only the first options of a long one: filter it first
    page.get_by_role("option", name=option).click()
    wait_idle(page)
    sidebar.get_by_role("button", name=button).click()
    wait_idle(page)


def open_picture(page: Page) -> None:
    """Open the annotated picture (as exported): the editor draws it only while its panel is open."""
    page.mouse.move(5, 5)
    page.get_by_text("Your sketch, annotated (as exported)", exact=True).click()
    wait_idle(page)
