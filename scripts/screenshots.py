"""Take the README's screenshots from the real app in Chromium.

Run: ``.venv/bin/python scripts/screenshots.py`` (writes docs/images/*.png).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser_helpers import open_app, wait_idle  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, AppServer  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

OUT = ROOT / "docs" / "images"


def load_example(page, title: str) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox", name="Example sketch").click()
    page.get_by_role("option", name=title).click()
    wait_idle(page)
    sidebar.get_by_role("button", name="Load example").click()
    wait_idle(page)
    page.wait_for_timeout(1500)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = AppServer(Path(tmp) / "shots.db")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_context(viewport={"width": 1440, "height": 1250}).new_page()
                open_app(page, server.url)
                load_example(page, "News feed")
                page.screenshot(path=str(OUT / "app.png"))
                print(f"wrote {OUT / 'app.png'}")
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
