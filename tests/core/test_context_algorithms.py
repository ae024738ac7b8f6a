"""The graph algorithms ``design.analysis.context`` runs itself agree with networkx's on any graph.

``Context`` computes dominators and articulation points over plain adjacency
instead of copying the design into a networkx graph (the copy cost more than
the algorithm). Both answers are unique, so they must equal networkx's exactly,
on random graphs that include cycles, self-loops, several entries and parts the
root never reaches.
"""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from design.analysis.context import articulation_points, immediate_dominators

NODES = [f"n{i}" for i in range(12)]
EDGES = st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(edges=EDGES, entries=st.lists(st.sampled_from(NODES), min_size=1, max_size=3, unique=True))
def test_immediate_dominators_match_networkx(edges: list[tuple[str, str]], entries: list[str]) -> None:
    G = nx.DiGraph(edges)
    G.add_nodes_from(NODES)
    H = nx.DiGraph(G)
    H.add_edges_from(("root", e) for e in entries)
    succ: dict[str, object] = dict(G.adjacency())
    succ["root"] = tuple(entries)
    assert immediate_dominators(succ, "root") == nx.immediate_dominators(H, "root")  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(edges=EDGES)
def test_articulation_points_match_networkx(edges: list[tuple[str, str]]) -> None:
    G = nx.DiGraph(edges)
    G.add_nodes_from(NODES)
    neighbours = {n: set(G.successors(n)) | set(G.predecessors(n)) for n in G}
    assert articulation_points(neighbours) == frozenset(nx.articulation_points(G.to_undirected(as_view=True)))


def test_dominators_on_a_diamond() -> None:
    """A fixed case that reads as a picture: every path from a to d passes a, never b or c alone."""
    succ = {"r": ("a",), "a": ("b", "c"), "b": ("d",), "c": ("d",), "d": ()}
    assert immediate_dominators(succ, "r") == {"a": "r", "b": "a", "c": "a", "d": "a"}
    assert articulation_points({"a": {"b"}, "b": {"a", "c"}, "c": {"b"}}) == {"b"}
