"""How faithfully Sketchfirst reads drawings it was not designed around: the real-world corpus, scored.

Every diagram in ``tests/fidelity/corpus/`` (Mermaid, Excalidraw, canvas JSON)
has an answer key beside it (``<name>.key.json``) written from what a senior
engineer reviewing the drawing would say. This runs each file through the real
pipeline, in-process and exactly as ``sketchfirst analyze --format json`` does
(``read_import`` → ``analyze_document`` → ``analysis_json``), and scores the
public JSON contract against the key:

- **import**: valid files imported; invalid ones refused with a message on the expected topic;
- **components**: key components found (by label, an alternative label, or a pool's ``members``);
- **flows**: key flows found between the components they join (a two-way key flow in either direction);
- **kinds**: matched components whose kind is the key's;
- **groups**: key groups found with their title and every member;
- **details**: pools' replica counts, ``managed``, description ``note``, group ``zone``, ``two_way``, and the
  import notes a key expects;
- **findings**: expected findings fired (recall), wrong findings fired, and precision = expected fired /
  (expected fired + wrong fired + unlisted findings on keys marked ``exhaustive``).

The contract's newer keys (``members``, ``note``, ``managed``, ``two_way``, top-level ``groups``) are
read when present and treated as absent otherwise. Output components, flows and findings are mapped
to key components by label; a component whose label is one member of a key pool (``Web Server 1``)
stands for that pool when flows and findings are matched, but is not a found pool.

Run: ``.venv/bin/python benchmarks/fidelity.py`` (or ``make fidelity``); ``--json`` prints the figures.
docs/FIDELITY.md explains the metrics and how to add a diagram.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from design.analysis.analyze import analyze_document  # noqa: E402
from design.analysis.json_contract import analysis_json  # noqa: E402
from design.readers.dispatch import InputError, read_import  # noqa: E402

CORPUS = ROOT / "tests" / "fidelity" / "corpus"
#: The figures the corpus may not fall below (tests/meta/test_fidelity.py); raised as fixes land.
FLOOR = ROOT / "tests" / "fidelity" / "floor.json"
KEY_SUFFIX = ".key.json"
FORMAT_OF_SUFFIX = {".mmd": "mermaid", ".mermaid": "mermaid", ".md": "mermaid", ".excalidraw": "excalidraw",
                    ".json": "canvas"}
#: Where a note points, per format: a note on a Mermaid file must say ``line N``, never ``objects[3]``.
FOREIGN_NOTE_PATHS = {
    "mermaid": ("objects[", "elements["),
    "excalidraw": ("objects[", "line "),
    "canvas": ("elements[", "line "),
}

#: The habits a diagram's key may tag it with, and the item of issue 12 each belongs to.
PATTERNS: dict[str, tuple[int, str]] = {
    "group": (1, "a box around other boxes: Mermaid subgraph, architecture-beta group, Excalidraw frame or box"),
    "group_zone": (1, "a group titled with a zone or region (us-east-1a, eu-west-1)"),
    "group_link": (1, "an arrow that ends on a group rather than on one of its members"),
    "frame": (1, "an Excalidraw frame"),
    "container_box": (1, "an ordinary rectangle drawn around other shapes, with its title as text"),
    "pool_numbered": (2, "numbered siblings: Web Server 1, Web Server 2 (… N)"),
    "pool_plural": (2, "a plural label: Web Servers, Workers"),
    "pool_identical": (2, "identical boxes with the same label behind one balancer or queue"),
    "two_way": (3, "an arrow with heads at both ends (<-->, <-.->)"),
    "request_response": (3, "A→B and B→A labelled request/response, reply, ack, result"),
    "description_line": (4, "a description after the name: second line, — / - / slash, parentheses"),
    "multiline_label": (4, "a label written on several lines (<br>, a markdown string, Enter in a text)"),
    "drawn_replica": (5, "replicas or a standby drawn as their own boxes, fed by a replication arrow"),
    "topic_names": (6, "topic or stream names (orders.created, payments-events) as boxes"),
    "consumer_pull": (6, "a consumer drawn service → queue labelled consume, poll, subscribe or read"),
    "consumer_direction": (6, "consumers drawn queue → service"),
    "data_flow_direction": (7, "arrows drawn the way data moves, so the clients only receive"),
    "managed": (8, "managed or inherently replicated services (ALB, S3, DynamoDB, SQS, Cloud SQL HA...)"),
    "architecture_beta": (9, "a Mermaid architecture-beta diagram (groups, junctions, side anchors)"),
    "shape_data": (9, "Mermaid shape data: id@{ shape: cyl } or id[\"Label\"]@{ shape: circ }"),
    "link_circle_cross": (9, "Mermaid links with circle or cross heads: A --o B, A --x B"),
    "c4": (9, "a Mermaid C4 diagram (refused, saying so)"),
    "sequence_diagram": (10, "a sequence diagram (refused, saying so)"),
    "free_text_label": (10, "an Excalidraw label typed as loose text inside a box, not bound to it"),
    "arrow_to_text": (10, "an Excalidraw arrow bound to a box's label text instead of the box"),
    "hand_drawn_shape": (10, "shapes drawn from lines: a cylinder, lifelines"),
    "arrow_backwards": (10, "an Excalidraw arrow dragged from its target, its head at the start"),
    "grouped_elements": (10, "Excalidraw groups (Ctrl+G) of a box and a small icon"),
    "elbow_arrows": (10, "Excalidraw elbow arrows with several points"),
    "import_notes": (11, "something the reader must skip or cut, whose note must point into this file"),
}

#: The headline figures, in table order: (name, higher is better).
METRICS: tuple[tuple[str, bool], ...] = (
    ("imported", True),
    ("refused", True),
    ("component_recall", True),
    ("flow_recall", True),
    ("kind_accuracy", True),
    ("group_recall", True),
    ("detail_accuracy", True),
    ("finding_recall", True),
    ("finding_precision", True),
    ("wrong_findings", False),
    ("unlisted_findings", False),
    ("spurious_components", False),
    ("spurious_flows", False),
    ("notes_in_file_language", True),
)

#: The issue's targets (issue 12): import every valid file, flows ≥ 97%, kinds ≥ 95%, findings ≥ 90%.
TARGETS = {"imported": 1.0, "flow_recall": 0.97, "kind_accuracy": 0.95, "finding_precision": 0.90,
           "finding_recall": 0.90}


def norm(text: str) -> str:
    """How labels are compared: case- and whitespace-insensitive."""
    return " ".join(str(text).split()).casefold()


# -- the corpus ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One diagram and its answer key."""

    name: str
    path: Path
    key: Mapping[str, Any]


def diagram_of(key_path: Path) -> Path:
    """The one diagram file beside a key: same stem, any other suffix."""
    stem = key_path.name[: -len(KEY_SUFFIX)]
    found = [p for p in key_path.parent.iterdir()
             if p != key_path and not p.name.endswith(KEY_SUFFIX) and p.name.split(".")[0] == stem
             and p.suffix in FORMAT_OF_SUFFIX]
    if len(found) != 1:
        raise ValueError(f"{key_path.name}: expected one diagram named {stem}.*, found {sorted(p.name for p in found)}")
    return found[0]


def load_corpus(corpus: Path = CORPUS) -> list[Entry]:
    entries = []
    for key_path in sorted(corpus.glob(f"*{KEY_SUFFIX}")):
        entries.append(Entry(key_path.name[: -len(KEY_SUFFIX)], diagram_of(key_path), json.loads(key_path.read_text())))
    return entries


# -- running the real pipeline --------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What the pipeline made of one file: the contract object and notes, or the refusal."""

    contract: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    crashed: bool = False


def run_pipeline(path: Path) -> Outcome:
    """``sketchfirst analyze --format json`` in-process: read, analyse, the contract object, the notes."""
    try:
        imported = read_import(path.name, path.read_bytes())
        result = analyze_document(imported.document)
        contract = analysis_json(result.sketch, result.findings)
    except InputError as exc:
        return Outcome(error=str(exc))
    except Exception as exc:  # a crash is scored as a failure, not allowed to stop the benchmark
        return Outcome(error=f"{type(exc).__name__}: {exc}", crashed=True)
    notes = [str(n) for n in (*imported.notes, *result.sketch.notes)]
    return Outcome(contract=contract, notes=notes)


# -- scoring one file ------------------------------------------------------------------------------------------


@dataclass
class Count:
    """``hit`` out of ``of``, with what was missed (for the per-file report)."""

    hit: int = 0
    of: int = 0
    missed: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str = "") -> None:
        self.of += 1
        if ok:
            self.hit += 1
        elif what:
            self.missed.append(what)

    def ratio(self) -> float | None:
        return self.hit / self.of if self.of else None


@dataclass
class FileScore:
    name: str
    format: str
    valid: bool
    imported: bool
    refused_ok: bool | None
    error: str | None
    crashed: bool = False
    components: Count = field(default_factory=Count)
    flows: Count = field(default_factory=Count)
    kinds: Count = field(default_factory=Count)
    groups: Count = field(default_factory=Count)
    details: Count = field(default_factory=Count)
    findings: Count = field(default_factory=Count)
    wrong_fired: list[str] = field(default_factory=list)
    unlisted_fired: list[str] = field(default_factory=list)
    spurious_components: list[str] = field(default_factory=list)
    spurious_flows: list[str] = field(default_factory=list)
    foreign_notes: list[str] = field(default_factory=list)

    @property
    def precision_parts(self) -> tuple[int, int]:
        """(expected fired, all fired that the key judges)."""
        return self.findings.hit, self.findings.hit + len(self.wrong_fired) + len(self.unlisted_fired)


class KeyModel:
    """The key's components and groups, indexed for matching output labels."""

    def __init__(self, key: Mapping[str, Any]):
        self.components: list[Mapping[str, Any]] = list(key.get("components", []))
        self.names: dict[str, str] = {}
        self.member_of: dict[str, str] = {}
        for c in self.components:
            for name in (c["label"], *c.get("aka", [])):
                self.names[norm(name)] = c["label"]
            for m in c.get("members", []):
                self.member_of[norm(m)] = c["label"]
        self.by_label = {c["label"]: c for c in self.components}
        self.group_titles: dict[str, str] = {}
        for g in key.get("groups", []):
            for name in (g["title"], *g.get("aka", [])):
                self.group_titles[norm(name)] = g["title"]

    def match(self, comp: Mapping[str, Any]) -> str | None:
        """The key component an output component *is*: same label (or alternative), or a pool covering its members."""
        hit = self.names.get(norm(comp.get("label", "")))
        if hit:
            return hit
        members = {norm(m) for m in comp.get("members") or [] if isinstance(m, str)}
        if members:
            for c in self.components:
                want = {norm(m) for m in c.get("members", [])}
                if want and want <= members:
                    return c["label"]
        return None

    def stands_for(self, comp: Mapping[str, Any]) -> str | None:
        """The key component an output component stands for in flows and findings (a pool member counts)."""
        return self.match(comp) or self.member_of.get(norm(comp.get("label", "")))


def _categories(spec: Mapping[str, Any]) -> set[str]:
    cat = spec["category"]
    return {cat} if isinstance(cat, str) else set(cat)


def _describe(spec: Mapping[str, Any]) -> str:
    cat = spec["category"] if isinstance(spec["category"], str) else "|".join(spec["category"])
    return f"{cat}({spec['component']})" if spec.get("component") else cat


def score(entry: Entry, outcome: Outcome) -> FileScore:
    """Score one file's outcome against its key."""
    key = entry.key
    valid = bool(key.get("valid", True))
    fs = FileScore(entry.name, key["format"], valid, outcome.contract is not None, None, outcome.error,
                   outcome.crashed)
    if not valid:
        want = norm(key.get("refusal", ""))
        fs.refused_ok = outcome.contract is None and not outcome.crashed and want in norm(outcome.error or "")
        return fs
    model = KeyModel(key)
    optional = {c["label"] for c in model.components if c.get("optional")}
    contract = outcome.contract or {}
    out_components: list[Mapping[str, Any]] = list(contract.get("components", []))
    by_id = {c.get("id"): c for c in out_components}

    # Components: each key component matched by at most one output component, first come.
    matched: dict[str, Mapping[str, Any]] = {}
    for comp in out_components:
        label = model.match(comp)
        if label and label not in matched:
            matched[label] = comp
    stand = {c.get("id"): model.stands_for(c) for c in out_components}
    titles = model.group_titles
    fs.spurious_components = [str(c.get("label")) for c in out_components if stand[c.get("id")] is None]
    for c in model.components:
        label = c["label"]
        if label not in optional:
            fs.components.add(label in matched, label)
        if label in matched:
            got = matched[label]
            kinds = [c["kind"]] if isinstance(c["kind"], str) else list(c["kind"])
            fs.kinds.add(got.get("kind") in kinds, f"{label}: {got.get('kind')} (want {' or '.join(kinds)})")
            if "replicas" in c:
                fs.details.add(got.get("replicas") == c["replicas"],
                               f"{label} replicas {got.get('replicas')} (want {c['replicas']})")
            if "min_replicas" in c:
                n = got.get("replicas") or 1
                fs.details.add(n >= c["min_replicas"], f"{label} replicas {n} (want ≥ {c['min_replicas']})")
            if "managed" in c:
                fs.details.add(bool(got.get("managed")) == c["managed"], f"{label} managed={bool(got.get('managed'))}")
            if "note" in c:
                fs.details.add(norm(c["note"]) in norm(got.get("note") or ""), f"{label} note {got.get('note')!r}")
        else:
            for detail in ("replicas", "min_replicas", "managed", "note"):
                if detail in c and label not in optional:
                    fs.details.add(False, f"{label} {detail} (component not found)")

    # Flows, between the key components their ends stand for.
    data_direction = key.get("flow_direction") == "data"
    out_pairs: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for f in contract.get("flows", []):
        s, t = stand.get(f.get("source")), stand.get(f.get("target"))
        if s is None or t is None or s == t:
            if s is None or t is None:
                fs.spurious_flows.append(f"{f.get('source')}->{f.get('target')}")
            continue
        out_pairs.setdefault((s, t), []).append(f)
    used: set[tuple[str, str]] = set()
    for spec in key.get("flows", []):
        a, b = spec[0], spec[1]
        how = spec[2] if len(spec) > 2 else ""
        two_way = how == "two_way"
        either = bool(how) or data_direction
        pairs = [(a, b), (b, a)] if either else [(a, b)]
        found = [f for p in pairs for f in out_pairs.get(p, [])]
        used.update(pairs)
        if a in optional or b in optional:
            continue
        fs.flows.add(bool(found), f"{a} -> {b}" + (" (two-way)" if two_way else ""))
        if two_way:
            fs.details.add(any(f.get("two_way") is True for f in found), f"{a} <-> {b} not read as two-way")
    fs.spurious_flows += [f"{s} -> {t}" for (s, t) in out_pairs if (s, t) not in used]

    # Groups: same title (or alternative) and every member.
    out_groups = [g for g in contract.get("groups", []) or [] if isinstance(g, Mapping)]
    for g in key.get("groups", []):
        names = {norm(n) for n in (g["title"], *g.get("aka", []))}
        want = set(g.get("members", []))
        hit = None
        for og in out_groups:
            members = {stand.get(m) for m in og.get("members", [])}
            if norm(og.get("title", "")) in names and want <= members:
                hit = og
                break
        fs.groups.add(hit is not None, g["title"])
        if "zone" in g:
            fs.details.add(hit is not None and norm(g["zone"]) in norm(hit.get("zone") or ""), f"{g['title']} zone")

    # Import notes the key expects, and notes that point into the wrong format.
    for want in key.get("import_notes", []):
        fs.details.add(any(norm(want) in norm(n) for n in outcome.notes), f"note mentioning {want!r}")
    fs.foreign_notes = [n for n in outcome.notes if n.startswith(FOREIGN_NOTE_PATHS[fs.format])]

    # Findings.
    fired = [f for f in contract.get("findings", []) if isinstance(f, Mapping)]

    def concerns(f: Mapping[str, Any]) -> set[str]:
        out = set()
        for el in f.get("elements", []):
            comp = by_id.get(el)
            if comp is None:
                continue
            label = stand.get(el)
            if label:
                out.add(label)
            title = titles.get(norm(comp.get("label", "")))
            if title:
                out.add(title)
        return out

    def fires(spec: Mapping[str, Any], f: Mapping[str, Any]) -> bool:
        if f.get("category") not in _categories(spec):
            return False
        return not spec.get("component") or spec["component"] in concerns(f)

    explained: set[int] = set()
    for spec in key.get("findings", []):
        hits = [n for n, f in enumerate(fired) if fires(spec, f)]
        explained.update(hits)
        fs.findings.add(bool(hits), _describe(spec))
    for spec in key.get("wrong_findings", []):
        hits = [n for n, f in enumerate(fired) if fires(spec, f)]
        if hits:
            fs.wrong_fired.append(_describe(spec))
            explained.update(hits)
    # A group is never a finding's component, whatever the key lists.
    for n, f in enumerate(fired):
        groups = sorted(t for t in concerns(f) if t in titles.values() and t not in model.by_label)
        if groups and n not in explained:
            fs.wrong_fired.append(f"{f.get('category')}({', '.join(groups)}) on a group")
            explained.add(n)
    if key.get("exhaustive"):
        fs.unlisted_fired = [f"{f.get('category')}({', '.join(f.get('elements', []))})" for n, f in enumerate(fired)
                             if n not in explained]
    return fs


# -- totals ------------------------------------------------------------------------------------------------------


def totals(scores: Sequence[FileScore]) -> dict[str, Any]:
    """The corpus figures: ratios for the headline metrics, counts for what should be zero."""
    valid = [s for s in scores if s.valid]
    invalid = [s for s in scores if not s.valid]

    def pool(attr: str) -> tuple[int, int]:
        return sum(getattr(s, attr).hit for s in valid), sum(getattr(s, attr).of for s in valid)

    out: dict[str, Any] = {"files": len(scores), "valid_files": len(valid), "invalid_files": len(invalid)}
    parts = {
        "imported": (sum(s.imported for s in valid), len(valid)),
        "refused": (sum(bool(s.refused_ok) for s in invalid), len(invalid)),
        "component_recall": pool("components"),
        "flow_recall": pool("flows"),
        "kind_accuracy": pool("kinds"),
        "group_recall": pool("groups"),
        "detail_accuracy": pool("details"),
        "finding_recall": pool("findings"),
        "finding_precision": (sum(s.precision_parts[0] for s in valid), sum(s.precision_parts[1] for s in valid)),
        "notes_in_file_language": (sum(not s.foreign_notes for s in valid if s.imported),
                                   sum(s.imported for s in valid)),
    }
    for name, (hit, of) in parts.items():
        out[name] = round(hit / of, 4) if of else None
        out[f"{name}_parts"] = [hit, of]
    out["wrong_findings"] = sum(len(s.wrong_fired) for s in valid)
    out["unlisted_findings"] = sum(len(s.unlisted_fired) for s in valid)
    out["spurious_components"] = sum(len(s.spurious_components) for s in valid)
    out["spurious_flows"] = sum(len(s.spurious_flows) for s in valid)
    return out


def score_corpus(corpus: Path = CORPUS) -> tuple[list[FileScore], dict[str, Any]]:
    scores = [score(e, run_pipeline(e.path)) for e in load_corpus(corpus)]
    return scores, totals(scores)


# -- the floor ---------------------------------------------------------------------------------------------------


def below_floor(tot: Mapping[str, Any], floor: Mapping[str, Any]) -> list[str]:
    """Every figure worse than the floor's, as a sentence; empty when the corpus holds its ground."""
    worse = []
    for name, higher_is_better in METRICS:
        if name not in floor or floor[name] is None:
            continue
        now, was = tot.get(name), floor[name]
        if now is None or (now < was - 1e-9 if higher_is_better else now > was + 1e-9):
            worse.append(f"{name}: {now} (floor {was})")
    return worse


def raised_floor(tot: Mapping[str, Any], floor: Mapping[str, Any]) -> dict[str, Any]:
    """The floor moved up to today's figures wherever they are better; it never moves down."""
    out = dict(floor)
    for name, higher_is_better in METRICS:
        now, was = tot.get(name), floor.get(name)
        if now is None:
            continue
        better = was is None or (now > was if higher_is_better else now < was)
        if better:
            out[name] = now
    return out


# -- report ------------------------------------------------------------------------------------------------------


def _frac(c: Count) -> str:
    return f"{c.hit}/{c.of}" if c.of else "—"


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{100 * v:.1f}%"


def table(scores: Sequence[FileScore], tot: Mapping[str, Any]) -> str:
    head = ("file", "fmt", "read", "comps", "flows", "kinds", "groups", "details", "find", "wrong", "prec", "spur c/f")
    rows = []
    for s in scores:
        if not s.valid:
            rows.append((s.name, s.format, "refused" if s.refused_ok else "NOT REFUSED" if s.imported else "WRONG MSG",
                         "", "", "", "", "", "", "", "", ""))
            continue
        hit, of = s.precision_parts
        rows.append((
            s.name, s.format, "ok" if s.imported else "CRASH" if s.crashed else "REFUSED",
            _frac(s.components), _frac(s.flows), _frac(s.kinds), _frac(s.groups), _frac(s.details), _frac(s.findings),
            str(len(s.wrong_fired)), f"{hit}/{of}" if of else "—",
            f"{len(s.spurious_components)}/{len(s.spurious_flows)}",
        ))
    widths = [max(len(str(r[i])) for r in (head, *rows)) for i in range(len(head))]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(head, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append("")
    labels = {
        "imported": "valid files imported", "refused": "invalid files refused with the right message",
        "component_recall": "component recall", "flow_recall": "flow recall", "kind_accuracy": "kind accuracy",
        "group_recall": "group recall", "detail_accuracy": "details (pools, managed, notes, zones, two-way)",
        "finding_recall": "expected-finding recall", "finding_precision": "finding precision",
        "notes_in_file_language": "import notes in the file's language",
    }
    for name, text in labels.items():
        hit, of = tot[f"{name}_parts"]
        target = f"   target {_pct(TARGETS[name])}" if name in TARGETS else ""
        lines.append(f"{text:<50} {_pct(tot[name]):>7}  ({hit}/{of}){target}")
    lines.append(f"{'wrong findings fired':<50} {tot['wrong_findings']:>7}")
    lines.append(f"{'unlisted findings on exhaustive keys':<50} {tot['unlisted_findings']:>7}")
    lines.append(f"{'spurious components (groups, decorations...)':<50} {tot['spurious_components']:>7}")
    lines.append(f"{'spurious flows':<50} {tot['spurious_flows']:>7}")
    return "\n".join(lines)


def details(scores: Iterable[FileScore]) -> str:
    """What each file missed, for the person fixing it."""
    out = []
    for s in scores:
        if not s.valid:
            if not s.refused_ok:
                out.append(f"{s.name}: not refused as expected ({s.error or 'imported'})")
            continue
        if s.error:
            out.append(f"{s.name}: {s.error}")
        for what, items in (("missed components", s.components.missed), ("missed flows", s.flows.missed),
                            ("wrong kinds", s.kinds.missed), ("missed groups", s.groups.missed),
                            ("missed details", s.details.missed), ("missed findings", s.findings.missed),
                            ("wrong findings fired", s.wrong_fired), ("unlisted findings", s.unlisted_fired),
                            ("spurious components", s.spurious_components), ("spurious flows", s.spurious_flows),
                            ("notes in another format's language", s.foreign_notes)):
            if items:
                out.append(f"{s.name}: {what}: {'; '.join(items)}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--details", action="store_true", help="list what each file missed")
    parser.add_argument("--raise-floor", action="store_true",
                        help=f"move {FLOOR.relative_to(ROOT)} up to today's figures where they are better")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    scores, tot = score_corpus(args.corpus)
    if args.raise_floor:
        floor = json.loads(FLOOR.read_text()) if FLOOR.exists() else {}
        FLOOR.write_text(json.dumps(raised_floor(tot, floor), indent=2) + "\n")
    if args.json:
        print(json.dumps({"totals": tot, "files": [asdict(s) for s in scores]}, indent=2, ensure_ascii=False))
    else:
        print(table(scores, tot))
        if args.details:
            print()
            print(details(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
