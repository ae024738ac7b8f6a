"""The Mermaid importer on a hand-written corpus of real-world flowchart syntax, and on what it must refuse.

Every corpus file is checked twice: what the importer read (components,
kinds, flows and their labels), and that the canvas JSON it produced reads
back, through the ordinary canvas pipeline, as exactly that design, so an
imported diagram opens on the canvas as the same graph.
"""

from __future__ import annotations

import pytest

from design.analysis.analyze import sketch_of
from design.canvas.recognize import build_sketch
from design.canvas.restore import restore
from design.model.document import SOURCES
from design.readers.dispatch import InputError, read_import
from design.readers.mermaid import parse_flowchart, read_mermaid
from support.paths import MERMAID_CORPUS

CORPUS = MERMAID_CORPUS


def read(name: str):
    path = CORPUS / name
    return read_import(path.name, path.read_bytes())


def graph(sketch) -> tuple[set, ...]:
    return (
        {(c.id, c.label, c.kind.value, c.note, tuple(m.label for m in c.members)) for c in sketch.components},
        {(f.source, f.target, f.label, f.two_way) for f in sketch.flows},
        {(g.id, g.title, g.members, g.parent) for g in sketch.groups},
    )


def groups(sketch) -> dict[str, list[str]]:
    labels = {c.id: c.label for c in sketch.components}
    return {g.title: sorted(labels[m] for m in g.members) for g in sketch.groups}


def flows_by_label(sketch) -> set[tuple[str, str, str]]:
    labels = {c.id: c.label for c in sketch.components}
    return {(labels[f.source], labels[f.target], f.label) for f in sketch.flows}


def kinds(sketch) -> dict[str, str]:
    return {c.label: c.kind.value for c in sketch.components}


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()))
def test_the_canvas_json_of_an_import_reads_back_as_the_imported_design(name):
    text = (CORPUS / name).read_text()
    if name.endswith(".md"):
        from design.readers.mermaid import chart_to_sketch, find_flowchart

        body, first, _ = find_flowchart(text)
        imported, _ = chart_to_sketch(parse_flowchart(body, first))
    else:
        from design.readers.mermaid import chart_to_sketch

        imported, _ = chart_to_sketch(parse_flowchart(text))
    doc = read(name).document
    canvas = sketch_of(doc)  # the canvas pipeline, with the kinds the file stated carried as corrections
    assert graph(canvas) == graph(imported)
    assert {c.id for c in build_sketch(restore(doc.canvas)).components} == {c.id for c in imported.components}
    assert [d.id for d in canvas.dangling] == [d.id for d in imported.dangling] == []
    assert sorted(t.text for t in canvas.texts) == sorted(t.text for t in imported.texts)
    assert doc.source == "mermaid" and doc.source in SOURCES
    for obj in doc.canvas["objects"]:
        assert obj["type"] in ("LabeledRect", "Line", "IText", "Triangle")
        assert "originX" in obj and "originY" in obj, "Fabric 7 defaults to centre; every object states its origin"


def test_the_classic_decision_example_from_the_mermaid_docs():
    s = sketch_of(read("docs-decision.mmd").document)
    assert flows_by_label(s) == {
        ("Christmas", "Go shopping", "Get money"),
        ("Go shopping", "Let me think", ""),
        ("Let me think", "Laptop", "One"),
        ("Let me think", "iPhone", "Two"),
        ("Let me think", "Car", "Three"),  # the fa:fa-car icon is dropped from the label
        ("Laptop", "Let me think", "back"),  # a long ---->|text| link
    }


def test_a_readme_architecture_with_groups_styles_and_comments():
    imp = read("microservices.mmd")
    s = sketch_of(imp.document)
    assert kinds(s) == {
        "Customer": "client",
        "CloudFront CDN": "cdn",
        "Load balancer": "load_balancer",
        "Order service": "service",
        "Catalog service": "service",
        "Orders": "database",  # only the cylinder says so
        "Redis": "cache",  # the label wins over the cylinder
        "Order events": "queue",  # "events" names a stream
        "Fulfilment worker": "worker",
        "Stripe API": "external",
    }
    assert flows_by_label(s) == {
        ("Customer", "CloudFront CDN", ""),
        ("Customer", "Load balancer", ""),
        ("Load balancer", "Order service", ""),
        ("Load balancer", "Catalog service", ""),
        ("Order service", "Orders", "writes"),
        ("Order service", "Order events", "publishes"),
        ("Order events", "Fulfilment worker", ""),
        ("Fulfilment worker", "Orders", ""),
        ("Catalog service", "Redis", "reads"),
        ("Catalog service", "Orders", "misses (cold)"),
        ("Fulfilment worker", "Stripe API", ""),
    }
    assert groups(s) == {"Data stores": ["Orders", "Redis"]}
    assert s.texts == ()
    assert imp.document.corrections["orders"].kind.value == "database"
    assert "redis" not in imp.document.corrections, "a stated kind the label already gives is not a correction"
    assert imp.document.title == "microservices"


def test_every_node_shape_is_read_and_only_the_cylinder_hints_a_kind():
    s = sketch_of(read("shapes.mmd").document)
    labels = [
        "Rectangle", "Rounded", "Stadium", "Subroutine", "Cylinder", "Circle", "Asymmetric", "Rhombus", "Hexagon",
        "Parallelogram", "Parallelogram alt", "Trapezoid", "Trapezoid alt", "Double circle",
    ]
    assert sorted(c.label for c in s.components) == sorted(labels)
    assert {c.label for c in s.components if c.kind.value != "unknown"} == {"Cylinder"}
    chain = [(a, b, "") for a, b in zip(labels, labels[1:], strict=False)]
    assert flows_by_label(s) == set(chain)


def test_every_link_form():
    s = sketch_of(read("edges.mmd").document)
    got = flows_by_label(s)
    expected = {(f"A{i}", f"B{i}", "") for i in (1, 2, 3, 4, 11, 12, 14, 15, 16)}
    expected |= {("A5", "B5", "text"), ("A6", "B6", "spaced text"), ("A7", "B7", "piped"),
                 ("A8", "B8", "dotted text"), ("A9", "B9", "thick text"), ("A17", "B17", "quoted | pipe")}
    expected |= {("A10", "B10", "")}  # <--> is one two-way conversation, not two flows
    expected |= {(a, b, "") for a in ("A18", "A19") for b in ("B18", "B19")}  # & on both sides
    expected |= {("C1", "C2", ""), ("C2", "C3", ""), ("C3", "C4", "")}  # a chain
    assert got == expected
    assert {"A13", "B13"} <= {c.label for c in s.components}, "~~~ keeps its nodes but is not a connection"
    two_way = {(f.source, f.target) for f in s.flows if f.two_way}
    assert two_way == {("a2", "b2"), ("a10", "b10")}, "a line with no head (---) or a head at each end (<-->)"


def test_labels_lose_their_markup_but_keep_their_text():
    s = sketch_of(read("labels.mmd").document)
    assert sorted(c.label for c in s.components) == sorted([
        "API gateway (v2) [edge]", "Auth", "User DB", '"Queue" #1 ♥', "Notification worker",
        "Email sender", "AT&T SMS", "Zahlungsdienst für Bestellungen",
    ])
    # After <br> comes the description: kept as the component's note, never glued onto its name.
    assert {c.label: c.note for c in s.components if c.note} == {"Auth": "service", "User DB": "primary"}


def test_one_line_semicolon_syntax():
    s = sketch_of(read("compact.mmd").document)
    assert flows_by_label(s) == {("Client", "API", ""), ("API", "Postgres", ""), ("API", "Redis", "")}


def test_front_matter_gives_the_title_and_directives_are_skipped():
    imp = read("frontmatter.mmd")
    assert imp.document.title == "Payments platform"
    s = sketch_of(imp.document)
    assert flows_by_label(s) == {("Web app", "Payments API x3", ""), ("Payments API x3", "Ledger DB", "")}
    api = next(c for c in s.components if c.label == "Payments API x3")
    assert api.replicas == 3


def test_the_v11_shape_syntax_and_edge_ids():
    s = sketch_of(read("new-syntax.mmd").document)
    assert kinds(s) == {"Orders": "database", "Checkout API": "service", "Order log": "database"}
    assert flows_by_label(s) == {("Checkout API", "Orders", ""), ("Checkout API", "Order log", "")}


def test_a_link_to_a_subgraph_means_its_members():
    imp = read("subgraph-links.mmd")
    s = sketch_of(imp.document)
    # Into a group: the members entered from outside; out of a group: the members that lead out; to
    # monitoring: every member (it watches them all).
    assert flows_by_label(s) == {("Browser", "API", ""), ("API", "Database", ""), ("API", "Prometheus", ""),
                                 ("Database", "Prometheus", "")}
    assert groups(s) == {"Backend": ["API", "Database"], "Operations": ["Prometheus"]}
    assert "backend" not in {c.id for c in s.components}, "a group is never a component"
    assert s.texts == () and imp.notes == ()


def test_an_empty_subgraph_that_links_name_stands_for_one_component_with_a_note():
    imp = read_mermaid("flowchart LR\n  web[Web] --> ext\n  subgraph ext [Partner API]\n  end\n", "t")
    s = sketch_of(imp.document)
    assert flows_by_label(s) == {("Web", "Partner API", "")} and s.groups == ()
    assert [str(n) for n in imp.notes] == ["line 2: 'Partner API' is an empty subgraph that links name; it stands "
                                           "for one component"]


def test_markdown_reads_the_first_flowchart_fence_and_says_so():
    imp = read("readme.md")
    s = sketch_of(imp.document)
    assert flows_by_label(s) == {
        ("Mobile app", "API gateway", ""), ("API gateway", "Order service", ""), ("Order service", "Orders DB", ""),
    }
    assert [str(n) for n in imp.notes] == ["line 13: the file holds 2 diagrams; the first one was read"]
    assert imp.document.title == "Our service"


@pytest.mark.parametrize(
    ("header", "axis"),
    [("flowchart TB", "y"), ("flowchart TD", "y"), ("graph BT", "-y"), ("graph LR", "x"), ("flowchart RL", "-x"),
     ("graph", "y"), ("flowchart >", "x"), ("flowchart <", "-x"), ("flowchart ^", "-y"), ("flowchart v", "y")],
)
def test_every_direction_lays_the_chain_out_along_it(header, axis):
    s = sketch_of(read_mermaid(f"{header}\n  a[First] --> b[Second] --> c[Third]\n", "t").document)
    centre = {c.label: c.box.center for c in s.components}
    key = (lambda p: p.y) if axis.endswith("y") else (lambda p: p.x)
    order = sorted(["First", "Second", "Third"], key=lambda n: key(centre[n]), reverse=axis.startswith("-"))
    assert order == ["First", "Second", "Third"]


def test_the_layout_is_deterministic():
    text = (CORPUS / "microservices.mmd").read_text()
    assert read_mermaid(text, "x").document == read_mermaid(text, "x").document


def test_a_self_link_is_noted_with_its_line_not_drawn():
    imp = read_mermaid("graph LR\n  a[API] --> b[(DB)]\n  a --> a\n", "t")
    assert len(sketch_of(imp.document).flows) == 1
    assert [str(n) for n in imp.notes] == ["line 3: both ends of this arrow are on 'api'; ignored"]


def test_a_kind_class_states_the_kind():
    imp = read_mermaid("flowchart LR\n  a[Sessions] --> b[Tokens]:::kind_cache\n  class a kind_auth\n", "t")
    assert kinds(sketch_of(imp.document)) == {"Sessions": "auth", "Tokens": "cache"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sequenceDiagram\n  A->>B: hi\n", "line 1: 'sequenceDiagram' is not a flowchart"),
        ("classDiagram\n  A <|-- B\n", "line 1: 'classDiagram' is not a flowchart"),
        ("flowchart LR\n  A --> B\n  B -> C\n", "line 3: unexpected '-> C' (links are written -->"),
        ("graph TD\n  A --> B\n  B => C\n", "line 3: unexpected '=> C'"),
        ("graph TD\n  A[Start --> B\n", "line 2: '[' is never closed with ']' on this line"),
        ("graph TD\n  A((Start) --> B\n", "line 2: '((' is never closed"),
        ("graph TD\n  A --> B\n  end\n", "line 3: 'end' without a subgraph to close"),
        ("graph TD\n  subgraph one\n  A --> B\n", "line 2: subgraph 'one' is never closed"),
        ("graph TD\n  A -->\n", "line 2: a link needs a node after it"),
        ("graph TD\n  A --> B &\n", "line 2: expected a node id"),
        ('graph TD\n  A["open] --> B\n', 'line 2: a quoted label is never closed with "'),
        ("graph TD\n  A -->|label B\n", "line 2: a link label opened with '|' is never closed"),
        ("graph TD\n  A --> end\n", "line 2: 'end' closes a subgraph and cannot name a node"),
        ("graph LR\n  A -- text B\n", "line 2: link text after '--' is never closed"),
        ("graph LR\n  A --> B\n  C D\n", "line 3: unexpected 'D'"),
        ("%% nothing here\n", "line 1: empty diagram"),
        ("flowchart LR\n", "the flowchart has no nodes"),
        ("---\ntitle: x\nflowchart LR\n A-->B\n", "line 1: front matter opened with --- is never closed"),
        ("graph LR\n  %%{init: {}\n  A --> B\n", "line 2: a %%{ directive is never closed"),
    ],
)
def test_unsupported_syntax_is_refused_with_its_line(text, message):
    with pytest.raises(InputError) as err:
        read_import("design.mmd", text)
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# Title\n\nno diagrams at all\n", "line 1: no ```mermaid block"),
        ("# T\n\n```mermaid\nsequenceDiagram\n  A->>B: x\n```\n", "line 4: the mermaid block is a 'sequenceDiagram'"),
        ("# T\n\n\n```mermaid\nflowchart LR\n  A --> B\n  B => C\n```\n", "line 7: unexpected '=> C'"),
    ],
)
def test_markdown_errors_count_lines_in_the_markdown_file(text, message):
    with pytest.raises(InputError) as err:
        read_import("README.md", text)
    assert message in str(err.value)


def test_files_are_sniffed_by_content_when_the_extension_says_nothing():
    assert read_import("diagram.txt", "graph LR\n  a --> b\n").document.source == "mermaid"
    assert read_import("notes.txt", "Intro\n\n```mermaid\ngraph LR\n  a --> b\n```\n").document.source == "mermaid"
    with pytest.raises(InputError, match="not a design"):
        read_import("notes.txt", "just some words")


def test_crlf_tabs_nested_subgraphs_accessibility_blocks_and_trailing_comments():
    s = sketch_of(read("ci-pipeline.mmd").document)
    assert flows_by_label(s) == {
        ("Developer laptop", "Git repo", ""),
        ("Git repo", "GitHub Actions runner", ""),
        ("GitHub Actions runner", "Container registry", "push image"),
        ("Container registry", "Kubernetes ingress", ""),
        ("Kubernetes ingress", "App pods x4", ""),
        ("App pods x4", "OpenTelemetry collector", "traces"),
    }
    assert groups(s) == {
        "Build stage": ["Git repo", "GitHub Actions runner"],
        "CI": ["Container registry", "Git repo", "GitHub Actions runner"],
    }
    assert {g.title: g.parent for g in s.groups} == {"Build stage": "ci", "CI": None}
