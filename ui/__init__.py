"""The browser shell: Streamlit pages and panels around the pure core (``design/``, ``critique/``).

``app.py`` routes between the pages. Inside this package:

- :mod:`ui.state` names every session key and is the one seam between a document and the page;
- :mod:`ui.resources` holds every cache and is the one place (besides ``cli.py``) that reads the environment;
- :mod:`ui.actions` holds every callback that writes, so "where does a save happen" has one answer;
- :mod:`ui.panels` draws: one module per panel, each with one ``draw`` function;
- :mod:`ui.pages` composes panels into the three screens: editor, presenter, follower.

Imports run one way: pages → panels → actions → state → resources → the core.
"""
