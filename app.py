"""Sketchfirst in the browser: the router. ``streamlit run app.py`` (or ``sketchfirst app``) starts here.

It points the run at the top of the page (:mod:`ui.layout_stack`), sets the
page up, gives the session its defaults, and runs one of four pages (see
:mod:`ui.pages`): the editor at ``/``, the presenter at
``/present``, the read-only follower at ``/follow?design=N`` and a share link
at ``/shared?link=TOKEN``. When sign-in is configured (:mod:`ui.identity`),
every page but a share link first asks the visitor to sign in. A callback
that asks for another page (``Keys.next_page``) is served here, because only
this run knows the pages; so are links from before the pages existed
(``?present=1``, ``?follow=1&design=N``), once. A storage failure that no
panel caught ends the page with one line, never a traceback (what is drawn
stays in the session). Everything else lives in the ``ui`` package;
docs/ARCHITECTURE.md says where.
"""

import streamlit as st

from design.exports.markdown import md_text
from design.store import StoreError
from ui import layout_stack
from ui.pages import EDITOR, FOLLOW, PRESENT, SHARED
from ui.panels import identity
from ui.state import Keys, design_link, init

layout_stack.start_at_the_top()  # before anything is written: a clock tick on this thread may have moved it
st.set_page_config(page_title="Sketchfirst", page_icon="✏️", layout="wide")
init()

pages = {
    EDITOR: st.Page(EDITOR, title="Sketchfirst", icon="✏️", default=True),
    PRESENT: st.Page(PRESENT, title="Sketchfirst", icon="✏️", url_path="present"),
    FOLLOW: st.Page(FOLLOW, title="Sketchfirst", icon="✏️", url_path="follow"),
    SHARED: st.Page(SHARED, title="Sketchfirst", icon="✏️", url_path="shared"),
}
page = st.navigation(list(pages.values()), position="hidden")
viewer = identity.current_viewer()
if viewer is None and page.url_path != pages[SHARED].url_path:
    identity.sign_in_page()  # sign-in is configured: nothing of the group's before it
    st.stop()

wanted = st.session_state.get(Keys.next_page)
if wanted is not None and page.url_path != pages[wanted].url_path:
    st.switch_page(pages[wanted], query_params=design_link())  # asked again until it is the page that runs
st.session_state.pop(Keys.next_page, None)
if page.url_path == "":  # an old link names its page in the query string
    link = {"design": st.query_params["design"]} if st.query_params.get("design") else {}
    if st.query_params.get("follow") == "1" and link:
        st.switch_page(FOLLOW, query_params=link)
    if st.query_params.get("present") == "1":
        st.switch_page(PRESENT, query_params=link)

try:
    page.run()
except StoreError as exc:
    st.error(f"Storage problem: {md_text(str(exc))}")
