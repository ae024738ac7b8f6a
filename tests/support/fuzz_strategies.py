"""Hypothesis strategies for hostile input: random data, and valid designs mutated a little.

Random data finds the crashes of the first few bytes (wrong types, truncated
files); mutated-valid data gets past the first check and finds the crashes deep
inside (a valid canvas with one field turned into NaN, a saved document with
one key renamed). Both kinds are built here so every reader is fuzzed the same
way: canvas JSON, saved documents, and (once they exist) the Mermaid and
Excalidraw importers.

Seeds are the recorded examples and designs drawn with the real canvas's
conventions (``canvas_builder``), never hand-tidied JSON.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import strategies as st

from design.model.corrections import Correction
from design.model.document import SketchDocument, dumps
from design.model.estimates import ESTIMATE_KEYS
from design.model.sketch import Kind
from support.canvas_builder import box, line, text
from support.paths import example_names, load_example

# --- plain JSON ----------------------------------------------------------------------------

_NASTY_TEXT = st.sampled_from([
    "", " ", "\x00", "\u202e", "\u200f", "\ud7ff", "\U0001f4a5", "<script>alert(1)</script>", "|]}\"'", "\\",
    "x" * 300, "𝕏" * 50, "\n\r\t", "\x1b[31m", "Redis x3", "Postgres primary/replica", "NaN", "1e999",
    "\u061c", "\u2066", "\ufeff", "\u00ad", "\u2028", "\U000e0041", "\x85",
])
texts = st.text(max_size=30) | _NASTY_TEXT
numbers = (
    st.integers(-(10**6), 10**6)
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([0, -0.0, 1e7, 1e7 + 1, -1e308, 1e308, 2**63, 10**400, 5e-324])
)
scalars = st.none() | st.booleans() | numbers | texts
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(texts, inner, max_size=6),
    max_leaves=25,
)


def to_text(value: Any, indent: int | None = None) -> str:
    """JSON text as Python writes it (NaN and Infinity included: json.loads reads them back)."""
    return json.dumps(value, allow_nan=True, indent=indent, ensure_ascii=False)


# --- seeds: canvases as the real component writes them ----------------------------------------

_LABELS = ["Users", "Load balancer x2", "API x3", "Redis cache", "Postgres primary/replica", "Kafka", "Worker",
           "S3 bucket", "Stripe", "Prometheus", "Auth service", "", " ", "Search (Elasticsearch)", "CDN"]


@st.composite
def drawn_canvases(draw: Callable[..., Any]) -> dict[str, Any]:
    """A canvas of labelled boxes and arrows between them (some labelled, some dangling), in Fabric's shape."""
    n = draw(st.integers(1, 8))
    labels = draw(st.lists(st.sampled_from(_LABELS) | texts, min_size=n, max_size=n))
    positions = {f"{label}#{i}": (40.0 + 170 * (i % 4), 40.0 + 110 * (i // 4)) for i, label in enumerate(labels)}
    objects: list[dict[str, Any]] = [box(key.rsplit("#", 1)[0], x, y) for key, (x, y) in positions.items()]
    keys = list(positions)
    for _ in range(draw(st.integers(0, 2 * n))):
        a, b = draw(st.sampled_from(keys)), draw(st.sampled_from(keys))
        (ax, ay), (bx, by) = positions[a], positions[b]
        if draw(st.booleans()):
            bx, by = bx + draw(st.floats(-200, 200)), by + draw(st.floats(-200, 200))  # maybe dangling
        objects.append(line(ax + 70, ay + 30, bx + 70, by + 30))
        if draw(st.booleans()):
            objects.append(text(draw(st.sampled_from(["read", "write", "publish", "replication"]) | texts),
                                (ax + bx) / 2 + 70, (ay + by) / 2 + 16))
    if draw(st.booleans()):
        objects.append(text(draw(texts), 700, 20))  # a free note
    return {"version": "7.4.0", "objects": draw(st.permutations(objects))}


def recorded_canvases() -> st.SearchStrategy[dict[str, Any]]:
    return st.sampled_from(example_names()).map(load_example)


canvas_seeds = recorded_canvases() | drawn_canvases()


@st.composite
def saved_documents(draw: Callable[..., Any]) -> SketchDocument:
    """A document as the app saves it: a canvas plus corrections, notes, estimates and a problem."""
    raw = draw(canvas_seeds)
    ids = ["web", "api", "redis-cache", "postgres-primary-replica", "unlabeled-box"]
    corrections = draw(st.dictionaries(
        st.sampled_from(ids) | st.text(min_size=1, max_size=12),
        st.builds(Correction, st.none() | st.sampled_from(list(Kind)), st.none() | st.integers(1, 1000),
                  st.none() | st.floats(0, 1e9)).filter(lambda c: bool(c.to_json())),  # empty fixes are not saved
        max_size=4,
    ))
    estimates = draw(st.dictionaries(st.sampled_from(ESTIMATE_KEYS), st.floats(0, 1e12), max_size=4))
    return SketchDocument(
        canvas=raw,
        title=draw(st.text(max_size=60).map(lambda t: t or "Untitled design")),
        corrections=corrections,
        requirements=draw(st.text(max_size=200)),
        approach=draw(st.text(max_size=200)),
        estimates=estimates,
        problem=draw(st.none() | st.sampled_from(["chat", "url-shortener", "x" * 100])),
        source=draw(st.sampled_from(["canvas", "example", "mermaid", "excalidraw"])),
    )


document_seeds = saved_documents().map(lambda d: json.loads(dumps(d)))

# --- mutations ----------------------------------------------------------------------------

_FRAGMENTS = ['{', '}', '[', ']', '"', ',', ':', 'null', 'true', '-', '1e999', 'NaN', '-Infinity', '0x10',
              '"\\ud800"', '\\u0000', '\x00', '\u202e', '"objects"', '"type"', '{"type":"Line"}', '9' * 40,
              '1' * 4400, '[' * 50, '"' + "x" * 1000 + '"', '\n', '\ufeff', "'"]


@st.composite
def mutated_text(draw: Callable[..., Any], source: str) -> str:
    """``source`` after 1-4 byte-level accidents: truncation, deletion, duplication, insertion, replacement."""
    out = source
    for _ in range(draw(st.integers(1, 4))):
        n = len(out)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 200)))
        op = draw(st.sampled_from(["truncate", "delete", "duplicate", "insert", "replace", "swapcase"]))
        if op == "truncate":
            out = out[:i]
        elif op == "delete":
            out = out[:i] + out[j:]
        elif op == "duplicate":
            out = out[:j] + out[i:j] + out[j:]
        elif op == "insert":
            out = out[:i] + draw(st.sampled_from(_FRAGMENTS) | st.text(max_size=8)) + out[i:]
        elif op == "replace":
            out = out[:i] + draw(st.text(min_size=1, max_size=3)) + out[j:]
        else:
            out = out[:i] + out[i:j].swapcase() + out[j:]
    return out


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterable[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        value = value[p]
    return value


@st.composite
def mutated_structure(draw: Callable[..., Any], source: Any) -> Any:
    """``source`` (parsed JSON) after 1-3 changes at random places: a value replaced, a key dropped or
    renamed or added, a list emptied or duplicated, a value wrapped or deeply nested."""
    out = copy.deepcopy(source)
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(out))
        path = draw(st.sampled_from(paths))
        op = draw(st.sampled_from(["replace", "drop", "rename", "add", "wrap", "nest", "empty", "double"]))
        if not path:
            if op in ("replace", "wrap"):
                out = draw(json_values) if op == "replace" else [out]
            continue
        parent, key = _get(out, path[:-1]), path[-1]
        if op == "replace":
            parent[key] = draw(json_values)
        elif op == "drop":
            del parent[key]
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(texts)] = parent.pop(key)
        elif op == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["type", "objects", "left", "x1", "label", "schema", "extra"]) | texts)] = \
                draw(json_values)
        elif op == "wrap":
            parent[key] = [parent[key]]
        elif op == "nest":
            parent[key] = json.loads("[" * 40 + "0" + "]" * 40)
        elif op == "empty":
            parent[key] = type(parent[key])() if isinstance(parent[key], dict | list | str) else None
        elif op == "double" and isinstance(parent[key], list):
            parent[key] = parent[key] * 2
    return out


def mutated(seeds: st.SearchStrategy[Any]) -> st.SearchStrategy[str]:
    """JSON text from ``seeds``, broken at the structure level, the text level, or both."""
    structural = seeds.flatmap(mutated_structure).map(to_text)
    textual = st.tuples(seeds, st.sampled_from([None, 1])).map(lambda s: to_text(*s)).flatmap(mutated_text)
    both = seeds.flatmap(mutated_structure).map(to_text).flatmap(mutated_text)
    return structural | textual | both


# --- Mermaid and Excalidraw seeds (for the importers' hooks) ------------------------------------

_IDS = st.from_regex(r"\A[A-Za-z][A-Za-z0-9_]{0,8}\Z", fullmatch=True).filter(
    lambda s: s.lower() not in {"end", "graph", "flowchart", "subgraph", "style", "class", "classdef", "click",
                                "linkstyle", "direction", "default"})
_SHAPES = ["[{}]", "({})", "[({})]", "(({}))", "{{{}}}", "{{{{{}}}}}", ">{}]", "[/{}/]"]
_ARROWS = ["-->", "---", "-.->", "==>"]
_MERMAID_LABELS = st.sampled_from(_LABELS[:-1] + ["Order service", "Read replica", "Queue (SQS)"]).filter(bool)


@st.composite
def mermaid_flowcharts(draw: Callable[..., Any]) -> str:
    """A flowchart in the syntax issue 5 lists: shapes, edge kinds, edge labels, chains, comments, classes."""
    ids = draw(st.lists(_IDS, min_size=2, max_size=8, unique_by=str.lower))
    head = draw(st.sampled_from(["flowchart", "graph"])) + " " + draw(st.sampled_from(["LR", "TD", "TB", "RL", "BT"]))
    lines = [head]
    for i in ids:
        label = re.sub(r'["\[\](){}<>|]', " ", draw(_MERMAID_LABELS)).strip() or "Node"
        shape = draw(st.sampled_from(_SHAPES))
        quoted = '"' + label + '"'
        lines.append(f"    {i}{shape.format(draw(st.sampled_from([label, quoted])))}")
    for _ in range(draw(st.integers(1, 2 * len(ids)))):
        a, b = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        arrow = draw(st.sampled_from(_ARROWS))
        if draw(st.booleans()):
            lines.append(f"    {a} {arrow}|{draw(st.sampled_from(['read', 'write', 'publish']))}| {b}")
        elif draw(st.booleans()) and len(ids) > 2:
            lines.append(f"    {a} {arrow} {b} {arrow} {draw(st.sampled_from(ids))}")
        else:
            lines.append(f"    {a} {arrow} {b}")
    if draw(st.booleans()):
        lines.insert(1, "    %% drawn by hand")
    if draw(st.booleans()):
        lines.append(f"    classDef hot fill:#f96\n    class {ids[0]} hot")
    return "\n".join(lines) + "\n"


@st.composite
def excalidraw_scenes(draw: Callable[..., Any]) -> dict[str, Any]:
    """An Excalidraw scene: rectangles/ellipses/diamonds with bound text, arrows bound at both ends."""
    n = draw(st.integers(1, 6))
    elements: list[dict[str, Any]] = []
    shapes = []
    for i in range(n):
        sid, tid = f"shape{i}", f"text{i}"
        x, y = 100.0 + 220 * (i % 3), 100.0 + 160 * (i // 3)
        shapes.append((sid, x, y))
        elements.append({
            "id": sid, "type": draw(st.sampled_from(["rectangle", "ellipse", "diamond"])), "x": x, "y": y,
            "width": 160, "height": 80, "angle": 0, "isDeleted": False, "version": 1,
            "boundElements": [{"id": tid, "type": "text"}],
        })
        label = draw(st.sampled_from(_LABELS))
        elements.append({
            "id": tid, "type": "text", "x": x + 10, "y": y + 30, "width": 140, "height": 20, "angle": 0,
            "isDeleted": False, "text": label, "originalText": label, "fontSize": 16, "containerId": sid,
        })
    for k in range(draw(st.integers(0, 2 * n))):
        (a, ax, ay), (b, bx, by) = draw(st.sampled_from(shapes)), draw(st.sampled_from(shapes))
        elements.append({
            "id": f"arrow{k}", "type": "arrow", "x": ax + 160, "y": ay + 40, "width": abs(bx - ax), "height": abs(by - ay),
            "angle": 0, "isDeleted": draw(st.booleans()) and draw(st.booleans()),
            "points": [[0, 0], [bx - ax - 160, by - ay]],
            "startBinding": {"elementId": a, "focus": 0, "gap": 4},
            "endBinding": {"elementId": b, "focus": 0, "gap": 4},
        })
    return {"type": "excalidraw", "version": 2, "source": "https://excalidraw.com", "elements": elements,
            "appState": {"viewBackgroundColor": "#ffffff"}, "files": {}}


# --- the hostile review (issue 14): values a message must not echo raw, linky text, streamed replies ----

#: What a reader's message might quote: terminal escapes, a 30 KB line, 4,001-digit numbers, bidi overrides.
HOSTILE_ECHOES = [
    "\x1b[2J\x1b]0;owned\x07\x1b]52;c;cm0gLXJm\x07" + "k" * 30_000,
    "\x9b31m\x9d0;t\x9c\u202e\u2066\u200f\ufeff",
    "\ud800 lone surrogate",
    "\U000e0041\U000e0042 tag characters",
    "a\nb\rc\u2028d\u2029e\x85f",
    10**4000,
    -(10**4000),
    0,
    -1,
    1e308,
]
echo_values = st.sampled_from(HOSTILE_ECHOES) | json_values


@st.composite
def with_hostile(draw: Callable[..., Any], source: Any) -> Any:
    """``source`` (parsed JSON) with 1-3 hostile keys or values put where a reader will complain about them."""
    out = copy.deepcopy(source)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_paths(out))))
        if not path:
            if isinstance(out, dict):
                out[draw(st.sampled_from([h for h in HOSTILE_ECHOES if isinstance(h, str)]))] = draw(echo_values)
            continue
        parent, key = _get(out, path[:-1]), path[-1]
        if isinstance(parent, dict) and draw(st.booleans()):
            hostile_key = draw(st.sampled_from([h for h in HOSTILE_ECHOES if isinstance(h, str)]))
            parent[hostile_key] = parent.pop(key)
        else:
            parent[key] = draw(echo_values)
    return out


#: Pieces of URLs, e-mail addresses, mentions and issue references, to build text a Markdown export must neutralise.
_LINKY_PIECES = ["@", "#", "www", ".", ":", "//", "/", "http", "https", "ftp", "mailto", "xmpp", "com", "io", "co",
                 "uk", "рф", "пример", "user", "octocat", "1", "42", " ", "GH-", "<", ">", "[", "]", "(", ")", "-",
                 "_", "+", "?q=", "&", "\\", "`", "*", "example", "evil", "\n"]
linky_text = st.lists(st.sampled_from(_LINKY_PIECES) | st.text(max_size=3), max_size=30).map("".join)

_reply_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_reply_probe = st.fixed_dictionaries({
    "question": _reply_text, "why_it_matters": _reply_text,
    "targets": st.lists(st.sampled_from(["a", "b", 'c"}]', "design", "\\", "[{"]), max_size=3),
    "category": _reply_text, "severity": st.sampled_from(["high", "low", "x"]),
})
#: Replies as a model streams them (any JSON in the probe list, escapes and brackets inside strings).
streamed_replies = st.fixed_dictionaries(
    {"probes": st.lists(_reply_probe | json_values, max_size=6)},
    optional={"assessments": st.lists(st.dictionaries(_reply_text, _reply_text, max_size=2), max_size=3),
              "extra\\\"key": st.recursive(st.none() | _reply_text, st.lists, max_leaves=4)},
)
