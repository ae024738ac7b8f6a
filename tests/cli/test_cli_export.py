"""``sketchfirst export`` and ``analyze`` on imported formats: files written, names, exit codes, errors.

The CLI runs in this process (``main()`` with its output captured), which is
what a subprocess would run, minus a second of interpreter start per case; one
test still starts a real process, for exit codes and stderr as a shell sees them.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from cli import main
from design.analysis.analyze import analyze_document
from design.exports.formats import FORMATS
from design.model.document import SketchDocument
from design.store import open_store
from support.paths import EXAMPLES, EXCALIDRAW_SCENE, MERMAID_CORPUS, ROOT, example_names

CORPUS = MERMAID_CORPUS
SCENE = EXCALIDRAW_SCENE


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str) -> Ran:
    """``sketchfirst ARGS`` in this process: its exit code and what it wrote to stdout and stderr."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)  # has .buffer, as `-o -` needs
    err = io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    out.flush()
    return Ran(code, raw.getvalue().decode(), err.getvalue())


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_format_is_written_under_the_title_by_default(fmt, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(EXAMPLES / "chat.canvas.json"), "--to", fmt, "--title", "Chat system"]) == 0
    name = f"Chat-system.{FORMATS[fmt].extension}"
    written = capsys.readouterr().out.split()
    assert written[0] == name and (tmp_path / name).stat().st_size > 0
    if fmt == "md":
        assert written == [name, "Chat-system.png"], "the report's picture is written beside it"
        assert "](Chat-system.png)" in (tmp_path / name).read_text()
    if fmt == "png":
        with Image.open(tmp_path / name) as img:
            assert img.format == "PNG"
    if fmt == "bundle":
        assert len(zipfile.ZipFile(tmp_path / name).namelist()) == len(FORMATS) - 1


def test_output_to_a_directory_a_file_and_stdout(tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run("export", str(EXAMPLES / "rate-limiter.canvas.json"), "--to", "svg", "-o", str(out_dir))
    assert result.returncode == 0 and (out_dir / "rate-limiter.svg").exists()
    result = run("export", str(EXAMPLES / "rate-limiter.canvas.json"), "--to", "mermaid", "-o", str(tmp_path / "x.mmd"))
    assert result.returncode == 0 and (tmp_path / "x.mmd").read_text().startswith("---\ntitle:")
    result = run("export", str(EXAMPLES / "rate-limiter.canvas.json"), "--to", "json", "-o", "-")
    assert result.returncode == 0 and json.loads(result.stdout)["type"] == "sketchfirst/export"


def test_an_output_ending_in_a_slash_is_a_directory_created_for_the_report_and_its_picture(tmp_path):
    target = tmp_path / "report" / "v1"
    result = run("export", str(EXAMPLES / "chat.canvas.json"), "--to", "md", "-o", f"{target}/")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["chat.md", "chat.png"]
    assert "](chat.png)" in (target / "chat.md").read_text()
    blocked = tmp_path / "file"
    blocked.write_text("x")
    result = run("export", str(EXAMPLES / "chat.canvas.json"), "--to", "svg", "-o", f"{blocked}/sub/")
    assert result.returncode == 2 and "cannot create the directory" in result.stderr and "Traceback" not in result.stderr


def test_the_report_of_a_bank_problem_states_the_problem(tmp_path):
    from design.model.document import to_json

    doc = SketchDocument(canvas=json.loads((EXAMPLES / "url-shortener.canvas.json").read_text()), title="Short",
                         problem="url-shortener")
    path = tmp_path / "short.json"
    path.write_text(json.dumps(to_json(doc)))
    result = run("export", str(path), "--to", "md", "-o", str(tmp_path / "short.md"))
    assert result.returncode == 0, result.stderr
    # bit.&#8203;ly: the zero-width space that keeps renderers from linking a domain (tests/core/test_markdown_links.py).
    assert "## Problem\n\nDesign a service like bit.&#8203;ly: users submit a long URL" in (tmp_path / "short.md").read_text()


def test_exporting_imported_formats(tmp_path):
    for source in (CORPUS / "microservices.mmd", CORPUS / "readme.md", SCENE):
        result = run("export", str(source), "--to", "excalidraw", "-o", str(tmp_path / (source.stem + ".excalidraw")))
        assert result.returncode == 0, result.stderr
        scene = json.loads((tmp_path / (source.stem + ".excalidraw")).read_text())
        assert scene["type"] == "excalidraw" and scene["elements"]
    assert "note: line 13: the file holds 2 diagrams" in run("export", str(CORPUS / "readme.md"), "--to", "json",
                                                                 "-o", str(tmp_path / "r.json")).stderr


def test_a_json_export_reexports_with_its_version_date_and_critique(tmp_path):
    db = open_store(tmp_path / "sketchfirst.db", clock=lambda: "2026-11-28T09:30:00+00:00")
    doc = SketchDocument(canvas=json.loads((EXAMPLES / "sloppy.canvas.json").read_text()), title="Sloppy")
    design = db.create_design("Sloppy")
    findings = analyze_document(doc).findings
    db.save_version(design, doc, findings)
    db.save_version(design, doc, findings)
    db.save_critique(design, 2, "stress", {"critic": "offline", "model": None, "mode": "stress", "version": 2,
                                            "probes": [{"question": "Who owns the db?", "why_it_matters": "x",
                                                        "targets": ["db"], "category": "bottleneck", "severity": "high"}],
                                            "notes": [], "answers": {"0": "The web tier."}, "rounds": []})
    db.set_decision(design, 2, findings[0].key, "accepted", "Known.")
    first = run("export", "--design", str(design), "--to", "json", "-o", str(tmp_path / "v.json"))
    assert first.returncode == 0, first.stderr
    exported = json.loads((tmp_path / "v.json").read_text())
    assert exported["design"] == {"title": "Sloppy", "version": 2, "saved_at": "2026-11-28T09:30:00+00:00"}
    assert exported["critiques"][0]["answers"] == {"0": "The web tier."}
    assert exported["decisions"] == {findings[0].key: {"status": "accepted", "justification": "Known."}}
    again = run("export", str(tmp_path / "v.json"), "--to", "json", "-o", "-")
    assert again.returncode == 0 and again.stdout == (tmp_path / "v.json").read_text()
    md = run("export", str(tmp_path / "v.json"), "--to", "md", "-o", str(tmp_path / "report.md"))
    assert md.returncode == 0
    report = (tmp_path / "report.md").read_text()
    assert "**Version 2** · saved 2026-11-28" in report and "The web tier." in report and "*accepted*: Known." in report
    assert (tmp_path / "Sloppy-v2.png").exists()


def test_refuses_to_overwrite_its_input(tmp_path):
    path = tmp_path / "design.json"
    path.write_text((EXAMPLES / "chat.canvas.json").read_text())
    result = run("export", str(path), "--to", "json", "-o", str(path))
    assert result.returncode == 2 and "would overwrite the input" in result.stderr
    assert json.loads(path.read_text())["objects"], "the input is untouched"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no/such/file.mmd", "--to", "png"), "no such file"),
        (("--to", "png"), "export needs a PATH, or --design ID"),
        (("tests/mermaid/edges.mmd", "--design", "1", "--to", "png"), "either PATH or --design"),
        (("--design", "99", "--to", "png"), "no saved version"),
    ],
)
def test_bad_requests_exit_2_with_one_line(args, message, tmp_path):
    """In a real process: the exit code and the one line on stderr, as a shell or CI sees them."""
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "export", *args], capture_output=True, text=True,
                            cwd=ROOT, timeout=60,
                            env={**__import__("os").environ, "SKETCHFIRST_DB": str(tmp_path / "x.db")})
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_an_unreadable_mermaid_file_exits_2_with_its_line(tmp_path):
    path = tmp_path / "broken.mmd"
    path.write_text("flowchart LR\n  a --> b\n  b -> c\n")
    for command in ("analyze", "export"):
        extra = ("--to", "png") if command == "export" else ()
        result = run(command, str(path), *extra)
        assert result.returncode == 2
        assert result.stderr.startswith(f"sketchfirst: {path}: line 3: unexpected '-> c'")
        assert result.stdout == ""


def test_export_can_gate_like_analyze(tmp_path):
    result = run("export", str(EXAMPLES / "sloppy.canvas.json"), "--to", "svg", "-o", str(tmp_path), "--fail-on", "high")
    assert result.returncode == 1 and (tmp_path / "sloppy.svg").exists(), "written first, then the gate"


@pytest.mark.parametrize("path", [CORPUS / "microservices.mmd", CORPUS / "readme.md", CORPUS / "ci-pipeline.mmd", SCENE])
def test_analyze_reads_mermaid_markdown_and_excalidraw(path, capsys):
    assert main(["analyze", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"components", "flows", "findings", "groups", "model", "requirements"} and out["components"] and out["flows"]
    ids = {c["id"] for c in out["components"]}
    assert all({f["source"], f["target"]} <= ids for f in out["flows"])


def test_analyze_text_report_shows_import_notes_in_the_files_language(tmp_path, capsys):
    path = tmp_path / "d.mmd"
    path.write_text("flowchart LR\n  a[API] --> b[(DB)]\n  a --> a\n  b --> ext\n  subgraph ext [Partner]\n  end\n")
    assert main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    assert "line 3: both ends of this arrow are on 'api'; ignored" in out
    assert "line 4: 'Partner' is an empty subgraph" in out
    assert "objects[" not in out, "a Mermaid file's notes never name canvas objects"
    assert out.count("line 3: both ends") == 1, "said once, not once by the reader and once by recognition"


def test_a_bundle_from_every_example(tmp_path):
    for name in example_names():
        result = run("export", str(EXAMPLES / name), "--to", "bundle", "-o", str(tmp_path))
        assert result.returncode == 0, result.stderr
        zip_path = Path(result.stdout.strip())
        with zipfile.ZipFile(zip_path) as zf:
            png = next(n for n in zf.namelist() if n.endswith(".png"))
            assert Image.open(io.BytesIO(zf.read(png))).size[0] >= 1280
