"""Driving the app through Streamlit's AppTest: the one place tests start it, draw on it and read it.

- :func:`fresh` is a new session (a new browser tab) of ``app.py``, optionally
  opened on a link and with the clock pinned; :func:`opened` also runs it.
- :func:`draw` is what the browser does after a stroke: the canvas component's
  state arrives under its widget key (the component's private shape
  ``{"drawing": {"raw": …}}`` is known here and nowhere else in the tests).
- :func:`texts` is everything a user reads on the page, as they read it.
- Pages: the editor runs first; ``at.switch_page(PRESENT)`` opens another (then ``.run()``).
"""

from __future__ import annotations

import html
from typing import Any

from streamlit.testing.v1 import AppTest

from support.paths import ROOT
from ui.pages import EDITOR, FOLLOW, PRESENT
from ui.state import Keys, scoped, widget_key

__all__ = [
    "APP",
    "PANELS",
    "EDITOR",
    "FOLLOW",
    "PRESENT",
    "Keys",
    "draw",
    "explain",
    "fresh",
    "load_example",
    "open_findings",
    "opened",
    "saved_chat",
    "scoped",
    "texts",
]

APP = str(ROOT / "app.py")
#: The editor's expanders that draw their content only while open (each stroke reruns less).
PANELS = (Keys.components_open, Keys.estimates_open, Keys.picture_open, Keys.history_open, Keys.export_open,
          Keys.follow_open)

#: Elements whose text a user reads, and the attribute that holds it.
_READ = {
    "title": "value", "header": "value", "subheader": "value", "markdown": "value", "caption": "value",
    "info": "value", "success": "value", "warning": "value", "error": "value", "toast": "value",
    "exception": "value", "expander": "label", "tab": "label", "metric": "label",
}


#: The ``[auth]`` secrets of a group's server: sign-in configured, its provider never reached (AppTest signs in
#: through ``at.user``, as Streamlit's test harness does).
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "x" * 64,
    "client_id": "sketchfirst",
    "client_secret": "secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def fresh(query: dict[str, str] | None = None, *, clock: str | None = None, timeout: float = 60) -> AppTest:
    """A new session of the app, not run yet: ``query`` is the link it opens, ``clock`` pins the time (ISO)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if clock is not None:
        at.session_state[Keys.clock_override] = clock
    for k, v in (query or {}).items():
        at.query_params[k] = v
    for panel in PANELS:  # a test reads every panel, as a user who opened them (they draw only while open)
        at.session_state[panel] = True
    return at


def open_findings(at: AppTest, *contains: str) -> AppTest:
    """Open the failure points whose identity (``Finding.key``) contains any of ``contains`` (every one when none is
    given), as a user clicking their rows, and rerun: a finding draws its why and its decision only while open."""
    prefix = scoped(Keys.finding_open, "")
    keys = [k for k in at.session_state if k.startswith(prefix)
            and (not contains or any(c in k[len(prefix):] for c in contains))]
    assert keys, f"no finding matches {contains}"
    for key in keys:
        at.session_state[key] = True
    return at.run()


def opened(query: dict[str, str] | None = None, *, clock: str | None = None, timeout: float = 60) -> AppTest:
    """A new session of the app, run once, that must have started without an exception."""
    at = fresh(query, clock=clock, timeout=timeout).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def canvas_state(canvas: dict[str, Any]) -> dict[str, Any]:
    """The canvas component's state for a drawing, as the browser reports it."""
    return {"drawing": {"raw": canvas, "data": None}}


def draw(at: AppTest, canvas: dict[str, Any], *, run: bool = True) -> AppTest:
    """A stroke: the live canvas reports ``canvas`` (then the app reruns, unless ``run=False``)."""
    gen = at.session_state.get(Keys.canvas_gen, 0)
    at.session_state[scoped(Keys.canvas, gen)] = canvas_state(canvas)
    return at.run() if run else at


def texts(at: AppTest) -> str:
    """Everything the page says, as a reader sees it: Markdown emphasis and the escapes of user text removed."""
    parts = [str(getattr(element, attribute, "")) for kind, attribute in _READ.items() for element in at.get(kind)]
    return html.unescape("\n".join(parts).replace("**", "").replace("\\", ""))


def load_example(at: AppTest, title: str) -> AppTest:
    """Pick an example in the sidebar and load it (a new, unsaved design)."""
    at.sidebar.selectbox(key=Keys.pick_example).select(title).run()
    at.sidebar.button(key=Keys.load_example).click().run()
    return at


def explain(at: AppTest) -> AppTest:
    """Explain before you prompt: a requirement and the approach, written before the first critique."""
    at.text_area(key=bound_key(at, Keys.requirements)).set_value("- Deliver messages in order per chat")
    return at.text_area(key=bound_key(at, Keys.approach)).set_value(
        "Clients hold a websocket to a chat service that writes to Cassandra and fans out through Kafka.").run()


def saved_chat(at: AppTest | None = None) -> AppTest:
    """The chat example loaded, explained and saved as v1: ready for a critique."""
    at = load_example(at or opened(), "Chat system")
    explain(at)
    at.button(key=Keys.save).click().run()
    assert "Saved as v1" in texts(at)
    return at


def run_as_a_browser_a_step_behind(at: AppTest, before: Any) -> AppTest:
    """Rerun as a browser does that has not yet applied the last run: every widget it had before that run
    (``before``, ``at._tree.get_widget_states()`` taken then) reports its old value, new widgets their own.

    A fresh canvas reports its drawing the moment it mounts, sometimes before the browser has put the values the
    same run sent into the other fields; that rerun then carries what those fields held before.
    """
    from streamlit.proto.WidgetStates_pb2 import WidgetStates

    old = {w.id: w for w in before.widgets if not (w.WhichOneof("value") or "").endswith("trigger_value")}
    states = WidgetStates()
    for widget in at._tree.get_widget_states().widgets:
        states.widgets.add().CopyFrom(old.get(widget.id, widget))
    return at._run(widget_state=states)


def bound_key(at: AppTest, key: str) -> str:
    """The key of the widget that edits the kept value ``key`` on ``at``'s page now."""
    return widget_key(key, {k: at.session_state[k] for k in (Keys.document_gen,) if k in at.session_state})
