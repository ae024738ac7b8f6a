"""The sign-in gate without a browser: configured, nothing of the group's shows before sign-in; not configured,
the app is the single-user tool it was. (The sign-in itself runs in Chromium: tests/browser/test_browser_team.py.)"""

from __future__ import annotations

from design.store import open_store
from support.apptest import AUTH, fresh, opened, texts


def signed_out(query=None):
    at = fresh(query)
    at.secrets["auth"] = AUTH
    return at.run()


def test_with_sign_in_configured_every_page_waits_for_it(tmp_path, monkeypatch):
    db = tmp_path / "team.db"
    monkeypatch.setenv("SKETCHFIRST_DB", str(db))
    with open_store(db) as store:
        design = store.create_design("Somebody's secret design")
    for query in (None, {"design": str(design)}, {"follow": "1", "design": str(design)}):
        at = signed_out(query)
        assert not at.exception, [e.value for e in at.exception]
        assert [b.label for b in at.button] == ["Sign in"], query
        assert "secret design" not in texts(at)
        assert "sign in to see your designs" in texts(at)


def test_a_share_link_needs_no_sign_in_and_a_bad_one_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("SKETCHFIRST_DB", str(tmp_path / "team.db"))
    at = fresh()
    at.secrets["auth"] = AUTH
    at.switch_page("ui/pages/shared.py")
    at.query_params["link"] = "A" * 43
    at.run()
    assert not at.exception and "Sign in" not in [b.label for b in at.button]
    assert "does not exist or has been revoked" in texts(at)


def test_without_sign_in_nobody_is_asked_to_sign_in(tmp_path, monkeypatch):
    monkeypatch.setenv("SKETCHFIRST_DB", str(tmp_path / "laptop.db"))
    at = opened()
    labels = [b.label for b in at.button]
    assert "Sign in" not in labels and "Sign out" not in labels and "New design" in labels
    assert "Signed in as" not in texts(at)
