"""The four screens, as files ``st.navigation`` runs (paths are relative to ``app.py``).

- the editor (``/``): the canvas and every panel around it;
- the presenter (``/present``): a shared screen, one finding or question at a time;
- the follower (``/follow?design=N``): a second, read-only browser that keeps up by itself;
- a share link (``/shared?link=TOKEN``): one saved version, read-only, for whoever holds the link.

Each page file defines ``render()`` and calls it only when Streamlit runs the
file, so importing one has no effect.
"""

EDITOR = "ui/pages/editor.py"
PRESENT = "ui/pages/present.py"
FOLLOW = "ui/pages/follow.py"
SHARED = "ui/pages/shared.py"
