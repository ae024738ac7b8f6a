"""Two app processes on one Postgres database: each sees the other's saves, and concurrent saves lose nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from design.analysis.analyze import analyze_document
from design.store import open_store
from support.browser import draw_component, open_app, wait_idle
from support.server import AppServer

pytestmark = pytest.mark.browser

# The follower polls every 2 s; allow several polls plus a slow shared machine.
FOLLOW_TIMEOUT = 30_000


def test_two_app_processes_share_one_postgres(browser, pg_url, tmp_path):
    one = AppServer(pg_url, log=tmp_path / "one.log")
    two = AppServer(pg_url, log=tmp_path / "two.log")
    contexts = []
    try:
        def page_at(url):
            context = browser.new_context(viewport={"width": 1500, "height": 1100})
            contexts.append(context)
            page = context.new_page()
            open_app(page, url)
            return page

        # Ada draws and saves on the first process.
        ada = page_at(one.url)
        draw_component(ada, "Web app", 40, 60, 200, 160)
        ada.get_by_role("button", name="Save version").click()
        wait_idle(ada)
        expect(ada.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=20_000)
        with open_store(pg_url) as store:
            (design,) = store.list_designs()

        # A follower on the second process sees v1, then v2 when Ada saves again, without a reload.
        follower = contexts[0].new_page()
        follower.goto(f"{two.url}/follow?design={design.id}")
        expect(follower.get_by_text(re.compile(r"· v1 · saved"))).to_be_visible(timeout=FOLLOW_TIMEOUT)
        follower.evaluate("window.__notReloaded = true")
        draw_component(ada, "Postgres", 420, 60, 580, 160)
        ada.get_by_role("button", name="Save version").click()
        wait_idle(ada)
        expect(follower.get_by_text(re.compile(r"· v2 · saved"))).to_be_visible(timeout=FOLLOW_TIMEOUT)
        assert follower.evaluate("window.__notReloaded") is True

        # Lin opens the same design on the second process; both change it and press Save at the same moment.
        lin = page_at(f"{two.url}/?design={design.id}")
        expect(lin.get_by_text(re.compile(r"Saved as v2"))).to_be_visible(timeout=20_000)
        draw_component(ada, "Cache", 40, 300, 200, 400)
        draw_component(lin, "Queue", 420, 300, 580, 400)
        saves = [p.get_by_role("button", name="Save version") for p in (ada, lin)]
        for save in saves:
            expect(save).to_be_enabled(timeout=20_000)
        for save in saves:
            save.click(no_wait_after=True)
        for p in (ada, lin):
            wait_idle(p)
        marks = [p.get_by_text(re.compile(r"Saved as v[34]")) for p in (ada, lin)]
        for mark in marks:
            expect(mark).to_be_visible(timeout=20_000)
        assert sorted(re.search(r"v\d", m.inner_text()).group() for m in marks) == ["v3", "v4"]

        # Both versions are in the database, numbered 1..4, each with what its author drew.
        with open_store(pg_url) as store:
            versions = store.list_versions(design.id)
            assert [v.number for v in versions] == [1, 2, 3, 4]
            labels = {n: {c.label for c in analyze_document(store.load_version(design.id, n).document).sketch.components}
                      for n in (3, 4)}
        assert sorted(("Cache" in labels[n], "Queue" in labels[n]) for n in (3, 4)) == [(False, True), (True, False)]
    finally:
        for context in contexts:
            context.close()
        one.stop()
        two.stop()

