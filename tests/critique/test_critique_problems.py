"""The problem bank: the classic problems load, and bad problem files (schema 1 and 2) fail loudly and precisely."""

from __future__ import annotations

import copy
import json
import string

import pytest

from critique.models import PROBE_CATEGORIES
from critique.problems import SCALE_KEYS, Problem, ProblemError, load_problem, load_problems, parse_problem
from support.paths import ROOT

BANK = ROOT / "examples" / "problems"
REQUIRED = {
    "url-shortener": "URL shortener",
    "pastebin": "Pastebin",
    "news-feed": "News feed",
    "chat": "Chat",
    "notification-system": "Notification",
    "rate-limiter": "rate limiter",
    "web-crawler": "crawler",
    "video-streaming": "Video",
    "ride-matching": "Ride",
    "distributed-cache": "cache",
    "search-autocomplete": "autocomplete",
    "payment-ledger": "ledger",
}


@pytest.fixture(scope="module")
def bank() -> dict[str, Problem]:
    return load_problems(BANK)


def test_the_twelve_classic_problems_are_there(bank):
    assert set(REQUIRED) <= set(bank)
    for pid, word in REQUIRED.items():
        assert word.lower() in bank[pid].title.lower(), pid


def test_ordered_by_title(bank):
    titles = [p.title.lower() for p in bank.values()]
    assert titles == sorted(titles)


def test_each_problem_is_complete(bank):
    for p in bank.values():
        assert p.prompt and p.functional and p.non_functional, p.id
        assert set(p.scale) <= set(SCALE_KEYS) and p.scale, p.id
        assert len(p.concerns) >= 5, p.id
        assert 1 <= len(p.variants) <= 2, p.id
        for c in p.concerns:
            assert c.category in PROBE_CATEGORIES and (c.look_for.kinds or c.look_for.keywords)
            c.missing.format()
            assert "{name}" in c.present, (p.id, c.id)
            c.present.format(name="X")
        for v in p.variants:
            assert len(v.questions) >= 2
            for q in v.questions:
                q.text.format(name="X")


def test_examples_refer_to_problems_that_exist(bank):
    index = BANK.parent / "index.json"
    if not index.exists():
        pytest.skip("no recorded examples yet")
    for entry in json.loads(index.read_text()):
        if entry.get("problem"):
            assert entry["problem"] in bank, entry


def _good() -> dict:
    return json.loads((BANK / "pastebin.json").read_text())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(extra=1), "pastebin.json: extra: unknown field"),
        (lambda d: d.pop("prompt"), "pastebin.json: prompt: missing"),
        (lambda d: d.update(title=""), "pastebin.json: title: expected non-empty text"),
        (lambda d: d.update(id="Paste Bin"), "pastebin.json: id: 'Paste Bin' is not a lowercase slug"),
        (lambda d: d["scale"].update(daily_users=-5), "pastebin.json: scale.daily_users: expected a positive number"),
        (lambda d: d["scale"].update(my_read_qps=5), "pastebin.json: scale.my_read_qps: unknown field"),
        (lambda d: d["concerns"][2]["look_for"]["kinds"].append("fridge"),
         'pastebin.json: concerns[2].look_for.kinds[1]: unknown kind "fridge"'),
        (lambda d: d["concerns"][1].update(category="vibes"), "pastebin.json: concerns[1].category: unknown category 'vibes'"),
        (lambda d: d["concerns"][0].update(severity="critical"), "pastebin.json: concerns[0].severity: expected one of"),
        (lambda d: d["concerns"][0].update(present="What about {thing}?"),
         "pastebin.json: concerns[0].present: unknown placeholder {thing}"),
        (lambda d: d["concerns"][0].update(missing="What does {name} do?"),
         "pastebin.json: concerns[0].missing: unknown placeholder {name} (no component to name here)"),
        (lambda d: d["concerns"][0].update(present="Broken {name"), "pastebin.json: concerns[0].present: broken placeholder"),
        (lambda d: d["concerns"][1].update(id=d["concerns"][0]["id"]), "pastebin.json: concerns[1].id:"),
        (lambda d: d["concerns"][0].update(look_for={}), "pastebin.json: concerns[0].look_for: give kinds or keywords"),
        (lambda d: d.update(concerns=d["concerns"][:2]), "pastebin.json: concerns: expected at least 3 entries"),
        (lambda d: d.update(variants=[]), "pastebin.json: variants: expected at least 1 entries"),
        (lambda d: d.update(variants=d["variants"] * 3), "pastebin.json: variants: give one or two twists"),
        (lambda d: d["variants"][0]["questions"][0].update(kinds=["database"], text="{nope}"),
         "pastebin.json: variants[0].questions[0].text: unknown placeholder {nope}"),
        (lambda d: d.update(functional="all of it"), "pastebin.json: functional: expected a list"),
    ],
)
def test_strict_validation_names_the_file_and_field(mutate, message):
    data = copy.deepcopy(_good())
    mutate(data)
    with pytest.raises(ProblemError) as err:
        parse_problem(data, "pastebin.json")
    assert str(err.value).startswith(message), str(err.value)


def test_the_unmodified_file_parses():
    assert parse_problem(_good(), "pastebin.json").id == "pastebin"


def _ref(d: dict) -> dict:
    return d["reference"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(schema=3), "pastebin.json: schema: version 3 is newer than this Sketchfirst understands (2)"),
        (lambda d: d.update(schema="2"), "pastebin.json: schema: expected a whole number"),
        (lambda d: d.pop("reference"), "pastebin.json: reference: missing (schema 2 requires it)"),
        (lambda d: d.pop("estimates"), "pastebin.json: estimates: missing (schema 2 requires it)"),
        (lambda d: d["functional"].append("a plain line"), "pastebin.json: functional[3]: expected an object"),
        (lambda d: d["non_functional"][0].update(keywords=[]),
         "pastebin.json: non_functional[0].keywords: expected at least 1 entries"),
        (lambda d: d["functional"][1].pop("text"), "pastebin.json: functional[1].text: missing"),
        (lambda d: d.update(practises=["vibes"]), "pastebin.json: practises[0]: unknown phase \"vibes\""),
        (lambda d: d.update(practises=["estimates", "estimates"]), "pastebin.json: practises[1]: 'estimates' appears twice"),
        (lambda d: d["estimates"].update(tolerance=50), "pastebin.json: estimates.tolerance: expected a factor from 1.1 to 10"),
        (lambda d: d["estimates"]["figures"].pop("peak_read_qps"), "pastebin.json: estimates.figures.peak_read_qps: missing"),
        (lambda d: d["estimates"]["figures"].update(daily_users=1), "pastebin.json: estimates.figures.daily_users: differs"),
        (lambda d: d["estimates"]["figures"].update(vibes=1), "pastebin.json: estimates.figures.vibes: unknown field"),
        (lambda d: d["estimates"]["working"][0].update(step="guesswork"),
         "pastebin.json: estimates.working[0].step: unknown step 'guesswork'"),
        (lambda d: d["estimates"]["working"].reverse(), "pastebin.json: estimates.working: steps out of order"),
        (lambda d: d["estimates"]["working"][2].update(value=-1), "pastebin.json: estimates.working[2].value: expected a positive number"),
        (lambda d: _ref(d).pop("summary"), "pastebin.json: reference.summary: missing"),
        (lambda d: _ref(d)["components"][1].update(kind="fridge"), 'pastebin.json: reference.components[1].kind: unknown kind "fridge"'),
        (lambda d: _ref(d)["components"][1].update(kind="database"),
         "pastebin.json: reference.components[1].label: 'CDN (public pastes)' reads as cdn, not database"),
        (lambda d: _ref(d)["components"][2].update(label=_ref(d)["components"][0]["label"]),
         "pastebin.json: reference.components[2].label: 'Users' appears twice"),
        (lambda d: _ref(d)["components"][2].update(at=[1, 2, 3]), "pastebin.json: reference.components[2].at: expected [column, row]"),
        (lambda d: _ref(d)["components"][2].update(at=[99, 0]), "pastebin.json: reference.components[2].at[0]: expected a grid position"),
        (lambda d: _ref(d)["components"][2].update(at=_ref(d)["components"][0]["at"]),
         "pastebin.json: reference.components[2].at: another component already sits at"),
        (lambda d: _ref(d)["components"][3].pop("why"), "pastebin.json: reference.components[3].why: missing"),
        (lambda d: _ref(d).update(flows=_ref(d)["flows"] * 10), "pastebin.json: reference.flows: at most 80 entries, got 110"),
        (lambda d: _ref(d)["flows"][0].update(to="Nowhere"), "pastebin.json: reference.flows[0].to: no component is labelled 'Nowhere'"),
        (lambda d: _ref(d)["flows"][0].update(to=_ref(d)["flows"][0]["from"]), "pastebin.json: reference.flows[0]: a flow from"),
        (lambda d: _ref(d).update(explained_findings=[{"rule": "NOPE1", "reason": "x"}]),
         "pastebin.json: reference.explained_findings[0].rule: unknown rule 'NOPE1'"),
        (lambda d: _ref(d).update(explained_findings=[{"rule": "SPOF001", "component": "Ghost", "reason": "x"}]),
         "pastebin.json: reference.explained_findings[0].component: no component is labelled 'Ghost'"),
        (lambda d: _ref(d).update(explained_findings=[{"rule": "SPOF001"}]),
         "pastebin.json: reference.explained_findings[0].reason: missing"),
    ],
)
def test_strict_validation_of_the_schema_2_parts(mutate, message):
    data = copy.deepcopy(_good())
    mutate(data)
    with pytest.raises(ProblemError) as err:
        parse_problem(data, "pastebin.json")
    assert str(err.value).startswith(message), str(err.value)


def test_a_schema_1_file_still_loads_without_the_new_parts():
    """Old problem files keep working: plain checklist lines, no estimates, no reference."""
    data = copy.deepcopy(_good())
    for key in ("schema", "estimates", "practises", "reference"):
        data.pop(key)
    data["functional"] = [item["text"] for item in data["functional"]]
    data["non_functional"] = [item["text"] for item in data["non_functional"]]
    p = parse_problem(data, "pastebin.json")
    assert p.schema == 1 and p.reference is None and p.estimates is None and p.practises == ()
    assert p.functional == tuple(data["functional"]) and all(not c.keywords for c in p.checklist)
    data["reference"] = _good()["reference"]  # schema 1 may already carry the new parts
    assert parse_problem(data, "pastebin.json").reference is not None


def test_file_level_errors(tmp_path):
    (tmp_path / "broken.json").write_text('{"id": "broken",\n  oops}')
    with pytest.raises(ProblemError, match=r"^broken.json: line 2: not valid JSON"):
        load_problem(tmp_path / "broken.json")
    good = _good()
    (tmp_path / "other-name.json").write_text(json.dumps(good))
    with pytest.raises(ProblemError, match=r"other-name.json: id: 'pastebin' does not match the file name"):
        load_problem(tmp_path / "other-name.json")
    with pytest.raises(ProblemError, match="cannot read the problem bank"):
        load_problems(tmp_path / "missing")
    with pytest.raises(ProblemError, match=r"^broken.json"):
        load_problems(tmp_path)  # one bad file fails the whole bank, by name


def test_a_directory_of_valid_files(tmp_path):
    (tmp_path / "pastebin.json").write_text(json.dumps(_good()))
    (tmp_path / "notes.txt").write_text("not a problem")
    assert list(load_problems(tmp_path)) == ["pastebin"]


def test_templates_use_only_known_placeholders(bank):
    for p in bank.values():
        for c in p.concerns:
            assert {f for _, f, _, _ in string.Formatter().parse(c.present) if f} == {"name"}
