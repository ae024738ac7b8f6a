"""What the page does in the browser itself: tool keys, naming and renaming boxes, the canvas's font, typed text kept.

- **Keys**, as in Excalidraw, whenever no text field has the focus: ``R`` or
  ``2`` Component, ``A``, ``L``, ``5`` or ``6`` Flow, ``P``, ``X`` or ``7``
  Freehand, ``T`` or ``8`` Text, ``V`` or ``1`` Edit, ``Esc`` back to
  Component; ``Delete`` or ``Backspace`` removes what Edit selected. The canvas
  itself has no shortcuts (see docs/CANVAS.md).
- **The Edit tool and the canvas's ✎ Edit toggle agree**: picking Edit (by key
  or in the picker) turns the toggle on, any other tool turns it off, and
  pressing the toggle itself moves the picker.
- **A typed name names the next box even without Enter**: Streamlit sends a
  text field when it loses the focus, which is the moment the user presses on
  the canvas, too late for the box being drawn. A press on the canvas while
  the label field holds unsent text is held back, the text is sent, and once
  the new name has reached the canvas the stroke is played to the canvas as
  the mouse drew it.
- **Double-click a box to rename it** while a drawing tool (Component, Flow)
  is on: the canvas's own rename (Edit on, a click on the selected box) is
  opened on it, and the tiny box the first click drew is undone. Under Edit
  the canvas does this itself.
- **Text in the app's font**: the canvas draws text in Fabric's fixed family,
  "Times New Roman"; the page maps that family to the app's own font faces.
- **Typed text is never lost to a reload**: a note (a text area) is
  committed once typing pauses for 1.5 s (blurred and refocused, the caret
  kept), and before the page unloads or its tab is hidden the focused field is
  blurred, so the text reaches the server (and the autosaved draft) first.

A ``st.components.v2`` component with no HTML: it adds listeners to the page
(once, however often it is drawn; each run refreshes what they know) and
reports a tool as a trigger value. Draw it after the canvas, so that a new
name reaches the canvas before the hooks replay a held stroke.
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

#: The trigger value for "the Edit toggle was turned off": back to the tool of the last drawing mode.
DRAW_AGAIN = "draw"

_JS = """
export default function (component) {
  const { setTriggerValue, data } = component;
  const S = window.__sketchfirst || (window.__sketchfirst = { pending: null, lastDown: null, lastTool: null });
  S.data = data;
  const shortcuts = data.shortcuts;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const focused = () => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el;
  };
  const typing = (el) => el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
  const canvasRoot = () => {
    const host = document.querySelector('[data-testid="stBidiComponentIsolated"]');
    return host && host.shadowRoot;
  };
  const button = (name) => { const r = canvasRoot(); return r && r.querySelector(`button[aria-label="${name}"]`); };
  const upper = () => { const r = canvasRoot(); return r && r.querySelector("canvas.upper-canvas"); };
  const labelField = () => Array.from(document.querySelectorAll('[data-testid="stTextInput"] input'))
    .find((el) => el.getAttribute("aria-label") === "Component label");
  const editOn = () => { const e = button("Edit"); return !!e && e.getAttribute("aria-pressed") === "true"; };
  const setEdit = (on) => { const e = button("Edit"); if (e && editOn() !== on) { S.ourToggle = true; e.click(); S.ourToggle = false; } };
  const fire = (el, type, at) => el.dispatchEvent(new MouseEvent(type, {
    bubbles: true, cancelable: true, composed: true, view: window, clientX: at.x, clientY: at.y,
    button: 0, buttons: type === "mouseup" ? 0 : 1,
  }));
  const toCanvas = (el, at) => {
    const r = el.getBoundingClientRect();
    return { x: (at.x - r.left) * el.width / r.width, y: (at.y - r.top) * el.height / r.height };
  };
  const toClient = (el, p) => {
    const r = el.getBoundingClientRect();
    return { x: r.left + p.x * r.width / el.width, y: r.top + p.y * r.height / el.height };
  };
  const boxAt = (el, at) => {
    const p = toCanvas(el, at);
    const inside = (S.data.boxes || []).filter(([l, t, w, h]) => p.x >= l && p.x <= l + w && p.y >= t && p.y <= t + h);
    inside.sort((a, b) => a[2] * a[3] - b[2] * b[3]);
    return inside[0] || null;
  };

  // The Edit tool and the canvas's Edit toggle agree (on a change of tool; the toggle may need a moment to mount).
  if (data.tool !== S.lastTool) {
    S.lastTool = data.tool;
    const want = data.tool === "Edit";
    const sync = (tries) => { if (button("Edit")) setEdit(want); else if (tries > 0) setTimeout(() => sync(tries - 1), 200); };
    sync(15);
  }

  // A held stroke is played once the name it waited for is the canvas's (the canvas is drawn before these hooks).
  const replay = () => {
    const p = S.pending;
    if (!p) return;
    S.pending = null;
    document.removeEventListener("mousemove", p.move, true);
    document.removeEventListener("mouseup", p.up, true);
    const el = upper();
    if (!el) return;
    fire(el, "mousedown", p.from);
    fire(el, "mousemove", p.to);
    if (p.released) fire(el, "mouseup", p.to);
  };
  if (S.pending && data.label === S.pending.want) setTimeout(replay, 250);

  const rename = async (point, undoFirst) => {  // point: in canvas pixels (the page may move meanwhile)
    if (undoFirst) {  // the first click of the double-click drew a tiny box
      await sleep(30);
      const undo = button("Undo");
      if (undo && !undo.disabled) undo.click();
      await sleep(200);  // the canvas reloads its previous state
    }
    setEdit(true);
    S.lastTool = "Edit";
    setTriggerValue("tool", "Edit");
    await sleep(60);
    const el = upper();
    if (!el) return;
    const at = toClient(el, point);
    for (const step of [0, 1]) {  // select it, then click it again: the canvas opens its name for editing
      fire(el, "mousedown", at);
      fire(el, "mouseup", at);
      await sleep(step ? 0 : 100);
    }
  };

  const onDown = (event) => {
    if (event.button !== 0 || !event.isTrusted) return;
    const el = event.composedPath()[0];
    if (!el || !el.classList || !el.classList.contains("upper-canvas")) return;
    const d = S.data;
    const at = { x: event.clientX, y: event.clientY };
    const stop = () => { event.preventDefault(); event.stopImmediatePropagation(); };
    if (d.tool === "Component" || d.tool === "Flow") {
      const prev = S.lastDown, now = performance.now();
      S.lastDown = { t: now, x: at.x, y: at.y };
      if (prev && now - prev.t < 500 && Math.hypot(at.x - prev.x, at.y - prev.y) < 6 && boxAt(el, at)) {
        stop();
        S.lastDown = null;
        S.swallowDblclick = now;  // the browser's dblclick follows; the canvas must not see it mid-reload
        rename(toCanvas(el, at), d.tool === "Component");
        return;
      }
    }
    const field = labelField();
    if (d.tool === "Component" && field && field.value !== d.label && !S.pending) {
      stop();
      const p = { from: at, to: at, released: false, want: field.value };
      p.move = (e) => { p.to = { x: e.clientX, y: e.clientY }; };
      p.up = (e) => { p.to = { x: e.clientX, y: e.clientY }; p.released = true; };
      document.addEventListener("mousemove", p.move, true);
      document.addEventListener("mouseup", p.up, true);
      S.pending = p;
      field.blur();  // Streamlit sends the name now
      setTimeout(() => { if (S.pending === p) replay(); }, 5000);  // the name never came back: draw anyway
    }
  };

  const onDblclick = (event) => {
    if (S.swallowDblclick && performance.now() - S.swallowDblclick < 1000) {
      S.swallowDblclick = null;
      event.stopImmediatePropagation();
    }
  };

  const onClick = (event) => {  // the canvas's own Edit toggle, pressed by the user, moves the tool picker
    if (!event.isTrusted || S.ourToggle) return;
    const b = event.composedPath().find((el) => el && el.getAttribute && el.getAttribute("aria-label") === "Edit");
    if (!b) return;
    setTimeout(() => {
      const tool = editOn() ? "Edit" : "__DRAW__";
      if (tool !== S.lastTool) { S.lastTool = tool === "Edit" ? "Edit" : null; setTriggerValue("tool", tool); }
    }, 0);
  };

  const onKey = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || typing(focused())) return;
    if (document.querySelector('[role="dialog"], [role="listbox"]')) return;
    if (event.key === "Delete" || event.key === "Backspace") {
      const del = button("Delete selected");
      if (del && !del.disabled) { event.preventDefault(); del.click(); }
      return;
    }
    const tool = shortcuts[event.key.toLowerCase()];
    if (!tool) return;
    event.preventDefault();
    setEdit(tool === "Edit");
    S.lastTool = tool;
    setTriggerValue("tool", tool);
  };

  // Fabric draws text in "Times New Roman" whatever the page says: give that family the app's own faces.
  const aliasFont = () => {
    const family = getComputedStyle(document.body).fontFamily.split(",")[0].trim().replace(/^["']|["']$/g, "");
    const faces = [];
    for (const sheet of Array.from(document.styleSheets)) {
      let rules;
      try { rules = sheet.cssRules; } catch (e) { continue; }
      for (const rule of Array.from(rules || [])) {
        if (!(rule instanceof CSSFontFaceRule)) continue;
        if (rule.style.getPropertyValue("font-family").replace(/["']/g, "").trim() !== family) continue;
        const base = sheet.href || document.baseURI;
        const src = rule.style.getPropertyValue("src").replace(/url\\(\\s*(["']?)([^"')]+)\\1\\s*\\)/g,
          (m, q, u) => `url("${new URL(u, base).href}")`);
        faces.push(`@font-face { font-family: "Times New Roman"; src: ${src}; ` +
          `font-weight: ${rule.style.getPropertyValue("font-weight") || "normal"}; ` +
          `font-style: ${rule.style.getPropertyValue("font-style") || "normal"}; }`);
      }
    }
    if (!faces.length) return false;
    const style = document.createElement("style");
    style.dataset.sketchfirst = "canvas-font";
    style.textContent = faces.join("\\n");
    document.head.appendChild(style);
    document.fonts.load('16px "Times New Roman"').catch(() => {});
    return true;
  };
  if (!document.querySelector('style[data-sketchfirst="canvas-font"]')) aliasFont();

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
  document.addEventListener("mousedown", onDown, true);
  document.addEventListener("click", onClick, true);
  document.addEventListener("dblclick", onDblclick, true);
  document.addEventListener("input", onInput, true);
  window.addEventListener("beforeunload", flush);
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", onHidden);
  window.__sketchfirstHooks = () => {
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("mousedown", onDown, true);
    document.removeEventListener("click", onClick, true);
    document.removeEventListener("dblclick", onDblclick, true);
    document.removeEventListener("input", onInput, true);
    clearTimeout(idle);
    window.removeEventListener("beforeunload", flush);
    window.removeEventListener("pagehide", flush);
    document.removeEventListener("visibilitychange", onHidden);
  };
}
""".replace("__DRAW__", DRAW_AGAIN)

# Not style-isolated: nothing to style, and the canvas stays the one "stBidiComponentIsolated" on the page.
_HOOKS = st.components.v2.component("sketchfirst.browser_hooks", js=_JS, isolate_styles=False)


def draw(*, tool: str, label: str, boxes: list[list[float]]) -> None:
    """Mount the hooks (put them where an empty element costs no room, e.g. the sidebar's end).

    ``tool`` is the tool picked now, ``label`` the label field's value as the
    server has it (text in the field that differs is not sent yet), ``boxes``
    the boxes on the canvas as ``[left, top, width, height]`` in canvas pixels.
    """
    _HOOKS(key=Keys.browser_hooks, data={"shortcuts": SHORTCUTS, "tool": tool, "label": label, "boxes": boxes},
           on_tool_change=_pick_tool)


def _pick_tool() -> None:
    from ui.panels.canvas import TOOLS  # the canvas panel draws these hooks

    state = st.session_state.get(Keys.browser_hooks)
    tool = state.get("tool") if hasattr(state, "get") else None
    if tool == DRAW_AGAIN:
        mode = st.session_state.get(Keys.last_drawing_mode)
        tool = next((t for t, m in TOOLS.items() if m == mode), "Component")
    if tool in set(SHORTCUTS.values()):
        put(Keys.tool, tool)
