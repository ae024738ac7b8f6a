"""The command-line contract: one JSON object, exit codes 0/1/2, readable errors, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cli import main
from design.model.document import SketchDocument, dumps
from support.paths import EXAMPLES, ROOT, example_names


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real console entry in a child process, as CI scripts call it."""
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize("name", example_names())
def test_analyze_prints_exactly_the_contract(name, capsys):
    assert main(["analyze", str(EXAMPLES / name), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # The original three keys, unchanged; the groups, the numbers model and the checked requirements beside them.
    assert set(out) == {"components", "flows", "findings", "groups", "model", "requirements"}
    ids = {c["id"] for c in out["components"]}
    for c in out["components"]:
        # The original four keys always; members, note and managed only when they say something.
        assert {"id", "label", "kind", "replicas"} <= set(c) <= {"id", "label", "kind", "replicas", "members", "note",
                                                                  "managed"}
        assert c.get("managed", True) is True and c.get("note", "x") and c.get("members", ["x"])
    for f in out["flows"]:
        assert {"id", "source", "target", "label"} <= set(f) <= {"id", "source", "target", "label", "two_way"}
        assert {f["source"], f["target"]} <= ids and f.get("two_way", True) is True
    for f in out["findings"]:
        assert set(f) == {"rule", "category", "severity", "elements", "message"}
    for g in out["groups"]:
        assert set(g) == {"id", "title", "members", "zone"} and set(g["members"]) <= ids


@pytest.mark.parametrize("name", example_names())
@pytest.mark.parametrize("threshold", ["info", "low", "medium", "high"])
def test_fail_on_exits_one_exactly_when_a_finding_reaches_the_threshold(name, threshold, capsys):
    path = str(EXAMPLES / name)
    main(["analyze", path, "--format", "json"])
    ranks = ["info", "low", "medium", "high"]
    severities = [f["severity"] for f in json.loads(capsys.readouterr().out)["findings"]]
    expected = 1 if any(ranks.index(s) >= ranks.index(threshold) for s in severities) else 0
    assert main(["analyze", path, "--fail-on", threshold]) == expected
    assert main(["analyze", path]) == 0, "without --fail-on, findings never fail the run"


def test_analyze_json_carries_the_model_and_the_checked_requirements(capsys):
    path = str(EXAMPLES / "url-shortener.canvas.json")
    assert main(["analyze", path, "--format", "json", "--require", "redirect in < 50 ms", "--require", "four nines",
                 "--require", "shorten a URL"]) == 0
    out = json.loads(capsys.readouterr().out)
    model = out["model"]
    assert set(model) == {"assumptions", "components", "paths", "slowest", "least_available", "ceiling", "cost"}
    # Hand-checked in tests/core/test_numbers.py: 105 ms at p99 to the ID generator, $1,838 a month, 2k/s.
    assert model["slowest"]["p99_ms"] == 105 and model["slowest"]["working"]["p99"].endswith("= 105 ms")
    assert model["cost"]["monthly_usd"] == 1838 and model["ceiling"]["requests_per_s"] == 2000
    assert [r["line"] for r in out["requirements"]] == ["redirect in < 50 ms", "four nines", "shorten a URL"]
    (latency,), (nines,), () = (r["targets"] for r in out["requirements"])
    assert (latency["kind"], latency["status"], latency["text"]) == ("latency", "not_met", "p99 ≤ 50 ms")
    assert latency["path"] == ["users", "load-balancer", "shortener-api", "redis-cache-cluster"]
    assert (nines["status"], nines["value"]) == ("met", pytest.approx(0.9999))
    assert [f["rule"] for f in out["findings"]].count("LAT001") == 1


def test_fail_on_covers_the_targets_the_drawing_misses(capsys):
    path = str(EXAMPLES / "url-shortener.canvas.json")
    # Met targets leave the gate as the other findings set it (the example's worst is medium AUTH001).
    assert main(["analyze", path, "--fail-on", "high", "--require", "p99 under 200 ms", "--require", "1k QPS"]) == 0
    # 10k requests/s against a 2k/s ceiling: THRU001 is high.
    assert main(["analyze", path, "--fail-on", "high", "--require", "10k QPS"]) == 1
    # Two nines short of the design's 99.995%: AVAIL001 is high.
    assert main(["analyze", path, "--fail-on", "high", "--require", "six nines"]) == 1
    out = capsys.readouterr().out
    assert "[not met] six nines (≥ 99.9999% available)" in out


def test_requirements_saved_in_a_document_are_checked(tmp_path, capsys):
    doc = SketchDocument(canvas=json.loads((EXAMPLES / "chat.canvas.json").read_text()), title="Chat",
                         requirements="- messages delivered in under 100 ms\n- 99.9% uptime")
    path = tmp_path / "chat.sketch.json"
    path.write_text(dumps(doc))
    assert main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    # 110 ms at p99 to Cassandra; the one Auth instance caps availability at 99.49%.
    assert "[not met] messages delivered in under 100 ms (p99 ≤ 100 ms)" in out
    assert "[not met] 99.9% uptime (≥ 99.9% available)" in out
    assert "LAT001" in out and "AVAIL001" in out


def test_the_sloppy_example_fails_a_high_gate():
    assert main(["analyze", str(EXAMPLES / "sloppy.canvas.json"), "--fail-on", "high"]) == 1


def test_saved_documents_are_read_too(tmp_path, capsys):
    doc = SketchDocument(canvas=json.loads((EXAMPLES / "chat.canvas.json").read_text()), title="Chat")
    path = tmp_path / "chat.sketch.json"
    path.write_text(dumps(doc))
    assert main(["analyze", str(path), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["components"]) == 9


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"objects": [', "line 1: not valid JSON"),
        ('{"objects": 3}', "objects: must be a list"),
        ("[1, 2]", "not a design"),
        ('{"type": "sketchfirst/sketch", "schema": 1, "canvas": {"objects": []}, "colour": 1}', "colour: unknown field"),
    ],
)
def test_unreadable_input_exits_2_with_one_clear_line(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = run("analyze", str(path))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("b.mmd", "flowchart LR\n  a --> b\n  b -> c\n", "b.mmd: line 3: unexpected '-> c'"),
        ("b.md", "# x\n\n```mermaid\nflowchart LR\n  a --> b\n  b -> c\n```\n", "b.md: line 6: unexpected '-> c'"),
        ("s.mmd", "sequenceDiagram\n  A->>B: hi\n", "line 1: 'sequenceDiagram' is not a flowchart"),
        ("b.excalidraw", '{"type": "excalidraw", "elements": 3}', "elements: expected a list"),
    ],
)
def test_unreadable_mermaid_and_excalidraw_exit_2_with_where(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    result = run("analyze", str(path), "--format", "json", "--fail-on", "info")
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_missing_file_exits_2():
    result = run("analyze", "no/such/file.json")
    assert result.returncode == 2 and "no such file" in result.stderr


def test_bad_objects_are_notes_on_stderr_not_failures(tmp_path):
    canvas = json.loads((EXAMPLES / "chat.canvas.json").read_text())
    canvas["objects"].append({"type": "Rect", "left": float("nan")})
    path = tmp_path / "c.json"
    path.write_text(json.dumps(canvas))
    result = run("analyze", str(path), "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout)["components"]
    assert "objects[25]" in result.stderr


def test_text_format_lists_components_and_numbered_findings():
    result = run("analyze", str(EXAMPLES / "sloppy.canvas.json"))
    assert result.returncode == 0
    assert "components:" in result.stdout and " 1. HIGH" in result.stdout
