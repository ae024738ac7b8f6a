"""Import and export in the real app in Chromium: a Mermaid file in through the uploader, files out as downloads."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from PIL import Image
from playwright.sync_api import expect

from design.canvas.layout import readable_size
from design.canvas.recognize import build_sketch
from design.canvas.restore import restore
from design.exports.markdown import report_text
from design.store import open_store
from support.browser import (
    CANVAS,
    canvas_pixel,
    console_problems,
    draw_component,
    draw_flow,
    import_file,
    load_example,
    open_app,
    open_export,
    wait_idle,
    watch_console,
)
from support.paths import MERMAID_CORPUS, TESTS

pytestmark = pytest.mark.browser

CORPUS = MERMAID_CORPUS
FIDELITY = TESTS / "fidelity" / "corpus"
LOWER = '[data-testid="stBidiComponentIsolated"] canvas.dc-canvas.lower-canvas'  # the drawing, over the backdrop


def test_import_mermaid_then_save_and_download_png_and_bundle(page, tmp_path):
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('input[type="file"]').set_input_files(str(CORPUS / "frontmatter.mmd"))
    open_button = sidebar.get_by_role("button", name="Open on a fresh canvas")
    expect(open_button).to_be_visible(timeout=20_000)
    open_button.click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Imported frontmatter\.mmd onto a new canvas"))).to_be_visible()
    expect(page.get_by_role("textbox", name="Design title")).to_have_value("Payments platform")
    expect(page.get_by_text(re.compile(r"^Components \(3\)"))).to_be_visible()
    page.locator(CANVAS).first.wait_for()  # the imported drawing is on a mounted canvas

    # Edited like a drawn design: a new box and an arrow from the imported API box into it.
    draw_component(page, "Audit log (S3)", 450, 150, 610, 220)
    draw_flow(page, 114, 214, 520, 185)
    expect(page.get_by_text(re.compile(r"^Components \(4\)"))).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible()

    open_export(page)  # waits for the rerun: a download button clicked mid-rerun can be swapped out before it fires
    expect(page.get_by_text(re.compile(r"Exports of version 1, saved 20"))).to_be_visible()
    wait_idle(page)
    with page.expect_download(timeout=60_000) as got:
        page.get_by_role("button", name="PNG image").click()
    download = got.value
    assert download.suggested_filename == "Payments-platform-v1.png"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with Image.open(path) as img:
        assert img.format == "PNG" and img.width >= 1280

    wait_idle(page)
    with page.expect_download(timeout=60_000) as got:
        page.get_by_role("button", name="Everything (zip)").click()
    bundle = tmp_path / got.value.suggested_filename
    got.value.save_as(bundle)
    with zipfile.ZipFile(bundle) as zf:
        names = sorted(zf.namelist())
        assert names == sorted(f"Payments-platform-v1/Payments-platform-v1.{ext}"
                               for ext in ("png", "svg", "md", "json", "mmd", "excalidraw"))
        report = zf.read("Payments-platform-v1/Payments-platform-v1.md").decode()
        assert "**Version 1** · saved 20" in report and "Payments API x3" in report
        assert "Audit log (S3)" in report and "| Payments API x3 → Audit log (S3) |" in report
        Image.open(io.BytesIO(zf.read("Payments-platform-v1/Payments-platform-v1.png"))).verify()


def test_the_markdown_report_of_a_practice_problem_states_it(page, tmp_path):
    load_example(page, "URL shortener")
    expect(page.get_by_role("textbox", name="Design title")).to_have_value("URL shortener", timeout=20_000)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=20_000)
    open_export(page)  # waits for the rerun: a download button clicked mid-rerun can be swapped out before it fires
    with page.expect_download(timeout=30_000) as got:
        page.get_by_role("button", name="Markdown report").click()
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)
    report = path.read_text()
    assert report.startswith("# URL shortener\n\n**Version 1** · saved 20")
    # The prompt as the report writes user text: bit.ly stays unlinked on GitHub (design.exports.markdown.report_text).
    assert "## Problem\n\n" + report_text("Design a service like bit.ly: users submit a long URL") in report


def test_an_imported_design_opens_inside_the_canvas_at_1440_by_900(browser, app_server):
    """A canvas drawing 940 px wide (drawn for a larger screen) opens with every box on the wide canvas, none below
    the readable size, each drawn where the saved drawing says (its left edge is ink on the canvas's own pixels)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    messages = watch_console(page)
    try:
        open_app(page, app_server.url)
        import_file(page, FIDELITY / "catalog-dataflow.canvas.json")
        expect(page.get_by_text(re.compile(r"Imported catalog-dataflow\.canvas\.json onto a new canvas"))
               ).to_be_visible(timeout=20_000)
        expect(page.get_by_text(re.compile("beyond the edge"))).to_have_count(0)
        page.locator(CANVAS).first.wait_for()
        canvas = page.locator(CANVAS).first.bounding_box()
        assert canvas and round(canvas["width"]) == 760 and round(canvas["height"]) == 500
        assert canvas["x"] + canvas["width"] <= 1440
        save = page.get_by_role("button", name="Save version")
        expect(save).to_have_count(1, timeout=20_000)  # not the one a finishing rerun is replacing
        save.click()
        wait_idle(page)
        expect(page.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=20_000)

        with open_store(app_server.db) as db:
            (design,) = db.list_designs()
            saved = db.load_version(design.id, 1).document
        sketch = build_sketch(restore(saved.canvas))
        assert len(sketch.components) == 9
        for c in sketch.components:
            b = c.box
            assert b.left >= 0 and b.top >= 0 and b.right <= 760 and b.bottom <= 500, (c.label, b)
            need_w, need_h = readable_size(c.label)
            assert b.width >= min(need_w, 110) - 0.5 and b.height >= 44 - 0.5, (c.label, b)
            page.mouse.move(5, 5)
            edge = [canvas_pixel(page, LOWER, b.left + dx, b.top + b.height / 2) for dx in (-2, -1, 0, 1, 2)]
            assert any(_dark(p) for p in edge), f"{c.label}'s left edge is not drawn: {edge}"
    finally:
        context.close()
    assert not console_problems(messages), messages


def _dark(rgba) -> bool:
    r, g, b, a = rgba
    return a > 100 and r < 120 and g < 120 and b < 140
