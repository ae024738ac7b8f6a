"""What the page does in the browser itself: tool shortcuts, and typed text sent before the page goes away.

- **Keys**, as in Excalidraw, whenever no text field has the focus: ``R`` or
  ``2`` Component, ``A``, ``L``, ``5`` or ``6`` Flow, ``P``, ``X`` or ``7``
  Freehand, ``T`` or ``8`` Text, ``V`` or ``1`` Edit (which also turns on the
  canvas's own Edit toggle, so a selection can be moved at once), ``Esc``
  back to Component. The canvas itself has no shortcuts (see the canvas notes).
- **Typed text is never lost to a reload**: Streamlit sends a text field's
  value when it loses the focus. A note (a text area) is committed once typing
  pauses for 1.5 s (blurred and refocused, the caret kept), and before the page
  unloads or its tab is hidden the focused field is blurred, so the text
  reaches the server (and the autosaved draft) first.

A ``st.components.v2`` component with no HTML: it adds listeners to the page
(once, however often it is drawn) and reports a shortcut as a trigger value.
"""

from __future__ import annotations

import streamlit as st

from ui.state import Keys, put

#: Key (lower case) → tool, as Excalidraw's shortcuts map to this app's tools.
SHORTCUTS = {
    "r": "Component", "2": "Component", "escape": "Component",
    "a": "Flow", "l": "Flow", "5": "Flow", "6": "Flow",
    "p": "Freehand", "x": "Freehand", "7": "Freehand",
    "t": "Text", "8": "Text",
    "v": "Edit", "1": "Edit",
}

_JS = """
export default function (component) {
  const { setTriggerValue, data } = component;
  const shortcuts = data.shortcuts;
  const focused = () => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el;
  };
  const typing = (el) => el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
  const editToggles = () => Array.from(document.querySelectorAll('[data-testid="stBidiComponentIsolated"]'))
    .map((host) => host.shadowRoot && host.shadowRoot.querySelector('button[aria-label="Edit"]')).filter(Boolean);
  const onKey = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || typing(focused())) return;
    const tool = shortcuts[event.key.toLowerCase()];
    if (!tool) return;
    if (document.querySelector('[role="dialog"], [role="listbox"]')) return;
    event.preventDefault();
    for (const edit of editToggles()) {
      if ((edit.getAttribute("aria-pressed") === "true") !== (tool === "Edit")) edit.click();
    }
    setTriggerValue("tool", tool);
  };
  const flush = () => {
    const el = focused();
    if (typing(el)) el.blur();
  };
  const onHidden = () => { if (document.visibilityState === "hidden") flush(); };
  // A note is committed when typing pauses (as a document editor autosaves): blur and refocus, caret kept.
  let idle = null;
  const onInput = (event) => {
    const el = event.composedPath()[0];
    if (!el || el.tagName !== "TEXTAREA" || !el.closest || !el.closest('[data-testid="stTextArea"]')) return;
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (focused() !== el) return;
      const [start, end] = [el.selectionStart, el.selectionEnd];
      el.blur();
      el.focus();
      el.setSelectionRange(start, end);
    }, 1500);
  };
  if (window.__sketchfirstHooks) window.__sketchfirstHooks();
  document.addEventListener("keydown", onKey);
  document.addEventListener("input", onInput, true);
  window.addEventListener("beforeunload", flush);
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", onHidden);
  window.__sketchfirstHooks = () => {
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("input", onInput, true);
    clearTimeout(idle);
    window.removeEventListener("beforeunload", flush);
    window.removeEventListener("pagehide", flush);
    document.removeEventListener("visibilitychange", onHidden);
  };
}
"""

# Not style-isolated: nothing to style, and the canvas stays the one "stBidiComponentIsolated" on the page.
_HOOKS = st.components.v2.component("sketchfirst.browser_hooks", js=_JS, isolate_styles=False)


def draw() -> None:
    """Mount the hooks (put them where an empty element costs no room, e.g. the sidebar's end)."""
    _HOOKS(key=Keys.browser_hooks, data={"shortcuts": SHORTCUTS}, on_tool_change=_pick_tool)


def _pick_tool() -> None:
    state = st.session_state.get(Keys.browser_hooks)
    tool = state.get("tool") if hasattr(state, "get") else None
    if tool in set(SHORTCUTS.values()):
        put(Keys.tool, tool)
