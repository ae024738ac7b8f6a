"""Sketchfirst's pure core: canvas JSON and other formats in, sketch, graph and findings out.

No Streamlit, no environment, no terminal: data goes in and data comes out.
The only I/O lives in :mod:`design.store.sqlite` and in the readers the shells call.
"""
