"""The panels of the pages: one module per panel, each with one ``draw`` function.

A panel reads session state and the store, draws widgets, and hands every
write to :mod:`ui.actions` (as a callback). Pages decide the order.
"""
