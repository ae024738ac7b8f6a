"""The real-world corpus (tests/fidelity): its score holds its floor, its keys are sound, its files are real.

``benchmarks/fidelity.py`` scores Sketchfirst's reading of diagrams written the
way people draw (docs/FIDELITY.md). These tests keep that honest from both
sides: the figures may not fall below ``tests/fidelity/floor.json``; every
answer key is well-formed and names only what the diagram holds; every file is
valid in its own format (Mermaid through mermaid-js's parser, Excalidraw by
the editor's consistency rules, canvas JSON through restore); the drawings are
what ``tests/fidelity/drawings.py`` writes; and the scorer itself gives full
marks to a perfect reading and fewer to each kind of misreading.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from design.canvas.restore import restore
from design.model.labels import slugify
from design.model.sketch import Category, Kind
from support.mermaid_js import mermaid_parser
from support.paths import ROOT, TESTS

FIDELITY = TESTS / "fidelity"


def _load(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


fidelity = _load("fidelity_benchmark", ROOT / "benchmarks" / "fidelity.py")
drawings = _load("fidelity_drawings", FIDELITY / "drawings.py")

#: ARCHITECTURE.md's categories: the registry's, and those "added as the model grows".
CATEGORIES = {c.value for c in Category} | {"common_mode_failure", "latency_budget_exceeded",
                                            "availability_target_missed", "throughput_ceiling"}
KEY_FIELDS = {"format", "title", "patterns", "valid", "refusal", "flow_direction", "exhaustive", "components",
              "groups", "flows", "findings", "wrong_findings", "import_notes", "comment"}
COMPONENT_FIELDS = {"label", "kind", "aka", "members", "replicas", "min_replicas", "managed", "note", "optional"}
GROUP_FIELDS = {"title", "aka", "members", "zone"}
FLOW_KINDS = {"two_way", "pull", "either"}

ENTRIES = fidelity.load_corpus()
VALID = [e for e in ENTRIES if e.key.get("valid", True)]


def ids(entries: list[Any]) -> list[str]:
    return [e.name for e in entries]


# -- the floor ---------------------------------------------------------------------------------------------------


def test_the_corpus_scores_at_least_its_floor():
    _, tot = fidelity.score_corpus()
    floor = json.loads(fidelity.FLOOR.read_text())
    assert set(floor) == {name for name, _ in fidelity.METRICS}, "floor.json lists every headline figure"
    worse = fidelity.below_floor(tot, floor)
    assert not worse, "the corpus reads worse than its recorded floor:\n" + "\n".join(worse)


def test_the_floor_only_moves_up():
    floor = {"flow_recall": 0.8, "wrong_findings": 10}
    assert fidelity.raised_floor({"flow_recall": 0.7, "wrong_findings": 12}, floor) == floor
    assert fidelity.raised_floor({"flow_recall": 0.9, "wrong_findings": 4}, floor) == {
        "flow_recall": 0.9, "wrong_findings": 4}
    assert fidelity.below_floor({"flow_recall": 0.79, "wrong_findings": 10}, floor) == ["flow_recall: 0.79 (floor 0.8)"]
    assert fidelity.below_floor({"flow_recall": 0.8, "wrong_findings": 11}, floor) == [
        "wrong_findings: 11 (floor 10)"]


# -- the corpus as a whole ---------------------------------------------------------------------------------------


def test_the_corpus_has_the_size_and_the_mix_the_issue_asks_for():
    by_format = Counter(e.key["format"] for e in ENTRIES)
    assert len(ENTRIES) >= 36
    assert by_format["mermaid"] >= 12 and by_format["excalidraw"] >= 12 and by_format["canvas"] >= 8, by_format
    refused = [e for e in ENTRIES if not e.key.get("valid", True)]
    assert {"mermaid", "excalidraw"} <= {e.key["format"] for e in refused}
    for e in VALID:
        real = [c for c in e.key["components"] if not c.get("optional")]
        assert 8 <= len(real) <= 30, f"{e.name}: {len(real)} components; a whole architecture has 8 to 30"
        assert len(e.key["patterns"]) >= 2 or "managed" in e.key["patterns"], f"{e.name} mixes too few habits"


def test_every_item_of_the_issue_is_covered_several_times_and_across_formats():
    diagrams: dict[int, set[str]] = {}
    formats: dict[int, set[str]] = {}
    for e in ENTRIES:
        for tag in e.key["patterns"]:
            item = fidelity.PATTERNS[tag][0]
            diagrams.setdefault(item, set()).add(e.name)
            formats.setdefault(item, set()).add(e.key["format"])
    assert set(diagrams) == set(range(1, 12)), f"items with no diagram: {set(range(1, 12)) - set(diagrams)}"
    for item, names in diagrams.items():
        assert len(names) >= 3, f"issue item {item} is drawn only in {sorted(names)}"
        if item in (9, 10):  # Mermaid's syntax and Excalidraw's elements
            assert {9: "mermaid", 10: "excalidraw"}[item] in formats[item]
        else:
            assert len(formats[item]) >= 2, f"issue item {item} appears only in {formats[item]}"


def test_the_drawings_are_what_drawings_py_writes():
    for name, body in drawings.render().items():
        path = fidelity.CORPUS / name
        assert path.exists(), f"{name} is missing: run tests/fidelity/drawings.py"
        assert path.read_text() == body, f"{name} differs from what drawings.py draws: run tests/fidelity/drawings.py"


def test_every_file_in_the_corpus_has_a_key():
    keyed = {e.path.name for e in ENTRIES} | {f"{e.name}{fidelity.KEY_SUFFIX}" for e in ENTRIES}
    assert sorted(p.name for p in fidelity.CORPUS.iterdir()) == sorted(keyed)


# -- keys ----------------------------------------------------------------------------------------------------------


def _diagram_text(entry: Any) -> str:
    """Every piece of text the diagram holds, normalised: what a key may name."""
    raw = entry.path.read_text()
    if entry.key["format"] == "mermaid":
        text = re.sub(r"<[^>]+>", " ", raw).replace("**", " ").replace("`", " ")
    elif entry.key["format"] == "excalidraw":
        els = json.loads(raw)["elements"]
        text = " | ".join(e.get("text", "") or e.get("name", "") or "" for e in els if not e.get("isDeleted"))
    else:
        objs = json.loads(raw)["objects"]
        text = " | ".join(o.get("label", "") or o.get("text", "") for o in objs)
    return fidelity.norm(text)


@pytest.mark.parametrize("entry", ENTRIES, ids=ids(ENTRIES))
def test_every_key_is_well_formed(entry):
    key = entry.key
    assert set(key) <= KEY_FIELDS, set(key) - KEY_FIELDS
    assert key["format"] == fidelity.FORMAT_OF_SUFFIX[entry.path.suffix]
    assert key["title"] and key["patterns"]
    assert set(key["patterns"]) <= set(fidelity.PATTERNS), set(key["patterns"]) - set(fidelity.PATTERNS)
    if not key.get("valid", True):
        assert key["valid"] is False and key.get("refusal"), "an invalid file names the topic of its refusal"
        assert not set(key) & {"components", "flows", "findings", "groups"}
        return
    assert key["valid"] is True and "refusal" not in key
    assert key.get("flow_direction", "request") in ("request", "data")
    text = _diagram_text(entry)
    labels: set[str] = set()
    for c in key["components"]:
        assert set(c) <= COMPONENT_FIELDS, set(c) - COMPONENT_FIELDS
        kinds = [c["kind"]] if isinstance(c["kind"], str) else c["kind"]
        assert kinds and all(k in Kind._value2member_map_ for k in kinds), c
        assert fidelity.norm(c["label"]) not in labels, f"two key components called {c['label']!r}"
        labels.add(fidelity.norm(c["label"]))
        named = [c["label"], *c.get("aka", []), *c.get("members", [])]
        assert any(fidelity.norm(n) in text for n in named), f"{c['label']!r}: no such text in {entry.path.name}"
        for m in c.get("members", []):
            assert fidelity.norm(m) in text, f"member {m!r} of {c['label']!r} is not in {entry.path.name}"
        if "members" in c:
            assert len(c["members"]) >= 2
        for n in ("replicas", "min_replicas"):
            assert n not in c or (isinstance(c[n], int) and c[n] >= 2)
        assert "managed" not in c or isinstance(c["managed"], bool)
        assert "note" not in c or fidelity.norm(c["note"]) in text, f"{c['label']!r}: note not in the diagram"
    names = {c["label"] for c in key["components"]}
    for g in key.get("groups", []):
        assert set(g) <= GROUP_FIELDS and g["title"]
        assert any(fidelity.norm(t) in text for t in (g["title"], *g.get("aka", []))), g["title"]
        assert set(g["members"]) <= names, f"group {g['title']!r} names {set(g['members']) - names}"
    seen = set()
    for f in key["flows"]:
        assert len(f) in (2, 3) and f[0] in names and f[1] in names and f[0] != f[1], f
        assert len(f) == 2 or f[2] in FLOW_KINDS, f
        assert frozenset(f[:2]) not in seen, f"flow {f} is listed twice"
        seen.add(frozenset(f[:2]))
    titles = {g["title"] for g in key.get("groups", [])}
    for spec in (*key["findings"], *key.get("wrong_findings", [])):
        assert set(spec) <= {"category", "component"}
        cats = [spec["category"]] if isinstance(spec["category"], str) else spec["category"]
        assert cats and set(cats) <= CATEGORIES, cats
        assert "component" not in spec or spec["component"] in names | titles, spec
    expected = {(c, f.get("component")) for f in key["findings"]
                for c in ([f["category"]] if isinstance(f["category"], str) else f["category"])}
    for w in key.get("wrong_findings", []):
        cats = [w["category"]] if isinstance(w["category"], str) else w["category"]
        assert not any((c, w.get("component")) in expected for c in cats), f"{w} is both expected and wrong"
    assert isinstance(key.get("exhaustive", False), bool)
    assert all(isinstance(n, str) and n for n in key.get("import_notes", []))


# -- the files are real files of their format --------------------------------------------------------------------

MERMAID = [e for e in ENTRIES if e.key["format"] == "mermaid"]
EXCALIDRAW = [e for e in ENTRIES if e.key["format"] == "excalidraw"]
CANVAS = [e for e in ENTRIES if e.key["format"] == "canvas"]


def _mermaid_source(path: Path) -> str:
    text = path.read_text()
    if path.suffix == ".md":
        match = re.search(r"^```mermaid\n(.*?)^```", text, re.S | re.M)
        assert match, f"{path.name}: no mermaid block"
        return match.group(1)
    return text


def test_the_mermaid_files_are_mermaid_that_mermaid_js_accepts():
    """Every Mermaid file parses with mermaid's own parser (those to be refused too: they are valid Mermaid,
    just not architecture Sketchfirst reads), and the flowcharts hold the subgraphs their keys name."""
    results = mermaid_parser()([_mermaid_source(e.path) for e in MERMAID])
    for entry, result in zip(MERMAID, results, strict=True):
        assert result.get("ok"), f"{entry.path.name}: {result.get('error')}"
        if result["type"].startswith("flowchart") and entry.key.get("valid", True):
            subgraphs = {fidelity.norm(title) for _, title, _ in result["subgraphs"]}
            for g in entry.key.get("groups", []):
                assert {fidelity.norm(t) for t in (g["title"], *g.get("aka", []))} & subgraphs, g["title"]


_ELEMENT = {"id", "type", "x", "y", "width", "height", "angle", "strokeColor", "backgroundColor", "fillStyle",
            "strokeWidth", "strokeStyle", "roughness", "opacity", "groupIds", "frameId", "index", "roundness", "seed",
            "version", "versionNonce", "isDeleted", "boundElements", "updated", "link", "locked"}
_TEXT = {"text", "originalText", "fontSize", "fontFamily", "textAlign", "verticalAlign", "containerId", "lineHeight"}
_LINEAR = {"points", "startBinding", "endBinding", "startArrowhead", "endArrowhead", "lastCommittedPoint"}
_BINDABLE = {"rectangle", "ellipse", "diamond", "text", "image", "frame", "embeddable", "iframe"}
_TYPES = {"rectangle", "ellipse", "diamond", "text", "arrow", "line", "freedraw", "frame", "image"}


@pytest.mark.parametrize("entry", EXCALIDRAW, ids=ids(EXCALIDRAW))
def test_the_excalidraw_files_keep_the_editors_own_consistency_rules(entry):
    """What excalidraw.com writes and checks on load: every field, unique ids, bindings known on both sides."""
    scene = json.loads(entry.path.read_text())
    assert scene["type"] == "excalidraw" and scene["version"] == 2
    assert isinstance(scene["appState"], dict) and isinstance(scene["files"], dict)
    els = scene["elements"]
    by_id = {e["id"]: e for e in els}
    assert len(by_id) == len(els), "element ids are unique"
    indices = [e["index"] for e in els]
    assert indices == sorted(indices) and len(set(indices)) == len(indices), "fractional indices follow z-order"
    for e in els:
        where = f"{entry.path.name} {e['type']} {e['id']}"
        assert e["type"] in _TYPES, where
        need = _ELEMENT | (_TEXT if e["type"] == "text" else set())
        need |= _LINEAR if e["type"] in ("arrow", "line") else set()
        assert need <= set(e), f"{where} lacks {need - set(e)}"
        assert all(isinstance(e[k], int | float) and math.isfinite(e[k]) for k in ("x", "y", "width", "height")), where
        assert e["width"] >= 0 and e["height"] >= 0, where
        assert e["frameId"] is None or by_id[e["frameId"]]["type"] == "frame", where
        if e["type"] in ("arrow", "line", "freedraw"):
            pts = e["points"]
            assert len(pts) >= 2 and pts[0] in ([0, 0], [0.0, 0.0]), where
        if e["isDeleted"]:
            continue
        for b in e["boundElements"] or []:
            other = by_id[b["id"]]
            assert other["type"] == b["type"] or (b["type"] == "arrow" and other["type"] == "arrow"), where
            if b["type"] == "text":
                assert other["containerId"] == e["id"], f"{where}: bound text does not name its container"
            else:
                assert e["id"] in ((other.get("startBinding") or {}).get("elementId"),
                                   (other.get("endBinding") or {}).get("elementId")), f"{where}: one-sided binding"
        if e["type"] == "text" and e["containerId"]:
            container = by_id[e["containerId"]]
            assert {"type": "text", "id": e["id"]} in (container["boundElements"] or []), where
        if e["type"] == "arrow":
            for end in ("startBinding", "endBinding"):
                if e[end]:
                    target = by_id[e[end]["elementId"]]
                    assert target["type"] in _BINDABLE and not target["isDeleted"], where
                    assert {"type": "arrow", "id": e["id"]} in (target["boundElements"] or []), where


@pytest.mark.parametrize("entry", CANVAS, ids=ids(CANVAS))
def test_the_canvas_files_are_canvas_json_that_restore_reads_whole(entry):
    data = json.loads(entry.path.read_text())
    assert data["version"] == "7.4.0"
    for obj in data["objects"]:
        assert {"type", "version", "left", "top", "width", "height", "scaleX", "scaleY", "angle"} <= set(obj)
    restored = restore(data)
    assert restored.notes == (), restored.notes
    assert len(restored.boxes) + len(restored.lines) + len(restored.texts) == len(data["objects"])


# -- the scorer itself -------------------------------------------------------------------------------------------


def _perfect(key: dict[str, Any]) -> dict[str, Any]:
    """The contract a perfect reader would print for ``key``'s diagram."""
    cid = {c["label"]: slugify(c["label"], "c") for c in key["components"]}
    components = []
    for c in key["components"]:
        out: dict[str, Any] = {"id": cid[c["label"]], "label": c["label"],
                               "kind": c["kind"] if isinstance(c["kind"], str) else c["kind"][0],
                               "replicas": c.get("replicas", c.get("min_replicas", 1))}
        for extra in ("members", "note", "managed"):
            if extra in c:
                out[extra] = c[extra]
        components.append(out)
    flows = []
    for f in key["flows"]:
        flow = {"id": f"{cid[f[0]]}->{cid[f[1]]}", "source": cid[f[0]], "target": cid[f[1]], "label": ""}
        if len(f) > 2 and f[2] == "two_way":
            flow["two_way"] = True
        flows.append(flow)
    groups = [{"id": slugify(g["title"], "g"), "title": g["title"], "members": [cid[m] for m in g["members"]],
               **({"zone": g["zone"]} if "zone" in g else {})} for g in key.get("groups", [])]
    findings = []
    for f in key["findings"]:
        cat = f["category"] if isinstance(f["category"], str) else f["category"][0]
        findings.append({"rule": "X", "category": cat, "severity": "high",
                         "elements": [cid[f["component"]]] if f.get("component") else [], "message": ""})
    return {"components": components, "flows": flows, "findings": findings, "groups": groups}


@pytest.mark.parametrize("entry", VALID, ids=ids(VALID))
def test_a_perfect_reading_scores_full_marks(entry):
    outcome = fidelity.Outcome(contract=_perfect(dict(entry.key)), notes=list(entry.key.get("import_notes", [])))
    s = fidelity.score(entry, outcome)
    for count in (s.components, s.flows, s.kinds, s.groups, s.details, s.findings):
        assert count.hit == count.of, count.missed
    assert not (s.wrong_fired or s.unlisted_fired or s.spurious_components or s.spurious_flows or s.foreign_notes)


def _entry(name: str) -> Any:
    return next(e for e in ENTRIES if e.name == name)


def test_each_misreading_costs_its_own_figure():
    entry = _entry("shop-checkout-vpc")
    contract = _perfect(dict(entry.key))
    # The pool read as two single servers, each a single point of failure.
    pool = next(c for c in contract["components"] if c["label"] == "Web Server")
    contract["components"].remove(pool)
    contract["components"] += [{"id": "web-server-1", "label": "Web Server 1", "kind": "service", "replicas": 1},
                               {"id": "web-server-2", "label": "Web Server 2", "kind": "service", "replicas": 1}]
    for f in contract["flows"]:
        for end in ("source", "target"):
            if f[end] == pool["id"]:
                f[end] = "web-server-1"
    for g in contract["groups"]:
        if pool["id"] in g["members"]:
            g["members"] = [m for m in g["members"] if m != pool["id"]] + ["web-server-1", "web-server-2"]
    contract["findings"].append({"rule": "SPOF001", "category": "single_point_of_failure", "severity": "high",
                                 "elements": ["web-server-2"], "message": ""})
    # The VPC read as a component, with a finding on it; Redis's kind read from its description.
    contract["components"].append({"id": "vpc", "label": "VPC (us-east-1)", "kind": "unknown", "replicas": 1})
    contract["findings"].append({"rule": "KIND001", "category": "unlabeled_component", "severity": "low",
                                 "elements": ["vpc"], "message": ""})
    next(c for c in contract["components"] if c["label"] == "Redis")["kind"] = "database"
    contract["groups"] = [g for g in contract["groups"] if g["title"] != "Data layer"]
    s = fidelity.score(entry, fidelity.Outcome(contract=contract))
    assert s.components.missed == ["Web Server"]
    assert s.flows.hit == s.flows.of, "flows to a pool member still count as flows to the pool"
    assert s.kinds.missed == ["Redis: database (want cache)"]
    assert s.groups.missed == ["Data layer"]
    assert "Web Server replicas (component not found)" in s.details.missed
    assert s.wrong_fired == ["single_point_of_failure(Web Server)", "unlabeled_component(VPC) on a group"]
    assert s.spurious_components == ["VPC (us-east-1)"]
    assert s.precision_parts == (5, 7)


def test_a_two_way_arrow_read_as_two_calls_misses_only_the_two_way_detail():
    entry = _entry("relay-chat")
    contract = _perfect(dict(entry.key))
    extra = []
    for f in contract["flows"]:
        if f.pop("two_way", False):
            extra.append({"id": f"{f['target']}->{f['source']}", "source": f["target"], "target": f["source"],
                          "label": ""})
    contract["flows"] += extra
    s = fidelity.score(entry, fidelity.Outcome(contract=contract))
    assert s.flows.hit == s.flows.of
    assert len([m for m in s.details.missed if "two-way" in m]) == 5
    assert s.spurious_flows == []


def test_refusals_are_scored_by_their_message():
    entry = _entry("parcel-c4-context")
    assert fidelity.score(entry, fidelity.Outcome(error="line 1: C4Context diagrams are not read")).refused_ok
    assert not fidelity.score(entry, fidelity.Outcome(error="line 1: not a flowchart")).refused_ok
    assert not fidelity.score(entry, fidelity.Outcome(contract={"components": []})).refused_ok
    assert not fidelity.score(entry, fidelity.Outcome(error="KeyError: C4", crashed=True)).refused_ok


def test_a_valid_file_that_is_refused_scores_nothing_but_counts_everything():
    entry = _entry("typeahead")
    s = fidelity.score(entry, fidelity.Outcome(error="line 2: unexpected shape data"))
    assert not s.imported and s.components.hit == 0 and s.components.of == len(entry.key["components"])
    assert s.findings.of == len(entry.key["findings"]) and s.findings.hit == 0


def test_exhaustive_keys_count_every_unlisted_finding_against_precision():
    entry = _entry("managed-gcp")
    assert entry.key["exhaustive"]
    contract = _perfect(dict(entry.key))
    contract["findings"].append({"rule": "CACHE001", "category": "missing_cache", "severity": "medium",
                                 "elements": ["cloud-sql"], "message": ""})
    s = fidelity.score(entry, fidelity.Outcome(contract=contract))
    assert s.unlisted_fired == ["missing_cache(cloud-sql)"]
    hit, of = s.precision_parts
    assert of == hit + 1


def test_import_notes_must_point_into_the_files_own_format():
    entry = _entry("api-rate-limiter")
    outcome = fidelity.Outcome(contract=_perfect(dict(entry.key)),
                               notes=["line 12: label cut", "objects[12].label: label cut to 200 characters"])
    assert fidelity.score(entry, outcome).foreign_notes == ["objects[12].label: label cut to 200 characters"]
