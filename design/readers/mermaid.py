"""Read a Mermaid flowchart (or a Markdown file holding one) into a sketch.

Mermaid is how designs live in READMEs and docs, so the analysis must read
the syntax people really write: ``graph``/``flowchart`` in every direction,
every common node shape, solid, dotted, thick and labelled links, chains and
``&`` groups, subgraphs, classes, comments, front matter and HTML in labels.
What it cannot read it refuses with the line number: a half-read diagram
would give a confident analysis of a design nobody drew.

Subgraphs are grouping, not components; each is kept as a note on the sketch.
A cylinder hints a datastore; a ``kind_<kind>`` class (what Sketchfirst's own
Mermaid export writes) states a kind. The nodes are laid out with
:func:`design.canvas.layout.layered_layout` along the diagram's direction, and the
result goes through :func:`design.canvas.recognize.assemble` like every importer.
"""

from __future__ import annotations

import html
import json
import re
from typing import NoReturn

from design.canvas.layout import box_size, grouped_layout
from design.canvas.recognize import ComponentSpec, FlowSpec, assemble_ids
from design.model.echo import echo
from design.model.geometry import Box, Point, clip_to_box
from design.model.sketch import Kind, Note, Sketch
from design.readers.architecture import parse_architecture
from design.readers.chart import (
    MAX_LINKS,
    MAX_NODES,
    MAX_SUBGRAPHS,
    ChartEdge,
    ChartGroup,
    ChartNode,
    Flowchart,
    MermaidError,
)
from design.readers.result import Imported, clip_label, document_from_sketch

__all__ = ["MAX_LINKS", "MAX_NODES", "MAX_SUBGRAPHS", "Flowchart", "MermaidError", "chart_to_sketch", "find_flowchart", "parse_flowchart", "read_mermaid"]

_DIRECTIONS = {"TB": "TB", "TD": "TB", "BT": "BT", "LR": "LR", "RL": "RL", ">": "LR", "<": "RL", "^": "BT", "v": "TB"}
_HEADER = re.compile(r"(flowchart-elk|flowchart|graph)(?![\w-])[ \t]*(TB|TD|BT|LR|RL|[<>^v])?(?![\w-])")
_ID = re.compile(r"[\w$](?:[\w$]|-(?=[\w$])|\.(?=[\w$]))*")
_CLASS_SUFFIX = re.compile(r":::([\w-]+)")
_EDGE_ID = re.compile(r"([\w$]+)@(?=[-=.~<xo])")
# Links, tried in this order at the point after a node (as mermaid's own lexer does).
_LINK_SOLID = re.compile(r"([xo<])?(-{2,})([-xo>])")
_LINK_THICK = re.compile(r"([xo<])?(={2,})([=xo>])")
_LINK_DOTTED = re.compile(r"([xo<])?-?\.+-([xo>])?")
_LINK_INVISIBLE = re.compile(r"~{3,}")
_START_SOLID = re.compile(r"([xo<])?--")
_START_THICK = re.compile(r"([xo<])?==")
_START_DOTTED = re.compile(r"([xo<])?-\.")
_END_SOLID = re.compile(r"[ \t]*-{2,}([-xo>])")
_END_THICK = re.compile(r"[ \t]*={2,}([=xo>])")
_END_DOTTED = re.compile(r"[ \t]*\.+-([xo>])?")
_KEYWORD = re.compile(r"(subgraph|end|classDef|class|style|linkStyle|click|direction|accTitle|accDescr)(?![\w-])")
# (opener, closers, shape), longest openers first.
_SHAPES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("(((", (")))",), "double_circle"),
    ("((", ("))",), "circle"),
    ("([", ("])",), "stadium"),
    ("(-", ("-)",), "ellipse"),
    ("(", (")",), "round"),
    ("[[", ("]]",), "subroutine"),
    ("[(", (")]",), "cylinder"),
    ("[/", ("/]", "\\]"), "parallelogram"),
    ("[\\", ("\\]", "/]"), "parallelogram"),
    ("[", ("]",), "rect"),
    ("{{", ("}}",), "hexagon"),
    ("{", ("}",), "diamond"),
    (">", ("]",), "asymmetric"),
)
_NEW_SHAPES = {"cyl": "cylinder", "cylinder": "cylinder", "database": "cylinder", "db": "cylinder",
               "das": "cylinder", "h-cyl": "cylinder", "lin-cyl": "cylinder", "disk": "cylinder",
               "circle": "circle", "circ": "circle", "diam": "diamond", "diamond": "diamond",
               "hex": "hexagon", "hexagon": "hexagon", "rounded": "round", "stadium": "stadium"}
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_BR = re.compile(r"<br\s*/?>", re.I)
_ENTITY = re.compile(r"#([A-Za-z]+|\d+);")
_ICON = re.compile(r"\bfa[bsrlkd]?:fa-[\w-]+\s*")
# What Sketchfirst's own export appends to a title: "(version 3, saved 2026-11-28)" or "(unsaved draft)".
_STATUS_SUFFIX = re.compile(r" \((?:version \d+(?:, saved \d{4}-\d{2}-\d{2})?|unsaved draft)\)$")
_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})[ \t]*\{?mermaid\}?[ \t]*$", re.I)


#: Messages here quote what the file holds the way Python does ('star'), through echo().
_Q = "'"


def _label_text(raw: str) -> str:
    """Mermaid label markup → plain text: entity codes, tags, Markdown strings, icons; ``<br>`` and line
    breaks inside quotes stay line breaks (the first line names the node, the rest describe it)."""
    text = raw
    if len(text) >= 2 and text[0] == "`" and text[-1] == "`":
        text = text[1:-1].replace("**", "").replace("__", "")
    text = _ENTITY.sub(lambda m: f"&#{m.group(1)};" if m.group(1).isdigit() else f"&{m.group(1)};", text)
    text = _BR.sub("\n", text)
    text = _TAG.sub("", text)
    text = _ICON.sub("", text)
    return html.unescape(text)


class _Parser:
    """A hand-written reader over the whole text, so every error knows its line."""

    def __init__(self, text: str, first_line: int):
        self.text = text
        self.pos = 0
        self.first_line = first_line
        self.chart = Flowchart()
        self.stack: list[ChartGroup] = []
        self.edge_ids: set[str] = set()
        self._mark = 0  # a position whose line is known: self._mark_line line breaks precede it
        self._mark_line = 0

    # -- positions and errors ------------------------------------------------------------

    def line(self, pos: int | None = None) -> int:
        """The line of ``pos`` (default: here), counted from the last position asked about, not from the start:
        every node and link asks, so counting from the start made reading quadratic in the file's length."""
        p = self.pos if pos is None else pos
        if p >= self._mark:
            self._mark_line += self.text.count("\n", self._mark, p)
        else:
            self._mark_line -= self.text.count("\n", p, self._mark)
        self._mark = p
        return self.first_line + self._mark_line

    def fail(self, message: str, pos: int | None = None) -> NoReturn:
        raise MermaidError(self.line(pos), message)

    def snippet(self) -> str:
        """The rest of the line (at most 60 characters of it), for a message to quote through :func:`echo`."""
        end = self.text.find("\n", self.pos, self.pos + 60)
        return self.text[self.pos : end if end >= 0 else self.pos + 60].strip()

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_spaces(self) -> None:
        """Spaces, tabs and ``%%`` comments; never a line break."""
        t = self.text
        while self.pos < len(t):
            ch = t[self.pos]
            if ch in " \t\r":
                self.pos += 1
            elif t.startswith("%%{", self.pos):
                end = t.find("}%%", self.pos)
                if end < 0:
                    self.fail("a %%{ directive is never closed with }%%")
                self.pos = end + 3
            elif t.startswith("%%", self.pos):
                end = t.find("\n", self.pos)
                self.pos = len(t) if end < 0 else end
            else:
                break

    def at_terminator(self) -> bool:
        return self.at_end() or self.text[self.pos] in "\n;"

    def rest_of_statement(self) -> str:
        m = re.compile(r"[^\n;]*").match(self.text, self.pos)
        assert m is not None
        self.pos = m.end()
        return m.group()

    # -- the grammar -----------------------------------------------------------------------

    def parse(self) -> Flowchart:
        self.header()
        while True:
            self.skip_spaces()
            if self.at_end():
                break
            if self.text[self.pos] in "\n;":
                self.pos += 1
                continue
            self.statement()
        if self.stack:
            group = self.stack[-1]
            raise MermaidError(group.line, f"subgraph {echo(group.title, 32, _Q)} is never closed (add a line with: end)")
        if not self.chart.nodes:
            self.fail("the flowchart has no nodes")
        return self.chart

    def header(self) -> None:
        while True:
            self.skip_spaces()
            if self.at_end():
                raise MermaidError(self.first_line, "empty diagram: expected 'flowchart' or 'graph'")
            if self.text[self.pos] in "\n;":
                self.pos += 1
                continue
            break
        m = _HEADER.match(self.text, self.pos)
        if not m:
            word = self.snippet().split(" ", 1)[0]
            self.fail(f"{echo(word, 32, _Q) if word else 'this'} is not a flowchart; only 'flowchart', 'graph' and "
                      "'architecture-beta' diagrams can be read")
        self.chart.direction = _DIRECTIONS[m.group(2)] if m.group(2) else "TB"
        self.pos = m.end()
        self.end_of_statement()

    def end_of_statement(self) -> None:
        self.skip_spaces()
        if not self.at_terminator():
            found = self.snippet()
            hint = ""
            if found.startswith(("->", "=>", "<-")):
                hint = " (links are written -->, ---, -.->, ==> or -->|label|)"
            self.fail(f"unexpected {echo(found, 32, _Q)}{hint}")

    def statement(self) -> None:
        m = _KEYWORD.match(self.text, self.pos)
        if m and self.keyword(m.group(1), m.end()):
            return
        if self.text.startswith("&", self.pos) or self.text.startswith("-", self.pos):
            self.fail(f"expected a node before {echo(self.snippet(), 32, _Q)}")
        groups = [self.node_group()]
        links: list[tuple[str, str, int]] = []
        while True:
            self.skip_spaces()
            start = self.pos
            link = self.link()
            if link is None:
                break
            self.skip_spaces()
            if self.at_terminator():
                self.fail("a link needs a node after it", start)
            groups.append(self.node_group())
            links.append((link[0], link[1], self.line(start)))
        self.end_of_statement()
        for (direction, label, line), left, right in zip(links, groups, groups[1:], strict=False):
            if direction == "none":
                continue
            edges = self.chart.edges
            added = len(left) * len(right) * (2 if direction == "both" else 1)
            if len(edges) + added > MAX_LINKS:
                raise MermaidError(line, f"more than {MAX_LINKS} links; split the diagram")
            for a in left:
                for b in right:
                    if direction == "back":
                        edges.append(ChartEdge(b, a, label, line))
                    else:
                        edges.append(ChartEdge(a, b, label, line, two_way=direction in ("both", "open")))

    def keyword(self, word: str, after: int) -> bool:
        """Handle a keyword statement; ``False`` when the word is really a node id here."""
        t = self.text
        if word == "end":
            self.pos = after
            self.skip_spaces()
            if not self.at_terminator():
                self.fail("'end' closes a subgraph and cannot name a node (write End or end_)")
            if not self.stack:
                self.fail("'end' without a subgraph to close")
            group = self.stack.pop()
            self.chart.groups.append(group)
            return True
        if after < len(t) and t[after] not in " \t" and not (word.startswith("acc") and t[after] in ":{"):
            return False
        follow = re.compile(r"[ \t]*([-=.&~<])").match(t, after)
        if follow and word not in ("subgraph", "accTitle", "accDescr") and t.startswith(("--", "==", "-.", "&"), follow.start(1)):
            return False  # "style --> x": a node named like a keyword
        self.pos = after
        if word == "subgraph":
            self.subgraph()
        elif word == "accDescr" and re.compile(r"[ \t]*\{").match(t, self.pos):
            end = t.find("}", self.pos)
            if end < 0:
                self.fail("accDescr { is never closed with }")
            self.pos = end + 1
        elif word == "class":
            self.class_statement(self.rest_of_statement())
        else:
            self.rest_of_statement()  # classDef, style, linkStyle, click, direction, accTitle: styling only
        return True

    def subgraph(self) -> None:
        line = self.line()
        raw = self.rest_of_statement().strip()
        m = re.fullmatch(r"([\w$.-]+)\s*\[(.*)\]", raw) or re.fullmatch(r'([\w$.-]+)\s*"(.*)"', raw)
        if m:
            gid, title = m.group(1), m.group(2).strip().strip('"')
        elif raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
            gid = title = raw[1:-1]
        else:
            gid = title = raw
        if not raw:
            self.fail("subgraph needs a name")
        if len(self.chart.groups) + len(self.stack) >= MAX_SUBGRAPHS:
            raise MermaidError(line, f"more than {MAX_SUBGRAPHS} subgraphs; split the diagram")
        parent = self.stack[-1].id if self.stack else None
        self.stack.append(ChartGroup(gid, clip_label(_label_text(title), f"line {line}", self.chart.notes) or gid, line,
                                 parent=parent))

    def class_statement(self, rest: str) -> None:
        parts = rest.split()
        if len(parts) >= 2:
            self.chart.classes.append(([i.strip() for i in parts[0].split(",")], [c for c in parts[1].split(",") if c]))

    def node_group(self) -> list[str]:
        ids = [self.node()]
        while True:
            save = self.pos
            self.skip_spaces()
            if self.text.startswith("&", self.pos):
                self.pos += 1
                self.skip_spaces()
                ids.append(self.node())
            else:
                self.pos = save
                return ids

    def node(self) -> str:
        start = self.pos
        m = _ID.match(self.text, self.pos)
        if not m:
            found = self.snippet()
            self.fail(f"expected a node id, found {echo(found, 32, _Q)}" if found else "expected a node id")
        node_id = m.group()
        if node_id == "end":
            self.fail("'end' closes a subgraph and cannot name a node (write End or end_)")
        self.pos = m.end()
        line = self.line(start)
        if node_id in self.edge_ids and self.text.startswith("@{", self.pos):
            self.skip_attributes()  # e1@{ animate: true }: metadata of a link, styling only
            return node_id
        node = self.chart.nodes.get(node_id)
        if node is None:
            if len(self.chart.nodes) >= MAX_NODES:
                self.fail(f"more than {MAX_NODES} nodes; split the diagram")
            node = self.chart.nodes[node_id] = ChartNode(node_id, line)
        if self.stack and node.group is None and node_id != self.stack[-1].id:
            node.group = self.stack[-1].id
        for group in self.stack:
            if node_id not in group.members:
                group.members.append(node_id)
        for opener, closers, shape in _SHAPES:
            if self.text.startswith(opener, self.pos):
                self.pos += len(opener)
                node.label = self.shape_text(opener, closers)
                node.shape = shape
                node.line = line
                break
        if self.text.startswith("@{", self.pos):  # also after a label: A["Orders"]@{ shape: cyl }
            self.attributes(node)
        cm = _CLASS_SUFFIX.match(self.text, self.pos)
        if cm:
            node.classes.append(cm.group(1))
            self.pos = cm.end()
        return node_id

    def shape_text(self, opener: str, closers: tuple[str, ...]) -> str:
        t = self.text
        open_at = self.pos - len(opener)
        self.skip_inline_spaces()
        if t.startswith('"', self.pos):
            end = t.find('"', self.pos + 1)
            if end < 0:
                self.fail("a quoted label is never closed with \"", open_at)
            raw = t[self.pos + 1 : end]
            self.pos = end + 1
            self.skip_inline_spaces()
            closer = next((c for c in closers if t.startswith(c, self.pos)), None)
            if closer is None:
                self.fail(f"expected {closers[0]!r} after the quoted label of {opener!r}", self.pos)
            self.pos += len(closer)
            return raw
        hits = [(t.find(c, self.pos), c) for c in closers]
        hits = [(i, c) for i, c in hits if i >= 0]
        newline = t.find("\n", self.pos)
        if not hits or (0 <= newline < min(hits)[0]):
            self.fail(f"{opener!r} is never closed with {closers[0]!r} on this line", open_at)
        end, closer = min(hits)
        raw = t[self.pos : end]
        self.pos = end + len(closer)
        return raw

    def skip_inline_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def skip_attributes(self) -> str:
        start = self.pos
        end = self.text.find("}", self.pos)
        if end < 0:
            self.fail("'@{' is never closed with '}'", start)
        self.pos = end + 1
        return self.text[start + 2 : end]

    def attributes(self, node: ChartNode) -> None:
        """The v11 ``id@{ shape: cyl, label: "Orders" }`` form."""
        body = self.skip_attributes()
        for key, value in re.findall(r'(\w+)\s*:\s*("(?:[^"\\]|\\.)*"|[^,\n]*)', body):
            value = value.strip()
            if value.startswith('"'):
                value = value[1:-1]
            if key == "label":
                node.label = value
            elif key == "shape":
                node.shape = _NEW_SHAPES.get(value.lower(), "rect")

    def link(self) -> tuple[str, str] | None:
        """A link at the cursor: ``(direction, label)``, or ``None`` if there is none here."""
        t = self.text
        em = _EDGE_ID.match(t, self.pos)
        if em:
            self.edge_ids.add(em.group(1))
            self.pos = em.end()
        for link_re, tail_group in ((_LINK_SOLID, 3), (_LINK_THICK, 3), (_LINK_DOTTED, 2)):
            m = link_re.match(t, self.pos)
            if m:
                self.pos = m.end()
                return self._direction(m.group(1), m.group(tail_group)), self.pipe_text()
        invisible = _LINK_INVISIBLE.match(t, self.pos)
        if invisible:  # ~~~ only spaces nodes apart in mermaid's layout: not a connection
            self.pos = invisible.end()
            return "none", ""
        for start_re, end_re in ((_START_SOLID, _END_SOLID), (_START_THICK, _END_THICK), (_START_DOTTED, _END_DOTTED)):
            sm = start_re.match(t, self.pos)
            if not sm:
                continue
            line_end = t.find("\n", sm.end())
            line_end = len(t) if line_end < 0 else line_end
            em2 = end_re.search(t, sm.end(), line_end)
            if not em2:
                self.fail(f"link text after {echo(sm.group().strip(), 32, _Q)} is never closed with an arrow such as -->")
            label = t[sm.end() : em2.start()].strip()
            self.pos = em2.end()
            return self._direction(sm.group(1), em2.group(1)), _strip_quotes(label)
        if em:
            self.fail(f"expected a link after {echo(em.group(), 32, _Q)}")
        return None

    def pipe_text(self) -> str:
        self.skip_inline_spaces()
        t = self.text
        if not t.startswith("|", self.pos):
            return ""
        start = self.pos
        if t.startswith('"', self.pos + 1):
            close_quote = t.find('"', self.pos + 2)
            if close_quote < 0:
                self.fail("a quoted link label is never closed with \"", start)
            end = t.find("|", close_quote)
        else:
            end = t.find("|", self.pos + 1)
        newline = t.find("\n", self.pos)
        if end < 0 or (0 <= newline < end):
            self.fail("a link label opened with '|' is never closed with '|'", start)
        raw = t[self.pos + 1 : end].strip()
        self.pos = end + 1
        return _strip_quotes(raw)

    @staticmethod
    def _direction(head: str | None, tail: str | None) -> str:
        """``forward``, ``back``, ``both`` (heads at both ends) or ``open`` (no head: ``---``, ``-.-``)."""
        heads = ("<", "x", "o")
        backward = head in heads
        forward = tail in (">", "x", "o")
        if backward and forward:
            return "both"
        if head == "<":
            return "back"
        if forward or backward:
            return "forward"
        return "open"


def _strip_quotes(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _front_matter(text: str) -> tuple[str, int, str]:
    """Split YAML front matter off: ``(body, lines consumed, title)``."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or lines[i].strip() != "---":
        return text, 0, ""
    for j in range(i + 1, len(lines)):
        if lines[j].strip() == "---":
            title = ""
            for entry in lines[i + 1 : j]:
                m = re.match(r"title\s*:\s*(.*)$", entry)
                if m:
                    title = _STATUS_SUFFIX.sub("", _yaml_scalar(m.group(1).strip()))
            return "\n".join(lines[j + 1 :]), j + 1, title
    raise MermaidError(i + 1, "front matter opened with --- is never closed with ---")


def _yaml_scalar(value: str) -> str:
    if value.startswith('"'):
        try:
            decoded = json.loads(value)
            return decoded if isinstance(decoded, str) else value
        except ValueError:
            return value.strip('"')
    if value.startswith("'") and value.endswith("'") and len(value) >= 2:
        return value[1:-1].replace("''", "'")
    return value


def _diagram_word(body: str) -> str:
    """The first word of a diagram (after comments and directives), to tell flowcharts from other diagrams."""
    stripped = re.sub(r"%%\{.*?\}%%", "", body, flags=re.S)
    for line in stripped.split("\n"):
        s = line.strip()
        if not s or s.startswith("%%"):
            continue
        return s.split()[0].rstrip(";")
    return ""


def find_flowchart(markdown: str) -> tuple[str, int, list[Note]]:
    """The first mermaid flowchart fenced in Markdown: ``(text, line number of its first line, notes)``."""
    lines = markdown.split("\n")
    blocks: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        fence = m.group(2)
        close = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        blocks.append((i + 2, "\n".join(lines[i + 1 : j])))
        i = j + 1
    if not blocks:
        raise MermaidError(1, "no ```mermaid block in this Markdown file")
    charts = []
    for first, body in blocks:
        stripped, _, _ = _front_matter(body)
        if _diagram_word(stripped) in _READABLE:
            charts.append((first, body))
    if not charts:
        first, body = blocks[0]
        word = _diagram_word(_front_matter(body)[0]) or "empty"
        raise MermaidError(first, f"the mermaid block is {_not_readable(word)}")
    notes = []
    if len(charts) > 1:
        notes.append(Note(f"line {charts[0][0]}", f"the file holds {len(charts)} diagrams; the first one was read"))
    return charts[0][1], charts[0][0], notes


#: The diagram types this reader reads.
_READABLE = ("flowchart", "graph", "flowchart-elk", "architecture-beta")


def _not_readable(word: str) -> str:
    """Why a diagram of type ``word`` is refused, in words that say what to do instead."""
    if word.startswith("C4"):
        return (f"a C4 diagram ({echo(word, 32, _Q)}); its boundaries and relationships are not read yet: draw it as "
                "a flowchart with a subgraph per system boundary, or as an architecture-beta diagram")
    return f"a {echo(word, 32, _Q)} diagram; only flowcharts (flowchart/graph) and architecture-beta diagrams can be read"


def parse_flowchart(text: str, first_line: int = 1) -> Flowchart:
    """Parse flowchart (or ``architecture-beta``) text whose first line is line ``first_line`` of the file."""
    body, skipped, title = _front_matter(text)
    word = _diagram_word(body)
    if word == "architecture-beta":
        chart = parse_architecture(body, first_line + skipped)
    elif word.startswith("C4"):
        line = first_line + skipped + next(i for i, ln in enumerate(body.split("\n")) if ln.strip().startswith(word))
        raise MermaidError(line, "this is " + _not_readable(word))
    else:
        chart = _Parser(body, first_line + skipped).parse()
    chart.title = title or chart.title
    return chart


def _ports(edges: list[ChartEdge], boxes: dict[str, Box], horizontal: bool) -> dict[tuple[int, str], Point]:
    """Where each link meets each box: links sharing a box are spread across its side.

    Without this, two links from one node towards nodes in a line (or a link
    and its reverse) would be drawn on top of each other, and their labels
    could not be told apart.
    """
    incident: dict[str, list[tuple[float, int]]] = {}
    for i, e in enumerate(edges):
        if e.source == e.target:
            continue
        for here, there in ((e.source, e.target), (e.target, e.source)):
            c = boxes[there].center
            incident.setdefault(here, []).append(((c.y if horizontal else c.x), i))
    ports: dict[tuple[int, str], Point] = {}
    for node, items in incident.items():
        box = boxes[node]
        extent = box.height if horizontal else box.width
        step = min(16.0, extent / (len(items) + 1))
        for k, (_, i) in enumerate(sorted(items)):
            shift = (k - (len(items) - 1) / 2) * step
            c = box.center
            ports[(i, node)] = Point(c.x, c.y + shift) if horizontal else Point(c.x + shift, c.y)
    return ports


def _edge_points(a: Box, b: Box, pa: Point, pb: Point) -> tuple[Point, Point]:
    """From port to port, cut at both box edges and pulled 1 px inside, so recognition attaches both ends."""
    start, end = clip_to_box(pa, pb, a), clip_to_box(pb, pa, b)
    dx, dy = pb.x - pa.x, pb.y - pa.y
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / length, dy / length
    return Point(start.x - ux, start.y - uy), Point(end.x + ux, end.y + uy)


def chart_to_sketch(chart: Flowchart) -> tuple[Sketch, dict[str, Kind]]:
    """Lay out a parsed diagram: the sketch, and the kinds its classes state (by component id).

    Subgraphs become groups, laid out as blocks that hold exactly their
    members, so the canvas reads the same membership back; a link to a
    subgraph's id means its members (Mermaid's own semantics). A subgraph
    with nothing in it that links still name stands for one component, with
    a note.
    """
    notes = list(chart.notes)
    for ids_, classes in chart.classes:
        for node_id in ids_:
            if node_id in chart.nodes:
                chart.nodes[node_id].classes.extend(classes)
    chart.groups.sort(key=lambda g: g.line)
    by_id = {g.id: g for g in chart.groups}
    holding: set[str] = set()  # groups with a node somewhere inside
    for node in chart.nodes.values():
        g, depth = node.group, 0
        while g is not None and g in by_id and depth < 64:
            holding.add(g)
            g, depth = by_id[g].parent, depth + 1
    for g in chart.groups:
        if g.id in holding:
            chart.nodes.pop(g.id, None)  # its id in a link means the group
        elif g.id in chart.nodes:
            node = chart.nodes[g.id]
            node.label = node.label if node.label is not None else g.title
            notes.append(Note(f"line {node.line}", f"{echo(g.title, 60, _Q)} is an empty subgraph that links name; it stands "
                                                   "for one component"))
        else:
            notes.append(Note(f"line {g.line}", f"subgraph {echo(g.title, 60, _Q)} is empty; ignored"))
    groups = [g for g in chart.groups if g.id in holding]
    parent: dict[str, str | None] = {n.id: n.group for n in chart.nodes.values() if n.group in holding}
    parent.update({g.id: g.parent for g in groups if g.parent in holding})
    order = list(chart.nodes)
    labels = {n: clip_label(_label_text(chart.nodes[n].label if chart.nodes[n].label is not None else n),
                            f"line {chart.nodes[n].line}", notes) for n in order}
    sizes = {n: box_size(labels[n]) for n in order}
    pairs = [(e.source, e.target) for e in chart.edges]
    gap = 90.0
    if chart.direction in ("LR", "RL"):
        longest = max((len(_label_text(e.label)) for e in chart.edges), default=0)
        gap = max(90.0, min(240.0, 40.0 + 7.0 * longest))
    boxes = grouped_layout(order, pairs, sizes, chart.direction, parent, [g.id for g in groups], layer_gap=gap)

    index = {n: i for i, n in enumerate([*order, *(g.id for g in groups)])}
    specs = [
        ComponentSpec(labels[n], boxes[n], chart.nodes[n].shape,
                      Kind.DATABASE if chart.nodes[n].shape == "cylinder" else chart.nodes[n].hint,
                      f"line {chart.nodes[n].line}", key=n)
        for n in order
    ]
    specs += [ComponentSpec(g.title, boxes[g.id], "group", None, f"line {g.line}", key=g.id, group=True)
              for g in groups]
    ports = _ports(chart.edges, boxes, chart.direction in ("LR", "RL"))
    flows = []
    for i, e in enumerate(chart.edges):
        a, b = boxes[e.source], boxes[e.target]
        if e.source == e.target:
            start = end = a.center
        else:
            start, end = _edge_points(a, b, ports[(i, e.source)], ports[(i, e.target)])
        label = clip_label(_label_text(e.label), f"line {e.line}", notes)
        flows.append(FlowSpec(index[e.source], index[e.target], start, end, label, f"line {e.line}", e.two_way))

    sketch, spec_ids = assemble_ids(specs, flows, (), notes)
    ids = dict(zip(order, spec_ids, strict=False))
    kinds = {}
    for n in order:
        for cls in chart.nodes[n].classes:
            if cls.startswith("kind_") and cls[5:] in Kind._value2member_map_ and ids[n] is not None:
                kinds[ids[n]] = Kind(cls[5:])
    return sketch, kinds


#: Each direction's turn across: a chart laid out the other way (see :mod:`design.readers.placed`).
ACROSS = {"LR": "TB", "RL": "BT", "TB": "LR", "BT": "RL"}


def read_mermaid(text: str, title: str, markdown: bool = False, *, across: bool = False) -> Imported:
    """Read a ``.mmd`` file, or with ``markdown`` the first flowchart fenced in a Markdown file.

    ``across`` lays the chart out across its direction (left to right as top to bottom, and back): a chart carries
    no positions, so its layout is ours to turn when the canvas has no room for it the file's way."""
    notes: list[Note] = []
    first = 1
    if markdown:
        heading = re.search(r"^ {0,3}#\s+(.+?)\s*#*\s*$", text, re.M)
        title = heading.group(1) if heading else title  # a README names its design in its first heading
        text, first, notes = find_flowchart(text)
    chart = parse_flowchart(text, first)
    chart.notes[:0] = notes
    if across:
        chart.direction = ACROSS.get(chart.direction, chart.direction)
    sketch, kinds = chart_to_sketch(chart)
    return Imported(document_from_sketch(sketch, chart.title or title, "mermaid", kinds), sketch.notes)
