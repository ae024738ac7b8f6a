"""Sketchfirst's pure core: canvas JSON and other formats in, sketch, graph and findings out.

No Streamlit, no environment, no terminal: data goes in and data comes out.
The only I/O lives in :mod:`design.store` and in the readers the shells call.

The rooms follow the pipeline, each with a small front door (its ``__init__``)::

    readers/   a file's bytes        -> SketchDocument       (canvas JSON, saved document, JSON export, Mermaid, Excalidraw)
    canvas/    canvas JSON           -> shapes -> Sketch      (restore, recognise) and Sketch -> canvas JSON (emit)
    model/     the shared vocabulary: Sketch, Component, Flow, Finding, Kind, the saved SketchDocument
    analysis/  Sketch                -> graph -> findings     (rules/, the kill drill, the analyze JSON contract)
    sizing/    estimates             -> peak QPS, storage; capacity per kind; traffic per component
    picture/   sketch + findings     -> Scene -> PNG or SVG
    exports/   one design            -> md, json, mermaid, excalidraw, png, svg, bundle
    store/     saved designs, numbered immutable versions, critiques, drafts, rounds
    practice/  the loop around a design: the round's timer, pairing, the explain-first gate, presenter steps, diffs

Inside ``design/`` a module imports from the module that defines a name,
never from a front door, so a room's ``__init__`` can import its members
without cycles. Outside ``design/`` (the shells, ``critique/``), prefer the
front doors.
"""
