"""Stored and imported critiques are read in one place, leniently and within the critique limits.

A critique comes back from a database row anyone can edit, or from a JSON
export anyone can write. Whatever it holds, every export finishes, with its
text cut to the limits Claude's replies get and a note for each thing left
out or cut (issue 14, items 4 and 9). Sizes and notes are asserted, never time.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile

import pytest
from PIL import Image

from cli import main
from critique.models import MAX_ANSWER, MAX_CRITIQUES, MAX_NOTES, MAX_PROBES, MAX_QUESTION, MAX_ROUNDS, MAX_WHY, Mode
from critique.payload import from_payload, previous_answers, read, round_count, to_payload, view, views
from critique.request import request_for
from critique.select import choose_critic
from design.analysis.analyze import analyze_document
from design.exports.formats import FORMATS, bundle_bytes, export_bytes
from design.exports.json_export import json_text
from design.exports.markdown import markdown_report
from design.exports.subject import subject_for
from design.model.document import SketchDocument
from design.readers.dispatch import read_import
from design.store import open_store
from support.paths import load_example

MB = 1_000_000


def _doc() -> SketchDocument:
    return SketchDocument(canvas=load_example("url-shortener.canvas.json"), title="Shortener")


def _offline_payload(doc: SketchDocument) -> dict:
    critique = choose_critic(api_key=None, offline=True).run(request_for(doc, Mode.STRESS, version=1, problems={}))
    return to_payload(critique)


def _export_file(tmp_path, critiques: list) -> tuple:
    """A real JSON export of an example, with ``critiques`` written into it as a hostile tool would."""
    doc = _doc()
    data = json.loads(json_text(subject_for(doc, version=1, saved_at="2026-12-01T10:00:00+00:00")))
    data["critiques"] = critiques
    path = tmp_path / "imported.json"
    path.write_text(json.dumps(data))
    return path, doc


# --- the reader's contract --------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [
    "{not json", b"\xff\xfe", "[1, 2]", [1, 2], 5, None, "", {"probes": 5}, {"notes": 5}, {"rounds": 5},
    {"rounds": [5, "x", None]}, {"answers": [1]}, {"assessments": {"probe": 0}}, {"usage": {"input_tokens": "many"}},
    {"probes": [{"question": 5}, {"question": "ok", "targets": "web", "severity": 3, "category": ["x"]}]},
    {"probes": [{"question": "q", "why_it_matters": {"a": 1}}], "answers": {"0": 7, "x": "y", "-1": "z"}},
    {"cost_usd": "free", "seconds": float("nan"), "version": True, "critic": ["x"], "model": 3, "mode": {}},
    {"assessments": [{"probe": True, "verdict": "holds"}, {"probe": 99, "verdict": "holds"}, {"probe": 0}]},
])
def test_no_payload_makes_the_reader_raise(payload):
    shown = view(payload)
    assert isinstance(shown.rounds, tuple) and isinstance(shown.notes, tuple)
    assert round_count(payload) == len(shown.rounds)
    if not shown.rounds:
        assert shown.notes and shown.notes[0].startswith("Left out a stored critique: ")
    json.dumps(shown.payload, allow_nan=False)  # what the JSON export writes is always valid JSON
    markdown_report(subject_for(_doc(), critiques=[shown]))


def test_an_unreadable_payload_says_why():
    assert view("{not json").notes == ("Left out a stored critique: it is not valid JSON.",)
    assert view([1, 2]).notes == ("Left out a stored critique: it is a list, not an object.",)
    assert view(5).left_out == ("Left out a stored critique: it is 5, not an object.",)


def test_numbers_of_notes_probes_rounds_and_text_are_cut_like_a_reply_with_a_note():
    probe = {"question": "Q " + "x" * MB, "why_it_matters": "w" * MB, "targets": ["web"], "category": "bottleneck",
             "severity": "high"}
    payload = {"critic": "claude", "model": "m" * MB, "mode": "stress", "notes": ["n" * MB] * (MAX_NOTES + 30),
               "probes": [{**probe, "question": f"{i} " + probe["question"]} for i in range(40)],
               "answers": {str(i): "a" * MB for i in range(40)},
               "rounds": [{"critic": "claude", "mode": "stress", "probes": [probe]}] * (MAX_ROUNDS + 7)}
    shown = view(payload)
    first = shown.rounds[0]
    assert len(shown.rounds) == 1 + MAX_ROUNDS
    assert len(first.probes) == MAX_PROBES
    assert all(len(p.question) == MAX_QUESTION and p.question.endswith("…") for p in first.probes)
    assert all(len(p.why_it_matters) <= MAX_WHY for p in first.probes)
    assert all(len(a) == MAX_ANSWER for a in first.answers.values()) and len(first.answers) == MAX_PROBES
    assert len(shown.model or "") <= 200
    assert sum(len(n) for n in first.notes) < 40 * MAX_WHY
    left = "\n".join(shown.left_out)
    assert f"The stored critique holds 40 questions; showing the first {MAX_PROBES}." in left
    assert f"The stored critique holds {MAX_ROUNDS + 7} follow-up rounds; showing the first {MAX_ROUNDS}." in left
    assert f"The stored critique holds {MAX_NOTES + 30} notes; showing the first {MAX_NOTES}." in left
    assert "Clipped question 1: longer than 500 characters for a question or 700 for a reason." in left
    assert f"Clipped {MAX_PROBES} answers longer than {MAX_ANSWER} characters." in left
    assert len(json.dumps(shown.payload)) < 200_000  # the clean payload a JSON export writes is bounded too


def test_more_critiques_than_an_export_shows_are_cut_with_a_note():
    many = [{"critic": "offline", "mode": "stress", "probes": [{"question": f"Q{i}?"}]} for i in range(1000)]
    shown = views(many)
    assert len(shown) == MAX_CRITIQUES == len(Mode)
    assert shown[-1].notes[-1] == f"The design holds 1000 critiques; showing the first {MAX_CRITIQUES}."


def test_a_valid_payload_reads_back_exactly_as_the_critic_wrote_it():
    payload = _offline_payload(_doc())
    assert view(payload).payload == payload
    assert from_payload(payload) == from_payload(json.loads(json.dumps(payload)))
    assert view(payload).left_out == ()
    rounds, notes = read(payload)
    assert len(rounds) == 1 and notes == ()


def test_the_answers_of_the_app_exchange_survive_a_hand_edited_round_list():
    payload = {**_offline_payload(_doc()), "answers": {"0": "A standby takes over."}, "rounds": "oops"}
    assert from_payload(payload).notes[-1] == "Left out the follow-up rounds: they are \"oops\", not a list."
    answered = previous_answers(payload)
    assert answered[0].answer == "A standby takes over."


# --- imported JSON exports (issue 14.4 and 14.9) ----------------------------------------------------


def test_eight_questions_of_a_megabyte_each_export_clipped_with_notes(tmp_path, capsys):
    target = analyze_document(_doc()).sketch.components[0].id
    huge = {"critic": "claude", "model": "claude-haiku-5-5", "mode": "stress", "version": 1, "notes": [],
            "probes": [{"question": f"Q{i} " + "why " * (MB // 4), "why_it_matters": "because " * 2_000,
                        "targets": [target], "category": "bottleneck", "severity": "high"} for i in range(8)],
            "answers": {str(i): "answer " * 2_000 for i in range(8)}}
    path, _ = _export_file(tmp_path, [huge])
    assert path.stat().st_size > 8 * MB

    out = tmp_path / "out"
    assert main(["export", str(path), "--to", "md", "-o", f"{out}/"]) == 0
    err = capsys.readouterr().err
    assert err.count("note: Clipped question") == 8
    assert "note: Clipped 8 answers longer than 5000 characters." in err
    (md,) = out.glob("*.md")
    (png,) = out.glob("*.png")
    text = md.read_text()
    assert len(text) < 8 * (MAX_QUESTION + MAX_WHY + MAX_ANSWER) + 50_000
    assert "> Clipped question 1: longer than 500 characters for a question or 700 for a reason." in text
    assert text.count("**Q") == 8
    with Image.open(png) as image:
        width, height = image.size
    assert width * height < 16_000_000 and png.stat().st_size < 5 * MB
    # The PNG alone, through the same path: the legend holds clipped questions, not megabytes.
    assert main(["export", str(path), "--to", "png", "-o", str(tmp_path / "alone.png")]) == 0
    assert (tmp_path / "alone.png").stat().st_size == png.stat().st_size


def test_a_hundred_thousand_critiques_in_one_export_are_cut_with_a_note(tmp_path, capsys):
    one = {"critic": "offline", "mode": "stress", "probes": [{"question": "Who fails over?"}]}
    path, _ = _export_file(tmp_path, [one] * 100_000)
    out = tmp_path / "r.md"
    assert main(["export", str(path), "--to", "md", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"note: The design holds 100000 critiques; showing the first {MAX_CRITIQUES}." in err
    text = out.read_text()
    assert text.count("### Stress test") == MAX_CRITIQUES
    assert f"The design holds 100000 critiques; showing the first {MAX_CRITIQUES}." in text
    assert main(["export", str(path), "--to", "json", "-o", str(tmp_path / "again.json")]) == 0
    assert len(json.loads((tmp_path / "again.json").read_text())["critiques"]) == MAX_CRITIQUES


def test_notes_that_are_a_number_in_an_import_still_export_every_format(tmp_path, capsys):
    payload = {**_offline_payload(_doc()), "notes": 5}
    path, _ = _export_file(tmp_path, [payload])
    read = read_import(path.name, path.read_bytes())
    subject = subject_for(read.document, version=1, critiques=views(read.critiques))
    for fmt in FORMATS:
        assert export_bytes(subject, fmt), fmt
    with zipfile.ZipFile(io.BytesIO(bundle_bytes(subject))) as zf:
        md = next(zf.read(n).decode() for n in zf.namelist() if n.endswith(".md"))
    assert "Left out the critique's notes: they are 5, not a list." in md
    for fmt in ("md", "svg", "png", "bundle"):
        assert main(["export", str(path), "--to", fmt, "-o", str(tmp_path / f"x.{fmt}")]) == 0, fmt
        assert "note: Left out the critique's notes: they are 5, not a list." in capsys.readouterr().err


# --- hand-edited rows in a real SQLite file ---------------------------------------------------------


@pytest.mark.parametrize("row, said", [
    ("{\"critic\": \"offline\", \"probes\": [", "it is not valid JSON"),
    ("[1, 2, 3]", "it is a list, not an object"),
])
def test_a_hand_edited_critique_row_still_exports_and_says_what_it_left_out(tmp_path, capsys, monkeypatch, row, said):
    db_path = tmp_path / "edited.db"
    monkeypatch.setenv("SKETCHFIRST_DB", str(db_path))
    db = open_store(db_path)
    doc = _doc()
    design = db.create_design("Shortener")
    db.save_version(design, doc, analyze_document(doc).findings)
    good = db.save_critique(design, 1, "harder", {**_offline_payload(doc), "mode": "harder"})
    bad = db.save_critique(design, 1, "stress", _offline_payload(doc))
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE critiques SET payload = ? WHERE id = ?", (row, bad))
    raw.close()
    assert good and db.find_critique(design, 1, "stress") is not None
    for fmt in ("md", "json", "png", "bundle"):
        out = tmp_path / f"export.{fmt}"
        assert main(["export", "--design", str(design), "--to", fmt, "-o", str(out)]) == 0, fmt
        assert f"note: Left out a stored critique: {said}." in capsys.readouterr().err
    text = (tmp_path / "export.md").read_text()
    assert "### Harder variant · offline critic" in text and f"Left out a stored critique: {said}." in text
    exported = json.loads((tmp_path / "export.json").read_text())
    assert [c["mode"] for c in exported["critiques"]] == ["harder"]
