"""ui/layout_stack.py resets a stack that is Streamlit's, not public API: fail loudly if a release moves it."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator_singletons import context_dg_stack

from ui import layout_stack


def test_this_streamlit_still_has_the_stack_the_app_resets():
    # If this fails, Streamlit moved its stack of open containers: see whether the bug in ui/layout_stack.py is
    # fixed upstream (tests/browser/test_browser_practice.py's clock test shows it) before removing the reset.
    assert layout_stack.available()


def test_a_run_that_starts_inside_a_container_is_pointed_back_at_the_main_area():
    main = context_dg_stack.get()
    inside = st.container()
    context_dg_stack.set((*main, inside))  # what a fragment rerun can leave on the thread
    try:
        layout_stack.start_at_the_top()
        assert context_dg_stack.get() == main
        assert context_dg_stack.get()[-1] is st._main
    finally:
        context_dg_stack.set(main)
