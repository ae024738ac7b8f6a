"""``sketchfirst critique``: the same critics from a terminal, with the documented JSON contract."""

from __future__ import annotations

import json

import pytest

from cli import main
from design.model.document import SketchDocument, dumps
from support.anthropic_stub import StubAPI, good, status
from support.critique_designs import DESIGNS, EXAMPLES, recorded_examples
from support.paths import ROOT

FAKE_KEY = "sk-ant-FAKE-cli-0123456789abcdef"


@pytest.fixture
def design_file(tmp_path):
    path = tmp_path / "shop.canvas.json"
    path.write_text(json.dumps(DESIGNS["minimal"]))
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_offline_json_contract(design_file, capsys):
    code, out, err = run(capsys, "critique", str(design_file), "--offline", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert list(data) == ["critic", "model", "mode", "probes", "notes"]
    assert data["critic"] == "offline" and data["model"] is None and data["mode"] == "stress" and data["notes"] == []
    _, analysis, _ = run(capsys, "analyze", str(design_file), "--format", "json")
    ids = {c["id"] for c in json.loads(analysis)["components"]} | {f["id"] for f in json.loads(analysis)["flows"]}
    for p in data["probes"]:
        assert list(p) == ["question", "why_it_matters", "targets", "category", "severity"]
        assert set(p["targets"]) <= ids | {"design"}


@pytest.mark.parametrize("mode", ["stress", "followup", "harder", "estimates"])
def test_every_mode_on_every_recorded_example(mode, capsys):
    for name in recorded_examples():
        code, out, _ = run(capsys, "critique", str(EXAMPLES / name), "--mode", mode, "--format", "json")
        assert code == 0
        data = json.loads(out)
        assert data["mode"] == mode and data["probes"]


def test_no_key_says_so_in_notes(design_file, capsys):
    code, out, _ = run(capsys, "critique", str(design_file), "--format", "json")
    assert code == 0 and json.loads(out)["notes"] == ["No ANTHROPIC_API_KEY is set, so this is the offline critique."]


def test_text_format(design_file, capsys):
    code, out, _ = run(capsys, "critique", str(design_file), "--mode", "followup")
    assert code == 0
    assert out.startswith(f"{design_file}: Interviewer follow-ups by the offline critic, ")
    assert "\nQ1. [" in out and "     why: " in out and "     about: " in out
    assert "notes:\n  No ANTHROPIC_API_KEY is set" in out


def test_claude_through_the_environment(design_file, capsys, monkeypatch):
    with StubAPI() as api:
        api.push(good([{"question": "What happens when Postgres dies?", "why_it_matters": "Data.",
                        "targets": ["postgres", "nope"], "category": "durability", "severity": "high"}]))
        monkeypatch.setenv("ANTHROPIC_API_KEY", FAKE_KEY)
        monkeypatch.setenv("ANTHROPIC_BASE_URL", api.url)
        monkeypatch.setenv("SKETCHFIRST_MODEL", "claude-opus-5-5")
        code, out, err = run(capsys, "critique", str(design_file), "--format", "json")
        assert api.messages[0]["body"]["model"] == "claude-opus-5-5"
    data = json.loads(out)
    assert code == 0 and data["critic"] == "claude" and data["model"] == "claude-opus-5-5"
    assert data["probes"][0]["targets"] == ["postgres"]
    assert data["notes"] == ["Dropped unknown target 'nope' from probe 1."]
    assert FAKE_KEY not in out + err


def test_offline_flag_wins_over_a_key(design_file, capsys, monkeypatch):
    with StubAPI() as api:
        monkeypatch.setenv("ANTHROPIC_API_KEY", FAKE_KEY)
        monkeypatch.setenv("ANTHROPIC_BASE_URL", api.url)
        code, out, _ = run(capsys, "critique", str(design_file), "--offline", "--format", "json")
        assert api.requests == []
    assert code == 0 and json.loads(out)["critic"] == "offline"


def test_fallback_exits_zero_and_says_why(design_file, capsys, monkeypatch):
    with StubAPI(default=status(529, "overloaded_error")) as api:
        monkeypatch.setenv("ANTHROPIC_API_KEY", FAKE_KEY)
        monkeypatch.setenv("ANTHROPIC_BASE_URL", api.url)
        code, out, err = run(capsys, "critique", str(design_file), "--format", "json")
        assert len(api.messages) == 2  # one retry, then the fallback
    data = json.loads(out)
    assert code == 0 and data["critic"] == "offline" and data["probes"]
    assert data["notes"][0].startswith("Claude was not used: the API is overloaded (529)")
    assert FAKE_KEY not in out + err


def test_saved_document_uses_its_problem_and_estimates(tmp_path, capsys):
    doc = SketchDocument(canvas=DESIGNS["shortener"], title="Links", problem="url-shortener",
                         estimates={"daily_users": 1000, "requests_per_user": 5})
    path = tmp_path / "links.json"
    path.write_text(dumps(doc))
    code, out, _ = run(capsys, "critique", str(path), "--mode", "estimates", "--offline", "--format", "json")
    questions = " ".join(p["question"] for p in json.loads(out)["probes"])
    assert code == 0 and "The problem states daily users of about 20M" in questions


def test_unknown_problem_is_noted(tmp_path, capsys):
    path = tmp_path / "odd.json"
    path.write_text(dumps(SketchDocument(canvas=DESIGNS["minimal"], problem="time-machine")))
    code, out, _ = run(capsys, "critique", str(path), "--offline", "--format", "json")
    assert code == 0 and json.loads(out)["notes"] == ["Unknown problem 'time-machine': critiqued without its checklist."]


def test_unreadable_input_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, out, err = run(capsys, "critique", str(bad))
    assert code == 2 and out == "" and err.startswith(f"sketchfirst: {bad}: line 1: not valid JSON")
    code, _, err = run(capsys, "critique", str(tmp_path / "missing.json"))
    assert code == 2 and "no such file" in err


def test_bad_mode_is_a_usage_error(design_file, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["critique", str(design_file), "--mode", "gentle"])
    assert exc.value.code == 2
    assert "invalid choice: 'gentle'" in capsys.readouterr().err


def test_readme_documents_the_critic_configuration_and_every_critique_option():
    """What a user must set or type is in the README: every variable the shells read, every critique flag."""
    import re

    from cli import build_parser

    root = ROOT
    readme = (root / "README.md").read_text()
    # The shells read the environment; the store reads the mapping they pass in (SKETCHFIRST_DB).
    sources = "".join((root / f).read_text() for f in ("app.py", "cli.py", "design/store/location.py"))
    variables = set(re.findall(r'environ\.get\("(SKETCHFIRST_[A-Z_]+|ANTHROPIC_[A-Z_]+)"', sources))
    assert {"ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "SKETCHFIRST_MODEL", "SKETCHFIRST_DB"} <= variables
    assert [v for v in sorted(variables) if not re.search(rf"\b{v}\b", readme)] == []

    sub = next(a for a in build_parser()._actions if a.dest == "command").choices["critique"]
    flags = [s for a in sub._actions for s in a.option_strings if s.startswith("--") and s != "--help"]
    assert set(flags) >= {"--mode", "--offline", "--deep", "--format"}
    assert [f for f in flags if f"`{f}" not in readme] == []
    modes = next(a for a in sub._actions if a.dest == "mode").choices
    assert "--mode " + "|".join(modes) in readme
    assert "sketchfirst critique" in readme


def test_the_level_flag_sets_the_critics_depth(tmp_path, capsys):
    path = tmp_path / "shortener.canvas.json"
    path.write_text(json.dumps(DESIGNS["shortener"]))
    asked = {}
    for level in ("mid", "senior", "staff"):
        code, out, _ = run(capsys, "critique", str(path), "--offline", "--level", level, "--format", "json")
        assert code == 0
        asked[level] = [p["question"] for p in json.loads(out)["probes"]]
    assert len(asked["mid"]) < len(asked["senior"]) < len(asked["staff"])
    assert any(q.startswith("Take away the region") for q in asked["staff"])
    assert not any(q.startswith("Take away the region") for q in asked["mid"] + asked["senior"])
    with pytest.raises(SystemExit):
        main(["critique", str(path), "--level", "principal"])
