"""Take the README's screenshots from the real app in Chromium.

Run: ``.venv/bin/python scripts/screenshots.py`` (writes docs/images/*.png): the editor with an
example on one 1440x900 screen, a drawing 940 px wide imported and fitted to the canvas, a practice
round after its first critique, and presenter mode on a question.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from support.browser import (  # noqa: E402
    draw_component,
    draw_flow,
    load_example,
    open_app,
    open_panel,
    start_round,
    wait_idle,
    write_notes,
)
from support.server import CHROMIUM, CHROMIUM_ARGS, AppServer  # noqa: E402

OUT = ROOT / "docs" / "images"
#: A canvas drawing made on a larger screen (9 components, 940 px wide).
IMPORTED = ROOT / "tests" / "fidelity" / "corpus" / "catalog-dataflow.canvas.json"


def scroll_to(page, text: str) -> None:
    """Scroll a text into view; a rerun that replaces it mid-scroll (a busy machine) is waited out and retried."""
    for _ in range(5):
        try:
            page.get_by_text(text).first.scroll_into_view_if_needed(timeout=10_000)
            return
        except PlaywrightError:
            wait_idle(page)
    page.get_by_text(text).first.scroll_into_view_if_needed()


def imported(page) -> None:
    """A file opened through the sidebar's Import, fitted to the canvas with every box readable."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('input[type="file"]').set_input_files(str(IMPORTED))
    sidebar.get_by_role("button", name="Open on a fresh canvas").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"^Imported .* onto a new canvas"))).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Save version")).to_have_count(1, timeout=30_000)  # the old page gone
    page.mouse.move(5, 5)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(OUT / "import.png"))
    print(f"wrote {OUT / 'import.png'}")


def practice_and_presenter(page) -> None:
    """A paired round on the URL shortener: notes written, v1 drawn, saved and critiqued; then the shared screen."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    start_round(page, "URL shortener")
    sidebar.get_by_role("textbox", name="Driver first").fill("Ada")
    sidebar.get_by_role("textbox", name="Navigator first").fill("Lin")
    page.mouse.click(5, 400)
    wait_idle(page)
    sidebar.get_by_role("button", name="Start pairing").click()
    wait_idle(page)
    write_notes(page, "- Shorten a long URL\n- Redirect in under 50 ms",
                "A stateless API writes links to Postgres; redirects read through a Redis cache.")
    # A round starts on a clean canvas: draw a small design.
    draw_component(page, "Web app", 40, 60, 200, 160)
    draw_component(page, "Shortener API", 300, 60, 460, 160)
    draw_component(page, "Postgres", 560, 60, 720, 160)
    draw_flow(page, 150, 110, 350, 110)
    draw_flow(page, 420, 110, 610, 110)
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    page.get_by_role("button", name="Critique v1").click()
    wait_idle(page)
    page.get_by_role("textbox", name="Your answer to Q1").fill("Each write carries an idempotency key the API checks.")
    page.mouse.click(5, 400)
    wait_idle(page)
    open_panel(page, "Follow link for a second browser")  # the link is drawn once its panel is open
    scroll_to(page, "Critique of v1")
    page.wait_for_timeout(1500)
    page.screenshot(path=str(OUT / "practice.png"))
    print(f"wrote {OUT / 'practice.png'}")

    sidebar.get_by_role("button", name="Presenter mode").click()
    wait_idle(page)
    page.get_by_role("button", name="Next ▶").click()
    wait_idle(page)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(OUT / "presenter.png"))
    print(f"wrote {OUT / 'presenter.png'}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = AppServer(Path(tmp) / "shots.db")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                # One screen, as a user at 1440x900 sees it: the canvas with the findings drawn on it, and the
                # failure points beside it, one of them focused (its halo on the sketch).
                page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
                open_app(page, server.url)
                load_example(page, "News feed")
                page.get_by_role("combobox", name="Focus on a finding").click()
                page.get_by_role("option").nth(1).click()
                wait_idle(page)
                page.mouse.move(5, 5)
                page.wait_for_timeout(1500)
                page.screenshot(path=str(OUT / "app.png"))
                print(f"wrote {OUT / 'app.png'}")
                page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
                open_app(page, server.url)
                imported(page)
                page = browser.new_context(viewport={"width": 1440, "height": 1100}).new_page()
                open_app(page, server.url)
                practice_and_presenter(page)
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
