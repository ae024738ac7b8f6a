"""Every full run starts writing at the top of the page, whatever the run before it left behind.

With ``runner.fastReruns = false`` (one script run at a time per tab, issue 14), Streamlit 1.67 runs a tab's
fragment reruns and full reruns on one thread. A fragment rerun (the round's clock ticks once a second) sets that
thread's stack of open containers to the fragment's own, and a full run that follows it on the thread can start
with that stack still in place: the whole page is then written inside the clock's container, the browser is asked
to add a block past the end of another ("Bad delta path index 2 (should be between [0, 1])"), and the page drops
everything drawn (docs/RELIABILITY.md, CI's failure of 2026-12-04). Setting the stack back to the page's main
area before the run writes anything keeps every full run where it belongs.

The stack is Streamlit's own (``context_dg_stack``), not public API: ``tests/app/test_layout_stack.py`` fails if a
Streamlit release moves it, and ``tests/browser/test_browser_practice.py`` shows the bug it guards against.
"""

from __future__ import annotations

try:
    from streamlit.delta_generator_singletons import context_dg_stack, get_default_dg_stack_value
except ImportError:  # pragma: no cover - a Streamlit that moved them; the unit test above says so
    context_dg_stack = None
    get_default_dg_stack_value = None


def available() -> bool:
    """Whether this Streamlit has the stack to reset."""
    return context_dg_stack is not None and get_default_dg_stack_value is not None


def start_at_the_top() -> None:
    """Point this run's writing at the page's main area, as a run on a fresh thread would be."""
    if context_dg_stack is not None and get_default_dg_stack_value is not None:
        context_dg_stack.set(get_default_dg_stack_value())
