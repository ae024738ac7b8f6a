"""Import and export in the real app in Chromium: a Mermaid file in through the uploader, files out as downloads."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from PIL import Image
from playwright.sync_api import expect

from design.exports.markdown import report_text
from support.browser import CANVAS, draw_component, draw_flow, load_example, wait_idle
from support.paths import MERMAID_CORPUS

pytestmark = pytest.mark.browser

CORPUS = MERMAID_CORPUS


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

    page.get_by_text("Export", exact=True).click()
    expect(page.get_by_text(re.compile(r"Exports of version 1, saved 20"))).to_be_visible()
    wait_idle(page)  # a download button clicked mid-rerun can be swapped out before it fires
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
    page.get_by_text("Export", exact=True).click()
    with page.expect_download(timeout=30_000) as got:
        page.get_by_role("button", name="Markdown report").click()
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)
    report = path.read_text()
    assert report.startswith("# URL shortener\n\n**Version 1** · saved 20")
    # The prompt as the report writes user text: bit.ly stays unlinked on GitHub (design.exports.markdown.report_text).
    assert "## Problem\n\n" + report_text("Design a service like bit.ly: users submit a long URL") in report
