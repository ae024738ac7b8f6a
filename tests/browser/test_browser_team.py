"""A group's server: sign-in through a real OpenID Connect provider, per-person designs, a coach, share links."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from design.store import open_store
from support.browser import draw_component, eventually, open_app, wait_idle, write_notes
from support.oidc import oidc_provider, sign_in, write_secrets
from support.server import AppServer, free_port

pytestmark = [
    pytest.mark.browser,
    # The provider (the test's, not the app's) calls Authlib APIs that Authlib has deprecated.
    pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:authlib.jose module is deprecated"),
]

ADA, LIN, COACH = "ada@example.org", "lin@example.org", "coach@example.org"


@pytest.fixture
def team_server(tmp_path) -> Iterator[AppServer]:
    """The app with sign-in configured against a live provider, on an SQLite file."""
    with oidc_provider() as issuer:
        port = free_port()
        secrets = write_secrets(tmp_path / "secrets.toml", app_port=port, issuer=issuer, coaches=(COACH,))
        server = AppServer(tmp_path / "team.db", env={"AUTHLIB_INSECURE_TRANSPORT": "1"}, port=port,
                           secrets=secrets)
        try:
            yield server
        finally:
            server.stop()


def new_page(browser) -> Page:
    return browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()


def test_sign_in_owners_a_coach_and_share_links(browser, team_server):
    # Before signing in, nothing of the group's shows: only the sign-in page.
    visitor = new_page(browser)
    visitor.goto(team_server.url)
    expect(visitor.get_by_role("button", name="Sign in")).to_be_visible(timeout=45_000)
    expect(visitor.get_by_text("New design")).to_have_count(0)

    # Ada signs in through the provider, draws and saves: the design is hers.
    ada = new_page(browser)
    sign_in(ada, team_server.url, ADA)
    draw_component(ada, "Web app", 40, 60, 200, 160)
    write_notes(ada, "- Take orders from the web app", "The web app writes orders straight into a database.")
    ada.get_by_role("textbox", name="Design title").fill("Ada's shop")
    ada.get_by_role("textbox", name="Design title").press("Enter")
    wait_idle(ada)
    ada.get_by_role("button", name="Save version").click()
    wait_idle(ada)
    expect(ada.get_by_text(re.compile(r"Saved as v1"))).to_be_visible(timeout=20_000)
    with open_store(team_server.db) as store:
        (design,) = store.list_designs()
    assert (design.title, design.owner) == ("Ada's shop", ADA)

    # She shares v1: the link is shown once.
    sidebar = ada.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name="Share v1 read-only").click()
    wait_idle(ada)
    link = sidebar.locator('.st-key-share_new_link [data-testid="stCode"]').inner_text(timeout=20_000).strip()
    assert re.fullmatch(rf"{re.escape(team_server.url)}/shared\?link=[A-Za-z0-9_-]{{43}}", link), link

    # Lin, signed in, has no designs and cannot open Ada's by its number.
    lin = new_page(browser)
    sign_in(lin, team_server.url, LIN)
    expect(lin.get_by_text("Saved designs")).to_have_count(0)
    lin.goto(f"{team_server.url}/?design={design.id}")
    expect(lin.get_by_text(re.compile(rf"names design '{design.id}', which does not exist here"))).to_be_visible(
        timeout=45_000)
    # The share link opens v1 read-only, and then it is under "Shared with me".
    lin.goto(link)
    expect(lin.get_by_text("Shared read-only", exact=False)).to_be_visible(timeout=45_000)
    expect(lin.get_by_text(re.compile(r"Ada's shop"))).to_be_visible()
    open_app(lin, team_server.url)
    expect(lin.locator('[data-testid="stSidebar"]').get_by_role("link", name="Ada's shop · v1")).to_be_visible(
        timeout=20_000)

    # Anyone who can reach the server may open the link, without signing in.
    visitor.goto(link)
    expect(visitor.get_by_text("Shared read-only", exact=False)).to_be_visible(timeout=45_000)

    # Ada goes on working: a title not saved yet is her autosaved draft, hers to get back, not the coach's.
    ada.get_by_role("textbox", name="Design title").fill("Ada's shop, unsaved")
    ada.get_by_role("textbox", name="Design title").press("Enter")
    wait_idle(ada)
    expect(ada.get_by_text(re.compile(r"Unsaved changes since v1|Notes changed since v1"))).to_be_visible(
        timeout=20_000)

    def ada_draft():
        with open_store(team_server.db) as store:
            draft = store.load_draft(design.id)
        return draft if draft is not None and draft.document.title == "Ada's shop, unsaved" else None

    # The run draws that message before it autosaves the draft: read the store until the draft is there.
    eventually(ada, ada_draft, "Ada's draft holds the title 'Ada's shop, unsaved'")

    # The coach sees the group's designs and reads Ada's saved version, read-only: no Save.
    coach = new_page(browser)
    sign_in(coach, team_server.url, COACH)
    expect(coach.get_by_text(f"Signed in as {COACH} · coach")).to_be_visible()
    coach.goto(f"{team_server.url}/?design={design.id}")
    expect(coach.get_by_text(re.compile(r"someone else.s design, which you may critique"))).to_be_visible(timeout=45_000)
    expect(coach.get_by_role("button", name="Save version")).to_be_disabled(timeout=20_000)
    expect(coach.get_by_role("textbox", name="Design title")).to_have_value("Ada's shop", timeout=20_000)
    expect(coach.get_by_text("Your unsaved changes are back")).to_have_count(0)
    # A coach critiques it: the questions are stored with Ada's design, for her to answer. First the page settles:
    # the canvas reports the version it has just opened, and that run redraws the page under the pointer.
    wait_idle(coach)
    coach.get_by_role("button", name="Critique v1").click()
    wait_idle(coach)
    expect(coach.get_by_text(re.compile(r"Critique of v1 · Stress test · by the offline critic"))).to_be_visible(
        timeout=30_000)
    with open_store(team_server.db) as store:
        assert [c.version for c in store.list_critiques(design.id)] == [1]

    # Ada revokes the link: it opens nothing any more, for anyone.
    sidebar.get_by_role("button", name="Revoke").click()
    wait_idle(ada)
    expect(ada.get_by_text("Link revoked", exact=False)).to_be_visible(timeout=20_000)
    visitor.goto(link)
    expect(visitor.get_by_text("does not exist or has been revoked", exact=False)).to_be_visible(timeout=45_000)
    # Signing out ends the session's access (Streamlit also ends it at the provider, which asks first),
    # and the app shows the sign-in page again.
    sidebar.get_by_role("button", name="Sign out").click()
    ada.get_by_role("button", name="End session").click(timeout=45_000)
    ada.goto(team_server.url)
    expect(ada.get_by_role("button", name="Sign in")).to_be_visible(timeout=45_000)
    expect(ada.get_by_text("Ada's shop")).to_have_count(0)
    for page in (visitor, ada, lin, coach):
        page.context.close()
